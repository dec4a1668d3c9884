"""Cell-level GLUT4 translocation: the "key in the lock" at the muscle cell.

Thin facade over :mod:`metabolism.models.sedaghat2002` (Sedaghat, Sherman & Quon 2002,
Am J Physiol Endocrinol Metab 283:E1084; BIOMD0000000137, GLUT4 sub-model only).

How the inputs combine (appendix/knobs.md and appendix/glut4.md) [book]::

    Effect(I) = I²/(330² + I²)                     I in pmol/L, half-maximal ≈ 55 µU/mL
    D         = g·Effect + 0.05·contraction          translocation drive
    k13'      = (40/60 − 4/96)·k−13·D

``g`` is the ``glut4`` knob. It multiplies the insulin signal once, inside D, which is the
appendix/knobs.md contract k13' = g·(40/60 − 4/96)·k−13·Effect; nothing else multiplies by g, so the knob is
never applied twice. Contraction (AMPK) adds 0.05 per unit and is *not* scaled by g: at rest
(no insulin) contraction = 1 raises the surface fraction by ≈70 % (Kennedy 1999: +71 % controls,
+74 % T2D), and that rise is the same at every g — contraction-stimulated translocation is
preserved in insulin resistance.

``effect=`` arguments always mean the paper's signalling Effect ∈ [0, 1] (before the knob);
:func:`effect` returns the drive D (after the knob), which can exceed 1 when g > 1.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from . import knobs as _knobs
from ._readonly import freeze
from ._validate import array_in_range, in_range, size_at_most
from .models import sedaghat2002 as _sd
from .models.sedaghat2002 import GLUT4State, GLUT4Trajectory

__all__ = ["steady_state", "effect", "insulin_effect", "simulate", "MODEL_CARD",
           "GLUT4State", "GLUT4Trajectory"]

MODEL_CARD = freeze({
    "model": "GLUT4 translocation sub-model (2 pools: intracellular, surface)",
    "citation": ("Sedaghat AR, Sherman A, Quon MJ (2002) A mathematical model of metabolic "
                 "insulin signaling pathways. Am J Physiol Endocrinol Metab 283:E1084 "
                 "[pages unverified]; BioModels BIOMD0000000137"),
    "valid": ("steady states and minute-scale relaxation of GLUT4 between vesicles and the cell "
              "surface for a signalling Effect in [0, 1]: 4 % surface at basal, 40 % at full "
              "Effect, relaxation ≈3.6 min [derived from curated rates]"),
    "leaves_out": ("the insulin-signalling chain (receptor, IRS-1, PI3K, Akt, PKC-ζ) — replaced by "
                   "the assumed Effect(I) = I²/(330² + I²) [book]; glucose transport itself; GLUT1; "
                   "adipocyte vs muscle differences; contraction is a labelled add-on drive "
                   "(0.05 per unit, Kennedy 1999) [book]"),
    "time_unit": "min",
})

_P = _sd.PRESETS["sedaghat2002"]


def insulin_effect(insulin_pmolL):
    """Assumed signalling Effect of plasma insulin, I²/(330² + I²) [book, appendix/glut4.md].

    Parameters
    ----------
    insulin_pmolL : float or array, 0–1e5 pmol/L

    Returns
    -------
    float or ndarray in [0, 1): half-maximal at 330 pmol/L (≈55 µU/mL, the classic clamp
    ED50 for peripheral disposal; Rizza et al. 1981 [unverified page]).
    """
    i = array_in_range("insulin_pmolL", insulin_pmolL, 0.0, _sd.INSULIN_MAX_PMOL_L, "pmol/L")
    return _sd._out(_sd.insulin_effect(i))


def _g_and_c(knobs, contraction):
    g = _knobs.validate(knobs, model="glut4")["glut4"]
    c = in_range("contraction", contraction, 0.0, 1.0)
    return g, c


def effect(insulin_pmolL, knobs=None, contraction: float = 0.0):
    """Translocation drive D = g·I²/(330² + I²) + 0.05·contraction [book, appendix/glut4.md].

    Parameters
    ----------
    insulin_pmolL : float or array, 0–1e5 pmol/L
    knobs : dict or None — only ``glut4`` (g, 0.2–2.0) acts here; it scales the insulin part.
    contraction : float, 0–1 — 0 at rest, 1 = moderate exercise (60–70 % VO2max, 45–60 min);
        adds 0.05, not scaled by g.

    Returns
    -------
    float or ndarray — the drive D (dimensionless; the Sedaghat Effect scale at g = 1).
    """
    g, c = _g_and_c(knobs, contraction)
    i = array_in_range("insulin_pmolL", insulin_pmolL, 0.0, _sd.INSULIN_MAX_PMOL_L, "pmol/L")
    return _sd._out(_sd.drive(_sd.insulin_effect(i), g, c))


def steady_state(insulin_pmolL=None, effect=None, knobs=None,
                 contraction: float = 0.0) -> GLUT4State:
    """Steady GLUT4 distribution for a constant insulin level or signalling Effect.

    Give at most one of ``insulin_pmolL`` (0–1e5 pmol/L, through the assumed Effect(I)) or
    ``effect`` (the paper's Effect, 0–1). With neither, Effect = 0 (no insulin).

    Returns
    -------
    GLUT4State
        ``surface_fraction`` (0–1), ``surface`` and ``internal`` (% of the basal total GLUT4),
        ``drive`` and ``relaxation_time`` (min). Anchors [derived]: 4 % / 40 % surface at
        Effect 0 / 1, pools 96 internal with 4 / 64 surface, relaxation ≈3.6 min at Effect 1.
    """
    if insulin_pmolL is not None and effect is not None:
        raise ValueError("give insulin_pmolL or effect, not both "
                         f"(insulin_pmolL={insulin_pmolL!r}, effect={effect!r})")
    g, c = _g_and_c(knobs, contraction)
    if insulin_pmolL is not None:
        i = array_in_range("insulin_pmolL", insulin_pmolL, 0.0, _sd.INSULIN_MAX_PMOL_L, "pmol/L")
        e = _sd.insulin_effect(i)
    else:
        e = array_in_range("effect", 0.0 if effect is None else effect, 0.0, 1.0)
    return _sd.steady_state(_sd.drive(e, g, c), _P)


def _as_function(name, value, lo, hi, unit):
    """Turn a number, a callable of t, or a (t, values) pair into a checked function of t."""
    if callable(value):
        def f(t):
            return in_range(f"{name}(t={t:g})", value(t), lo, hi, unit)
        return f
    if isinstance(value, tuple) and len(value) == 2:
        tt = size_at_most(f"{name} times", array_in_range(f"{name} times", value[0], -1e6, 1e6, "min"),
                          _sd.MAX_SAMPLES)
        vv = array_in_range(name, value[1], lo, hi, unit)
        if tt.ndim != 1 or tt.shape != vv.shape or tt.size < 2 or np.any(np.diff(tt) <= 0):
            raise ValueError(f"{name} must be a pair (t, values) of equal-length 1-D arrays "
                             "with strictly increasing t")
        return lambda t: float(np.interp(t, tt, vv))
    v = in_range(name, value, lo, hi, unit)
    return lambda t: v


def simulate(effect=None, insulin=None, t_end: float = 120.0, knobs=None,
             contraction: float = 0.0, t_eval=None) -> GLUT4Trajectory:
    """Time course of GLUT4 (min) from the basal steady state (Effect 0, no contraction).

    Parameters
    ----------
    effect : float, or callable t → Effect ∈ [0, 1] — the paper's signalling Effect; or
    insulin : float, callable t → pmol/L, or a pair ``(t, I)`` of arrays (at most 10081
        samples; linear interpolation, held constant outside the given times) — through
        Effect(I) [book]. Give exactly one of the two.
    t_end : float, min (0 < t_end ≤ 10080, a week: the pools settle within ≈ 5 days)
    knobs : dict or None — ``glut4`` scales the insulin/Effect drive (once).
    contraction : float 0–1 — constant for the whole run; not scaled by ``glut4``.
    t_eval : array of output times in min, strictly increasing within [0, t_end], at most
        10081 (default: about 1-min spacing, at most 2001 points).

    Bounded work: a constant input over a week takes ≈ 0.4 s; an input that changes so often
    that the run needs more than 150 000 input evaluations (≈ 3 s) raises ``ValueError``.

    Returns
    -------
    GLUT4Trajectory with ``t`` (min), ``surface``, ``internal`` (% of basal total),
    ``surface_fraction`` and ``drive``.
    """
    if (effect is None) == (insulin is None):
        raise ValueError("give exactly one of effect (Effect 0–1) or insulin (pmol/L); "
                         f"got effect={effect!r}, insulin={insulin!r}")
    g, c = _g_and_c(knobs, contraction)
    if effect is not None:
        e_of_t = _as_function("effect", effect, 0.0, 1.0, "")
    else:
        i_of_t = _as_function("insulin", insulin, 0.0, _sd.INSULIN_MAX_PMOL_L, "pmol/L")
        e_of_t = lambda t: float(_sd.insulin_effect(i_of_t(t)))  # noqa: E731
    return _sd.simulate(lambda t: float(_sd.drive(e_of_t(t), g, c)), t_end, _P, t_eval=t_eval)
