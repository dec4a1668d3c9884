"""Meal-scale glucose-insulin dynamics: the Dalla Man, Rizza & Cobelli 2007 meal model.

Thin public facade over :mod:`metabolism.models.dallaman2007` (see its docstring for the equations,
parameters, confidence tags and what the model leaves out).

Functions: :func:`simulate`, :func:`simulate_population`, :func:`fasting_state`, :func:`clamp`,
:func:`clamp_detail`, :func:`ogtt`, :func:`ivgtt`, :func:`params`, :func:`basal`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import indices
from ._readonly import freeze
from ._validate import in_range, short_repr
from .scenarios import DAY_MEALS
from .models.dallaman2007 import (MealResult, Fasting, basal, clamp_detail as _clamp_detail, fasting_state,
                                  params, simulate, simulate_population, UNITS, STATE_NAMES)

__all__ = ["simulate", "simulate_population", "fasting_state", "clamp", "clamp_detail", "ogtt", "ivgtt", "day",
           "day_metrics", "DayMetrics", "tissue_grams",
           "params", "basal", "MODEL_CARD", "KNOB_NOTE", "MealResult", "Fasting", "UNITS", "STATE_NAMES",
           "INSULIN_PMOL_PER_UU"]

#: 1 µU/mL = 6.00 pmol/L [book convention, appendix/index.md: Units and conventions]
INSULIN_PMOL_PER_UU = 6.00

MODEL_CARD = freeze({
    "model": "Dalla Man 2007 meal simulation model (12 states: glucose, insulin, gut, secretion)",
    "citation": ("Dalla Man C, Rizza RA, Cobelli C. Meal simulation model of the glucose-insulin system. "
                 "IEEE Trans Biomed Eng 54(10):1740-1749, 2007 (PMID 17926672); gastric emptying: Dalla Man, "
                 "Camilleri & Cobelli, IEEE Trans Biomed Eng 53(12):2472-2478, 2006; curated SBML "
                 "(normal subject, differs from the paper): BioModels BIOMD0000000379"),
    "valid": ("one mixed meal or a day of meals in adults (normal: 204 subjects, 56 y, 78 kg; T2D: 14 subjects, "
              "91 kg); knobs glut4 0.2-2.0, hepatic_output 0.5-2.0, adiponectin 0.25-2.5; time in minutes. "
              "Default load 1 g/kg; the published curves correspond to ≈1.36 g/kg (paper-figure mode). "
              "Clamp insulin (600 pmol/L) is outside the insulin range the model was identified on"),
    "leaves_out": ("glucagon and incretins (lumped into fitted parameters), free fatty acids, counter-regulation "
                   "in hypoglycaemia, meal composition other than glucose, circadian changes, long-term "
                   "adaptation (β-cell mass, weight). The secretion floor (fasting insulin exactly 0 below "
                   "≈78 mg/dL) is a model artefact. The adiponectin gain a**0.5 and the 94/6 % muscle/adipose "
                   "split of Uid are book assumptions"),
})

KNOB_NOTE = ("glut4 scales Vmx (insulin-stimulated uptake counted from zero insulin); hepatic_output shifts kp1 "
             "by (h - 1)·EGPb (metformin ≈ 0.76); adiponectin multiplies kp3 and Vmx by a**0.5 [assumed]. "
             "Nothing is re-fitted: the fasting state is the model's own steady state (appendix/meal-model.md: Knobs).")


def clamp(subject: str = "normal", knobs=None, insulin_pmolL: float = 600.0, glucose_mgdl: float = 90.0) -> float:
    """Steady-state clamp glucose infusion rate M (mg/kg/min), signed, never clipped (appendix/meal-model.md: Fasting state and clamp)."""
    return float(_clamp_detail(subject, knobs, insulin_pmolL, glucose_mgdl)["M"])


def clamp_detail(subject: str = "normal", knobs=None, insulin_pmolL: float = 600.0,
                 glucose_mgdl: float = 90.0) -> dict:
    """Clamp fluxes: M, EGP, Uid, Uii, E (mg/kg/min) and EGP_suppression vs basal (appendix/meal-model.md: Fasting state and clamp)."""
    return _clamp_detail(subject, knobs, insulin_pmolL, glucose_mgdl)


OGTT_TIMES = (0, 30, 60, 90, 120)


def ogtt(subject: str = "normal", knobs=None, body_weight: float = 78, **options) -> dict:
    """75-g OGTT proxy: 75 g glucose at t = 0 at ``body_weight`` (chapters/academic/measuring.md, "meal-model proxy").

    Returns a dict: ``result`` (the simulation), ``t_min`` (0, 30, 60, 90, 120), ``glucose_mgdl`` and
    ``insulin_uU_mL`` at those times (insulin converted with 6.00 pmol/L per µU/mL), ``glucose_2h`` and,
    if :mod:`metabolism.indices` provides it, ``matsuda``. The model was fitted to mixed meals.
    """
    r = simulate(subject, knobs, meals=[(0, 75)], body_weight=body_weight, t_end=180, **options)
    t = np.array(OGTT_TIMES, dtype=float)
    g = np.interp(t, r.t, r.G)
    i = np.interp(t, r.t, r.I) / INSULIN_PMOL_PER_UU
    out = {"result": r, "t_min": t, "glucose_mgdl": g, "insulin_uU_mL": i, "glucose_2h": float(g[-1])}
    try:
        from .indices import matsuda
        out["matsuda"] = matsuda(g, i)
    except (ImportError, ValueError):
        out["matsuda"] = None
    return out


def ivgtt(subject: str = "normal", knobs=None, dose_g_per_kg: float = 0.3, t_end: float = 180,
          body_weight: float = 78, **options) -> MealResult:
    """Intravenous glucose bolus into Gp at t = 0 (FSIGT-like, no tolbutamide; chapters/academic/measuring.md)."""
    dose = in_range("dose_g_per_kg", dose_g_per_kg, 0.0, 1.0, "g/kg")
    return simulate(subject, knobs, meals=[], body_weight=body_weight, t_end=t_end,
                    glucose_bolus=[(0.0, dose * 1000.0)], **options)


def day(subject: str = "normal", knobs=None, body_weight=None, **options) -> MealResult:
    """A day of three meals (:data:`metabolism.scenarios.DAY_MEALS`: 08:00 45 g, 12:00 70 g, 20:00 70 g;
    t = 0 at 06:00), 24 h from the fasting state. ``body_weight`` defaults to the subject's (78 kg normal,
    91 kg T2D, the paper's cohorts); other keywords as :func:`simulate`."""
    bw = body_weight if body_weight is not None else (91.0 if subject == "t2d" else 78.0)
    return simulate(subject, knobs, meals=DAY_MEALS, body_weight=bw, t_end=1440, **options)


