"""Endothelium / NO link: insulin-stimulated microvascular recruitment (chapters/academic/organs.md: Endothelium).

Link [book]: response = Emax·Iⁿ/(EC50ⁿ + Iⁿ); insulin resistance raises EC50 and lowers Emax.
Calibrated to the forearm microvascular blood volume (MBV) of Clerk et al. 2006 (Diabetes
55:1436) [abstract] at the book's clamp insulin (100 µU/mL = 600 pmol/L, DM10).
"""
from __future__ import annotations

import numpy as np

from .._validate import array_in_range

__all__ = ["microvascular_response", "microvascular_ec50", "microvascular_emax", "endothelium_from_clamp",
           "CLAMP_INSULIN_PMOL_L", "LEAN_MBV_RISE", "OBESE_SENSITIVITY", "EC50_LEAN_PMOL_L",
           "HILL_N", "EMAX_LEAN"]

#: clamp insulin of the calibration, pmol/L (100 µU/mL; the book's clamp, DM10) [book]
CLAMP_INSULIN_PMOL_L = 600.0
#: lean MBV rise at the clamp: 18.7 → 25.0 (Clerk 2006) [abstract]
LEAN_MBV_RISE = 25.0 / 18.7 - 1.0
#: obese clamp glucose infusion relative to lean, GIR 19.3 / 37.4 (Clerk 2006) [abstract];
#: this sensitivity gives no MBV rise (20.4 → 18.8, "none")
OBESE_SENSITIVITY = 19.3 / 37.4
#: lean EC50, pmol/L, and Hill exponent — the same as the GLUT4 Effect of appendix/glut4.md [book assumption]
EC50_LEAN_PMOL_L = 330.0
HILL_N = 2.0
#: lean Emax so that the response at the clamp insulin is +34 % [derived]
EMAX_LEAN = LEAN_MBV_RISE * (EC50_LEAN_PMOL_L ** HILL_N + CLAMP_INSULIN_PMOL_L ** HILL_N) \
    / CLAMP_INSULIN_PMOL_L ** HILL_N

_S_RANGE = (0.2, 2.0)


def _check_s(sensitivity):
    return array_in_range("sensitivity", sensitivity, *_S_RANGE, "× lean")


def microvascular_ec50(sensitivity=1.0):
    """Empirical link, not a fitted model. EC50 (pmol/L) of the microvascular response.

    EC50 = 330/s pmol/L: a right shift as sensitivity s falls (Laakso & Baron 1990, JCI 85:1844:
    leg blood-flow dose–response right-shifted in obesity [ED50 values unverified]).

    Assumption: EC50 is inversely proportional to s; the lean EC50 equals the GLUT4 Effect's
    330 pmol/L [book].

    Parameters
    ----------
    sensitivity : float or array (0.2–2.0), clamp glucose infusion relative to lean.
    """
    s = _check_s(sensitivity)
    out = EC50_LEAN_PMOL_L / s
    return float(out) if out.ndim == 0 else out


def microvascular_emax(sensitivity=1.0):
    """Empirical link, not a fitted model. Maximal fractional MBV rise.

    Emax = Emax_lean·max(0, (s − s_obese)/(1 − s_obese)) with s_obese = 19.3/37.4 ≈ 0.52
    (Clerk 2006 GIR): 0 at the obese group's sensitivity and below.

    Assumption: Emax falls linearly with clamp sensitivity between the two Clerk groups and
    is extrapolated beyond them.

    Parameters
    ----------
    sensitivity : float or array (0.2–2.0), clamp glucose infusion relative to lean.
    """
    s = _check_s(sensitivity)
    out = EMAX_LEAN * np.maximum(0.0, (s - OBESE_SENSITIVITY) / (1.0 - OBESE_SENSITIVITY))
    return float(out) if out.ndim == 0 else out


def microvascular_response(insulin_pmolL, sensitivity=1.0):
    """Empirical link, not a fitted model. Insulin-stimulated NO/flow response (fractional MBV rise).

    response = Emax(s)·Iⁿ/(EC50(s)ⁿ + Iⁿ), n = 2 [book, chapters/academic/organs.md: Endothelium].

    Anchors (Clerk et al. 2006, Diabetes 55:1436 [abstract]), 1 mU kg⁻¹ min⁻¹ clamp: forearm
    MBV 18.7 → 25.0 (+34 %) in lean, none in obese (20.4 → 18.8); GIR 37.4 vs 19.3 µmol kg⁻¹
    min⁻¹. The link gives +0.34 at s = 1 and 0 at s = 0.52 for I = 600 pmol/L. Related:
    intra-arterial insulin raised the ACh response 100–149 % in controls, not in T2D
    (Rask-Madsen ≈2001 [unverified]); delayed transcapillary insulin delivery in obesity
    (T½ 72 vs 46 min, Diabetes 51:2742, 2002).

    Assumption: a single Hill curve with n = 2; the clamp insulin of Clerk's protocol is taken
    as 600 pmol/L (100 µU/mL) — not reported in the abstract; sensitivity s is the clamp GIR
    relative to lean. It leaves out the time course (minutes to tens of minutes), the
    ET-1/vasoconstrictor arm, and any effect of MBV back on glucose uptake.

    Parameters
    ----------
    insulin_pmolL : float or array, 0–1e5 pmol/L
    sensitivity : float or array (0.2–2.0), clamp glucose infusion relative to lean; the
        obese group of Clerk 2006 is ≈0.52.

    Returns
    -------
    float or ndarray — fractional rise of microvascular blood volume (0.34 = +34 %).
    """
    i = array_in_range("insulin_pmolL", insulin_pmolL, 0.0, 1e5, "pmol/L")
    s = _check_s(sensitivity)
    ec50 = EC50_LEAN_PMOL_L / s
    emax = EMAX_LEAN * np.maximum(0.0, (s - OBESE_SENSITIVITY) / (1.0 - OBESE_SENSITIVITY))
    out = emax * i ** HILL_N / (ec50 ** HILL_N + i ** HILL_N)
    return float(out) if np.ndim(out) == 0 else out


def endothelium_from_clamp(clamp_M, reference_M, insulin_pmolL=CLAMP_INSULIN_PMOL_L):
    """Empirical link, not a fitted model. Microvascular blood-volume rise (fraction) of a subject whose
    clamp glucose disposal is ``clamp_M`` against the lean reference ``reference_M`` (both mg/kg/min, > 0).

    The book's clamp-to-endothelium rule: sensitivity s = clamp_M / reference_M, held inside the link's
    range 0.2–2.0, then :func:`microvascular_response` (``insulin_pmolL``, 0–1e5 pmol/L; default the
    clamp's 600 pmol/L). s is the ratio of glucose infusion rates as in Clerk et al. 2006 (obese/lean GIR).

    Assumption: the meal model's clamp M ratio stands for the GIR ratio of Clerk et al.; outside 0.2–2.0 the
    response is that of the nearest edge [book].
    """
    m = array_in_range("clamp_M", clamp_M, 0.0, 100.0, "mg/kg/min")
    m_ref = array_in_range("reference_M", reference_M, 1e-3, 100.0, "mg/kg/min")
    s = np.clip(m / m_ref, *_S_RANGE)
    out = microvascular_response(insulin_pmolL, s)
    return float(out) if np.ndim(out) == 0 else out
