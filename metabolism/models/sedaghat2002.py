"""GLUT4 translocation sub-model of Sedaghat, Sherman & Quon (2002).

Sedaghat AR, Sherman A, Quon MJ. A mathematical model of metabolic insulin signaling
pathways. Am J Physiol Endocrinol Metab 283:E1084, 2002 [pages unverified]. The full
21-state model (receptor, IRS-1, PI3K, PIP3, Akt, PKC-ζ, GLUT4) is BioModels
BIOMD0000000137; only its GLUT4 sub-model is implemented here (appendix/glut4.md).

States (% of the basal total GLUT4, arbitrary units; time in min)::

    dGLUT4_surf/dt = (k13 + k13')·GLUT4_in − k−13·GLUT4_surf
    dGLUT4_in/dt   = k14 − k−14·GLUT4_in − (k13 + k13')·GLUT4_in + k−13·GLUT4_surf
    k13'           = (40/60 − 4/96)·k−13·D

``D`` is the *translocation drive*. In the paper D is the signalling output Effect ∈ [0, 1]
(Effect = (0.2·Akt* + 0.8·PKCζ*)/9.09091 in the full model). In this book [book, appendix/knobs.md and
appendix/glut4.md] the drive is ``D = g·Effect + 0.05·contraction``: the ``glut4`` knob g scales the
insulin signal once, and muscle contraction (AMPK) adds an insulin-independent drive that g
does not scale. The knob therefore enters k13' exactly once, through D; no other place
multiplies by g.

What it leaves out: the whole insulin-signalling chain (receptor to PKC-ζ), glucose
transport kinetics through the surface GLUT4 (uptake is not computed), GLUT1, cell type
differences (adipocyte vs muscle), and any feedback of glucose on signalling. Degradation
and synthesis act only on the intracellular pool, so the total GLUT4 rises with the drive:
surface *fraction* and surface *amount* are different quantities.

This module imports only numpy/scipy and the package's validation helpers.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Callable, Mapping

import numpy as np
from scipy.integrate import solve_ivp

from .._readonly import freeze
from .._validate import array_in_range, choice, in_range, number, positive, short_repr, size_at_most
from ._params import param

__all__ = ["SedaghatParams", "PRESETS", "params", "drive", "steady_state", "rhs",
           "simulate", "GLUT4State", "GLUT4Trajectory", "INSULIN_EC50_PMOL_L",
           "INSULIN_HILL", "CONTRACTION_DRIVE", "INSULIN_MAX_PMOL_L"]

_SRC = "Sedaghat et al. 2002, AJP Endo 283:E1084; BIOMD0000000137"


_p = partial(param, tag="[curated]", source=_SRC)


@dataclass(frozen=True)
class SedaghatParams:
    """Rate constants of the GLUT4 sub-model (all [curated] from BIOMD0000000137)."""

    k13: float = _p(0.00696, "min⁻¹", "basal translocation (exocytosis) rate")
    km13: float = _p(0.167, "min⁻¹", "endocytosis rate k−13")
    k14: float = _p(0.11088, "% of basal total per min", "synthesis of intracellular GLUT4")
    km14: float = _p(0.001155, "min⁻¹", "degradation of intracellular GLUT4 k−14")

    def __post_init__(self):
        for name in ("k13", "km13", "k14", "km14"):
            positive(name, getattr(self, name))

    @property
    def gain(self) -> float:
        """Translocation gain (40/60 − 4/96)·k−13 [derived], min⁻¹ per unit drive."""
        return (40.0 / 60.0 - 4.0 / 96.0) * self.km13


PRESETS: Mapping[str, SedaghatParams] = freeze({"sedaghat2002": SedaghatParams()})

#: insulin giving half-maximal Effect, pmol/L (≈ 55 µU/mL; Rizza 1981 clamp ED50) [book, appendix/glut4.md]
INSULIN_EC50_PMOL_L = 330.0
#: Hill exponent of Effect(I) [book, appendix/glut4.md]
INSULIN_HILL = 2.0
#: drive added by contraction = 1 (moderate exercise, 60–70 % VO2max) [book, appendix/glut4.md; Kennedy 1999]
CONTRACTION_DRIVE = 0.05
#: upper bound accepted for insulin inputs, pmol/L (far above any physiological value)
INSULIN_MAX_PMOL_L = 1e5


def params(name: str = "sedaghat2002") -> SedaghatParams:
    """Return a named parameter preset."""
    return PRESETS[choice("name", name, PRESETS)]


def insulin_effect(insulin_pmolL):
    """Effect(I) = I²/(330² + I²) ∈ [0, 1), I in pmol/L [book assumption, appendix/glut4.md]."""
    i = np.asarray(insulin_pmolL, dtype=float)
    n = INSULIN_HILL
    return i ** n / (INSULIN_EC50_PMOL_L ** n + i ** n)


def drive(effect, g: float = 1.0, contraction: float = 0.0):
    """Translocation drive D = g·Effect + 0.05·contraction (dimensionless, ≥ 0)."""
    return g * np.asarray(effect, dtype=float) + CONTRACTION_DRIVE * contraction


def _k13_total(p: SedaghatParams, d):
    return p.k13 + p.gain * d


@dataclass(frozen=True)
class GLUT4State:
    """Steady state of the GLUT4 sub-model (floats, or arrays for array inputs).

    surface_fraction : GLUT4_surf/(GLUT4_surf + GLUT4_in), dimensionless
    surface, internal : pools in % of the basal total GLUT4
    drive : translocation drive D used (dimensionless)
    relaxation_time : 1/(k13 + k13' + k−13), min — the fast exchange between the pools
    """

    surface_fraction: np.ndarray | float
    surface: np.ndarray | float
    internal: np.ndarray | float
    drive: np.ndarray | float
    relaxation_time: np.ndarray | float

    @property
    def total(self):
        return self.surface + self.internal


def _out(x):
    x = np.asarray(x, dtype=float)
    return float(x) if x.ndim == 0 else x


def steady_state(d, p: SedaghatParams = PRESETS["sedaghat2002"]) -> GLUT4State:
    """Analytic steady state for a constant drive ``d`` (≥ 0; array allowed).

    GLUT4_in = k14/k−14 (= 96 [derived]); GLUT4_surf = (k13 + k13')/k−13 · GLUT4_in.
    """
    d = array_in_range("drive", d, 0.0, 1e3)
    k = _k13_total(p, d)
    internal = np.full_like(k, p.k14 / p.km14)
    surface = k / p.km13 * internal
    return GLUT4State(_out(k / (k + p.km13)), _out(surface), _out(internal), _out(d),
                      _out(1.0 / (k + p.km13)))


def rhs(t: float, y, d: float, p: SedaghatParams) -> np.ndarray:
    """Right-hand side for state y = [GLUT4_surf, GLUT4_in] at drive d (per min)."""
    surf, inner = y
    k = _k13_total(p, d)
    flux = k * inner - p.km13 * surf
    return np.array([flux, p.k14 - p.km14 * inner - flux])


@dataclass(frozen=True)
class GLUT4Trajectory:
    """Time course of the GLUT4 sub-model. Time in min; pools in % of the basal total."""

    t: np.ndarray
    surface: np.ndarray
    internal: np.ndarray
    surface_fraction: np.ndarray
    drive: np.ndarray
    time_unit: str = "min"


#: bounded work [book]: longest run (a week: ≈ 12 time constants of the slow pool, 1/k−14 ≈ 866 min),
#: most output times, and most evaluations of the input per run. A constant input over a week
#: takes ≈ 0.4 s (≈ 27 000 evaluations); an input that jumps every minute reaches the evaluation
#: budget, which stops the run with a ValueError after ≈ 3 s on 2 cores.
T_END_MAX = 10080.0
MAX_SAMPLES = 10081
MAX_INPUT_EVALS = 150_000


def _t_eval(t_eval, t_end):
    try:
        arr = np.asarray(t_eval, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"t_eval={short_repr(t_eval)} must be a 1-D array of times in min") from None
    size_at_most("t_eval", arr, MAX_SAMPLES)
    if arr.ndim != 1 or arr.size < 1 or not np.all(np.isfinite(arr)):
        raise ValueError(f"t_eval={short_repr(t_eval)} must be a 1-D array of finite times in min")
    if arr[0] < 0 or arr[-1] > t_end or np.any(np.diff(arr) <= 0):
        raise ValueError(f"t_eval must increase strictly within 0–{t_end:g} min (0–t_end)")
    return arr


def simulate(drive_of_t: Callable[[float], float], t_end: float,
             p: SedaghatParams = PRESETS["sedaghat2002"], y0=None, t_eval=None,
             max_step: float = 0.5) -> GLUT4Trajectory:
    """Integrate from ``y0`` (default: the basal steady state, D = 0) to ``t_end`` min.

    ``drive_of_t(t)`` returns the drive D at time t (min); it is checked at every output
    time and must be finite and ≥ 0. LSODA, rtol 1e-9; ``max_step`` (min) keeps the solver
    from stepping over short input pulses. Bounded work: ``t_end`` ≤ 10080 min, ``t_eval`` at
    most 10081 increasing times in [0, t_end], and at most :data:`MAX_INPUT_EVALS` calls of
    ``drive_of_t`` (an input that jumps too often for the length of the run raises ``ValueError``).
    """
    t_end = in_range("t_end", positive("t_end", t_end, "min"), 0.0, T_END_MAX, "min")
    if y0 is None:
        b = steady_state(0.0, p)
        y0 = (b.surface, b.internal)
    y0 = np.asarray([number("y0[0]", y0[0]), number("y0[1]", y0[1])])
    if t_eval is None:
        t_eval = np.linspace(0.0, t_end, int(min(max(t_end, 1.0), 2000)) + 1)
    t_eval = _t_eval(t_eval, t_end)
    calls = 0

    def drive(t):
        nonlocal calls
        calls += 1
        if calls > MAX_INPUT_EVALS:
            raise ValueError(f"the input (effect or insulin) changes too often for t_end={t_end:g} min: the run needed more "
                             f"than {MAX_INPUT_EVALS} input evaluations; use a shorter t_end or a "
                             "smoother input")
        return drive_of_t(t)

    sol = solve_ivp(lambda t, y: rhs(t, y, drive(t), p), (0.0, t_end), y0,
                    method="LSODA", t_eval=t_eval, rtol=1e-9, atol=1e-9, max_step=max_step)
    if not sol.success or not np.all(np.isfinite(sol.y)):
        raise ValueError(f"GLUT4 integration failed: {sol.message}")
    d = np.array([drive_of_t(t) for t in sol.t], dtype=float)
    surf, inner = sol.y
    return GLUT4Trajectory(sol.t, surf, inner, surf / (surf + inner), d)
