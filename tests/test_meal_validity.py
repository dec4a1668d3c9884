"""The meal model never returns an impossible value (reliability issue, item 1).

Glucose falling towards zero is outside the model's validity domain: it has no counter-regulation
(glucagon, adrenaline) and a constant insulin-independent uptake, so its glucose can cross zero. The
package refuses such runs with :class:`metabolism.ModelValidityError` (a ``ValueError``) that names the
inputs and the floor; every run it returns has non-negative, finite concentrations and fluxes.
"""
import numpy as np
import pytest

from metabolism import ModelValidityError, meal
from metabolism.models import dallaman2007 as dm

FLUXES = ("G", "I", "EGP", "Ra", "Uii", "Uid", "E", "S", "HE", "absorbed")

# the inputs that produced negative glucose or uptake before this was fixed (all inside documented ranges)
BAD_RUNS = [
    (dict(subject="normal", knobs=None, meals=[], t_end=1440, insulin_infusion=[(0, 1440, 5)]),
     "insulin_infusion"),
    (dict(subject="t2d", knobs={"glut4": 0.2, "hepatic_output": 0.5, "adiponectin": 2.5}, meals=[(0, 117)],
          t_end=1440), "hepatic_output"),
    (dict(subject="normal", knobs={"glut4": 2.0, "adiponectin": 2.5}, meals=[], t_end=600,
          insulin_infusion=[(0, 600, 200)]), "insulin_infusion"),
]


def test_validity_error_is_a_value_error():
    assert issubclass(ModelValidityError, ValueError)


@pytest.mark.parametrize("kw, culprit", BAD_RUNS)
def test_runs_that_drive_glucose_below_the_floor_are_refused_with_the_inputs_named(kw, culprit):
    with pytest.raises(ModelValidityError) as err:
        meal.simulate(**kw)
    msg = str(err.value)
    assert culprit in msg and f"{dm.G_VALID_MIN:g} mg/dL" in msg and "counter-regulation" in msg


def test_an_ivgtt_too_large_for_the_model_is_refused():
    with pytest.raises(ModelValidityError, match="dose_g_per_kg|glucose_bolus"):
        meal.ivgtt("normal", dose_g_per_kg=0.8)


def test_population_member_below_the_floor_is_named():
    with pytest.raises(ModelValidityError, match="member 1"):
        meal.simulate_population("t2d", {"glut4": [1.0, 0.2], "hepatic_output": [1.0, 0.5],
                                         "adiponectin": [1.0, 2.5]}, meals=[(0, 117)], t_end=1440)


def test_heavy_exercise_never_gives_negative_uptake():
    """Breton's exercise form multiplies the remote insulin action X (negative when insulin is below basal)
    by 1 + α·Z·W, which grows without bound with the work W: the book guard keeps the insulin-dependent
    uptake ≥ 0 (insulin cannot make muscle release glucose)."""
    try:
        r = meal.simulate(exercise=[(0, 240, 220)], hr_basal=40)
    except ModelValidityError as err:
        assert "exercise" in str(err)
        return
    for name in FLUXES:
        assert np.all(getattr(r, name) >= 0), name


def test_the_uptake_guard_is_inactive_without_exercise():
    """Without exercise Ib + X ≥ 0 always (X relaxes towards I − Ib and I ≥ 0), so the guard is never
    what sets the uptake: the published form is untouched."""
    r = meal.simulate("normal", {"glut4": 2.0}, meals=[(0, 78)], t_end=600)
    q = dm.effective("normal", {"glut4": 2.0})
    X = r.state[9]
    assert np.all(q.Ib + X >= 0)


@pytest.mark.parametrize("subject", ["normal", "t2d"])
def test_reference_days_stay_far_above_the_floor(subject):
    """The reference subjects' meals and a day of three meals never come near the validity floor."""
    for meals in ([(0, 78)], [(0, 105.9)], [(0, 60), (300, 80), (660, 70)]):
        r = meal.simulate(subject, None, meals=meals, t_end=1440)
        assert r.G.min() > dm.G_VALID_MIN + 15
        for name in FLUXES:
            assert np.all(getattr(r, name) >= 0), name
