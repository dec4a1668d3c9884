"""Reflection chapter: the virtual-twin solve, the "Try this" claims and the typed sandbox's messages.

The chapter's own code cells are executed here (read with jupytext), so the functions tested are the ones
the page runs; every number the prose quotes is checked against the package, direction and rough size.
"""
from __future__ import annotations

import jupytext
import numpy as np
import pytest

from conftest import ROOT
from metabolism import indices, meal

CHAPTER = ROOT / "chapters" / "reflection.md"


@pytest.fixture(scope="module")
def ch():
    """Namespace of the chapter's code cells, run in live mode without displaying anything."""
    import os
    nb = jupytext.read(CHAPTER)
    ns: dict = {}
    old = os.environ.get("METABOLISM_EXPLORER_MODE")
    os.environ["METABOLISM_EXPLORER_MODE"] = "frames-off-for-tests"  # the typed form is not displayed
    try:
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            src = cell.source
            if "twin_explorer = explorer(" in src:   # the explorer is exercised by the widget tests
                src = src[: src.index("fig1 = ")]
            exec(src, ns)
    finally:
        if old is None:
            os.environ.pop("METABOLISM_EXPLORER_MODE")
        else:
            os.environ["METABOLISM_EXPLORER_MODE"] = old
    return ns


# ----------------------------------------------------------------------------- the twin solve
@pytest.mark.parametrize("g, i", [(85, 4), (95, 8), (105, 14), (120, 10), (140, 14), (160, 25)])
def test_twin_matches_fasting_glucose_through_the_public_api(ch, g, i):
    twin = ch["virtual_twin"](g, i)
    assert twin["matched"]
    f = meal.fasting_state(twin["subject"], {"glut4": twin["glut4"], "hepatic_output": twin["hepatic_output"]})
    assert f.G == pytest.approx(g, abs=0.05)
    assert 0.2 <= twin["glut4"] <= 2.0 and 0.5 <= twin["hepatic_output"] <= 2.0
    assert twin["subject"] == ("t2d" if g >= 126 else "normal")


def test_twin_glut4_follows_homa_ir_relative_to_the_reference(ch):
    ref = meal.fasting_state("normal")
    homa_ref = indices.homa_ir(ref.G, ref.I / 6.0)
    assert homa_ref == pytest.approx(0.96, abs=0.005)                  # the prose: "0.96"
    assert ref.G == pytest.approx(92, abs=0.5) and ref.I / 6.0 == pytest.approx(4.2, abs=0.05)
    twin = ch["virtual_twin"](95, 8)
    assert twin["glut4"] == pytest.approx(homa_ref / indices.homa_ir(95, 8), rel=1e-9)
    # higher insulin at the same glucose -> lower GLUT4
    assert ch["virtual_twin"](95, 14)["glut4"] < twin["glut4"] < ch["virtual_twin"](95, 4)["glut4"]


@pytest.mark.parametrize("g", [50, 70, 250, 300])
def test_no_twin_outside_the_models_range_gives_a_message(ch, g):
    twin = ch["virtual_twin"](g, 8)
    assert not twin["matched"]
    assert "No twin" in twin["message"] and f"{g:g} mg/dL" in twin["message"]


def test_model_fasting_insulin_follows_glucose_not_the_knobs(ch):
    """The chapter's 'insulin is used, but not matched' note: at one glucose, the twins' insulin barely moves."""
    ins = [ch["virtual_twin"](100, i)["I"] for i in (3, 8, 20)]
    assert max(ins) - min(ins) < 0.05 * np.mean(ins)


# ----------------------------------------------------------------------------- "Try this" claims
def test_try_1_high_insulin_at_normal_glucose_raises_the_2h_glucose(ch):
    low, high = ch["scenario"](95, 4)[1], ch["scenario"](95, 14)[1]
    assert low["fpg"] == pytest.approx(95, abs=0.1) and high["fpg"] == pytest.approx(95, abs=0.1)
    assert ch["REF"]["g2h"] == pytest.approx(137, abs=3)            # "the reference's 137 mg/dL"
    assert abs(low["g2h"] - ch["REF"]["g2h"]) < 5                   # insulin 4: about the reference
    assert high["g2h"] == pytest.approx(197, abs=6)                 # "about 197 mg/dL"


