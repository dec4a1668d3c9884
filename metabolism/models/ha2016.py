"""Ha, Satin & Sherman 2016: pathogenesis, prevention and reversal of type 2 diabetes.

Ha J, Satin LS, Sherman AS. A mathematical model of the pathogenesis, prevention, and reversal
of type 2 diabetes. Endocrinology 157(2):624-635, 2016. Parameters and scenarios [curated] from
the authors' XPP files (``human.ode`` and the human-figure ``.set`` files), re-implemented from
the equations in appendix/ha2016.md (no BioModels entry).

Equations (time in days; H(x; a, n) = max(x, 0)ⁿ / (aⁿ + max(x, 0)ⁿ))::

    M   = H(G; 150, 2)                 ISR = σ·H(M + γ; 1.2, 2)
    dG/dt = R0 − (Eg0 + Si_eff·I)·G     dI/dt = β·ISR/BV − k·I
    dβ/dt = (P − A)·β/τβ,  P = Pmax·H(ISR; αP, kP),  A = Amax·H(M; αA, kA) + Ab
    dγ/dt = (γ∞ − γ)/τγ,   γ∞ = Ḡ/(1 + exp(−(G − Gs)/Gn)) − Gshft
    dσ/dt = (σ∞ − σ)/τσ,   σ∞ = σM·σISR + σb
    M_sh = H(G − 75; 150, 2),  ISR_sh = σ·H(M_sh + γ; 1.2, 2)
    σISR = ISRI_bar/(1 + ISRI_k·exp(−(ISR_sh − ISRI_s)/ISRI_n))   (adaptive arm)
    σM   = 1 − MI_bar/(1 + MI_k·exp(−(M_sh − MI_s)/MI_n))         (glucotoxic arm)
    dSi/dt = −r_Si·(Si − Si_target)    (prescribed course of insulin resistance)

Units: G mg/dL, I µU/mL, β mg, γ and σ in model units, Si mL µU⁻¹ d⁻¹ (÷1440 = minimal-model S_I).

Reader knobs (appendix/knobs.md): Si_eff(t) = g·A·Si(t) in the glucose equation only, A = a**0.5
[g contract; a book]; R0_eff = h·R0, and the bariatric step goes to 340·h [book]. Knobs act from
t = 0 on the reference initial state, with no re-fit.

Integration (DESIGN.md §9): LSODA (``scipy.integrate.odeint``), rtol 1e-8, hmax 1 d, plain-float
right-hand side, each segment between interventions integrated separately and the σ reset
applied between segments.

What the model leaves out: meals and daily rhythm (G and I are fasting levels), hepatic vs
peripheral insulin resistance (one Si), incretins and glucagon, weight and fat mass (the
insulin-resistance course is prescribed, not caused), and the individual variation of the
parameters; a bariatric operation is represented only by a drop in glucose input and a reset of
β-cell function.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from functools import partial

import numpy as np
from scipy.integrate import odeint

from .. import knobs as _knobs
from .._readonly import freeze
from .._validate import ModelValidityError, choice, in_range, number, positive, short_repr
from ._params import field_metadata as field_metadata_of, param

__all__ = ["Ha2016Params", "params", "field_metadata", "rhs", "initial_state", "SCENARIOS",
           "Segment", "segments", "bariatric_R0", "Ha2016Result", "simulate", "time_to_diabetes",
           "FastingState", "fasting_state", "MODEL_CARD", "STATE_NAMES"]

_SRC = "Ha, Satin & Sherman 2016, Endocrinology 157:624; authors' human.ode + human .set files"
STATE_NAMES = ("G", "I", "beta", "gamma", "sigma", "Si")


_f = partial(param, tag="[curated]", source=_SRC)
#: parameters that divide (or set a Hill half-point / time scale): they must be > 0; the others ≥ 0
_DIVISORS = frozenset({"BV", "alpha_M", "alpha_ISR", "alpha_P", "alpha_A", "tau_beta", "Gn", "tau_gamma",
                       "ISRI_n", "MI_n", "tau_sigma"})


@dataclass(frozen=True)
class Ha2016Params:
    """Human parameters used by the paper's figures [curated] (Amax 9, ISRI_bar 600)."""

    # glucose and insulin
    R0: float = _f(864.0, "mg/dL/d", "glucose production at G = 0")
    Eg0: float = _f(1.44, "1/d", "glucose effectiveness at zero insulin")
    k: float = _f(700.0, "1/d", "insulin clearance")
    BV: float = _f(5.0, "L", "blood volume")
    # metabolic signal M(G) and ISR
    alpha_M: float = _f(150.0, "mg/dL", "half-activation glucose of the metabolic signal M")
    k_M: float = _f(2.0, "", "Hill coefficient of M")
    alpha_ISR: float = _f(1.2, "", "half-activation of secretion in M + γ")
    k_ISR: float = _f(2.0, "", "Hill coefficient of secretion")
    # β-cell mass
    Pmax: float = _f(4.55, "", "maximal β-cell proliferation")
    alpha_P: float = _f(41.77, "µU/mg/d", "ISR at half-maximal proliferation")
    k_P: float = _f(4.0, "", "Hill coefficient of proliferation")
    Amax: float = _f(9.0, "", "maximal β-cell apoptosis (human figures; human.ode default 3.11)")
    alpha_A: float = _f(0.44, "", "M at half-maximal apoptosis")
    k_A: float = _f(6.0, "", "Hill coefficient of apoptosis")
    Ab: float = _f(0.8, "", "basal apoptosis")
    tau_beta: float = _f(8570.0, "d", "time scale of β-cell mass")
    # γ: shift of the secretion threshold
    G_bar: float = _f(0.2, "", "amplitude of γ∞")
    Gs: float = _f(99.9, "mg/dL", "glucose at the midpoint of γ∞")
    Gn: float = _f(1.0, "mg/dL", "steepness of γ∞")
    Gshft: float = _f(0.1, "", "offset of γ∞")
    tau_gamma: float = _f(2.14, "d", "time scale of γ")
    # σ: β-cell function (exocytosis capacity)
    ISRI_bar: float = _f(600.0, "", "maximal adaptive σ (human figures; human.ode default 867.6)")
    ISRI_s: float = _f(0.1, "", "midpoint of the adaptive arm")
    ISRI_n: float = _f(0.1, "", "steepness of the adaptive arm")
    ISRI_k: float = _f(1.0, "", "scale of the adaptive arm")
    MI_bar: float = _f(1.0, "", "depth of the glucotoxic arm")
    MI_k: float = _f(0.2, "", "scale of the glucotoxic arm")
    MI_s: float = _f(0.2, "", "midpoint of the glucotoxic arm")
    MI_n: float = _f(0.02, "", "steepness of the glucotoxic arm")
    sigma_b: float = _f(3.0, "", "basal σ")
    tau_sigma: float = _f(249.9, "d", "time scale of σ")
    G_shift: float = _f(75.0, "mg/dL", "glucose shift of the σ signals (M_sh, ISR_sh)")
    # prescribed Si course (scenario `none`)
    Si0: float = _f(0.8, "mL/µU/d", "initial insulin sensitivity")
    Si_target: float = _f(0.18, "mL/µU/d", "insulin sensitivity the course declines to")
    r_Si: float = _f(0.00756, "1/d", "rate of the insulin-sensitivity decline (τ ≈ 132 d)")
    # knob gain on Si in the glucose equation (1 for the reference; set by with_knobs)
    si_gain: float = _f(1.0, "", "g·A: knob gain on Si in the glucose equation", tag="[book]",
                        source="appendix/knobs.md")
    bariatric_R0: float = _f(340.0, "mg/dL/d", "glucose input after bariatric surgery")
    bariatric_sigma: float = _f(400.0, "", "σ right after bariatric surgery (reset)")

    def __post_init__(self):
        for f in fields(self):
            value = number(f.name, getattr(self, f.name))
            if value < 0 or (value == 0 and f.name in _DIVISORS):
                need = "> 0" if f.name in _DIVISORS else "≥ 0"
                raise ValueError(f"{f.name}={value:g} {f.metadata['unit']} must be {need}".replace("  ", " "))

    def with_knobs(self, knobs=None) -> "Ha2016Params":
        """Apply reader knobs: si_gain = g·A, R0 and the bariatric R0 scaled by h (appendix/knobs.md)."""
        k = _knobs.validate(knobs, model="ha2016")
        gain = k["glut4"] * float(_knobs.adiponectin_gain(k["adiponectin"]))
        h = k["hepatic_output"]
        return replace(self, si_gain=self.si_gain * gain, R0=self.R0 * h,
                       bariatric_R0=self.bariatric_R0 * h)


