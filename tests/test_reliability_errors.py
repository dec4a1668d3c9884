"""Bounded work and clear errors.

Every documented limit is checked before anything is allocated, and every bad argument raises a
ValueError/TypeError whose message names the argument and what is allowed.
"""
from __future__ import annotations

import time

import numpy as np
import pytest

from metabolism import data, glut4, knobs, links, lipolysis, meal, minimal, progression, scenarios
from metabolism.lipolysis import NEFAParams
from metabolism.models import bergman, dallaman2007, ha2016, sedaghat2002, topp2000


def _raises_fast(exc, match, call, limit_s=0.5):
    """The error comes at once, before any allocation or integration."""
    start = time.perf_counter()
    with pytest.raises(exc, match=match):
        call()
    assert time.perf_counter() - start < limit_s


# ----------------------------------------------------------------------------- item 2: bounded work
@pytest.mark.parametrize("call, match", [
    (lambda: progression.topp2000(t_end=1e9), r"t_end=1e\+09 d is outside the allowed range 0–36500 d"),
    (lambda: progression.ha2016("none", t_end=1e9), r"t_end=1e\+09 d is outside the allowed range 1–36500 d"),
    (lambda: minimal.simulate(t_end=1e9), r"t_end=1e\+09 min is outside the allowed range 1–1440 min"),
    (lambda: minimal.simulate(t=np.linspace(0, 100, 20000)), r"t has 20000 values; at most 10001"),
    (lambda: minimal.simulate(t=[0.0, 5000.0]), r"t\[-1\]=5000 min is outside the allowed range 0–1440"),
    (lambda: glut4.simulate(effect=1, t_end=1e6), r"t_end=1e\+06 min is outside the allowed range 0–10080"),
    (lambda: glut4.simulate(effect=1, t_end=100, t_eval=np.linspace(0, 100, 20000)),
     r"t_eval has 20000 values; at most 10081"),
    (lambda: glut4.simulate(insulin=(np.linspace(0, 1, 20000), np.ones(20000)), t_end=10),
     r"insulin times has 20000 values"),
    (lambda: meal.simulate(t_end=1e9), r"t_end=1e\+09 min is outside the allowed range 1–10080 min"),
    (lambda: meal.simulate(t_end=5000, method="reference"),
     r"t_end=5000 min is outside the range 1–2880 min allowed with method='reference'"),
    (lambda: meal.simulate(meals=[(i, 1) for i in range(51)]), r"meals has 51 entries; at most 50"),
    (lambda: meal.simulate(meals=[(i, 1) for i in range(30)], glucose_bolus=[(i, 1) for i in range(30)]),
     r"60 events together; at most 50"),
    (lambda: meal.simulate_population(knobs={"glut4": np.full(6000, 1.0)}), r"at most 2000000"),
    (lambda: lipolysis.simulate(np.linspace(0, 1e5, 11), I=np.full(11, 30.0)),
     r"t\[-1\] - t\[0\]=100000 min is outside the allowed range 0–10080"),
    (lambda: lipolysis.simulate(np.linspace(0, 10, 200_000), I=np.full(200_000, 30.0)), r"t has 200000 values"),
    (lambda: lipolysis.simulate(np.array([0.0, 1e-6, 10000.0]), I=[30.0] * 3, method="reference"),
     r"reference steps; use method='rk4'"),
])
def test_limits_are_checked_before_any_work(call, match):
    _raises_fast(ValueError, match, call)


def test_the_limits_are_documented_constants():
    assert topp2000.T_END_MAX == ha2016.T_END_MAX == progression.T_END_MAX == 36500
    assert bergman.T_END_MAX == 1440 and sedaghat2002.T_END_MAX == 10080
    assert dallaman2007.T_END_MAX == 10080 and dallaman2007.MAX_EVENTS == 50
    assert dallaman2007.REFERENCE_T_END_MAX == 2880


def test_an_input_that_jumps_too_often_is_stopped_not_crawled():
    """glut4.simulate at its documented maximum took 50 s; a rough input now stops within a few seconds."""
    start = time.perf_counter()
    with pytest.raises(ValueError, match="changes too often"):
        glut4.simulate(insulin=lambda t: 600.0 * (int(t) % 2), t_end=10080)
    assert time.perf_counter() - start < 15      # ≈ 1.6 s idle; generous for a shared machine


def test_a_run_at_the_limit_works():
    assert progression.topp2000(t_end=36500).t[-1] == 36500
    assert glut4.simulate(effect=1.0, t_end=10080).t[-1] == 10080


# ----------------------------------------------------------------------------- item 4: clear errors
def test_meals_none_means_no_meal():
    r = meal.simulate(meals=None, t_end=60)
    assert r.meta["meals"] == [] and np.all(r.Ra == 0)


@pytest.mark.parametrize("meals", [78, "abc", [78], [(0, 78, 1)]])
def test_bad_meals_name_the_argument(meals):
    with pytest.raises(ValueError, match=r"meals"):
        meal.simulate(meals=meals)


def test_time_to_diabetes_needs_a_result():
    with pytest.raises(TypeError, match=r"result=None must be a Ha2016Result"):
        progression.time_to_diabetes(None)
    with pytest.raises(TypeError, match=r"result="):
        progression.ha2016_fasting_state({"G": [1, 2]})


