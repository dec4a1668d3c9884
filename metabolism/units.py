"""Unit conversions used throughout the book (appendix/index.md: Units and conventions).

Constants are book conventions, defined once here:

- glucose: 1 mmol/L = 18.0 mg/dL (the exact molar-mass factor is 18.016; 18.0 is the
  factor the HOMA /405 constant and the ADA mg/dL ↔ mmol/L pairs are built on);
- insulin: 1 µU/mL = 6.00 pmol/L (6.945 is also in use; with it HOMA-IR from pmol/L
  inputs comes out 13.6 % lower);
- insulin sensitivity: Topp/Ha ``SI`` in mL µU⁻¹ d⁻¹ ÷ 1440 = minimal-model S_I in
  min⁻¹ per µU/mL.

Every function works elementwise on numpy arrays and rejects negative, non-finite
or non-numeric input with a ``ValueError`` naming the quantity.
"""
from __future__ import annotations

import numpy as np

from ._validate import short_repr

__all__ = ["MGDL_PER_MMOL", "PMOL_PER_UU", "MIN_PER_DAY", "DAYS_PER_YEAR", "mgdl_to_mmol", "mmol_to_mgdl",
           "pmol_to_uU", "uU_to_pmol", "si_per_day_to_per_min", "testosterone_nmol_to_ngdl"]

MGDL_PER_MMOL = 18.0      #: mg/dL per mmol/L of glucose [book]
PMOL_PER_UU = 6.00        #: pmol/L per µU/mL of insulin [book]
MIN_PER_DAY = 1440.0
DAYS_PER_YEAR = 365.25    #: days per (Julian) year: day counts of the long-term models shown in years
NGDL_PER_NMOL_T = 28.84   #: ng/dL per nmol/L of testosterone (molar mass 288.4 g/mol)


def _nonneg(name: str, x):
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name}={short_repr(x)} is not a number") from None
    if arr.dtype.kind not in "fiu" or isinstance(x, (str, bytes)) or x is None:
        raise ValueError(f"{name}={short_repr(x)} is not a number")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name}={short_repr(x)} is not a finite number")
    if np.any(arr < 0):
        raise ValueError(f"{name}={short_repr(x)} is negative; it must be ≥ 0")
    return arr if arr.ndim else float(arr)


def mgdl_to_mmol(glucose_mgdl):
    """Glucose mg/dL → mmol/L (÷ 18.0)."""
    return _nonneg("glucose_mgdl (mg/dL)", glucose_mgdl) / MGDL_PER_MMOL


def mmol_to_mgdl(glucose_mmol):
    """Glucose mmol/L → mg/dL (× 18.0)."""
    return _nonneg("glucose_mmol (mmol/L)", glucose_mmol) * MGDL_PER_MMOL


def pmol_to_uU(insulin_pmolL):
    """Insulin pmol/L → µU/mL (÷ 6.00)."""
    return _nonneg("insulin_pmolL (pmol/L)", insulin_pmolL) / PMOL_PER_UU


def uU_to_pmol(insulin_uU_mL):
    """Insulin µU/mL → pmol/L (× 6.00)."""
    return _nonneg("insulin_uU_mL (µU/mL)", insulin_uU_mL) * PMOL_PER_UU


def si_per_day_to_per_min(si_mL_uU_d):
    """Topp/Ha insulin sensitivity (mL µU⁻¹ d⁻¹) → minimal-model S_I (min⁻¹ per µU/mL)."""
    return _nonneg("si_mL_uU_d (insulin sensitivity, mL/µU/d)", si_mL_uU_d) / MIN_PER_DAY


def testosterone_nmol_to_ngdl(t_nmolL):
    """Testosterone nmol/L → ng/dL (× 28.84)."""
    return _nonneg("t_nmolL (testosterone, nmol/L)", t_nmolL) * NGDL_PER_NMOL_T