def params(name: str = "human") -> Ha2016Params:
    """Named parameter set: ``"human"`` (the paper's human figures)."""
    if name != "human":
        raise ValueError(f"name={name!r} is not a Ha 2016 parameter set; allowed: 'human'")
    return Ha2016Params()


def field_metadata() -> dict:
    """{parameter name: {"unit", "meaning", "source", "tag"}}."""
    return field_metadata_of(Ha2016Params)


def initial_state() -> np.ndarray:
    """Reference initial state (G, I, β, γ, σ, Si) [curated, .set files]."""
    return np.array([99.7664, 9.025, 1000.423, -0.00666, 536.67, 0.8])


def bariatric_R0(p: Ha2016Params) -> float:
    """Glucose input after the operation, mg/dL/d (340·h with the hepatic knob)."""
    return p.bariatric_R0


MODEL_CARD = freeze({
    "model": "Ha, Satin & Sherman 2016 progression model (β-cell mass and function, years)",
    "citation": "Ha J, Satin LS, Sherman AS. A mathematical model of the pathogenesis, "
                "prevention, and reversal of type 2 diabetes. Endocrinology 157:624-635, 2016.",
    "valid": "Fasting glucose and insulin over months to years in a generic human whose insulin "
             "sensitivity follows a prescribed course; not fitted to an individual.",
    "leaves_out": "Meals and daily rhythm; separate liver and muscle insulin resistance; "
                  "incretins and glucagon; weight and fat mass (insulin resistance is "
                  "prescribed); surgery is only a drop in glucose input plus a σ reset.",
})


