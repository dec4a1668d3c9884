"""progression.last_successful_start: the latest start day of a Ha 2016 intervention that still works."""
from __future__ import annotations

import pytest

from metabolism import progression


def ends_below(day, target, threshold=126.0, t_end=1800.0):
    return progression.ha2016("early", t_on=float(day), target_si=target, t_end=t_end).G[-1] < threshold


def test_paper_scenarios_bracket_the_deadline():
    # Ha, Satin & Sherman 2016: the early intervention (day 1100) restores glucose, the late one (day 1400) fails
    day = progression.last_successful_start(0.468)
    assert 1100 <= day < 1400 and day == int(day)


@pytest.mark.parametrize("target", [0.3, 0.468])
def test_returned_day_works_and_the_next_fails(target):
    day = progression.last_successful_start(target)
    assert ends_below(day, target) and not ends_below(day + 1, target)


def test_weaker_rise_has_an_earlier_deadline():
    assert progression.last_successful_start(0.3) < progression.last_successful_start(0.468)


def test_lenient_threshold_returns_the_last_day():
    assert progression.last_successful_start(0.468, t_end=600.0, threshold=1000.0) == 599.0


@pytest.mark.parametrize("kw, word", [(dict(target_si=0.05), "target_si"), (dict(target_si=5.0), "target_si"),
                                      (dict(target_si=0.468, t_end=1.0), "t_end"),
                                      (dict(target_si=0.468, threshold=0.0), "threshold")])
def test_bad_input_names_the_argument(kw, word):
    with pytest.raises(ValueError, match=word):
        progression.last_successful_start(**kw)
