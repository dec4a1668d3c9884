"""Knob contract v2 (spec/MODELS.md §11.1), monotonicity (§12 level 5), population, exercise, input errors."""
import numpy as np
import pytest
from scipy.integrate import solve_ivp

from metabolism import meal
from metabolism.models import dallaman2007 as dm

SUBJECTS = ["normal", "t2d"]
RANGES = {"glut4": (0.2, 2.0), "hepatic_output": (0.5, 2.0), "adiponectin": (0.25, 2.5)}


def sweep(name, n=7):
    lo, hi = RANGES[name]
    return np.linspace(lo, hi, n)


def at_floor(f):
    return f.S <= 1e-12


def homa_ir(f):
    return f.G * (f.I / 6.00) / 405.0


def peak_G(subject, knobs):
    return meal.simulate(subject, knobs).G.max()


# ---------------------------------------------------------------- §11.1 exact definitions
@pytest.mark.parametrize("subject", SUBJECTS)
def test_effective_parameters(subject):
    p, b = dm.params(subject), dm.basal(subject)
    q = dm.effective(subject, {"glut4": 0.5, "hepatic_output": 1.5, "adiponectin": 2.25})
    A = 2.25 ** 0.5
    assert q.Vmx_eff == pytest.approx(0.5 * A * p.Vmx, rel=1e-14)
    assert q.kp3_eff == pytest.approx(A * p.kp3, rel=1e-14)
    assert q.kp1_eff == pytest.approx(b.kp1 + 0.5 * b.EGPb, rel=1e-14)
    assert q.Vm0_ii == pytest.approx(b.Vm0 - p.Vmx * b.Ib, rel=1e-14)


def paper_rhs(subject):
    """The paper's equations (1)-(27) in paper form Vm0 + Vmx·X, written independently of the module."""
    p, b = dm.params(subject), dm.basal(subject)
    D = 78_000.0
    BW = 78.0
    a = 5 / (2 * D * (1 - p.b))
    c = 5 / (2 * D * p.d)

    def f(t, x):
        Gp, Gt, Il, Ip, Q1, Q2, Qg, I1, Id, X, Ipo, Y = x
        G, I = Gp / p.VG, Ip / p.VI
        EGP = max(0.0, b.kp1 - p.kp2 * Gp - p.kp3 * Id - p.kp4 * Ipo)
        Qs = Q1 + Q2
        ke = p.kmin + (p.kmax - p.kmin) / 2 * (np.tanh(a * (Qs - p.b * D)) - np.tanh(c * (Qs - p.d * D)) + 2)
        Ra = p.f * p.kabs * Qg / BW
        E = p.ke1 * (Gp - p.ke2) if Gp > p.ke2 else 0.0
        Uid = (b.Vm0 + p.Vmx * X) * Gt / (p.Km0 + Gt)
        dGp = EGP + Ra - p.Fcns - E - p.k1 * Gp + p.k2 * Gt
        S = p.gamma * Ipo
        HE = -p.m5 * S + b.m6
        m3 = HE * p.m1 / (1 - HE)
        dG = dGp / p.VG
        Spo = Y + max(p.K * dG, 0.0) + b.Sb
        if p.beta * (G - b.Gb) >= -b.Sb:
            dY = -p.alpha * (Y - p.beta * (G - b.Gb))
        else:
            dY = -p.alpha * (Y + b.Sb)
        return [dGp, -Uid + p.k1 * Gp - p.k2 * Gt,
                -(p.m1 + m3) * Il + p.m2 * Ip + S, -(p.m2 + p.m4) * Ip + p.m1 * Il,
                -p.kgri * Q1, -ke * Q2 + p.kgri * Q1, -p.kabs * Qg + ke * Q2,
                -p.ki * (I1 - I), -p.ki * (Id - I1), -p.p2U * X + p.p2U * (I - b.Ib),
                -p.gamma * Ipo + Spo, dY]
    return f


def rk4_fixed(f, x0, t):
    """Classic RK4 on the full 12-state system (test-side, independent of the module's integrator)."""
    out = [np.array(x0, float)]
    x = out[0]
    for a, b in zip(t[:-1], t[1:]):
        h = b - a
        k1 = np.array(f(a, x)); k2 = np.array(f(a + h / 2, x + h / 2 * k1))
        k3 = np.array(f(a + h / 2, x + h / 2 * k2)); k4 = np.array(f(b, x + h * k3))
        x = x + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        out.append(x)
    return np.array(out).T


