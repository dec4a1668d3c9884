"""Reflection chapter: the virtual twin, the "Try this" claims and the typed sandbox's messages.

The page's explorer and form live in ``metabolism.book.reflection`` (the twin itself in ``metabolism.twin``,
unit-tested in ``tests/test_twin.py``); these tests import them, so the functions tested are the ones the page
runs. Every number the prose quotes is checked against the package, direction and rough size; where the page
quotes it in a fixed phrase, the number is read from the page.
"""
from __future__ import annotations

import re

import numpy as np
import pytest

from conftest import ROOT
from metabolism import indices, meal, scenarios, twin, units
from metabolism.book import reflection as R
from metabolism.explorer import MAX_FRAMES, FramesExplorer

CHAPTER = ROOT / "chapters" / "reflection.md"
TEXT = " ".join(CHAPTER.read_text(encoding="utf-8").split())     # prose with line breaks folded
REF = R.REF_RUN


def run(g, i, what_if="as entered"):
    """The twin's meal response, as the explorer computes it."""
    return R.twin_run(g, i, what_if)[1]


def quoted(pattern):
    """The number(s) the page states in ``pattern`` (a regex with groups), as floats."""
    m = re.search(pattern, TEXT)
    assert m, f"the page no longer says {pattern!r}"
    return [float(x) for x in m.groups()]


# ----------------------------------------------------------------------------- the page
def test_page_is_prose_and_calls_the_module():
    """At most ~30 lines of Python; the explorer is one call into metabolism.book.reflection."""
    import jupytext
    nb = jupytext.read(CHAPTER)
    code = [ln for c in nb.cells if c.cell_type == "code" for ln in c.source.splitlines() if ln.strip()]
    assert len(code) <= 30, code
    text = CHAPTER.read_text(encoding="utf-8")
    assert "from metabolism.book import reflection" in text and "reflection.twin_explorer()" in text
    for banned in ("def ", "class ", "meal.simulate", "brentq", "metabolism.explore import"):
        assert banned not in "\n".join(code), banned


def test_try_this_sits_next_to_its_explorer():
    """The Try this box follows the explorer cell directly (no prose paragraph in between)."""
    text = CHAPTER.read_text(encoding="utf-8")
    cell_end = text.index("reflection.twin_explorer()\n```")
    between = text[cell_end:text.index(":::{admonition} Try this")]
    assert between.count("\n") <= 4 and "```{code-cell}" not in between
    assert ":::{admonition} What this model leaves out\n:class: note" in text


def test_grid_is_fine_at_the_two_cut_offs_and_within_the_frame_budget():
    """Issue 14: the twin's glucose slider has neighbouring steps on both sides of 100 and 126 mg/dL (at most
    2 mg/dL apart), every value the prose asks the reader to set is on the grid, and the grid fits the budget."""
    g = R.GRIDS["twin"]
    for cut in indices.ADA_CUTOFFS["fasting"][2:]:          # 100 and 126
        below = max(x for x in g["glucose"] if x < cut)
        assert cut in g["glucose"] and cut - below <= 2
        assert min(x for x in g["glucose"] if x > cut) - cut <= 2
    steps = np.diff(g["glucose"])
    assert steps.min() >= 1 and steps[:4].max() > steps.min()           # uneven on purpose: fine only near cut-offs
    for glucose in (85, 95, 99, 100, 102, 105, 125, 126, 140):
        assert glucose in g["glucose"]
    for insulin in (4, 8, 14, 22):
        assert insulin in g["insulin"]
    assert g["what_if"] == list(twin.WHAT_IFS)
    assert int(np.prod([len(v) for v in g.values()])) <= MAX_FRAMES
    ex = R.twin_explorer(mode="live")
    for name, preset in ex.presets.items():
        assert preset == {**R.REF, **R.PRESETS[name]}
    assert [c.kind for c in ex.controls.values()] == ["range", "range", "choice"]


def test_reference_is_drawn_above_the_twin():
    """Issue 14, reference markers visible: at the default setting the twin and the reference nearly coincide,
    so the reference must be drawn after (above) the twin's curve, and be dashed in a distinct colour."""
    ex = R.twin_explorer(mode="live")
    view = ex._core.view
    order = view._animated
    for line in view.lines:
        refs = [a for a in order if a.get_label() == "reference" and a.axes is line.axes]
        assert len(refs) == 1 and order.index(refs[0]) > order.index(line)
        assert refs[0].get_linestyle() != "-" and refs[0].get_color() != line.get_color()
    assert ex.value == R.REF and abs(g2h(run(95, 4)) - g2h(REF)) < 5


