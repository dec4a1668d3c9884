"""Boston–Moate NEFA minimal model: plasma non-esterified fatty acids after a meal.

Boston RC, Moate PJ. A novel minimal model to describe non-esterified fatty acid kinetics
following a glucose challenge. Am J Physiol Regul Integr Comp Physiol 294:R1140, 2008. The
form below is reconstructed from the parameter definitions [secondary; confirm against the
2008 paper]; the healthy and metabolic-syndrome parameter sets are from PMC7099405, Table 3
[abstract] (appendix/nefa.md). No BioModels entry.

Equations (time in min, R in mmol/L, NEFA in µmol/L)::

    dR/dt    = kc·(u(t) − R)                       remote "insulin-action-like" pool
    dNEFA/dt = SNEFA·Φ/(Φ + R) − KNEFA·NEFA
    basal    NEFA0 = SNEFA·Φ/((Φ + R0)·KNEFA)        [derived]

Three forms of the input u(t):

``"original"`` (the paper)  u = max(0, G(t − τ)/18 − gs), G in mg/dL.
``"rebased"`` (appendix/nefa.md, rebased form [book])  u = max(0, R0 + (G(t − τ) − Gb)/18.0), so that the
    set's own basal R0 — and hence the formula basal NEFA0 — holds at the other subject's Gb.
``insulin`` (appendix/nefa.md [book])  u = R0·I(t − τ)/Ib: insulin, not glucose, drives the remote pool;
    basal R = R0 exactly.

The delay is applied by linear interpolation on the supplied trajectory; before its first
time point the input is held at its first value (the state the trajectory starts from, which
is Gb or Ib for a trajectory that starts at basal). The initial state is the steady state of
that input.

What it leaves out: any action of NEFA back on glucose or insulin (coupling is one way), the
adipose tissue's own insulin resistance (in the insulin-driven form a higher fasting insulin
*lowers* fasting NEFA, whereas insulin-resistant people usually have higher NEFA), glycerol
and triglyceride kinetics, regional fat depots, and catecholamine-driven lipolysis.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Mapping

import numpy as np
from scipy.integrate import solve_ivp

from .._readonly import freeze
from .._validate import in_range, number, positive
from ._params import param

__all__ = ["NEFAParams", "PRESETS", "percent_per_min", "MG_DL_PER_MMOL_L", "rhs",
           "simulate_input", "NEFAResult"]

#: mg/dL per mmol/L for glucose [book, appendix/index.md: Units and conventions]
MG_DL_PER_MMOL_L = 18.0

_TABLE = "PMC7099405, Table 3 (Boston–Moate model fits)"


def percent_per_min(x: float) -> float:
    """Convert a rate in %/min (as printed in the table) to min⁻¹."""
    return x / 100.0


_p = partial(param, tag="[abstract]", source=_TABLE)


#: upper bounds of the parameters (about 10-100× the published values; they keep the RK4 step stable and the
#: integration finite) [book]
PARAM_MAX = {"kc": 1.0, "SNEFA": 1000.0, "KNEFA": 1.0, "phi": 10.0, "tau": 120.0, "gs": 30.0, "R0": 10.0,
             "NEFA0_reported": 5000.0}


@dataclass(frozen=True)
class NEFAParams:
    """One Boston–Moate parameter set. Rates already converted from %/min to min⁻¹."""

    name: str = param("healthy", "-", "set name", tag="[book]", source=_TABLE)
    tau: float = _p(9.9, "min", "delay of the input")
    kc: float = _p(percent_per_min(6.8), "min⁻¹", "rate of the remote pool (table: %/min)")
    SNEFA: float = _p(35.7, "µmol L⁻¹ min⁻¹", "maximal NEFA appearance (lipolysis)")
    KNEFA: float = _p(percent_per_min(6.7), "min⁻¹", "NEFA fractional clearance (table: %/min)")
    gs: float = _p(5.2, "mmol/L", "glucose threshold of the original input")
    phi: float = _p(0.14, "mmol/L", "Φ, half-suppression level of R")
    R0: float = _p(0.055, "mmol/L", "basal remote pool")
    NEFA0_reported: float = _p(378.0, "µmol/L", "basal NEFA as reported (not used)")
    suppression_reported: float = _p(0.78, "-", "reported suppression (not used)")

    def __post_init__(self):
        if not isinstance(self.name, str):
            raise ValueError(f"name={self.name!r} must be a string")
        for f in ("kc", "SNEFA", "KNEFA", "phi"):            # rates, lipolysis and Φ: > 0, bounded
            in_range(f, positive(f, getattr(self, f)), 0.0, PARAM_MAX[f])
        for f in ("tau", "gs", "R0", "NEFA0_reported"):      # delay, threshold, levels: ≥ 0, bounded
            in_range(f, getattr(self, f), 0.0, PARAM_MAX[f])
        in_range("suppression_reported", self.suppression_reported, 0.0, 1.0)

    @property
    def NEFA0(self) -> float:
        """Basal NEFA from the formula SNEFA·Φ/((Φ + R0)·KNEFA), µmol/L [derived]."""
        return self.SNEFA * self.phi / ((self.phi + self.R0) * self.KNEFA)

    def nefa_steady(self, R):
        """Steady NEFA (µmol/L) for a constant remote pool R (mmol/L)."""
        return self.SNEFA * self.phi / ((self.phi + R) * self.KNEFA)


PRESETS: Mapping[str, NEFAParams] = freeze({
    "healthy": NEFAParams(),
    "metabolic_syndrome": NEFAParams(
        name="metabolic_syndrome", tau=11.0, kc=percent_per_min(3.6), SNEFA=31.5,
        KNEFA=percent_per_min(5.1), gs=6.9, phi=0.26, R0=0.081, NEFA0_reported=407.0,
        suppression_reported=0.63),
})


def rhs(t, y, u_of_t, p: NEFAParams):
    """Right-hand side for y = [R, NEFA]; ``u_of_t`` gives the (already delayed) input."""
    R, n = y
    return np.array([p.kc * (u_of_t(t) - R),
                     p.SNEFA * p.phi / (p.phi + R) - p.KNEFA * n])


@dataclass(frozen=True)
class NEFAResult:
    """NEFA time course. Time in min; NEFA in µmol/L; R and the input in mmol/L.

    ``basal`` is the model basal NEFA0 of the parameter set (formula value); ``suppression``
    = 1 − nadir/basal. ``NEFA[0]`` is the start, which equals ``basal`` when the input
    trajectory starts at the reference basal (Gb or Ib).
    """

    t: np.ndarray
    NEFA: np.ndarray
    R: np.ndarray
    input: np.ndarray
    basal: float
    nadir: float
    t_nadir: float
    suppression: float
    params: NEFAParams
    time_unit: str = "min"

    def time_below(self, fraction: float) -> float:
        """Minutes during which NEFA < fraction·basal (trapezoid on the output grid)."""
        below = (self.NEFA < fraction * self.basal).astype(float)
        return float(np.sum(0.5 * (below[1:] + below[:-1]) * np.diff(self.t)))


def _rk4(t, u, p: NEFAParams, h_max: float):
    """Classical RK4 on steps of at most ``h_max`` min; returns R, NEFA on ``t``.

    The delayed input at every stage time comes from one vectorised interpolation, so the
    Python loop does only scalar arithmetic.
    """
    # step boundaries: the output times plus the kinks of the delayed input (t_i + τ), so the
    # input is linear inside every step; then split steps longer than h_max
    knots = np.union1d(t, (t + p.tau)[(t + p.tau) < t[-1]])
    n_sub = np.maximum(1, np.ceil(np.diff(knots) / h_max - 1e-12).astype(int))
    first = np.repeat(np.cumsum(n_sub) - n_sub, n_sub)
    k = np.arange(first.size) - first
    fine = np.append(np.repeat(knots[:-1], n_sub) + k * np.repeat(np.diff(knots) / n_sub, n_sub),
                     knots[-1])
    out_idx = np.searchsorted(fine, t)
    mid = 0.5 * (fine[:-1] + fine[1:])
    u0 = np.interp(fine - p.tau, t, u).tolist()
    um = np.interp(mid - p.tau, t, u).tolist()
    hs = np.diff(fine).tolist()
    kc, S, phi, K = p.kc, p.SNEFA * p.phi, p.phi, p.KNEFA
    R, n = u0[0], p.nefa_steady(u0[0])
    Rs, ns = [R], [n]
    for j, h in enumerate(hs):
        a, m, b = u0[j], um[j], u0[j + 1]
        r1, n1 = kc * (a - R), S / (phi + R) - K * n
        Ra, na = R + 0.5 * h * r1, n + 0.5 * h * n1
        r2, n2 = kc * (m - Ra), S / (phi + Ra) - K * na
        Rb, nb = R + 0.5 * h * r2, n + 0.5 * h * n2
        r3, n3 = kc * (m - Rb), S / (phi + Rb) - K * nb
        Rc, nc = R + h * r3, n + h * n3
        r4, n4 = kc * (b - Rc), S / (phi + Rc) - K * nc
        R += h / 6.0 * (r1 + 2 * r2 + 2 * r3 + r4)
        n += h / 6.0 * (n1 + 2 * n2 + 2 * n3 + n4)
        Rs.append(R)
        ns.append(n)
    return np.asarray(Rs)[out_idx], np.asarray(ns)[out_idx]


#: bounded work: longest time span (min), most samples, most LSODA steps of the reference path
#: (and at most 4× as many input evaluations).
#: Worst allowed calls on 2 cores (idle): RK4 ≈ 0.25 s, reference ≈ 1 s (≈ 2.5 s under load).
T_SPAN_MAX = 10080.0
MAX_SAMPLES = 100_001
MAX_REFERENCE_STEPS = 50_000


def simulate_input(t: np.ndarray, u: np.ndarray, p: NEFAParams, method: str = "rk4",
                   h_max: float = 0.5) -> NEFAResult:
    """Integrate the model on grid ``t`` (min) with input samples ``u`` (mmol/L, not delayed).

    The delay τ is applied here: u(t − τ) by linear interpolation, held at u[0] before t[0].
    ``method="rk4"`` (default): fixed-step RK4 with substeps ≤ ``h_max`` min (fast, for
    sliders). ``method="reference"``: LSODA, rtol 1e-9, step capped at the grid spacing; the
    tests bound the default's error against it.
    """
    t = np.asarray(t, float)
    u = np.asarray(u, float)
    if method == "rk4":
        R, n = _rk4(t, u, p, h_max)
    elif method == "reference":
        calls = 0

        def u_of_t(s):
            nonlocal calls
            calls += 1
            if calls > 4 * MAX_REFERENCE_STEPS:       # an input too rough for LSODA: stop, do not crawl
                raise ValueError(f"the input changes too often for the reference path (more than "
                                 f"{4 * MAX_REFERENCE_STEPS} evaluations); use method='rk4'")
            return float(np.interp(s - p.tau, t, u))

        y0 = [u[0], p.nefa_steady(u[0])]
        h = float(np.min(np.diff(t)))
        if (t[-1] - t[0]) / min(h, h_max) > MAX_REFERENCE_STEPS:
            raise ValueError(f"t: its closest samples ({h:g} min apart) over {t[-1] - t[0]:g} min need more than "
                             f"{MAX_REFERENCE_STEPS} reference steps; use method='rk4' or coarser times")
        sol = solve_ivp(rhs, (t[0], t[-1]), y0, method="LSODA", t_eval=t, args=(u_of_t, p),
                        rtol=1e-9, atol=1e-10, max_step=min(h, h_max))
        if not sol.success:
            raise ValueError(f"NEFA integration failed: {sol.message}")
        R, n = sol.y
    else:
        raise ValueError(f"method={method!r}; allowed: 'rk4', 'reference'")
    if not (np.all(np.isfinite(R)) and np.all(np.isfinite(n))):
        raise ValueError("NEFA integration produced a non-finite value")
    i = int(np.argmin(n))
    basal = p.NEFA0
    delayed = np.interp(t - p.tau, t, u)
    return NEFAResult(t, n, R, delayed, basal, float(n[i]), float(t[i]),
                      float(1.0 - n[i] / basal), p)