@pytest.mark.parametrize("subject", SUBJECTS)
def test_knobs_one_reproduce_paper_trajectory(subject):
    """Knob form at g = h = a = 1 is the paper's form: same trajectory to 1e-10 (same integrator)."""
    b = dm.basal(subject)
    x0 = b.state0.copy()
    x0[4] += 78_000.0
    t = np.arange(0, 421.0)
    ones = {"glut4": 1, "hepatic_output": 1, "adiponectin": 1}
    paper = rk4_fixed(paper_rhs(subject), x0, t)
    r = meal.simulate(subject, ones, method="rk4")
    scale = np.max(np.abs(paper), axis=1, keepdims=True)
    assert np.max(np.abs(r.state - paper) / scale) <= 1e-10
    # with the reference integrator on both sides, agreement is limited by LSODA (rtol 1e-10 each)
    sol = solve_ivp(paper_rhs(subject), (0, 420), x0, method="LSODA", t_eval=t, rtol=1e-10,
                    atol=1e-12, max_step=0.25)
    ref = meal.simulate(subject, ones, method="reference")
    assert np.max(np.abs(ref.state - sol.y) / scale) <= 1e-8
    # and the trajectory starts from the basal state the spec tabulates (§1.4, [derived], 4-5 digits)
    start = dict(zip(dm.STATE_NAMES, ref.state[:, 0]))
    for name, value in SPEC_BASAL[subject].items():
        assert start[name] == pytest.approx(value, rel=1e-3), name


#: spec/MODELS.md §1.4 basal table: Gpb / Gtb (mg/kg), Ipb / Ilb / Ipob (pmol/kg)
SPEC_BASAL = {"normal": dict(Gp=172.51, Gt=130.29, Ip=1.2745, Il=4.548, Ipo=3.087),
              "t2d": dict(Gp=237.22, Gt=126.36, Ip=2.395, Il=5.953, Ipo=8.057)}


# ---------------------------------------------------------------- §12 level 5 monotonicity
def check_monotone(values, floor_mask, increasing, strict=True, tol=1e-9):
    d = np.diff(values) * (1 if increasing else -1)
    both_floor = floor_mask[1:] & floor_mask[:-1]
    if strict:
        assert np.all((d > 0) | (both_floor & (d >= -tol))), (values, floor_mask)
    else:
        assert np.all(d >= -tol), values


@pytest.mark.parametrize("subject", SUBJECTS)
def test_glut4_monotone(subject):
    gs = sweep("glut4")[::-1]       # decreasing glut4
    fs = [meal.fasting_state(subject, {"glut4": g}) for g in gs]
    fl = np.array([at_floor(f) for f in fs])
    G = np.array([f.G for f in fs]); I = np.array([f.I for f in fs])
    check_monotone(G, fl, True)
    check_monotone(I, fl, True)
    ok = ~fl[1:] & ~fl[:-1]
    assert np.all((np.diff(I) / I[:-1])[ok] > (np.diff(G) / G[:-1])[ok])    # relative ΔI > ΔG
    check_monotone(np.array([homa_ir(f) for f in fs]), fl, True)
    check_monotone(np.array([peak_G(subject, {"glut4": g}) for g in gs]), np.zeros(7, bool), True)
    check_monotone(np.array([meal.clamp(subject, {"glut4": g}) for g in gs]), np.zeros(7, bool), False)


@pytest.mark.parametrize("subject", SUBJECTS)
def test_hepatic_output_monotone(subject):
    hs = sweep("hepatic_output")
    fs = [meal.fasting_state(subject, {"hepatic_output": h}) for h in hs]
    fl = np.array([at_floor(f) for f in fs])
    check_monotone(np.array([f.G for f in fs]), fl, True)
    check_monotone(np.array([f.I for f in fs]), fl, True, strict=False)
    check_monotone(np.array([peak_G(subject, {"hepatic_output": h}) for h in hs]), np.zeros(7, bool), True)
    EGPb = dm.basal(subject).EGPb
    for h, f in zip(hs, fs):
        if h != 1.0:
            assert abs(f.EGP - EGPb) < abs(h - 1) * EGPb


@pytest.mark.parametrize("subject", SUBJECTS)
def test_adiponectin_monotone(subject):
    As = sweep("adiponectin")
    fs = [meal.fasting_state(subject, {"adiponectin": a}) for a in As]
    fl = np.array([at_floor(f) for f in fs])
    check_monotone(np.array([f.G for f in fs]), fl, False)
    check_monotone(np.array([f.I for f in fs]), fl, False, strict=False)
    check_monotone(np.array([peak_G(subject, {"adiponectin": a}) for a in As]), np.zeros(7, bool), False)
    check_monotone(np.array([meal.clamp(subject, {"adiponectin": a}) for a in As]), np.zeros(7, bool), True)


