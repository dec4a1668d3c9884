"""Topp et al. 2000 (β-cell mass, insulin, glucose) against spec/MODELS.md §3, §11.2, §12.

Expected numbers are the spec's analytic anchors T1-T5 (written here from the spec's table,
or from the spec's own closed-form formulas), never values printed by the code.
"""
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from metabolism import progression
from metabolism.models import topp2000

REL = 1e-9  # spec §3: analytic anchors to 1e-9 relative

# spec §3 parameter table
R0, EG0, SI, SIGMA, ALPHA, K = 864.0, 1.44, 0.72, 43.2, 20000.0, 432.0
D0, R1, R2 = 0.06, 0.84e-3, 0.24e-5


def _by_name(points):
    return {p.name: p for p in points}


# --- level 1: parameters ---------------------------------------------------------------

def test_parameters_match_spec_table_with_units_and_tags():
    p = topp2000.params("reference")
    assert (p.R0, p.EG0, p.SI, p.sigma, p.alpha, p.k, p.d0, p.r1, p.r2) == (
        R0, EG0, SI, SIGMA, ALPHA, K, D0, R1, R2)
    for name, meta in topp2000.field_metadata().items():
        assert meta["unit"] and meta["source"] and meta["tag"].startswith("["), name


def test_si_in_minimal_model_units():
    # §0.2: Topp 0.72 mL/µU/d / 1440 = 5.0e-4 min^-1 per µU/mL
    assert topp2000.params().SI / 1440 == pytest.approx(5.0e-4, rel=1e-12)


# --- T1: fixed points ------------------------------------------------------------------

def test_T1_fixed_points_reference():
    fps = _by_name(progression.topp_fixed_points())
    assert set(fps) == {"physiological", "saddle", "pathological"}
    phys, sad, path = fps["physiological"], fps["saddle"], fps["pathological"]
    assert (phys.G, phys.I, phys.beta) == pytest.approx((100.0, 10.0, 300.0), rel=REL)
    assert (sad.G, sad.I, sad.beta) == pytest.approx((250.0, 2.8, 36.96), rel=REL)
    assert path.G == pytest.approx(R0 / EG0, rel=REL) and path.G == pytest.approx(600.0, rel=REL)
    assert path.I == 0.0 and path.beta == 0.0
    assert phys.stable and path.stable and not sad.stable


def test_T1_fixed_points_follow_spec_formulas_for_other_d0():
    d0 = 0.065
    disc = math.sqrt(R1 ** 2 - 4 * R2 * d0)
    g_lo, g_hi = (R1 - disc) / (2 * R2), (R1 + disc) / (2 * R2)
    fps = _by_name(progression.topp_fixed_points(d0=d0))
    for name, g in (("physiological", g_lo), ("saddle", g_hi)):
        i = (R0 / g - EG0) / SI
        b = K * i * (ALPHA + g ** 2) / (SIGMA * g ** 2)
        assert (fps[name].G, fps[name].I, fps[name].beta) == pytest.approx((g, i, b), rel=REL)


def test_level3_fixed_points_are_roots_of_rhs():
    for knobs in (None, {"glut4": 0.4}, {"hepatic_output": 1.7, "adiponectin": 2.0}):
        p = topp2000.params().with_knobs(knobs)
        for fp in progression.topp_fixed_points(knobs=knobs):
            y = np.array([fp.G, fp.I, fp.beta])
            f = np.asarray(topp2000.rhs(0.0, y, p))
            scale = np.array([p.R0, p.k * max(fp.I, 1.0), max(fp.beta, 1.0)])
            assert np.all(np.abs(f) / scale <= 1e-9), (fp.name, f)


# --- T2: built-in Kahn hyperbola ---------------------------------------------------------

@pytest.mark.parametrize("si", [0.1, 0.36, 0.5, 0.72, 1.2, 2.0])
def test_T2_hyperbola_at_physiological_point(si):
    phys = _by_name(progression.topp_fixed_points(SI=si))["physiological"]
    assert phys.G == pytest.approx(100.0, rel=REL)
    assert si * phys.I == pytest.approx(R0 / 100 - EG0, rel=REL)
    assert si * phys.I == pytest.approx(7.2, rel=REL)
    assert phys.beta == pytest.approx(300 * 0.72 / si, rel=REL)


