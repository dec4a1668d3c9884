"""A virtual twin: the meal-model subject whose fasting state matches two fasting numbers [book rule].

Given a fasting plasma glucose (mg/dL) and a fasting insulin (µU/mL), :func:`calibrate` sets two knobs of the
Dalla Man 2007 meal model (:mod:`metabolism.meal`) and :func:`meal_response` runs the twin through a meal.

1. **Subject.** Fasting glucose below 126 mg/dL (the ADA diabetes cut-off) uses the model's healthy subject,
   126 mg/dL and above its subject with type 2 diabetes (:func:`subject_for`). The model has no subject in
   between, so the twin jumps at 126 mg/dL.
2. **Muscle from HOMA-IR.** ``glut4`` = HOMA-IR of the subject's own fasting state ÷ the reader's HOMA-IR,
   clipped to the knob range 0.2–2.0 (:func:`glut4_from_homa`). A book rule, not a fitted model: HOMA-IR
   follows clamp sensitivity across people (Matthews et al. 1985), but one fasting sample cannot say which
   tissue is resistant.
3. **Liver to match glucose.** ``hepatic_output`` (0.5–2.0) is the root of
   ``model fasting glucose(glut4, hepatic_output) − reader's glucose``. The model's fasting glucose rises
   strictly with hepatic output and falls strictly with GLUT4, so the root is unique and found by bracketed
   bisection (``brentq``) to 1e-9 of a knob unit: the same numbers on every machine, whatever the BLAS or
   thread count (no least-squares fit, no random start). If no hepatic output in range matches, the liver
   stays at the end of its range that helps and GLUT4 is solved instead, away from the HOMA-IR value, in the
   direction that helps. If that fails too the twin is *not matched* and :attr:`Twin.message` says why.

The twin matches glucose, not insulin: in this meal model fasting insulin follows fasting glucose through a
fixed β-cell, so :attr:`Twin.insulin_uU_mL` (the twin's own fasting insulin) may differ from the reader's.
Educational, not medical advice.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.optimize import brentq

from . import indices, meal, units
from ._validate import choice, in_range, short_repr
from .knobs import KNOBS
from .scenarios import PRESETS

__all__ = ["Twin", "calibrate", "reference_twin", "meal_response", "subject_for", "glut4_from_homa", "subject_fasting",
           "WHAT_IFS", "SUBJECT_CUTOFF_MGDL", "PAPER_MEAL_G", "PAPER_BODY_WEIGHT_KG", "T_END_MIN",
           "SUBJECT_NAMES"]

#: fasting glucose (mg/dL) from which the twin uses the model's T2D subject: the ADA diabetes cut-off
SUBJECT_CUTOFF_MGDL = indices.ADA_CUTOFFS["fasting"][-1]
#: the meal of the published model figure (Dalla Man 2007, Fig. 1): 105.9 g glucose at 78 kg (≈1.36 g/kg),
#: the load of the measured mean ± SD of 204 healthy adults [book inference from the paper's curves]
PAPER_MEAL_G = 105.9
PAPER_BODY_WEIGHT_KG = 78.0
#: length of the meal run, min
T_END_MIN = 300.0
#: what the reader sees for each model subject
SUBJECT_NAMES = {"normal": "healthy", "t2d": "type 2 diabetes"}
#: the what-ifs of the twin: reader's name -> preset of :mod:`metabolism.scenarios` whose knob values
#: multiply the twin's (``None``: the twin as entered). Exercise training: GLUT4 ×1.25 (Romeres 2021);
#: metformin: hepatic output ×0.76 (Hundal 2000).
WHAT_IFS = {"as entered": None, "exercise training": "exercise_trained", "metformin": "metformin"}

_G4 = (KNOBS["glut4"].lo, KNOBS["glut4"].hi)
_HO = (KNOBS["hepatic_output"].lo, KNOBS["hepatic_output"].hi)
_XTOL = 1e-9


@dataclass(frozen=True)
class Twin:
    """Result of :func:`calibrate`.

    ``fpg_mgdl`` and ``fpi_uU_mL`` echo the input; ``subject`` is ``"normal"`` or ``"t2d"``;
    ``glut4_homa`` is GLUT4 from HOMA-IR (step 2, before any move). When ``matched``: ``glut4`` and
    ``hepatic_output`` are the twin's knobs (× reference) and ``glucose_mgdl`` (= the input to 1e-6 mg/dL)
    and ``insulin_uU_mL`` its own fasting state. When not matched those four are ``None`` and
    ``message`` says which fasting glucoses the subject can reach.
    """

    fpg_mgdl: float
    fpi_uU_mL: float
    subject: str
    matched: bool
    glut4_homa: float
    glut4: float | None = None
    hepatic_output: float | None = None
    glucose_mgdl: float | None = None
    insulin_uU_mL: float | None = None
    message: str = ""

    @property
    def knobs(self) -> dict:
        """``{"glut4": …, "hepatic_output": …}`` for :func:`metabolism.meal.simulate` (empty if not matched)."""
        return {"glut4": self.glut4, "hepatic_output": self.hepatic_output} if self.matched else {}


def subject_for(fpg_mgdl) -> str:
    """Model subject of a twin with fasting glucose ``fpg_mgdl`` (mg/dL, 10–1500): ``"t2d"`` from 126 mg/dL
    (:data:`SUBJECT_CUTOFF_MGDL`), else ``"normal"``."""
    g = in_range("fpg_mgdl", fpg_mgdl, *indices.GLUCOSE_RANGE_MGDL, unit="mg/dL")
    return "t2d" if g >= SUBJECT_CUTOFF_MGDL else "normal"


def subject_fasting(subject: str = "normal", glut4: float = 1.0, hepatic_output: float = 1.0) -> tuple:
    """Model fasting ``(glucose mg/dL, insulin µU/mL)`` of ``subject`` with the two twin knobs (× reference;
    glut4 0.2–2.0, hepatic_output 0.5–2.0)."""
    choice("subject", subject, tuple(SUBJECT_NAMES))
    f = meal.fasting_state(subject, {"glut4": glut4, "hepatic_output": hepatic_output})
    return float(f.G), float(units.pmol_to_uU(f.I))


def glut4_from_homa(fpg_mgdl, fpi_uU_mL, subject: str | None = None) -> float:
    """GLUT4 knob from HOMA-IR: the subject's own HOMA-IR ÷ the reader's, clipped to 0.2–2.0.

    ``fpg_mgdl`` fasting glucose, mg/dL (10–1500); ``fpi_uU_mL`` fasting insulin, µU/mL (0.1–1000);
    ``subject`` defaults to :func:`subject_for` ``(fpg_mgdl)``. Dimensionless (× reference).
    """
    reader = indices.homa_ir(fpg_mgdl, fpi_uU_mL)
    subject = subject_for(fpg_mgdl) if subject is None else choice("subject", subject, tuple(SUBJECT_NAMES))
    own = indices.homa_ir(*subject_fasting(subject))
    return float(min(max(own / reader, _G4[0]), _G4[1]))


def calibrate(fpg_mgdl, fpi_uU_mL) -> Twin:
    """The virtual twin of a fasting glucose ``fpg_mgdl`` (mg/dL, 10–1500) and insulin ``fpi_uU_mL``
    (µU/mL, 0.1–1000): subject, GLUT4 from HOMA-IR, hepatic output solved so that the model's fasting
    glucose equals ``fpg_mgdl`` (see the module docstring). Bad input raises ``ValueError`` naming the
    argument; a glucose the model cannot reach returns ``Twin(matched=False, message=...)``."""
    g = in_range("fpg_mgdl", fpg_mgdl, *indices.GLUCOSE_RANGE_MGDL, unit="mg/dL")
    i = in_range("fpi_uU_mL", fpi_uU_mL, *indices.INSULIN_RANGE_UU_ML, unit="µU/mL")
    return _calibrate(g, i)


@lru_cache(maxsize=1024)
def _calibrate(g, i):
    subject = subject_for(g)
    wanted = glut4_from_homa(g, i, subject)
    gap = lambda g4, ho: subject_fasting(subject, g4, ho)[0] - g   # noqa: E731  (rises with ho, falls with g4)
    g4, ho = wanted, None
    if gap(wanted, _HO[0]) <= 0 <= gap(wanted, _HO[1]):
        ho = _root(lambda h: gap(wanted, h), *_HO)
    elif gap(wanted, _HO[0]) > 0 and gap(_G4[1], _HO[0]) <= 0:      # too high even with the liver at its lowest
        ho, g4 = _HO[0], _root(lambda x: gap(x, _HO[0]), wanted, _G4[1])
    elif gap(wanted, _HO[1]) < 0 and gap(_G4[0], _HO[1]) >= 0:      # too low even with the liver at its highest
        ho, g4 = _HO[1], _root(lambda x: gap(x, _HO[1]), _G4[0], wanted)
    if ho is None:
        lo, hi = subject_fasting(subject, _G4[1], _HO[0])[0], subject_fasting(subject, _G4[0], _HO[1])[0]
        return Twin(g, i, subject, False, wanted, message=(
            f"No twin: with GLUT4 in {_G4[0]:g}–{_G4[1]:g} and hepatic output in {_HO[0]:g}–{_HO[1]:g}, the "
            f"model's {SUBJECT_NAMES[subject]} subject has a fasting glucose of {lo:.0f}–{hi:.0f} mg/dL, "
            f"not {g:g} mg/dL."))
    G, I = subject_fasting(subject, g4, ho)
    return Twin(g, i, subject, True, wanted, float(g4), float(ho), G, I)


def reference_twin(subject: str = "normal") -> Twin:
    """The model subject itself as a twin: both knobs ×1, its own fasting glucose (mg/dL) and insulin
    (µU/mL) as input (``subject`` "normal" or "t2d"). :func:`meal_response` of it is the reference curve."""
    G, I = subject_fasting(subject)
    return Twin(G, I, subject, True, 1.0, 1.0, 1.0, G, I)


def _root(f, a, b):
    fa = f(a)
    if fa == 0:
        return float(a)
    return float(brentq(f, a, b, xtol=_XTOL, rtol=4 * np.finfo(float).eps, maxiter=200))


def meal_response(twin: Twin, what_if: str = "as entered") -> dict:
    """The twin after the paper-figure meal (:data:`PAPER_MEAL_G` g at :data:`PAPER_BODY_WEIGHT_KG` kg,
    :data:`T_END_MIN` min), optionally with a what-if of :data:`WHAT_IFS` multiplying its knobs (clipped to
    the knob ranges).

    Returns ``t`` (min), ``G`` (mg/dL), ``I`` (pmol/L), ``knobs``, ``fasting_mgdl``, ``peak_mgdl``,
    ``glucose_2h_mgdl`` (glucose 120 min after the meal) and ``peak_insulin_pmolL``. ``twin`` must be a
    matched :class:`Twin` (else ``ValueError``).
    """
    if not isinstance(twin, Twin):
        raise ValueError(f"twin={short_repr(twin)} must be a Twin from twin.calibrate()")
    if not twin.matched:
        raise ValueError(f"twin is not matched, so it has no meal response: {twin.message}")
    preset = WHAT_IFS[choice("what_if", what_if, tuple(WHAT_IFS))]
    r = _meal_response(twin.subject, twin.glut4, twin.hepatic_output, preset)
    return {k: (v.copy() if hasattr(v, "copy") else v) for k, v in r.items()}


@lru_cache(maxsize=512)
def _meal_response(subject, glut4, hepatic_output, preset):
    factor = PRESETS[preset]["knobs"] if preset else {}
    knobs = {"glut4": min(glut4 * factor.get("glut4", 1.0), _G4[1]),
             "hepatic_output": max(hepatic_output * factor.get("hepatic_output", 1.0), _HO[0])}
    r = meal.simulate(subject, knobs, meals=[(0, PAPER_MEAL_G)], body_weight=PAPER_BODY_WEIGHT_KG,
                      t_end=T_END_MIN)
    return {"t": r.t, "G": r.G, "I": r.I, "knobs": knobs, "fasting_mgdl": float(r.G[0]),
            "peak_mgdl": float(r.G.max()), "glucose_2h_mgdl": float(np.interp(120, r.t, r.G)),
            "peak_insulin_pmolL": float(r.I.max())}
