"""The Fundamentals chapter's "Try this" prompts and numbers, run through the package.

Each test mirrors one prompt (or a number in the prose) of chapters/fundamentals*.md and asserts its
direction and rough size, so the text cannot drift from the model. Page and prompt are named in each
docstring. The computations repeat the chapter's own calls (public API only).
"""
from __future__ import annotations

import re

import numpy as np
import pytest

from conftest import ROOT
from metabolism import explore, glut4, indices, lipolysis, meal, progression, units

PAGES = [ROOT / "chapters" / "fundamentals.md"] + [
    ROOT / "chapters" / "fundamentals" / f"{n}.md" for n in ("dialogue", "storage", "energy")]
DAY_MEALS = [(60, 45), (300, 70), (780, 70)]
IB = meal.simulate("normal", meals=[], t_end=1).fasting.I


def one_meal(g=1.0, a=1.0, grams=78, t_end=360):
    return meal.simulate("normal", {"glut4": g, "adiponectin": a}, meals=[(0, grams)], t_end=t_end)


def fasting(g=1.0, a=1.0):
    r = one_meal(g, a, t_end=360)
    i_uU = units.pmol_to_uU(r.fasting.I)
    return {"G": r.fasting.G, "I": i_uU, "homa": indices.homa_ir(r.fasting.G, i_uU),
            "auc": np.trapezoid(r.I - r.fasting.I, r.t)}


def surface(insulin, g):
    return 100 * glut4.steady_state(insulin_pmolL=insulin, knobs={"glut4": g}).surface_fraction


def day(g=1.0, a=1.0, fat="healthy"):
    r = meal.simulate("normal", {"glut4": g, "adiponectin": a}, meals=DAY_MEALS, t_end=1440)
    n = lipolysis.simulate(r.t, I=r.I, Ib=IB, params=fat)
    hours = lambda mask: np.trapezoid(mask.astype(float), r.t) / 60  # noqa: E731
    return {"r": r, "auc": np.trapezoid(r.I, r.t), "above140": hours(r.G > 140),
            "fat_on": hours(n.NEFA >= 0.75 * n.NEFA[0]), "dip": r.fasting.G - r.G.min()}


# ------------------------------------------------------------------ page 1: insulin, the messenger

def test_default_meal_peak_and_recovery():
    """'glucose peaks near 157 mg/dL about an hour after the meal and is close to fasting by three hours';
    liver output falls to about a third, muscle and fat uptake more than five times fasting; brain flat."""
    r = one_meal()
    assert 150 <= r.G.max() <= 165 and 50 <= r.t[np.argmax(r.G)] <= 75
    assert np.interp(180, r.t, r.G) - r.fasting.G < 10
    assert 0.25 <= r.EGP.min() / r.EGP[0] <= 0.45
    assert r.Uid.max() / r.Uid[0] > 5
    # brain flat: insulin-independent use stays at Fcns = 1 mg/kg/min (Table I), 52 % of basal EGP (§1.4)
    assert np.all(r.Uii == 1.0)
    assert r.Uii[0] / r.EGP[0] == pytest.approx(0.52, abs=0.01)


def test_paper_meal_matches_measured_dots():
    """Try this: 106 g → glucose peak about 177 mg/dL, insulin peak about 370 pmol/L, among the dots."""
    from metabolism import data
    r = one_meal(grams=106)
    assert r.G.max() == pytest.approx(177, rel=0.04)
    assert r.I.max() == pytest.approx(370, rel=0.06)
    _, g_mean, g_sd = data.dallaman2007_fig1("G")
    _, i_mean, i_sd = data.dallaman2007_fig1("I")
    assert abs(r.G.max() - g_mean.max()) < g_sd[np.argmax(g_mean)]
    assert abs(r.I.max() - i_mean.max()) < i_sd[np.argmax(i_mean)]
    # and the 78-g default sits below the measured peaks
    assert one_meal().G.max() < g_mean.max() and one_meal().I.max() < i_mean.max()


def test_half_glut4_meal():
    """Try this: GLUT4 0.5 → glucose peak about +8 % and later, insulin peak about a third higher."""
    ref, r = one_meal(), one_meal(g=0.5)
    assert 0.05 <= r.G.max() / ref.G.max() - 1 <= 0.11
    assert r.t[np.argmax(r.G)] > ref.t[np.argmax(ref.G)]
    assert 0.25 <= r.I.max() / ref.I.max() - 1 <= 0.45


def test_cell_glut4_curve():
    """Sedaghat anchors 4 % / 40 %; fasting insulin barely moves GLUT4; a meal peak moves about a fifth."""
    assert surface(0, 1.0) == pytest.approx(4.0, abs=0.01)
    assert 100 * glut4.steady_state(effect=1.0).surface_fraction == pytest.approx(40.0, abs=0.01)
    assert surface(25, 1.0) < 5
    assert 18 <= surface(250, 1.0) <= 24
    assert surface(1200, 1.0) < 40
    # 'Settings above 1 ... can climb past 40 % (about 55 % at 2× and 1200 pmol/L)'
    assert surface(1200, 2.0) == pytest.approx(55, abs=1.5)


