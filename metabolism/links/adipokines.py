"""Adipokine links: adiponectin output and the TNF-α / IL-6 rule (chapters/academic/organs.md: Adipose tissue).

No validated human model links adipokines quantitatively to insulin sensitivity; these are
labelled empirical links [book]. Adiponectin acts on the glucose models only through the
``adiponectin`` knob (appendix/knobs.md); the output link here predicts the biomarker from fat mass.
"""
from __future__ import annotations

import math

import numpy as np

from .._readonly import freeze
from .._validate import array_in_range, choice, in_range

__all__ = ["adiponectin_output", "cytokine_rule", "fat_mass_rel", "ADIPONECTIN_REF_UG_ML",
           "ADIPONECTIN_FAT_EXPONENT", "ADIPONECTIN_SEX_FACTOR", "REFERENCE_BMI", "REFERENCE_AGE"]

#: adiponectin of the reference man at BMI 22, µg/mL (= knob 1) [book]
ADIPONECTIN_REF_UG_ML = 10.0
#: women / men at the same BMI, 14.2/8.6 ≈ 1.65 → 1.6 (Kern 2003) [book, chapters/academic/organs.md: Adipose tissue]
ADIPONECTIN_SEX_FACTOR = freeze({"male": 1.0, "female": 1.6})
#: BMI of the reference (kg/m²) and the BMI at which adiponectin has halved [book, chapters/academic/organs.md: Adipose tissue]
REFERENCE_BMI, HALVING_BMI = 22.0, 35.0
#: age used for the BMI → fat-mass conversion by default (Dalla Man 2007 subjects, 56 y)
REFERENCE_AGE = 56.0
_BMI_RANGE, _AGE_RANGE, _FM_RANGE = (15.0, 60.0), (18.0, 90.0), (0.1, 10.0)


def _body_fat_percent(bmi, sex: str, age: float):
    """Deurenberg 1991: BF % = 1.20·BMI + 0.23·age − 10.8·sex − 5.4 (sex 1 men, 0 women).

    Deurenberg P, Weststrate JA, Seidell JC. Br J Nutr 65:105, 1991 [secondary: recalled
    formula, page unverified]. Valid for adults; it ignores ethnicity and muscularity.
    """
    return 1.20 * np.asarray(bmi, float) + 0.23 * age - 10.8 * (sex == "male") - 5.4


def _check_sex(sex):
    return choice("sex", sex, ADIPONECTIN_SEX_FACTOR)


def fat_mass_rel(bmi, sex: str = "male", age: float = REFERENCE_AGE):
    """Empirical link, not a fitted model. Fat mass relative to the same sex and age at BMI 22.

    FM = BF %·weight, with BF % from Deurenberg 1991 [secondary] and weight ∝ BMI at a fixed
    height (the height cancels in the ratio).

    Assumption: Deurenberg's population equation holds for the reader's body.

    Parameters
    ----------
    bmi : float or array, kg/m² (15–60); sex : "male" or "female"; age : years (18–90)
    """
    bmi = array_in_range("bmi", bmi, *_BMI_RANGE, "kg/m²")
    sex = _check_sex(sex)
    age = in_range("age", age, *_AGE_RANGE, "y")
    fm = _body_fat_percent(bmi, sex, age) * bmi
    fm_ref = _body_fat_percent(REFERENCE_BMI, sex, age) * REFERENCE_BMI
    out = fm / fm_ref
    return float(out) if out.ndim == 0 else out


#: exponent e of A ∝ FM^(−e), chosen so BMI 22 → 35 halves adiponectin for the reference man
#: (age 56) [derived from the chapters/academic/organs.md: Adipose tissue calibration]; ≈0.71
ADIPONECTIN_FAT_EXPONENT = math.log(2.0) / math.log(fat_mass_rel(HALVING_BMI, "male", REFERENCE_AGE))


