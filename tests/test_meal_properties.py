"""§12 level 6 (properties) over the whole documented input box of the meal model, corners included.

The box is what the validators and docstrings of :mod:`metabolism.meal` accept, written out here
independently of the package (if the package narrows a range it must say so with a ``ValueError``):

=====================  ===========================  =========================================
input                  documented range             where
=====================  ===========================  =========================================
knobs                  glut4 0.2-2, hepatic_output  spec §11, ``knobs.KNOBS``
                       0.5-2, adiponectin 0.25-2.5
meals                  (t 0..t_end min, 0-1000 g)   ``parse_inputs``; any number of meals
body_weight            20-300 kg                    ``parse_inputs``
t_end                  1-10080 min                  ``parse_inputs``
glucose_bolus          (t, 0-1000 mg/kg)            ``simulate`` docstring, ``parse_inputs``
glucose_infusion       (start, stop, 0-50 mg/kg/min)
insulin_infusion       (start, stop, 0-200 pmol/kg/min)
exercise, hr_basal     (start, 0-240 min, HR_b-220 bpm), HR_b 40-100 bpm
exercise_effect        (start, 0-240 min), ii_gain 1-2.5, id_gain 1-2
ivgtt dose_g_per_kg    0-1 g/kg                     ``meal.ivgtt``
clamp                  insulin 0-6000 pmol/L, glucose 20-600 mg/dL
=====================  ===========================  =========================================

For every input in the box a call either returns a result whose concentrations and fluxes are all
finite and ≥ 0 (tolerance −1e-9, spec §12 level 6; X and Y are signed by definition, Y ≥ −Sb), with
the gut mass balance DM4 holding, or raises a ``ValueError`` whose message names an input (the
package may refuse inputs that drive the model outside its validity domain). The slider box itself
(the knob corners with the paper's meals) must never be refused.
"""
import itertools
import os
import select
import signal
import time

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, example, given, settings, strategies as st

from metabolism import ModelValidityError, meal
from metabolism.models import dallaman2007 as dm

BOX = {"glut4": (0.2, 2.0), "hepatic_output": (0.5, 2.0), "adiponectin": (0.25, 2.5)}
CORNERS = [dict(zip(BOX, c)) for c in itertools.product(*BOX.values())]
MEAL_G, BW, T_END = (0.0, 1000.0), (20.0, 300.0), (1.0, 10080.0)
BOLUS, GINF, IINF = (0.0, 1000.0), (0.0, 50.0), (0.0, 200.0)
HR_B, HR_MAX, EX_DUR = (40.0, 100.0), 220.0, (0.0, 240.0)
II_GAIN, ID_GAIN = (1.0, 2.5), (1.0, 2.0)
DOSE, CLAMP_I, CLAMP_G = (0.0, 1.0), (0.0, 6000.0), (20.0, 600.0)

INPUT_NAMES = ("subject", "knobs", *BOX, "meals", "body_weight", "t_end", "method", "glucose_bolus",
               "glucose_infusion", "insulin_infusion", "exercise", "hr_basal", "exercise_effect", "ii_gain",
               "id_gain", "kempt_ac", "dose_g_per_kg", "insulin_pmolL", "glucose_mgdl")
