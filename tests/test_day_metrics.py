"""meal.day and meal.day_metrics: the one day-of-meals definition and its daily numbers."""
from types import SimpleNamespace

import numpy as np
import pytest

from metabolism import indices, meal, scenarios


def fake(t, G, E=None, S=None, bw=78.0):
    t = np.asarray(t, float)
    G = np.asarray(G, float)
    z = np.zeros_like(t)
    r = SimpleNamespace(t=t, G=G, E=z if E is None else E, S=z if S is None else S, meta={"body_weight": bw})
    r.insulin_secreted_U = np.trapezoid(r.S, t) * bw / 6000.0
    r.urinary_glucose_g = np.trapezoid(r.E, t) * bw / 1000.0
    return r


def test_time_above_a_level_on_a_triangle():
    # G rises linearly 100 -> 260 over 60 min and falls back over 60 min: above 180 for exactly 60 min
    m = meal.day_metrics(fake([0, 60, 120], [100, 260, 100]))
    assert m.hours_above_180 == pytest.approx(1.0, rel=1e-12)
    assert m.hours_above_140 == pytest.approx(1.5, rel=1e-12)     # (260-140)/160 of each leg
    assert m.mean_glucose == pytest.approx(180.0, rel=1e-12)
    assert m.a1c_estimate == pytest.approx((180 + 46.7) / 28.7, rel=1e-12)


def test_constant_run_and_units():
    m = meal.day_metrics(fake(np.arange(0, 1441.0), np.full(1441, 150.0), E=np.full(1441, 0.1), S=np.full(1441, 1.0)))
    assert m.hours_above_180 == 0 and m.hours_above_140 == pytest.approx(24.0)
    assert m.urinary_glucose == pytest.approx(0.1 * 1440 * 78 / 1000)     # mg/kg/min × min × kg → g
    assert m.insulin_secreted == pytest.approx(1440 * 78 / 6000)          # pmol/kg/min, 6000 pmol per U
    assert m.duration_h == 24.0


def test_the_day_matches_a_fine_grid_count():
    r = meal.day("t2d")
    m = meal.day_metrics(r)
    fine = np.linspace(0, 1440, 1440 * 60 + 1)
    g = np.interp(fine, r.t, r.G)
    assert m.hours_above_180 == pytest.approx(np.mean(g > 180) * 24, abs=2 / 60)
    assert m.a1c_estimate == pytest.approx(indices.a1c_from_mean_glucose(np.mean(g)), abs=0.01)
    assert r.meta["meals"] == list(scenarios.DAY_MEALS) and r.meta["body_weight"] == 91


def test_population_runs_are_refused_by_name():
    pop = meal.simulate_population("normal", {"glut4": [1.0, 0.5]}, t_end=60)
    with pytest.raises(ValueError, match="single-subject"):
        meal.day_metrics(pop)
