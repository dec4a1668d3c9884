"""Bergman minimal model: insulin sensitivity S_I as a number measured by an IVGTT (minutes).

Thin facade over :mod:`metabolism.models.bergman` (Bergman et al. 1979, Am J Physiol 236:E667;
Bergman, Phillips & Cobelli 1981, J Clin Invest 68:1456; Toffolo et al. 1980, Diabetes 29:979).

- :func:`simulate` runs the teaching IVGTT (coupled G, X, I), or the glucose equations forced
  by a given insulin curve;
- :func:`fit_fsigt` fits S_I, S_G, p2 and G0 to FSIGT data, e.g. :data:`FSIGT_DATA`;
- :func:`kg` is the glucose disappearance rate (%/min) over 10-40 min.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .models import bergman as _b
from .models.bergman import FSIGT_DATA, MODEL_CARD, BergmanResult, FitResult

__all__ = ["simulate", "fit_fsigt", "kg", "FSIGT_DATA", "MODEL_CARD", "BergmanResult",
           "FitResult", "teaching_params", "sensitivity_tests", "SensitivityTests", "IVGTT_DOSE_G_PER_KG"]


def teaching_params():
    """The teaching IVGTT subject [book] as a :class:`~metabolism.models.bergman.BergmanParams`."""
    return _b.params("teaching")


def simulate(S_I=None, S_G=None, p2=None, G0=None, Gb=None, Ib=None, I0=None, n=None,
             gamma=None, h=None, knobs=None, t=None, t_end: float = 180.0,
             insulin=None) -> BergmanResult:
    """Simulate an IVGTT with the minimal model.

    Parameters
    ----------
    S_I : float, optional
        Insulin sensitivity, min⁻¹ per µU/mL (teaching default 5.0e-4). Other parameters
        (S_G 1/min, p2 1/min, G0 and Gb mg/dL, Ib and I0 µU/mL, n 1/min, gamma, h mg/dL)
        default to the teaching subject [book].
    knobs : dict, optional
        ``glut4`` g and ``adiponectin`` a scale S_I by g·a**0.5 (teaching only) [book];
        ``hepatic_output`` must stay 1.
    t : array, optional
        Output times in min (≥ 0, increasing, at most 10001 of them, the last ≤ 1440 min);
        default 0, 1, …, ``t_end``.
    t_end : float
        Last time, 0 < t_end ≤ 1440 min (a day; an IVGTT lasts 3-4 h). Default 180.
    insulin : (t_I, I), optional
        Force the glucose equations with this insulin curve (µU/mL, linear interpolation; at
        most 10001 samples). The worst allowed call takes ≈ 1.6 s.

    Returns
    -------
    BergmanResult
        ``t`` (min), ``G`` (mg/dL), ``X`` (1/min), ``I`` (µU/mL), ``S_I_eff``, ``units``.
    """
    given = dict(S_I=S_I, S_G=S_G, p2=p2, G0=G0, Gb=Gb, Ib=Ib, I0=I0, n=n, gamma=gamma, h=h)
    p = _b.params("teaching", **{k: v for k, v in given.items() if v is not None})
    return _b.simulate(p, t=t, t_end=t_end, insulin=insulin, knobs=knobs)


def fit_fsigt(t, G, I, Gb=None, Ib=None, t_min: float = 8.0) -> FitResult:
    """Fit S_I, S_G, p2, G0 to an FSIGT (glucose equation forced by measured insulin).

    Glucose residuals at t ≥ ``t_min`` (8 min); ``Gb``/``Ib`` default to the 0-min samples.
    Returns S_I (1/min per µU/mL), S_G, p2 (1/min), G0 (mg/dL), RMSE (mg/dL), standard errors.
    """
    return _b.fit_fsigt(t, G, I, Gb=Gb, Ib=Ib, t_min=t_min)


def kg(t, G) -> float:
    """KG [%/min] = −100 × slope of ln G over 10-40 min (least squares on those samples)."""
    return _b.kg(t, G)


# ------------------------------------------------------------------ one person, every test of sensitivity

#: the battery's IVGTT: 0.3 g/kg into plasma glucose, sampled each minute to 180 min, no tolbutamide [book]
IVGTT_DOSE_G_PER_KG = 0.3
_T_FIT = np.arange(0.0, 181.0)


@dataclass(frozen=True)
class SensitivityTests:
    """The tests of :func:`sensitivity_tests` on one meal-model subject.

    ``clamp_M`` (mg/kg/min); ``ivgtt_SI`` (1/min per µU/mL) and ``ivgtt_p2`` (1/min), None when the IVGTT
    gives no number (``ivgtt_note`` says why); ``matsuda`` (dimensionless); ``homa_ir`` (dimensionless);
    ``quicki`` (dimensionless); ``fasting_glucose`` (mg/dL), ``fasting_insulin`` (µU/mL),
    ``ogtt_glucose_2h`` (mg/dL).
    """

    clamp_M: float
    ivgtt_SI: float | None
    ivgtt_p2: float | None
    ivgtt_note: str
    matsuda: float
    homa_ir: float
    quicki: float
    fasting_glucose: float
    fasting_insulin: float
    ogtt_glucose_2h: float


def sensitivity_tests(subject: str = "normal", knobs=None) -> SensitivityTests:
    """Run one virtual person (a Dalla Man 2007 subject and knob setting) through four tests of insulin
    sensitivity (chapters/academic/measuring.md):

    - the hyperinsulinaemic-euglycaemic clamp at 600 pmol/L insulin and 90 mg/dL (:func:`meal.clamp`);
    - an IVGTT of :data:`IVGTT_DOSE_G_PER_KG` g/kg, analysed like a frequently sampled IVGTT: the minimal
      model's glucose equation is fitted 8–180 min with the simulated insulin as input (:func:`fit_fsigt`).
      S_I is reported only when the fit identifies it (``FitResult.identifiable``; otherwise ``ivgtt_note``
      is "no reliable fit"); when the bolus drives glucose below the meal model's floor (54 mg/dL) the
      note says so;
    - a 75-g OGTT through the meal model with its Matsuda index and 2-h glucose (:func:`meal.ogtt`);
    - HOMA-IR and QUICKI of the fasting steady state (insulin converted at 6.00 pmol/L per µU/mL).

    ``subject`` is "normal" or "t2d"; ``knobs`` a dict of meal-model knobs (see :mod:`metabolism.knobs`).
    """
    from . import indices, meal, units
    from ._validate import ModelValidityError

    f = meal.fasting_state(subject, knobs)
    g0, i0 = float(f.G), float(units.pmol_to_uU(f.I))
    si = p2 = None
    note = ""
    try:
        iv = meal.ivgtt(subject, knobs, dose_g_per_kg=IVGTT_DOSE_G_PER_KG, t_end=180)
        fit = fit_fsigt(_T_FIT, np.interp(_T_FIT, iv.t, iv.G),
                        units.pmol_to_uU(np.interp(_T_FIT, iv.t, iv.I)), Gb=g0, Ib=i0)
        p2 = float(fit.p2)
        if fit.identifiable:
            si = float(fit.S_I)
        else:
            note = "no reliable fit"
    except ModelValidityError:
        note = "glucose dips below 54 mg/dL"
    o = meal.ogtt(subject, knobs)
    return SensitivityTests(clamp_M=float(meal.clamp(subject, knobs)), ivgtt_SI=si, ivgtt_p2=p2, ivgtt_note=note,
                            matsuda=float(o["matsuda"]), homa_ir=float(indices.homa_ir(g0, i0)),
                            quicki=float(indices.quicki(g0, i0)), fasting_glucose=g0, fasting_insulin=i0,
                            ogtt_glucose_2h=float(o["glucose_2h"]))
