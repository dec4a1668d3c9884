"""No shared mutable state: changing a returned result or a module table never changes the next call.

Results own their arrays (or get read-only ones); module tables are read-only views, nested too.
"""
from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import numpy as np
import pytest

from metabolism import (glut4, indices, knobs, links, lipolysis, meal, minimal, progression, scenarios,
                        units)
from metabolism.models import dallaman2007, sedaghat2002

FACADES = (meal, progression, minimal, glut4, lipolysis, links, indices, units, scenarios, knobs)


# ----------------------------------------------------------------------------- meal results
def test_scaling_result_time_does_not_change_the_next_run():
    r = meal.simulate()
    r.t /= 60
    assert meal.simulate().t[-1] == 420.0


def test_changing_meta_knobs_does_not_change_the_next_default_run():
    peak = meal.simulate().G.max()
    r = meal.simulate()
    r.meta["knobs"]["glut4"] = 0.5
    assert meal.simulate().G.max() == peak
    assert meal.simulate().meta["knobs"]["glut4"] == 1.0


def test_overwriting_absorbed_does_not_leak():
    before = meal.simulate().absorbed.copy()
    meal.simulate().absorbed[:] = -1
    np.testing.assert_array_equal(meal.simulate().absorbed, before)


def test_ogtt_result_time_does_not_leak():
    meal.ogtt()["result"].t *= 2
    assert meal.ogtt()["result"].t[-1] == 180.0


def test_every_meal_array_can_be_changed_without_effect():
    ref = meal.simulate(method="reference", t_end=60)
    r = meal.simulate(method="reference", t_end=60)
    for name in ("t", "G", "I", "EGP", "Ra", "Uii", "Uid", "S", "absorbed", "state"):
        getattr(r, name)[...] = 0
    again = meal.simulate(method="reference", t_end=60)
    for name in ("t", "G", "I", "absorbed", "state"):
        np.testing.assert_array_equal(getattr(again, name), getattr(ref, name))


def test_population_time_and_absorbed_are_the_callers():
    r = meal.simulate_population(knobs={"glut4": [0.5, 1.0]})
    r.t *= 0
    r.absorbed[:] = 0
    again = meal.simulate_population(knobs={"glut4": [0.5, 1.0]})
    assert again.t[-1] == 420.0 and again.absorbed[-1] > 0


def test_cached_fasting_state_is_read_only():
    f = meal.fasting_state("normal")
    with pytest.raises(TypeError):
        f.knobs["glut4"] = 0.5                       # MappingProxyType
    with pytest.raises(ValueError):
        f.state[0] = 0.0                             # numpy's own read-only error
    assert meal.simulate().fasting is f              # shared, but nothing in it can change


# ----------------------------------------------------------------------------- other models
@pytest.mark.parametrize("run, name", [
    (lambda: progression.topp2000(t_end=50), "G"),
    (lambda: progression.ha2016("none", t_end=50), "G"),
    (lambda: minimal.simulate(), "G"),
    (lambda: glut4.simulate(effect=1.0, t_end=30), "surface"),
    (lambda: lipolysis.simulate(np.arange(0.0, 120.0), I=np.full(120, 30.0)), "NEFA"),
])
def test_results_of_other_models_do_not_leak(run, name):
    first = run()
    expected = getattr(first, name).copy()
    getattr(first, name)[:] = -1
    first.t[:] = -1
    second = run()
    np.testing.assert_array_equal(getattr(second, name), expected)
    assert second.t[0] == 0


# ----------------------------------------------------------------------------- module tables
def _assert_deeply_read_only(obj, where):
    if isinstance(obj, Mapping):
        assert isinstance(obj, MappingProxyType), f"{where} is a mutable mapping"
        for k, v in obj.items():
            _assert_deeply_read_only(v, f"{where}[{k!r}]")
    elif isinstance(obj, list):
        raise AssertionError(f"{where} is a mutable list")
    elif isinstance(obj, tuple):
        for i, v in enumerate(obj):
            _assert_deeply_read_only(v, f"{where}[{i}]")
    elif isinstance(obj, np.ndarray):
        assert not obj.flags.writeable, f"{where} is a writable array"
    elif hasattr(obj, "__dataclass_fields__"):
        assert obj.__dataclass_params__.frozen, f"{where} is a mutable dataclass"
        for name in obj.__dataclass_fields__:
            _assert_deeply_read_only(getattr(obj, name), f"{where}.{name}")


@pytest.mark.parametrize("module", FACADES, ids=lambda m: m.__name__)
def test_public_tables_of_every_facade_are_read_only(module):
    for name in getattr(module, "__all__", dir(module)):
        value = getattr(module, name, None)
        if isinstance(value, (dict, list, np.ndarray, Mapping)):
            _assert_deeply_read_only(value, f"{module.__name__}.{name}")


def test_named_tables_cannot_be_changed():
    with pytest.raises(TypeError):
        scenarios.PRESETS["healthy"]["knobs"]["glut4"] = 0.5
    with pytest.raises(TypeError):
        knobs.DEFAULTS["glut4"] = 0.5
    with pytest.raises(TypeError):
        minimal.FSIGT_DATA["Gb"] = 0.0
    with pytest.raises(ValueError):
        minimal.FSIGT_DATA["G"][0] = 0.0
    with pytest.raises(TypeError):
        progression.SCENARIOS["early"]["t_on"] = 5.0
    with pytest.raises(TypeError):
        meal.MODEL_CARD["model"] = "changed"
    with pytest.raises(TypeError):
        dallaman2007.PARAMS["normal"] = None
    with pytest.raises(TypeError):
        sedaghat2002.PRESETS["sedaghat2002"] = None
    with pytest.raises(TypeError):
        lipolysis.PARAMS["healthy"] = None
    with pytest.raises(TypeError):
        links.LINKS["tnf_il6"].anchors[0]["value"] = "changed"


def test_preset_gives_a_writable_copy_that_runs():
    kw = scenarios.preset("insulin_resistant")
    kw["knobs"]["glut4"] = 0.3
    assert scenarios.PRESETS["insulin_resistant"]["knobs"]["glut4"] == 0.5
    assert isinstance(kw, dict) and isinstance(kw["knobs"], dict)
    assert meal.simulate(**scenarios.PRESETS["insulin_resistant"]).G.max() > meal.simulate().G.max()


def test_fsigt_data_still_fits():
    d = minimal.FSIGT_DATA
    fit = minimal.fit_fsigt(d["t"], d["G"], d["I"])
    assert fit.success and fit.S_I > 0
