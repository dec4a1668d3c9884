"""The reader-knob contract (spec/MODELS.md §11, contract v2), in one place.

Three knobs act on every model of the book:

``glut4``
    multiplier on insulin-stimulated peripheral glucose uptake (GLUT4 translocation).
``hepatic_output``
    hepatic glucose output relative to the reference subject's basal production.
``adiponectin``
    plasma adiponectin relative to the reference (10 µg/mL); acts through an
    *assumed* gain ``adiponectin ** 0.5`` on hepatic and peripheral insulin action.

This module holds the table (name, unit, default, range, source) and the
validation. It imports no model, so every model and facade may import it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np

from ._validate import array_in_range, in_range

__all__ = ["Knob", "KNOBS", "DEFAULTS", "validate", "validate_arrays",
           "adiponectin_gain", "ADIPONECTIN_EXPONENT", "ADIPONECTIN_REF_UG_ML"]

#: assumed exponent of the adiponectin gain A = a ** 0.5 [book assumption, §11]
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

    def display(self, value: float) -> str:
        """Human-readable value in the knob's unit (adiponectin in µg/mL)."""
        if self.name == "adiponectin":
            return f"{ADIPONECTIN_REF_UG_ML * value:.1f} µg/mL"
        return f"×{value:.2f}"

    def valuetext(self, value: float) -> str:
        """The value with its unit in words, for screen readers and alt text ("0.50 × reference")."""
        if self.name == "adiponectin":
            return f"{ADIPONECTIN_REF_UG_ML * value:.1f} µg/mL ({value:.2f} × reference)"
        return f"{value:.2f} {self.unit}"


KNOBS: dict[str, Knob] = {
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
    )
}

DEFAULTS: dict[str, float] = {k.name: k.default for k in KNOBS.values()}


def _check_names(knobs: Mapping) -> None:
    if not isinstance(knobs, Mapping):
        raise ValueError(
            f"knobs={knobs!r} must be None or a dict with keys from {sorted(KNOBS)}")
    unknown = [k for k in knobs if k not in KNOBS]
    if unknown:
        raise ValueError(
            f"unknown knob {unknown[0]!r}; allowed knobs are {', '.join(sorted(KNOBS))}")


def validate(knobs: Mapping | None) -> dict[str, float]:
    """Return a full knob dict (defaults filled in) or raise ``ValueError``.

    Unknown names, non-numeric, non-finite and out-of-range values are errors,
    never silently ignored or clipped.
    """
    knobs = {} if knobs is None else knobs
    _check_names(knobs)
    out = dict(DEFAULTS)
    for name, value in knobs.items():
        k = KNOBS[name]
        out[name] = in_range(name, value, k.lo, k.hi)
    return out


def validate_arrays(knobs: Mapping | None) -> dict[str, np.ndarray]:
    """Like :func:`validate` for population runs: each value may be an array.

    Returns float arrays broadcast to one common 1-D shape (N,).
    """
    knobs = {} if knobs is None else knobs
    _check_names(knobs)
    arrays = {}
    for name, k in KNOBS.items():
        value = knobs.get(name, k.default)
        arrays[name] = np.atleast_1d(array_in_range(name, value, k.lo, k.hi))
    try:
        b = np.broadcast_arrays(*arrays.values())
    except ValueError:
        shapes = {n: a.shape for n, a in arrays.items()}
        raise ValueError(f"knob arrays have shapes {shapes} that do not broadcast") from None
    return {n: np.array(a, dtype=float).ravel() for n, a in zip(arrays, b)}


def adiponectin_gain(a):
    """The assumed adiponectin gain A = a ** 0.5 (labelled book assumption)."""
    return np.power(a, ADIPONECTIN_EXPONENT)