@pytest.mark.parametrize("kwargs, match", [
    ({"d0": 1e-300}, r"d0=1e-300 1/d is outside the allowed range 0.001–1"),
    ({"d0": 5.0}, r"d0=5 1/d is outside"),
    ({"SI": 1e-9}, r"SI=1e-09 mL/µU/d is outside the allowed range 0.01–10"),
])
def test_topp_fixed_point_arguments_have_ranges(kwargs, match):
    with pytest.raises(ValueError, match=match):
        progression.topp_fixed_points(**kwargs)


def test_topp_fixed_points_survive_a_root_that_rounds_to_zero():
    p = topp2000.ToppParams(d0=1e-300)                 # the dataclass allows any d0 > 0
    assert [fp.name for fp in topp2000.fixed_points(p)] == ["saddle", "pathological"]


@pytest.mark.parametrize("kwargs, match", [
    ({"KNEFA": 0}, r"KNEFA=0 must be greater than 0"),
    ({"SNEFA": -1}, r"SNEFA=-1 must be greater than 0"),
    ({"phi": float("nan")}, r"phi=nan is not a finite number"),
    ({"tau": -2}, r"tau=-2 is outside the allowed range 0–120"),
    ({"suppression_reported": 2}, r"suppression_reported=2 is outside the allowed range 0–1"),
    ({"name": None}, r"name=None must be a string"),
])
def test_custom_nefa_params_are_validated(kwargs, match):
    with pytest.raises(ValueError, match=match):
        NEFAParams(**kwargs)


@pytest.mark.parametrize("make, match", [
    (lambda: topp2000.ToppParams(k=0), r"k=0 1/d must be greater than 0"),
    (lambda: ha2016.Ha2016Params(tau_beta=0), r"tau_beta=0 d must be > 0"),
    (lambda: ha2016.Ha2016Params(Ab=-0.1), r"Ab=-0.1 must be ≥ 0"),
    (lambda: bergman.BergmanParams(p2=-1), r"p2=-1 1/min is outside the allowed range 0–10"),
    (lambda: sedaghat2002.SedaghatParams(km13=0), r"km13=0 must be greater than 0"),
    (lambda: dallaman2007.DallaManParams(**{**dallaman2007.PARAMS["normal"].__dict__, "VG": -1}),
     r"VG=-1 dL/kg must be greater than 0"),
])
def test_every_parameter_dataclass_checks_itself(make, match):
    with pytest.raises(ValueError, match=match):
        make()


@pytest.mark.parametrize("call, match", [
    (lambda: meal.simulate(subject=["normal"]), r"subject=\['normal'\] is not allowed; choose one of 'normal', 't2d'"),
    (lambda: meal.basal({"a": 1}), r"subject=\{'a': 1\} is not allowed"),
    (lambda: meal.fasting_state(["t2d"]), r"subject="),
    (lambda: progression.ha2016(["none"]), r"scenario=\['none'\] is not allowed"),
    (lambda: scenarios.preset(["healthy"]), r"name=\['healthy'\] is not allowed"),
    (lambda: scenarios.preset("healthy", subject=["t2d"]), r"subject="),
    (lambda: sedaghat2002.params(["sedaghat2002"]), r"name="),
    (lambda: links.adiponectin_output(bmi=25, sex=["male"]), r"sex=\['male'\] is not allowed"),
    (lambda: data.dallaman2007_fig1(["G"]), r"quantity="),
    (lambda: meal.simulate(method=["rk4"]), r"method="),
])
def test_unhashable_names_get_a_clear_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@pytest.mark.parametrize("t_eval, match", [
    ("abc", r"t_eval='abc' must be a 1-D array"),
    ([[0, 1], [2, 3]], r"t_eval=.* must be a 1-D array of finite times"),
    ([0.0, float("nan")], r"finite"),
    ([5.0, 1.0], r"t_eval must increase strictly within 0–30 min"),
    ([0.0, 60.0], r"within 0–30 min"),
])
def test_glut4_t_eval_is_validated(t_eval, match):
    with pytest.raises(ValueError, match=match):
        glut4.simulate(effect=1.0, t_end=30, t_eval=t_eval)


@pytest.mark.parametrize("a", [-1, 0.0, 3.0, float("nan"), "x", [1.0, -1.0]])
def test_adiponectin_gain_refuses_values_outside_the_knob_range(a):
    with pytest.raises(ValueError, match=r"adiponectin.*(0.25–2.5|not)"):
        knobs.adiponectin_gain(a)


def test_adiponectin_gain_still_works_on_arrays():
    np.testing.assert_allclose(knobs.adiponectin_gain(np.array([0.25, 1.0, 2.25])), [0.5, 1.0, 1.5])


def test_long_bad_values_are_not_echoed_in_full():
    with pytest.raises(ValueError) as err:
        meal.simulate(subject="x" * 10_000)
    assert len(str(err.value)) < 200


def test_population_knob_arrays_are_sized_before_they_are_broadcast():
    g = np.full((20_000, 1), 1.0)
    a = np.full((1, 20_000), 1.0)                # would broadcast to 4e8 members (3 GB per knob)
    _raises_fast(ValueError, r"make 400000000 members; at most 1000000",
                 lambda: meal.simulate_population(knobs={"glut4": g, "adiponectin": a}))