def adiponectin_output(bmi=None, fat_mass_rel=None, sex: str = "male", age: float = REFERENCE_AGE):
    """Empirical link, not a fitted model. Plasma adiponectin (µg/mL) from fat mass.

    ``A = 10·(FM/FM_ref)^(−e)·s_sex`` [book, chapters/academic/organs.md: Adipose tissue], FM_ref = fat mass of the same sex at BMI 22.

    Anchors (calibration): BMI 22 → 35 takes the reference man from 10 to 5 µg/mL (Kern et al.
    2003, Diabetes 52:1779: insulin-sensitive 11.2 vs resistant 5.6 µg/mL, a factor 2
    [abstract]), which gives e ≈ 0.71 at age 56; s_sex = 1.6 for women (Kern 2003, BMI < 30:
    men 8.6, women 14.2 µg/mL). Checks: healthy range 0.5–30 µg/mL (Clin Sci 119:431, 2010);
    weight loss raises it (+46 % with −21 % BMI, Yang 2001 [unverified]).

    Assumption: adiponectin falls as a power of fat mass, with one exponent for both sexes;
    fat mass from BMI by Deurenberg 1991 [secondary]. It ignores fat distribution (visceral vs
    subcutaneous), which matters more than total fat, and any direct insulin-sensitivity effect
    at equal fat mass (Abbasi 2004). Rodent evidence only for causality.

    Parameters
    ----------
    bmi : float or array, kg/m² (15–60) — or
    fat_mass_rel : float or array (0.1–10), fat mass relative to the same sex at BMI 22.
        Give exactly one.
    sex : "male" (default) or "female"
    age : years (18–90), used only with ``bmi``

    Returns
    -------
    float or ndarray, µg/mL. Knob value for the glucose models: divide by 10.
    """
    sex = _check_sex(sex)
    if (bmi is None) == (fat_mass_rel is None):
        raise ValueError(f"give exactly one of bmi or fat_mass_rel (got bmi={bmi!r}, "
                         f"fat_mass_rel={fat_mass_rel!r})")
    if bmi is not None:
        fm = np.asarray(globals()["fat_mass_rel"](bmi, sex, age), float)
    else:
        fm = array_in_range("fat_mass_rel", fat_mass_rel, *_FM_RANGE)
    out = ADIPONECTIN_REF_UG_ML * ADIPONECTIN_SEX_FACTOR[sex] * fm ** (-ADIPONECTIN_FAT_EXPONENT)
    return float(out) if out.ndim == 0 else out


def cytokine_rule():
    """Empirical link, not a fitted model. The TNF-α / IL-6 rule of chapters/academic/organs.md: Adipose tissue, as data.

    TNF-α is adipose-local (paracrine): it lowers adiponectin output and raises lipolysis; never
    plot it as a plasma hormone (circulating TNF-α is extremely low or undetectable,
    Hotamisligil 1995, JCI 95:2409). IL-6 is released into plasma by subcutaneous fat
    (arterial 2.27 → venous 6.71 pg/mL, Mohamed-Ali 1997, JCEM 82:4196) and is the systemic
    correlate of insulin sensitivity (r = −0.71 with S_I, Kern 2001, AJP Endo 280:E745).

    Assumption: only directions are given (+1 raises, −1 lowers); no magnitudes are modelled,
    because no source gives a dose–response in humans.

    Returns
    -------
    dict with keys "tnf_alpha" and "il6".
    """
    return {
        "tnf_alpha": {"compartment": "adipose", "plot_as_plasma_hormone": False,
                      "adiponectin_output": -1, "lipolysis": +1,
                      "obese_vs_lean_adipose_secretion": 7.5,
                      "insulin_sensitivity_correlation": -0.42},
        "il6": {"compartment": "plasma", "plot_as_plasma_hormone": True,
                "insulin_sensitivity_correlation": -0.71, "nefa_correlation": 0.49,
                "low_vs_high_si_bmi_matched": 2.3},
    }