def test_every_control_changes_the_figure_and_text_reads_on_a_phone():
    from test_explorer import assert_every_control_changes_the_figure

    assert_every_control_changes_the_figure(R.twin_explorer(mode="live"))


def g2h(r):
    return r["glucose_2h_mgdl"]


def fpg(r):
    return r["fasting_mgdl"]


# ----------------------------------------------------------------------------- the twin on the page
@pytest.mark.parametrize("g, i", [(85, 4), (95, 8), (105, 14), (120, 10), (140, 14), (160, 25)])
def test_twin_matches_fasting_glucose_through_the_public_api(g, i):
    t = twin.calibrate(g, i)
    assert t.matched
    f = meal.fasting_state(t.subject, t.knobs)
    assert f.G == pytest.approx(g, abs=0.05)
    assert 0.2 <= t.glut4 <= 2.0 and 0.5 <= t.hepatic_output <= 2.0
    assert t.subject == ("t2d" if g >= 126 else "normal")


def test_subject_homa_ir_quoted_in_step_1():
    """'The healthy subject has a HOMA-IR of 0.96 (fasting glucose 92 mg/dL, insulin 4.2 µU/mL), the subject
    with type 2 diabetes 3.9 (159 mg/dL, 10 µU/mL)'."""
    h, g, i = quoted(r"healthy subject has a HOMA-IR of ([\d.]+) \(fasting glucose (\d+) mg/dL, insulin ([\d.]+)")
    G, I = twin.subject_fasting("normal")
    assert indices.homa_ir(G, I) == pytest.approx(h, abs=0.005) and G == pytest.approx(g, abs=0.5)
    assert I == pytest.approx(i, abs=0.05)
    h, g, i = quoted(r"type 2 diabetes ([\d.]+) \((\d+) mg/dL, (\d+) µU/mL\)")
    G, I = twin.subject_fasting("t2d")
    assert indices.homa_ir(G, I) == pytest.approx(h, abs=0.05) and G == pytest.approx(g, abs=0.5)
    assert I == pytest.approx(i, abs=0.1)


def test_model_fasting_insulin_follows_glucose_not_the_knobs():
    """The 'insulin is used, but not matched' note: at one glucose, the twins' insulin barely moves."""
    ins = [twin.calibrate(100, i).insulin_uU_mL for i in (3, 8, 20)]
    assert max(ins) - min(ins) < 0.05 * np.mean(ins)


def test_twin_jumps_at_126_between_the_two_subjects():
    """'125 mg/dL gives ... about 210 mg/dL, and 126 mg/dL one of about 325 mg/dL' (insulin 14); Try this 4."""
    lo, hi = quoted(r"125 mg/dL gives a twin whose glucose two hours after the meal is about (\d+) mg/dL, "
                    r"and 126 mg/dL one of about (\d+) mg/dL")
    assert R.twin_run(125, 14)[0].subject == "normal" and R.twin_run(126, 14)[0].subject == "t2d"
    assert g2h(run(125, 14)) == pytest.approx(lo, abs=8) and g2h(run(126, 14)) == pytest.approx(hi, abs=8)
    assert quoted(r"leaps from about (\d+) to about (\d+) mg/dL at two hours") == [lo, hi]


def test_try_4_the_100_cut_off_moves_the_category_not_the_twin():
    """Try this 4: from 99 to 100 mg/dL (insulin 14) the category turns to prediabetes, the 2-h glucose moves < 1."""
    assert "step *Fasting glucose* from 99 to 100 mg/dL" in TEXT
    assert "ADA (fasting): normal" in R.twin_readout(99, 14, "as entered")
    assert "ADA (fasting): prediabetes" in R.twin_readout(100, 14, "as entered")
    assert abs(g2h(run(100, 14)) - g2h(run(99, 14))) < 1
    assert "ADA (fasting): diabetes" in R.twin_readout(126, 14, "as entered")


