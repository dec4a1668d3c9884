"""Boston–Moate NEFA model (spec/MODELS.md §7.1) with the insulin-driven input of §14.2."""
import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from metabolism import lipolysis
from metabolism.models import nefa

T = np.arange(0.0, 421.0)          # 1-min grid, 0–420 min
IB = 25.49                         # reference basal insulin of the normal subject, pmol/L (§1.4)
GB = 91.76                         # reference basal glucose, mg/dL (§1.4)


def meal_like_insulin(t, peak_ratio=13.0, t_peak=60.0, ib=IB):
    """A smooth meal-shaped insulin curve (not model output): Ib at t = 0, peak at t_peak."""
    return ib * (1.0 + (peak_ratio - 1.0) * (t / t_peak) * np.exp(1.0 - t / t_peak))


# ---------------------------------------------------------------- level 1: units and parameters

def test_percent_per_min_converted_to_per_min():
    assert nefa.percent_per_min(6.8) == pytest.approx(0.068, rel=1e-12)
    h = lipolysis.PARAMS["healthy"]
    m = lipolysis.PARAMS["metabolic_syndrome"]
    assert h.kc == pytest.approx(0.068, rel=1e-12)
    assert h.KNEFA == pytest.approx(0.067, rel=1e-12)
    assert m.kc == pytest.approx(0.036, rel=1e-12)
    assert m.KNEFA == pytest.approx(0.051, rel=1e-12)
    for p in (h, m):
        for f in dataclasses.fields(p):
            assert {"unit", "source", "tag"} <= set(f.metadata), f.name
        assert dataclasses.fields(p)  # frozen dataclass
        with pytest.raises(dataclasses.FrozenInstanceError):
            p.kc = 1.0
    units = {f.name: f.metadata["unit"] for f in dataclasses.fields(h)}
    assert units["kc"] == "min⁻¹" and units["KNEFA"] == "min⁻¹"


def test_table_values():
    h = lipolysis.PARAMS["healthy"]
    m = lipolysis.PARAMS["metabolic_syndrome"]
    assert (h.tau, h.SNEFA, h.gs, h.phi, h.R0) == (9.9, 35.7, 5.2, 0.14, 0.055)
    assert (m.tau, m.SNEFA, m.gs, m.phi, m.R0) == (11.0, 31.5, 6.9, 0.26, 0.081)


# ---------------------------------------------------------------- level 2: basal from the formula

def test_healthy_basal_within_1_percent_of_382_5():
    assert lipolysis.PARAMS["healthy"].NEFA0 == pytest.approx(382.5, rel=0.01)
    # and within 1 % of the reported 378 (§7.1 consistency)
    assert lipolysis.PARAMS["healthy"].NEFA0 == pytest.approx(378.0, rel=0.015)


def test_metabolic_syndrome_basal_470_9():
    assert lipolysis.PARAMS["metabolic_syndrome"].NEFA0 == pytest.approx(470.9, rel=1e-3)


# ---------------------------------------------------------------- level 3: no drift at basal

@pytest.mark.parametrize("name", ["healthy", "metabolic_syndrome"])
def test_basal_constant_with_rebased_glucose_input(name):
    res = lipolysis.simulate(T, G=np.full_like(T, GB), Gb=GB, params=name)
    nefa0 = lipolysis.PARAMS[name].NEFA0
    assert np.max(np.abs(res.NEFA - nefa0)) / nefa0 <= 1e-9
    assert np.max(np.abs(res.R - lipolysis.PARAMS[name].R0)) <= 1e-12


@pytest.mark.parametrize("name", ["healthy", "metabolic_syndrome"])
def test_basal_constant_with_insulin_input(name):
    res = lipolysis.simulate(T, I=np.full_like(T, IB), Ib=IB, params=name)
    nefa0 = lipolysis.PARAMS[name].NEFA0
    assert np.max(np.abs(res.NEFA - nefa0)) / nefa0 <= 1e-9
    assert res.suppression == pytest.approx(0.0, abs=1e-9)


def test_unrebased_glucose_at_dalla_man_basal_gives_533():
    """§7.1: the original input at 5.10 mmol/L < gs gives R = 0 and NEFA = SNEFA/KNEFA ≈ 533."""
    res = lipolysis.simulate(T, G=np.full_like(T, GB), params="healthy", glucose_input="original")
    assert res.NEFA[-1] == pytest.approx(533.0, rel=2e-3)


# ---------------------------------------------------------------- delay handling

