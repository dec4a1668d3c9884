"""The shared meal view and the shipped measured data."""
import numpy as np
import pytest

from metabolism import meal, plotting
from metabolism.data import dallaman2007_fig1
from metabolism.explorer import Range, explorer
from metabolism.views import TimeCourseView, meal_panels


def test_fig1_data_loads_with_units_and_sd():
    t, mean, sd = dallaman2007_fig1("G")
    assert t.shape == mean.shape == sd.shape and len(t) > 10
    assert 85 < mean[0] < 100            # fasting glucose ≈ 92.7 mg/dL (spec §1.7 DM8)
    assert 160 < mean.max() < 200        # peak ≈ 180 mg/dL
    assert np.all(sd >= 0)
    with pytest.raises(ValueError, match="quantity"):
        dallaman2007_fig1("glucose")


def compute(glut4):
    r = meal.simulate(knobs={"glut4": glut4})
    return {"t": r.t, "G": r.G, "I": r.I}


def test_time_course_view_draws_reference_and_current():
    view = TimeCourseView(compute, {"glut4": 1.0}, meal_panels(data={"G": (*dallaman2007_fig1("G"), "measured")}))
    ex = explorer(view, [Range.knob("glut4", [0.5, 1.0, 2.0])], title="Meal", name="meal", reference={"glut4": 1.0},
                  mode="live")
    first = ex.frame["png"]
    ex.set(glut4=0.5)
    assert ex.frame["png"] != first
    assert not plotting.missing_units(view.fig)
    cols = view.data()
    assert any(k.startswith("reference") for k in cols) and len(cols) == 5

