"""The reader-knob contract (appendix/knobs.md, contract v2), in one place.

Three knobs act on every model of the book:

``glut4``
    multiplier on insulin-stimulated peripheral glucose uptake (GLUT4 translocation).
``hepatic_output``
    hepatic glucose output relative to the reference subject's basal production.
``adiponectin``
    plasma adiponectin relative to the reference (10 µg/mL); acts through an
    *assumed* gain ``adiponectin ** 0.5`` on hepatic and peripheral insulin action.

Four more act in the meal model only (their ``models`` is ``("meal",)``): ``renal_threshold``
(mg/dL), ``renal_excretion``, ``gastric_emptying`` and ``insulin_secretion`` (× reference), the
mechanisms today's medicines act through (SGLT2 inhibitors, GLP-1 receptor agonists).

This module holds the table (name, unit, default, range, source) and the
validation. It imports no model, so every model and facade may import it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping

import numpy as np

from ._readonly import freeze
from ._validate import array_in_range, in_range, short_repr

__all__ = ["Knob", "KNOBS", "DEFAULTS", "validate", "validate_arrays",
           "adiponectin_gain", "ADIPONECTIN_EXPONENT", "ADIPONECTIN_REF_UG_ML"]

#: assumed exponent of the adiponectin gain A = a ** 0.5 [book assumption, appendix/knobs.md]
ADIPONECTIN_EXPONENT = 0.5
#: plasma adiponectin at knob 1, µg/mL [book reference; Clin Sci 119:431, 2010 range 0.5–30]
ADIPONECTIN_REF_UG_ML = 10.0


@dataclass(frozen=True)
class Knob:
    """One reader knob: what a slider, a readout and a model card need to know."""

    name: str
    label: str
    unit: str
    default: float
    lo: float
    hi: float
    meaning: str
    source: str
    assumption: bool = False
    #: the models the knob acts in ("all", or model names such as "meal")
    models: tuple = ("all",)

    def display(self, value: float) -> str:
        """Human-readable value in the knob's unit (adiponectin in µg/mL, the renal threshold in mg/dL)."""
        if self.name == "adiponectin":
            return f"{ADIPONECTIN_REF_UG_ML * value:.1f} µg/mL"
        if self.unit == "mg/dL":
            return f"{value:.0f} mg/dL"
        return f"×{value:.2f}"

    def valuetext(self, value: float) -> str:
        """The value with its unit in words, for screen readers and alt text ("0.50 × reference")."""
        if self.name == "adiponectin":
            return f"{ADIPONECTIN_REF_UG_ML * value:.1f} µg/mL ({value:.2f} × reference)"
        return f"{value:.2f} {self.unit}"


#: the knob table, read-only (a MappingProxyType of frozen :class:`Knob` records)
KNOBS: Mapping[str, Knob] = freeze({
    k.name: k
    for k in (
        Knob("glut4", "GLUT4 translocation", "× reference", 1.0, 0.2, 2.0,
             "multiplier on insulin-stimulated peripheral glucose uptake (Vmx in the "
             "meal model, translocation gain at the cell, Si in long-term models)",
             "Dalla Man et al. 2007; Sedaghat et al. 2002"),
        Knob("hepatic_output", "Hepatic glucose output", "× reference", 1.0, 0.5, 2.0,
             "liver glucose output relative to the reference basal EGP: "
             "kp1' = kp1 + (h - 1)·EGPb; metformin ≈ 0.76",
             "Dalla Man et al. 2007; Hundal et al. 2000"),
        Knob("adiponectin", "Adiponectin", "× 10 µg/mL", 1.0, 0.25, 2.5,
             "plasma adiponectin relative to 10 µg/mL; assumed gain a**0.5 on hepatic "
             "(kp3) and peripheral (Vmx) insulin action",
             "book assumption, anchored on Kern et al. 2003 and Stefan et al. 2002",
             assumption=True),
        Knob("renal_threshold", "Renal glucose threshold", "mg/dL", 180.0, 30.0, 250.0,
             "plasma glucose above which the kidney excretes glucose; moves the subject's own threshold "
             "ke2/VG (180.3 mg/dL normal, 180.5 T2D): ke2' = ke2 + (θ - 180)·VG. SGLT2 inhibitors lower it "
             "(below 40 mg/dL on empagliflozin)",
             "Dalla Man et al. 2007 (ke2); Al-Jobori et al. 2017 (empagliflozin)", models=("meal",)),
        Knob("renal_excretion", "Renal excretion slope", "× reference", 1.0, 1.0, 10.0,
             "multiplier on the excretion rate constant ke1 above the threshold: the model's slope "
             "(≈6 % of the glucose filtered above threshold) is far below filtration; with SGLT2 "
             "inhibited, 30-50 % of the filtered load is excreted",
             "Dalla Man et al. 2007 (ke1); Liu, Lee & DeFronzo 2012 (30-50 %)", models=("meal",)),
        Knob("gastric_emptying", "Gastric emptying", "× reference", 1.0, 0.3, 1.5,
             "multiplier on the stomach's rate constants kmax, kmin and kgri; GLP-1 receptor agonists "
             "slow emptying (most after the first doses, less at steady state)",
             "Dalla Man et al. 2006, 2007; Hjerpsted et al. 2018 (semaglutide)", models=("meal",)),
        Knob("insulin_secretion", "Insulin secretion", "× reference", 1.0, 0.3, 2.5,
             "multiplier on glucose-driven secretion: the second-phase gain β and the first-phase "
             "(glucose-rate) gain K; basal secretion Sb is unchanged",
             "Dalla Man et al. 2007; Kapitza et al. 2017 (semaglutide ×2.1 second phase)",
             models=("meal",)),
    )
})

