"""Long-term progression models: Topp 2000 and Ha, Satin & Sherman 2016 (time in days).

Thin facade over :mod:`metabolism.models.topp2000` and :mod:`metabolism.models.ha2016`.

- :func:`ha2016` runs a Ha 2016 scenario (``none``, ``early``, ``late``, ``prevention``,
  ``bariatric``; see :data:`SCENARIOS`) with the reader knobs; :func:`time_to_diabetes` gives the
  first day with fasting G ≥ 126 mg/dL; :func:`ha2016_fasting_state` the steady state reached
  from the end of a run.
- :func:`last_successful_start` finds the latest start day at which an ``early``-type intervention
  still brings fasting glucose back below a threshold by the end of the run.
- :func:`topp2000` integrates Topp 2000; :func:`topp_fixed_points` gives its fixed points from
  the closed-form formulas.

Knobs (appendix/knobs.md): insulin sensitivity × g·A (A = adiponectin**0.5, an assumption),
glucose production × h. Knobs act from t = 0 on the reference initial state, with no re-fit.
"""
from __future__ import annotations

import math
from dataclasses import replace

from ._readonly import freeze
from ._validate import in_range
from .models import ha2016 as _ha
from .models import topp2000 as _topp
from .models.ha2016 import SCENARIOS, Ha2016Result, FastingState
from .models.topp2000 import FixedPoint, ToppResult

__all__ = ["ha2016", "time_to_diabetes", "ha2016_fasting_state", "last_successful_start", "SCENARIOS", "topp2000",
           "topp_fixed_points", "topp_saddle_node_d0", "topp_hyperbola_constant", "TOPP_SI_REF", "MODEL_CARD",
           "MODEL_CARDS",
           "Ha2016Result", "ToppResult", "FixedPoint", "FastingState"]

MODEL_CARDS = freeze({"topp2000": _topp.MODEL_CARD, "ha2016": _ha.MODEL_CARD})

#: allowed ranges of the Topp 2000 arguments (reference SI 0.72, d0 0.06; saddle-node at d0 = 0.0735)
SI_RANGE = (0.01, 10.0)      # mL µU⁻¹ d⁻¹
#: Topp's reference insulin sensitivity, mL µU⁻¹ d⁻¹ (= 5.0e-4 min⁻¹ per µU/mL)
TOPP_SI_REF = 0.72
D0_RANGE = (0.001, 1.0)      # 1/d
#: longest runs, days (100 years); checked before anything is allocated
T_END_MAX = _topp.T_END_MAX

MODEL_CARD = freeze({
    "model": "Long-term progression: Topp 2000 (β-cell mass) and Ha, Satin & Sherman 2016 "
             "(β-cell mass and function)",
    "citation": f"{_topp.MODEL_CARD['citation']} {_ha.MODEL_CARD['citation']}",
    "valid": "Fasting glucose, insulin and β-cell mass/function over months to years in a "
             "generic (not fitted) human.",
    "leaves_out": "Meals and daily rhythm; separate hepatic and peripheral insulin resistance; "
                  "incretins and glucagon; the causes of insulin resistance (prescribed in "
                  "Ha 2016, a parameter in Topp 2000).",
})