# --------------------------------------------------------------------------------------------
# right-hand side (plain floats: odeint calls it thousands of times)

def _hill(x, a, n):
    if x <= 0.0:
        return 0.0
    xn = x ** n
    return xn / (a ** n + xn)


def _logistic(z):
    """1/(1 + exp(-z)) without overflow (math.exp is far faster than scipy expit on floats)."""
    if z >= 0.0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def rhs(t, y, p: Ha2016Params, R0: float, r_si: float, si_target: float):
    """Time derivatives per day of (G, I, β, γ, σ, Si) for one segment.

    ``R0`` (mg/dL/d), ``r_si`` (1/d) and ``si_target`` (mL/µU/d) are the segment's values.
    """
    # odeint passes an ndarray: Python floats make the scalar arithmetic below ~2x faster
    G, I, B, gam, sig, Si = y.tolist() if isinstance(y, np.ndarray) else y
    M = _hill(G, p.alpha_M, p.k_M)
    ISR = sig * _hill(M + gam, p.alpha_ISR, p.k_ISR)
    P = p.Pmax * _hill(ISR, p.alpha_P, p.k_P)
    A = p.Amax * _hill(M, p.alpha_A, p.k_A) + p.Ab
    gam_inf = p.G_bar * _logistic((G - p.Gs) / p.Gn) - p.Gshft
    M_sh = _hill(G - p.G_shift, p.alpha_M, p.k_M)
    ISR_sh = sig * _hill(M_sh + gam, p.alpha_ISR, p.k_ISR)
    # σISR = ISRI_bar/(1 + ISRI_k·e^{−z}); for z < −700, exp(−z) would overflow and σISR → 0
    z = (ISR_sh - p.ISRI_s) / p.ISRI_n
    sig_isr = p.ISRI_bar / (1.0 + p.ISRI_k * math.exp(-z)) if z > -700 else 0.0
    zm = (M_sh - p.MI_s) / p.MI_n
    sig_m = 1.0 - p.MI_bar / (1.0 + p.MI_k * math.exp(-zm)) if zm > -700 else 1.0
    sig_inf = sig_m * sig_isr + p.sigma_b
    return [R0 - (p.Eg0 + p.si_gain * Si * I) * G,
            B * ISR / p.BV - p.k * I,
            (P - A) * B / p.tau_beta,
            (gam_inf - gam) / p.tau_gamma,
            (sig_inf - sig) / p.tau_sigma,
            -r_si * (Si - si_target)]


# --------------------------------------------------------------------------------------------
# scenarios

