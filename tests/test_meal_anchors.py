"""Anchor tests for the Dalla Man 2007 meal model (spec/MODELS.md §1.4, §1.7, §1.8, §1.9).

Every expected number and tolerance below is copied from spec/MODELS.md; none comes from the code under test.
"""
from pathlib import Path

import numpy as np
import pytest

from metabolism import meal
from metabolism.models import dallaman2007 as dm

DATA = Path(meal.__file__).parent / "data" / "dallaman2007_fig1"

# paper-figure mode (§1.5): normal 105.9 g at BW 78, T2D 120.8 g at BW 91
FIG_NORMAL = dict(subject="normal", meals=[(0, 105.9)], body_weight=78, t_end=420, method="reference")
FIG_T2D = dict(subject="t2d", meals=[(0, 120.8)], body_weight=91, t_end=420, method="reference")

_cache = {}


def run(**kw):
    key = repr(sorted(kw.items()))
    if key not in _cache:
        _cache[key] = meal.simulate(**kw)
    return _cache[key]


def rel(a, b):
    return abs(a - b) / abs(b)


# ---------------------------------------------------------------- DM1: basal recipe (1e-3 rel)
BASAL_TABLE = {
    "normal": dict(Gpb=172.51, Gtb=130.29, Ipb=1.2745, Ilb=4.548, Ipob=3.087, Sb=1.5434,
                   Vm0=2.5129, kp1=2.7024, m6=0.6469, Vm0_ii=1.3149),
    "t2d": dict(Gpb=237.22, Gtb=126.36, Ipb=2.395, Ilb=5.953, Ipob=8.057, Sb=4.028,
                Vm0=4.6501, kp1=3.0903, m6=0.8119, Vm0_ii=2.6143),
}


@pytest.mark.parametrize("subject", ["normal", "t2d"])
def test_dm1_basal_recipe(subject):
    b = dm.basal(subject)
    for name, expected in BASAL_TABLE[subject].items():
        assert rel(getattr(b, name), expected) <= 1e-3, (name, getattr(b, name), expected)
    assert b.Eb == 0.0
    assert b.h == b.Gb
    # initial state [Gpb, Gtb, Ilb, Ipb, 0, 0, 0, Ib, Ib, 0, Ipob, 0]
    x0 = b.state0
    assert x0.shape == (12,)
    np.testing.assert_allclose(x0, [b.Gpb, b.Gtb, b.Ilb, b.Ipb, 0, 0, 0, b.Ib, b.Ib, 0, b.Ipob, 0])


def test_dm1_normal_basal_inputs():
    b = dm.basal("normal")
    assert (b.Gb, b.Ib, b.EGPb) == (91.76, 25.49, 1.92)   # [secondary] book choice


@pytest.mark.parametrize("subject, expected", [
    ("t2d", (159.21, 59.88, 1.992)),          # DM2 [derived]
    ("normal", (91.83, 25.56, 1.916)),        # §1.4 bullet: Table I alone for the normal column
])
def test_dm2_basal_from_table(subject, expected):
    got = dm.basal_from_table(dm.params(subject))
    for g, e in zip(got, expected):
        assert rel(g, e) <= 1e-3, (got, expected)


def test_t2d_basal_uses_table_derivation():
    b = dm.basal("t2d")
    for g, e in zip((b.Gb, b.Ib, b.EGPb), (159.21, 59.88, 1.992)):
        assert rel(g, e) <= 1e-3


@pytest.mark.parametrize("subject, share, uptake, floor, he_limit", [
    ("normal", 0.52, 0.44, 77.73, 21.3),
    ("t2d", None, 0.43, 78.64, 15.4),
])
def test_sanity_anchors(subject, share, uptake, floor, he_limit):
    b, p = dm.basal(subject), dm.params(subject)
    if share is not None:
        assert abs(p.Fcns / b.EGPb - share) < 0.005
    assert abs(p.Vmx * b.Ib * b.Gtb / (p.Km0 + b.Gtb) - uptake) < 0.005
    assert abs(b.h - b.Sb / p.beta - floor) < 0.005
    assert abs(b.m6 / p.m5 - he_limit) < 0.05


