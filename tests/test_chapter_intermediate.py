"""The Intermediate chapter's "Try this" prompts and quoted numbers, through :mod:`metabolism.book.intermediate`.

Each test restates one claim of chapters/intermediate*.md (direction and rough size) and computes it with the
same ``*_run`` functions the pages' explorers draw, so prose, explorer and test share one computation. The
tolerances are the prose's own rounding ("about a fifth", "about 104 mg/dL"), not numbers printed by the code.
"""
from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest

from metabolism import links, progression, scenarios
from metabolism.book import intermediate as book

ROOT = Path(__file__).resolve().parents[1]
PAGES = {"intermediate": ROOT / "chapters" / "intermediate.md",
         "hormones": ROOT / "chapters" / "intermediate" / "hormones.md",
         "pathways": ROOT / "chapters" / "intermediate" / "pathways.md",
         "long-term": ROOT / "chapters" / "intermediate" / "long-term.md"}
IR = {"glut4": 0.5, "adiponectin": 0.5}                  # the book's insulin-resistant preset (appendix/knobs)


def rel(new, old):
    return (new - old) / old


def page(name):
    return PAGES[name].read_text(encoding="utf-8")


# ---------------------------------------------------------------- the pages call the module

@pytest.mark.parametrize("name, call", [("intermediate", "recalibration_explorer()"),
                                        ("hormones", "hormones_explorer()"), ("pathways", "pathways_explorer()"),
                                        ("long-term", "timing_explorer()")])
def test_page_calls_the_module_in_a_few_lines(name, call):
    text = page(name)
    assert f"intermediate.{call}" in text and "metabolism.explore " not in text
    cells = re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", text, re.S)
    code = [ln for c in cells for ln in c.splitlines() if ln.strip() and not ln.startswith(":")]
    assert len(code) <= 30, f"{name}: {len(code)} lines of Python"


@pytest.mark.parametrize("name, make", [("intermediate", book.recalibration_explorer),
                                        ("hormones", book.hormones_explorer), ("pathways", book.pathways_explorer),
                                        ("long-term", book.timing_explorer)])
def test_presets_named_in_the_prose_exist_and_try_this_follows_the_explorer(name, make):
    text = page(name).split("## Exercises")[0]        # the exercises name presets of other pages
    ex = make(mode="live")
    named = set(re.findall(r"preset\s+\*([^*]+)\*", text)) | set(re.findall(r"Choose\s+\*([^*]+)\*", text))
    assert named, f"{name}: no preset named in the prose"
    for p in named:
        assert re.sub(r"\s+", " ", p) in ex.presets, f"{name}: preset {p!r} is not in the explorer"
    # "Try this" sits right after the explorer's code cell
    cell_end = text.index("```", text.index(f"intermediate.{make.__name__}()"))
    assert text[cell_end + 3:].lstrip().startswith(":::{admonition} Try this")


def test_reference_is_the_opening_setting_and_grids_are_even():
    for make in (book.recalibration_explorer, book.hormones_explorer, book.pathways_explorer, book.timing_explorer):
        ex = make(mode="live")
        assert ex.value == ex._core.reference            # Reset returns to what the reader first saw
    for name, grid in book.GRIDS.items():
        for control, values in grid.items():
            if name == "hormones" and control == "glut4" or not isinstance(values[0], (int, float)):
                continue                                 # categories, and a grid whose value is always shown
            steps = np.diff(values)
            assert np.allclose(steps, steps[0]), f"{name}.{control}: uneven steps {values}"
    assert len(book.GRIDS["recalibration"]["hepatic_output"]) >= 5   # finer than the first edition's 3
    assert book.GRIDS["recalibration"]["hepatic_output"][0] == pytest.approx(0.76)   # metformin's 24 % cut


def test_day_uses_the_single_day_of_meals():
    d = book.recalibration_run(**book.RECAL_REF)
    assert d["t"][0] == 6.0                               # t = 0 at 06:00
    assert scenarios.DAY_MEALS == ((120, 45), (360, 70), (840, 70))   # Dalla Man 2007 normal day, 08/12/20 h
    g = book.pathways_run("type 2 diabetes")
    for t_meal, _ in scenarios.DAY_MEALS:                 # glucose rises after each meal on the clock
        k = np.searchsorted(g["t"], 6 + t_meal / 60)
        assert g["G"][k + 30] > g["G"][k]


# ---------------------------------------------------------------- page 1: systemic recalibration

@pytest.fixture(scope="module")
def days():
    run = book.recalibration_run
    return {"healthy": run(), "start": run(**book.RECAL_REF), "muscle": run(glut4=1.0, adiponectin=0.5),
            "adiponectin": run(glut4=0.5, adiponectin=1.0), "metformin": run(**IR, hepatic_output=0.76)}