def test_try_2_metformin_lowers_fasting_more_than_2h_glucose(ch):
    base, met = ch["scenario"](140, 14, "as entered")[1], ch["scenario"](140, 14, "metformin")[1]
    d_fast, d_2h = met["fpg"] - base["fpg"], met["g2h"] - base["g2h"]
    assert d_fast == pytest.approx(-16, abs=2.5)                    # "by about 16 mg/dL (140 → about 124)"
    assert met["fpg"] == pytest.approx(124, abs=2.5)
    assert d_2h == pytest.approx(-9, abs=2.5)                       # "only about 9 mg/dL"
    assert abs(d_2h) < abs(d_fast)


def test_try_3_exercise_lowers_2h_glucose_not_fasting(ch):
    base, ex = ch["scenario"](105, 14, "as entered")[1], ch["scenario"](105, 14, "exercise training")[1]
    assert ex["g2h"] - base["g2h"] == pytest.approx(-11, abs=2.5)   # "about 11 mg/dL"
    assert abs(ex["fpg"] - base["fpg"]) < 2                         # "only about 1 mg/dL"


def test_what_ifs_are_the_package_presets(ch):
    from metabolism import scenarios
    assert ch["WHAT_IF"]["exercise training"][0] == scenarios.PRESETS["exercise_trained"]["knobs"]["glut4"]
    assert ch["WHAT_IF"]["metformin"][1] == scenarios.PRESETS["metformin"]["knobs"]["hepatic_output"]


def test_paper_figure_meal_load(ch):
    assert ch["MEAL_G"] / ch["BW"] == pytest.approx(1.36, abs=0.01)


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
def test_bad_input_gets_a_clear_message_not_a_traceback(ch, args, expect):
    text = ch["sandbox_report"](*args)
    assert text.startswith("Please check:") and expect in text


def test_good_input_in_either_unit_gives_the_same_report(ch):
    a = ch["sandbox_report"]("95", "mg/dL", "8", "µU/mL")
    b = ch["sandbox_report"]("5.2777777778", "mmol/L", "48", "pmol/L")
    assert "HOMA-IR 1.88" in a and "HOMA-IR 1.88" in b
    assert "ADA category: normal" in a
    assert "Virtual twin" in a and "Exercise training" in a and "Metformin" in a


def test_report_with_ogtt_and_a1c(ch):
    text = ch["sandbox_report"]("95", "mg/dL", "8", "µU/mL", "150", "5,9")   # a decimal comma is accepted
    assert "prediabetes (IGT, A1C)" in text
    assert f"average glucose {indices.eag_mgdl(5.9):.0f} mg/dL" in text
    assert "meal-model proxy" in text


def test_out_of_model_range_is_explained(ch):
    text = ch["sandbox_report"]("300", "mg/dL", "8", "µU/mL")
    assert "ADA category: diabetes" in text and "No twin" in text


def test_typed_form_never_raises(ch):
    """Any string in any field: the form's report is text, never an exception."""
    rng = np.random.default_rng(1)
    junk = ["", " ", "1,2,3", "½", "95 mg/dL", "1e400", "-0", "0x10", "٩٥", "NaN", "95.", ".5", "1e-300"]
    for _ in range(200):
        args = [rng.choice(junk + [str(rng.uniform(-50, 700))]) for _ in range(4)]
        out = ch["sandbox_report"](args[0], rng.choice(["mg/dL", "mmol/L"]), args[1],
                                   rng.choice(["µU/mL", "pmol/L"]), args[2], args[3])
        assert isinstance(out, str) and out


def test_typed_form_fields_button_and_messages(ch):
    """The kernel form itself: fill the text fields, press the button, read the report (no traceback)."""
    form = ch["typed_sandbox"]()
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
def test_homa_b_is_a_sentence_not_a_huge_number_near_63(ch):
    for g in ("63", "63.01", "69.9"):
        text = ch["sandbox_report"](g, "mg/dL", "300", "µU/mL")
        assert "HOMA-%B not shown below 70 mg/dL" in text and "10800000" not in text
    assert "HOMA-%B 90 %" in ch["sandbox_report"]("95", "mg/dL", "8", "µU/mL")


