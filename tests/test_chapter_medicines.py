"""The medicines page (chapters/intermediate/medicines.md): its "Try this" prompts, every number in its prose,
its trial table and its explorer, checked through metabolism.book.medicines (the module the page calls).

Model numbers are computed here through the module and compared with the numbers parsed from the page, with the
tolerance of the page's wording ("about": the last shown digit). Trial numbers are compared with
``medicines.TRIALS`` (each row's numbers, checked against the trials' abstracts) and their bibliography entries.
The sources of the medicine settings are the anchors of tests/test_medicines.py; here they are read from
metabolism.scenarios so that the page cannot drift from the presets.
"""
from __future__ import annotations

import re

import numpy as np
import pytest
from pybtex.database import parse_file

from conftest import ROOT, toc_files
from metabolism import knobs, meal, scenarios
from metabolism.book import medicines as M
from metabolism.explorer import MAX_FRAMES, FramesExplorer

PAGE = ROOT / "chapters" / "intermediate" / "medicines.md"
TEXT = PAGE.read_text(encoding="utf-8")
BIB = parse_file(str(ROOT / "references.bib"))


def run(**kw):
    return M.medicines_run(**{**M.REF, **kw})


def metric(r, name):
    return r[name] if name in r else getattr(r["metrics"], name)


def section(start, end):
    """The page text between two markers (both must be on the page)."""
    i, j = TEXT.index(start), TEXT.index(end, TEXT.index(start))
    return TEXT[i:j]


TRY = section(":::{admonition} Try this", "**What to notice.**")
PROMPTS = re.split(r"\n\d\. ", TRY)[1:]


NAMES = ("GLP-1", "SGLT2", "type 2", "SUSTAIN-6", "SURMOUNT-1", "STEP 1", "EMPA-REG", "DAPA-CKD", "95 %", "A1C",
         "06:00", "08:00", "12:00", "20:00", "GLUT4")   # names and clock times, not quantities


def nums(text):
    """The numbers in ``text``, in order (names such as GLP-1 and clock times left out)."""
    for name in NAMES:
        text = text.replace(name, " ")
    return [float(x) for x in re.findall(r"(?<![\w.])\d+(?:\.\d+)?", text)]


def shown(value, text_value, digits=0):
    """The page's rounded number equals the model's, at the page's precision (half a unit of the last digit)."""
    return abs(value - text_value) <= 0.5 * 10 ** (-digits) + 1e-9


# ------------------------------------------------------------------ the page and its place in the book

def test_page_is_in_the_toc_right_after_pathways():
    names = [p.relative_to(ROOT).as_posix() for p in toc_files()]
    i = names.index("chapters/intermediate/pathways.md")
    assert names[i + 1] == "chapters/intermediate/medicines.md"


def test_page_calls_the_module_in_a_few_lines():
    cells = re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", TEXT, re.S)
    lines = [ln for c in cells for ln in c.splitlines() if ln.strip() and not ln.startswith(":")]
    assert len(lines) <= 30, lines
    assert "from metabolism.book import medicines" in TEXT and "medicines.medicines_explorer()" in TEXT
    # the explorer's call folds above it ("Show the code"); the other cells print text only
    assert all(":tags: [hide-input]" in c for c in cells if "explorer(" in c)
    assert all(":tags: [remove-input]" in c for c in cells if "explorer(" not in c)


def test_page_pattern_objectives_try_this_leaves_out_advice_takeaways():
    for part in (":::{admonition} Learning objectives", ":::{admonition} Try this", "## What this model leaves out",
                 "Educational, not medical advice", "not medical advice", "## Key takeaways", "{cite:p}", "{term}"):
        assert part in TEXT, part
    # the Try-this box sits right after the explorer cell (nothing but the legend paragraph between them)
    after = TEXT.split("medicines.medicines_explorer()\n```", 1)[1]
    assert after.index(":::{admonition} Try this") < 600


def test_every_cited_key_is_in_the_bibliography_with_a_doi():
    keys = {k for group in re.findall(r"\{cite:[pt]\}`([^`]+)`", TEXT) for k in group.split(",")}
    for k in keys:
        assert k in BIB.entries, k
    for row in M.TRIALS.values():
        assert BIB.entries[row["key"]].fields.get("doi", "").startswith("10."), row["key"]


