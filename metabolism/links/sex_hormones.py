"""Sex-hormone links: SHBG, ovarian testosterone, free T (chapters/intermediate/hormones.md).

Steady state only [book]. Hepatic SHBG falls as insulin rises; in PCOS the ovary makes more
testosterone per unit insulin; free testosterone follows from mass action (Vermeulen 1999).
The HPG dynamics (Smith 1980; Keenan & Veldhuis 1998) are out of scope.
"""
from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from scipy.optimize import brentq

from .._validate import array_in_range, in_range

__all__ = ["free_testosterone", "total_testosterone", "shbg_from_insulin", "female_androgens",
           "male_testosterone", "emas_comparison", "estradiol_aromatase", "FemaleAndrogens",
           "MaleAndrogens", "SHBG_INSULIN_EXPONENT", "A_OVARY_PCOS", "K_SHBG", "K_ALB",
           "ALBUMIN_G_L", "ALBUMIN_G_PER_MOL", "NG_DL_PER_NMOL_L"]

#: Vermeulen 1999 association constants, L/mol, and default albumin [constants unverified, chapters/intermediate/hormones.md]
K_SHBG = 1.0e9
K_ALB = 3.6e4
ALBUMIN_G_L = 43.0
#: albumin molar mass used by the Vermeulen calculation (ISSAM worked example) [secondary]
ALBUMIN_G_PER_MOL = 69000.0
#: testosterone: 1 nmol/L = 28.84 ng/dL (molar mass 288.4 g/mol) [book, appendix/index.md: Units and conventions]
NG_DL_PER_NMOL_L = 28.84

#: Nestler & Jakubowicz 1997 (JCEM 82:4075) lean PCOS, metformin [abstract]
NESTLER_INSULIN_REL = 0.55            # −45 % insulin (AUC 44 → 24 nmol L⁻¹ min)
NESTLER_SHBG_RISE = 1.60              # SHBG 84 → 134 nmol/L
NESTLER_FREE_T_REL = 0.30             # free T 18.2 → 5.5 pmol/L (−70 %)
PCOS_SHBG0_NMOL_L = 84.0
PCOS_FREE_T0_PMOL_L = 18.2

#: s in SHBG ∝ insulin^(−s): 0.55^(−s) = 1.6 → s ≈ 0.79 [derived]
SHBG_INSULIN_EXPONENT = math.log(NESTLER_SHBG_RISE) / -math.log(NESTLER_INSULIN_REL)

#: reference man [book; typical adult values, unverified]: total T 17 nmol/L, SHBG 40 nmol/L
MALE_TT0_NMOL_L = 17.0
MALE_SHBG0_NMOL_L = 40.0
#: EMAS (Wu 2008, JCEM 93:2737): BMI ≥ 30 vs < 25, total T −5.09 nmol/L [abstract]
EMAS_DELTA_TT_OBESE = -5.09
#: fasting insulin of obese vs normal-weight men, used only for the plausibility check [book assumption]
OBESE_INSULIN_RATIO = 2.0
#: Kley 1980: lean men E2 21.7 pg/mL [abstract]
E2_REF_PG_ML = 21.7

_INS_RANGE = (0.25, 5.0)


def _n_albumin(albumin_gL):
    return 1.0 + K_ALB * albumin_gL / ALBUMIN_G_PER_MOL


def _free_t(tt, shbg, albumin_gL):
    """Positive root of N·K·FT² + (N + K·(SHBG − TT))·FT − TT = 0 (all nmol/L in, nmol/L out)."""
    n = _n_albumin(albumin_gL)
    k = K_SHBG * 1e-9                     # L/nmol
    a = n * k
    b = n + k * (shbg - tt)
    # stable form of (−b + √(b² + 4·a·TT))/(2a)
    return 2.0 * tt / (b + np.sqrt(b * b + 4.0 * a * tt))


def _total_t(ft, shbg, albumin_gL):
    k = K_SHBG * 1e-9
    return ft * _n_albumin(albumin_gL) + shbg * k * ft / (1.0 + k * ft)


def _out(x):
    x = np.asarray(x, float)
    return float(x) if x.ndim == 0 else x


