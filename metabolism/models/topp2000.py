"""Topp et al. 2000: β-cell mass, insulin and glucose over days to years.

Topp B, Promislow K, deVries G, Miura RM, Finegood DT. A model of β-cell mass, insulin, and
glucose kinetics: pathways to diabetes. J Theor Biol 206:605-619, 2000.
Curated in BioModels as BIOMD0000000341 [curated].

Equations (time in days)::

    dG/dt = R0 - (EG0 + SI·I)·G                    G    mg/dL
    dI/dt = β·σ·G²/(α + G²) - k·I                  I    µU/mL
    dβ/dt = (-d0 + r1·G - r2·G²)·β                 β    mg of β-cells

The model has three fixed points for the reference parameters: a stable physiological state
(100, 10, 300), a saddle (250, 2.8, 36.96) and a stable pathological state (R0/EG0 = 600, 0, 0)
[derived]. Note that the SBML file's initial state is the saddle, not the healthy state.

Reader knobs (appendix/knobs.md): SI_eff = g·A·SI with A = adiponectin**0.5 (SI lumps liver
and periphery, so adiponectin acts through A) [contract for g; book for h, a];
R0_eff = h·R0 [book].

What the model leaves out: meals and the daily rhythm (glucose is a fasting level), β-cell
*function* (secretory capacity per cell is fixed, so compensation needs implausibly large mass),
separate liver and muscle insulin action, glucagon, incretins, and insulin degradation other than
a single clearance rate.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from functools import partial

import numpy as np
from scipy.integrate import odeint

from .. import knobs as _knobs
from .._readonly import freeze
from ._params import field_metadata as field_metadata_of, param
from .._validate import ModelValidityError, in_range, number, positive, short_repr

__all__ = ["ToppParams", "params", "field_metadata", "rhs", "jacobian", "FixedPoint",
           "fixed_points", "saddle_node_d0", "ToppResult", "simulate", "MODEL_CARD",
           "REFERENCE_STATE"]

_SRC = "Topp et al. 2000, J Theor Biol 206:605; BIOMD0000000341"


_f = partial(param, tag="[curated]", source=_SRC)


@dataclass(frozen=True)
class ToppParams:
    """Parameters of Topp 2000 (all [curated], BIOMD0000000341; printed in the paper)."""

    R0: float = _f(864.0, "mg/dL/d", "glucose production at G = 0")
    EG0: float = _f(1.44, "1/d", "glucose effectiveness at zero insulin")
    SI: float = _f(0.72, "mL/µU/d", "insulin sensitivity (= 5.0e-4 /min per µU/mL)")
    sigma: float = _f(43.2, "µU/mL/d/mg", "maximal insulin secretion per mg of β-cells")
    alpha: float = _f(20000.0, "mg²/dL²", "secretion half-maximal at G² = α (G = 141 mg/dL)")
    k: float = _f(432.0, "1/d", "insulin clearance rate")
    d0: float = _f(0.06, "1/d", "β-cell death rate at G = 0")
    r1: float = _f(0.84e-3, "dL/mg/d", "glucose-driven β-cell replication")
    r2: float = _f(0.24e-5, "dL²/mg²/d", "glucotoxic β-cell death")

    def __post_init__(self):
        for f in fields(self):
            positive(f.name, getattr(self, f.name), f.metadata["unit"])

    def with_knobs(self, knobs=None) -> "ToppParams":
        """Apply reader knobs (appendix/knobs.md): SI_eff = g·A·SI, R0_eff = h·R0."""
        k = _knobs.validate(knobs, model="topp2000")
        gain = k["glut4"] * float(_knobs.adiponectin_gain(k["adiponectin"]))
        return replace(self, SI=self.SI * gain, R0=self.R0 * k["hepatic_output"])


def params(name: str = "reference", **overrides) -> ToppParams:
    """Named parameter set (only ``"reference"``), optionally with fields overridden."""
    if name != "reference":
        raise ValueError(f"name={name!r} is not a Topp 2000 parameter set; allowed: 'reference'")
    p = ToppParams()
    for key, value in overrides.items():
        if key not in {f.name for f in fields(ToppParams)}:
            raise ValueError(f"{key!r} is not a Topp 2000 parameter")
    return replace(p, **overrides)          # values are checked by ToppParams.__post_init__


def field_metadata() -> dict:
    """{parameter name: {"unit", "meaning", "source", "tag"}} for model cards and UIs."""
    return field_metadata_of(ToppParams)


#: reference start: the physiological fixed point (G mg/dL, I µU/mL, β mg) [derived]
REFERENCE_STATE = (100.0, 10.0, 300.0)

MODEL_CARD = freeze({
    "model": "Topp 2000 β-cell mass, insulin and glucose model (days to years)",
    "citation": "Topp B, Promislow K, deVries G, Miura RM, Finegood DT. J Theor Biol "
                "206:605-619, 2000. BioModels BIOMD0000000341.",
    "valid": "Fasting glucose, insulin and β-cell mass over months to years; reference "
             "parameters are a generic human, not a fitted individual.",
    "leaves_out": "Meals and daily rhythm; β-cell function (secretory capacity) adaptation; "
                  "separate hepatic and peripheral insulin action; glucagon and incretins.",
})


_TINY = 1e-200
#: absolute tolerance of the integration (µU/mL, mg, mg/dL)
_ATOL = 1e-10


def rhs(t, y, p: ToppParams):
    """Right-hand side (G, I, β) -> time derivatives per day. A plain function of (t, y, p).

    The exact solution never makes I or β negative, but near the pathological state both
    decay exponentially for ever: once they reach subnormal floats (≈1e-308) LSODA returns NaN,
    and round-off can take them slightly below 0. Values with |x| < ``_TINY`` (1e-200,
    physically zero) are therefore read as 0, which stops the decay there; a small negative
    round-off value still decays back towards 0 (secretion uses max(β, 0)).
    """
    G, I, B = y
    I = I if abs(I) > _TINY else 0.0
    B = B if abs(B) > _TINY else 0.0
    G2 = G * G
    return [p.R0 - (p.EG0 + p.SI * I) * G,
            max(B, 0.0) * p.sigma * G2 / (p.alpha + G2) - p.k * I,
            (-p.d0 + p.r1 * G - p.r2 * G2) * B]


def jacobian(y, p: ToppParams) -> np.ndarray:
    """Analytic Jacobian of :func:`rhs` at state ``y``."""
    G, I, B = y
    G2 = G * G
    s = G2 / (p.alpha + G2)
    ds = 2 * G * p.alpha / (p.alpha + G2) ** 2
    growth = -p.d0 + p.r1 * G - p.r2 * G2
    return np.array([[-(p.EG0 + p.SI * I), -p.SI * G, 0.0],
                     [B * p.sigma * ds, -p.k, p.sigma * s],
                     [(p.r1 - 2 * p.r2 * G) * B, 0.0, growth]])


@dataclass(frozen=True)
class FixedPoint:
    """A fixed point of Topp 2000: name, state (G mg/dL, I µU/mL, β mg) and stability."""

    name: str
    G: float
    I: float
    beta: float
    stable: bool


def saddle_node_d0(p: ToppParams | None = None) -> float:
    """d0 [1/d] above which the physiological state and the saddle merge and vanish (T4).

    d0* = r1²/(4·r2) = 0.0735 /d for the reference (+22.5 %) [derived]; they merge at
    G = r1/(2·r2) = 175 mg/dL.
    """
    p = ToppParams() if p is None else p
    return p.r1 ** 2 / (4 * p.r2)


def fixed_points(p: ToppParams) -> list[FixedPoint]:
    """All fixed points with G > 0, computed from the closed-form formulas (T1).

    The interior G values solve r2·G² − r1·G + d0 = 0; then I = (R0/G − EG0)/SI and
    β = k·I·(α + G²)/(σ·G²). The pathological state is (R0/EG0, 0, 0). Interior points with
    I < 0 (possible only for very low R0) are not physical and are omitted.
    Stability from the eigenvalues of the analytic Jacobian.
    """
    out = []
    disc = p.r1 ** 2 - 4 * p.r2 * p.d0
    if disc >= 0:
        root = math.sqrt(disc)
        for name, G in (("physiological", (p.r1 - root) / (2 * p.r2)),
                        ("saddle", (p.r1 + root) / (2 * p.r2))):
            if G <= 0:              # d0 so small that the root rounds to 0 (no physiological point)
                continue
            I = (p.R0 / G - p.EG0) / p.SI
            if I < 0:
                continue
            B = p.k * I * (p.alpha + G * G) / (p.sigma * G * G)
            out.append(FixedPoint(name, G, I, B, _stable((G, I, B), p)))
    G = p.R0 / p.EG0
    out.append(FixedPoint("pathological", G, 0.0, 0.0, _stable((G, 0.0, 0.0), p)))
    return out


def _stable(y, p) -> bool:
    return bool(np.all(np.linalg.eigvals(jacobian(y, p)).real < 0))


@dataclass(frozen=True)
class ToppResult:
    """Trajectory of Topp 2000. ``t`` in days, ``G`` mg/dL, ``I`` µU/mL, ``beta`` mg."""

    t: np.ndarray
    G: np.ndarray
    I: np.ndarray
    beta: np.ndarray
    params: ToppParams
    units: dict = field(default_factory=lambda: {"t": "d", "G": "mg/dL", "I": "µU/mL",
                                                 "beta": "mg", "SI": "mL/µU/d"})


def daily_grid(t_end: float, extra=()) -> np.ndarray:
    """0, 1, 2, … d up to t_end (t_end appended if not an integer) plus ``extra`` times."""
    grid = np.arange(0.0, math.floor(t_end) + 1.0)
    return np.unique(np.concatenate([grid, [t_end], np.asarray(extra, float)]))


#: longest run, days (100 years; the worst allowed call takes ≈ 0.25 s on 2 cores)
T_END_MAX = 36500.0


def simulate(p: ToppParams, t_end: float = 2000.0, initial=None) -> ToppResult:
    """Integrate Topp 2000 from ``initial`` (default the physiological state) to ``t_end`` days.

    LSODA (odeint), rtol 1e-10, atol 1e-10, on a daily output grid. I and β within the absolute
    tolerance below 0 (round-off near the pathological state) are reported as 0.
    Raises ``ValueError`` for ``t_end`` outside (0, 36500] d (checked before the grid is built) or
    an initial state that is not three finite values with G > 0, I ≥ 0, β ≥ 0.
    """
    t_end = in_range("t_end", positive("t_end", t_end, "d"), 0.0, T_END_MAX, "d")
    y0 = _initial(initial)
    t = daily_grid(t_end)
    y, info = odeint(rhs, y0, t, args=(p,), tfirst=True, rtol=1e-10, atol=_ATOL, hmax=1.0,
                     mxstep=100000, full_output=True)
    if info["message"] != "Integration successful.":
        raise ModelValidityError(f"Topp 2000 integration failed: {info['message']}; inputs: SI={p.SI:g}, "
                                 f"d0={p.d0:g}, initial={short_repr(tuple(y0))}")
    if not np.all(np.isfinite(y)):
        raise ModelValidityError("Topp 2000 integration produced a non-finite value; inputs: "
                                 f"SI={p.SI:g}, d0={p.d0:g}, R0={p.R0:g}, initial={tuple(y0)}")
    # The exact solution keeps I and β ≥ 0; near the pathological state LSODA's round-off leaves them
    # within its absolute tolerance below 0. Such values are zero to the method's accuracy and are
    # reported as 0; anything further below would be a real failure and raises.
    if np.any(y[:, 1:] < -_ATOL):
        raise ModelValidityError("Topp 2000 integration made insulin or β-cell mass negative beyond its "
                                 f"tolerance; inputs: SI={p.SI:g}, d0={p.d0:g}, R0={p.R0:g}")
    y[:, 1:] = np.maximum(y[:, 1:], 0.0)
    return ToppResult(t, y[:, 0], y[:, 1], y[:, 2], p)


def _initial(initial):
    if initial is None:
        return np.array(REFERENCE_STATE)
    try:
        vals = list(initial)
    except TypeError:
        raise ValueError(f"initial={short_repr(initial)} must be (G mg/dL, I µU/mL, beta mg)") from None
    if len(vals) != 3:
        raise ValueError(f"initial={short_repr(initial)} must have 3 values (G mg/dL, I µU/mL, beta mg)")
    G = number("initial G", vals[0])
    I = number("initial I", vals[1])
    B = number("initial beta", vals[2])
    if not (0 < G <= 2000 and 0 <= I <= 10000 and 0 <= B <= 10000):
        raise ValueError(f"initial={short_repr(tuple(vals))} needs 0 < G ≤ 2000 mg/dL, 0 ≤ I ≤ 10000 µU/mL "
                         "and 0 ≤ beta ≤ 10000 mg")
    return np.array([G, I, B])