@pytest.mark.parametrize("subject", SUBJECTS)
def test_metformin_rule(subject):
    ref = meal.fasting_state(subject)
    met = meal.fasting_state(subject, {"hepatic_output": 0.76})
    EGPb = dm.basal(subject).EGPb
    assert met.G < ref.G and met.EGP <= ref.EGP
    assert abs(met.EGP - ref.EGP) < 0.24 * EGPb


def test_floor_reached_at_low_hepatic_output():
    f = meal.fasting_state("normal", {"hepatic_output": 0.5, "adiponectin": 2.5})
    assert f.S == 0.0 and f.I == 0.0 and f.floor
    b = dm.basal("normal")
    assert f.G <= b.h - b.Sb / dm.params("normal").beta + 1e-9


def test_fasting_start_state_definition():
    kn = {"glut4": 0.4, "hepatic_output": 1.3}
    f = meal.fasting_state("t2d", kn)
    b, p = dm.basal("t2d"), dm.params("t2d")
    x = f.state
    assert x[9] == pytest.approx(f.I - b.Ib)          # X
    assert x[7] == pytest.approx(f.I) and x[8] == pytest.approx(f.I)
    assert x[11] == pytest.approx(max(p.beta * (f.G - b.Gb), -b.Sb))
    assert x[10] == pytest.approx(f.S / p.gamma)
    assert np.all(x[4:7] == 0)
    r = meal.simulate("t2d", kn, t_end=30)
    # the root is a steady state of the full model: 600 min without a meal leave it in place (§1.9)
    still = meal.simulate("t2d", kn, meals=[], t_end=600, method="reference")
    drift = np.max(np.abs(still.state - x[:, None]) / np.maximum(np.abs(x), 1e-6)[:, None])
    assert drift <= 1e-6, drift
    x_meal = x.copy()
    x_meal[4] += 78_000.0                   # the default meal is in the stomach at t = 0
    np.testing.assert_allclose(r.state[:, 0], x_meal)


# ---------------------------------------------------------------- population
@pytest.mark.parametrize("subject, opts", [
    ("normal", {}),
    ("t2d", {"exercise": [(30, 40, 130.0)], "glucose_infusion": [(100, 150, 3.0)],
             "insulin_infusion": [(120, 180, 0.8)], "glucose_bolus": [(200, 100.0)]}),
    ("normal", {"exercise_effect": [(20, 30)]}),
])
def test_population_matches_single_runs(subject, opts):
    g = np.array([0.3, 1.0, 1.7])
    h = np.array([0.6, 1.0, 1.9])
    a = np.array([2.0, 1.0, 0.4])
    pop = meal.simulate_population(subject, {"glut4": g, "hepatic_output": h, "adiponectin": a},
                                   meals=[(0, 78)], t_end=240, **opts)
    assert pop.G.shape == (3, len(pop.t))
    for k in range(3):
        one = meal.simulate(subject, {"glut4": g[k], "hepatic_output": h[k], "adiponectin": a[k]}, t_end=240,
                            **opts)
        for name in ("G", "I", "EGP", "Ra", "U", "Uii", "Uid", "S"):
            np.testing.assert_allclose(getattr(pop, name)[k], getattr(one, name), rtol=1e-9, atol=1e-9)
        assert pop.fasting.G[k] == pytest.approx(one.fasting.G, rel=1e-9)


# ---------------------------------------------------------------- outputs and tissue split
def test_result_contract():
    r = meal.simulate()
    assert r.t[0] == 0 and r.t[-1] == 420 and np.max(np.diff(r.t)) <= 1.0
    for name in ("G", "I", "EGP", "Ra", "U", "Uii", "Uid", "S"):
        assert getattr(r, name).shape == r.t.shape and name in r.units
    assert r.state.shape == (12, len(r.t))
    # glucose mass balance: what the plasma and tissue pools gain is EGP + Ra − U − E (all reported
    # fluxes, mg/kg/min; trapezoid on the 1-min grid), so U is what the model really removes
    mass = r.state[0] + r.state[1]
    net = r.EGP + r.Ra - r.U - r.E
    gained = np.concatenate([[0.0], np.cumsum(np.diff(r.t) * (net[1:] + net[:-1]) / 2)])
    assert np.max(np.abs(mass - mass[0] - gained)) <= 1e-3 * np.trapezoid(r.EGP + r.Ra, r.t)
    # tissue split at the meal peak of uptake vs DeFronzo 2004 (≈80-85 % muscle, ≈4-5 % adipose)
    k = np.argmax(r.U)
    assert 0.75 <= r.U_muscle[k] / r.U[k] <= 0.90 and 0.04 <= r.U_adipose[k] / r.U[k] <= 0.06
    for name in ("G", "I", "EGP", "S"):
        assert np.isfinite(getattr(r.fasting, name))