@pytest.mark.parametrize("args, shown, category", [
    (("125.96", "mg/dL", "8", "µU/mL"), "Fasting glucose 125.96 mg/dL (6.998 mmol/L)", "prediabetes (IFG)"),
    (("6.998", "mmol/L", "48", "pmol/L"), "(6.998 mmol/L)", "prediabetes (IFG)"),
    (("126", "mg/dL", "8", "µU/mL"), "Fasting glucose 126 mg/dL (7.0 mmol/L)", "ADA category: diabetes"),
    (("99.96", "mg/dL", "8", "µU/mL"), "Fasting glucose 99.96 mg/dL", "ADA category: normal"),
])
def test_printed_glucose_shows_the_side_of_the_cut_off(ch, args, shown, category):
    text = ch["sandbox_report"](*args)
    assert shown in text and category in text


def test_a1c_next_to_its_category_is_not_rounded_across_6_5(ch):
    text = ch["sandbox_report"]("95", "mg/dL", "8", "µU/mL", "", "6.49999999")
    assert "A1C just below 6.5 %" in text and "prediabetes" in text


def test_40_mg_dl_is_called_low_not_normal(ch):
    text = ch["sandbox_report"]("40", "mg/dL", "8", "µU/mL")
    assert "ADA category: low (hypoglycaemia level 2)" in text and "fasting: normal" not in text
    assert "is low, not normal" in text


def test_no_minus_zero_anywhere(ch):
    assert ch["signed"](-0.3) == "±0" and ch["signed"](0.4) == "±0" and ch["signed"](-1.6) == "-2"
    assert "-0 " not in ch["sandbox_report"]("-0", "mg/dL", "8", "µU/mL")
    for g, i in (("95", "8"), ("125.96", "8"), ("105", "14"), ("140", "14")):
        text = ch["sandbox_report"](g, "mg/dL", i, "µU/mL")
        assert "-0 mg/dL" not in text and "+0 mg/dL" not in text


def test_long_typed_input_is_not_echoed_in_full(ch):
    text = ch["sandbox_report"]("x" * 5000, "mg/dL", "y" * 5000, "µU/mL", "z" * 5000, "w" * 5000)
    assert text.startswith("Please check:") and len(text) < 600 and "…" in text


# ----------------------------------------------------------------------------- review additions
def test_t2d_subject_homa_ir_quoted_in_step_1():
    f = meal.fasting_state("t2d")
    assert f.G == pytest.approx(159, abs=0.5) and f.I / 6.0 == pytest.approx(10, abs=0.1)     # "159 mg/dL, 10 µU/mL"
    assert indices.homa_ir(f.G, f.I / 6.0) == pytest.approx(3.9, abs=0.05)                    # "3.9"


def test_twin_jumps_at_126_between_the_two_subjects(ch):
    """'125 mg/dL gives ... about 210 mg/dL, and 126 mg/dL one of about 325 mg/dL' (insulin 14)."""
    below, above = ch["scenario"](125, 14)[1], ch["scenario"](126, 14)[1]
    assert ch["scenario"](125, 14)[0]["subject"] == "normal" and ch["scenario"](126, 14)[0]["subject"] == "t2d"
    assert below["g2h"] == pytest.approx(210, abs=8)
    assert above["g2h"] == pytest.approx(325, abs=8)


def test_metformin_twin_fasting_falls_less_than_hundal(ch):
    """'In the twin fasting glucose falls by less (about 11 %)' than Hundal's ~30 %."""
    base, met = ch["scenario"](140, 14, "as entered")[1], ch["scenario"](140, 14, "metformin")[1]
    fall = 1 - met["fpg"] / base["fpg"]
    assert fall == pytest.approx(0.11, abs=0.015) and fall < 0.30


def test_static_example_report(ch):
    """The printed example: HOMA-IR about 3.9 (four times 0.96), prediabetes by fasting glucose and A1C,
    2-h glucose about 70 mg/dL above the reference, typed insulin above the twin's."""
    text = ch["sandbox_report"]("5.8", "mmol/L", "90", "pmol/L", "", "5.9")
    homa = indices.homa_ir(5.8 * 18.0, 15.0)
    assert homa == pytest.approx(3.9, abs=0.1) and homa / 0.96 == pytest.approx(4, abs=0.2)
    assert "prediabetes (IFG, A1C)" in text and "compensation the model does not have" in text
    twin = ch["virtual_twin"](units_mgdl(5.8), 15.0)
    run = ch["twin_meal"](twin)
    assert run["g2h"] - ch["REF"]["g2h"] == pytest.approx(70, abs=6)
    assert ch["sandbox_report"]("5.8", "mg/dL", "90", "pmol/L").startswith("Please check:")


def units_mgdl(mmol):
    from metabolism import units
    return float(units.mmol_to_mgdl(mmol))