#: the paper's scenarios [curated: .set files]; t_on in d, rate in 1/d, target in mL/µU/d
SCENARIOS = freeze({
    "none": dict(description="No intervention: insulin sensitivity falls from 0.8 to 0.18 "
                             "(τ ≈ 132 d) and stays there.",
                 source="Ha, Satin & Sherman 2016 (Endocrinology 157:624), human .set files",
                 t_on=None, target_si=0.18, rate=0.00756),
    "early": dict(description="Early intervention (lifestyle): from day 1100, insulin "
                              "sensitivity recovers towards 0.468 at 0.014/d.",
                  source="Ha, Satin & Sherman 2016, human .set files",
                  t_on=1100.0, target_si=0.468, rate=0.014),
    "late": dict(description="Late intervention: the same improvement as `early`, started at "
                             "day 1400; it no longer restores normal glucose.",
                 source="Ha, Satin & Sherman 2016, human .set files",
                 t_on=1400.0, target_si=0.468, rate=0.014),
    "prevention": dict(description="Prevention: from day 300, insulin sensitivity settles at "
                                   "0.245 (rate 0.028/d) before glucose has risen.",
                       source="Ha, Satin & Sherman 2016, human .set files "
                              "(rate 0.028/d [verify] per appendix/ha2016.md)",
                       t_on=300.0, target_si=0.245, rate=0.028),
    "bariatric": dict(description="Bariatric surgery at day 1100: glucose input drops from 864 to "
                                  "340 mg/dL/d and β-cell function σ is reset to 400; insulin "
                                  "sensitivity keeps falling to 0.18.",
                      source="Ha, Satin & Sherman 2016, human .set files",
                      t_on=1100.0, target_si=0.18, rate=0.00756),
})


#: longest run, days (100 years; the worst allowed call takes ≈ 0.3 s on 2 cores)
T_END_MAX = 36500.0


@dataclass(frozen=True)
class Segment:
    """One interval of constant inputs: [t0, t1] d, glucose input R0, Si course, σ reset."""

    t0: float
    t1: float
    R0: float
    r_si: float
    si_target: float
    sigma_reset: float | None = None


def segments(p: Ha2016Params, scenario: str, t_end: float, t_on=None, target_si=None):
    """The scenario as a list of :class:`Segment` (validated; t_end ≤ :data:`T_END_MAX` d)."""
    choice("scenario", scenario, SCENARIOS)
    t_end = in_range("t_end", t_end, 1.0, T_END_MAX, "d")
    sc = SCENARIOS[scenario]
    if target_si is not None:
        target_si = in_range("target_si", target_si, 0.01, 2.0, "mL/µU/d")
    if scenario == "none":
        if t_on is not None:
            raise ValueError(f"t_on={t_on!r} has no meaning for scenario 'none' (no "
                             "intervention); use t_on=None")
        tgt = sc["target_si"] if target_si is None else target_si
        return [Segment(0.0, t_end, p.R0, sc["rate"], tgt)]
    t_on = sc["t_on"] if t_on is None else t_on
    t_on = number("t_on", t_on)
    if not 1.0 <= t_on <= t_end - 1.0:
        raise ValueError(f"t_on={t_on:g} d must lie at least 1 d inside the run: 1 ≤ t_on ≤ t_end - 1 "
                         f"(t_end={t_end:g} d)")
    none = SCENARIOS["none"]
    first = Segment(0.0, t_on, p.R0, none["rate"], none["target_si"])
    tgt = sc["target_si"] if target_si is None else target_si
    if scenario == "bariatric":
        second = Segment(t_on, t_end, bariatric_R0(p), sc["rate"], tgt,
                         sigma_reset=p.bariatric_sigma)
    else:
        second = Segment(t_on, t_end, p.R0, sc["rate"], tgt)
    return [first, second]


# --------------------------------------------------------------------------------------------
# simulation

@dataclass(frozen=True)
class Ha2016Result:
    """Trajectory of Ha 2016 on a daily grid (time in days)."""

    t: np.ndarray
    G: np.ndarray
    I: np.ndarray
    beta: np.ndarray
    gamma: np.ndarray
    sigma: np.ndarray
    Si: np.ndarray
    Si_eff: np.ndarray
    scenario: str
    params: Ha2016Params
    segments: tuple
    units: dict = field(default_factory=lambda: {
        "t": "d", "G": "mg/dL", "I": "µU/mL", "beta": "mg", "gamma": "1", "sigma": "model units",
        "Si": "mL/µU/d", "Si_eff": "mL/µU/d"})