def test_delay_tau_on_the_input():
    """A step in glucose at t = 100 moves R only after τ = 9.9 min (healthy).

    The grid is 1 min and the input is interpolated linearly, so G(t − τ) starts to rise at
    t = 99 + 9.9 = 108.9 min.
    """
    G = np.where(T >= 100, GB + 36.0, GB)
    res = lipolysis.simulate(T, G=G, Gb=GB, params="healthy")
    R0 = lipolysis.PARAMS["healthy"].R0
    assert np.all(np.abs(res.R[T <= 108] - R0) < 1e-9)
    assert res.R[T == 112][0] > R0 + 1e-3


def test_glucose_rise_suppresses_nefa():
    G = GB + 60.0 * (T / 45.0) * np.exp(1 - T / 45.0)
    res = lipolysis.simulate(T, G=G, Gb=GB, params="healthy")
    assert res.nadir < res.basal and 0 < res.suppression < 1


# ---------------------------------------------------------------- insulin-driven, synthetic curve

def test_scaled_insulin_excursion_deepens_and_lengthens_suppression():
    base = meal_like_insulin(T)
    high = IB + 1.5 * (base - IB)
    r1 = lipolysis.simulate(T, I=base, Ib=IB)
    r2 = lipolysis.simulate(T, I=high, Ib=IB)
    assert r2.suppression > r1.suppression
    assert r2.time_below(0.5) > r1.time_below(0.5)


@settings(max_examples=25, deadline=None)
@given(scale=st.floats(0.0, 6.0), peak=st.floats(1.0, 40.0), t_peak=st.floats(10.0, 200.0),
       name=st.sampled_from(["healthy", "metabolic_syndrome"]))
def test_nefa_positive_and_finite_for_any_insulin_shape(scale, peak, t_peak, name):
    ins = scale * meal_like_insulin(T, peak_ratio=peak, t_peak=t_peak)
    res = lipolysis.simulate(T, I=ins, Ib=IB, params=name)
    assert np.all(np.isfinite(res.NEFA)) and np.all(res.NEFA > 0)
    assert np.all(res.R >= 0)


# ---------------------------------------------------------------- §14.2 with the meal model

def _meal_insulin(**kw):
    from metabolism import meal     # the package's own module: if it breaks, these tests fail (no skip)
    res = meal.simulate(**kw)
    return np.asarray(res.t, float), np.asarray(res.I, float), float(res.fasting.I)


def test_meal_suppression_healthy_60_to_90_and_healthy_above_mets():
    t, ins, ib = _meal_insulin()
    assert ib == pytest.approx(IB, rel=1e-3)
    h = lipolysis.simulate(t, I=ins, Ib=ib, params="healthy")
    m = lipolysis.simulate(t, I=ins, Ib=ib, params="metabolic_syndrome")
    assert 0.60 <= h.suppression <= 0.90
    assert h.suppression > m.suppression


def test_meal_lower_glut4_deepens_and_lengthens_suppression():
    t, ins, ib = _meal_insulin()
    t2, ins2, _ = _meal_insulin(knobs={"glut4": 0.5})
    r1 = lipolysis.simulate(t, I=ins, Ib=ib)
    r2 = lipolysis.simulate(t2, I=ins2, Ib=ib)
    assert r2.nadir < r1.nadir
    assert r2.time_below(0.5) > r1.time_below(0.5)


def test_meal_insulin_scaled_1_5_deepens_and_lengthens():
    t, ins, ib = _meal_insulin()
    r1 = lipolysis.simulate(t, I=ins, Ib=ib)
    r2 = lipolysis.simulate(t, I=1.5 * ins, Ib=ib)
    assert r2.suppression > r1.suppression
    assert r2.time_below(0.5) > r1.time_below(0.5)


# ---------------------------------------------------------------- bad inputs

@pytest.mark.parametrize("kwargs, word", [
    (dict(), "G"),
    (dict(G=np.full(421, GB), I=np.full(421, IB)), "G"),
    (dict(I=np.full(421, -1.0)), "I"),
    (dict(I=np.full(420, IB)), "I"),
    (dict(G=np.full(421, np.nan)), "G"),
    (dict(I=np.full(421, IB), Ib=0.0), "Ib"),
    (dict(G=np.full(421, GB), Gb=-3.0), "Gb"),
    (dict(I=np.full(421, IB), params="obese"), "params"),
    (dict(G=np.full(421, GB), glucose_input="other"), "glucose_input"),
])
def test_bad_inputs_raise(kwargs, word):
    with pytest.raises(ValueError, match=word):
        lipolysis.simulate(T, **kwargs)


def test_bad_time_grid_raises():
    with pytest.raises(ValueError, match="t"):
        lipolysis.simulate(np.array([0.0, 2.0, 1.0]), I=np.full(3, IB))
    with pytest.raises(ValueError, match="t"):
        lipolysis.simulate(np.array([0.0]), I=np.full(1, IB))


