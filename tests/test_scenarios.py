"""Presets of spec/MODELS.md §14 item 9 / §11.3."""
import pytest

from metabolism import meal, scenarios


def test_preset_names_and_definitions():
    P = scenarios.PRESETS
    assert {"healthy", "insulin_resistant", "t2d", "metformin", "exercise_trained", "igt_approx"} <= set(P)
    assert P["healthy"]["subject"] == "normal" and not P["healthy"].get("knobs")
    assert P["insulin_resistant"] == {"subject": "normal", "knobs": {"glut4": 0.5, "adiponectin": 0.5}}
    assert P["t2d"]["subject"] == "t2d" and not P["t2d"].get("knobs")
    assert P["metformin"]["knobs"] == {"hepatic_output": 0.76}
    assert P["exercise_trained"]["knobs"] == {"glut4": 1.25}
    assert P["igt_approx"]["knobs"] == {"glut4": 0.5, "adiponectin": 0.25}
    for name in P:
        assert scenarios.CITATIONS[name]


@pytest.mark.parametrize("name", sorted(scenarios.PRESETS))
def test_every_preset_runs(name):
    r = meal.simulate(**scenarios.PRESETS[name])
    assert r.G.max() > r.G[0]


def test_metformin_on_chosen_subject():
    kw = scenarios.preset("metformin", subject="normal")
    assert kw["subject"] == "normal" and kw["knobs"] == {"hepatic_output": 0.76}
    assert meal.fasting_state(**kw).G < meal.fasting_state("normal").G
    with pytest.raises(ValueError, match="name"):
        scenarios.preset("bariatric")


def test_presets_order_fasting_glucose():
    fg = {n: meal.fasting_state(**{k: v for k, v in scenarios.PRESETS[n].items() if k in ("subject", "knobs")}).G
          for n in ("healthy", "insulin_resistant", "t2d")}
    assert fg["healthy"] < fg["insulin_resistant"] < fg["t2d"]
