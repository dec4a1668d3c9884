"""Bergman minimal model of the intravenous glucose tolerance test (IVGTT), time in minutes.

Glucose model: Bergman RN, Ider YZ, Bowden CR, Cobelli C. Quantitative estimation of insulin
sensitivity. Am J Physiol 236:E667-E677, 1979. Insulin model: Toffolo G et al., Diabetes
29:979-990, 1980; Bergman RN, Phillips LS, Cobelli C, J Clin Invest 68:1456-1467, 1981 [paper].
No curated BioModels entry is used.

Equations::

    dG/dt = −(S_G + X)·G + S_G·Gb              G(0) = G0 (fitted, not the 0-min sample)
    dX/dt = −p2·X + p3·(I − Ib)                X(0) = 0,  S_I = p3/p2
    dI/dt = −n·(I − Ib) + γ·max(G − h, 0)·t    I(0) = I0  (t = minutes since the bolus)

Units: G mg/dL; X 1/min; I µU/mL; S_G and p2 1/min; S_I min⁻¹ per µU/mL (×10⁻⁴ in tables;
÷ 6.00 for per pmol/L). Insulin equation [book]: clearance towards basal, −n·(I − Ib), so that
basal is a steady state; many papers write −n·I [unverified which form the 1981 paper used].

Reader knob (appendix/knobs.md, [book], teaching only): S_I × g·A with A = adiponectin**0.5.
The model has no hepatic-output knob (S_G lumps hepatic and peripheral glucose effectiveness).

What the model leaves out: the mixing phase of the first minutes (so residuals start at 8 min),
separate liver and muscle action (S_I and S_G lump both), glucose-dependent insulin clearance,
the rapid first-phase secretion (only I0 stands for it), and counter-regulation; S_G and p2 are
weakly identified from one test.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from functools import partial

import numpy as np
from scipy.integrate import odeint
from scipy.optimize import least_squares, minimize_scalar
from scipy.stats import f as f_dist

from .. import knobs as _knobs
from .._readonly import freeze
from ._params import field_metadata as field_metadata_of, param
from .._validate import ModelValidityError, in_range, number, positive, short_repr, size_at_most

__all__ = ["BergmanParams", "params", "field_metadata", "rhs", "simulate", "BergmanResult",
           "fit_fsigt", "FitResult", "kg", "FSIGT_DATA", "MODEL_CARD", "P2_GRID",
           "P2_MIN_IDENTIFIABLE", "FIT_T_MAX"]

_TEACH = ("book teaching values: rounded from a fit of the coupled model to the classic "
          "FSIGT data (FSIGT_DATA), glucose residuals t ≥ 8 min, insulin t ≥ 4 min")


_f = partial(param, tag="[book]", source=_TEACH)


#: upper bounds of the parameters (far beyond any measured subject; they keep the integration finite) [book]
PARAM_MAX = {"S_G": 1.0, "S_I": 0.1, "p2": 10.0, "Gb": 1000.0, "Ib": 1000.0, "G0": 2000.0, "I0": 10000.0,
             "n": 10.0, "gamma": 1.0, "h": 1000.0}


@dataclass(frozen=True)
class BergmanParams:
    """Teaching IVGTT subject [book]; not a fitted individual (use :func:`fit_fsigt` for that)."""

    S_G: float = _f(0.018, "1/min", "glucose effectiveness at basal insulin")
    S_I: float = _f(5.0e-4, "1/min per µU/mL", "insulin sensitivity S_I = p3/p2")
    p2: float = _f(0.022, "1/min", "decay rate of remote insulin action X")
    Gb: float = _f(92.0, "mg/dL", "basal glucose (pre-bolus sample)", tag="[data]",
                   source="classic FSIGT data, appendix/minimal-model.md")
    Ib: float = _f(11.0, "µU/mL", "basal insulin (pre-bolus sample)", tag="[data]",
                   source="classic FSIGT data, appendix/minimal-model.md")
    G0: float = _f(280.0, "mg/dL", "glucose extrapolated to t = 0 after a 0.3 g/kg bolus")
    I0: float = _f(340.0, "µU/mL", "insulin at t = 0 (stands for first-phase secretion)")
    n: float = _f(0.26, "1/min", "insulin clearance towards basal")
    gamma: float = _f(0.0037, "µU/mL/min² per mg/dL", "second-phase secretion gain")
    h: float = _f(105.0, "mg/dL", "glucose threshold of second-phase secretion")

    def __post_init__(self):
        # finite, ≥ 0 (no field divides) and at most the documented upper bound; params() asks more (> 0)
        # of the rate constants
        for f in fields(self):
            v = number(f.name, getattr(self, f.name))
            if not 0 <= v <= PARAM_MAX[f.name]:
                raise ValueError(f"{f.name}={v:g} {f.metadata['unit']} is outside the allowed range "
                                 f"0–{PARAM_MAX[f.name]:g}")

    @property
    def p3(self) -> float:
        """p3 = S_I·p2 [min⁻² per µU/mL]."""
        return self.S_I * self.p2


def params(name: str = "teaching", **overrides) -> BergmanParams:
    """Named parameter set (``"teaching"``) with optional fields overridden (validated)."""
    if name != "teaching":
        raise ValueError(f"name={name!r} is not a Bergman parameter set; allowed: 'teaching'")
    names = {f.name for f in fields(BergmanParams)}
    clean = {}
    for key, value in overrides.items():
        if key not in names:
            raise ValueError(f"{key!r} is not a Bergman minimal-model parameter; allowed: "
                             f"{', '.join(sorted(names))}")
        unit = _meta(key)["unit"]
        if key in ("gamma", "n"):
            v = number(key, value)
            if v < 0:
                raise ValueError(f"{key}={v:g} {unit} must be ≥ 0")
            clean[key] = v
        elif key in ("I0", "Ib"):
            v = number(key, value)
            if v < 0:
                raise ValueError(f"{key}={v:g} {unit} must be ≥ 0")
            clean[key] = v
        else:
            clean[key] = positive(key, value, unit)
    return replace(BergmanParams(), **clean)


def _meta(name):
    return next(f.metadata for f in fields(BergmanParams) if f.name == name)


def field_metadata() -> dict:
    """{parameter name: {"unit", "meaning", "source", "tag"}}."""
    return field_metadata_of(BergmanParams)


#: Classic FSIGT data (one normal subject, 0.3 g/kg glucose bolus) [data]
FSIGT_DATA = freeze({
    "t": np.array([0, 2, 4, 6, 8, 10, 12, 14, 16, 19, 22, 27, 32, 42, 52, 62, 72, 82, 92, 102,
                   122, 142, 162, 182], dtype=float),
    "G": np.array([92, 350, 287, 251, 240, 216, 211, 205, 196, 192, 172, 163, 142, 124, 105, 92,
                   84, 77, 82, 81, 82, 82, 85, 90], dtype=float),
    "I": np.array([11, 26, 130, 85, 51, 49, 45, 41, 35, 30, 30, 27, 30, 22, 15, 15, 11, 10, 8,
                   11, 7, 8, 8, 7], dtype=float),
    "Gb": 92.0,
    "Ib": 11.0,
    "units": {"t": "min", "G": "mg/dL", "I": "µU/mL"},
    "source": "The MINMOD example FSIGT (one normal subject, 0.3 g/kg bolus), usually attributed "
              "to Pacini G & Bergman RN, Comput Methods Programs Biomed 23:113-122, 1986 "
              "[attribution secondary; appendix/minimal-model.md].",
})

MODEL_CARD = freeze({
    "model": "Bergman minimal model of glucose and insulin during an IVGTT (minutes)",
    "citation": "Bergman RN, Ider YZ, Bowden CR, Cobelli C. Am J Physiol 236:E667-E677, 1979; "
                "Bergman RN, Phillips LS, Cobelli C. J Clin Invest 68:1456-1467, 1981; "
                "Toffolo G et al. Diabetes 29:979-990, 1980.",
    "valid": "Intravenous glucose tolerance tests in the 3 h after a bolus, from about 8 min "
             "(after mixing); the teaching parameters are not a fitted individual.",
    "leaves_out": "The mixing phase; separate liver and muscle action (S_I, S_G lump them); "
                  "first-phase secretion (only I0); glucose-dependent clearance; "
                  "counter-regulation. S_G and p2 are weakly identified.",
})


# --------------------------------------------------------------------------------------------

def rhs(t, y, p: BergmanParams):
    """Coupled minimal model (G, X, I) -> derivatives per minute."""
    G, X, I = y
    excess = G - p.h
    return [-(p.S_G + X) * G + p.S_G * p.Gb,
            -p.p2 * X + p.p3 * (I - p.Ib),
            -p.n * (I - p.Ib) + (p.gamma * excess * t if excess > 0.0 else 0.0)]


def _rhs_forced(t, y, p: BergmanParams, tf, If):
    G, X = y
    I = np.interp(t, tf, If)
    return [-(p.S_G + X) * G + p.S_G * p.Gb, -p.p2 * X + p.p3 * (I - p.Ib)]


@dataclass(frozen=True)
class BergmanResult:
    """IVGTT trajectory: ``t`` (min), ``G`` (mg/dL), ``X`` (1/min), ``I`` (µU/mL)."""

    t: np.ndarray
    G: np.ndarray
    X: np.ndarray
    I: np.ndarray
    params: BergmanParams
    S_I_eff: float
    units: dict = field(default_factory=lambda: {"t": "min", "G": "mg/dL", "X": "1/min",
                                                 "I": "µU/mL", "S_I": "1/min per µU/mL"})


#: bounded work: longest run (min) and most samples in ``t`` or in an insulin forcing; the worst
#: allowed call (forced by 10001 samples, output on 10001 times over a day) takes ≈ 1.6 s on 2 cores
T_END_MAX = 1440.0
MAX_SAMPLES = 10001


def _time_grid(t, t_end):
    if t is None:
        t_end = in_range("t_end", t_end, 1.0, T_END_MAX, "min")
        return np.unique(np.append(np.arange(0.0, math.floor(t_end) + 1.0), t_end))
    try:
        arr = np.asarray(t, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"t={short_repr(t)} must be a 1-D array of times in min") from None
    size_at_most("t", arr, MAX_SAMPLES)
    if arr.ndim != 1 or arr.size < 2 or not np.all(np.isfinite(arr)):
        raise ValueError("t must be a 1-D array of at least 2 finite times in min")
    if arr[0] < 0 or np.any(np.diff(arr) <= 0):
        raise ValueError("t must start at ≥ 0 min and be strictly increasing")
    in_range("t[-1]", arr[-1], 0.0, T_END_MAX, "min")
    return arr


def _forcing(insulin):
    try:
        tf, If = (np.asarray(a, dtype=float) for a in insulin)
    except (TypeError, ValueError):
        raise ValueError("insulin must be a pair (t in min, I in µU/mL) of equal-length arrays") \
            from None
    size_at_most("insulin", tf, MAX_SAMPLES)
    if tf.ndim != 1 or tf.shape != If.shape or tf.size < 2:
        raise ValueError(f"insulin must be a pair (t, I) of equal-length 1-D arrays; got shapes "
                         f"{tf.shape} and {If.shape}")
    if not (np.all(np.isfinite(tf)) and np.all(np.isfinite(If))) or np.any(If < 0) or np.any(If > PARAM_MAX["I0"]):
        raise ValueError(f"insulin values must be finite and within 0–{PARAM_MAX['I0']:g} µU/mL")
    if np.any(np.diff(tf) <= 0):
        raise ValueError("insulin times must be strictly increasing")
    return tf, If


def _check(info):
    if info["message"] != "Integration successful.":
        raise ModelValidityError(f"minimal-model integration failed: {info['message']}")


def simulate(p: BergmanParams, t=None, t_end: float = 180.0, insulin=None,
             knobs=None) -> BergmanResult:
    """Integrate the IVGTT from t = 0 (LSODA, rtol 1e-11) and report at the times ``t`` (min).

    With ``insulin=(t_I, I)`` the glucose equations are forced by measured insulin (linear
    interpolation; constant beyond the last sample) instead of the insulin equation.
    Bounded work: ``t_end`` and the last output time ≤ 1440 min; ``t`` and the forcing hold at
    most 10001 samples each (checked before integrating).
    ``knobs``: S_I × g·a**0.5 [book]; ``hepatic_output`` other than 1 raises (no such knob here).
    """
    k = _knobs.validate(knobs, model="minimal")
    if k["hepatic_output"] != 1.0:
        raise ValueError(f"hepatic_output={k['hepatic_output']:g}: the minimal model has no "
                         "hepatic-output knob; allowed only 1 (its S_G lumps liver and periphery)")
    gain = k["glut4"] * float(_knobs.adiponectin_gain(k["adiponectin"]))
    p = replace(p, S_I=p.S_I * gain)
    grid = _time_grid(t, t_end)
    tt = grid if grid[0] == 0 else np.concatenate([[0.0], grid])
    if insulin is None:
        y, info = odeint(rhs, [p.G0, 0.0, p.I0], tt, args=(p,), tfirst=True, rtol=1e-11,
                         atol=1e-12, mxstep=100000, full_output=True)
        _check(info)
        G, X, I = y[:, 0], y[:, 1], y[:, 2]
    else:
        tf, If = _forcing(insulin)
        # stop exactly at every kink of the piecewise-linear forcing: the kinks join the output
        # times (odeint rejects a tcrit that falls between two output times)
        full = np.unique(np.concatenate([tt, tf[(tf > 0) & (tf < tt[-1])]]))
        y, info = odeint(_rhs_forced, [p.G0, 0.0], full, args=(p, tf, If), tfirst=True,
                         rtol=1e-11, atol=1e-12, tcrit=full[1:], mxstep=100000,
                         full_output=True)
        _check(info)
        y = y[np.searchsorted(full, tt)]
        G, X, I = y[:, 0], y[:, 1], np.interp(tt, tf, If)
    if grid[0] != 0:
        G, X, I = G[1:], X[1:], I[1:]
    if not (np.all(np.isfinite(G)) and np.all(np.isfinite(X)) and np.all(np.isfinite(I))):
        raise ModelValidityError("minimal-model integration produced a non-finite value")
    return BergmanResult(grid, G, X, I, p, p.S_I)


# --------------------------------------------------------------------------------------------

#: p2 values (1/min) of the profile the fit minimises over: 1e-4 (action decaying over ~5 days) to 0.5
#: (a ~1-min lag), evenly spaced in log [book fit rule]
P2_GRID = np.geomspace(1e-4, 0.5, 41)
#: the smallest p2 (1/min) reported as a measurement: below it remote insulin action would decay with a
#: half-life over 11 h, far longer than a 3-h test can see, so S_I and p2 trade off [book fit rule]
P2_MIN_IDENTIFIABLE = 1e-3
#: step (min) of the fine grid on which the fit solves the glucose equation (trapezoid error ~4e-7 rel.)
_FIT_STEP = 0.05
#: the longest test the fit accepts (min): bounds the work and keeps exp(p2·t) finite
FIT_T_MAX = 600.0


@dataclass(frozen=True)
class FitResult:
    """FSIGT fit: S_I (1/min per µU/mL), S_G (1/min), p2 (1/min), G0 (mg/dL), RMSE (mg/dL).

    ``se`` holds approximate standard errors (from the Jacobian at the optimum). ``profile`` is the
    fit's profile over p2 (``p2``, ``rmse``, ``S_I`` at every point of :data:`P2_GRID`);
    ``p2_interval`` and ``S_I_interval`` are the 95 % profile-likelihood intervals read from it.
    ``t``/``G_fit`` is the fitted curve on a 1-min grid plus the sample times; ``t_used`` the sample
    times in the residuals.
    """

    S_I: float
    S_G: float
    p2: float
    G0: float
    rmse: float
    se: dict
    t: np.ndarray
    G_fit: np.ndarray
    t_used: np.ndarray
    Gb: float
    Ib: float
    success: bool
    profile: dict = field(default_factory=dict)
    p2_interval: tuple = (math.nan, math.nan)
    S_I_interval: tuple = (math.nan, math.nan)
    units: dict = field(default_factory=lambda: {"S_I": "1/min per µU/mL", "S_G": "1/min",
                                                 "p2": "1/min", "G0": "mg/dL", "rmse": "mg/dL"})

    @property
    def identifiable(self) -> bool:
        """True when the data pin S_I down: S_I is then a measurement.

        All of: the fit converged; p2 ≥ :data:`P2_MIN_IDENTIFIABLE` (1e-3 /min); the 95 % profile
        interval of p2 is closed inside :data:`P2_GRID` (the fit gets measurably worse towards both
        ends, so a small S_I acting slowly and a large one acting very slowly are told apart); and
        S_I and p2 are each larger than their standard errors.
        """
        lo, hi = self.p2_interval
        return bool(self.success and self.p2 >= P2_MIN_IDENTIFIABLE
                    and lo > P2_GRID[0] and hi < P2_GRID[-1]
                    and all(math.isfinite(self.se.get(k, math.inf)) for k in ("S_I", "p2"))
                    and self.se["S_I"] < self.S_I and self.se["p2"] < self.p2)


def _series(name, values, n=None):
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a 1-D numeric array") from None
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array; got shape {arr.shape}")
    if n is not None and arr.size != n:
        raise ValueError(f"{name} has {arr.size} values but t has {n}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains a value that is not a finite number")
    return arr


def _basal(name, value, t, series):
    if value is not None:
        return in_range(name, positive(name, value), 0.0, PARAM_MAX[name])
    at0 = np.nonzero(t == 0)[0]
    if not at0.size:
        raise ValueError(f"{name} is needed when there is no sample at t = 0 min")
    return float(series[at0[0]])


class _ForcedGlucose:
    """The glucose equation forced by piecewise-linear insulin, solved on a fine grid for the fit.

    For a fixed p2 the remote action is X = S_I·Z with dZ/dt = −p2·Z + p2·(I − Ib), which is solved
    exactly for linear insulin between samples; glucose then follows the linear equation
    dG/dt = −(S_G + S_I·Z)·G + S_G·Gb, solved through its integrating factor (trapezoid rule), and G
    is linear in G0, which is therefore solved in closed form. Same equations as :func:`simulate`;
    this form makes each evaluation a few vector operations and the fit deterministic.
    """

    def __init__(self, t, I, Ib, Gb, t_used, G_used):
        steps = np.maximum(np.ceil(np.diff(t) / _FIT_STEP).astype(int), 1)
        self.tg = np.concatenate([np.linspace(a, b, k, endpoint=False)
                                  for a, b, k in zip(t[:-1], t[1:], steps)] + [t[-1:]])
        self.dt = np.diff(self.tg)
        self.u = np.interp(self.tg, t, I) - Ib
        self.Gb = Gb
        self.at = np.searchsorted(self.tg, t_used)
        self.y = G_used

    def _cumtrapz(self, f):
        return np.concatenate([[0.0], np.cumsum(0.5 * (f[1:] + f[:-1]) * self.dt)])

    def z_integral(self, p2):
        """∫₀ᵗ Z ds on the fine grid (exact Z for linear insulin between grid points)."""
        decay = -np.expm1(-p2 * self.dt)                   # 1 − e^(−p2·dt)
        slope = np.diff(self.u) / self.dt
        inc = self.u[:-1] * decay + slope * (self.dt - decay / p2)
        # Z_k = e^(−p2·t_k) Σ_{j<k} inc_j e^(p2·t_(j+1)): the recursion Z ← Z·e^(−p2·dt) + inc, vectorised
        grow = np.exp(p2 * self.tg)
        Z = np.concatenate([[0.0], np.cumsum(inc * grow[1:])]) / grow
        return self._cumtrapz(Z)

    def basis(self, S_G, S_I, W):
        """Glucose at the used samples as G0·a + b."""
        A = S_G * self.tg + S_I * W
        a = np.exp(-A)
        b = a * S_G * self.Gb * self._cumtrapz(np.exp(A))
        return a[self.at], b[self.at]

    def solve(self, S_G, S_I, W):
        """(G0, residuals) with G0 the least-squares optimum for these S_G, S_I."""
        a, b = self.basis(S_G, S_I, W)
        G0 = float(a @ (self.y - b) / (a @ a))
        return G0, G0 * a + b - self.y


def _profile_point(model, W, start):
    """Best (S_G, S_I, G0) for one p2: bounded least squares in log S_G, log S_I."""
    sol = least_squares(lambda th: model.solve(*np.exp(th), W)[1], start, method="trf",
                        bounds=(np.log([1e-5, 1e-8]), np.log([0.5, 1.0])),
                        x_scale=1.0, xtol=1e-12, ftol=1e-12, gtol=1e-12)
    G0, res = model.solve(*np.exp(sol.x), W)
    return float(res @ res), sol, G0


def fit_fsigt(t, G, I, Gb=None, Ib=None, t_min: float = 8.0) -> FitResult:
    """Fit S_G, S_I, p2 and G0 of the glucose equation forced by measured insulin.

    Insulin is interpolated linearly between samples; glucose residuals use t ≥ ``t_min``
    (8 min: the mixing phase is excluded) [book fit rule, appendix/minimal-model.md]. ``Gb``, ``Ib`` default to
    the samples at t = 0 (pre-bolus).

    Method (deterministic, the same on every machine): p2 is profiled. For every p2 of
    :data:`P2_GRID` the best S_G and S_I are found by bounded least squares from one fixed start
    (G0 is linear and solved exactly); the best grid point is then refined by a bounded scalar
    search in log p2. The profile gives 95 % likelihood intervals of p2 and S_I (F-test threshold);
    :attr:`FitResult.identifiable` says whether the data bound them.

    Raises ``ValueError`` for unequal lengths, non-finite values, G ≤ 0, I < 0, times not
    strictly increasing, tests longer than :data:`FIT_T_MAX` min, or fewer than 5 samples at
    t ≥ t_min.
    """
    t = size_at_most("t", _series("t", t), MAX_SAMPLES)
    G = _series("G", G, t.size)
    I = _series("I", I, t.size)
    if t.size < 2 or np.any(np.diff(t) <= 0) or t[0] < 0:
        raise ValueError("t must start at ≥ 0 min and be strictly increasing")
    in_range("t[-1]", t[-1], 0.0, T_END_MAX, "min")
    if np.any(G <= 0) or np.any(G > PARAM_MAX["G0"]):
        raise ValueError(f"G must be > 0 and ≤ {PARAM_MAX['G0']:g} mg/dL at every sample")
    if np.any(I < 0) or np.any(I > PARAM_MAX["I0"]):
        raise ValueError(f"I must be within 0–{PARAM_MAX['I0']:g} µU/mL at every sample")
    t_min = number("t_min", t_min)
    Gb = _basal("Gb", Gb, t, G)
    Ib = _basal("Ib", Ib, t, I)
    used = t >= t_min
    if used.sum() < 5:
        raise ValueError(f"t_min={t_min:g} min leaves {int(used.sum())} glucose samples; "
                         "at least 5 are needed")
    t_used, G_used = t[used], G[used]
    model = _ForcedGlucose(t, I, Ib, Gb, t_used, G_used)
    start = np.log([0.015, 5e-4])

    points = [_profile_point(model, model.z_integral(p2), start) for p2 in P2_GRID]
    sse = np.array([pt[0] for pt in points])
    best = int(np.argmin(sse))
    lo, hi = np.log(P2_GRID[max(best - 1, 0)]), np.log(P2_GRID[min(best + 1, len(P2_GRID) - 1)])
    refine = minimize_scalar(lambda lp: _profile_point(model, model.z_integral(math.exp(lp)), start)[0],
                             bounds=(lo, hi), method="bounded", options={"xatol": 1e-7})
    p2 = math.exp(refine.x) if refine.fun <= sse[best] else float(P2_GRID[best])
    sse_min, sol, G0 = _profile_point(model, model.z_integral(p2), start)
    S_G, S_I = (float(v) for v in np.exp(sol.x))

    m, k = len(t_used), 4
    # 95 % profile-likelihood region: SSE(p2) ≤ SSE_min·(1 + F(0.95; 1, m − k)/(m − k)); its edges are
    # taken conservatively as the first grid points outside it (the grid's ends when it reaches them)
    outside = sse > sse_min * (1.0 + f_dist.ppf(0.95, 1, m - k) / (m - k))
    low_out = P2_GRID[(P2_GRID < p2) & outside]
    high_out = P2_GRID[(P2_GRID > p2) & outside]
    p2_interval = (float(low_out.max()) if low_out.size else float(P2_GRID[0]),
                   float(high_out.min()) if high_out.size else float(P2_GRID[-1]))
    S_I_grid = np.array([math.exp(pt[1].x[1]) for pt in points])
    span = S_I_grid[(P2_GRID >= p2_interval[0]) & (P2_GRID <= p2_interval[1])]
    S_I_interval = (float(min(span.min(), S_I)), float(max(span.max(), S_I)))

    # standard errors from the Jacobian of the full 4-parameter residual at the optimum (log scale)
    def resid(theta):
        sg, si, q2, g0 = np.exp(theta)
        a, b = model.basis(sg, si, model.z_integral(q2))
        return g0 * a + b - G_used

    theta = np.log([S_G, S_I, p2, G0])
    jac = least_squares(resid, theta, max_nfev=1, method="trf").jac
    se = {}
    try:
        s2 = sse_min / max(m - k, 1)
        cov = s2 * np.linalg.inv(jac.T @ jac)
        for i, (name, val) in enumerate(zip(("S_G", "S_I", "p2", "G0"), (S_G, S_I, p2, G0))):
            se[name] = float(val * math.sqrt(max(cov[i, i], 0.0)))   # delta method from log
    except np.linalg.LinAlgError:
        se = {name: math.inf for name in ("S_G", "S_I", "p2", "G0")}

    grid = np.unique(np.concatenate([np.arange(0.0, math.floor(t[-1]) + 1.0), t]))
    curve = simulate(replace(BergmanParams(Gb=Gb, Ib=Ib), S_G=S_G, S_I=S_I, p2=p2, G0=G0), t=grid,
                     insulin=(t, I)).G
    rmse = float(np.sqrt(np.mean((curve[np.searchsorted(grid, t_used)] - G_used) ** 2)))
    profile = {"p2": P2_GRID.copy(), "rmse": np.sqrt(sse / m), "S_I": S_I_grid}
    return FitResult(S_I, S_G, float(p2), G0, rmse, se, grid, curve, t_used, Gb, Ib,
                     bool(sol.success and refine.success), profile, p2_interval, S_I_interval)


def kg(t, G) -> float:
    """Glucose disappearance rate KG [%/min] = −100 × slope of ln G over 10-40 min.

    Least-squares slope over the samples with 10 ≤ t ≤ 40 min (at least two needed).
    """
    t = _series("t", t)
    G = _series("G", G, t.size)
    if np.any(G <= 0):
        raise ValueError("G must be > 0 mg/dL to take its logarithm")
    window = (t >= 10) & (t <= 40)
    if window.sum() < 2:
        raise ValueError("kg needs at least two samples between 10 and 40 min")
    slope = np.polyfit(t[window], np.log(G[window]), 1)[0]
    return float(-100.0 * slope)
