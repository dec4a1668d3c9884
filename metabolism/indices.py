"""Clinical indices of insulin sensitivity and glycaemia (spec/MODELS.md §10).

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
==========  ===========================================  =======================================

What these leave out: HOMA and QUICKI come from one fasting sample, so they mostly
reflect the liver's sensitivity (fasting glucose output) rather than muscle uptake;
HOMA-IR has no universal cut-off (2.5 is a convention). The book's model subjects
use a meal-model proxy for the OGTT (the model was fitted to mixed meals).
"""
from __future__ import annotations

import math
from typing import NamedTuple, Sequence

from ._validate import in_range
from .units import MGDL_PER_MMOL

__all__ = ["homa_ir", "homa_b", "quicki", "matsuda", "eag_mgdl", "eag_mmol", "a1c_from_mean_glucose", "ada_category",
           "ADACategory", "GLUCOSE_RANGE_MGDL", "INSULIN_RANGE_UU_ML", "A1C_RANGE"]

#: plausible ranges accepted by the indices (wider than physiology, narrower than nonsense)
GLUCOSE_RANGE_MGDL = (10.0, 1500.0)
INSULIN_RANGE_UU_ML = (0.1, 1000.0)
A1C_RANGE = (3.0, 20.0)


def _glucose(name, value):
    return in_range(name, value, *GLUCOSE_RANGE_MGDL, unit="mg/dL")


def _insulin(name, value):
    return in_range(name, value, *INSULIN_RANGE_UU_ML, unit="µU/mL")


def homa_ir(fpg_mgdl, fpi_uU_mL) -> float:
    """HOMA-IR (HOMA1): fasting insulin × fasting glucose / 405 (1 for a normal young adult)."""
    return _insulin("fpi_uU_mL", fpi_uU_mL) * _glucose("fpg_mgdl", fpg_mgdl) / 405.0


def homa_b(fpg_mgdl, fpi_uU_mL) -> float:
    """HOMA-%B (β-cell function, %): 20 · FPI / (FPG[mmol/L] − 3.5).

    Undefined at FPG ≤ 3.5 mmol/L (63 mg/dL): raises ``ValueError`` there.
    """
    fpg = _glucose("fpg_mgdl", fpg_mgdl)
    fpi = _insulin("fpi_uU_mL", fpi_uU_mL)
    excess = fpg / MGDL_PER_MMOL - 3.5
    if excess <= 0:
        raise ValueError(f"fpg_mgdl={fpg:g} mg/dL: HOMA-%B is defined only above 63 mg/dL (3.5 mmol/L)")
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

    category: str          #: "normal" | "prediabetes" | "diabetes"
    detail: tuple          #: e.g. ("IFG",), ("IGT",), ("IFG", "IGT"), ("A1C",) ...
    by_test: dict          #: category of each test that was given


_ORDER = {"normal": 0, "prediabetes": 1, "diabetes": 2}


def ada_category(fpg_mgdl=None, ogtt2h_mgdl=None, a1c_percent=None) -> ADACategory:
    """ADA diagnostic category from any of fasting glucose, 2-h OGTT glucose and A1C.

    Each lower bound belongs to the worse category: FPG 100–125 mg/dL is impaired
    fasting glucose (IFG), ≥ 126 diabetes; 2-h glucose 140–199 is impaired glucose
    tolerance (IGT), ≥ 200 diabetes; A1C 5.7–6.4 % prediabetes, ≥ 6.5 % diabetes.
    A single result is a screening category, not a diagnosis (the ADA asks for
    confirmation by a repeat test).
    """
    by_test: dict[str, str] = {}
    detail: list[str] = []
    if fpg_mgdl is not None:
        v = _glucose("fpg_mgdl", fpg_mgdl)
        by_test["fasting"] = "diabetes" if v >= 126 else "prediabetes" if v >= 100 else "normal"
    if ogtt2h_mgdl is not None:
        v = _glucose("ogtt2h_mgdl", ogtt2h_mgdl)
        by_test["ogtt2h"] = "diabetes" if v >= 200 else "prediabetes" if v >= 140 else "normal"
    if a1c_percent is not None:
        v = in_range("a1c_percent", a1c_percent, *A1C_RANGE, unit="%")
        by_test["a1c"] = "diabetes" if v >= 6.5 else "prediabetes" if v >= 5.7 else "normal"
    if not by_test:
        raise ValueError("ada_category needs at least one of fpg_mgdl, ogtt2h_mgdl, a1c_percent")
    worst = max(by_test.values(), key=_ORDER.__getitem__)
    if worst == "prediabetes":
        names = {"fasting": "IFG", "ogtt2h": "IGT", "a1c": "A1C"}
        detail = [names[t] for t, c in by_test.items() if c == "prediabetes"]
    return ADACategory(worst, tuple(detail), by_test)