def ha2016(scenario: str = "none", knobs=None, t_end: float = 1800, t_on=None,
           target_si=None) -> Ha2016Result:
    """Run a Ha, Satin & Sherman 2016 scenario (Endocrinology 157:624, 2016).

    Parameters
    ----------
    scenario : {"none", "early", "late", "prevention", "bariatric"}
        The paper's scenarios [curated, .set files]; see :data:`SCENARIOS`.
    knobs : dict, optional
        ``glut4`` g, ``hepatic_output`` h, ``adiponectin`` a. Si_eff = g·a**0.5·Si in the glucose
        equation; R0 → h·R0 (the bariatric step goes to 340·h) [book for h, a].
    t_end : float
        Last day, 0 < t_end ≤ 36500 d (100 years; the worst allowed run takes ≈ 0.3 s).
        Default 1800 d (≈ 5 years).
    t_on : float, optional
        Override the intervention day; must lie in (0, t_end). Not allowed for ``none``.
    target_si : float, optional
        Override the Si target of the intervention (or of the decline, for ``none``),
        mL µU⁻¹ d⁻¹, 0.01-2.

    Returns
    -------
    Ha2016Result
        ``t`` (d, daily grid with the intervention time on it), ``G`` (mg/dL), ``I`` (µU/mL),
        ``beta`` (mg), ``gamma``, ``sigma``, ``Si`` (prescribed course, knob-free), ``Si_eff``
        (= g·A·Si), ``units``, ``scenario``.

    Raises
    ------
    ValueError
        Unknown scenario, t_end outside (0, 36500] d, t_on outside (0, t_end), bad target_si or
        bad knobs.
    """
    p = _ha.params().with_knobs(knobs)
    return _ha.simulate(p, scenario, t_end=t_end, t_on=t_on, target_si=target_si)


def time_to_diabetes(result, threshold: float = 126.0) -> float:
    """First day with fasting G ≥ ``threshold`` (default 126 mg/dL, ADA); ``inf`` if never.

    ``result`` must be a :class:`Ha2016Result` (``TypeError`` otherwise); threshold 1–1000 mg/dL.
    """
    return _ha.time_to_diabetes(result, threshold)


def ha2016_fasting_state(result: Ha2016Result) -> FastingState:
    """Steady state of Ha 2016 reached from the end of ``result`` with Si frozen (root-finding)."""
    return _ha.fasting_state(result)


def last_successful_start(target_si: float = 0.468, knobs=None, t_end: float = 1800,
                          threshold: float = 126.0) -> float:
    """Latest whole start day (d) at which raising insulin sensitivity to ``target_si`` still ends the run
    with fasting glucose below ``threshold`` (mg/dL), by bisection over the start day of the Ha 2016
    ``early`` scenario (the paper's recovery rate, 0.014/d).

    Parameters
    ----------
    target_si : float
        Insulin sensitivity the intervention recovers towards, mL µU⁻¹ d⁻¹, 0.01–2 (paper: 0.468).
    knobs : dict, optional
        Reader knobs, as :func:`ha2016`.
    t_end : float
        Length of every run, d, 3–36500 (default 1800 d ≈ 5 years); the glucose at ``t_end`` decides.
    threshold : float
        Fasting glucose the run must end below, mg/dL, 1–1000 (default 126, the ADA diabetes line).

    Returns
    -------
    float
        A whole day in [1, t_end − 1]: the intervention succeeds when started on it and fails when
        started one day later (or it is ``t_end − 1`` if even that start succeeds).

    Raises
    ------
    ValueError
        If even a start on day 1 ends at or above ``threshold`` (the intervention never succeeds), or
        an argument is out of range.

    The search assumes one switch from success to failure as the start moves later, which holds for the
    paper's scenario (the β-cells cross a threshold of no return); about 12 runs of :func:`ha2016`.
    """
    target_si = in_range("target_si", target_si, 0.01, 2.0, "mL/µU/d")
    t_end = in_range("t_end", t_end, 3.0, _ha.T_END_MAX, "d")
    threshold = in_range("threshold", threshold, 1.0, 1000.0, "mg/dL")

    def works(day):
        return float(ha2016("early", knobs, t_end=t_end, t_on=float(day), target_si=target_si).G[-1]) < threshold

    lo, hi = 1, int(math.ceil(t_end)) - 1
    if hi >= t_end:
        hi -= 1
    if not works(lo):
        raise ValueError(f"target_si={target_si:g} never brings fasting glucose below threshold={threshold:g} "
                         f"mg/dL by day t_end={t_end:g}, even when started on day 1; raise target_si or threshold")
    if works(hi):
        return float(hi)
    while hi - lo > 1:          # invariant: works(lo), not works(hi)
        mid = (lo + hi) // 2
        if works(mid):
            lo = mid
        else:
            hi = mid
    return float(lo)