def simulate(p: Ha2016Params, scenario: str = "none", t_end: float = 1800.0, t_on=None,
             target_si=None, y0=None) -> Ha2016Result:
    """Run a scenario with parameters ``p`` (knobs already applied) from ``y0``.

    Each segment is integrated separately with LSODA (rtol 1e-8, atol 1e-8, hmax 1 d) on a daily
    grid that also holds the intervention times. At an intervention the output holds the state
    after the intervention (σ reset applied).
    """
    segs = segments(p, scenario, t_end, t_on, target_si)
    y = initial_state() if y0 is None else np.array(y0, dtype=float)
    bounds = np.array([s.t1 for s in segs])
    days = np.arange(0.0, math.floor(segs[-1].t1) + 1.0)
    # a daily point within 1e-6 d of an intervention would make a step LSODA cannot take: drop it
    days = days[np.all(np.abs(days[:, None] - bounds[None, :]) > 1e-6, axis=1) | (days == 0.0)]
    grid = np.unique(np.concatenate([days, bounds]))
    chunks = []
    for i, s in enumerate(segs):
        if s.sigma_reset is not None:
            y = y.copy()
            y[4] = s.sigma_reset
        tt = grid[(grid >= s.t0) & (grid <= s.t1)]
        sol, info = odeint(rhs, y, tt, args=(p, s.R0, s.r_si, s.si_target), tfirst=True,
                           rtol=1e-8, atol=1e-8, hmax=1.0, mxstep=50000, full_output=True)
        if info["message"] != "Integration successful.":
            raise ModelValidityError(f"Ha 2016 scenario {scenario!r} failed on [{s.t0:g}, {s.t1:g}] d: "
                                     f"{info['message']}; inputs: t_end={t_end:g}, t_on={t_on}, "
                                     f"target_si={target_si}")
        y = sol[-1]
        chunks.append(sol if i == len(segs) - 1 else sol[:-1])
    Y = np.vstack(chunks)
    if not np.all(np.isfinite(Y)):
        raise ModelValidityError(f"Ha 2016 scenario {scenario!r} produced a non-finite value; inputs: "
                                 f"t_end={t_end:g}, t_on={t_on}, target_si={target_si}")
    return Ha2016Result(grid, Y[:, 0], Y[:, 1], Y[:, 2], Y[:, 3], Y[:, 4], Y[:, 5],
                        p.si_gain * Y[:, 5], scenario, p, tuple(segs))


def _result(result) -> "Ha2016Result":
    if not isinstance(result, Ha2016Result):
        raise TypeError(f"result={short_repr(result)} must be a Ha2016Result (the return value of "
                        "progression.ha2016)")
    return result


def time_to_diabetes(result, threshold: float = 126.0) -> float:
    """First output day with fasting G ≥ ``threshold`` mg/dL (ADA: 126); ``inf`` if never."""
    result = _result(result)
    threshold = in_range("threshold", threshold, 1.0, 1000.0, "mg/dL")
    hit = np.nonzero(np.asarray(result.G) >= threshold)[0]
    return float(result.t[hit[0]]) if hit.size else math.inf


@dataclass(frozen=True)
class FastingState:
    """A steady state of the full model (Si frozen): G, I, β, γ, σ and the Si_eff used."""

    G: float
    I: float
    beta: float
    gamma: float
    sigma: float
    Si_eff: float
    params: Ha2016Params
    residual: float


def fasting_state(result: Ha2016Result) -> FastingState:
    """Steady state reached from the end of ``result`` with Si frozen at its last value.

    Found by root-finding the (G, I, β, γ, σ) right-hand side from the final state; ``params``
    carries the glucose input R0 in effect at the end (e.g. 340·h after bariatric surgery).
    ``residual`` is the largest |derivative| relative to each equation's production term.
    """
    from scipy.optimize import fsolve

    seg = _result(result).segments[-1]
    for name in ("G", "I", "beta", "gamma", "sigma", "Si"):
        arr = np.asarray(getattr(result, name), dtype=float)
        if arr.size == 0 or not np.all(np.isfinite(arr)) or (name != "gamma" and np.any(arr < 0)):
            raise ValueError(f"result.{name} must be a non-empty array of finite values (≥ 0 except gamma): "
                             "pass a Ha2016Result as progression.ha2016 returned it")
    p = replace(result.params, R0=seg.R0)
    si = float(result.Si[-1])
    y_end = np.array([result.G[-1], result.I[-1], result.beta[-1], result.gamma[-1],
                      result.sigma[-1]])
    scale = np.abs(y_end) + 1.0

    def f(x):
        return np.asarray(rhs(0.0, list(x * scale) + [si], p, seg.R0, 0.0, si)[:5]) / \
            np.array([p.R0, p.k * scale[1], scale[2] / p.tau_beta, 1.0 / p.tau_gamma,
                      scale[4] / p.tau_sigma])

    x, info, ier, msg = fsolve(f, y_end / scale, full_output=True, xtol=1e-13)
    residual = float(np.max(np.abs(f(x))))
    if not residual <= 1e-9:
        raise ModelValidityError(f"Ha 2016 fasting state not found from this result (residual {residual:.2g}): "
                                 f"{msg}")
    ss = x * scale
    return FastingState(*ss, Si_eff=p.si_gain * si, params=p, residual=residual)