def test_cell_half_response_needs_twice_the_insulin():
    """Try this: at 250 pmol/L, GLUT4 0.5 → about 21 % falls to about 13 %; about 550 pmol/L to match."""
    assert surface(250, 1.0) == pytest.approx(21, abs=1)
    assert surface(250, 0.5) == pytest.approx(13.5, abs=1)
    grid = np.linspace(0, 1200, 121)
    need = grid[np.argmax(surface(grid, 0.5) >= surface(250, 1.0))]
    assert 500 <= need <= 600 and need > 2 * 250


# ------------------------------------------------------------------ page 2: the dialogue disrupted

def test_insulin_resistant_preset_whisper_to_shout():
    """Try this: fasting insulin about +60 % (4.2 → 6.8), glucose about +7 % (92 → 98, normal),
    HOMA-IR about 1.0 → 1.65, meal insulin area nearly doubles."""
    ref, r = fasting(), fasting(0.5, 0.5)
    assert ref["I"] == pytest.approx(4.2, abs=0.1) and r["I"] == pytest.approx(6.8, abs=0.15)
    assert 0.5 <= r["I"] / ref["I"] - 1 <= 0.7
    assert 0.05 <= r["G"] / ref["G"] - 1 <= 0.09 and r["G"] < 100
    assert ref["homa"] == pytest.approx(0.96, abs=0.05) and r["homa"] == pytest.approx(1.65, abs=0.07)
    assert 1.8 <= r["auc"] / ref["auc"] <= 2.1
    # the relative rise in insulin is several times the rise in glucose
    assert (r["I"] / ref["I"] - 1) > 5 * (r["G"] / ref["G"] - 1)


def test_glut4_alone_keeps_glucose_normal():
    """Try this: GLUT4 from 1 to 0.2 → fasting glucose stays below 100, fasting insulin up by more than half."""
    ref = fasting()
    for g in (0.8, 0.6, 0.4, 0.2):
        assert fasting(g)["G"] < 100
    assert fasting(0.2)["I"] / ref["I"] - 1 > 0.5


def test_strongly_resistant_preset_leaves_normal_range():
    """Try this: 'strongly resistant' (0.2, 0.25) → fasting glucose about 105 (impaired fasting glucose,
    100–125) with fasting insulin more than twice the reference."""
    ref, r = fasting(), fasting(0.2, 0.25)
    assert r["G"] == pytest.approx(105, abs=2) and 100 <= r["G"] < 126
    assert r["I"] > 2 * ref["I"]


def test_topp_more_sensitive_dips_below_set_point():
    """The Topp readout names the lowest glucose for sensitivity above 1; its axis (from 70) shows it."""
    r = progression.topp2000({"glut4": 2.0}, t_end=600)
    assert r.G.max() <= 100.01 and 70 < r.G.min() < 80
    assert r.I[-1] == pytest.approx(5, rel=0.01)


def test_topp_reference_sits_on_the_prediabetes_edge_by_construction():
    """'The grey reference line sits at exactly 100 mg/dL ... the published model's own steady state, the
    glucose at which β-cell birth and death balance' (r2·G² − r1·G + d0 = 0 with Topp's d0, r1, r2)."""
    r = progression.topp2000({"glut4": 1.0}, t_end=600)
    assert np.allclose(r.G, 100.0, atol=1e-6)
    d0, r1, r2 = 0.06, 0.84e-3, 0.24e-5
    assert (r1 - np.sqrt(r1 ** 2 - 4 * r2 * d0)) / (2 * r2) == pytest.approx(100.0, rel=1e-12)
    assert indices.ada_category(fpg_mgdl=100.0).category == "prediabetes"   # 100 is the band's lower edge


def test_topp_halved_sensitivity():
    """Try this: sensitivity 0.5 → glucose jumps to about 132, back within 2 mg/dL of 100 by about day 190;
    insulin 10 → 20 µU/mL, β-cell mass 300 → 600 mg, sensitivity × insulin unchanged."""
    r = progression.topp2000({"glut4": 0.5}, t_end=600)
    assert r.G.max() == pytest.approx(132, abs=4)
    off = np.nonzero(np.abs(r.G - 100) > 2)[0]
    assert 160 <= r.t[off[-1] + 1] <= 220
    assert r.I[-1] == pytest.approx(20, rel=0.01) and r.beta[-1] == pytest.approx(600, rel=0.01)
    assert 0.5 * 0.72 * r.I[-1] == pytest.approx(0.72 * 10, rel=0.01)


def test_topp_03_more_than_triple_insulin():
    """Try this: 0.3 → larger jump than 0.5 and insulin more than three times the reference."""
    r3, r5 = progression.topp2000({"glut4": 0.3}, t_end=600), progression.topp2000({"glut4": 0.5}, t_end=600)
    assert r3.G.max() > r5.G.max()
    assert r3.I[-1] > 3 * 10


