"""Liver-fat index (chapters/academic/organs.md: liver fat): a labelled relative index, not Rieger 2022.

Rieger, Allen & Musante 2022 (Front Pharmacol 13:910789) is the published liver-lipid model;
its constants are not reachable offline, so the book shows this relative index instead.
"""
from __future__ import annotations

import numpy as np

from .._readonly import freeze
from .._validate import array_in_range

__all__ = ["liver_fat_index", "daily_mean_ratio", "DONNELLY_SHARES"]

#: sources of liver triglyceride in NAFLD: plasma NEFA 59 %, DNL 26 %, diet 15 %
#: (Donnelly et al. 2005, JCI 115:1343) [abstract]
DONNELLY_SHARES = freeze({"nefa": 0.59, "dnl": 0.26, "diet": 0.15})


def liver_fat_index(nefa_rel=1.0, dnl_rel=1.0, diet_rel=1.0):
    """Empirical link, not a fitted model. Relative liver-fat index (1.0 at the reference subject).

    ``index = 0.59·NEFA_rel + 0.26·DNL_rel + 0.15·diet_rel`` [book, chapters/academic/organs.md: liver fat], weights = the
    Donnelly 2005 source shares of liver TG in NAFLD (JCI 115:1343 [abstract]).

    How to fill the inputs (each relative to the reference subject, so 1.0 there):
    NEFA_rel = daily mean NEFA (from :func:`metabolism.lipolysis.simulate`) / reference;
    DNL_rel = daily mean insulin / reference (DNL rises with insulin and carbohydrate);
    diet_rel = daily carbohydrate / the reference day. :func:`daily_mean_ratio` computes the
    first two from trajectories.

    Assumption: liver fat scales linearly with each source's flux, exponent 1 for the insulin
    → DNL link, shares fixed at the NAFLD values; no oxidation, VLDL export or time course.
    An index, not a percentage: NAFLD/MASLD (> 5 % steatotic hepatocytes) cannot be read off.

    Parameters
    ----------
    nefa_rel, dnl_rel, diet_rel : float or array, 0–10 (relative to the reference)

    Returns
    -------
    float or ndarray (dimensionless, 1.0 at the reference)
    """
    n = array_in_range("nefa_rel", nefa_rel, 0.0, 10.0)
    d = array_in_range("dnl_rel", dnl_rel, 0.0, 10.0)
    c = array_in_range("diet_rel", diet_rel, 0.0, 10.0)
    out = DONNELLY_SHARES["nefa"] * n + DONNELLY_SHARES["dnl"] * d + DONNELLY_SHARES["diet"] * c
    return float(out) if np.ndim(out) == 0 else out


def daily_mean_ratio(t, y, t_ref, y_ref):
    """Time-weighted mean of ``y`` over ``t`` divided by that of ``y_ref`` over ``t_ref``.

    Trapezoid rule; both series must be finite, ≥ 0, on strictly increasing times (any unit,
    the same for both). Used to turn NEFA or insulin trajectories into the relative inputs of
    :func:`liver_fat_index`.
    """
    def mean(name, tt, yy):
        tt = array_in_range(f"{name} times", tt, -1e7, 1e7)
        yy = array_in_range(name, yy, 0.0, 1e7)
        if tt.ndim != 1 or tt.shape != yy.shape or tt.size < 2 or np.any(np.diff(tt) <= 0):
            raise ValueError(f"{name} must be a 1-D series on strictly increasing times")
        return float(np.sum(0.5 * (yy[1:] + yy[:-1]) * np.diff(tt)) / (tt[-1] - tt[0]))
    ref = mean("y_ref", t_ref, y_ref)
    if ref <= 0:
        raise ValueError(f"y_ref has mean {ref:g}; it must be greater than 0")
    return mean("y", t, y) / ref