#: concentrations and fluxes that must be finite and ≥ 0 (U_muscle/U_adipose are shares of Uid)
NON_NEGATIVE = ("G", "I", "EGP", "Ra", "Uii", "Uid", "U", "U_muscle", "U_adipose", "E", "S", "HE", "absorbed")
STATE_SIGNED = {9: "X (remote insulin relative to Ib)", 11: "Y (secretion provision, ≥ -Sb)"}
TOL = -1e-9
#: deterministic, and no shrinking: a failing example is reported as found (shrinking re-runs
#: hundreds of 10 080-min simulations); the explicit examples are the corners and the issue's cases
PROFILE = dict(deadline=None, derandomize=True, phases=(Phase.explicit, Phase.reuse, Phase.generate),
               report_multiple_bugs=False, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

subjects = st.sampled_from(["normal", "t2d"])


def edge(lo, hi):
    """A float in [lo, hi] with both ends drawn often (the corners of the box)."""
    return st.one_of(st.sampled_from([lo, hi]), st.floats(lo, hi, allow_nan=False))


knob_dicts = st.fixed_dictionaries({n: edge(*r) for n, r in BOX.items()})



@st.composite
def timed(draw, t_end, fields, max_size=3):
    """Events [(t, *fields)] with t in [0, t_end]; ``fields`` are strategies (may use t)."""
    n = draw(st.integers(0, max_size))
    out = []
    for _ in range(n):
        t = draw(st.one_of(st.sampled_from([0.0, t_end]), st.floats(0.0, t_end)))
        out.append((t, *[draw(f(t) if callable(f) else f) for f in fields]))
    return out


# ----------------------------------------------------------------------------- the checks
def run(call):
    """``call()``'s result, or None if it raised a ValueError naming an input (a clear refusal)."""
    try:
        return call()
    except ValueError as exc:
        assert any(n in str(exc) for n in INPUT_NAMES), f"ValueError that names no input: {exc}"
        return None


def eaten_mg(t, meals):
    out = np.zeros_like(t)
    for tm, grams in meals:
        out += np.where(t >= tm, grams * 1000.0, 0.0)
    return out


def check(r, subject, meals=(), t_end=None, bolus_at_0=False):
    """Every concentration and flux finite and ≥ 0; X, Y signed as defined; DM4 gut balance."""
    pop = r.G.ndim == 2
    assert np.all(np.isfinite(r.t)) and r.t[0] == 0 and np.all(np.diff(r.t) > 0)
    assert np.max(np.diff(r.t)) <= 1.0 + 1e-9
    if t_end is not None:
        assert r.t[-1] == pytest.approx(t_end, rel=1e-12)
    for name in NON_NEGATIVE:
        x = np.asarray(getattr(r, name), float)
        assert np.all(np.isfinite(x)), f"{name} has a non-finite value"
        assert x.min() >= TOL, f"{name} goes negative: min {x.min():.6g} at t = {r.t[np.unravel_index(np.argmin(x), x.shape)[-1]]:g} min"
    assert np.max(r.HE) <= 1.0
    if r.state is not None:
        assert np.all(np.isfinite(r.state)), "a state is non-finite"
        for k, name in enumerate(dm.STATE_NAMES):
            if k not in STATE_SIGNED:
                assert r.state[k].min() >= TOL, f"state {name} goes negative: {r.state[k].min():.6g}"
        assert r.state[11].min() >= -dm.basal(subject).Sb + TOL, "Y fell below -Sb"
        # DM4: Qsto1 + Qsto2 + Qgut + absorbed = total D eaten up to t (mg)
        eaten = eaten_mg(r.t, meals)
        gut = r.state[4] + r.state[5] + r.state[6] + r.absorbed
        np.testing.assert_allclose(gut, eaten, rtol=1e-6, atol=1e-6 * 1000, err_msg="DM4 gut mass balance")
    else:                                            # population: no state; absorbed ≤ eaten, never falls
        assert np.all(np.diff(r.absorbed) >= TOL) and np.all(r.absorbed <= eaten_mg(r.t, meals) * (1 + 1e-9) + 1e-6)
    f = r.fasting
    for name in ("G", "I", "EGP", "S"):
        v = np.asarray(getattr(f, name), float)
        assert np.all(np.isfinite(v)) and v.min() >= TOL, f"fasting {name} = {v}"
    assert np.all((20 < np.asarray(f.G)) & (np.asarray(f.G) < 1000))
    if not bolus_at_0:
        G0 = r.G[:, 0] if pop else r.G[0]
        np.testing.assert_allclose(G0, f.G, rtol=1e-12, err_msg="the run does not start at its fasting state")


# ----------------------------------------------------------------------------- the slider box must run
@pytest.mark.parametrize("subject", ["normal", "t2d"])
@pytest.mark.parametrize("corner", CORNERS)
def test_root_and_meal_at_every_corner(subject, corner):
    """The knob corners with the book's meals are the sliders' box: the fasting state always exists; a meal
    run is sane, or refused because glucose fell below the validity floor (54 mg/dL: no counter-regulation in
    the model). A refusal names a knob that differs from the reference and is not an artefact of the fixed
    step: the reference integrator refuses the same run."""
    f = meal.fasting_state(subject, corner)
    assert 20 < f.G < 1000 and f.I >= 0 and f.EGP >= 0
    day = [(60, 45), (300, 70), (780, 70)]
    for kw, meals, t_end in ((dict(meals=[(0, 78)]), [(0, 78)], 420),
                             (dict(meals=[(0, 120.8)], body_weight=91), [(0, 120.8)], 420),
                             (dict(meals=day, t_end=1440), day, 1440)):
        try:
            r = meal.simulate(subject, corner, **kw)
        except ModelValidityError as err:
            assert f"below {dm.G_VALID_MIN:g} mg/dL" in str(err)
            assert any(f"{k}={v:g}" in str(err) for k, v in corner.items() if v != 1.0), str(err)
            with pytest.raises(ModelValidityError):
                meal.simulate(subject, corner, method="reference", **kw)
            continue
        check(r, subject, meals, t_end)


# ----------------------------------------------------------------------------- meals, body weight, t_end
@st.composite
def meal_inputs(draw):
    t_end = draw(edge(*T_END))
    meals = draw(timed(t_end, [edge(*MEAL_G)], max_size=4))
    return t_end, meals


@settings(max_examples=50, **PROFILE)
@given(subject=subjects, knobs=knob_dicts, inputs=meal_inputs(), bw=edge(*BW),
       kempt_ac=st.sampled_from(["formula", "table"]))
@example(subject="t2d", knobs={"glut4": 0.2, "hepatic_output": 0.5, "adiponectin": 2.5}, inputs=(1440.0, [(0.0, 117.0)]),
         bw=78.0, kempt_ac="formula")                                          # issue: G min −6.97
@example(subject="normal", knobs={}, inputs=(10080.0, [(0.0, 1000.0)]), bw=20.0, kempt_ac="formula")
@example(subject="t2d", knobs={"glut4": 0.2, "hepatic_output": 2.0, "adiponectin": 0.25},
         inputs=(10080.0, [(0.0, 1000.0), (10080.0, 1000.0)]), bw=20.0, kempt_ac="table")
@example(subject="normal", knobs={"glut4": 2.0, "hepatic_output": 0.5, "adiponectin": 2.5},
         inputs=(10080.0, [(0.0, 1000.0)]), bw=300.0, kempt_ac="formula")
@example(subject="normal", knobs={}, inputs=(1.0, []), bw=300.0, kempt_ac="formula")
@example(subject="normal", knobs={}, inputs=(420.0, [(0.0, 0.0), (0.0, 78.0), (420.0, 1000.0)]), bw=78.0,
         kempt_ac="formula")
def test_meals_whole_box(subject, knobs, inputs, bw, kempt_ac):
    t_end, meals = inputs
    r = run(lambda: meal.simulate(subject, knobs, meals=meals, body_weight=bw, t_end=t_end, kempt_ac=kempt_ac))
    if r is not None:
        check(r, subject, meals, t_end)


def test_meals_none_means_no_meal_or_a_clear_refusal():
    """meals=None: "no meal" (as ``[]``) or a ValueError naming meals; never a TypeError from inside."""
    r = run(lambda: meal.simulate(meals=None))
    if r is not None:
        check(r, "normal", [], 420)
        np.testing.assert_allclose(r.G, meal.simulate(meals=[]).G)


# ----------------------------------------------------------------------------- infusions and boluses
@st.composite
def infusion_inputs(draw):
    t_end = draw(edge(*T_END))
    stop = lambda t: st.one_of(st.sampled_from([t, t_end]), st.floats(t, t_end))  # noqa: E731
    return dict(t_end=t_end,
                meals=draw(timed(t_end, [edge(*MEAL_G)], max_size=2)),
                glucose_bolus=draw(timed(t_end, [edge(*BOLUS)], max_size=2)),
                glucose_infusion=draw(timed(t_end, [stop, edge(*GINF)], max_size=2)),
                insulin_infusion=draw(timed(t_end, [stop, edge(*IINF)], max_size=2)))


@settings(max_examples=50, **PROFILE)
@given(subject=subjects, knobs=knob_dicts, kw=infusion_inputs(), bw=edge(*BW))
@example(subject="normal", knobs={}, kw=dict(t_end=1440.0, meals=[], glucose_bolus=[], glucose_infusion=[],
                                             insulin_infusion=[(0.0, 1440.0, 5.0)]), bw=78.0)   # issue: G min −1.45
@example(subject="normal", knobs={}, kw=dict(t_end=10080.0, meals=[], glucose_bolus=[], glucose_infusion=[],
                                             insulin_infusion=[(0.0, 10080.0, 200.0)]), bw=78.0)
@example(subject="t2d", knobs={"glut4": 0.2, "hepatic_output": 2.0, "adiponectin": 0.25},
         kw=dict(t_end=10080.0, meals=[], glucose_bolus=[(0.0, 1000.0)], glucose_infusion=[(0.0, 10080.0, 50.0)],
                 insulin_infusion=[]), bw=20.0)
@example(subject="normal", knobs={}, kw=dict(t_end=420.0, meals=[], glucose_bolus=[(0.0, 1000.0)],
                                             glucose_infusion=[], insulin_infusion=[]), bw=78.0)
@example(subject="normal", knobs={}, kw=dict(t_end=420.0, meals=[(0.0, 78.0)], glucose_bolus=[(420.0, 1000.0)],
                                             glucose_infusion=[(0.0, 0.0, 50.0)], insulin_infusion=[(420.0, 420.0, 200.0)]),
         bw=78.0)
def test_infusions_and_boluses_whole_box(subject, knobs, kw, bw):
    r = run(lambda: meal.simulate(subject, knobs, body_weight=bw, **kw))
    if r is not None:
        check(r, subject, kw["meals"], kw["t_end"], bolus_at_0=any(t == 0 for t, _ in kw["glucose_bolus"]))


# ----------------------------------------------------------------------------- exercise
@st.composite
def exercise_inputs(draw):
    t_end = draw(edge(*T_END))
    hrb = draw(edge(*HR_B))
    kw = dict(t_end=t_end, meals=draw(timed(t_end, [edge(*MEAL_G)], max_size=2)))
    if draw(st.booleans()):
        kw.update(exercise=draw(timed(t_end, [edge(*EX_DUR), edge(hrb, HR_MAX)], max_size=3)), hr_basal=hrb)
    else:
        kw.update(exercise_effect=draw(timed(t_end, [edge(*EX_DUR)], max_size=3)),
                  ii_gain=draw(edge(*II_GAIN)), id_gain=draw(edge(*ID_GAIN)))
    return kw


@settings(max_examples=40, **PROFILE)
@given(subject=subjects, knobs=knob_dicts, kw=exercise_inputs(), bw=edge(*BW))
@example(subject="normal", knobs={}, kw=dict(t_end=420.0, meals=[(0.0, 78.0)], exercise=[(0.0, 240.0, 220.0)],
                                             hr_basal=40.0), bw=78.0)          # issue: Uid min −0.16
@example(subject="t2d", knobs={"glut4": 2.0, "hepatic_output": 0.5, "adiponectin": 2.5},
         kw=dict(t_end=10080.0, meals=[(0.0, 1000.0)],
                 exercise=[(0.0, 240.0, 220.0), (240.0, 240.0, 220.0), (480.0, 240.0, 220.0)], hr_basal=40.0), bw=20.0)
@example(subject="normal", knobs={"glut4": 2.0, "hepatic_output": 0.5, "adiponectin": 2.5},
         kw=dict(t_end=10080.0, meals=[], exercise_effect=[(0.0, 240.0), (240.0, 240.0)], ii_gain=2.5, id_gain=2.0),
         bw=78.0)
def test_exercise_whole_box(subject, knobs, kw, bw):
    r = run(lambda: meal.simulate(subject, knobs, body_weight=bw, **kw))
    if r is not None:
        check(r, subject, kw["meals"], kw["t_end"])


# ----------------------------------------------------------------------------- population runs
@st.composite
def population_inputs(draw):
    n = draw(st.integers(1, 5))
    knobs = {name: np.array(draw(st.lists(edge(*r), min_size=n, max_size=n))) for name, r in BOX.items()}
    t_end = draw(edge(1.0, 1440.0))       # the 1440-10080 min part: one @example (a 10080-min run takes ≈ 7 s)
    kw = dict(t_end=t_end, meals=draw(timed(t_end, [edge(*MEAL_G)], max_size=2)),
              insulin_infusion=draw(timed(t_end, [lambda t: st.just(t_end), edge(*IINF)], max_size=1)),
              glucose_infusion=draw(timed(t_end, [lambda t: st.just(t_end), edge(*GINF)], max_size=1)))
    hrb = draw(edge(*HR_B))
    kw.update(exercise=draw(timed(t_end, [edge(*EX_DUR), edge(hrb, HR_MAX)], max_size=1)), hr_basal=hrb)
    return knobs, kw


@settings(max_examples=15, **PROFILE)
@given(subject=subjects, inputs=population_inputs(), bw=edge(*BW))
@example(subject="t2d", inputs=({"glut4": np.array([0.2, 2.0, 1.0]), "hepatic_output": np.array([0.5, 2.0, 1.0]),
                                 "adiponectin": np.array([2.5, 0.25, 1.0])},
                                dict(t_end=10080.0, meals=[(0.0, 1000.0)], insulin_infusion=[], glucose_infusion=[],
                                     exercise=[], hr_basal=60.0)), bw=20.0)
@example(subject="normal", inputs=({"glut4": np.array([1.0])},
                                   dict(t_end=1440.0, meals=[], insulin_infusion=[(0.0, 1440.0, 5.0)],
                                        glucose_infusion=[], exercise=[], hr_basal=60.0)), bw=78.0)
def test_population_whole_box(subject, inputs, bw):
    knobs, kw = inputs
    r = run(lambda: meal.simulate_population(subject, knobs, body_weight=bw, **kw))
    if r is not None:
        check(r, subject, kw["meals"], kw["t_end"])
        n = max(np.size(v) for v in knobs.values())
        assert r.G.shape == (n, r.t.size)


# ----------------------------------------------------------------------------- IVGTT, OGTT, clamp, fasting
@settings(max_examples=30, **PROFILE)
@given(subject=subjects, knobs=knob_dicts, dose=edge(*DOSE), t_end=edge(*T_END), bw=edge(*BW))
@example(subject="normal", knobs={}, dose=0.8, t_end=180.0, bw=78.0)          # issue: G min −9.9
@example(subject="t2d", knobs={"glut4": 2.0, "hepatic_output": 0.5, "adiponectin": 2.5}, dose=1.0, t_end=10080.0, bw=300.0)
def test_ivgtt_whole_box(subject, knobs, dose, t_end, bw):
    r = run(lambda: meal.ivgtt(subject, knobs, dose_g_per_kg=dose, t_end=t_end, body_weight=bw))
    if r is not None:
        check(r, subject, [], t_end, bolus_at_0=dose > 0)
        # the bolus lands in Gp at t = 0: G jumps by dose·1000/VG mg/dL above the fasting state
        assert r.G[0] == pytest.approx(r.fasting.G + dose * 1000.0 / dm.params(subject).VG, rel=1e-9)


@settings(max_examples=30, **PROFILE)
@given(subject=subjects, knobs=knob_dicts, bw=edge(*BW))
@example(subject="normal", knobs={"glut4": 2.0, "hepatic_output": 0.5, "adiponectin": 2.5}, bw=20.0)
def test_ogtt_whole_box(subject, knobs, bw):
    o = run(lambda: meal.ogtt(subject, knobs, body_weight=bw))
    if o is not None:
        check(o["result"], subject, [(0, 75)], 180)
        for name in ("glucose_mgdl", "insulin_uU_mL"):
            assert np.all(np.isfinite(o[name])) and np.min(o[name]) >= TOL, name
        assert o["matsuda"] is None or (np.isfinite(o["matsuda"]) and o["matsuda"] > 0)


@settings(max_examples=80, **PROFILE)
@given(subject=subjects, knobs=knob_dicts, ins=edge(*CLAMP_I), glc=edge(*CLAMP_G))
def test_clamp_whole_box(subject, knobs, ins, glc):
    d = run(lambda: meal.clamp_detail(subject, knobs, insulin_pmolL=ins, glucose_mgdl=glc))
    if d is None:
        return
    for name in ("EGP", "Uid", "Uii", "E", "Gt", "U_muscle", "U_adipose"):
        assert np.isfinite(d[name]) and d[name] >= TOL, (name, d[name])
    assert np.isfinite(d["M"])                           # signed by the spec (§1.8), never clipped
    # M is the glucose infusion that holds the clamp: uptake + excretion − production (§1.8)
    assert d["M"] == pytest.approx(d["Uii"] + d["Uid"] + d["E"] - d["EGP"], rel=1e-12, abs=1e-12)
    assert d["EGP_suppression"] <= 1.0
    assert meal.clamp(subject, knobs, insulin_pmolL=ins, glucose_mgdl=glc) == d["M"]


@settings(max_examples=60, **PROFILE)
@given(subject=subjects, knobs=knob_dicts)
def test_fasting_state_whole_knob_box(subject, knobs):
    f = meal.fasting_state(subject, knobs)            # the slider box: a root must always exist (§12 level 6)
    assert 20 < f.G < 1000
    for name in ("I", "EGP", "S", "Uid"):
        assert np.isfinite(getattr(f, name)) and getattr(f, name) >= TOL, name
    for k, name in enumerate(dm.STATE_NAMES):
        assert np.isfinite(f.state[k])
        if k not in STATE_SIGNED:
            assert f.state[k] >= TOL, name


def in_child(fn, seconds):
    """Run ``fn()`` in a forked child with a wall-clock limit and re-raise its failure here.

    LSODA can stall inside compiled code, where no signal-based test timeout reaches it; a child
    that overruns is killed and the example fails as "over the time budget".
    """
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:                                     # child
        os.close(r)
        try:
            fn()
            msg = b"ok"
        except BaseException as exc:                 # noqa: BLE001 - reported to the parent
            msg = f"{type(exc).__name__}: {exc}".encode()[:8000]
        os.write(w, msg)
        os._exit(0)
    os.close(w)
    data, deadline = b"", time.monotonic() + seconds
    while True:
        ready, _, _ = select.select([r], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(r)
            pytest.fail(f"over the {seconds} s time budget (killed)")
        chunk = os.read(r, 65536)
        if not chunk:
            break
        data += chunk
    os.waitpid(pid, 0)
    os.close(r)
    if data != b"ok":
        raise AssertionError(data.decode(errors="replace") or "the child died without an answer")


@settings(max_examples=8, **PROFILE)
@given(subject=subjects, knobs=knob_dicts, inputs=meal_inputs(), bw=edge(*BW))
@example(subject="t2d", knobs={"glut4": 0.2, "hepatic_output": 0.5, "adiponectin": 2.5}, inputs=(240.0, [(0.0, 1000.0)]),
         bw=20.0)
@example(subject="t2d", knobs={}, inputs=(1.0, [(7.27e-277, 667.6), (0.0853, 155.1)]), bw=142.6)   # stalls LSODA
def test_reference_method_whole_box(subject, knobs, inputs, bw):
    """The LSODA reference path over the same box (runs ≤ 240 min, each within 30 s)."""
    t_end, meals = inputs
    t_end = min(t_end, 240.0)
    meals = [(t, g) for t, g in meals if t <= t_end]

    def one():
        r = run(lambda: meal.simulate(subject, knobs, meals=meals, body_weight=bw, t_end=t_end, method="reference"))
        if r is not None:
            check(r, subject, meals, t_end)
    in_child(one, seconds=30)
