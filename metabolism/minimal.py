"""Bergman minimal model: insulin sensitivity S_I as a number measured by an IVGTT (minutes).

Thin facade over :mod:`metabolism.models.bergman` (Bergman et al. 1979, Am J Physiol 236:E667;
Bergman, Phillips & Cobelli 1981, J Clin Invest 68:1456; Toffolo et al. 1980, Diabetes 29:979).

- :func:`simulate` runs the teaching IVGTT (coupled G, X, I), or the glucose equations forced
  by a given insulin curve;
- :func:`fit_fsigt` fits S_I, S_G, p2 and G0 to FSIGT data, e.g. :data:`FSIGT_DATA`;
- :func:`kg` is the glucose disappearance rate (%/min) over 10-40 min.
"""
from __future__ import annotations

from .models import bergman as _b
from .models.bergman import FSIGT_DATA, MODEL_CARD, BergmanResult, FitResult

__all__ = ["simulate", "fit_fsigt", "kg", "FSIGT_DATA", "MODEL_CARD", "BergmanResult",
           "FitResult", "teaching_params"]


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
