"""Sedaghat 2002 GLUT4 sub-model (spec/MODELS.md §6, §11.2, §14.6).

Expected values are the spec's analytic anchors, not numbers printed by the code.
"""
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from metabolism import glut4
from metabolism.models import sedaghat2002 as sd

# ---------------------------------------------------------------- parameters


def test_parameters_carry_unit_source_and_tag():
    import dataclasses
    p = sd.PRESETS["sedaghat2002"]
    for f in dataclasses.fields(p):
        assert {"unit", "source", "tag"} <= set(f.metadata), f.name
    # curated values of §6
    assert (p.k13, p.km13, p.k14, p.km14) == (0.00696, 0.167, 0.11088, 0.001155)
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.k13 = 1.0


# ---------------------------------------------------------------- level 2: analytic anchors

def test_surface_fraction_4_percent_at_effect_0():
    ss = glut4.steady_state(effect=0.0)
    assert ss.surface_fraction == pytest.approx(0.04, rel=1e-3)


def test_surface_fraction_40_percent_at_effect_1():
    ss = glut4.steady_state(effect=1.0)
    assert ss.surface_fraction == pytest.approx(0.40, rel=1e-3)


def test_pools_96_and_64():
    basal = glut4.steady_state(effect=0.0)
    full = glut4.steady_state(effect=1.0)
    assert basal.internal == pytest.approx(96.0, rel=1e-3)
    assert full.internal == pytest.approx(96.0, rel=1e-3)
    assert basal.surface == pytest.approx(4.0, rel=1e-3)
    assert full.surface == pytest.approx(64.0, rel=1e-3)


def test_relaxation_time_about_3_6_min_at_effect_1():
    ss = glut4.steady_state(effect=1.0)
    assert abs(ss.relaxation_time - 3.6) <= 0.05


def test_relaxation_seen_in_a_simulated_step():
    """After a step to Effect 1 the surface fraction approaches 40 % with a 1/e time ≈ 3.6 min."""
    tr = glut4.simulate(effect=1.0, t_end=30.0, t_eval=np.arange(0.0, 30.01, 0.1))
    f_inf = 0.40
    gap = np.abs(f_inf - tr.surface_fraction)
    # first time the gap falls to 1/e of its initial value
    t_e = tr.t[np.argmax(gap <= gap[0] / math.e)]
    assert abs(t_e - 3.6) <= 0.15


def test_long_step_reaches_the_pools():
    tr = glut4.simulate(effect=1.0, t_end=10080.0)      # the documented maximum, ≈ 12 slow-pool time constants
    assert tr.internal[-1] == pytest.approx(96.0, rel=1e-3)
    assert tr.surface[-1] == pytest.approx(64.0, rel=1e-3)


def test_simulation_from_basal_with_no_input_stays_basal():
    tr = glut4.simulate(effect=0.0, t_end=600.0)
    assert np.max(np.abs(tr.surface - 4.0)) < 1e-3
    assert np.max(np.abs(tr.internal - 96.0)) < 1e-2


# ---------------------------------------------------------------- §14.6 insulin input, knob, contraction

def test_insulin_effect_half_maximal_at_330_pmol():
    assert glut4.effect(330.0) == pytest.approx(0.5, rel=1e-12)
    assert glut4.effect(0.0) == 0.0
    # Hill n = 2: at 3×EC50 the effect is 9/10
    assert glut4.effect(990.0) == pytest.approx(0.9, rel=1e-12)


def test_glut4_knob_scales_insulin_gain_once():
    """§11.2: k13' = g·(40/60 − 4/96)·k−13·Effect — g applied once, not twice."""
    p = sd.PRESETS["sedaghat2002"]
    g = 0.5
    ss = glut4.steady_state(effect=1.0, knobs={"glut4": g})
    k13p = g * (40 / 60 - 4 / 96) * p.km13
    expected = (p.k13 + k13p) / (p.k13 + k13p + p.km13)
    assert ss.surface_fraction == pytest.approx(expected, rel=1e-9)
    # the insulin path gives the same when Effect(I) = 1 would be reached: compare at I = 330
    a = glut4.steady_state(insulin_pmolL=330.0, knobs={"glut4": g})
    b = glut4.steady_state(effect=0.5, knobs={"glut4": g})
    assert a.surface_fraction == pytest.approx(b.surface_fraction, rel=1e-12)
    assert glut4.effect(330.0, knobs={"glut4": g}) == pytest.approx(0.25, rel=1e-12)


def test_contraction_not_scaled_by_knob():
    for g in (0.2, 0.5, 1.0, 2.0):
        assert glut4.effect(0.0, knobs={"glut4": g}, contraction=1.0) == pytest.approx(0.05)
        assert glut4.effect(330.0, knobs={"glut4": g}, contraction=1.0) == pytest.approx(0.5 * g + 0.05)


