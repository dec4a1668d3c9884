"""The case files: lab values and indices of the book's recurring virtual people [book].

The people and their model settings live in :data:`metabolism.scenarios.CASES`; this module computes
what a clinic would measure on each of them, with the book's models and indices only:

- fasting glucose and insulin: the meal model's own fasting steady state (:func:`metabolism.meal.fasting_state`);
- HOMA-IR and QUICKI from those two numbers (:mod:`metabolism.indices`);
- the 2-hour glucose and the Matsuda index of a 75-g OGTT proxy at the case's body weight
  (:func:`metabolism.meal.ogtt`; the meal model was fitted to mixed meals);
- the ADA category of the fasting and 2-hour glucose (:func:`metabolism.indices.ada_category`);
- a day of three meals (:func:`metabolism.meal.day`): the A1C the ADAG line pairs with its mean glucose,
  and the insulin released over the day;
- for the cases whose story needs them, sex hormones from the labelled empirical links
  (:mod:`metabolism.links`): a PCOS ovary driven by the insulin area of the standard 1 g/kg meal, or a
  man's SHBG and total testosterone driven by fasting insulin, and his oestradiol from fat mass.

Every number is a model output for one virtual person, not a patient's value. Educational, not medical
advice.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from . import indices, links, meal
from .scenarios import CASES, case_settings

__all__ = ["CASES", "CaseLabs", "labs", "names", "hormone_reference", "settings_text", "table"]


@dataclass(frozen=True)
class CaseLabs:
    """What the clinic would measure on one case (units in the field comments)."""

    name: str                    # key in CASES
    fasting_glucose: float       # mg/dL
    fasting_insulin: float       # µU/mL
    fasting_insulin_pmol: float  # pmol/L
    homa_ir: float
    quicki: float
    ogtt_2h: float               # mg/dL, 75-g OGTT proxy
    matsuda: float
    ada: indices.ADACategory     # from fasting and 2-h glucose
    a1c_estimate: float          # %, from the mean glucose of a day of three meals (ADAG)
    insulin_per_day: float       # U released over that day
    hormones: dict               # empty, or the link outputs the story needs (units in the keys)


def names() -> tuple[str, ...]:
    """Case keys in the order the book introduces them."""
    return tuple(CASES)


@lru_cache(maxsize=1)
def _reference_meal():
    """The healthy subject's standard 1 g/kg meal (78 g at 78 kg), 4 h: insulin area and fasting insulin."""
    r = meal.simulate("normal", {}, t_end=240)
    return float(np.trapezoid(r.I, r.t)), float(r.fasting.I)


def hormone_reference() -> dict:
    """The links' reference values (healthy insulin): PCOS free T, man's total T and oestradiol."""
    pcos0, man0 = links.female_androgens(1.0, pcos=True), links.male_testosterone(1.0)
    return {"free_t_pcos_pmolL": float(pcos0.free_t_pmolL), "shbg_pcos_nmolL": float(pcos0.shbg_nmolL),
            "total_t_man_nmolL": float(man0.total_t_nmolL), "shbg_man_nmolL": float(man0.shbg_nmolL),
            "oestradiol_man_pgmL": float(links.estradiol_aromatase(1.0))}


def _hormones(case: dict, knobs: dict, fasting_insulin_pmol: float) -> dict:
    kind = case["hormones"]
    if kind is None:
        return {}
    auc0, fast0 = _reference_meal()
    if kind == "female_pcos":
        r = meal.simulate("normal", knobs, t_end=240)
        rel = float(np.trapezoid(r.I, r.t)) / auc0
        f = links.female_androgens(rel, pcos=True)
        return {"meal_insulin_rel": rel, "shbg_nmolL": float(f.shbg_nmolL),
                "total_t_nmolL": float(f.total_t_nmolL), "free_t_pmolL": float(f.free_t_pmolL)}
    rel = fasting_insulin_pmol / fast0
    m = links.male_testosterone(rel)
    fat = links.fat_mass_rel(case["bmi"], "male", case["age"])
    return {"fasting_insulin_rel": rel, "shbg_nmolL": float(m.shbg_nmolL),
            "total_t_nmolL": float(m.total_t_nmolL), "free_t_pmolL": float(m.free_t_pmolL),
            "fat_mass_rel": float(fat), "oestradiol_pgmL": float(links.estradiol_aromatase(fat))}