def free_testosterone(total_nmolL, shbg_nmolL, albumin_gL: float = ALBUMIN_G_L):
    """Empirical link, not a fitted model. Free testosterone by Vermeulen mass action (nmol/L).

    Solves ``TT = FT·N + SHBG·K_SHBG·FT/(1 + K_SHBG·FT)``, ``N = 1 + K_alb·[Alb]`` for its
    positive root (Vermeulen, Verdonck & Kaufman 1999, JCEM 84:3666). The mass-action algebra
    is exact; what is empirical are the constants K_SHBG = 1×10⁹ L/mol, K_alb = 3.6×10⁴ L/mol,
    albumin 43 g/L at 69 000 g/mol [constants unverified against the paper].

    Anchor: TT 10 nmol/L, SHBG 40 nmol/L, albumin 43 g/L → FT 0.174 nmol/L (1.74 %), the ISSAM
    worked example of the Vermeulen calculation.

    Assumption: one binding site per SHBG dimer, SHBG affinity the same in all people, other
    binders (CBG) ignored.

    Parameters
    ----------
    total_nmolL : float or array, 0.01–200 nmol/L
    shbg_nmolL : float or array, 0.1–1000 nmol/L
    albumin_gL : float, 10–70 g/L
    """
    tt = array_in_range("total_nmolL", total_nmolL, 0.01, 200.0, "nmol/L")
    shbg = array_in_range("shbg_nmolL", shbg_nmolL, 0.1, 1000.0, "nmol/L")
    alb = in_range("albumin_gL", albumin_gL, 10.0, 70.0, "g/L")
    return _out(_free_t(tt, shbg, alb))


def total_testosterone(free_nmolL, shbg_nmolL, albumin_gL: float = ALBUMIN_G_L):
    """Empirical link, not a fitted model. Total T (nmol/L) = free + albumin- + SHBG-bound.

    The inverse of :func:`free_testosterone` (same Vermeulen mass balance and constants).

    Assumption: the Vermeulen constants [unverified] and no other binders.

    Parameters
    ----------
    free_nmolL : float or array, 1e-5–10 nmol/L; shbg_nmolL : 0.1–1000 nmol/L; albumin_gL : 10–70
    """
    ft = array_in_range("free_nmolL", free_nmolL, 1e-5, 10.0, "nmol/L")
    shbg = array_in_range("shbg_nmolL", shbg_nmolL, 0.1, 1000.0, "nmol/L")
    alb = in_range("albumin_gL", albumin_gL, 10.0, 70.0, "g/L")
    return _out(_total_t(ft, shbg, alb))


def shbg_from_insulin(insulin_rel, shbg0_nmolL: float):
    """Empirical link, not a fitted model. SHBG = SHBG0·(I/I_ref)^(−0.79) (nmol/L).

    Anchor: −45 % insulin → SHBG +60 % (Nestler & Jakubowicz 1997, JCEM 82:4075: SHBG
    84 → 134 nmol/L with insulin AUC 44 → 24 nmol L⁻¹ min) gives s = ln 1.6/−ln 0.55 ≈ 0.79.

    Assumption: a power law with the same exponent at every insulin level and in both sexes
    (chapters/intermediate/hormones.md); steady state only.

    Parameters
    ----------
    insulin_rel : float or array, fasting insulin relative to the reference (0.25–5)
    shbg0_nmolL : float, SHBG at the reference insulin (1–300 nmol/L)
    """
    r = array_in_range("insulin_rel", insulin_rel, *_INS_RANGE)
    s0 = in_range("shbg0_nmolL", shbg0_nmolL, 1.0, 300.0, "nmol/L")
    return _out(s0 * r ** (-SHBG_INSULIN_EXPONENT))


class FemaleAndrogens(NamedTuple):
    """SHBG (nmol/L), total T (nmol/L), free T (pmol/L) and ovarian T output (× reference)."""

    shbg_nmolL: np.ndarray | float
    total_t_nmolL: np.ndarray | float
    free_t_pmolL: np.ndarray | float
    ovarian_t_rel: np.ndarray | float


def _female(r, a_ovary, shbg0, ft0_pmol, alb):
    tt0 = _total_t(ft0_pmol * 1e-3, shbg0, alb)
    ovary = 1.0 + a_ovary * (r - 1.0)
    shbg = shbg0 * r ** (-SHBG_INSULIN_EXPONENT)
    tt = tt0 * ovary
    return shbg, tt, _free_t(tt, shbg, alb) * 1e3, ovary


