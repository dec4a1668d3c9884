"""Labelled empirical links (chapters/academic/organs.md, chapters/intermediate/hormones.md).

No validated human model links adiponectin, TNF-α, IL-6, endothelial NO or sex hormones
quantitatively to insulin sensitivity. Each function here is an **empirical link, not a fitted
model**: a simple form calibrated to a few published numbers, with its anchors and its
assumption stated. :data:`LINKS` holds, per link, what a model card or badge needs.

Every function returns plain floats/arrays (or NamedTuples/dicts of them) and raises
``ValueError`` naming the argument, the value and the allowed range.
"""
from __future__ import annotations

from dataclasses import dataclass

from .._readonly import freeze

from .adipokines import (ADIPONECTIN_FAT_EXPONENT, ADIPONECTIN_SEX_FACTOR, adiponectin_output,
                         cytokine_rule, fat_mass_rel)
from .endothelium import endothelium_from_clamp, microvascular_ec50, microvascular_emax, microvascular_response
from .liver import daily_mean_ratio, liver_fat_index
from .sex_hormones import (A_OVARY_PCOS, SHBG_INSULIN_EXPONENT, FemaleAndrogens, MaleAndrogens,
                           emas_comparison, estradiol_aromatase, female_androgens,
                           free_testosterone, male_testosterone, shbg_from_insulin,
                           total_testosterone)

__all__ = ["LINKS", "Link", "BADGE", "MODEL_CARD",
           "adiponectin_output", "cytokine_rule", "microvascular_response", "microvascular_ec50",
           "microvascular_emax", "endothelium_from_clamp", "free_testosterone", "total_testosterone", "shbg_from_insulin",
           "female_androgens", "male_testosterone", "emas_comparison", "estradiol_aromatase",
           "liver_fat_index",
           "FemaleAndrogens", "MaleAndrogens", "SHBG_INSULIN_EXPONENT", "A_OVARY_PCOS",
           "ADIPONECTIN_FAT_EXPONENT", "ADIPONECTIN_SEX_FACTOR"]

#: the badge text every link carries
BADGE = "Empirical link, not a fitted model."

MODEL_CARD = freeze({
    "model": "labelled empirical links (adipokines, endothelium, sex hormones, liver-fat index)",
    "citation": ("per link, see LINKS[name].anchors; chapters/academic/organs.md, chapters/intermediate/hormones.md; Vermeulen et al. "
                 "1999, JCEM 84:3666 for free testosterone"),
    "valid": ("steady-state directions and the few calibration numbers listed per link; not a "
              "fitted model of any cohort"),
    "leaves_out": ("dynamics; feedback on the glucose models (adiponectin acts only through the "
                   "adiponectin knob); fat distribution; the HPG axis; Rieger 2022 liver-lipid model"),
})


@dataclass(frozen=True)
class Link:
    """What the book needs to render one link as a badge or model card."""

    name: str
    title: str
    functions: tuple[str, ...]
    anchors: tuple[dict, ...]
    assumption: str
    source: str
    badge: str = BADGE


def _a(fact, value, source, tag="[abstract]"):
    return freeze({"fact": fact, "value": value, "source": source, "tag": tag})