# ----------------------------------------------------------------------------- "Try this" claims
def test_try_1_high_insulin_at_normal_glucose_raises_the_2h_glucose():
    ref, high = quoted(r"climbs from about the reference's (\d+) mg/dL to about (\d+) mg/dL")
    low, hi = run(95, 4), run(95, 14)
    assert fpg(low) == pytest.approx(95, abs=0.1) and fpg(hi) == pytest.approx(95, abs=0.1)
    assert g2h(REF) == pytest.approx(ref, abs=3)
    assert abs(g2h(low) - g2h(REF)) < 5                   # insulin 4: about the reference
    assert g2h(hi) == pytest.approx(high, abs=6)
    assert quoted(r"from about the reference's (\d+) mg/dL to about (\d+) mg/dL\. The same") == [ref, high]


def test_try_2_metformin_lowers_fasting_more_than_2h_glucose():
    d_f, start, end, d_h = quoted(r"fasting glucose by about (\d+) mg/dL \((\d+) → about (\d+)\) but its 2-h "
                                  r"glucose by only about (\d+) mg/dL")
    base, met = run(140, 14), run(140, 14, "metformin")
    assert fpg(base) == pytest.approx(start, abs=0.1)
    assert fpg(met) - fpg(base) == pytest.approx(-d_f, abs=2.5) and fpg(met) == pytest.approx(end, abs=2.5)
    assert g2h(met) - g2h(base) == pytest.approx(-d_h, abs=2.5)
    assert abs(g2h(met) - g2h(base)) < abs(fpg(met) - fpg(base))


def test_metformin_twin_fasting_falls_less_than_hundal():
    """'In the twin fasting glucose falls by less (about 11 % ...)' than Hundal's ~30 %."""
    (pct,) = quoted(r"In the twin fasting glucose falls by less \(about (\d+) %")
    base, met = run(140, 14), run(140, 14, "metformin")
    fall = 1 - fpg(met) / fpg(base)
    assert fall == pytest.approx(pct / 100, abs=0.015) and fall < 0.30


def test_try_3_exercise_lowers_2h_glucose_not_fasting():
    d_h, d_f = quoted(r"lowers the 2-h glucose by about (\d+) mg/dL but moves fasting glucose by only about (\d+)")
    base, ex = run(105, 14), run(105, 14, "exercise training")
    assert g2h(ex) - g2h(base) == pytest.approx(-d_h, abs=2.5)
    assert abs(fpg(ex) - fpg(base)) < d_f + 1


def test_what_ifs_are_the_package_presets():
    assert twin.WHAT_IFS["exercise training"] == "exercise_trained" and twin.WHAT_IFS["metformin"] == "metformin"
    t = twin.calibrate(105, 8)
    ex, met = twin.meal_response(t, "exercise training"), twin.meal_response(t, "metformin")
    assert ex["knobs"]["glut4"] == pytest.approx(t.glut4 * scenarios.PRESETS["exercise_trained"]["knobs"]["glut4"])
    assert met["knobs"]["hepatic_output"] == pytest.approx(
        t.hepatic_output * scenarios.PRESETS["metformin"]["knobs"]["hepatic_output"])


def test_paper_figure_meal_load():
    g, per_kg, kg = quoted(r"\(([\d.]+) g of glucose, about ([\d.]+) g/kg at (\d+) kg\)")
    assert twin.PAPER_MEAL_G == g and twin.PAPER_BODY_WEIGHT_KG == kg
    assert twin.PAPER_MEAL_G / twin.PAPER_BODY_WEIGHT_KG == pytest.approx(per_kg, abs=0.01)


def test_exercise_grace_on_the_sliders():
    """Exercise 1: 102 mg/dL and 8 µU/mL: HOMA-IR about 2.0, prediabetes, GLUT4 about 0.48, liver about 1.22."""
    h, g4, ho = quoted(r"HOMA-IR is about ([\d.]+) \(102 × 8 / 405\).*?GLUT4 knob, set from HOMA-IR, is about "
                       r"([\d.]+) \(and its liver output is then raised to about ([\d.]+)")
    assert indices.homa_ir(102, 8) == pytest.approx(h, abs=0.05)
    assert indices.ada_category(fpg_mgdl=102).category == "prediabetes"
    t = twin.calibrate(102, 8)
    assert t.glut4 == pytest.approx(g4, abs=0.01) and t.hepatic_output == pytest.approx(ho, abs=0.01)
    grace = scenarios.CASES["liver_prediabetes"]["settings"]["knobs"]
    assert grace.get("glut4", 1.0) == 1.0 and grace["hepatic_output"] > 1      # 'leave her muscle at 1'
    assert "HOMA-IR 2.0" in R.twin_readout(102, 8, "as entered")