def _topp_params(knobs, SI, d0):
    SI = in_range("SI", SI, *SI_RANGE, "mL/µU/d")
    d0 = in_range("d0", d0, *D0_RANGE, "1/d")
    return replace(_topp.params(), SI=SI, d0=d0).with_knobs(knobs)


def topp2000(knobs=None, t_end: float = 2000, SI: float = 0.72, d0: float = 0.06,
             initial=None) -> ToppResult:
    """Integrate Topp et al. 2000 (J Theor Biol 206:605; BIOMD0000000341) for ``t_end`` days.

    Parameters
    ----------
    knobs : dict, optional
        SI_eff = g·a**0.5·SI; R0_eff = h·R0 (appendix/knobs.md).
    t_end : float
        Last day, 0 < t_end ≤ 36500 d (100 years; the worst allowed run takes ≈ 0.25 s); output
        on a daily grid.
    SI : float
        Insulin sensitivity before knobs, 0.01–10 mL µU⁻¹ d⁻¹ (reference 0.72 = 5.0e-4 /min per
        µU/mL).
    d0 : float
        β-cell death rate at G = 0, 0.001–1 /d (reference 0.06).
    initial : (G, I, beta), optional
        Start state; default the reference physiological state (100, 10, 300).

    Returns
    -------
    ToppResult
        ``t`` (d), ``G`` (mg/dL), ``I`` (µU/mL), ``beta`` (mg), ``units``.
    """
    return _topp.simulate(_topp_params(knobs, SI, d0), t_end=t_end, initial=initial)


def topp_fixed_points(knobs=None, SI: float = 0.72, d0: float = 0.06) -> list[FixedPoint]:
    """Fixed points of Topp 2000 from the closed-form formulas (anchor T1), with stability.

    Names: ``physiological`` (stable), ``saddle``, ``pathological`` (R0_eff/EG0, 0, 0). Above the
    saddle-node d0 = r1²/(4·r2) only ``pathological`` remains. ``SI`` 0.01–10 mL µU⁻¹ d⁻¹,
    ``d0`` 0.001–1 /d.
    """
    return _topp.fixed_points(_topp_params(knobs, SI, d0))


def topp_saddle_node_d0() -> float:
    """β-cell death rate d0 (1/d) at the saddle-node of Topp 2000 (0.0735, anchor T4)."""
    return _topp.saddle_node_d0()


def topp_hyperbola_constant(knobs=None, d0: float = 0.06) -> float:
    """The constant of Topp 2000's hyperbola: effective insulin sensitivity × fasting insulin at the
    physiological fixed point, in d⁻¹ ((mL µU⁻¹ d⁻¹) × (µU/mL)); 7.2 /d for the reference (0.72 × 10 µU/mL).

    At that fixed point glucose is set by the β-cells alone (r2·G² − r1·G + d0 = 0), so
    SI_eff · I = R0_eff / G − EG0 whatever the sensitivity: β-cell mass grows or shrinks until insulin sits on
    the hyperbola I = constant / SI_eff. ``knobs``: only ``hepatic_output`` (R0_eff = h·R0) moves it; glut4
    and adiponectin move the point along it. ``d0`` β-cell death rate, 0.001–1 /d; above the saddle-node
    (:func:`topp_saddle_node_d0`, 0.0735 /d) there is no physiological fixed point and ``ValueError`` is
    raised.
    """
    p = _topp_params(knobs, TOPP_SI_REF, d0)
    phys = [f for f in _topp.fixed_points(p) if f.name == "physiological"]
    if not phys:
        raise ValueError(f"d0={d0:g} /d leaves no physiological fixed point (saddle-node at "
                         f"{_topp.saddle_node_d0(p):.4g} /d), so there is no hyperbola")
    return float(p.SI * phys[0].I)
