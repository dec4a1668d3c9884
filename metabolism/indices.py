"""Clinical indices of insulin sensitivity and glycaemia (chapters/academic/measuring.md).

Units are in the argument names: glucose in mg/dL (``*_mgdl``), insulin in µU/mL
(``*_uU_mL``). Convert from mmol/L or pmol/L with :mod:`metabolism.units` first.

==========  ===========================================  =======================================
index       formula                                      source
==========  ===========================================  =======================================
HOMA-IR     FPI · FPG[mg/dL] / 405                       Matthews et al. 1985, Diabetologia 28:412
HOMA-%B     20 · FPI / (FPG[mmol/L] − 3.5)               Matthews et al. 1985
QUICKI      1 / (log10 FPI + log10 FPG[mg/dL])           Katz et al. 2000, J Clin Endocrinol Metab 85:2402
Matsuda     10000 / √(G0·I0·Ḡ·Ī), 0/30/60/90/120 min     Matsuda & DeFronzo 1999, Diabetes Care 22:1462
eAG         28.7·A1C − 46.7 mg/dL                        Nathan et al. 2008 (ADAG), Diabetes Care 31:1473
ADA         fasting, 2-h OGTT and A1C categories         ADA Standards of Care, Sec. 2 (2025)
low         glucose < 70 mg/dL (level 1), < 54 (level 2) ADA Standards of Care, Sec. 6 (2025)
==========  ===========================================  =======================================

What these leave out: HOMA and QUICKI come from one fasting sample, so they mostly
reflect the liver's sensitivity (fasting glucose output) rather than muscle uptake;
HOMA-IR has no universal cut-off (2.5 is a convention). The book's model subjects
use a meal-model proxy for the OGTT (the model was fitted to mixed meals).
"""
from __future__ import annotations

import math
from typing import NamedTuple, Sequence

from ._readonly import freeze
from ._validate import array_in_range, in_range, number, short_repr
from .units import MGDL_PER_MMOL

__all__ = ["homa_ir", "homa_b", "quicki", "matsuda", "eag_mgdl", "eag_mmol", "a1c_from_mean_glucose", "ada_category",
           "ADACategory", "ADA_CUTOFFS", "HYPOGLYCAEMIA_MGDL", "HOMA_B_MIN_MGDL", "format_at_cutoffs",
           "GLUCOSE_RANGE_MGDL", "INSULIN_RANGE_UU_ML", "A1C_RANGE",
           "HOMA_IR_DIVISOR", "HOMA_IR_ISOLINES", "homa_ir_isoline"]

#: plausible ranges accepted by the indices (wider than physiology, narrower than nonsense)
GLUCOSE_RANGE_MGDL = (10.0, 1500.0)
INSULIN_RANGE_UU_ML = (0.1, 1000.0)
A1C_RANGE = (3.0, 20.0)
#: HOMA-IR = insulin (µU/mL) × glucose (mg/dL) / 405: 405 = 22.5 (mmol/L × µU/mL of a normal young adult)
#: × 18.0 mg/dL per mmol/L (Matthews et al. 1985)
HOMA_IR_DIVISOR = 22.5 * MGDL_PER_MMOL
#: the HOMA-IR isolines the book draws on glucose–insulin maps: 1.0, a normal young adult by construction
#: (Matthews et al. 1985), and 2.5, a common convention for "insulin resistant" (no universal cut-off)
HOMA_IR_ISOLINES = (1.0, 2.5)

#: glucose below which HOMA-%B is undefined: FPG ≤ 3.5 mmol/L = 63 mg/dL (the formula divides by FPG − 3.5)
HOMA_B_MIN_MGDL = 3.5 * MGDL_PER_MMOL
#: hypoglycaemia levels by glucose, mg/dL: level 1 < 70 (3.9 mmol/L), level 2 < 54 (3.0 mmol/L)
#: (ADA Standards of Care in Diabetes—2025, Sec. 6 "Glycemic Goals and Hypoglycemia", Diabetes Care
#: 48 Suppl 1:S128-S145; level 3 is a severe event, whatever the glucose). Defined for people with
#: diabetes; the book uses the same numbers to call any reading "low" rather than "normal".
HYPOGLYCAEMIA_MGDL = freeze({"level 1": 70.0, "level 2": 54.0})
#: the cut-offs each test is compared with (each a lower bound of the worse category, chapters/academic/measuring.md)
ADA_CUTOFFS = freeze({"fasting": (54.0, 70.0, 100.0, 126.0), "ogtt2h": (54.0, 70.0, 140.0, 200.0),
                      "a1c": (5.7, 6.5)})


def _glucose(name, value):
    return in_range(name, value, *GLUCOSE_RANGE_MGDL, unit="mg/dL")


def _insulin(name, value):
    return in_range(name, value, *INSULIN_RANGE_UU_ML, unit="µU/mL")