def test_exercise_4_insulin_22_is_far_above_the_twins():
    t = twin.calibrate(95, 22)
    assert t.matched and t.insulin_uU_mL < 22 / 2


def test_frames_mode_precomputes_every_setting():
    """Frames mode end to end (what the book build runs): one frame per grid point, every readout worded."""
    ex = R.twin_explorer(mode="frames")
    assert isinstance(ex, FramesExplorer) and len(ex.frames) == ex.frame_count
    assert all(f["readout"] and f["sentence"] for f in ex.frames.values())


# ----------------------------------------------------------------------------- typed sandbox
@pytest.mark.parametrize("args, expect", [
    (("abc", "mg/dL", "8", "µU/mL"), "is not a number"),
    (("-3", "mg/dL", "8", "µU/mL"), "is not possible"),
    (("0", "mg/dL", "8", "µU/mL"), "is not possible"),
    (("5.3", "mg/dL", "8", "µU/mL"), "looks like a value in mmol/L"),
    (("95", "mmol/L", "8", "µU/mL"), "looks like a value in mg/dL"),
    (("95", "mg/dL", "400", "µU/mL"), "looks like a value in pmol/L"),
    (("95", "mg/dL", "8", "µU/mL", "", "42"), "mmol/mol"),
    (("1e9", "mg/dL", "8", "µU/mL"), "outside the plausible range"),
    (("nan", "mg/dL", "inf", "µU/mL"), "not a finite number"),
    (("", "mg/dL", "", "µU/mL"), "please type a number"),
    (("95", "mg/dL", "8", "µU/mL", "abc"), "2-h OGTT glucose"),
])
def test_bad_input_gets_a_clear_message_not_a_traceback(args, expect):
    text = R.sandbox_report(*args)
    assert text.startswith("Please check:") and expect in text


def test_good_input_in_either_unit_gives_the_same_report():
    a = R.sandbox_report("95", "mg/dL", "8", "µU/mL")
    b = R.sandbox_report("5.2777777778", "mmol/L", "48", "pmol/L")
    assert "HOMA-IR 1.88" in a and "HOMA-IR 1.88" in b
    assert "ADA category: normal" in a
    assert "Virtual twin" in a and "Exercise training" in a and "Metformin" in a


def test_report_with_ogtt_and_a1c():
    text = R.sandbox_report("95", "mg/dL", "8", "µU/mL", "150", "5,9")   # a decimal comma is accepted
    assert "prediabetes (IGT, A1C)" in text
    assert f"average glucose {indices.eag_mgdl(5.9):.0f} mg/dL" in text
    assert "meal-model proxy" in text


def test_out_of_model_range_is_explained():
    text = R.sandbox_report("300", "mg/dL", "8", "µU/mL")
    assert "ADA category: diabetes" in text and "No twin" in text


def test_typed_form_never_raises():
    """Any string in any field: the form's report is text, never an exception."""
    rng = np.random.default_rng(1)
    junk = ["", " ", "1,2,3", "½", "95 mg/dL", "1e400", "-0", "0x10", "٩٥", "NaN", "95.", ".5", "1e-300"]
    for _ in range(200):
        args = [rng.choice(junk + [str(rng.uniform(-50, 700))]) for _ in range(4)]
        out = R.sandbox_report(args[0], rng.choice(["mg/dL", "mmol/L"]), args[1],
                                   rng.choice(["µU/mL", "pmol/L"]), args[2], args[3])
        assert isinstance(out, str) and out


def test_typed_form_fields_button_and_messages():
    """The kernel form itself: fill the text fields, press the button, read the report (no traceback)."""
    form = R.typed_sandbox(mode="live")
    fields = {w.description: w for w in form.children if hasattr(w, "description") and w.description}
    button = next(w for w in form.children if type(w).__name__ == "Button")
    out = next(w for w in form.children if type(w).__name__ == "HTML" and "Educational" not in w.value)
    assert any("not medical advice" in w.value for w in form.children if type(w).__name__ == "HTML")
    fields["Fasting glucose"].value, fields["Fasting insulin"].value = "5.3", "48"
    fields["Glucose unit"].value, fields["Insulin unit"].value = "mmol/L", "pmol/L"
    button.click()
    assert "HOMA-IR" in out.value and "Virtual twin" in out.value
    fields["Fasting glucose"].value = "ninety"
    button.click()
    assert "Please check" in out.value and "Traceback" not in out.value