# ---------------------------------------------------------------- DM3: no-meal drift
@pytest.mark.parametrize("subject", ["normal", "t2d"])
def test_dm3_no_meal_drift(subject):
    x0 = dm.basal(subject).state0
    for method in ("reference", "rk4"):
        r = run(subject=subject, meals=[], t_end=420, method=method)
        start = r.state[:, :1]
        # drift from where the run starts, relative. States that are 0 at basal have no scale of their
        # own: X (= I - Ib, pmol/L) is measured relative to Ib and Y (pmol/kg/min) relative to Sb, since
        # their roundoff is eps·Ib and eps·Sb; the empty gut must stay exactly 0.
        b = dm.basal(subject)
        scale = np.abs(start[:, 0]).copy()
        scale[9], scale[11] = b.Ib, b.Sb
        assert np.all(r.state[4:7] == 0)
        scale[4:7] = 1.0
        assert np.max(np.abs(r.state - start) / scale[:, None]) <= 1e-8
        # and that start is the basal state (1e-8 relative, 1e-8 absolute for the zero states)
        assert np.max(np.abs(r.state - x0[:, None]) / np.maximum(np.abs(x0), 1.0)[:, None]) <= 1e-8


# ---------------------------------------------------------------- §1.9: the root at knobs 1, stability
@pytest.mark.parametrize("subject", ["normal", "t2d"])
def test_root_equals_basal(subject):
    b = dm.basal(subject)
    f = meal.fasting_state(subject)
    assert rel(f.G, b.Gb) <= 1e-6
    assert rel(f.I, b.Ib) <= 1e-6
    np.testing.assert_allclose(f.state, b.state0, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("subject", ["normal", "t2d"])
@pytest.mark.parametrize("knobs", [
    {"glut4": 0.3}, {"hepatic_output": 1.8}, {"adiponectin": 2.5, "hepatic_output": 0.5},
    {"glut4": 2.0, "hepatic_output": 0.5, "adiponectin": 2.5}, {"glut4": 0.2, "hepatic_output": 2.0, "adiponectin": 0.25},
])
def test_root_stable_by_integration(subject, knobs):
    f = meal.fasting_state(subject, knobs)
    r = meal.simulate(subject, knobs, meals=[], t_end=2000, method="reference")
    x = f.state
    drift = np.max(np.abs(r.state - x[:, None]) / np.maximum(np.abs(x), 1e-6)[:, None])
    assert drift <= 1e-6, drift
    np.testing.assert_allclose(r.state[:, 0], x)


# ---------------------------------------------------------------- DM4: gut mass balance at all t
@pytest.mark.parametrize("subject", ["normal", "t2d"])
def test_dm4_gut_mass_balance(subject):
    meals = [(0, 60), (130, 45.5), (300, 80)]
    for method in ("reference", "rk4"):
        r = meal.simulate(subject, meals=meals, body_weight=70, t_end=600, method=method)
        eaten = np.zeros_like(r.t)
        for tm, grams in meals:
            eaten += np.where(r.t >= tm, grams * 1000.0, 0.0)
        total = r.state[4] + r.state[5] + r.state[6] + r.absorbed
        np.testing.assert_allclose(total, eaten, rtol=1e-6, atol=1e-6 * 1000)
        # the absorbed mass is what Ra delivers: (BW/f)·∫Ra dt (trapezoid on 1-min samples)
        f = dm.params(subject).f
        integ = 70 / f * np.concatenate([[0], np.cumsum(np.diff(r.t) * (r.Ra[1:] + r.Ra[:-1]) / 2)])
        assert np.max(np.abs(integ - r.absorbed)) <= 1e-3 * 185_500


@pytest.mark.parametrize("subject", ["normal", "t2d"])
def test_meal_absorption_complete(subject):
    """Absorbed glucose = f·D within 1 % when t_end is long enough (trapezoid of Ra, BW·∫Ra)."""
    r = meal.simulate(subject, meals=[(0, 78)], body_weight=78, t_end=1440)
    absorbed_g = 78 * np.trapezoid(r.Ra, r.t) / 1000.0
    f = dm.params(subject).f
    assert abs(absorbed_g - f * 78) <= 0.01 * f * 78


# ---------------------------------------------------------------- DM5: (D, BW) vs (2D, 2BW) in formula mode
@pytest.mark.parametrize("subject", ["normal", "t2d"])
def test_dm5_scaling(subject):
    a = run(subject=subject, meals=[(0, 70)], body_weight=70, t_end=420, method="reference")
    b = run(subject=subject, meals=[(0, 140)], body_weight=140, t_end=420, method="reference")
    for name in ("G", "I", "Ra", "U"):
        x, y = getattr(a, name), getattr(b, name)
        assert np.max(np.abs(x - y) / np.maximum(np.abs(y), 1e-12)) <= 1e-8, name


# ---------------------------------------------------------------- DM6: Fig. 5 normal, paper-figure mode
def peak(r, name, lo=False):
    y = getattr(r, name)
    i = int(np.argmin(y) if lo else np.argmax(y))
    return y[i], r.t[i]


def test_dm6_fig5_normal():
    r = run(**FIG_NORMAL)
    g, tg = peak(r, "G")
    assert rel(g, 175) <= 0.07 and abs(tg - 55) <= 10, (g, tg)
    i, ti = peak(r, "I")
    assert rel(i, 360) <= 0.15 and abs(ti - 85) <= 15, (i, ti)
    ra, tra = peak(r, "Ra")
    assert rel(ra, 9.8) <= 0.15 and abs(tra - 18) <= 10, (ra, tra)
    u, tu = peak(r, "U")
    assert rel(u, 8) <= 0.15 and abs(tu - 100) <= 10, (u, tu)
    egp, _ = peak(r, "EGP", lo=True)
    assert abs(egp - 0.35) <= 0.1, egp


def test_dm7_fig5_t2d():
    r = run(**FIG_T2D)
    g, tg = peak(r, "G")
    assert rel(g, 337) <= 0.07 and abs(tg - 125) <= 15, (g, tg)
    assert rel(r.G[-1], 142) <= 0.15, r.G[-1]
    assert r.t[-1] == 420
    i, _ = peak(r, "I")
    assert rel(i, 385) <= 0.25, i


# ---------------------------------------------------------------- DM8: Fig. 1 data (n = 204), paper-figure mode
def load(name):
    d = np.loadtxt(DATA / f"fig1_{name}.csv", skiprows=1, delimiter="\t")
    return d[:, 0], d[:, 1], d[:, 3]


DEFAULT_NORMAL = dict(subject="normal", meals=[(0, 78)], body_weight=78, t_end=420, method="reference")


@pytest.mark.parametrize("mode", [FIG_NORMAL, DEFAULT_NORMAL], ids=["paper-figure", "1g/kg"])
@pytest.mark.parametrize("data, attr, kind", [
    ("glc", "G", "max"), ("ins", "I", "max"), ("gra", "Ra", "max"),
    ("egp", "EGP", "min"), ("gu", "U", "max"), ("inssec", "S", "max"),
])
def test_dm8_fig1_peaks_within_1sd(data, attr, kind, mode):
    t, mean, sd = load(data)
    j = int(np.argmax(mean) if kind == "max" else np.argmin(mean))
    sim = getattr(run(**mode), attr)
    value = sim.max() if kind == "max" else sim.min()
    assert abs(value - mean[j]) <= sd[j], (attr, value, mean[j], sd[j])


def test_dm8_glucose_at_180():
    t, mean, sd = load("glc")
    j = int(np.argmin(np.abs(t - 180)))
    r = run(**FIG_NORMAL)
    g180 = np.interp(t[j], r.t, r.G)
    assert abs(g180 - mean[j]) <= sd[j], (g180, mean[j], sd[j])


def test_dm8_fasting_matches_data():
    # Fig. 1 at t = 0: 92.7 mg/dL, 26 pmol/L, EGP 1.92 [data]; SDs 7.7, 15.3, 0.45
    r = run(**FIG_NORMAL)
    assert abs(r.G[0] - 92.67) <= 7.71 and abs(r.I[0] - 26.02) <= 15.31 and abs(r.EGP[0] - 1.92) <= 0.45


# ---------------------------------------------------------------- DM9: ADA categories
def test_dm9_ada_categories():
    n = run(subject="normal", meals=[(0, 78)], body_weight=78, t_end=420, method="reference")
    assert n.G[0] < 100 and np.interp(120, n.t, n.G) < 140
    d = run(subject="t2d", meals=[(0, 91)], body_weight=91, t_end=420, method="reference")
    assert d.G[0] >= 126 and np.interp(120, d.t, d.G) >= 200


# ---------------------------------------------------------------- DM10: clamp vs DeFronzo 1985
def test_dm10_clamp():
    m = meal.clamp("normal", insulin_pmolL=600, glucose_mgdl=90)
    assert isinstance(m, float)
    assert abs(m - 7.04) <= 0.20 * 7.04, m
    mt = meal.clamp("t2d", insulin_pmolL=600, glucose_mgdl=90)
    assert 3.0 <= mt <= 5.5, mt
    assert mt < m
    for s in ("normal", "t2d"):
        d = meal.clamp_detail(s)
        assert d["EGP"] <= 0.10 * dm.basal(s).EGPb
        assert d["EGP_suppression"] >= 0.90
        assert abs(d["M"] - (d["Uii"] + d["Uid"] + d["E"] - d["EGP"])) < 1e-12


def test_clamp_signed_not_clipped():
    # at high hepatic output and low insulin, euglycaemia needs glucose removal: M < 0 is returned as is
    m = meal.clamp("t2d", {"hepatic_output": 2.0, "glut4": 0.2, "adiponectin": 0.25}, insulin_pmolL=30,
                   glucose_mgdl=90)
    assert m < 0


# ---------------------------------------------------------------- integrators: default RK4 vs reference
@pytest.mark.parametrize("subject", ["normal", "t2d"])
def test_rk4_error_vs_reference(subject):
    ref = run(subject=subject, t_end=420, method="reference")
    fast = run(subject=subject, t_end=420, method="rk4")
    np.testing.assert_array_equal(ref.t, fast.t)
    assert np.max(np.abs(ref.G - fast.G)) <= 0.01
    assert np.max(np.abs(ref.I - fast.I)) <= 0.05


# ---------------------------------------------------------------- pitfall 5: HE guard never active
@pytest.mark.parametrize("kw", [
    dict(subject="normal", meals=[(0, 78)], body_weight=78),
    dict(subject="t2d", meals=[(0, 91)], body_weight=91),
    dict(subject="normal", meals=[(0, 105.9)], body_weight=78),
    dict(subject="t2d", meals=[(0, 120.8)], body_weight=91),
    dict(subject="normal", meals=[(0, 45), (240, 70), (720, 70)], body_weight=78, t_end=1200),
])
def test_he_guard_inactive_reference_subjects(kw):
    r = meal.simulate(method="reference", **kw)
    b, p = dm.basal(kw["subject"]), dm.params(kw["subject"])
    assert np.all(b.m6 - p.m5 * r.S > 0)
    assert not np.any(r.he_guard_active)


# ---------------------------------------------------------------- pitfall 2: kempt a, c formula vs table
@pytest.mark.parametrize("subject, grams, bw, bound", [
    ("normal", 78, 78, 0.05), ("t2d", 91, 91, 0.05),     # ≤ ≈5 % at 1 g/kg
    ("normal", 105.9, 78, 0.01),                         # negligible at ≈106 g (Table I a, c fit D ≈ 106 g)
])
def test_kempt_table_vs_formula(subject, grams, bw, bound):
    a = meal.simulate(subject, meals=[(0, grams)], body_weight=bw)
    b = meal.simulate(subject, meals=[(0, grams)], body_weight=bw, kempt_ac="table")
    for name in ("G", "I", "Ra", "U"):
        assert abs(getattr(b, name).max() / getattr(a, name).max() - 1) <= bound, name


def test_no_root_error_names_the_knobs(monkeypatch):
    monkeypatch.setattr(dm, "G_BRACKET", (20.0, 30.0))
    dm._fasting_cached.cache_clear()
    try:
        with pytest.raises(ValueError, match="glut4"):
            meal.fasting_state("normal", {"glut4": 0.7})
    finally:
        dm._fasting_cached.cache_clear()


def test_insulin_secreted_units_match_basal_secretion():
    """No meal: secretion stays at Sb, so 24 h secrete Sb·1440 min·BW pmol (1 U = 6000 pmol)."""
    r = meal.simulate("normal", meals=[], t_end=1440)
    sb = meal.basal("normal").Sb
    assert r.insulin_secreted_U == pytest.approx(sb * 1440 * 78 / 6000, rel=1e-6)
    assert meal.simulate("normal").insulin_secreted_U > meal.simulate("normal", meals=[], t_end=420).insulin_secreted_U