def test_insulin_resistant_start_is_compensated(days):
    h, s = days["healthy"], days["start"]
    assert s["G0"] < 100                                     # still normal fasting glucose
    assert 0.55 < rel(s["I0"], h["I0"]) < 0.65               # "fasting insulin raised by 60 %"
    assert 0.4 < rel(s["U"], h["U"]) < 0.6                   # "about half as much insulin again"
    assert 0.065 < rel(s["G0"], h["G0"]) < 0.075             # "fasting glucose by only 7 %"
    assert round(s["U"]) == 83 and round(h["U"]) == 57       # ex-int-1: "83 ... 57 U"


def test_try_muscle_restored_removes_about_half_the_extra_work(days):
    h, s, m = days["healthy"], days["start"], days["muscle"]
    assert round(s["I0"]) == 41 and round(m["I0"]) == 32     # "41 to 32 pmol/L"
    assert -0.28 < rel(m["I0"], s["I0"]) < -0.15             # "about a fifth"
    assert -0.22 < rel(m["U"], s["U"]) < -0.12 and round(m["U"]) == 69   # "about a sixth (83 to 69 U)"
    removed = (s["U"] - m["U"]) / (s["U"] - h["U"])
    assert 0.4 < removed < 0.65                              # "roughly half of the extra work"


def test_exercise_adiponectin_alone(days):
    assert book.recalibration_explorer(mode="live").presets["adiponectin restored"] == {**IR, "glut4": 0.5,
                                                                                       "adiponectin": 1.0,
                                                                                       "hepatic_output": 1.0}
    s, h, a = days["start"], days["healthy"], days["adiponectin"]
    assert round(a["I0"]) == 33 and round(a["U"]) == 69      # ex-int-1: "about 33 pmol/L ... 69 U"
    assert 0.5 < (s["U"] - a["U"]) / (s["U"] - h["U"]) < 0.6  # "a bit more than half"


def test_try_healthy_preset_returns_to_reference(days):
    back = book.recalibration_run(**book.recalibration_explorer(mode="live").presets["healthy"])
    # back at the reference subject's basal state (spec §1.4: 25.49 pmol/L, 91.76 mg/dL)
    assert back["I0"] == pytest.approx(25.49, rel=1e-6) and back["G0"] == pytest.approx(91.76, rel=1e-6)
    assert back["U"] < days["start"]["U"] / 1.3              # the insulin-resistant extra work is gone


def test_try_metformin_fixes_the_night_not_the_meals(days):
    s, m, f = days["start"], days["muscle"], days["metformin"]
    assert f["I0"] < m["I0"] < s["I0"]                       # fasting insulin drops further than muscle restored
    assert 19.5 < f["I0"] < 20.5 and f["I0"] < days["healthy"]["I0"]   # "to 20 pmol/L, even below the healthy 25"
    assert round(days["healthy"]["I0"]) == 25
    assert abs(rel(f["Ipeak"], s["Ipeak"])) < 0.10           # meal insulin peak barely moves
    assert 360 < s["Ipeak"] < 380 and 340 < f["Ipeak"] < 355  # "from about 370 to 350 pmol/L"
    assert rel(m["Ipeak"], s["Ipeak"]) < -0.2                # "restoring the muscle cuts the peaks by more than a fifth"


def test_a1c_table_matches_the_adag_line():
    rows = book.a1c_lines()
    assert [r["ADA category"] for r in rows] == ["normal", "prediabetes", "diabetes", "diabetes"]
    for r in rows:                                           # ADAG: eAG = 28.7 × A1C − 46.7 (Nathan 2008)
        assert float(r["average glucose (mg/dL)"]) == pytest.approx(28.7 * float(r["A1C (%)"]) - 46.7, abs=0.5)


# ---------------------------------------------------------------- page 2: hormones