# ----------------------------------------------------------------------------- the sandbox's edges
def test_homa_b_is_a_sentence_not_a_huge_number_near_63():
    for g in ("63", "63.01", "69.9"):
        text = R.sandbox_report(g, "mg/dL", "300", "µU/mL")
        assert "HOMA-%B not shown below 70 mg/dL" in text and "10800000" not in text
    assert "HOMA-%B 90 %" in R.sandbox_report("95", "mg/dL", "8", "µU/mL")


@pytest.mark.parametrize("args, shown, category", [
    (("125.96", "mg/dL", "8", "µU/mL"), "Fasting glucose 125.96 mg/dL (6.998 mmol/L)", "prediabetes (IFG)"),
    (("6.998", "mmol/L", "48", "pmol/L"), "(6.998 mmol/L)", "prediabetes (IFG)"),
    (("126", "mg/dL", "8", "µU/mL"), "Fasting glucose 126 mg/dL (7.0 mmol/L)", "ADA category: diabetes"),
    (("99.96", "mg/dL", "8", "µU/mL"), "Fasting glucose 99.96 mg/dL", "ADA category: normal"),
])
def test_printed_glucose_shows_the_side_of_the_cut_off(args, shown, category):
    text = R.sandbox_report(*args)
    assert shown in text and category in text


def test_a1c_next_to_its_category_is_not_rounded_across_6_5():
    text = R.sandbox_report("95", "mg/dL", "8", "µU/mL", "", "6.49999999")
    assert "A1C just below 6.5 %" in text and "prediabetes" in text


def test_40_mg_dl_is_called_low_not_normal():
    text = R.sandbox_report("40", "mg/dL", "8", "µU/mL")
    assert "ADA category: low (hypoglycaemia level 2)" in text and "fasting: normal" not in text
    assert "is low, not normal" in text


def test_no_minus_zero_anywhere():
    assert R.signed(-0.3) == "±0" and R.signed(0.4) == "±0" and R.signed(-1.6) == "-2"
    assert "-0 " not in R.sandbox_report("-0", "mg/dL", "8", "µU/mL")
    for g, i in (("95", "8"), ("125.96", "8"), ("105", "14"), ("140", "14")):
        text = R.sandbox_report(g, "mg/dL", i, "µU/mL")
        assert "-0 mg/dL" not in text and "+0 mg/dL" not in text


def test_long_typed_input_is_not_echoed_in_full():
    text = R.sandbox_report("x" * 5000, "mg/dL", "y" * 5000, "µU/mL", "z" * 5000, "w" * 5000)
    assert text.startswith("Please check:") and len(text) < 600 and "…" in text



# ----------------------------------------------------------------------------- the printed example
def test_static_example_report():
    """The printed example: HOMA-IR about 3.9 (four times 0.96), prediabetes by fasting glucose and A1C,
    2-h glucose about 70 mg/dL above the reference, typed insulin above the twin's."""
    assert R.EXAMPLES[0] == ("5.8", "mmol/L", "90", "pmol/L", "", "5.9")
    h, above = quoted(r"HOMA-IR about ([\d.]+), four times the model subject's.*?about (\d+) mg/dL above")
    text = R.sandbox_report(*R.EXAMPLES[0])
    g, i = units.mmol_to_mgdl(5.8), units.pmol_to_uU(90)
    homa = indices.homa_ir(g, i)
    assert homa == pytest.approx(h, abs=0.1)
    assert homa / indices.homa_ir(*twin.subject_fasting("normal")) == pytest.approx(4, abs=0.2)
    assert "prediabetes (IFG, A1C)" in text and "compensation the model does not have" in text
    assert g2h(twin.meal_response(twin.calibrate(g, i))) - g2h(REF) == pytest.approx(above, abs=6)
    assert R.sandbox_report(*R.EXAMPLES[1]).startswith("Please check:")