def test_ogtt_and_ivgtt():
    o = meal.ogtt("normal")
    assert list(o["t_min"]) == [0, 30, 60, 90, 120]
    assert o["glucose_2h"] == pytest.approx(np.interp(120, o["result"].t, o["result"].G))
    np.testing.assert_allclose(o["insulin_uU_mL"], np.interp([0, 30, 60, 90, 120], o["result"].t,
                                                               o["result"].I) / 6.00)
    assert o["glucose_2h"] < 140
    assert meal.ogtt("t2d")["glucose_2h"] >= 200
    iv = meal.ivgtt("normal")
    b = dm.basal("normal")
    # 0.3 g/kg into Gp: G jumps by 300/VG mg/dL at t = 0+
    assert iv.G[0] == pytest.approx(b.Gb + 300 / dm.params("normal").VG, rel=1e-9)
    assert iv.t[-1] == 180 and iv.Ra.max() == 0


def test_infusions_raise_the_right_variable():
    base = meal.simulate(meals=[], t_end=120)
    gi = meal.simulate(meals=[], t_end=120, glucose_infusion=[(10, 70, 2.0)])
    ii = meal.simulate(meals=[], t_end=120, insulin_infusion=[(10, 70, 1.0)])
    assert gi.G.max() > base.G.max() + 5
    assert ii.I.max() > base.I.max() + 5 and ii.G.min() < base.G.min() - 1
    np.testing.assert_allclose(gi.G[:11], base.G[:11])


# ---------------------------------------------------------------- exercise (§8)
@pytest.mark.parametrize("method", ["rk4", "reference"])
def test_exercise_vanishes_at_basal_heart_rate(method):
    base = meal.simulate(method=method)
    ex = meal.simulate(method=method, exercise=[(60, 60, 60.0)], hr_basal=60.0)
    # RK4: identical grid, so identical numbers; LSODA: the bout's breakpoints change its step sequence
    tol = 1e-12 if method == "rk4" else 1e-8
    for name in ("G", "I", "Uid"):
        np.testing.assert_allclose(getattr(ex, name), getattr(base, name), rtol=tol, atol=tol)


def test_exercise_lowers_glucose_and_raises_uptake():
    base = meal.simulate(meals=[], t_end=300)
    ex = meal.simulate(meals=[], t_end=300, exercise=[(60, 60, 120.0)])
    assert ex.Uid.max() > base.Uid.max() and ex.G.min() < base.G.min()
    eff = meal.simulate(meals=[], t_end=300, exercise_effect=[(60, 60)])
    assert eff.Uid.max() > base.Uid.max() and eff.G.min() < base.G.min()
    assert "Breton" in ex.meta["exercise"] and "preset" in eff.meta["exercise"] and base.meta["exercise"] is None


def test_exercise_rk4_vs_reference():
    a = meal.simulate(exercise=[(60, 45, 130.0)], method="rk4")
    b = meal.simulate(exercise=[(60, 45, 130.0)], method="reference")
    assert np.max(np.abs(a.G - b.G)) <= 0.05


# ---------------------------------------------------------------- invalid inputs name the argument
@pytest.mark.parametrize("kw, word", [
    (dict(subject="obese"), "subject"),
    (dict(meals=[(0, -10)]), "meal"),
    (dict(meals=[(-5, 50)]), "meal"),
    (dict(meals=[(500, 50)], t_end=420), "meal"),
    (dict(body_weight=-70), "body_weight"),
    (dict(body_weight=float("nan")), "body_weight"),
    (dict(knobs={"glut_4": 1.0}), "glut_4"),
    (dict(knobs={"glut4": 2.5}), "glut4"),
    (dict(t_end=0), "t_end"),
    (dict(method="euler"), "method"),
    (dict(foo=1), "foo"),
])
def test_invalid_inputs(kw, word):
    with pytest.raises(ValueError, match=word):
        meal.simulate(**kw)


def test_invalid_clamp_and_population():
    with pytest.raises(ValueError, match="insulin_pmolL"):
        meal.clamp(insulin_pmolL=-1)
    with pytest.raises(ValueError, match="subject"):
        meal.fasting_state("type1")
    with pytest.raises(ValueError, match="glut4"):
        meal.simulate_population(knobs={"glut4": np.array([0.5, 3.0])})


def test_model_card():
    card = meal.MODEL_CARD
    assert set(card) >= {"model", "citation", "valid", "leaves_out"}
    assert "Dalla Man" in card["citation"] and "BIOMD0000000379" in card["citation"]
    p = meal.params("normal")
    from dataclasses import fields
    for fl in fields(p):
        assert {"unit", "source", "tag"} <= set(fl.metadata), fl.name