@lru_cache(maxsize=None)
def labs(name: str) -> CaseLabs:
    """Lab values and indices of ``CASES[name]``, computed through the package (cached; read-only)."""
    kw = case_settings(name)
    case = CASES[name]
    subject, knobs, bw = kw["subject"], kw["knobs"], kw["body_weight"]
    f = meal.fasting_state(subject, knobs)
    g0, i0_pmol = float(f.G), float(f.I)
    i0 = i0_pmol / meal.INSULIN_PMOL_PER_UU
    o = meal.ogtt(subject, knobs, body_weight=bw)
    d = meal.day_metrics(meal.day(subject, knobs, body_weight=bw))
    return CaseLabs(name=name, fasting_glucose=g0, fasting_insulin=i0, fasting_insulin_pmol=i0_pmol,
                    homa_ir=indices.homa_ir(g0, i0), quicki=indices.quicki(g0, i0),
                    ogtt_2h=float(o["glucose_2h"]), matsuda=float(o["matsuda"]),
                    ada=indices.ada_category(fpg_mgdl=g0, ogtt2h_mgdl=float(o["glucose_2h"])),
                    a1c_estimate=float(d.a1c_estimate), insulin_per_day=float(d.insulin_secreted),
                    hormones=_freeze(_hormones(case, knobs, i0_pmol)))


def settings_text(name: str) -> str:
    """The case's model settings in words: subject, knobs away from 1, body weight."""
    kw = case_settings(name)
    subject = "T2D subject" if kw["subject"] == "t2d" else "healthy subject"
    short = {"glut4": "GLUT4", "hepatic_output": "liver output", "adiponectin": "adiponectin"}
    knobs = ", ".join(f"{short.get(k, k)} ×{v:g}" for k, v in kw["knobs"].items()) or "knobs ×1"
    return f"{subject}, {knobs}, {kw['body_weight']:g} kg"


def table() -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """The case-file table as text: a header (one column per case) and rows (a measure per row).

    Glucose values are printed with :func:`metabolism.indices.format_at_cutoffs`, so the printed number
    never sits on the wrong side of an ADA cut-off.
    """
    ks = names()
    L = [labs(k) for k in ks]
    fast, ogtt = indices.ADA_CUTOFFS["fasting"], indices.ADA_CUTOFFS["ogtt2h"]

    def ada(x):
        return x.ada.category + (f" ({', '.join(x.ada.detail)})" if x.ada.detail else "")

    def hormones(k, x):
        h = x.hormones
        if not h:
            return "—"
        if "free_t_pmolL" in h and CASES[k]["sex"] == "female":
            return f"SHBG {h['shbg_nmolL']:.0f} nmol/L, free T {h['free_t_pmolL']:.0f} pmol/L"
        return (f"SHBG {h['shbg_nmolL']:.0f} nmol/L, total T {h['total_t_nmolL']:.1f} nmol/L, "
                f"oestradiol {h['oestradiol_pgmL']:.0f} pg/mL")

    header = ("", *(f"{CASES[k]['name']}: {CASES[k]['title']}" for k in ks))
    rows = (
        ("sex, age", *(f"{CASES[k]['sex']}, {CASES[k]['age']}" for k in ks)),
        ("model settings", *(settings_text(k) for k in ks)),
        ("fasting glucose (mg/dL)", *(indices.format_at_cutoffs(x.fasting_glucose, fast) for x in L)),
        ("fasting insulin (µU/mL)", *(f"{x.fasting_insulin:.1f}" for x in L)),
        ("HOMA-IR", *(f"{x.homa_ir:.2f}" for x in L)),
        ("QUICKI", *(f"{x.quicki:.3f}" for x in L)),
        ("OGTT 2-h glucose (mg/dL)", *(indices.format_at_cutoffs(x.ogtt_2h, ogtt) for x in L)),
        ("Matsuda index", *(f"{x.matsuda:.1f}" for x in L)),
        ("ADA category (fasting + 2 h)", *(ada(x) for x in L)),
        ("estimated A1C (%), model day", *(f"{x.a1c_estimate:.1f}" for x in L)),
        ("insulin released per day (U)", *(f"{x.insulin_per_day:.0f}" for x in L)),
        ("sex hormones (empirical links)", *(hormones(k, x) for k, x in zip(ks, L))),
    )
    return header, rows


def _freeze(d):
    from ._readonly import freeze
    return freeze(d)
