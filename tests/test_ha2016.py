"""Ha, Satin & Sherman 2016 against spec/MODELS.md §4, §11.2, §12 and DESIGN.md §9.

Golden end states are the authors' XPP numbers as printed in the spec; tolerances are the spec's.
"""
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from metabolism import progression, units
from metabolism.models import ha2016


@pytest.fixture(scope="module")
def runs():
    return {s: progression.ha2016(s) for s in ("none", "early", "late", "prevention", "bariatric")}


# --- level 1: parameters -------------------------------------------------------------------

def test_human_figure_parameters():
    p = ha2016.params("human")
    assert p.Amax == 9 and p.ISRI_bar == 600           # pitfall 1: not 3.11 / 867.6
    assert (p.R0, p.Eg0, p.k, p.BV) == (864, 1.44, 700, 5)
    assert p.tau_beta == 8570 and p.sigma_b == 3 and p.tau_sigma == 249.9
    for name, meta in ha2016.field_metadata().items():
        assert meta["unit"] is not None and meta["source"] and meta["tag"].startswith("["), name


def test_initial_state_and_si_units():
    y0 = ha2016.initial_state()
    assert tuple(y0) == (99.7664, 9.025, 1000.423, -0.00666, 536.67, 0.8)
    r = progression.ha2016("none", t_end=30)
    # §0.2: Ha 2016 Si 0.8 mL/µU/d is S_I 5.56e-4 /min per µU/mL, through the package's conversion
    assert units.si_per_day_to_per_min(r.Si[0]) == pytest.approx(5.56e-4, rel=1e-3)
    # the reference start is a fasting state: T3 identity Si·I = R0/G − Eg0 (R0 864, Eg0 1.44, §4)
    assert r.Si[0] * r.I[0] == pytest.approx(864 / r.G[0] - 1.44, rel=1e-3)


def test_scenarios_table():
    assert set(progression.SCENARIOS) == {"none", "early", "late", "prevention", "bariatric"}
    for key, sc in progression.SCENARIOS.items():
        assert sc["description"] and sc["source"], key
    assert progression.SCENARIOS["early"]["t_on"] == 1100
    assert progression.SCENARIOS["late"]["t_on"] == 1400
    assert progression.SCENARIOS["prevention"]["t_on"] == 300
    assert progression.SCENARIOS["prevention"]["target_si"] == 0.245
    assert progression.SCENARIOS["prevention"]["rate"] == 0.028
    assert progression.SCENARIOS["early"]["target_si"] == 0.468


# --- level 4: golden XPP end states ------------------------------------------------------------

GOLDEN = {
    "early": dict(G=104.08, I=14.66, beta=854.8, gamma=0.097, sigma=545.3, Si=0.468),
    "bariatric": dict(G=100.18, I=10.85, beta=956.6, gamma=0.014, sigma=589.6, Si=0.18),
}


@pytest.mark.parametrize("scenario", ["early", "bariatric"])
def test_golden_end_states(runs, scenario):
    r, g = runs[scenario], GOLDEN[scenario]
    assert r.t[-1] == 1800
    assert r.G[-1] == pytest.approx(g["G"], rel=0.01)
    assert r.beta[-1] == pytest.approx(g["beta"], rel=0.01)
    assert r.I[-1] == pytest.approx(g["I"], rel=0.02)
    assert r.sigma[-1] == pytest.approx(g["sigma"], rel=0.02)
    assert r.gamma[-1] == pytest.approx(g["gamma"], abs=0.01)
    assert r.Si[-1] == pytest.approx(g["Si"], abs=0.002)


# --- level 4: qualitative categories -----------------------------------------------------------

def test_none_breaks_down_after_a_plateau_with_inverted_U_insulin(runs):
    r = runs["none"]
    y0 = ha2016.initial_state()
    assert r.G[-1] > 300
    assert r.beta[-1] < 0.8 * r.beta[0] and r.sigma[-1] < 0.8 * r.sigma[0]
    # long prediabetic plateau: still below the diabetic range for the first year
    assert np.all(r.G[r.t <= 365] < 126)
    assert r.I.max() > y0[1] and r.I[-1] < y0[1]
    t_peak = r.t[np.argmax(r.I)]
    assert 0 < t_peak < progression.time_to_diabetes(r) + 365


def test_early_returns_to_normal_late_stays_diabetic(runs):
    assert runs["early"].G[-1] < 110
    assert runs["late"].G[-1] >= 126


def test_prevention_never_diabetic_and_beta_grows(runs):
    r = runs["prevention"]
    assert np.all(r.G < 126)
    assert r.beta[-1] > r.beta[0]
    assert progression.time_to_diabetes(r) == math.inf