@dataclass(frozen=True)
class DayMetrics:
    """Daily numbers of a run (a day of meals): glucose in mg/dL, times in h, insulin in U, urine in g."""

    mean_glucose: float          # mg/dL, time average over the run
    hours_above_180: float       # h with G > 180 mg/dL (the usual CGM "time above range")
    hours_above_140: float       # h with G > 140 mg/dL
    a1c_estimate: float          # %, the ADAG line read from the mean (assumes it held for ~3 months)
    insulin_secreted: float      # U over the run
    urinary_glucose: float       # g over the run
    duration_h: float            # h


def day_metrics(result: MealResult) -> DayMetrics:
    """Daily numbers from a single-subject meal-model run (e.g. :func:`day`).

    Times above a level are read on the run's own time grid (1 min by default) with linear
    interpolation of the crossings; the mean is the time average (trapezoid rule); the A1C
    estimate is :func:`metabolism.indices.a1c_from_mean_glucose` of that mean [ADAG 2008].
    """
    if not all(hasattr(result, a) for a in ("t", "G", "insulin_secreted_U", "urinary_glucose_g")):
        raise TypeError(f"result={short_repr(result)} must be a meal-model run (meal.simulate or meal.day)")
    try:
        t, G = np.asarray(result.t, dtype=float), np.asarray(result.G, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("result.t and result.G must be numeric arrays") from None
    if t.ndim != 1 or t.size < 2 or G.shape[-1:] != t.shape or not (np.all(np.isfinite(t)) and np.all(np.isfinite(G))):
        raise ValueError("result must hold at least two finite time points and one finite glucose value per point")
    if G.ndim != 1:
        raise ValueError("day_metrics takes a single-subject run; for a population, index one member")
    span = t[-1] - t[0]
    if span <= 0:
        raise ValueError("result must span more than 0 min (t increasing)")

    def hours_above(level):
        # exact time above a level for a piecewise-linear curve, segment by segment
        g0, g1, dt = G[:-1] - level, G[1:] - level, np.diff(t)
        both = (g0 > 0) & (g1 > 0)
        cross = (g0 > 0) != (g1 > 0)
        frac = np.where(cross, np.maximum(g0, g1) / np.where(cross, np.abs(g1 - g0), 1.0), 0.0)
        return float(np.sum(dt[both]) + np.sum((frac * dt)[cross])) / 60.0

    mean = float(np.trapezoid(G, t) / span)
    return DayMetrics(mean_glucose=mean, hours_above_180=hours_above(180.0), hours_above_140=hours_above(140.0),
                      a1c_estimate=indices.a1c_from_mean_glucose(mean),
                      insulin_secreted=float(result.insulin_secreted_U),
                      urinary_glucose=float(result.urinary_glucose_g), duration_h=float(span) / 60.0)


#: the glucose fluxes :func:`tissue_grams` adds up, by the name the book gives the place (all mg/kg/min)
TISSUE_FLUXES = freeze({"gut": "Ra", "liver": "EGP", "muscle": "U_muscle", "adipose": "U_adipose",
                        "brain": "Uii", "urine": "E"})


def tissue_grams(result: MealResult) -> dict:
    """Grams of glucose each place moved over a single-subject run (e.g. :func:`simulate`).

    Each flux (mg/kg/min) is integrated over the run (trapezoid rule) and multiplied by the run's body
    weight (kg) / 1000: ``gut`` (meal glucose reaching the blood, Ra), ``liver`` (net endogenous output,
    EGP, the kidney's share included), ``muscle`` and ``adipose`` (the book's 94 % / 6 % split of the
    insulin-dependent uptake Uid [book assumption]), ``brain`` (insulin-independent use Uii, brain and
    nerves) and ``urine`` (renal excretion E). Returns ``{place: g}``; inflows are gut and liver.
    """
    if not all(hasattr(result, a) for a in ("t", "Ra", "EGP", "Uid", "Uii", "E", "meta")):
        raise TypeError(f"result={short_repr(result)} must be a meal-model run (meal.simulate or meal.day)")
    t = np.asarray(result.t, dtype=float)
    if np.ndim(result.Uid) != 1:
        raise ValueError("tissue_grams takes a single-subject run; for a population, index one member")
    bw = float(result.meta["body_weight"])
    fluxes = {place: np.asarray(getattr(result, flux), dtype=float) for place, flux in TISSUE_FLUXES.items()}
    if t.ndim != 1 or t.size < 2 or not np.all(np.isfinite(t)) or np.any(np.diff(t) <= 0):
        raise ValueError("result.t must be at least two finite, increasing times (min)")
    for place, y in fluxes.items():
        if y.shape != t.shape or not np.all(np.isfinite(y)) or np.any(y < 0):
            raise ValueError(f"result's {TISSUE_FLUXES[place]} flux must be finite, ≥ 0 and one value per time")
    if not (np.isfinite(bw) and bw > 0):
        raise ValueError(f"result's body weight {bw!r} must be a positive number (kg)")
    return {place: float(np.trapezoid(y, t)) * bw / 1000.0 for place, y in fluxes.items()}
