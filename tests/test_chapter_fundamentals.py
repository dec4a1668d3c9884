"""The Fundamentals chapter's "Try this" prompts and numbers, run through the chapter's own explorer module.

Each test mirrors one prompt (or a number in the prose) of chapters/fundamentals*.md and asserts its
direction and rough size, so the text cannot drift from the model. Page and prompt are named in each
docstring. The computations are the ones the pages' explorers run (metabolism.book.fundamentals), imported,
not copied; the readouts are checked where a prompt quotes them.
"""
from __future__ import annotations

import numpy as np
import pytest

from conftest import ROOT
from metabolism import glut4, indices, progression, scenarios
from metabolism.book import fundamentals as F
from metabolism.explorer import MAX_FRAMES, FramesExplorer

PAGES = [ROOT / "chapters" / "fundamentals.md"] + [
    ROOT / "chapters" / "fundamentals" / f"{n}.md" for n in ("dialogue", "storage", "energy")]
EXPLORERS = {"fundamentals": ["meal_explorer", "cell_explorer"],
             "dialogue": ["compensation_explorer", "topp_explorer"],
             "storage": ["nefa_explorer"], "energy": ["day_explorer"]}


def one_meal(g=1.0, grams=78):
    return F.meal_run(grams, g)


def fasting(g=1.0, a=1.0):
    r = F.compensation_run(g, a)
    return {"G": r["G0"], "I": r["I0"], "homa": r["homa"], "auc": r["auc"]}


surface = F.surface


def day(g=1.0, a=1.0, fat="healthy"):
    return F.day_run(g, a, fat)


# ------------------------------------------------------------------ page 1: insulin, the messenger

def test_default_meal_peak_and_recovery():
    """'glucose peaks near 157 mg/dL about an hour after the meal and is close to fasting by three hours';
    liver output falls to about a third, muscle and fat uptake more than five times fasting; brain flat."""
    r = one_meal()
    assert 150 <= r["G"].max() <= 165 and 50 <= r["t"][np.argmax(r["G"])] <= 75
    assert np.interp(180, r["t"], r["G"]) - r["G"][0] < 10
    assert 0.25 <= r["liver"].min() / r["liver"][0] <= 0.45
    assert r["muscle"].max() / r["muscle"][0] > 5
    assert np.ptp(r["brain"]) < 1e-9
    # brain flat at Fcns = 1 mg/kg/min (Table I), 52 % of basal EGP (§1.4)
    assert np.all(r["brain"] == 1.0)
    assert r["brain"][0] / r["liver"][0] == pytest.approx(0.52, abs=0.01)


def test_paper_meal_matches_measured_dots():
    """Try this: 106 g → glucose peak about 177 mg/dL, insulin peak about 370 pmol/L, among the dots."""
    from metabolism import data
    r = one_meal(grams=106)
    assert r["G"].max() == pytest.approx(177, rel=0.04)
    assert r["I"].max() == pytest.approx(370, rel=0.06)
    _, g_mean, g_sd = data.dallaman2007_fig1("G")
    _, i_mean, i_sd = data.dallaman2007_fig1("I")
    assert abs(r["G"].max() - g_mean.max()) < g_sd[np.argmax(g_mean)]
    assert abs(r["I"].max() - i_mean.max()) < i_sd[np.argmax(i_mean)]
    # and the 78-g default sits below the measured peaks
    assert one_meal()["G"].max() < g_mean.max() and one_meal()["I"].max() < i_mean.max()