LINKS = freeze({link.name: link for link in (
    Link("adiponectin_output", "Adiponectin from fat mass",
         ("adiponectin_output",),
         (_a("BMI 22 → 35 (reference man)", "10 → 5 µg/mL (calibration)",
             "Kern et al. 2003, Diabetes 52:1779 (11.2 vs 5.6 µg/mL, sensitive vs resistant)"),
          _a("women / men", "×1.6 (14.2 vs 8.6 µg/mL, BMI < 30)", "Kern et al. 2003"),
          _a("healthy range", "0.5–30 µg/mL; knob 1 = 10 µg/mL", "Clin Sci 119:431, 2010"),
          _a("body fat", "r = −0.62 with % body fat (Pima)", "Stefan et al. 2002, Diabetes 51:1884")),
         "A = 10·s_sex·(FM/FM_ref)^(−e), e ≈ 0.71 from the BMI 22 → 35 halving; fat mass from BMI "
         "by Deurenberg 1991 [secondary]; fat distribution ignored; causal evidence is from rodents",
         "chapters/academic/organs.md: Adipose tissue [book]"),
    Link("tnf_il6", "TNF-α (adipose-local) and IL-6 (plasma)",
         ("cytokine_rule",),
         (_a("adipose TNF-α mRNA, obese women", "2.5×; plasma TNF-α extremely low",
             "Hotamisligil et al. 1995, JCI 95:2409"),
          _a("adipose TNF secretion obese vs lean", "7.5×; r = −0.42 with S_I",
             "Kern et al. 2001, AJP Endo 280:E745"),
          _a("plasma IL-6 vs S_I", "r = −0.71; IL-6 vs NEFA r = 0.49", "Kern et al. 2001"),
          _a("subcutaneous fat releases IL-6, not TNF-α", "IL-6 2.27 → 6.71 pg/mL across the bed",
             "Mohamed-Ali et al. 1997, JCEM 82:4196")),
         "directions only: TNF-α lowers adiponectin output and raises lipolysis inside fat and is "
         "never plotted as a plasma hormone; IL-6 is a systemic correlate of S_I, not a cause",
         "chapters/academic/organs.md: Adipose tissue [book]"),
    Link("endothelium_no", "Insulin-stimulated microvascular recruitment (NO)",
         ("microvascular_response", "microvascular_ec50", "microvascular_emax", "endothelium_from_clamp"),
         (_a("lean, 1 mU/kg/min clamp", "MBV 18.7 → 25.0 (+34 %)", "Clerk et al. 2006, Diabetes 55:1436"),
          _a("obese, same clamp", "no rise (20.4 → 18.8); GIR 19.3 vs 37.4 µmol/kg/min",
             "Clerk et al. 2006"),
          _a("dose–response in obesity", "right-shifted", "Laakso & Baron 1990, JCI 85:1844")),
         "Hill curve, n = 2, lean EC50 330 pmol/L; EC50 ∝ 1/sensitivity, Emax linear in "
         "sensitivity reaching 0 at the obese group; clamp insulin taken as 600 pmol/L",
         "chapters/academic/organs.md: Endothelium [book]"),
    Link("free_testosterone", "Free testosterone by mass action (Vermeulen)",
         ("free_testosterone", "total_testosterone"),
         (_a("TT 10 nmol/L, SHBG 40 nmol/L, albumin 43 g/L", "FT 0.174 nmol/L (1.74 %)",
             "ISSAM calculator, worked example of Vermeulen et al. 1999, JCEM 84:3666",
             "[secondary]"),),
         "constants K_SHBG 1e9 L/mol, K_alb 3.6e4 L/mol, albumin 69 000 g/mol [unverified]; "
         "CBG and SHBG heterogeneity ignored",
         "Vermeulen, Verdonck & Kaufman 1999, JCEM 84:3666; chapters/intermediate/hormones.md"),
    Link("female_androgens", "Insulin, SHBG and ovarian testosterone in women (PCOS)",
         ("female_androgens", "shbg_from_insulin"),
         (_a("lean PCOS, metformin: insulin −45 %", "SHBG 84 → 134 nmol/L (+60 %), free T "
             "18.2 → 5.5 pmol/L (−70 %)", "Nestler & Jakubowicz 1997, JCEM 82:4075"),
          _a("obese PCOS, metformin", "insulin AUC −46 %; LH 8.5 → 2.8 mIU/mL",
             "Nestler & Jakubowicz 1996, NEJM 335:617"),
          _a("postmenopausal insulin resistance, metformin", "free T −19 % vs placebo",
             "Patel 2010, Fertil Steril 94:2161")),
         "SHBG ∝ insulin^(−0.79); ovarian T ∝ 1 + a·(I/I_ref − 1), a ≈ 1.2 in PCOS, 0 in normal "
         "women; total T ∝ ovarian output; steady state only; LH and adrenal androgens ignored",
         "chapters/intermediate/hormones.md [book]"),
    Link("male_testosterone", "Insulin, SHBG and total testosterone in men",
         ("male_testosterone", "emas_comparison", "estradiol_aromatase"),
         (_a("BMI ≥ 30 vs < 25 (3200 men)", "total T −5.09 nmol/L, free T −53.7 pmol/L",
             "Wu et al. 2008 (EMAS), JCEM 93:2737"),
          _a("moderate obesity", "total T falls mainly via lower SHBG",
             "Ng Tang Fui, Dupuis & Grossmann 2014, Asian J Androl 16:223"),
          _a("> 160 % ideal weight", "E2 21.7 → 43.9 pg/mL, T 5.89 → 3.29 ng/mL",
             "Kley et al. 1980, JCEM")),
         "the women's exponent −0.79 applies to men; free T held at the reference (17 nmol/L TT, "
         "40 nmol/L SHBG [book]); obese fasting insulin ×2 for the EMAS check; E2 ∝ fat mass × T",
         "chapters/intermediate/hormones.md [book]"),
    Link("liver_fat_index", "Relative liver-fat index (MASLD/NAFLD)",
         ("liver_fat_index",),
         (_a("sources of liver TG in NAFLD", "59 % plasma NEFA, 26 % DNL, 15 % diet",
             "Donnelly et al. 2005, JCI 115:1343"),),
         "linear in each source, 1.0 at the reference; DNL ∝ daily mean insulin (exponent 1); "
         "not Rieger 2022 and not a liver-fat percentage",
         "chapters/academic/organs.md: liver fat [book]"),
)})