def homa_ir(fpg_mgdl, fpi_uU_mL) -> float:
    """HOMA-IR (HOMA1): fasting insulin × fasting glucose / 405 (1 for a normal young adult)."""
    return _insulin("fpi_uU_mL", fpi_uU_mL) * _glucose("fpg_mgdl", fpg_mgdl) / HOMA_IR_DIVISOR


def homa_ir_isoline(homa_ir_value, fpg_mgdl):
    """Fasting insulin (µU/mL) at which HOMA-IR equals ``homa_ir_value`` (0.01–100) for fasting glucose
    ``fpg_mgdl`` (mg/dL, 10–1500; a number or an array, e.g. the x-axis of a glucose–insulin map):
    ``HOMA_IR_DIVISOR × homa_ir_value / fpg_mgdl``, a hyperbola. Returns a float or an array like
    ``fpg_mgdl``."""
    h = in_range("homa_ir_value", homa_ir_value, 0.01, 100.0)
    g = array_in_range("fpg_mgdl", fpg_mgdl, *GLUCOSE_RANGE_MGDL, unit="mg/dL")
    out = HOMA_IR_DIVISOR * h / g
    return float(out) if out.ndim == 0 else out


def homa_b(fpg_mgdl, fpi_uU_mL) -> float:
    """HOMA-%B (β-cell function, %): 20 · FPI / (FPG[mmol/L] − 3.5).

    Undefined at FPG ≤ 3.5 mmol/L (63 mg/dL): raises ``ValueError`` there. Just above it the
    value explodes (63.01 mg/dL with 300 µU/mL gives 10 800 000 %): it means something only for
    fasting glucose in the usual range, and the book's sandbox does not show it below 70 mg/dL.
    """
    fpg = _glucose("fpg_mgdl", fpg_mgdl)
    fpi = _insulin("fpi_uU_mL", fpi_uU_mL)
    excess = fpg / MGDL_PER_MMOL - 3.5
    if excess <= 0:
        raise ValueError(f"fpg_mgdl={fpg:g} mg/dL: HOMA-%B is not defined at or below "
                         f"{HOMA_B_MIN_MGDL:g} mg/dL (3.5 mmol/L)")
    return 20.0 * fpi / excess


def quicki(fpg_mgdl, fpi_uU_mL) -> float:
    """QUICKI: 1 / (log10 FPI[µU/mL] + log10 FPG[mg/dL])."""
    fpg = _glucose("fpg_mgdl", fpg_mgdl)
    fpi = _insulin("fpi_uU_mL", fpi_uU_mL)
    s = math.log10(fpi) + math.log10(fpg)
    if s <= 0:
        raise ValueError(f"QUICKI is undefined for fpg_mgdl={fpg:g}, fpi_uU_mL={fpi:g} (log sum ≤ 0)")
    return 1.0 / s


def _samples(name, values, check) -> list[float]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence) and not hasattr(values, "__len__"):
        raise ValueError(f"{name} must be a sequence of 5 values (0, 30, 60, 90, 120 min)")
    vals = [check(f"{name}[{k}]", v) for k, v in enumerate(values)]
    if len(vals) != 5:
        raise ValueError(f"{name} has {len(vals)} values; Matsuda needs 5 (0, 30, 60, 90, 120 min)")
    return vals


def matsuda(glucose_mgdl, insulin_uU_mL) -> float:
    """Matsuda insulin sensitivity index from a 75-g OGTT.

    Both arguments are the samples at 0, 30, 60, 90 and 120 min, the first one fasting;
    Ḡ and Ī are the arithmetic means of the five samples [book: five-sample form].
    """
    g = _samples("glucose_mgdl", glucose_mgdl, _glucose)
    i = _samples("insulin_uU_mL", insulin_uU_mL, _insulin)
    return 10000.0 / math.sqrt(g[0] * i[0] * (sum(g) / 5) * (sum(i) / 5))


def eag_mgdl(a1c_percent) -> float:
    """Estimated average glucose (mg/dL) from A1C (%): 28.7·A1C − 46.7 (ADAG 2008)."""
    return 28.7 * in_range("a1c_percent", a1c_percent, *A1C_RANGE, unit="%") - 46.7


def a1c_from_mean_glucose(mean_glucose_mgdl) -> float:
    """A1C (%) that the ADAG relation pairs with a mean glucose (mg/dL): (mean + 46.7)/28.7.

    The ADAG line read backwards; it assumes the mean holds for the ~3 months A1C reflects.
    """
    return (_glucose("mean_glucose_mgdl", mean_glucose_mgdl) + 46.7) / 28.7


def eag_mmol(a1c_percent) -> float:
    """Estimated average glucose (mmol/L) from A1C (%): 1.59·A1C − 2.59 (ADAG 2008)."""
    return 1.59 * in_range("a1c_percent", a1c_percent, *A1C_RANGE, unit="%") - 2.59