def test_every_glossary_term_used_is_defined():
    gloss = (ROOT / "glossary.md").read_text(encoding="utf-8")
    for term in re.findall(r"\{term\}`([^`]+)`", TEXT):
        name = term.split("<")[-1].rstrip(">").strip() if "<" in term else term
        assert re.search(rf"^{re.escape(name)}$", gloss, re.M), name


# ------------------------------------------------------------------ "Where each medicine acts": the settings

def test_settings_quoted_on_the_page_are_the_presets():
    p = {n: scenarios.PRESETS[n]["knobs"] for n in scenarios.MEDICINES}
    act = section("## Where each medicine acts in the model", "## One person, one day")
    assert p["metformin"]["hepatic_output"] == 0.76 and "× 0.76" in act
    assert p["sglt2i"]["renal_threshold"] == 40.0 and "threshold to 40 mg/dL" in act
    assert p["sglt2i"]["renal_excretion"] == 6.0 and "six-fold" in act
    assert p["glp1ra"]["gastric_emptying"] == 0.65 and "× 0.65" in act
    assert p["glp1ra"]["insulin_secretion"] == 2.1 and "× 2.1" in act and "2.10 times" in act
    assert p["tirzepatide"]["glut4"] == 1.3 and "GLUT4 × 1.3" in act
    assert knobs.KNOBS["adiponectin"].display(p["pioglitazone"]["adiponectin"]) == "21.0 µg/mL" and "21 µg/mL" in act
    assert scenarios.PRESETS["igt_approx"]["knobs"] == {"glut4": 0.5, "adiponectin": 0.25}
    assert "GLUT4 response 0.5" in act and "adiponectin 0.25" in act
    # the model's own threshold ke2/VG is about 180 mg/dL (the knob's default)
    assert knobs.KNOBS["renal_threshold"].default == 180.0 and "about 180 mg/dL" in act
    # metformin: "about a quarter" = 24 % (Hundal 2000), the knob 0.76
    assert "about a quarter" in act and abs((1 - 0.76) - 0.25) < 0.02


def test_sglt2i_slope_excretes_about_a_third_of_the_filtered_glucose():
    """'raised six-fold until about a third of the filtered glucose leaves', inside 30–50 % (Liu 2012);
    with the threshold alone far less (the issue's check)."""
    kn = scenarios.PRESETS["sglt2i"]["knobs"]
    gfr = 1.25   # dL/min, 125 mL/min
    r = meal.day("t2d", kn)
    share = r.urinary_glucose_g / (np.trapezoid(r.G * gfr, r.t) / 1000)
    assert 0.30 <= share <= 0.40 and "about a third" in TEXT and "30–50 %" in TEXT
    alone = meal.day("t2d", {"renal_threshold": 40.0})
    assert alone.urinary_glucose_g / (np.trapezoid(alone.G * gfr, alone.t) / 1000) < 0.10


def test_glp1ra_emptying_reproduces_the_first_hour_ratio():
    """'the model's emptying rate × 0.65 reproduces that ratio' (0.73, Hjerpsted 2018), on a 75-g load."""
    kw = dict(meals=[(0, 75)], body_weight=91, t_end=300)
    slow = meal.simulate("t2d", {"gastric_emptying": 0.65}, **kw)
    ref = meal.simulate("t2d", **kw)
    first = slow.t <= 60
    ratio = np.trapezoid(slow.Ra[first], slow.t[first]) / np.trapezoid(ref.Ra[first], ref.t[first])
    assert ratio == pytest.approx(0.73, abs=0.01) and "0.73 times" in TEXT


