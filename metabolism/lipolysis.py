"""Lipolysis and plasma NEFA after a meal: "hyperinsulinemia blocks lipolysis".

Thin facade over :mod:`metabolism.models.nefa` (Boston & Moate 2008, Am J Physiol Regul Integr
Comp Physiol 294:R1140; parameter sets PMC7099405 Table 3 [abstract]; form [secondary]).

Coupling is one way: NEFA is computed from a glucose or insulin trajectory (for example the
output of :func:`metabolism.meal.simulate`) and does not act back on glucose.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ._readonly import freeze
from ._validate import array_in_range, choice, in_range, short_repr, size_at_most
from .models import nefa as _nefa
from .models.nefa import NEFAParams, NEFAResult

__all__ = ["PARAMS", "simulate", "after_meal", "reference_basal_insulin", "MODEL_CARD", "NEFAParams",
           "NEFAResult", "MealNEFA"]

#: the two Boston–Moate sets, rates in min⁻¹: "healthy" and "metabolic_syndrome"
PARAMS = _nefa.PRESETS

MODEL_CARD = freeze({
    "model": "Boston–Moate NEFA minimal model (remote pool R suppresses lipolysis)",
    "citation": ("Boston RC, Moate PJ (2008) Am J Physiol Regul Integr Comp Physiol 294:R1140 "
                 "[form reconstructed, secondary]; parameter sets PMC7099405 Table 3 [abstract]"),
    "valid": ("meal-scale (hours) NEFA suppression and rebound in healthy and metabolic-syndrome "
              "adults; basal NEFA from the formula (382.5 healthy, 470.9 µmol/L metabolic "
              "syndrome [derived]); the insulin-driven input is a book decision (appendix/nefa.md) giving "
              "≈70 % / ≈64 % suppression with the reference 1 g/kg meal"),
    "leaves_out": ("NEFA feedback on glucose and insulin; adipose insulin resistance (higher "
                   "fasting insulin lowers fasting NEFA here); glycerol and triglycerides; fat "
                   "depots; catecholamines. Periwal's Hill form (Periwal et al. 2008) is not implemented"),
    "time_unit": "min",
})

_G_MAX, _I_MAX = 2000.0, 1e5


def _params(params) -> NEFAParams:
    if isinstance(params, NEFAParams):
        return params
    if isinstance(params, str) and params in PARAMS:
        return PARAMS[params]
    raise ValueError(f"params={params!r} is not a known set; allowed: {sorted(PARAMS)} "
                     "or a NEFAParams instance")


def simulate(t, G=None, I=None, Ib=None, Gb=None, params="healthy",
             glucose_input: str = "rebased", method: str = "rk4") -> NEFAResult:
    """Plasma NEFA driven by a glucose or an insulin trajectory.

    Parameters
    ----------
    t : 1-D array, min — strictly increasing, 2 to 100001 points spanning at most 10080 min
        (a week). The worst allowed call takes ≈ 0.25 s (RK4) or ≈ 1 s (reference, at most
        50000 steps of at most min(0.5 min, closest sample spacing)).
    G : array on ``t``, mg/dL (0–2000) — glucose-driven form; or
    I : array on ``t``, pmol/L (0–1e5) — insulin-driven form (appendix/nefa.md). Give exactly one.
    Ib : float, pmol/L — reference basal insulin (insulin form; default I[0]). The input is
        R0·I(t − τ)/Ib, so basal R = R0 and basal NEFA is the formula value [book].
    Gb : float, mg/dL — reference basal glucose (rebased form; default G[0]). The input is
        max(0, R0 + (G(t − τ) − Gb)/18.0) [book].
    params : "healthy", "metabolic_syndrome" or a NEFAParams (its fields are checked when it is
        built: rates, SNEFA and Φ > 0, delay and levels ≥ 0).
    glucose_input : "rebased" (default, appendix/nefa.md, rebased form) or "original" (the paper's
        max(0, G/18 − gs); Gb is then unused).
    method : "rk4" (default; fixed step ≤ 0.5 min, fast enough for sliders) or "reference"
        (LSODA, rtol 1e-9). Tests bound the difference (≤ 1e-4 relative).

    Returns
    -------
    NEFAResult
        ``t`` (min), ``NEFA`` (µmol/L), ``R`` (mmol/L), ``input`` (delayed, mmol/L), ``basal``
        (formula NEFA0), ``nadir``, ``t_nadir``, ``suppression`` = 1 − nadir/basal, and
        ``time_below(fraction)``.

    Notes
    -----
    The delay τ uses linear interpolation on the supplied trajectory, held at its first value
    before ``t[0]`` (equal to Gb / Ib when the trajectory starts at basal, as appendix/nefa.md states).
    """
    p = _params(params)
    t = size_at_most("t", array_in_range("t", t, -1e6, 1e6, "min"), _nefa.MAX_SAMPLES)
    if t.ndim != 1 or t.size < 2 or np.any(np.diff(t) <= 0):
        raise ValueError(f"t must be a strictly increasing 1-D array of at least 2 times "
                         f"(got shape {t.shape})")
    in_range("t[-1] - t[0]", t[-1] - t[0], 0.0, _nefa.T_SPAN_MAX, "min")
    if (G is None) == (I is None):
        raise ValueError("give exactly one of G (glucose, mg/dL) or I (insulin, pmol/L)")
    choice("method", method, ("rk4", "reference"))
    choice("glucose_input", glucose_input, ("rebased", "original"))
    if I is not None:
        ins = array_in_range("I", I, 0.0, _I_MAX, "pmol/L")
        if ins.shape != t.shape:
            raise ValueError(f"I has shape {ins.shape}; it must match t {t.shape}")
        ib = ins[0] if Ib is None else Ib
        ib = in_range("Ib", ib, 1e-3, _I_MAX, "pmol/L")
        u = p.R0 * ins / ib
    else:
        g = array_in_range("G", G, 0.0, _G_MAX, "mg/dL")
        if g.shape != t.shape:
            raise ValueError(f"G has shape {g.shape}; it must match t {t.shape}")
        if glucose_input == "original":
            u = np.maximum(0.0, g / _nefa.MG_DL_PER_MMOL_L - p.gs)
        else:
            gb = g[0] if Gb is None else Gb
            gb = in_range("Gb", gb, 1.0, _G_MAX, "mg/dL")
            u = np.maximum(0.0, p.R0 + (g - gb) / _nefa.MG_DL_PER_MMOL_L)
    return _nefa.simulate_input(t, u, p, method=method)


# ------------------------------------------------------------------ meal -> NEFA coupling (one convention)

@lru_cache(maxsize=1)
def reference_basal_insulin() -> float:
    """The basal insulin of the meal→NEFA coupling, pmol/L: the fasting plasma insulin of the meal model's
    healthy reference subject (``meal.fasting_state("normal")``, every knob at its default; ≈ 25.5 pmol/L)."""
    from . import meal
    return float(meal.fasting_state("normal").I)


@dataclass(frozen=True)
class MealNEFA:
    """Plasma NEFA driven by the insulin of one meal-model run (:func:`after_meal`).

    ``t`` (min, the run's time axis), ``NEFA`` (µmol/L); ``fasting`` = NEFA at the start of the run
    (µmol/L); ``nadir`` (µmol/L) and ``t_nadir`` (min) the lowest value and when; ``suppression`` =
    1 − nadir/fasting (fraction, < 0 if NEFA never falls below its start); ``Ib`` the basal insulin used
    (pmol/L); ``params`` the Boston–Moate set.
    """

    t: np.ndarray
    NEFA: np.ndarray
    fasting: float
    nadir: float
    t_nadir: float
    suppression: float
    Ib: float
    params: NEFAParams
    time_unit: str = "min"

    def time_below(self, level_umolL: float) -> float:
        """Minutes with NEFA below ``level_umolL`` (µmol/L, ≥ 0), trapezoid rule on the run's time grid."""
        level = in_range("level_umolL", level_umolL, 0.0, 1e6, "µmol/L")
        return float(np.trapezoid((self.NEFA < level).astype(float), self.t))


def after_meal(meal_result, params="healthy") -> MealNEFA:
    """Plasma NEFA after meals: the insulin of a meal-model run drives the Boston–Moate NEFA model.

    The one coupling of the book (appendix/nefa.md, insulin-driven input, one way: NEFA does not act back
    on glucose). **Basal-insulin convention:** the input is R0·I(t − τ)/Ib with Ib =
    :func:`reference_basal_insulin`, the healthy reference subject's fasting insulin, for every subject and
    knob setting. A subject whose own fasting insulin is higher therefore starts with lower fasting NEFA:
    the model has no insulin-resistant fat (the ``"metabolic_syndrome"`` set stands in for it).

    Parameters
    ----------
    meal_result : MealResult
        A single-subject run of :func:`metabolism.meal.simulate` (or ``meal.day``/``ogtt``): its ``t``
        (min, at most 10080 min) and plasma insulin ``I`` (pmol/L) are used.
    params : "healthy", "metabolic_syndrome" or a NEFAParams.

    Returns
    -------
    MealNEFA
        NEFA (µmol/L) on the run's time grid with its fasting value, nadir, time of the nadir and
        suppression (1 − nadir/fasting).
    """
    t = getattr(meal_result, "t", None)
    ins = getattr(meal_result, "I", None)
    if t is None or ins is None or isinstance(meal_result, (str, bytes, dict)):
        raise TypeError(f"meal_result={short_repr(meal_result)} must be a meal-model run (meal.simulate) "
                        "with t (min) and I (pmol/L)")
    try:
        t, ins = np.asarray(t, dtype=float), np.asarray(ins, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("meal_result.t and meal_result.I must be numeric arrays") from None
    if ins.ndim != 1:
        raise ValueError(f"meal_result.I has shape {ins.shape}: after_meal takes a single-subject run; "
                         "for a population, run one member")
    p = _params(params)
    ib = reference_basal_insulin()
    try:
        n = simulate(t, I=ins, Ib=ib, params=p)
    except ValueError as e:
        raise ValueError(f"meal_result: {e}") from None
    k = int(np.argmin(n.NEFA))
    fasting = float(n.NEFA[0])
    return MealNEFA(t=n.t, NEFA=n.NEFA, fasting=fasting, nadir=float(n.NEFA[k]), t_nadir=float(n.t[k]),
                    suppression=float(1.0 - n.NEFA[k] / fasting), Ib=ib, params=p)