def test_model_card():
    assert set(lipolysis.MODEL_CARD) >= {"model", "citation", "valid", "leaves_out"}
    assert "Boston" in lipolysis.MODEL_CARD["citation"]


@pytest.mark.parametrize("name", ["healthy", "metabolic_syndrome"])
def test_default_rk4_matches_reference_integrator(name):
    """The fast default stays within 1e-4 relative of LSODA (rtol 1e-9), also on a coarse,
    uneven grid and with a glucose step (a kink in the delayed input)."""
    ins = meal_like_insulin(T, peak_ratio=15.0)
    for t, kw in ((T, dict(I=ins, Ib=IB)),
                  (np.r_[0.0, 3.0, 10.0, np.arange(12.0, 421.0, 2.5)], None),
                  (T, dict(G=np.where(T >= 100, GB + 36.0, GB), Gb=GB))):
        if kw is None:
            kw = dict(I=meal_like_insulin(t), Ib=IB)
        a = lipolysis.simulate(t, params=name, **kw)
        b = lipolysis.simulate(t, params=name, method="reference", **kw)
        assert np.max(np.abs(a.NEFA - b.NEFA) / b.NEFA) <= 1e-4
        assert np.max(np.abs(a.R - b.R)) <= 1e-4 * np.max(b.R)


def test_bad_method_raises():
    with pytest.raises(ValueError, match="method"):
        lipolysis.simulate(T, I=np.full_like(T, IB), method="euler")


# ---------------------------------------------------------------- the meal -> NEFA coupling (after_meal)

def test_after_meal_basal_insulin_convention():
    """One convention: Ib is the healthy reference subject's fasting insulin for every run."""
    from metabolism import meal
    ib = lipolysis.reference_basal_insulin()
    assert ib == pytest.approx(meal.fasting_state("normal").I, rel=1e-12)
    ref = lipolysis.after_meal(meal.simulate("normal", t_end=420))
    # at the reference the run starts at the formula basal NEFA (382.5 healthy, 470.9 metabolic syndrome)
    assert ref.fasting == pytest.approx(382.5, abs=0.5) and ref.Ib == ib
    ms = lipolysis.after_meal(meal.simulate("normal", t_end=420), params="metabolic_syndrome")
    assert ms.fasting == pytest.approx(470.9, abs=0.5)
    # documented suppression with the 1 g/kg meal: ≈70 % healthy, ≈64 % metabolic syndrome
    assert ref.suppression == pytest.approx(0.70, abs=0.02) and ms.suppression == pytest.approx(0.64, abs=0.02)
    # higher own fasting insulin, same Ib: the run starts below the formula basal (no resistant fat)
    ir = lipolysis.after_meal(meal.simulate("normal", {"glut4": 0.5}, t_end=420))
    assert ir.fasting < ref.fasting and ir.Ib == ib


def test_after_meal_matches_simulate_and_its_summary():
    from metabolism import meal
    r = meal.simulate("normal", {"glut4": 0.7}, t_end=420)
    n = lipolysis.after_meal(r)
    direct = lipolysis.simulate(r.t, I=r.I, Ib=lipolysis.reference_basal_insulin())
    np.testing.assert_allclose(n.NEFA, direct.NEFA, rtol=1e-12)
    assert n.nadir == n.NEFA.min() and n.t_nadir == r.t[np.argmin(n.NEFA)]
    assert n.suppression == pytest.approx(1 - n.nadir / n.NEFA[0], rel=1e-12)
    assert n.time_below(0.5 * n.fasting) == pytest.approx(
        np.trapezoid((n.NEFA < 0.5 * n.fasting).astype(float), r.t), rel=1e-12)
    assert n.time_below(0.0) == 0.0 and n.time_below(1e5) == pytest.approx(r.t[-1] - r.t[0])


@pytest.mark.parametrize("bad", [None, "run", {"t": [0, 1], "I": [1, 2]}, 3.0])
def test_after_meal_refuses_what_is_not_a_run(bad):
    with pytest.raises(TypeError, match="meal_result"):
        lipolysis.after_meal(bad)


def test_after_meal_refuses_a_population_and_bad_params():
    from metabolism import meal
    pop = meal.simulate_population("normal", {"glut4": np.array([0.5, 1.0])}, t_end=60)
    with pytest.raises(ValueError, match="single-subject"):
        lipolysis.after_meal(pop)
    with pytest.raises(ValueError, match="params"):
        lipolysis.after_meal(meal.simulate("normal", t_end=60), params="obese")