def test_hormones_opening_and_sensitivity_restored():
    ir, ok = book.hormones_run(0.5, 0.5, 2.0), book.hormones_run(1.0, 1.0, 2.0)
    assert 1.75 < ir["auc_rel"] < 1.85                       # "1.8 times the reference"
    assert 52.5 < ir["abs"]["free_t_pcos"] < 53.5 and ok["abs"]["free_t_pcos"] == pytest.approx(18.2, abs=0.05)
    assert -0.72 < rel(ok["abs"]["free_t_pcos"], ir["abs"]["free_t_pcos"]) < -0.6   # "about two-thirds"
    assert 13.5 < ir["abs"]["tt_man"] < 14.5 and ok["abs"]["tt_man"] == pytest.approx(17.0, abs=0.05)
    assert 2.5 < ok["abs"]["tt_man"] - ir["abs"]["tt_man"] < 3.5   # "+ about 3 nmol/L"
    # "His oestradiol does not move (43 pg/mL): his free testosterone ... is held constant"
    assert ok["abs"]["ft_man"] == pytest.approx(ir["abs"]["ft_man"], rel=1e-12)
    assert ok["abs"]["e2"] == pytest.approx(ir["abs"]["e2"], rel=1e-12) and ok["abs"]["e2"] == pytest.approx(43.4, abs=0.05)
    # the artefact the page describes: with total T as the aromatase substrate, 35.8 -> 43.4 pg/mL
    tt0 = links.male_testosterone(1.0).total_t_nmolL
    tt = lambda d: links.estradiol_aromatase(2.0, d["abs"]["tt_man"] / tt0)   # noqa: E731
    assert tt(ir) == pytest.approx(35.8, abs=0.05) and tt(ok) == pytest.approx(43.4, abs=0.05)
    # the reference the ratios divide by is the paper's subject: basal insulin 25.49 pmol/L (§1.4)
    assert book._reference_insulin()[1] == pytest.approx(25.49, rel=1e-6)


def test_hormones_weight_loss_halves_oestradiol_only():
    ok, lean = book.hormones_run(1.0, 1.0, 2.0), book.hormones_run(1.0, 1.0, 1.0)
    assert lean["abs"]["e2"] / ok["abs"]["e2"] == pytest.approx(0.5, rel=1e-9)
    assert lean["abs"]["tt_man"] == ok["abs"]["tt_man"] and lean["abs"]["free_t_pcos"] == ok["abs"]["free_t_pcos"]
    assert lean["abs"]["e2"] == pytest.approx(21.7, abs=0.05)    # "43 to 22 pg/mL"


def test_try_pcos_ovary_amplifies_insulin():
    low, ref = book.hormones_run(0.4, 0.5, 2.0), book.hormones_run(1.0, 1.0, 1.0)
    up_pcos = low["abs"]["free_t_pcos"] / ref["abs"]["free_t_pcos"]
    up_typical = rel(low["abs"]["free_t_typical"], ref["abs"]["free_t_typical"])
    assert 1.8 < low["auc_rel"] < 2.2                        # "about twice the reference"
    assert 3.2 < up_pcos < 3.8                               # PCOS free T "about 3.5-fold"
    assert 0.4 < up_typical < 0.6                            # typical ovary "by about half"


def test_exercise_partial_recovery_for_leila():
    d = book.hormones_run(0.75, 1.0, 2.0)
    assert 1.13 < d["auc_rel"] < 1.23                        # "about 1.18 times the reference"
    assert 24 < d["abs"]["free_t_pcos"] < 26 and 15.5 < d["abs"]["tt_man"] < 16.5   # "about 25", "about 16"


def test_emas_plausibility_check():
    e = links.emas_comparison(2.0)
    assert -4.5 < e["model_delta_tt_nmolL"] < -3.5          # "about 4 nmol/L"
    assert e["emas_delta_tt_nmolL"] == pytest.approx(-5.1, abs=0.05)   # EMAS: 5.1 nmol/L


# ---------------------------------------------------------------- page 3: two pathways

@pytest.fixture(scope="module")
def t2d():
    return {name: book.pathways_run("type 2 diabetes", **choice) for name, choice in book.PATHWAY_ROWS.items()}


def test_try_metformin_lowers_fasting_not_peaks(t2d):
    n, m = t2d["no intervention"], t2d["metformin"]
    assert round(n["G0"]) == 159 and round(m["G0"]) == 141  # "from 159 to about 141 mg/dL"
    assert 17 < n["G0"] - m["G0"] < 19                       # "by about 18 mg/dL"
    assert 0 < n["peak"] - m["peak"] < 10                    # "less than 10 mg/dL"


def test_try_lifestyle_lowers_peaks_not_fasting(t2d):
    n, life = t2d["no intervention"], t2d["training + bout, 75 % carbohydrate"]
    assert 35 < n["peak"] - life["peak"] < 40                # "almost 40"
    assert 2.5 <= n["G0"] - life["G0"] < 3.5                 # "only 3"


def test_try_combined_beats_either(t2d):
    n, c = t2d["no intervention"], t2d["combined"]
    assert round(n["a1c"], 1) == 8.2 and round(c["a1c"], 1) == 7.2
    assert 0.8 < n["a1c"] - c["a1c"] < 1.2                  # "by about 1 percentage point"
    assert c["a1c"] < min(t2d["metformin"]["a1c"], t2d["training + bout, 75 % carbohydrate"]["a1c"])
    # the A1C line is the ADAG one read backwards: A1C = (mean + 46.7) / 28.7 (Nathan 2008)
    assert n["a1c"] == pytest.approx((n["mean"] + 46.7) / 28.7, rel=1e-9)