def test_T2_SI_halved_reached_by_integration():
    res = progression.topp2000(SI=0.36, t_end=2500)
    assert res.t[-1] == 2500
    end = (res.G[-1], res.I[-1], res.beta[-1])
    assert end == pytest.approx((100.0, 20.0, 600.0), rel=0.005)


def test_T2_via_glut4_knob_is_the_same_as_halving_SI():
    a = progression.topp2000(knobs={"glut4": 0.5}, t_end=2500)
    b = progression.topp2000(SI=0.36, t_end=2500)
    np.testing.assert_allclose(a.G, b.G, rtol=1e-12)
    assert a.beta[-1] == pytest.approx(600.0, rel=0.005)


# --- T3: fasting identity on every long-term fasting state --------------------------------

@pytest.mark.parametrize("knobs", [None, {"glut4": 0.2}, {"glut4": 2.0, "adiponectin": 0.25},
                                   {"hepatic_output": 0.5}, {"hepatic_output": 2.0, "glut4": 0.7}])
@pytest.mark.parametrize("d0", [0.05, 0.06, 0.07])
def test_T3_identity_on_every_fixed_point(knobs, d0):
    p = topp2000.params(d0=d0).with_knobs(knobs)
    for fp in progression.topp_fixed_points(knobs=knobs, d0=d0):
        assert p.SI * fp.I == pytest.approx(p.R0 / fp.G - p.EG0, rel=REL, abs=1e-12)


# --- T4, T5: saddle-node and regulated hyperglycaemia -------------------------------------

def test_T4_saddle_node_threshold():
    assert topp2000.saddle_node_d0() == pytest.approx(R1 ** 2 / (4 * R2), rel=REL)
    assert topp2000.saddle_node_d0() == pytest.approx(0.0735, rel=REL)
    assert topp2000.saddle_node_d0() / D0 - 1 == pytest.approx(0.225, rel=1e-9)
    # just below: the two interior points approach G = r1/(2 r2) = 175 from both sides
    near = _by_name(progression.topp_fixed_points(d0=0.0735 * (1 - 1e-8)))
    assert near["physiological"].G < 175.0 < near["saddle"].G
    assert near["physiological"].G == pytest.approx(175.0, rel=1e-3)
    # just above: only the pathological state remains
    above = progression.topp_fixed_points(d0=0.0736)
    assert [fp.name for fp in above] == ["pathological"]


def test_T4_beyond_saddle_node_glucose_goes_to_600():
    res = progression.topp2000(d0=0.09, t_end=6000)
    assert res.G[-1] == pytest.approx(600.0, rel=0.005)


def test_T5_regulated_hyperglycaemia():
    phys = _by_name(progression.topp_fixed_points(d0=0.07))["physiological"]
    exact = (R1 - math.sqrt(R1 ** 2 - 4 * R2 * 0.07)) / (2 * R2)
    assert phys.G == pytest.approx(exact, rel=REL)
    assert phys.G == pytest.approx(136.8, abs=0.05)  # spec prints 4 significant digits


# --- level 5: knob monotonicity -----------------------------------------------------------

def test_knobs_lower_SI_eff_raises_I_and_beta_keeps_G_100():
    gs = np.linspace(2.0, 0.2, 10)  # SI_eff falls
    phys = [_by_name(progression.topp_fixed_points(knobs={"glut4": g}))["physiological"]
            for g in gs]
    I = np.array([p.I for p in phys])
    B = np.array([p.beta for p in phys])
    assert np.all(np.diff(I) > 0) and np.all(np.diff(B) > 0)
    for g, p in zip(gs, phys):
        assert p.G == pytest.approx(100.0, rel=REL)
        assert p.I == pytest.approx(7.2 / (0.72 * g), rel=REL)          # §11.2
        assert p.beta == pytest.approx(300 * 0.72 / (0.72 * g), rel=REL)


def test_knobs_adiponectin_acts_through_A_sqrt():
    a = 0.25
    fp = _by_name(progression.topp_fixed_points(knobs={"adiponectin": a}))["physiological"]
    assert fp.I == pytest.approx(7.2 / (0.72 * math.sqrt(a)), rel=REL)


def test_knobs_hepatic_output_scales_R0():
    h = 1.5
    fps = _by_name(progression.topp_fixed_points(knobs={"hepatic_output": h}))
    assert fps["physiological"].G == pytest.approx(100.0, rel=REL)
    assert fps["physiological"].I == pytest.approx((h * R0 / 100 - EG0) / SI, rel=REL)
    assert fps["pathological"].G == pytest.approx(h * R0 / EG0, rel=REL)