def test_contraction_raises_surface_glut4_about_70_percent_at_rest():
    """Kennedy 1999: +71 ± 18 % (controls), +74 ± 20 % (T2D) membrane GLUT4; spec: ≈ +70 %."""
    rest = glut4.steady_state(insulin_pmolL=0.0)
    ex = glut4.steady_state(insulin_pmolL=0.0, contraction=1.0)
    rise_fraction = ex.surface_fraction / rest.surface_fraction - 1
    rise_amount = ex.surface / rest.surface - 1
    assert 0.65 <= rise_fraction <= 0.75
    assert 0.71 - 0.18 <= rise_amount <= 0.71 + 0.18


def test_contraction_effect_preserved_in_insulin_resistance():
    ref = None
    for g in np.linspace(0.2, 2.0, 7):
        rest = glut4.steady_state(insulin_pmolL=0.0, knobs={"glut4": g})
        ex = glut4.steady_state(insulin_pmolL=0.0, knobs={"glut4": g}, contraction=1.0)
        rise = ex.surface / rest.surface - 1
        ref = rise if ref is None else ref
        assert rise == pytest.approx(ref, rel=1e-12)


# ---------------------------------------------------------------- level 5/6: monotonicity, bounds

@pytest.mark.parametrize("effect", [0.01, 0.1, 0.3, 0.5, 0.8, 1.0])
def test_knob_up_raises_surface_fraction_for_every_positive_effect(effect):
    gs = np.linspace(0.2, 2.0, 9)
    fr = [glut4.steady_state(effect=effect, knobs={"glut4": g}).surface_fraction for g in gs]
    assert np.all(np.diff(fr) > 0)


def test_knob_has_no_effect_at_zero_effect():
    fr = [glut4.steady_state(effect=0.0, knobs={"glut4": g}).surface_fraction for g in (0.2, 1.0, 2.0)]
    assert fr[0] == fr[1] == fr[2]


@settings(max_examples=60, deadline=None)
@given(g=st.floats(0.2, 2.0), e=st.floats(0.0, 1.0), c=st.floats(0.0, 1.0),
       ins=st.floats(0.0, 1e5))
def test_fractions_in_unit_interval(g, e, c, ins):
    for ss in (glut4.steady_state(effect=e, knobs={"glut4": g}, contraction=c),
               glut4.steady_state(insulin_pmolL=ins, knobs={"glut4": g}, contraction=c)):
        assert 0.0 <= ss.surface_fraction <= 1.0
        assert ss.surface > 0 and ss.internal > 0


def test_simulated_fractions_in_unit_interval_with_insulin_trajectory():
    t = np.arange(0.0, 241.0)
    ins = 25.0 + 335.0 * (t / 60.0) * np.exp(1 - t / 60.0)
    tr = glut4.simulate(insulin=(t, ins), t_end=240.0, knobs={"glut4": 2.0}, contraction=1.0)
    assert np.all((tr.surface_fraction >= 0) & (tr.surface_fraction <= 1))
    assert np.all(np.isfinite(tr.surface)) and np.all(np.isfinite(tr.internal))
    # a rising insulin drive moves GLUT4 to the surface
    assert tr.surface_fraction.max() > tr.surface_fraction[0]


def test_simulate_accepts_callable_effect():
    tr = glut4.simulate(effect=lambda t: 1.0 if t >= 10 else 0.0, t_end=60.0)
    assert tr.surface_fraction[0] == pytest.approx(0.04, rel=1e-3)
    assert tr.surface_fraction[-1] > 0.35


def test_array_input_vectorised():
    ins = np.array([0.0, 330.0, 1000.0])
    ss = glut4.steady_state(insulin_pmolL=ins)
    assert ss.surface_fraction.shape == (3,)
    assert np.all(np.diff(ss.surface_fraction) > 0)


# ---------------------------------------------------------------- bad inputs

@pytest.mark.parametrize("kwargs, word", [
    (dict(effect=1.5), "effect"),
    (dict(effect=-0.1), "effect"),
    (dict(effect=float("nan")), "effect"),
    (dict(insulin_pmolL=-1.0), "insulin_pmolL"),
    (dict(effect=0.5, contraction=2.0), "contraction"),
    (dict(effect=0.5, knobs={"glut4": 2.5}), "glut4"),
    (dict(effect=0.5, knobs={"glut_4": 1.0}), "glut_4"),
    (dict(effect=0.5, insulin_pmolL=100.0), "insulin_pmolL"),
])
def test_bad_inputs_raise(kwargs, word):
    with pytest.raises(ValueError, match=word):
        glut4.steady_state(**kwargs)


def test_bad_simulate_inputs_raise():
    with pytest.raises(ValueError, match="t_end"):
        glut4.simulate(effect=1.0, t_end=-5)
    with pytest.raises(ValueError, match="effect"):
        glut4.simulate(effect=lambda t: 2.0, t_end=10.0)
    with pytest.raises(ValueError, match="insulin"):
        glut4.simulate(insulin=(np.array([0.0, 1.0]), np.array([1.0, -3.0])), t_end=1.0)
    with pytest.raises(ValueError, match="effect"):
        glut4.simulate(t_end=10.0)


def test_model_card():
    assert set(glut4.MODEL_CARD) >= {"model", "citation", "valid", "leaves_out"}
    assert "Sedaghat" in glut4.MODEL_CARD["citation"]