def test_bariatric_normalises_glucose_fast_with_si_unchanged(runs):
    r = runs["bariatric"]
    i_on = int(np.searchsorted(r.t, 1100))
    assert r.G[i_on - 1] >= 126          # diabetic at the operation
    # close to 100 mg/dL long before 1800 d (within 30 days here), while Si keeps falling
    assert np.all(np.abs(r.G[(r.t >= 1130)] - 100) < 10)
    assert np.all(np.diff(r.Si) <= 0) and r.Si[-1] == pytest.approx(0.18, abs=0.002)


def test_time_grid_contains_intervention_times_and_is_daily():
    r = progression.ha2016("early", t_end=1500.5)
    assert r.t[0] == 0 and r.t[-1] == 1500.5
    assert 1100 in r.t
    assert np.all(np.diff(r.t) <= 1.0 + 1e-12)
    r2 = progression.ha2016("early", t_on=1000.25)
    assert 1000.25 in r2.t and r2.units["t"] == "d" and r2.scenario == "early"


def test_t_on_and_target_si_override():
    r = progression.ha2016("early", t_on=600, target_si=0.6)
    assert r.Si[-1] == pytest.approx(0.6, abs=0.002)
    i = int(np.searchsorted(r.t, 600))
    # before t_on the course is the `none` course
    base = progression.ha2016("none", t_end=600)
    np.testing.assert_allclose(r.Si[: i + 1], base.Si, rtol=1e-6)


def test_si_is_knob_free_and_si_eff_is_gA_si():
    knobs = {"glut4": 0.6, "adiponectin": 2.25, "hepatic_output": 1.2}
    r = progression.ha2016("early", knobs=knobs)
    ref = progression.ha2016("early")
    np.testing.assert_allclose(r.Si, ref.Si, rtol=1e-6)
    np.testing.assert_allclose(r.Si_eff, 0.6 * 1.5 * r.Si, rtol=1e-12)


def test_hepatic_output_moves_the_bariatric_step_and_production():
    p = ha2016.params().with_knobs({"hepatic_output": 1.5})
    assert p.R0 == pytest.approx(1.5 * 864)
    assert ha2016.bariatric_R0(p) == pytest.approx(1.5 * 340)


# --- T3 on the Ha 2016 fasting states -------------------------------------------------------

@pytest.mark.parametrize("scenario, knobs", [("early", None), ("bariatric", None),
                                             ("prevention", {"glut4": 0.8, "hepatic_output": 1.3})])
def test_T3_identity_on_fasting_steady_state(runs, scenario, knobs):
    r = runs[scenario] if knobs is None else progression.ha2016(scenario, knobs=knobs)
    ss = progression.ha2016_fasting_state(r)
    p = ss.params
    assert ss.residual <= 1e-9
    assert ss.Si_eff * ss.I == pytest.approx(p.R0 / ss.G - p.Eg0, rel=1e-9)


# --- level 5: knob monotonicity (`none`) --------------------------------------------------------

def test_glut4_down_makes_diabetes_earlier():
    gs = [2.0, 1.7, 1.4, 1.2, 1.0, 0.8, 0.6, 0.4, 0.2]   # g decreasing
    times = [progression.time_to_diabetes(progression.ha2016("none", knobs={"glut4": g}))
             for g in gs]
    assert all(b <= a for a, b in zip(times, times[1:])), times
    for g, t in zip(gs, times):
        if g >= 1.4:
            assert t == math.inf, (g, t)
    assert times[4] < math.inf    # the reference does break down


def test_time_to_diabetes_helper():
    r = progression.ha2016("none")
    t = progression.time_to_diabetes(r)
    i = int(np.searchsorted(r.t, t))
    assert r.G[i] >= 126 and np.all(r.G[:i] < 126)
    with pytest.raises(ValueError, match="threshold"):
        progression.time_to_diabetes(r, threshold=-1)


# --- integrator: too coarse a fixed step gets the threshold wrong --------------------------------

def _qss_G_I(z, p, R0):
    """G and I at their quasi-steady state for slow state z = (β, γ, σ, Si)."""
    from scipy.optimize import brentq
    B, gam, sig, Si = z

    def insulin(G):
        M = ha2016._hill(G, p.alpha_M, p.k_M)
        return B * sig * ha2016._hill(M + gam, p.alpha_ISR, p.k_ISR) / (p.BV * p.k)

    G = brentq(lambda G: R0 - (p.Eg0 + p.si_gain * Si * insulin(G)) * G, 1e-9, R0 / p.Eg0 + 1)
    return G, insulin(G)