# ------------------------------------------------------------------ page 3: storage and release

def _nefa(g=1.0, fat="healthy"):
    r = one_meal(g, t_end=420)
    return r, lipolysis.simulate(r.t, I=r.I, Ib=IB, params=fat)


def test_nefa_brake_reference():
    """'NEFA falls to about 30 % of its fasting level ... then briefly overshoots'."""
    r, n = _nefa()
    assert n.NEFA.min() / n.NEFA[0] == pytest.approx(0.30, abs=0.03)
    assert n.NEFA.max() > n.NEFA[0]


def test_more_insulin_deepens_and_lengthens_the_brake():
    """Try this: GLUT4 0.5 → below half the reference fasting NEFA for about 185 min instead of about 140,
    nadir about 115 → about 90 µmol/L."""
    r0, n0 = _nefa()
    r1, n1 = _nefa(0.5)
    half = 0.5 * n0.NEFA[0]
    below = lambda r, n: np.trapezoid((n.NEFA < half).astype(float), r.t)  # noqa: E731
    assert below(r0, n0) == pytest.approx(140, abs=10)
    assert below(r1, n1) == pytest.approx(185, abs=12)
    assert n0.NEFA.min() == pytest.approx(115, abs=6) and n1.NEFA.min() == pytest.approx(90, abs=6)


def test_metabolic_syndrome_brake_is_weaker():
    """Try this: metabolic-syndrome parameters → about 64 % below fasting against about 70 % (healthy)."""
    _, h = _nefa()
    _, m = _nefa(fat="metabolic_syndrome")
    sh, sm = 1 - h.NEFA.min() / h.NEFA[0], 1 - m.NEFA.min() / m.NEFA[0]
    assert sh == pytest.approx(0.70, abs=0.03) and sm == pytest.approx(0.64, abs=0.03) and sh > sm
    assert m.NEFA[0] > h.NEFA[0]


# ------------------------------------------------------------------ page 4: daily energy

def test_day_insulin_resistant_preset():
    """Try this: insulin exposure about +70 %, glucose above 140 for about 5.7 h instead of 2.2,
    NEFA near fasting for about 12 h instead of about 14."""
    ref, ir = day(), day(0.5, 0.5, "metabolic_syndrome")
    assert 0.6 <= ir["auc"] / ref["auc"] - 1 <= 0.8
    assert ref["above140"] == pytest.approx(2.2, abs=0.05) and ir["above140"] == pytest.approx(5.7, abs=0.05)
    # "about 9 % of the day", several times the CGM median of 2.1 % (Shah 2019)
    assert 100 * ref["above140"] / 24 == pytest.approx(9, abs=0.5) and ref["above140"] / 24 > 3 * 0.021
    assert ref["fat_on"] == pytest.approx(14.4, abs=0.6) and ir["fat_on"] == pytest.approx(11.9, abs=0.6)


def test_day_very_sensitive_preset():
    """Try this: 'very insulin sensitive' needs less than two-thirds of the reference insulin."""
    assert day(1.5, 2.0)["auc"] < 2 / 3 * day()["auc"]


def test_day_dip_below_fasting():
    """Try this: reference dips to about 87 mg/dL in the afternoon, about 5 below its fasting 92; insulin
    resistant dips to the same 87 from a fasting 98, more than twice as far (about 11), in the early evening."""
    ref, ir = day(), day(0.5, 0.5, "metabolic_syndrome")
    for d in (ref, ir):
        assert d["r"].G.min() == pytest.approx(87, abs=1.5)
    assert ref["r"].fasting.G == pytest.approx(92, abs=1) and ir["r"].fasting.G == pytest.approx(98, abs=1)
    assert ref["dip"] == pytest.approx(5, abs=1.5)
    assert ir["dip"] == pytest.approx(11, abs=1.5) and ir["dip"] > 2 * ref["dip"]
    clock = lambda d: 7 + d["r"].t[np.argmin(d["r"].G)] / 60  # noqa: E731
    assert 13 <= clock(ref) < 17 and 17 <= clock(ir) < 20   # afternoon vs early evening (lunch 12, dinner 20)


# ------------------------------------------------------------------ the pages themselves

@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_page_explorer_grids_within_budget(page):
    """Every explorer grid on the chapter's pages stays within the frame budget (aim ≤ 60)."""
    text = page.read_text(encoding="utf-8")
    assert "explorer(" in text
    for grid in re.findall(r"explorer\([^,]+,\s*(\{.*?\}),\s*\n\s*reference", text, flags=re.S):
        sizes = [len(eval(v, {"SETS": {"a": 0, "b": 0}})) for v in re.findall(r":\s*(\[.*?\]|list\(SETS\))", grid)]
        assert sizes and int(np.prod(sizes)) <= 60 <= explore.MAX_FRAMES


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_page_has_try_this_and_leaves_out(page):
    text = page.read_text(encoding="utf-8")
    assert ":::{admonition} Try this\n:class: tip" in text
    assert ":::{admonition} What this model leaves out\n:class: note" in text