def test_knobs_one_reproduce_reference():
    a = progression.topp2000(t_end=300)
    b = progression.topp2000(knobs={"glut4": 1.0, "hepatic_output": 1.0, "adiponectin": 1.0},
                             t_end=300)
    np.testing.assert_array_equal(a.G, b.G)
    # the reference start is the physiological fixed point: it stays there
    assert np.max(np.abs(a.G - 100.0)) < 1e-6 and np.max(np.abs(a.beta - 300.0)) < 1e-6


def test_result_has_units_and_daily_time():
    res = progression.topp2000(t_end=10.5)
    assert res.t[0] == 0 and res.t[-1] == 10.5 and np.all(np.diff(res.t) > 0)
    assert res.units["t"] == "d" and res.units["G"] == "mg/dL" and res.units["beta"] == "mg"
    assert set(topp2000.MODEL_CARD) == {"model", "citation", "valid", "leaves_out"}


# --- level 6: properties over the knob box -----------------------------------------------

knob_box = st.fixed_dictionaries({
    "glut4": st.floats(0.2, 2.0), "hepatic_output": st.floats(0.5, 2.0),
    "adiponectin": st.floats(0.25, 2.5)})


@settings(max_examples=25, deadline=None)
@given(knobs=knob_box)
def test_properties_finite_nonnegative(knobs):
    res = progression.topp2000(knobs=knobs, t_end=800)
    for arr in (res.G, res.I, res.beta):
        assert np.all(np.isfinite(arr))
    assert np.all(res.beta >= -1e-9) and np.all(res.I >= -1e-9) and np.all(res.G > 0)


# --- invalid inputs ------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, word", [
    ({"knobs": {"glut_4": 1.0}}, "glut_4"),
    ({"knobs": {"glut4": 2.5}}, "glut4"),
    ({"t_end": 0}, "t_end"),
    ({"t_end": -5}, "t_end"),
    ({"t_end": float("nan")}, "t_end"),
    ({"SI": 0.0}, "SI"),
    ({"d0": -0.1}, "d0"),
    ({"initial": (100, 10)}, "initial"),
    ({"initial": (100, -1, 300)}, "initial"),
])
def test_invalid_inputs_raise(kwargs, word):
    with pytest.raises(ValueError, match=word):
        progression.topp2000(**kwargs)


def test_invalid_fixed_point_inputs_raise():
    with pytest.raises(ValueError, match="SI"):
        progression.topp_fixed_points(SI=-1)
    with pytest.raises(ValueError, match="adiponectin"):
        progression.topp_fixed_points(knobs={"adiponectin": 3})


@pytest.mark.parametrize("knobs", [{"glut4": 2, "hepatic_output": 2, "adiponectin": 0.25},
                                   {"glut4": 2, "hepatic_output": 2, "adiponectin": 2.5}])
@pytest.mark.parametrize("SI, d0", [(0.01, 0.001), (0.01, 0.06), (0.72, 0.5), (5.0, 0.5)])
def test_insulin_and_beta_cell_mass_never_negative(knobs, SI, d0):
    """Runs that decay to the pathological state (β → 0) used to end at −1e-11 (LSODA round-off)."""
    r = progression.topp2000(knobs, t_end=2000, SI=SI, d0=d0)
    assert np.all(r.I >= 0) and np.all(r.beta >= 0) and np.all(r.G > 0)


def test_hyperbola_constant_is_sensitivity_times_insulin_at_the_fixed_point():
    """Topp's hyperbola: SI_eff × I at the physiological fixed point is 0.72 × 10 = 7.2 /d for the reference,
    the same whatever the sensitivity (glut4 moves the point along it), and R0/G − EG0 with the liver knob."""
    from metabolism import progression as pr

    assert pr.topp_hyperbola_constant() == pytest.approx(0.72 * 10.0, rel=1e-12)
    for g in (0.3, 0.5, 2.0):
        fp = [f for f in pr.topp_fixed_points({"glut4": g}) if f.name == "physiological"][0]
        assert pr.TOPP_SI_REF * g * fp.I == pytest.approx(pr.topp_hyperbola_constant({"glut4": g}), rel=1e-12)
    assert pr.topp_hyperbola_constant({"hepatic_output": 1.2}) == pytest.approx(864 * 1.2 / 100 - 1.44, rel=1e-9)
    with pytest.raises(ValueError, match="d0"):
        pr.topp_hyperbola_constant(d0=0.09)
