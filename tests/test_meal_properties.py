"""§12 level 6: properties over the whole knob box, corners included."""
import itertools

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st, HealthCheck

from metabolism import ModelValidityError, meal

BOX = {"glut4": (0.2, 2.0), "hepatic_output": (0.5, 2.0), "adiponectin": (0.25, 2.5)}
CORNERS = [dict(zip(BOX, c)) for c in itertools.product(*BOX.values())]


def knob_value(name):
    lo, hi = BOX[name]
    return st.one_of(st.sampled_from([lo, hi]), st.floats(lo, hi, allow_nan=False))


knob_dicts = st.fixed_dictionaries({n: knob_value(n) for n in BOX})


def run(subject, knobs, **kw):
    """A run either returns physical values (checked) or is refused because glucose left the model's
    validity domain; then the message names the inputs that differ from the reference."""
    try:
        r = meal.simulate(subject, knobs, **kw)
    except ModelValidityError as err:
        assert "mg/dL" in str(err)
        assert any(f"{k}=" in str(err) for k, v in knobs.items() if v != 1.0) or kw.get("meals"), str(err)
        return None
    check(r)
    return r


def check(r):
    for name in ("G", "I", "EGP", "Ra", "U", "Uii", "Uid", "S"):
        assert np.all(np.isfinite(getattr(r, name))), name
    if r.state is not None:
        assert np.all(np.isfinite(r.state))
    for name in ("G", "I", "Ra", "U"):
        assert getattr(r, name).min() >= -1e-9, name
    assert r.EGP.min() >= 0


@pytest.mark.parametrize("subject", ["normal", "t2d"])
@pytest.mark.parametrize("corner", CORNERS)
def test_root_and_meal_at_every_corner(subject, corner):
    f = meal.fasting_state(subject, corner)
    assert 20 < f.G < 1000 and f.I >= 0 and f.EGP >= 0
    run(subject, corner, meals=[(0, 78)])
    run(subject, corner, meals=[(0, 120.8)], body_weight=91)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(subject=st.sampled_from(["normal", "t2d"]), knobs=knob_dicts,
       grams=st.floats(0, 150), bw=st.floats(40, 150))
def test_meal_properties(subject, knobs, grams, bw):
    r = run(subject, knobs, meals=[(0, grams)], body_weight=bw, t_end=300)
    if r is not None:
        assert r.fasting.G == pytest.approx(r.G[0])


@settings(max_examples=20, deadline=None)
@given(knobs=knob_dicts)
def test_population_properties(knobs):
    try:
        pop = meal.simulate_population("t2d", {k: np.array([v, 1.0]) for k, v in knobs.items()}, t_end=200)
    except ModelValidityError as err:
        assert "member 0" in str(err)          # member 1 is the reference subject
        return
    check(pop)