#: default value of each knob, read-only
DEFAULTS: Mapping[str, float] = freeze({k.name: k.default for k in KNOBS.values()})


def _check_names(knobs: Mapping) -> None:
    if not isinstance(knobs, Mapping):
        raise ValueError(
            f"knobs={knobs!r} must be None or a dict with keys from {sorted(KNOBS)}")
    unknown = [k for k in knobs if k not in KNOBS]
    if unknown:
        raise ValueError(
            f"unknown knob {unknown[0]!r}; allowed knobs are {', '.join(sorted(KNOBS))}")


def _check_model(knobs: Mapping, model: str | None) -> None:
    """A knob set away from its default in a model it does not act in is an error, not ignored."""
    if model is None:
        return
    if not isinstance(model, str):
        raise TypeError(f"model={short_repr(model)} must be a model name such as 'meal' or 'topp2000'")
    for name, value in knobs.items():
        k = KNOBS[name]
        if "all" in k.models or model in k.models:
            continue
        if np.any(np.asarray(value, dtype=float) != k.default):
            here = [n for n, kk in KNOBS.items() if "all" in kk.models or model in kk.models]
            raise ValueError(f"{name} acts only in the {', '.join(k.models)} model; the {model} model "
                             f"takes the knobs {', '.join(here)}")


def validate(knobs: Mapping | None, model: str | None = None) -> dict[str, float]:
    """Return a full knob dict (defaults filled in) or raise ``ValueError``.

    Unknown names, non-numeric, non-finite and out-of-range values are errors,
    never silently ignored or clipped. With ``model`` (e.g. ``"topp2000"``), a knob that
    does not act in that model must stay at its default.
    """
    knobs = {} if knobs is None else knobs
    _check_names(knobs)
    out = dict(DEFAULTS)
    for name, value in knobs.items():
        k = KNOBS[name]
        out[name] = in_range(name, value, k.lo, k.hi)
    _check_model(out, model)
    return out


#: most members of a population (the broadcast knob arrays); the meal model also bounds members × time
MAX_MEMBERS = 1_000_000


def validate_arrays(knobs: Mapping | None) -> dict[str, np.ndarray]:
    """Like :func:`validate` for population runs: each value may be an array.

    Returns float arrays broadcast to one common 1-D shape (N,), N ≤ :data:`MAX_MEMBERS`.
    """
    knobs = {} if knobs is None else knobs
    _check_names(knobs)
    arrays = {}
    for name, k in KNOBS.items():
        value = knobs.get(name, k.default)
        arrays[name] = np.atleast_1d(array_in_range(name, value, k.lo, k.hi))
        if arrays[name].size == 0:
            raise ValueError(f"{name} is an empty array; give at least one value in {k.lo:g}–{k.hi:g}")
    shapes = {n: a.shape for n, a in arrays.items()}
    try:
        size = math.prod(np.broadcast_shapes(*shapes.values()))
    except ValueError:
        raise ValueError(f"knob arrays have shapes {shapes} that do not broadcast") from None
    if size > MAX_MEMBERS:               # checked before the broadcast copies are made
        raise ValueError(f"knob arrays with shapes {shapes} make {size} members; at most {MAX_MEMBERS} "
                         "are allowed")
    b = np.broadcast_arrays(*arrays.values())
    return {n: np.array(a, dtype=float).ravel() for n, a in zip(arrays, b)}


def adiponectin_gain(a):
    """The assumed adiponectin gain A = a ** 0.5 (labelled book assumption).

    ``a`` (float or array) must lie in the knob's range 0.25–2.5; otherwise ``ValueError``.
    """
    k = KNOBS["adiponectin"]
    return np.power(array_in_range("adiponectin", a, k.lo, k.hi), ADIPONECTIN_EXPONENT)