def _naive_fixed_step_rk4(scenario, dt):
    """Classic RK4 with a fixed step, segment by segment (landing exactly on t_on).

    A fixed explicit step on the full state is unstable for any dt above a few minutes
    (insulin clears at k = 700/d), so the naive multi-day scheme steps only the slow states
    (β, γ, σ, Si) with G and I held at their quasi-steady state.
    """
    p = ha2016.params()
    y = ha2016.initial_state()[2:]
    for s in ha2016.segments(p, scenario, 1800.0):
        if s.sigma_reset is not None:
            y = y.copy()
            y[2] = s.sigma_reset
        n = max(1, int(round((s.t1 - s.t0) / dt)))
        h = (s.t1 - s.t0) / n

        def F(z):
            G, I = _qss_G_I(z, p, s.R0)
            return np.asarray(ha2016.rhs(0.0, [G, I, *z], p, s.R0, s.r_si, s.si_target)[2:])

        for _ in range(n):
            k1 = F(y)
            k2 = F(y + h / 2 * k1)
            k3 = F(y + h / 2 * k2)
            k4 = F(y + h * k3)
            y = y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    return _qss_G_I(y, p, s.R0)[0]


def test_full_state_explicit_multi_day_step_blows_up():
    p = ha2016.params()
    y = ha2016.initial_state()
    blown_up = False
    with np.errstate(all="ignore"):
        try:
            for _ in range(50):   # explicit Euler, 1-day step
                y = y + 1.0 * np.asarray(ha2016.rhs(0.0, y, p, p.R0, p.r_Si, p.Si_target))
        except OverflowError:     # float power overflows once the state has exploded
            blown_up = True
    assert blown_up or not np.all(np.isfinite(y)) or np.max(np.abs(y)) > 1e6


def test_coarse_fixed_step_lands_on_the_wrong_side_of_the_threshold(runs):
    """DESIGN §9: LSODA with hmax 1 d gets `early` right (< 110 at 1800 d, spec category);
    RK4 with a fixed 2-day step claims it stays diabetic; the same scheme with a fine step
    agrees with the default path, so the step, not the quasi-steady reduction, is at fault."""
    assert runs["early"].G[-1] < 110
    assert _naive_fixed_step_rk4("early", dt=2.0) >= 126
    assert _naive_fixed_step_rk4("early", dt=0.5) < 110


# --- level 6: properties ------------------------------------------------------------------------

knob_box = st.fixed_dictionaries({
    "glut4": st.floats(0.2, 2.0), "hepatic_output": st.floats(0.5, 2.0),
    "adiponectin": st.floats(0.25, 2.5)})


@settings(max_examples=20, deadline=None)
@given(knobs=knob_box, scenario=st.sampled_from(["none", "early", "late", "prevention", "bariatric"]))
def test_properties_finite_nonnegative(knobs, scenario):
    r = progression.ha2016(scenario, knobs=knobs)
    for name in ("G", "I", "beta", "sigma", "gamma", "Si", "Si_eff"):
        assert np.all(np.isfinite(getattr(r, name))), name
    assert np.all(r.beta >= 0) and np.all(r.G > 0) and np.all(r.I >= -1e-9)


# --- invalid inputs -----------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, words", [
    ({"scenario": "cure"}, ["scenario", "none", "bariatric"]),
    ({"t_end": 0}, ["t_end"]),
    ({"t_end": -1}, ["t_end"]),
    ({"scenario": "early", "t_on": 0}, ["t_on", "t_end"]),
    ({"scenario": "early", "t_on": 1800}, ["t_on"]),
    ({"scenario": "early", "t_on": 2000, "t_end": 1800}, ["t_on"]),
    ({"scenario": "early", "target_si": -0.1}, ["target_si"]),
    ({"knobs": {"glut_4": 1}}, ["glut_4", "glut4"]),
    ({"knobs": {"hepatic_output": 0.1}}, ["hepatic_output", "0.5"]),
    ({"knobs": {"adiponectin": "high"}}, ["adiponectin"]),
])
def test_invalid_inputs_raise(kwargs, words):
    with pytest.raises(ValueError) as e:
        progression.ha2016(**kwargs)
    for w in words:
        assert w in str(e.value)


def test_t_on_meaningless_for_none_raises():
    with pytest.raises(ValueError, match="t_on"):
        progression.ha2016("none", t_on=500)


def test_model_card():
    assert set(ha2016.MODEL_CARD) == {"model", "citation", "valid", "leaves_out"}
    assert set(progression.MODEL_CARD) == {"model", "citation", "valid", "leaves_out"}