def test_half_glut4_meal():
    """Try this: GLUT4 0.5 → glucose peak about +8 % and later, insulin peak about a third higher."""
    ref, r = one_meal(), one_meal(g=0.5)
    assert 0.05 <= r["G"].max() / ref["G"].max() - 1 <= 0.11
    assert r["t"][np.argmax(r["G"])] > ref["t"][np.argmax(ref["G"])]
    assert 0.25 <= r["I"].max() / ref["I"].max() - 1 <= 0.45


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
    need = F.cell_need(250, 0.5)
    assert 500 <= need <= 600 and need > 2 * 250
    assert f"needs {need:.0f} pmol/L to match" in F.cell_readout(250, 0.5)


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
    r = F.topp_run(2.0)
    assert r["G"].max() <= 100.01 and 70 < r["G"].min() < 80
    assert r["I"][-1] == pytest.approx(5, rel=0.01)
    assert "lowest glucose" in F.topp_readout(2.0)


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
    r = F.topp_run(0.5)
    assert r["G"].max() == pytest.approx(132, abs=4)
    off = np.nonzero(np.abs(r["G"] - 100) > 2)[0]
    assert 160 <= r["t"][off[-1] + 1] <= 220
    assert r["I"][-1] == pytest.approx(20, rel=0.01) and r["beta"][-1] == pytest.approx(600, rel=0.01)
    assert 0.5 * 0.72 * r["I"][-1] == pytest.approx(0.72 * 10, rel=0.01)
    ex = F.topp_explorer(mode="live")
    ex.apply_preset("sensitivity halved")
    assert ex.value == {"glut4": 0.5} and "highest glucose 13" in ex.readout


def test_topp_03_more_than_triple_insulin():
    """Try this: 0.3 → larger jump than 0.5 and insulin more than three times the reference."""
    r3, r5 = F.topp_run(0.3), F.topp_run(0.5)
    assert r3["G"].max() > r5["G"].max()
    assert r3["I"][-1] > 3 * 10


# ------------------------------------------------------------------ page 3: storage and release

def _nefa(g=1.0, fat="healthy"):
    return F.nefa_run(fat, g)


def test_nefa_brake_reference():
    """'NEFA falls to about 30 % of its fasting level ... then briefly overshoots'."""
    n = _nefa()
    assert n["NEFA"].min() / n["NEFA"][0] == pytest.approx(0.30, abs=0.03)
    assert n["NEFA"].max() > n["NEFA"][0]


def test_more_insulin_deepens_and_lengthens_the_brake():
    """Try this: GLUT4 0.5 → below half the reference fasting NEFA for about 185 min instead of about 140,
    nadir about 115 → about 90 µmol/L."""
    n0, n1 = _nefa(), _nefa(0.5)
    assert n0["below_half"] == pytest.approx(140, abs=10)
    assert n1["below_half"] == pytest.approx(185, abs=12)
    assert n0["nadir"] == pytest.approx(115, abs=6) and n1["nadir"] == pytest.approx(90, abs=6)


def test_metabolic_syndrome_brake_is_weaker():
    """Try this: metabolic-syndrome parameters → about 64 % below fasting against about 70 % (healthy)."""
    h, m = _nefa(), _nefa(fat="metabolic syndrome")
    sh, sm = h["suppression"], m["suppression"]
    assert sh == pytest.approx(0.70, abs=0.03) and sm == pytest.approx(0.64, abs=0.03) and sh > sm
    assert m["fasting"] > h["fasting"]


# ------------------------------------------------------------------ page 4: daily energy

def test_day_insulin_resistant_preset():
    """Try this: insulin exposure about +70 %, glucose above 140 for about 5.7 h instead of 2.2,
    NEFA near fasting for about 12 h instead of about 14."""
    ref, ir = day(), day(0.5, 0.5, "metabolic syndrome")
    assert 0.6 <= ir["auc"] / ref["auc"] - 1 <= 0.8
    assert ref["above140"] == pytest.approx(2.2, abs=0.05) and ir["above140"] == pytest.approx(5.7, abs=0.05)
    # "about 9 % of the day", several times the CGM median of 2.1 % (Shah 2019)
    assert 100 * ref["above140"] / 24 == pytest.approx(9, abs=0.5) and ref["above140"] / 24 > 3 * 0.021
    assert ref["fat_on"] == pytest.approx(14.4, abs=0.6) and ir["fat_on"] == pytest.approx(11.9, abs=0.6)


def test_day_very_sensitive_preset():
    """Try this: 'very insulin sensitive' needs less than two-thirds of the reference insulin."""
    assert day(1.5, 2.0)["auc"] < 2 / 3 * day()["auc"]
    assert scenarios.knob_settings("very_sensitive", ["glut4", "adiponectin"]) == {"glut4": 1.5, "adiponectin": 2.0}