def test_meals_on_the_page_are_the_days_meals():
    clock = [(6 + t // 60, g) for t, g in scenarios.DAY_MEALS]
    assert clock == [(8, 45), (12, 70), (20, 70)]
    assert "08:00\n(45 g), 12:00 (70 g) and 20:00 (70 g)" in TEXT or "08:00 (45 g), 12:00 (70 g) and 20:00 (70 g)" in TEXT


# ------------------------------------------------------------------ the combination rule

def test_each_medicine_alone_is_exactly_its_preset():
    for name in scenarios.MEDICINES:
        value = {**M.REF, **M.PRESETS[scenarios.LABELS[name]]}
        subject, kn = M.medicine_knobs(**value)
        assert (subject, kn) == ("t2d", dict(scenarios.PRESETS[name]["knobs"]))
        np.testing.assert_allclose(M.medicines_run(**value)["G"], meal.day(**scenarios.preset(name)).G, rtol=1e-12)


def test_medicines_multiply_the_persons_own_knobs():
    subject, kn = M.medicine_knobs("igt_approx", 0.4, metformin=True, sglt2i=True, incretin="tirzepatide",
                                   pioglitazone=True)
    assert subject == "normal"
    assert kn["hepatic_output"] == pytest.approx(0.76)
    assert kn["glut4"] == pytest.approx(0.5 * 1.3) and kn["adiponectin"] == pytest.approx(0.25 * 2.1)
    assert kn["insulin_secretion"] == pytest.approx(0.4 * 2.1) and kn["gastric_emptying"] == pytest.approx(0.65)
    assert kn["renal_threshold"] == 40.0 and kn["renal_excretion"] == 6.0
    # every grid point stays inside the knob ranges (the incretin on top of the highest secretion)
    top = max(M.GRIDS["medicines"]["insulin_secretion"])
    assert top * scenarios.PRESETS["glp1ra"]["knobs"]["insulin_secretion"] <= knobs.KNOBS["insulin_secretion"].hi


def test_bad_choices_are_clear_errors():
    with pytest.raises(ValueError, match="incretin='both' is not a choice"):
        M.medicine_knobs(incretin="both")
    with pytest.raises(ValueError, match="person='x' is not one of"):
        M.medicine_knobs(person="x")
    with pytest.raises(ValueError, match="metformin=1 must be True or False"):
        M.medicine_knobs(metformin=1)


# ------------------------------------------------------------------ the five "Try this" prompts

def test_try_this_has_five_prompts_next_to_the_explorer():
    assert len(PROMPTS) == 5


def test_prompt_1_sglt2i_alone():
    """About 105 g in the urine (3 without), mean 189 → 169, insulin 103 U instead of 126, liver +17 % at 06:00."""
    p, ref, r = PROMPTS[0], run(), run(sglt2i=True)
    urine, base_urine, mean_from, mean_to, ins, ins_ref, liver = nums(p)[:7]
    assert shown(metric(r, "urinary_glucose"), urine) and shown(metric(ref, "urinary_glucose"), base_urine)
    assert shown(metric(ref, "mean_glucose"), mean_from) and shown(metric(r, "mean_glucose"), mean_to)
    assert shown(metric(r, "insulin_secreted"), ins) and shown(metric(ref, "insulin_secreted"), ins_ref)
    assert shown(100 * (r["EGP"][0] / ref["EGP"][0] - 1), liver) and "06:00" in p
    assert r["I"][0] < ref["I"][0]                                   # "because insulin is lower"
    sentence = M.medicines_sentence(**{**M.REF, "sglt2i": True})
    assert f"{metric(r, 'urinary_glucose'):.0f} g" in sentence
    table = {row[0]: row for row in M.medicines_table(**{**M.REF, "sglt2i": True})["rows"]}
    assert f"falls by {table['Mean glucose, mg/dL'][3].lstrip('−')} mg/dL" in sentence   # sentence = table


def test_prompt_2_glp1ra_peaks_fall_fasting_stays():
    p, ref, r = PROMPTS[1], run(), run(incretin="glp1ra")
    peak_from, peak_to, _, h_from, h_to, fasting = nums(p)[:6]
    assert shown(ref["peak"], peak_from) and shown(r["peak"], peak_to)
    assert shown(metric(ref, "hours_above_180"), h_from, 1) and shown(metric(r, "hours_above_180"), h_to, 1)
    assert shown(r["fasting"], fasting) and abs(r["fasting"] - ref["fasting"]) < 0.5


def test_prompt_3_failing_beta_cells():
    """Secretion 0.4: mean about 227; SGLT2i lowers it by about 45 (20 at full secretion); GLP-1 RA to about
    197, still above the untreated person at full secretion."""
    p = PROMPTS[2]
    low, low_s, low_g = run(insulin_secretion=0.4), run(insulin_secretion=0.4, sglt2i=True), \
        run(insulin_secretion=0.4, incretin="glp1ra")
    full, full_s = run(), run(sglt2i=True)
    _, mean_low, drop_low, drop_full, glp_mean = nums(p)[:5]
    assert 0.4 in M.GRIDS["medicines"]["insulin_secretion"] and "to 0.4" in p
    assert shown(metric(low, "mean_glucose"), mean_low)
    assert shown(metric(low, "mean_glucose") - metric(low_s, "mean_glucose"), drop_low, -1)   # "about 45": ±5
    assert shown(metric(full, "mean_glucose") - metric(full_s, "mean_glucose"), drop_full, -1)
    assert shown(metric(low_g, "mean_glucose"), glp_mean)
    assert metric(low_g, "mean_glucose") > metric(full, "mean_glucose")


def test_prompt_4_combination():
    p, ref = PROMPTS[3], run()
    r = run(**M.PRESETS["metformin + SGLT2 inhibitor + GLP-1 receptor agonist"])
    a1c_from, a1c_to, _, h_from, h_to, ins_from, ins_to = nums(p)[:7]
    assert shown(metric(ref, "a1c_estimate"), a1c_from, 1) and shown(metric(r, "a1c_estimate"), a1c_to)
    assert shown(metric(ref, "hours_above_180"), h_from, 1) and shown(metric(r, "hours_above_180"), h_to, 1)
    assert shown(metric(ref, "insulin_secreted"), ins_from) and shown(metric(r, "insulin_secreted"), ins_to)
    # "the effects add": the combination lowers the mean more than any one of its parts
    parts = [run(metformin=True), run(sglt2i=True), run(incretin="glp1ra")]
    assert metric(r, "mean_glucose") < min(metric(x, "mean_glucose") for x in parts)


def test_prompt_5_prediabetes():
    p = PROMPTS[4]
    pre, met, sg = run(person="igt_approx"), run(person="igt_approx", metformin=True), \
        run(person="igt_approx", sglt2i=True)
    fast, a1c, fast_met, a1c_met, urine, never = nums(p)[:6]
    assert shown(pre["fasting"], fast) and shown(metric(pre, "a1c_estimate"), a1c, 1)
    assert 100 <= pre["fasting"] < 126 and 5.7 <= metric(pre, "a1c_estimate") < 6.5   # ADA prediabetes ranges
    assert shown(met["fasting"], fast_met) and shown(metric(met, "a1c_estimate"), a1c_met, 1)
    assert shown(metric(sg, "urinary_glucose"), urine) and never == 180 and sg["G"].max() < 180


def test_model_a1c_fall_on_glp1ra_is_about_half_of_sustain6():
    """'the model's estimated A1C falls by about half a point, about half of what SUSTAIN-6 measured'."""
    drop = metric(run(), "a1c_estimate") - metric(run(incretin="glp1ra"), "a1c_estimate")
    assert 0.4 <= drop <= 0.65 and 0.4 <= drop / M.SUSTAIN6_A1C_POINTS <= 0.65
    assert "about half a point" in TEXT and "about −1.0 percentage point" in TEXT


# ------------------------------------------------------------------ the trial table and the remaining numbers

TABLE = [ln for ln in TEXT.splitlines() if ln.startswith("| ") and "{cite:p}" in ln]


def test_trial_table_is_headed_as_published_results_and_matches_the_checked_numbers():
    head = section("## What the trials measured", "| Medicine")
    assert "published trial results, not model output" in head
    assert len(TABLE) == len(M.TRIALS)
    for row in TABLE:
        trial = [t for t in M.TRIALS if f"({t};" in row]
        assert len(trial) == 1, row
        data = M.TRIALS[trial[0]]
        assert f"{{cite:p}}`{data['key']}`" in row
        cells = row.replace(f"{{cite:p}}`{data['key']}`", "")
        assert sorted(nums(cells)) == sorted(data["numbers"]), (trial, nums(cells))
    assert "HR 0.86 (0.74–0.99)" in TEXT and "38 % lower" in TEXT and "MACE HR 0.74 (0.58–0.95)" in TEXT
    assert "−20.9 % vs −3.1 %" in TEXT and "about −4.3 kg" in TEXT


def test_sources_quoted_in_the_prose_are_the_presets_citations():
    """The measured values the prose quotes for the settings are those cited in metabolism.scenarios."""
    c = scenarios.CITATIONS
    assert "30-50 %" in c["sglt2i"] and "< 40 mg/dL" in c["sglt2i"]
    assert "1.0 mg" in c["glp1ra"] and "ratio 0.73" in c["glp1ra"] and "ratio 2.10" in c["glp1ra"]
    assert "16 weeks" in c["pioglitazone"] and "to 21 µg/mL" in c["pioglitazone"]
    assert "semaglutide 1 mg" in TEXT and "16-week study" in TEXT and "for the 1 mg dose" in TEXT


#: numbers of the prose outside the prompts, each asserted by a test above (settings, sources, the day's meals)
SETTINGS = {0.76, 180, 40, 30, 50, 1, 0.73, 0.65, 2.10, 2.1, 1.3, 21, 16, 0.5, 0.25, 45, 70}


def test_every_number_on_the_page_is_asserted():
    """All numbers of the prose (outside code, the header and the trial table) are the prompts' numbers (each
    checked against the model above) or the settings and sources checked above."""
    prose = TEXT.split("---", 2)[2]
    prose = re.sub(r"```.*?```", "", prose, flags=re.S)
    prose = "\n".join(re.sub(r"^\d\. ", "", ln) for ln in prose.splitlines() if ln not in TABLE)
    prose = re.sub(r"\{(cite:[pt]|term)\}`[^`]+`", "", prose)
    allowed = set(SETTINGS)
    for p in PROMPTS:
        allowed |= set(nums(p))
    stray = [x for x in nums(prose) if x not in allowed]
    assert not stray, stray


# ------------------------------------------------------------------ the explorer

def test_explorer_grid_controls_and_presets():
    ex = M.medicines_explorer(mode="live")
    kinds = {n: c.kind for n, c in ex.controls.items()}
    assert kinds == {"person": "choice", "metformin": "switch", "sglt2i": "switch", "incretin": "choice",
                     "pioglitazone": "switch", "insulin_secretion": "range"}
    assert ex.controls["insulin_secretion"].label == knobs.KNOBS["insulin_secretion"].label
    assert ex.frame_count <= MAX_FRAMES
    assert set(scenarios.LABELS[n] for n in scenarios.MEDICINES) <= set(ex.presets)
    for name, point in M.PRESETS.items():
        ex.apply_preset(name)
        assert ex.preset == name and all(ex.value[k] == v for k, v in point.items())
    ex.reset()
    assert ex.value == M.REF


def test_every_control_changes_the_figure_and_the_table():
    ex = M.medicines_explorer(mode="live")
    base_png, base_table = ex.png, ex.frame["table"]
    for change in ({"person": "igt_approx"}, {"metformin": True}, {"sglt2i": True}, {"incretin": "glp1ra"},
                   {"incretin": "tirzepatide"}, {"pioglitazone": True}, {"insulin_secretion": 0.4}):
        ex.set(**{**M.REF, **change})
        assert ex.png != base_png and ex.frame["table"] != base_table, change
    table = ex.frame["table"]
    assert table["columns"] == ["Per day (model)", "No medicine", "With", "Change"]
    assert [r[0] for r in table["rows"]][:5] == ["Mean glucose, mg/dL", "Hours above 180 mg/dL", "Estimated A1C, %",
                                                 "Insulin secreted, U", "Urinary glucose, g"]


def test_readout_and_table_quote_the_day_metrics():
    value = {**M.REF, "sglt2i": True}
    m = run(sglt2i=True)["metrics"]
    text = M.medicines_readout(**value)
    for s in (f"mean glucose {m.mean_glucose:.0f} mg/dL", f"above 180 mg/dL {m.hours_above_180:.1f} h",
              f"estimated A1C {m.a1c_estimate:.1f} %", f"insulin secreted {m.insulin_secreted:.0f} U",
              f"urinary glucose {m.urinary_glucose:.0f} g/day"):
        assert s in text, s
    rows = {r[0]: r for r in M.medicines_table(**value)["rows"]}
    assert rows["Urinary glucose, g"][2] == f"{m.urinary_glucose:.0f}"
    assert rows["Mean glucose, mg/dL"][3].startswith("−")


def test_text_reads_on_a_phone():
    from test_explorer import min_text_css_px
    ex = M.medicines_explorer(mode="live")
    assert ex._core.view.width_px == 520 and min_text_css_px(ex._core.view) >= 10.0


def test_reference_curves_are_drawn_above_the_current_ones():
    view = M.MedicinesView()
    order = view._animated
    first_ref = order.index(view.refs[0][1])
    assert all(order.index(line) < first_ref for _, line in view.lines)


def test_leaves_out_lists_every_medicine_from_the_presets():
    text = str(M.leaves_out())
    for name in scenarios.MEDICINES:
        assert scenarios.LEAVES_OUT[name] in text and scenarios.LABELS[name] in text
    assert "medicines.leaves_out()" in TEXT


@pytest.mark.slow
def test_frames_mode_builds_every_setting():
    ex = M.medicines_explorer(mode="frames")
    assert isinstance(ex, FramesExplorer) and len(ex.frames) == ex.frame_count == 240