class ADACategory(NamedTuple):
    """Result of :func:`ada_category`: the worst category over the tests given."""

    category: str          #: "low" | "normal" | "prediabetes" | "diabetes"
    detail: tuple          #: e.g. ("IFG",), ("IGT",), ("IFG", "IGT"), ("A1C",), ("hypoglycaemia level 1",)
    by_test: dict          #: category of each test that was given


_ORDER = {"normal": 0, "low": 1, "prediabetes": 2, "diabetes": 3}


def _glucose_category(v, cutoffs):
    level2, level1, pre, dm = cutoffs
    return ("diabetes" if v >= dm else "prediabetes" if v >= pre else "normal" if v >= level1 else "low")


def ada_category(fpg_mgdl=None, ogtt2h_mgdl=None, a1c_percent=None) -> ADACategory:
    """ADA diagnostic category from any of fasting glucose, 2-h OGTT glucose and A1C.

    Each lower bound belongs to the worse category: FPG 100–125 mg/dL is impaired
    fasting glucose (IFG), ≥ 126 diabetes; 2-h glucose 140–199 is impaired glucose
    tolerance (IGT), ≥ 200 diabetes; A1C 5.7–6.4 % prediabetes, ≥ 6.5 % diabetes.
    A single result is a screening category, not a diagnosis (the ADA asks for
    confirmation by a repeat test).

    A glucose below 70 mg/dL is not called normal: that test is ``"low"`` and the detail
    names the hypoglycaemia level (level 1 < 70 mg/dL, level 2 < 54 mg/dL; ADA Standards of
    Care 2025, Sec. 6, Diabetes Care 48 Suppl 1:S128). The category is ``"low"`` unless
    another test is in the prediabetes or diabetes range, which then wins.
    """
    by_test: dict[str, str] = {}
    detail: list[str] = []
    lowest = math.inf
    if fpg_mgdl is not None:
        v = _glucose("fpg_mgdl", fpg_mgdl)
        by_test["fasting"] = _glucose_category(v, ADA_CUTOFFS["fasting"])
        lowest = min(lowest, v)
    if ogtt2h_mgdl is not None:
        v = _glucose("ogtt2h_mgdl", ogtt2h_mgdl)
        by_test["ogtt2h"] = _glucose_category(v, ADA_CUTOFFS["ogtt2h"])
        lowest = min(lowest, v)
    if a1c_percent is not None:
        v = in_range("a1c_percent", a1c_percent, *A1C_RANGE, unit="%")
        pre, dm = ADA_CUTOFFS["a1c"]
        by_test["a1c"] = "diabetes" if v >= dm else "prediabetes" if v >= pre else "normal"
    if not by_test:
        raise ValueError("ada_category needs at least one of fpg_mgdl, ogtt2h_mgdl, a1c_percent")
    worst = max(by_test.values(), key=_ORDER.__getitem__)
    if worst == "prediabetes":
        names = {"fasting": "IFG", "ogtt2h": "IGT", "a1c": "A1C"}
        detail = [names[t] for t, c in by_test.items() if c == "prediabetes"]
    if lowest < HYPOGLYCAEMIA_MGDL["level 1"]:
        detail.append("hypoglycaemia level 2" if lowest < HYPOGLYCAEMIA_MGDL["level 2"] else "hypoglycaemia level 1")
    return ADACategory(worst, tuple(detail), by_test)


def format_at_cutoffs(value: float, cutoffs=(), min_decimals: int = 0, max_decimals: int = 3) -> str:
    """``value`` with the fewest decimals (``min_decimals``–``max_decimals``) that keep it on its side of
    every cut-off, so the printed number shows what decides the category.

    A category is decided by comparisons such as ``value >= 126``; rounding 125.96 to "126" would
    print the wrong side. ``format_at_cutoffs(125.96, (100, 126))`` gives "125.96",
    ``format_at_cutoffs(95.2, (100, 126))`` gives "95"; a value closer below a cut-off than
    ``max_decimals`` can show prints as "just below 126". Zero prints "0", never "-0".
    """
    v = number("value", value)
    try:
        cutoffs = [number("cutoffs", c) for c in cutoffs]
    except TypeError:
        raise TypeError(f"cutoffs={short_repr(cutoffs)} must be a sequence of numbers") from None
    for name, d in (("min_decimals", min_decimals), ("max_decimals", max_decimals)):
        if isinstance(d, bool) or not isinstance(d, int) or not 0 <= d <= 6:
            raise ValueError(f"{name}={short_repr(d)} must be a whole number from 0 to 6")
    if min_decimals > max_decimals:
        raise ValueError(f"min_decimals={min_decimals} is larger than max_decimals={max_decimals}")
    for d in range(min_decimals, max_decimals + 1):
        shown = round(v, d) + 0.0             # + 0.0 turns -0.0 into 0.0
        crossed = [c for c in cutoffs if (shown >= c) != (v >= c)]
        if not crossed:
            return f"{shown:.{d}f}"
    return f"just below {min(crossed):g}"     # rounding can only lift a value onto a cut-off