def test_try_halving_carbohydrate_brings_peak_under_140():
    full = book.pathways_run("insulin resistant")
    half = book.pathways_run("insulin resistant", carbs=50)
    assert 173 < full["peak"] < 175 and 138 < half["peak"] < 140   # "from about 174 to about 139 mg/dL"


def test_one_exercise_bout_helps_a_little(t2d):
    bout = t2d["one bout of exercise"]
    assert bout["peak"] < t2d["no intervention"]["peak"] and bout["G0"] == t2d["no intervention"]["G0"]


def test_pathway_table_rows_are_the_runs():
    rows = book.pathways_table("type 2 diabetes", "none", 100, True)
    assert [r["type 2 diabetes"] for r in rows][-1] == "your choices"
    assert rows[-1]["fasting glucose (mg/dL)"] == rows[3]["fasting glucose (mg/dL)"]   # = the metformin row


# ---------------------------------------------------------------- page 4: long term (Ha 2016)

def test_no_intervention_compensates_then_fails():
    r = book.timing_run(untreated=True)
    assert progression.time_to_diabetes(progression.ha2016("none")) == pytest.approx(445, abs=1)  # "day 445"
    g = lambda day: r["G"][np.searchsorted(r["day"], day)]   # noqa: E731
    assert g(1000) - g(450) < 30                             # "creeps up only slowly until about year three"
    assert 2.7 < r["I"].max() / r["I"][0] < 3.3              # insulin rises to ≈3× its start
    assert r["I"][-1] == pytest.approx(1.2, abs=0.3) and r["I"][0] == pytest.approx(9.0, abs=0.1)   # "about 1", "9"


def test_try_threshold_between_day_1100_and_1150():
    assert book.timing_run(1100)["G_end"] == pytest.approx(104, abs=0.5)   # "to about 104 mg/dL"
    assert book.timing_run(1150)["G_end"] > 400             # "stays above 400"


def test_last_successful_starts_quoted_on_the_page():
    n = book.timing_run(untreated=True)
    d468, d3 = progression.last_successful_start(0.468), progression.last_successful_start(0.3)
    assert d468 == pytest.approx(1100, abs=5) and d3 == pytest.approx(1016, abs=5)   # "about day 1100 / 1016"
    assert round(n["G"][np.searchsorted(n["day"], d468)]) == 176                   # "about 176 mg/dL"
    assert "about day 1016" in page("long-term") and "about 176 mg/dL" in page("long-term")
    rows = book.timing_summary()
    assert [int(r["works if started by day"]) for r in rows] == [int(d468), int(d3)]


def test_target_sensitivity_is_about_60_percent_of_start():
    none, early = progression.ha2016("none"), progression.ha2016("early")
    # the prescribed decline is the exponential of spec §4: Si(t) = 0.18 + (0.8 − 0.18)·exp(−0.00756·t)
    k = np.searchsorted(none.t, 365)
    assert none.Si[k] == pytest.approx(0.18 + 0.62 * math.exp(-0.00756 * 365), rel=1e-6)
    assert 0.55 < early.Si[-1] / none.Si[0] < 0.65 and none.Si[-1] / none.Si[0] < 0.25


def test_try_prevention_never_diabetic():
    r = book.timing_run(**book.TIMING_START)
    assert math.isinf(r["t2d"]) and r["G_end"] == pytest.approx(102, abs=0.5)   # "ends near 102 mg/dL"
    n = book.timing_run(untreated=True)
    g300 = n["G"][np.searchsorted(n["day"], 300)]
    assert book.untreated_glucose(300) == g300 and "day 300: 118 mg/dL" in book.timing_readout(300, "surgery", True)
    assert g300 == pytest.approx(118, abs=0.5) and 100 <= g300 < 126   # "about 118 mg/dL, prediabetes"


def test_remission_preset_is_not_prevention():
    r = book.timing_run(1100, "sensitivity 0.468")
    assert r["t2d"] < 1100 and 100 <= r["G_end"] < 126      # reached diabetes, comes back to prediabetes


@pytest.mark.parametrize("start", book.GRIDS["timing"]["start"])
def test_try_bariatric_works_at_every_start(start):
    assert book.timing_run(start, "surgery")["G_end"] < 105     # "returns to about 100 mg/dL"
    r = progression.ha2016("bariatric", t_on=start)
    assert r.Si[-1] == pytest.approx(0.18, abs=0.01)         # while sensitivity keeps falling