def test_day_dip_below_fasting():
    """Try this: reference dips to about 87 mg/dL in the afternoon, about 5 below its fasting 92; insulin
    resistant dips to the same 87 from a fasting 98, more than twice as far (about 11), in the early evening."""
    ref, ir = day(), day(0.5, 0.5, "metabolic syndrome")
    for d in (ref, ir):
        assert d["G"].min() == pytest.approx(87, abs=1.5)
    assert ref["G0"] == pytest.approx(92, abs=1) and ir["G0"] == pytest.approx(98, abs=1)
    assert ref["dip"] == pytest.approx(5, abs=1.5)
    assert ir["dip"] == pytest.approx(11, abs=1.5) and ir["dip"] > 2 * ref["dip"]
    # afternoon vs early evening (lunch 12, dinner 20)
    assert 13 <= ref["t_dip"] < 17 and 17 <= ir["t_dip"] < 20
    # the readout shows both numbers the prompt compares
    assert "glucose 87–" in F.day_readout(0.5, 0.5, "metabolic syndrome") and "(fasting 98)" in F.day_readout(
        0.5, 0.5, "metabolic syndrome")


# ------------------------------------------------------------------ the pages and their explorers

@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_page_calls_its_explorers_in_a_line(page):
    """Pages hold prose: each explorer is one call into metabolism.book.fundamentals, no model code."""
    text = page.read_text(encoding="utf-8")
    assert "from metabolism.book import fundamentals" in text
    for name in EXPLORERS[page.stem]:
        assert f"fundamentals.{name}()" in text
    for banned in ("class ", "def ", "meal.simulate", "metabolism.explore import"):
        assert banned not in text, f"{page.name} holds explorer code ({banned!r})"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_page_has_try_this_and_leaves_out(page):
    text = page.read_text(encoding="utf-8")
    assert ":::{admonition} Try this\n:class: tip" in text
    assert ":::{admonition} What this model leaves out\n:class: note" in text


def test_explorer_grids_and_presets():
    """Grids within the frame budget; presets named in the prompts exist, with knob values from scenarios."""
    sizes = {k: int(np.prod([len(v) for v in g.values()])) for k, g in F.GRIDS.items()}
    assert all(n <= MAX_FRAMES for n in sizes.values()) and sum(sizes.values()) <= 600, sizes
    ex = F.compensation_explorer(mode="live")
    assert ex.presets["insulin resistant"] == scenarios.PRESETS["insulin_resistant"]["knobs"]
    assert ex.presets["strongly resistant"] == {"glut4": 0.2, "adiponectin": 0.25}
    day_ex = F.day_explorer(mode="live")
    assert day_ex.presets["insulin resistant"] == {"glut4": 0.5, "adiponectin": 0.5, "fat_tissue": "metabolic syndrome"}
    labels = {c.label for e in (ex, day_ex) for c in e.controls.values()}
    assert {"GLUT4 translocation", "Adiponectin", "NEFA parameters"} <= labels


def test_insulin_resistant_preset_readout_quotes_the_prompt():
    """dialogue Try this quotes the readout of the preset: 4.2 → 6.8 µU/mL, 92 → 98 mg/dL, HOMA-IR ~1.65."""
    ex = F.compensation_explorer(mode="live")
    ex.apply_preset("insulin resistant")
    assert "fasting insulin 6.8 µU/mL" in ex.readout and "fasting glucose 98 mg/dL" in ex.readout
    assert "HOMA-IR 1.6" in ex.readout and ex.preset == "insulin resistant"


@pytest.mark.parametrize("name", sorted(n for names in EXPLORERS.values() for n in names))
def test_every_control_changes_the_figure_and_text_reads_on_a_phone(name):
    from test_explorer import assert_every_control_changes_the_figure

    assert_every_control_changes_the_figure(getattr(F, name)(mode="live"))


def test_frames_mode_builds_the_cheap_explorers():
    """Frames mode end to end for two explorers (the book build runs all of them)."""
    for name in ("topp_explorer", "nefa_explorer"):
        ex = getattr(F, name)(mode="frames")
        assert isinstance(ex, FramesExplorer) and len(ex.frames) == ex.frame_count