def _calibrate_a_ovary():
    """a_ovary such that −45 % insulin gives free T −70 % at the Nestler baseline [derived]."""
    def f(a):
        ft = _female(NESTLER_INSULIN_REL, a, PCOS_SHBG0_NMOL_L, PCOS_FREE_T0_PMOL_L,
                     ALBUMIN_G_L)[2]
        return ft / PCOS_FREE_T0_PMOL_L - NESTLER_FREE_T_REL
    hi = 1.0 / (1.0 - NESTLER_INSULIN_REL) - 1e-9     # keeps ovarian output > 0
    return brentq(f, 0.0, hi, xtol=1e-13)


#: PCOS ovarian insulin gain in ovarian T = P0·(1 + a·(I/I_ref − 1)) [derived, ≈1.2]; 0 in normal women
A_OVARY_PCOS = _calibrate_a_ovary()


def female_androgens(insulin_rel, pcos: bool = True, shbg0_nmolL: float = PCOS_SHBG0_NMOL_L,
                     free_t0_pmolL: float = PCOS_FREE_T0_PMOL_L,
                     albumin_gL: float = ALBUMIN_G_L) -> FemaleAndrogens:
    """Empirical link, not a fitted model. Women's SHBG, ovarian and free testosterone vs insulin.

    ``SHBG = SHBG0·(I/I_ref)^(−0.79)``; ``ovarian T = P0·(1 + a_ovary·(I/I_ref − 1))`` with
    a_ovary ≈ 1.2 in PCOS and 0 in normal women [book, chapters/intermediate/hormones.md]; total T ∝ ovarian output; free T by
    Vermeulen mass action.

    Anchors (Nestler & Jakubowicz 1997, JCEM 82:4075, lean PCOS on metformin [abstract]):
    insulin −45 % → SHBG 84 → 134 nmol/L (+60 %), free T 18.2 → 5.5 pmol/L (−70 %); the
    default baseline is that of the study. Related: postmenopausal insulin-resistant women,
    metformin lowered FT 19 % (Patel 2010); PCOS theca ≈4× more T per unit insulin in vitro
    (Asagami 2008 [secondary]).

    Assumption: total T is proportional to ovarian production (constant clearance of total T),
    a linear ovarian insulin gain calibrated to one trial, adrenal androgens and LH ignored;
    steady state only.

    Parameters
    ----------
    insulin_rel : float or array, insulin relative to the reference (0.25–5)
    pcos : bool — PCOS ovary (a_ovary = A_OVARY_PCOS) or normal (a_ovary = 0)
    shbg0_nmolL : SHBG at the reference insulin (1–300 nmol/L)
    free_t0_pmolL : free T at the reference insulin (0.5–100 pmol/L)
    albumin_gL : 10–70 g/L

    Returns
    -------
    FemaleAndrogens(shbg_nmolL, total_t_nmolL, free_t_pmolL, ovarian_t_rel)
    """
    r = array_in_range("insulin_rel", insulin_rel, *_INS_RANGE)
    if not isinstance(pcos, (bool, np.bool_)):
        raise ValueError(f"pcos={pcos!r} must be True or False")
    s0 = in_range("shbg0_nmolL", shbg0_nmolL, 1.0, 300.0, "nmol/L")
    ft0 = in_range("free_t0_pmolL", free_t0_pmolL, 0.5, 100.0, "pmol/L")
    alb = in_range("albumin_gL", albumin_gL, 10.0, 70.0, "g/L")
    a = A_OVARY_PCOS if pcos else 0.0
    return FemaleAndrogens(*(_out(x) for x in _female(r, a, s0, ft0, alb)))


class MaleAndrogens(NamedTuple):
    """SHBG (nmol/L), total T (nmol/L) and free T (pmol/L) of a man."""

    shbg_nmolL: np.ndarray | float
    total_t_nmolL: np.ndarray | float
    free_t_pmolL: np.ndarray | float


def male_testosterone(insulin_rel, total_t0_nmolL: float = MALE_TT0_NMOL_L,
                      shbg0_nmolL: float = MALE_SHBG0_NMOL_L,
                      albumin_gL: float = ALBUMIN_G_L) -> MaleAndrogens:
    """Empirical link, not a fitted model. Men's SHBG and total T vs fasting insulin (chapters/intermediate/hormones.md).

    ``SHBG = SHBG0·(I_fast/I_ref)^(−0.79)`` (the women's exponent); free T held at the reference
    man's value; total T = free + albumin- + SHBG-bound (Vermeulen mass action).

    Anchors: moderate obesity lowers total T mainly through an insulin-resistance-related fall
    in SHBG (Ng Tang Fui, Dupuis & Grossmann 2014, Asian J Androl 16:223); EMAS (Wu 2008, JCEM
    93:2737): BMI ≥ 30 vs < 25, total T −5.09 nmol/L, free T −53.7 pmol/L — a plausibility
    check (:func:`emas_comparison`), not a fit.

    Assumption: the women's SHBG exponent applies to men; free T is held constant (the
    hypothalamic–pituitary axis defends it), so severe-obesity falls of free T (central
    suppression) are not represented; aromatisation is separate (:func:`estradiol_aromatase`).
    Reference man TT 17 nmol/L, SHBG 40 nmol/L [book; typical values, unverified].

    Parameters
    ----------
    insulin_rel : float or array, fasting insulin relative to the reference (0.25–5)
    total_t0_nmolL : reference total T (1–60 nmol/L); shbg0_nmolL : reference SHBG (1–300)
    albumin_gL : 10–70 g/L
    """
    r = array_in_range("insulin_rel", insulin_rel, *_INS_RANGE)
    tt0 = in_range("total_t0_nmolL", total_t0_nmolL, 1.0, 60.0, "nmol/L")
    s0 = in_range("shbg0_nmolL", shbg0_nmolL, 1.0, 300.0, "nmol/L")
    alb = in_range("albumin_gL", albumin_gL, 10.0, 70.0, "g/L")
    ft = _free_t(tt0, s0, alb)
    shbg = s0 * r ** (-SHBG_INSULIN_EXPONENT)
    tt = _total_t(ft, shbg, alb)
    return MaleAndrogens(_out(shbg), _out(tt), _out(np.full_like(np.asarray(tt), ft * 1e3)))


def emas_comparison(insulin_ratio: float = OBESE_INSULIN_RATIO):
    """Empirical link, not a fitted model. Men's total-T fall from the insulin–SHBG path vs EMAS.

    Returns the model's total-T change (nmol/L) when fasting insulin is multiplied by
    ``insulin_ratio`` next to EMAS's −5.09 nmol/L for BMI ≥ 30 vs < 25 (Wu et al. 2008, JCEM
    93:2737 [abstract]). A plausibility check, not a fit.

    Assumption: obese men's fasting insulin is ×2 the normal-weight value by default [book];
    EMAS's fall also contains a free-T fall (−53.7 pmol/L) that this link leaves out.

    Parameters
    ----------
    insulin_ratio : float (1–5)

    Returns
    -------
    dict: model_delta_tt_nmolL, emas_delta_tt_nmolL, insulin_ratio
    """
    q = in_range("insulin_ratio", insulin_ratio, 1.0, 5.0)
    d = male_testosterone(q).total_t_nmolL - male_testosterone(1.0).total_t_nmolL
    return {"model_delta_tt_nmolL": float(d), "emas_delta_tt_nmolL": EMAS_DELTA_TT_OBESE,
            "insulin_ratio": q}


def estradiol_aromatase(fat_mass_rel, total_t_rel=1.0, e2_ref_pgmL: float = E2_REF_PG_ML):
    """Empirical link, not a fitted model. Men's estradiol from aromatisation ∝ fat mass × T (pg/mL).

    ``E2 = E2_ref·(FM/FM_ref)·(TT/TT_ref)`` [book, chapters/intermediate/hormones.md "aromatase conversion ∝ fat mass × T"].

    Anchors: > 160 % ideal weight, T 5.89 → 3.29 ng/mL and E2 21.7 → 43.9 pg/mL; E2/T vs
    % ideal weight r = 0.93 (Kley et al. 1980, JCEM [abstract]) — with this link that implies a
    fat-mass ratio of ≈3.6; morbid obesity E1, E2 ≈2× normal (Schneider 1979, JCEM 48:633).

    Assumption: proportional to both fat mass and total T, no saturation; separate from the
    insulin slider (a fat-mass slider in the book).

    Parameters
    ----------
    fat_mass_rel : float or array (0.1–10); total_t_rel : float or array (0.05–5);
    e2_ref_pgmL : E2 at the reference (1–200 pg/mL)
    """
    fm = array_in_range("fat_mass_rel", fat_mass_rel, 0.1, 10.0)
    t = array_in_range("total_t_rel", total_t_rel, 0.05, 5.0)
    e0 = in_range("e2_ref_pgmL", e2_ref_pgmL, 1.0, 200.0, "pg/mL")
    return _out(e0 * fm * t)
