"""Dalla Man, Rizza & Cobelli 2007 meal simulation model (normal and type 2 diabetic subject).

Dalla Man C, Rizza RA, Cobelli C. *Meal simulation model of the glucose-insulin system.*
IEEE Trans Biomed Eng 54(10):1740-1749, 2007 (PMID 17926672). Gastric emptying: Dalla Man C,
Camilleri M, Cobelli C, IEEE Trans Biomed Eng 53(12):2472-2478, 2006, eq. 8. Curated SBML of the
normal subject: BioModels BIOMD0000000379 (differs from the paper, see appendix/meal-model.md;
not used here). Exercise terms: Dalla Man, Breton & Cobelli 2009, J Diabetes Sci Technol 3:56
[secondary; verify against the paper].

Twelve states (order of appendix/meal-model.md: Symbols)::

    0 Gp, 1 Gt   glucose, plasma / slowly equilibrating tissue       mg/kg
    2 Il, 3 Ip   insulin, liver / plasma                              pmol/kg
    4 Qsto1, 5 Qsto2, 6 Qgut   stomach solid / liquid, gut            mg
    7 I1, 8 Id   delayed insulin signal acting on EGP                 pmol/L
    9 X          remote insulin relative to Ib                        pmol/L
    10 Ipo       portal-vein insulin                                  pmol/kg
    11 Y         provision of new insulin (second phase)              pmol/kg/min

Outputs: G = Gp/VG (mg/dL), I = Ip/VI (pmol/L); EGP, Ra, Uii, Uid, U, E (mg/kg/min); S (pmol/kg/min).

Reader knobs (contract v2, appendix/meal-model.md: Knobs, [book]): ``Vm(X) = Vm0_ii + g·A·Vmx·(X + Ib)``,
``kp3' = A·kp3``, ``kp1' = kp1 + (h - 1)·EGPb`` with ``A = a**0.5`` (assumed adiponectin gain).
Changing a knob re-derives nothing; the new fasting state is the fasting-state root (appendix/meal-model.md).

Exercise (appendix/meal-model.md): the heart-rate states Y_HR, Z, W follow Dalla Man, Breton & Cobelli 2009
[secondary]. W = ∫(HR - HR_b) dt accumulates over the whole run; the published "reset when Z → 0"
is not implemented (Z decays with T_ex = 600 min, so it matters only for bouts many hours apart)
[book; verify the W definition]. Km·(1 - γ_e·Z·W·X) is floored at 0.1·Km0 [book guard]. The
insulin-dependent uptake Vmx·(Ib·(1 + β_e·Y_HR) + (1 + α_e·Z·W)·X) is floored at 0 [book guard]: the
published form multiplies X, which is negative while insulin is below basal, by 1 + α_e·Z·W, which grows
with the work W without bound, so a long hard bout would make muscle release glucose. Without exercise
Ib + X ≥ 0 always and the guard never acts.

Validity floor [book]: a run whose plasma glucose falls below :data:`G_VALID_MIN` (54 mg/dL, level 2
hypoglycaemia in the ADA Standards of Care) raises :class:`~metabolism.ModelValidityError` naming the
inputs. The model has no counter-regulation (glucagon and adrenaline respond from about 65-70 mg/dL,
Schwartz et al. 1987, J Clin Invest 79:777) and its insulin-independent uptake Fcns is constant, so below
that its glucose keeps falling and can cross zero; it is not a model of hypoglycaemia.

Book guards and conventions [book]: hepatic extraction HE = max(m6 - m5·S, 0) (pitfall 5);
with several meals the gastric-emptying formula uses the D of the most recent meal; meals at the same
time are merged.

What the model leaves out: glucagon and incretins (their effects are lumped into the fitted
parameters), free fatty acids, counter-regulation in hypoglycaemia, circadian changes, meal
composition other than its glucose content, and any long-term adaptation (β-cell mass, weight).
It was identified on mixed-meal data over a narrow insulin range, so clamp insulin (600 pmol/L) is an
extrapolation (Kmx collapsed to 0) [paper].
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Mapping, NamedTuple

import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

from .. import knobs as _knobs
from .._readonly import freeze, readonly
from .._validate import ModelValidityError, choice, in_range, positive, short_repr
from ._params import param

__all__ = ["DallaManParams", "Basal", "PARAMS", "params", "basal", "basal_from_table", "basal_recipe",
           "effective", "rhs", "fasting_state", "simulate", "simulate_population", "clamp_detail",
           "MealResult", "Fasting", "STATE_NAMES", "UNITS", "SUBJECTS", "G_VALID_MIN"]

SUBJECTS = ("normal", "t2d")
STATE_NAMES = ("Gp", "Gt", "Il", "Ip", "Qsto1", "Qsto2", "Qgut", "I1", "Id", "X", "Ipo", "Y")
UNITS = freeze({"t": "min", "G": "mg/dL", "I": "pmol/L", "EGP": "mg/kg/min", "Ra": "mg/kg/min",
         "U": "mg/kg/min", "Uii": "mg/kg/min", "Uid": "mg/kg/min", "U_muscle": "mg/kg/min",
         "U_adipose": "mg/kg/min", "E": "mg/kg/min", "S": "pmol/kg/min", "HE": "1",
         "absorbed": "mg", "state": "Gp, Gt mg/kg; Il, Ip pmol/kg; Qsto1, Qsto2, Qgut mg; I1, Id, X pmol/L; "
                                   "Ipo pmol/kg; Y pmol/kg/min"})

T1 = "Dalla Man 2007, Table I"


def _p(unit: str, meaning: str, tag: str = "[paper]", source: str = T1):
    return param(unit=unit, meaning=meaning, tag=tag, source=source)


@dataclass(frozen=True)
class DallaManParams:
    """Table I of Dalla Man et al. 2007 [paper] (a third-party transcription agrees for both columns).

    Vm0, kp1 and m6 are printed rounded; the model uses the values the basal recipe recomputes
    (:class:`Basal`). ``a`` and ``c`` are used only with ``kempt_ac="table"`` (pitfall 2).
    """

    VG: float = _p("dL/kg", "glucose distribution volume")
    k1: float = _p("1/min", "plasma → tissue glucose rate")
    k2: float = _p("1/min", "tissue → plasma glucose rate")
    VI: float = _p("L/kg", "insulin distribution volume")
    m1: float = _p("1/min", "liver → plasma insulin rate")
    m2: float = _p("1/min", "plasma → liver insulin rate")
    m4: float = _p("1/min", "peripheral insulin degradation")
    m5: float = _p("min·kg/pmol", "hepatic extraction slope")
    m6: float = _p("1", "hepatic extraction intercept (recomputed by the recipe)")
    HEb: float = _p("1", "basal hepatic insulin extraction")
    kmax: float = _p("1/min", "maximal gastric emptying rate")
    kmin: float = _p("1/min", "minimal gastric emptying rate")
    kabs: float = _p("1/min", "intestinal absorption rate")
    kgri: float = _p("1/min", "grinding rate (solid → liquid stomach)")
    f: float = _p("1", "fraction of ingested glucose reaching plasma")
    b: float = _p("1", "gastric emptying: first flex as fraction of D")
    d: float = _p("1", "gastric emptying: second flex as fraction of D")
    a: float = _p("1/mg", "gastric emptying shape (table mode only)")
    c: float = _p("1/mg", "gastric emptying shape (table mode only)")
    kp1: float = _p("mg/kg/min", "EGP at zero glucose and insulin (recomputed by the recipe)")
    kp2: float = _p("1/min", "liver glucose effectiveness")
    kp3: float = _p("mg/kg/min per pmol/L", "hepatic insulin action (delayed insulin Id)")
    kp4: float = _p("mg/kg/min per pmol/kg", "hepatic action of portal insulin")
    ki: float = _p("1/min", "delay of insulin action on the liver")
    Fcns: float = _p("mg/kg/min", "insulin-independent uptake (brain, nerves)")
    Vm0: float = _p("mg/kg/min", "basal Vm (recomputed by the recipe)")
    Vmx: float = _p("mg/kg/min per pmol/L", "insulin-stimulated peripheral uptake (GLUT4 knob)")
    Km0: float = _p("mg/kg", "Michaelis-Menten constant of peripheral uptake")
    p2U: float = _p("1/min", "rate of remote insulin action")
    K: float = _p("pmol/kg per mg/dL", "first-phase (derivative) secretion")
    alpha: float = _p("1/min", "delay of second-phase secretion")
    beta: float = _p("pmol/kg/min per mg/dL", "second-phase secretion gain")
    gamma: float = _p("1/min", "portal → liver insulin transfer")
    ke1: float = _p("1/min", "renal glomerular filtration rate")
    ke2: float = _p("mg/kg", "renal threshold")

    def __post_init__(self):
        for f in fields(self):
            positive(f.name, getattr(self, f.name), f.metadata["unit"])


PARAMS = freeze({
    "normal": DallaManParams(
        VG=1.88, k1=0.065, k2=0.079, VI=0.05, m1=0.190, m2=0.484, m4=0.194, m5=0.0304, m6=0.6471,
        HEb=0.6, kmax=0.0558, kmin=0.0080, kabs=0.057, kgri=0.0558, f=0.90, b=0.82, d=0.010,
        a=0.00013, c=0.00236, kp1=2.70, kp2=0.0021, kp3=0.009, kp4=0.0618, ki=0.0079, Fcns=1.0,
        Vm0=2.50, Vmx=0.047, Km0=225.59, p2U=0.0331, K=2.30, alpha=0.050, beta=0.11, gamma=0.5,
        ke1=0.0005, ke2=339.0),
    "t2d": DallaManParams(
        VG=1.49, k1=0.042, k2=0.071, VI=0.04, m1=0.379, m2=0.673, m4=0.269, m5=0.0526, m6=0.8118,
        HEb=0.6, kmax=0.0465, kmin=0.0076, kabs=0.023, kgri=0.0465, f=0.90, b=0.68, d=0.09,
        a=0.00006, c=0.00023, kp1=3.09, kp2=0.0007, kp3=0.005, kp4=0.0786, ki=0.0066, Fcns=1.0,
        Vm0=4.65, Vmx=0.034, Km0=466.21, p2U=0.0840, K=0.99, alpha=0.013, beta=0.05, gamma=0.5,
        ke1=0.0007, ke2=269.0),
})

#: basal (Gb mg/dL, Ib pmol/L, EGPb mg/kg/min) of the normal subject: third-party reimplementation,
#: matches Fig. 1 at t = 0 [secondary]. The T2D basal is derived from Table I (``basal_from_table``).
NORMAL_BASAL_INPUT = (91.76, 25.49, 1.92)


def _subject(subject) -> str:
    return choice("subject", subject, SUBJECTS)


def params(subject: str = "normal") -> DallaManParams:
    """Table I parameter set of ``subject`` ("normal" or "t2d") [paper]."""
    return PARAMS[_subject(subject)]


def _renal(p, Gp):
    return p.ke1 * (Gp - p.ke2) if Gp > p.ke2 else 0.0


@dataclass(frozen=True)
class Basal:
    """Basal state of a reference subject, computed by the recipe of appendix/meal-model.md: Parameters [derived]."""

    Gb: float
    Ib: float
    EGPb: float
    Gpb: float
    Gtb: float
    Eb: float
    Ipb: float
    Ilb: float
    m3b: float
    Sb: float
    Ipob: float
    Vm0: float
    kp1: float
    m6: float
    h: float
    Vm0_ii: float

    @property
    def state0(self) -> np.ndarray:
        """Initial state [Gpb, Gtb, Ilb, Ipb, 0, 0, 0, Ib, Ib, 0, Ipob, 0]."""
        return np.array([self.Gpb, self.Gtb, self.Ilb, self.Ipb, 0.0, 0.0, 0.0, self.Ib, self.Ib, 0.0,
                         self.Ipob, 0.0])


def basal_recipe(p: DallaManParams, Gb: float, Ib: float, EGPb: float) -> Basal:
    """Run the basal recipe (appendix/meal-model.md: Parameters): recompute Vm0 (22), m6 (6) and kp1 (12) from (Gb, Ib, EGPb).

    Gb in mg/dL, Ib in pmol/L, EGPb in mg/kg/min; returns every basal quantity [derived].
    """
    Gb = in_range("Gb", Gb, 20.0, 1000.0, "mg/dL")
    Ib = positive("Ib", Ib, "pmol/L")
    EGPb = positive("EGPb", EGPb, "mg/kg/min")
    Gpb = p.VG * Gb
    Eb = _renal(p, Gpb)
    Gtb = (p.Fcns + Eb - EGPb + p.k1 * Gpb) / p.k2                       # (20)
    Vm0 = (EGPb - p.Fcns - Eb) * (p.Km0 + Gtb) / Gtb                     # (22)
    Ipb = p.VI * Ib
    Ilb = Ipb * (p.m2 + p.m4) / p.m1                                    # dIp/dt = 0
    m3b = p.HEb * p.m1 / (1 - p.HEb)                                    # (7)
    Sb = m3b * Ilb + p.m4 * Ipb                                         # (8)
    m6 = p.m5 * Sb + p.HEb                                              # (6)
    Ipob = Sb / p.gamma
    kp1 = EGPb + p.kp2 * Gpb + p.kp3 * Ib + p.kp4 * Ipob                # (12)
    return Basal(Gb=Gb, Ib=Ib, EGPb=EGPb, Gpb=Gpb, Gtb=Gtb, Eb=Eb, Ipb=Ipb, Ilb=Ilb, m3b=m3b, Sb=Sb,
                 Ipob=Ipob, Vm0=Vm0, kp1=kp1, m6=m6, h=Gb, Vm0_ii=Vm0 - p.Vmx * Ib)


def basal_from_table(p: DallaManParams) -> tuple[float, float, float]:
    """(Gb mg/dL, Ib pmol/L, EGPb mg/kg/min) implied by Table I alone (appendix/meal-model.md: Parameters) [derived].

    Sb from (6), Ipb from (9), then (12) and (22) with Gtb from (20) solved for Gb and EGPb.
    """
    Sb = (p.m6 - p.HEb) / p.m5
    Ipb = 0.4 * Sb * (1 - p.HEb) / p.m4
    Ib = Ipb / p.VI
    Ipob = Sb / p.gamma

    def egp(Gb):
        return p.kp1 - p.kp2 * p.VG * Gb - p.kp3 * Ib - p.kp4 * Ipob   # (12)

    def resid(Gb):
        Gp = p.VG * Gb
        E = _renal(p, Gp)
        Gt = (p.Fcns + E - egp(Gb) + p.k1 * Gp) / p.k2                 # (20)
        return (egp(Gb) - p.Fcns - E) * (p.Km0 + Gt) / Gt - p.Vm0       # (22)

    Gb = brentq(resid, 60.0, 400.0, xtol=1e-13, rtol=4 * np.finfo(float).eps)
    return Gb, Ib, egp(Gb)


def basal(subject: str = "normal") -> Basal:
    """Basal state of the reference subject (normal: [secondary] inputs; T2D: derived from Table I)."""
    return _basal(_subject(subject))


@lru_cache(maxsize=None)
def _basal(subject: str) -> Basal:
    p = params(subject)
    inputs = NORMAL_BASAL_INPUT if subject == "normal" else basal_from_table(p)
    return basal_recipe(p, *inputs)


# ----------------------------------------------------------------------------- knobs → parameters
class Effective(NamedTuple):
    """Plain-float parameters the right-hand side uses (knob contract v2 applied, appendix/meal-model.md: Knobs)."""

    VG: float; k1: float; k2: float; VI: float; m1: float; m2: float; m4: float; m5: float; m6: float
    kp1_eff: float; kp2: float; kp3_eff: float; kp4: float; ki: float; Fcns: float
    Vm0_ii: float; Vmx_eff: float; Ib: float; Km0: float; p2U: float
    K: float; alpha: float; beta: float; gamma: float; Sb: float; h: float; ke1: float; ke2: float
    kmax: float; kmin: float; kabs: float; kgri: float; f: float; b: float; d: float; a: float; c: float


def effective(subject: str = "normal", knobs=None, *, _validated=False) -> Effective:
    """Apply the reader knobs to the reference subject (contract v2, appendix/meal-model.md: Knobs).

    ``Vmx_eff = g·A·Vmx``; ``kp3_eff = A·kp3``; ``kp1_eff = kp1 + (h - 1)·EGPb``; ``A = a**0.5`` [book].
    Meal-model knobs [book]: ``ke2' = ke2 + (θ - 180)·VG`` (renal_threshold θ in mg/dL),
    ``ke1' = r·ke1`` (renal_excretion), ``kmax, kmin, kgri × e`` (gastric_emptying),
    ``β, K × s`` (insulin_secretion). Everything else, including Gb (threshold h), Sb, Ib and m6,
    stays at the reference value.
    """
    p, b = params(subject), basal(subject)
    k = knobs if _validated else _knobs.validate(knobs)
    A = float(_knobs.adiponectin_gain(k["adiponectin"]))
    e, s = k["gastric_emptying"], k["insulin_secretion"]
    return Effective(
        VG=p.VG, k1=p.k1, k2=p.k2, VI=p.VI, m1=p.m1, m2=p.m2, m4=p.m4, m5=p.m5, m6=b.m6,
        kp1_eff=b.kp1 + (k["hepatic_output"] - 1.0) * b.EGPb, kp2=p.kp2, kp3_eff=A * p.kp3, kp4=p.kp4,
        ki=p.ki, Fcns=p.Fcns, Vm0_ii=b.Vm0_ii, Vmx_eff=k["glut4"] * A * p.Vmx, Ib=b.Ib, Km0=p.Km0,
        p2U=p.p2U, K=s * p.K, alpha=p.alpha, beta=s * p.beta, gamma=p.gamma, Sb=b.Sb, h=b.h,
        ke1=k["renal_excretion"] * p.ke1, ke2=p.ke2 + (k["renal_threshold"] - RENAL_THRESHOLD_REF) * p.VG,
        kmax=e * p.kmax, kmin=e * p.kmin, kabs=p.kabs, kgri=e * p.kgri, f=p.f, b=p.b, d=p.d, a=p.a, c=p.c)


# ----------------------------------------------------------------------------- exercise (appendix/meal-model.md)
#: Dalla Man, Breton & Cobelli 2009 exercise constants [secondary; verify against the paper]
EXERCISE = freeze(dict(T_HR=5.0, a=0.1, n=4.0, T_in=1.0, T_ex=600.0, alpha_e=3e-4, beta_e=0.01, gamma_e=1e-7))
#: effect-size preset (Romeres 2021, Borghouts & Keizer 2000) [book]: Vm0_ii × 1.67–1.97 during the bout
#: and for 2 h after; Vmx_eff × 1.1–1.4 for 16 h. Defaults are the mid-points of those ranges.
EFFECT_PRESET = freeze(dict(ii_gain=1.82, id_gain=1.25, ii_after=120.0, id_after=960.0))
#: lower bound on the exercise factor (1 - γ_e·Z·W·X) of Km [book guard against a negative Km]
KM_FACTOR_FLOOR = 0.1
#: default of the renal_threshold knob (mg/dL): the subjects' own ke2/VG are 180.3 and 180.5 mg/dL
RENAL_THRESHOLD_REF = 180.0
#: lowest plasma glucose (mg/dL) a run may reach: level 2 hypoglycaemia (ADA Standards of Care) [book]
G_VALID_MIN = 54.0


class Inputs(NamedTuple):
    """Inputs held constant over one integration segment."""

    D: float            # mg, most recent meal (0: none) - sets kempt
    ka: float           # 1/mg, kempt shape a
    kc: float           # 1/mg, kempt shape c
    BW: float           # kg
    gin: float          # mg/kg/min glucose infusion into Gp
    iin: float          # pmol/kg/min insulin infusion into Ip
    hrx: float          # HR - HR_b, bpm
    hrb: float          # HR_b, bpm
    gi: float           # effect-size multiplier on Vm0_ii
    gd: float           # effect-size multiplier on Vmx_eff


def _kempt(q, Qsto, u):
    if u.D <= 0.0:
        return q.kmax
    return q.kmin + (q.kmax - q.kmin) / 2.0 * (math.tanh(u.ka * (Qsto - q.b * u.D))
                                               - math.tanh(u.kc * (Qsto - q.d * u.D)) + 2.0)


def _fz(Yh, hrb):
    """Breton 2008 f(Y) = (Y/(a·HR_b))^n / (1 + (Y/(a·HR_b))^n)."""
    r = (max(Yh, 0.0) / (EXERCISE["a"] * hrb)) ** EXERCISE["n"]
    return r / (1.0 + r)


def _exo_deriv(q, Q1, Q2, Qg, Yh, Z, u):
    """Gut and heart-rate subsystems: they depend on no glucose or insulin state."""
    ke = _kempt(q, Q1 + Q2, u)
    fz = _fz(Yh, u.hrb)
    return (-q.kgri * Q1, -ke * Q2 + q.kgri * Q1, -q.kabs * Qg + ke * Q2, q.kabs * Qg,
            -(Yh - u.hrx) / EXERCISE["T_HR"], -(fz / EXERCISE["T_in"] + 1.0 / EXERCISE["T_ex"]) * Z + fz,
            u.hrx)


def _uptake_factors(Yh, Z, W, u):
    """(m0a, m0b, m1, cz): Uid = (Vm0_ii·m0a + Vmx·Ib·m0b + Vmx·m1·X)·Gt / (Km0·(1 - cz·X) + Gt)."""
    ey = 1.0 + EXERCISE["beta_e"] * Yh
    zw = Z * W
    return u.gi * ey, u.gd * ey, u.gd * (1.0 + EXERCISE["alpha_e"] * zw), EXERCISE["gamma_e"] * zw


def _make_core(q: Effective, plain: bool = False):
    """Derivative of the 9 glucose-insulin states (Gp, Gt, Il, Ip, I1, Id, X, Ipo, Y), floats.

    ``e = (ra, gin, iin, m0a, m0b, m1, cz)``: rate of appearance and glucose infusion (mg/kg/min),
    insulin infusion (pmol/kg/min), and the exercise factors of
    ``Uid = (Vm0_ii·m0a + max(Vmx·Ib·m0b + Vmx·m1·X, 0))·Gt / (Km0·max(1 - cz·X, 0.1) + Gt)``;
    ``plain=True`` (no exercise: factors 1, 1, 1, 0) skips them. Constants are closure locals and
    the clips are written as comparisons: attribute look-ups and ``max`` calls cost more than the
    arithmetic in a scalar right-hand side. :func:`_make_core_array` is the numpy twin (a test checks
    that both give the same trajectories to 1e-9).
    """
    kp1, kp3, Vmx = q.kp1_eff, q.kp3_eff, q.Vmx_eff
    VG, k1, k2, VI, m1, m2, m4, m5, m6 = q.VG, q.k1, q.k2, q.VI, q.m1, q.m2, q.m4, q.m5, q.m6
    kp2, kp4, ki, Fcns, Vm0_ii, Ib, Km0, p2U = q.kp2, q.kp4, q.ki, q.Fcns, q.Vm0_ii, q.Ib, q.Km0, q.p2U
    K, alpha, beta, gamma, Sb, h, ke1, ke2 = q.K, q.alpha, q.beta, q.gamma, q.Sb, q.h, q.ke1, q.ke2
    m2m4, VmxIb, A0, KV = m2 + m4, Vmx * Ib, Vm0_ii + Vmx * Ib, K / VG

    def core(Gp, Gt, Il, Ip, I1, Id, X, Ipo, Y, e):
        ra, gin, iin, m0a, m0b, mx1, cz = e
        EGP = kp1 - kp2 * Gp - kp3 * Id - kp4 * Ipo                     # (10), clipped at 0
        if EGP < 0.0:
            EGP = 0.0
        E = ke1 * (Gp - ke2) if Gp > ke2 else 0.0                        # (27)
        if plain:                                                        # (14)-(19), knob form appendix/meal-model.md: Knobs
            Uid = (A0 + Vmx * X) * Gt / (Km0 + Gt)
        else:                                                            # + exercise terms (appendix/meal-model.md)
            km = 1.0 - cz * X
            if km < KM_FACTOR_FLOOR:
                km = KM_FACTOR_FLOOR
            dep = VmxIb * m0b + Vmx * mx1 * X                            # insulin-dependent part,
            if dep < 0.0:                                                # ≥ 0 [book guard]
                dep = 0.0
            Uid = (Vm0_ii * m0a + dep) * Gt / (Km0 * km + Gt)
        k1Gp, k2Gt = k1 * Gp, k2 * Gt
        dGp = EGP + ra + gin - Fcns - E - k1Gp + k2Gt                    # (1)
        S = gamma * Ipo                                                  # (23)
        HE = m6 - m5 * S                                                 # (5), guard HE ≥ 0 [book]
        if HE < 0.0:
            HE = 0.0
        I = Ip / VI
        spo = Y + Sb + KV * dGp if dGp > 0.0 else Y + Sb                 # (24): K·max(dG/dt, 0)
        ystar = beta * (Gp / VG - h)                                     # (26) with the -Sb switch
        if ystar < -Sb:
            ystar = -Sb
        return (dGp, k1Gp - k2Gt - Uid,
                S + m2 * Ip - m1 / (1.0 - HE) * Il,                      # (3); m1 + m3 = m1/(1 - HE)
                m1 * Il - m2m4 * Ip + iin,
                ki * (I - I1), ki * (I1 - Id), p2U * (I - Ib - X),       # (11), (19)
                spo - S, -alpha * (Y - ystar))                           # (25), (26)
    return core


def _make_core_array(q: Effective, kp1, kp3, Vmx, plain: bool = False):
    """Numpy twin of :func:`_make_core` for a population: kp1, kp3, Vmx are arrays of shape (n,).

    ``core(x, e, d)`` reads the states from the rows of ``x`` (9, n) and writes the derivatives into
    the rows of ``d`` (9, n), so the RK4 stages combine whole (9, n) blocks (see :func:`_rk4_array`).
    """
    VG, k1, k2, VI, m1, m2, m4, m5, m6 = q.VG, q.k1, q.k2, q.VI, q.m1, q.m2, q.m4, q.m5, q.m6
    kp2, kp4, ki, Fcns, Vm0_ii, Ib, Km0, p2U = q.kp2, q.kp4, q.ki, q.Fcns, q.Vm0_ii, q.Ib, q.Km0, q.p2U
    K, alpha, beta, gamma, Sb, h, ke1, ke2 = q.K, q.alpha, q.beta, q.gamma, q.Sb, q.h, q.ke1, q.ke2
    m2m4, VmxIb, A0, KV, bV = m2 + m4, Vmx * Ib, Vm0_ii + Vmx * Ib, K / VG, beta / VG
    mx = np.maximum

    def core(x, e, d):
        Gp, Gt, Il, Ip, I1, Id, X, Ipo, Y = x
        ra, gin, iin, m0a, m0b, mx1, cz = e
        EGP = mx(kp1 - kp2 * Gp - kp3 * Id - kp4 * Ipo, 0.0)
        if plain:
            Uid = (A0 + Vmx * X) * Gt / (Km0 + Gt)
        else:
            Uid = ((Vm0_ii * m0a + mx(VmxIb * m0b + Vmx * mx1 * X, 0.0)) * Gt
                   / (Km0 * mx(1.0 - cz * X, KM_FACTOR_FLOOR) + Gt))
        k1Gp, k2Gt = k1 * Gp, k2 * Gt
        dGp = EGP + (ra + gin - Fcns) - k1Gp + k2Gt
        if ke2 < Gp.max():                                   # renal excretion only above threshold
            dGp -= ke1 * mx(Gp - ke2, 0.0)
        S = gamma * Ipo
        I = Ip / VI
        d[0] = dGp
        d[1] = k1Gp - k2Gt - Uid
        d[2] = S + m2 * Ip - m1 / (1.0 - mx(m6 - m5 * S, 0.0)) * Il
        d[3] = m1 * Il - m2m4 * Ip + iin
        d[4] = ki * (I - I1)
        d[5] = ki * (I1 - Id)
        d[6] = p2U * (I - Ib - X)
        d[7] = (Y + Sb - S) + KV * mx(dGp, 0.0)
        d[8] = alpha * (mx(bV * Gp - beta * h, -Sb) - Y)
    return core


def _rk4_array(core, x0, plan, out):
    """Fixed-step RK4 on (9, n) blocks (population); fills ``out`` (T, 9, n) with the grid states."""
    x = np.array(x0, dtype=float)
    k1, k2, k3, k4 = (np.empty_like(x) for _ in range(4))
    jumps = plan.jumps
    for k, (h, (e1, e2, e3, e4)) in enumerate(zip(plan.H, plan.E)):
        if jumps[k]:
            x[0] += jumps[k]
        out[k] = x
        core(x, e1, k1)
        core(x + (0.5 * h) * k1, e2, k2)
        core(x + (0.5 * h) * k2, e3, k3)
        core(x + h * k3, e4, k4)
        k2 += k3
        k2 *= 2.0
        k2 += k1
        k2 += k4
        k2 *= h / 6.0
        x += k2
    if jumps[-1]:
        x[0] += jumps[-1]
    out[-1] = x
    return out


def rhs(t, x, q: Effective, u: Inputs):
    """Right-hand side of the full model, a plain function of (t, state, parameters, inputs).

    ``x`` holds the 12 states of appendix/meal-model.md: Symbols followed by the exercise states Y_HR (bpm), Z (1), W (bpm·min)
    and the cumulative absorbed glucose (mg). Equations (1)-(27) of the paper [paper], knob form of
    appendix/meal-model.md: Knobs [book], HE guard [book], exercise terms of appendix/meal-model.md [secondary]. ``q`` from
    :func:`effective`; ``u`` the :class:`Inputs` of the current segment.
    """
    return _full_rhs(_make_core(q), q, u)(t, x)


def _full_rhs(core, q, u):
    f_kabs_bw = q.f * q.kabs / u.BW

    def f(t, x):
        Gp, Gt, Il, Ip, Q1, Q2, Qg, I1, Id, X, Ipo, Y, Yh, Z, W, _ = x
        dQ1, dQ2, dQg, dAbs, dYh, dZ, dW = _exo_deriv(q, Q1, Q2, Qg, Yh, Z, u)
        m0a, m0b, m1, cz = _uptake_factors(Yh, Z, W, u)
        d = core(Gp, Gt, Il, Ip, I1, Id, X, Ipo, Y, (f_kabs_bw * Qg, u.gin, u.iin, m0a, m0b, m1, cz))
        return [d[0], d[1], d[2], d[3], dQ1, dQ2, dQg, d[4], d[5], d[6], d[7], d[8], dYh, dZ, dW, dAbs]
    return f


# ----------------------------------------------------------------------------- fasting root (appendix/meal-model.md: Fasting state and clamp)
def _steady(q, G, mx, sqrt, kp1, kp3, Vmx):
    """Every state and flux at a no-meal steady state with glucose G (appendix/meal-model.md: Fasting state and clamp)."""
    Gp = q.VG * G
    Y = mx(q.beta * (G - q.h), -q.Sb)
    S = Y + q.Sb
    Ipo = S / q.gamma
    HE = mx(q.m6 - q.m5 * S, 0.0)
    m3 = HE * q.m1 / (1.0 - HE)
    Ip = S / ((q.m1 + m3) * (q.m2 + q.m4) / q.m1 - q.m2)
    Il = Ip * (q.m2 + q.m4) / q.m1
    I = Ip / q.VI
    X = I - q.Ib
    Vm = q.Vm0_ii + Vmx * I
    B = Vm + q.k2 * q.Km0 - q.k1 * Gp
    C = q.k1 * Gp * q.Km0
    Gt = 2.0 * C / (B + sqrt(B * B + 4.0 * q.k2 * C))      # positive root, no cancellation for B ≥ 0
    if mx is max and B < 0:
        Gt = (-B + sqrt(B * B + 4.0 * q.k2 * C)) / (2.0 * q.k2)
    elif mx is not max:
        Gt = np.where(B < 0, (-B + sqrt(B * B + 4.0 * q.k2 * C)) / (2.0 * q.k2), Gt)
    Uid = Vm * Gt / (q.Km0 + Gt)
    E = q.ke1 * mx(Gp - q.ke2, 0.0)
    EGP = mx(kp1 - q.kp2 * Gp - kp3 * I - q.kp4 * Ipo, 0.0)
    return dict(Gp=Gp, Gt=Gt, Il=Il, Ip=Ip, I=I, X=X, Ipo=Ipo, Y=Y, S=S, Uid=Uid, E=E, EGP=EGP,
                resid=EGP - q.Fcns - E - Uid)


@dataclass(frozen=True)
class Fasting:
    """Fasting steady state (no meal) for a subject and knob setting."""

    G: float      # mg/dL
    I: float      # pmol/L
    EGP: float    # mg/kg/min
    S: float      # pmol/kg/min
    Uid: float    # mg/kg/min
    state: np.ndarray   # 12 states, order of appendix/meal-model.md: Symbols
    floor: bool   # secretion floor reached (S = 0): a model artefact, not physiology [book badge]
    subject: str
    knobs: Mapping   # read-only (the object is cached and shared)


G_BRACKET = (20.0, 1000.0)


@lru_cache(maxsize=512)
def _fasting_cached(subject, values) -> Fasting:
    kn = dict(zip(_knobs.KNOBS, values))
    q = effective(subject, kn, _validated=True)

    def resid(G):
        return _steady(q, G, max, math.sqrt, q.kp1_eff, q.kp3_eff, q.Vmx_eff)["resid"]

    lo, hi = G_BRACKET
    if not resid(lo) > 0 > resid(hi):
        raise ValueError(f"no fasting steady state for subject={subject!r} with knobs {kn}: the residual "
                         f"has no sign change on G in [{lo:g}, {hi:g}] mg/dL")
    G = brentq(resid, lo, hi, xtol=1e-12, rtol=4 * np.finfo(float).eps, maxiter=200)
    s = _steady(q, G, max, math.sqrt, q.kp1_eff, q.kp3_eff, q.Vmx_eff)
    state = np.array([s["Gp"], s["Gt"], s["Il"], s["Ip"], 0.0, 0.0, 0.0, s["I"], s["I"], s["X"], s["Ipo"],
                      s["Y"]])
    return Fasting(G=G, I=s["I"], EGP=s["EGP"], S=s["S"], Uid=s["Uid"], state=readonly(state),
                   floor=s["S"] <= 0.0, subject=subject, knobs=freeze(kn))


def fasting_state(subject: str = "normal", knobs=None) -> Fasting:
    """Fasting steady state: the root of the fasting-state residual (appendix/meal-model.md) in G on [20, 1000] mg/dL (``brentq``).

    Raises ``ValueError`` naming the knobs if the bracket holds no root. Verified by integration in
    the tests (drift ≤ 1e-6 over 2000 min), not in every call.
    """
    _subject(subject)
    k = _knobs.validate(knobs)
    return _fasting_cached(subject, tuple(k[n] for n in _knobs.KNOBS))


def _fasting_vector(q, kp1, kp3, Vmx, n_iter=60):
    """Vectorised bisection of the fasting-state residual (appendix/meal-model.md) for a population (arrays kp1, kp3, Vmx)."""
    lo = np.full(kp1.shape, G_BRACKET[0])
    hi = np.full(kp1.shape, G_BRACKET[1])
    rlo = _steady(q, lo, np.maximum, np.sqrt, kp1, kp3, Vmx)["resid"]
    rhi = _steady(q, hi, np.maximum, np.sqrt, kp1, kp3, Vmx)["resid"]
    bad = ~((rlo > 0) & (rhi < 0))
    if np.any(bad):
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(f"no fasting steady state for population member {i} (kp1={kp1[i]:g}, "
                         f"kp3={kp3[i]:g}, Vmx={Vmx[i]:g}) on G in {G_BRACKET} mg/dL")
    for _ in range(n_iter):
        mid = 0.5 * (lo + hi)
        pos = _steady(q, mid, np.maximum, np.sqrt, kp1, kp3, Vmx)["resid"] > 0
        lo = np.where(pos, mid, lo)
        hi = np.where(pos, hi, mid)
    G = 0.5 * (lo + hi)
    return G, _steady(q, G, np.maximum, np.sqrt, kp1, kp3, Vmx)


# ----------------------------------------------------------------------------- clamp (appendix/meal-model.md: Fasting state and clamp)
def _gt_root(q, Gp, Vm):
    """Positive root of k2·Gt² + (Vm + k2·Km0 - k1·Gp)·Gt - k1·Gp·Km0 = 0 (dGt/dt = 0), scalar."""
    B = Vm + q.k2 * q.Km0 - q.k1 * Gp
    C = q.k1 * Gp * q.Km0
    r = math.sqrt(B * B + 4.0 * q.k2 * C)
    return 2.0 * C / (B + r) if B >= 0 else (r - B) / (2.0 * q.k2)


def clamp_detail(subject: str = "normal", knobs=None, insulin_pmolL: float = 600.0,
                 glucose_mgdl: float = 90.0) -> dict:
    """Steady-state hyperinsulinaemic clamp (appendix/meal-model.md: Fasting state and clamp), fluxes in mg/kg/min.

    G and I are held at the clamp values; X = I - Ib_ref, Id = I, portal insulin stays at the
    reference Ipob = Sb/γ whatever the knobs; Gt solves the fasting-state quadratic (appendix/meal-model.md). M = Fcns + Uid + E - EGP is
    signed and never clipped (M < 0: euglycaemia needs glucose removal). Clamp insulin lies outside
    the range the model was identified on (pitfall 9): an extrapolation.
    Compare: DeFronzo et al. 1985, J Clin Invest 76:149: M 7.04 ± 0.63 controls, 4.37 ± 0.45 T2D at
    ≈100 µU/mL [abstract].
    """
    _subject(subject)
    q = effective(subject, knobs)
    I = in_range("insulin_pmolL", insulin_pmolL, 0.0, 6000.0, "pmol/L")
    G = in_range("glucose_mgdl", glucose_mgdl, 20.0, 600.0, "mg/dL")
    b = basal(subject)
    Gp = q.VG * G
    Vm = q.Vm0_ii + q.Vmx_eff * I                      # Vm(X) with X = I - Ib_ref
    Gt = _gt_root(q, Gp, Vm)
    Uid = Vm * Gt / (q.Km0 + Gt)
    E = q.ke1 * max(Gp - q.ke2, 0.0)
    EGP = max(0.0, q.kp1_eff - q.kp2 * Gp - q.kp3_eff * I - q.kp4 * b.Ipob)
    M = q.Fcns + Uid + E - EGP
    return {"M": M, "EGP": EGP, "Uid": Uid, "Uii": q.Fcns, "E": E, "Gt": Gt,
            "U_muscle": 0.94 * Uid, "U_adipose": 0.06 * Uid, "EGP_basal": b.EGPb,
            "EGP_suppression": 1.0 - EGP / b.EGPb, "insulin_pmolL": I, "glucose_mgdl": G}


# ----------------------------------------------------------------------------- schedule of inputs
#: most events (meals, boluses, infusions, exercise bouts) in one run: bounds the number of integration
#: segments, so the worst allowed reference run stays within a few seconds
MAX_EVENTS = 50
#: longest run, min (a week at 1-min steps: ≈ 0.35 s with RK4); the LSODA reference path (≥ 4 steps per
#: minute at rtol 1e-10) is limited to two days
T_END_MAX = 10080.0
REFERENCE_T_END_MAX = 2880.0


def _events(name, items, width, lo_hi, t_end):
    """Validate a list of event tuples; returns a sorted tuple of float tuples."""
    if items is None:
        return ()
    if isinstance(items, (str, bytes)) or not hasattr(items, "__len__"):
        raise ValueError(f"{name}={short_repr(items)} must be a list of tuples")
    if len(items) > MAX_EVENTS:
        raise ValueError(f"{name} has {len(items)} entries; at most {MAX_EVENTS} are allowed")
    try:
        items = [tuple(it) for it in items]
    except TypeError:
        raise ValueError(f"{name}={short_repr(items)} must be a list of tuples") from None
    out = []
    for i, it in enumerate(items):
        if len(it) != width:
            raise ValueError(f"{name}[{i}]={short_repr(it)} must have {width} entries")
        t0 = in_range(f"{name}[{i}] time", it[0], 0.0, t_end, "min")
        rest = [in_range(f"{name}[{i}] {label}", v, lo, hi, unit)
                for v, (label, lo, hi, unit) in zip(it[1:], lo_hi)]
        out.append((t0, *rest))
    return tuple(sorted(out))


def parse_inputs(meals, body_weight, t_end, glucose_bolus=None, glucose_infusion=None,
                 insulin_infusion=None, exercise=None, hr_basal=60.0, exercise_effect=None,
                 ii_gain=EFFECT_PRESET["ii_gain"], id_gain=EFFECT_PRESET["id_gain"], kempt_ac="formula"):
    """Validate every input of a simulation; returns a hashable schedule (used as a cache key).

    Bounded work: t_end ≤ :data:`T_END_MAX` min (a week of 1-min steps) and at most :data:`MAX_EVENTS`
    events in all lists together; both are checked before anything is allocated.
    """
    t_end = in_range("t_end", t_end, 1.0, T_END_MAX, "min")
    BW = in_range("body_weight", body_weight, 20.0, 300.0, "kg")
    choice("kempt_ac", kempt_ac, ("formula", "table"))
    ml = _events("meals", meals, 2, [("carbohydrate", 0.0, 1000.0, "g")], t_end)
    merged = {}
    for t, grams in ml:
        if grams > 0:
            merged[t] = merged.get(t, 0.0) + grams * 1000.0          # g → mg
    bol = _events("glucose_bolus", glucose_bolus, 2, [("dose", 0.0, 1000.0, "mg/kg")], t_end)
    gi = _events("glucose_infusion", glucose_infusion, 3,
                 [("stop", 0.0, t_end, "min"), ("rate", 0.0, 50.0, "mg/kg/min")], t_end)
    ii = _events("insulin_infusion", insulin_infusion, 3,
                 [("stop", 0.0, t_end, "min"), ("rate", 0.0, 200.0, "pmol/kg/min")], t_end)
    for name, lst in (("glucose_infusion", gi), ("insulin_infusion", ii)):
        for i, (t0, t1, _) in enumerate(lst):
            if t1 < t0:
                raise ValueError(f"{name}[{i}] stop={t1:g} min is before its start {t0:g} min")
    hrb = in_range("hr_basal", hr_basal, 40.0, 100.0, "bpm")
    ex = _events("exercise", exercise, 3, [("duration", 0.0, 240.0, "min"), ("heart rate", hrb, 220.0, "bpm")],
                 t_end)
    eff = _events("exercise_effect", exercise_effect, 2, [("duration", 0.0, 240.0, "min")], t_end)
    gains = (in_range("ii_gain", ii_gain, 1.0, 2.5), in_range("id_gain", id_gain, 1.0, 2.0))
    if ex and eff:
        raise ValueError("exercise and exercise_effect are alternatives; pass only one of them")
    n_events = len(ml) + len(bol) + len(gi) + len(ii) + len(ex) + len(eff)
    if n_events > MAX_EVENTS:
        raise ValueError(f"meals, boluses, infusions and exercise hold {n_events} events together; at most "
                         f"{MAX_EVENTS} are allowed")
    return (tuple(sorted(merged.items())), BW, t_end, bol, gi, ii, ex, hrb, eff, gains, kempt_ac)


def _segments(subject, sched):
    """Split [0, t_end] at every event; per segment: (start, stop, steps, Inputs, meal mg, bolus mg/kg)."""
    meals, BW, t_end, bol, gin, iin, ex, hrb, eff, (g_ii, g_id), kempt_ac = sched
    p = params(subject)
    bps = {0.0, t_end}
    bps.update(t for t, _ in meals)
    bps.update(t for t, _ in bol)
    for t0, t1, _ in gin + iin:
        bps.update((t0, t1))
    for t0, dur, _ in ex:
        bps.update((t0, t0 + dur))
    for t0, dur in eff:
        bps.update((t0, t0 + dur, t0 + dur + EFFECT_PRESET["ii_after"], t0 + dur + EFFECT_PRESET["id_after"]))
    bps = sorted(t for t in bps if 0.0 <= t <= t_end)
    meal_at, bolus_at = dict(meals), {}
    for t, dose in bol:
        bolus_at[t] = bolus_at.get(t, 0.0) + dose
    segs, D = [], 0.0
    for a, b in zip(bps[:-1], bps[1:]):
        if a in meal_at:
            D = meal_at[a]
        if D > 0 and kempt_ac == "formula":
            ka, kc = 5.0 / (2.0 * D * (1.0 - p.b)), 5.0 / (2.0 * D * p.d)
        else:
            ka, kc = p.a, p.c
        m = 0.5 * (a + b)
        u = Inputs(D=D, ka=ka, kc=kc, BW=BW,
                   gin=sum(r for t0, t1, r in gin if t0 <= m < t1),
                   iin=sum(r for t0, t1, r in iin if t0 <= m < t1),
                   hrx=max([hr - hrb for t0, dur, hr in ex if t0 <= m < t0 + dur], default=0.0), hrb=hrb,
                   gi=g_ii if any(t0 <= m < t0 + d + EFFECT_PRESET["ii_after"] for t0, d in eff) else 1.0,
                   gd=g_id if any(t0 <= m < t0 + d + EFFECT_PRESET["id_after"] for t0, d in eff) else 1.0)
        n = max(1, math.ceil((b - a) - 1e-9))      # steps of at most 1 min, events on the grid
        segs.append((a, b, n, u, meal_at.get(a, 0.0), bolus_at.get(a, 0.0)))
    final = (meal_at.get(t_end, 0.0), bolus_at.get(t_end, 0.0))
    return segs, final


class _Plan(NamedTuple):
    t: np.ndarray        # grid, min
    H: list              # step sizes
    E: list              # per step: 4 stage input tuples (ra, gin, iin, m0a, m0b, m1, cz)
    jumps: list          # Gp jump (mg/kg) at each grid point
    exo: np.ndarray      # (7, T) Qsto1, Qsto2, Qgut, absorbed, Y_HR, Z, W at the grid points
    e_grid: np.ndarray   # (T, 7) input tuple at each grid point (for the outputs)
    plain: bool          # no exercise terms


@lru_cache(maxsize=128)
def _plan(subject, sched, emptying=1.0) -> _Plan:
    """Everything that does not depend on glucose or insulin, computed once per (subject, inputs).

    The gut (Qsto1, Qsto2, Qgut) and heart-rate states (Y_HR, Z, W) are driven by inputs only, so
    their RK4 stages, and the Ra and uptake factors at those stages, are the same for every knob
    setting but ``gastric_emptying``. Integrating them apart with the same RK4 stages is exactly the
    joint RK4.
    """
    q = effective(subject, {"gastric_emptying": emptying})
    segs, (meal_end, bolus_end) = _segments(subject, sched)
    t, H, E, jumps, exo, e_grid = [], [], [], [], [], []
    x = [0.0] * 7
    u = segs[0][3]

    def stage(s, u, fk):
        return (fk * s[2], u.gin, u.iin, *_uptake_factors(s[4], s[5], s[6], u))

    for a, b, n, u, meal_mg, bolus in segs:
        x[0] += meal_mg
        fk = q.f * q.kabs / u.BW
        h = (b - a) / n
        for j in range(n):
            t.append(a + j * h)
            jumps.append(bolus if j == 0 else 0.0)
            exo.append(tuple(x))
            H.append(h)
            hh = 0.5 * h
            k1 = _exo_deriv(q, x[0], x[1], x[2], x[4], x[5], u)
            s2 = [xi + hh * ki for xi, ki in zip(x, k1)]
            k2 = _exo_deriv(q, s2[0], s2[1], s2[2], s2[4], s2[5], u)
            s3 = [xi + hh * ki for xi, ki in zip(x, k2)]
            k3 = _exo_deriv(q, s3[0], s3[1], s3[2], s3[4], s3[5], u)
            s4 = [xi + h * ki for xi, ki in zip(x, k3)]
            k4 = _exo_deriv(q, s4[0], s4[1], s4[2], s4[4], s4[5], u)
            e1 = stage(x, u, fk)
            E.append((e1, stage(s2, u, fk), stage(s3, u, fk), stage(s4, u, fk)))
            e_grid.append(e1)
            x = [xi + h / 6.0 * (p1 + 2.0 * (p2 + p3) + p4) for xi, p1, p2, p3, p4 in zip(x, k1, k2, k3, k4)]
    x[0] += meal_end
    t.append(sched[2])
    jumps.append(bolus_end)
    exo.append(tuple(x))
    e_grid.append(stage(x, u, q.f * q.kabs / u.BW))
    plain = not (sched[6] or sched[8])
    # cached and shared by every run with these inputs: read-only, results get copies
    return _Plan(readonly(np.array(t)), H, E, jumps, readonly(np.array(exo).T), readonly(np.array(e_grid)), plain)


# ----------------------------------------------------------------------------- integrators
def _rk4(core, x0, plan):
    """Fixed-step RK4 (≤ 1 min, events on the grid) over the 9 glucose-insulin states, plain floats.

    The stages are written out and the states kept in local variables (no arrays): for a 9-state
    system numpy's per-call overhead would cost more than the arithmetic. Returns one state tuple
    per grid point.
    """
    Gp, Gt, Il, Ip, I1, Id, X, Ipo, Y = x0
    rows = []
    jumps = plan.jumps
    for k, (h, (e1, e2, e3, e4)) in enumerate(zip(plan.H, plan.E)):
        if jumps[k]:
            Gp = Gp + jumps[k]
        rows.append((Gp, Gt, Il, Ip, I1, Id, X, Ipo, Y))
        hh = 0.5 * h
        a1, a2, a3, a4, a5, a6, a7, a8, a9 = core(Gp, Gt, Il, Ip, I1, Id, X, Ipo, Y, e1)
        b1, b2, b3, b4, b5, b6, b7, b8, b9 = core(Gp + hh * a1, Gt + hh * a2, Il + hh * a3, Ip + hh * a4,
                                                  I1 + hh * a5, Id + hh * a6, X + hh * a7, Ipo + hh * a8,
                                                  Y + hh * a9, e2)
        c1, c2, c3, c4, c5, c6, c7, c8, c9 = core(Gp + hh * b1, Gt + hh * b2, Il + hh * b3, Ip + hh * b4,
                                                  I1 + hh * b5, Id + hh * b6, X + hh * b7, Ipo + hh * b8,
                                                  Y + hh * b9, e3)
        d1, d2, d3, d4, d5, d6, d7, d8, d9 = core(Gp + h * c1, Gt + h * c2, Il + h * c3, Ip + h * c4,
                                                  I1 + h * c5, Id + h * c6, X + h * c7, Ipo + h * c8,
                                                  Y + h * c9, e4)
        h6 = h / 6.0
        Gp = Gp + h6 * (a1 + 2.0 * (b1 + c1) + d1)
        Gt = Gt + h6 * (a2 + 2.0 * (b2 + c2) + d2)
        Il = Il + h6 * (a3 + 2.0 * (b3 + c3) + d3)
        Ip = Ip + h6 * (a4 + 2.0 * (b4 + c4) + d4)
        I1 = I1 + h6 * (a5 + 2.0 * (b5 + c5) + d5)
        Id = Id + h6 * (a6 + 2.0 * (b6 + c6) + d6)
        X = X + h6 * (a7 + 2.0 * (b7 + c7) + d7)
        Ipo = Ipo + h6 * (a8 + 2.0 * (b8 + c8) + d8)
        Y = Y + h6 * (a9 + 2.0 * (b9 + c9) + d9)
    if jumps[-1]:
        Gp = Gp + jumps[-1]
    rows.append((Gp, Gt, Il, Ip, I1, Id, X, Ipo, Y))
    return rows


REFERENCE_TOL = freeze(dict(rtol=1e-10, atol=1e-12, max_step=0.25))


def _reference(core, q, x0_12, subject, sched):
    """Reference path: LSODA (rtol 1e-10, max_step 0.25 min), piecewise between events (DESIGN §9)."""
    segs, (meal_end, bolus_end) = _segments(subject, sched)
    x = np.concatenate([x0_12, np.zeros(4)])
    ts, cols = [], []
    for a, b, n, u, meal_mg, bolus in segs:
        x[4] += meal_mg
        x[0] += bolus
        grid = np.array([a + j * ((b - a) / n) for j in range(n)])     # the RK4 grid, same floats
        if b - a < 1e-9:            # events a nanominute apart: nothing changes in between (LSODA would stall)
            ts.append(grid)
            cols.append(np.repeat(x[:, None], n, axis=1))
            continue
        sol = solve_ivp(_full_rhs(core, q, u), (a, b), x, method="LSODA", t_eval=np.append(grid, b),
                        **REFERENCE_TOL)
        if not sol.success:
            raise ModelValidityError(f"reference integration failed on [{a:g}, {b:g}] min: {sol.message}")
        ts.append(grid)
        cols.append(sol.y[:, :-1])
        x = sol.y[:, -1].copy()
    x[4] += meal_end
    x[0] += bolus_end
    ts.append([sched[2]])
    cols.append(x[:, None])
    return np.concatenate(ts), np.concatenate(cols, axis=1)


# ----------------------------------------------------------------------------- results
@dataclass
class MealResult:
    """Result of a meal-model run. Arrays have shape (T,) (or (N, T) for a population); time in min.

    ``state`` is (12, T) in the order of appendix/meal-model.md: Symbols (None for a population).
    """

    t: np.ndarray
    G: np.ndarray
    I: np.ndarray
    EGP: np.ndarray
    Ra: np.ndarray
    Uii: np.ndarray
    Uid: np.ndarray
    E: np.ndarray
    S: np.ndarray
    HE: np.ndarray
    he_guard_active: np.ndarray
    absorbed: np.ndarray
    state: np.ndarray
    fasting: object
    meta: dict
    units: dict = field(default_factory=lambda: dict(UNITS))

    @property
    def urinary_glucose_g(self):
        """Glucose excreted in the urine over the run, g (∫E dt · body weight), per subject."""
        return np.trapezoid(self.E, self.t, axis=-1) * self.meta["body_weight"] / 1000.0

    @property
    def U(self):
        """Total glucose utilisation Uii + Uid, mg/kg/min."""
        return self.Uii + self.Uid

    @property
    def insulin_secreted_U(self):
        """Insulin secreted over the run, in units (∫S dt · BW / 6000 pmol per U), per subject."""
        return np.trapezoid(self.S, self.t, axis=-1) * self.meta["body_weight"] / 6000.0

    @property
    def U_muscle(self):
        """Muscle share of Uid, 94 % [book; DeFronzo 2004 ≈80–85 % muscle, ≈4–5 % adipose of uptake]."""
        return 0.94 * self.Uid

    @property
    def U_adipose(self):
        """Adipose share of Uid, 6 % [book]."""
        return 0.06 * self.Uid


@dataclass(frozen=True)
class FastingPopulation:
    """Fasting states of a population: arrays of shape (N,); ``state`` (N, 12)."""

    G: np.ndarray
    I: np.ndarray
    EGP: np.ndarray
    S: np.ndarray
    Uid: np.ndarray
    state: np.ndarray
    floor: np.ndarray


def _outputs(q, kp1, kp3, Vmx, y9, exo, e_grid, BW):
    """Fluxes from the states at the grid points. ``y9``: 9 arrays with time on axis 0, shape (T,) or
    (T, N); ``exo`` (7, T) and ``e_grid`` (T, 7) are per time point."""
    Gp, Gt, Il, Ip, I1, Id, X, Ipo, Y = y9
    col = (slice(None),) + (None,) * (Gp.ndim - 1)         # per-time inputs broadcast over subjects
    e = np.asarray(e_grid)
    m0a, m0b, m1, cz = (e[:, j][col] for j in (3, 4, 5, 6))
    EGP = np.maximum(kp1 - q.kp2 * Gp - kp3 * Id - q.kp4 * Ipo, 0.0)
    Uid = ((q.Vm0_ii * m0a + np.maximum(Vmx * q.Ib * m0b + Vmx * m1 * X, 0.0)) * Gt
           / (q.Km0 * np.maximum(1.0 - cz * X, KM_FACTOR_FLOOR) + Gt))
    S = q.gamma * Ipo
    he_raw = q.m6 - q.m5 * S
    return dict(G=Gp / q.VG, I=Ip / q.VI, EGP=EGP, Ra=np.broadcast_to((q.f * q.kabs / BW * exo[2])[col], Gp.shape),
                Uii=np.broadcast_to(q.Fcns, Gp.shape), Uid=Uid, E=q.ke1 * np.maximum(Gp - q.ke2, 0.0), S=S,
                HE=np.maximum(he_raw, 0.0), he_guard_active=he_raw < 0)


_OPTIONS = ("glucose_bolus", "glucose_infusion", "insulin_infusion", "exercise", "hr_basal",
            "exercise_effect", "ii_gain", "id_gain", "kempt_ac")


def _check_options(options):
    for k in options:
        if k not in _OPTIONS:
            raise ValueError(f"unknown option {k!r}; allowed options are {', '.join(_OPTIONS)}")


def simulate(subject="normal", knobs=None, meals=((0, 78),), body_weight=78, t_end=420, method="rk4",
             **options) -> MealResult:
    """Simulate the Dalla Man 2007 meal model from the fasting state of (subject, knobs).

    Parameters
    ----------
    subject : {"normal", "t2d"}
    knobs : dict or None
        Reader knobs ``glut4``, ``hepatic_output``, ``adiponectin`` (appendix/meal-model.md: Knobs).
    meals : list of (time min, carbohydrate g), or None
        Glucose content of each meal (0–1000 g); ``[]`` or ``None`` = no meal. Default 78 g = 1 g/kg
        at 78 kg [book]. Paper-figure mode (pitfall 1): 105.9 g at 78 kg (normal), 120.8 g at 91 kg (T2D).
    body_weight : float, kg (20–300)
    t_end : float, min (1–10080, i.e. at most a week of 1-min steps)
    method : {"rk4", "reference"}
        Fixed-step RK4 (≤ 1 min, events on the grid) or LSODA (rtol 1e-10, max_step 0.25 min; for
        checks and anchors, t_end ≤ :data:`REFERENCE_T_END_MAX` = 2880 min).
    **options
        ``glucose_bolus=[(t, mg/kg)]`` into Gp; ``glucose_infusion=[(start, stop, mg/kg/min)]`` into Gp;
        ``insulin_infusion=[(start, stop, pmol/kg/min)]`` into Ip; ``exercise=[(start, duration, HR bpm)]``
        with ``hr_basal`` (default 60 bpm): heart-rate-driven terms of Dalla Man, Breton & Cobelli 2009
        [secondary]; or ``exercise_effect=[(start, duration)]`` with ``ii_gain`` (1.82), ``id_gain``
        (1.25): effect-size preset (Romeres 2021; Borghouts & Keizer 2000) [book];
        ``kempt_ac="formula"|"table"`` (pitfall 2). The event lists (meals included) hold at most
        :data:`MAX_EVENTS` entries together.

    Returns
    -------
    MealResult with arrays t, G (mg/dL), I (pmol/L), EGP, Ra, U, Uii, Uid, E (mg/kg/min), S (pmol/kg/min),
    the 12 × T ``state``, and ``fasting`` (the steady state it started from). The arrays and ``meta``
    belong to this result: changing them does not change the next run.

    Work is bounded: the worst allowed call (``method="reference"``, t_end 2880 min, 50 exercise bouts)
    takes ≈ 1-2 s on 2 cores; the default RK4 over a week ≈ 0.35 s.
    """
    _subject(subject)
    _check_options(options)
    choice("method", method, ("rk4", "reference"))
    if method == "reference" and in_range("t_end", t_end, 1.0, T_END_MAX, "min") > REFERENCE_T_END_MAX:
        raise ValueError(f"t_end={t_end:g} min is outside the range 1–{REFERENCE_T_END_MAX:g} min allowed with "
                         "method='reference'")
    sched = parse_inputs(meals, body_weight, t_end, **options)
    fast = fasting_state(subject, knobs)
    q = effective(subject, fast.knobs, _validated=True)
    plan = _plan(subject, sched, fast.knobs["gastric_emptying"])
    core = _make_core(q, plain=plan.plain)
    if method == "rk4":
        y9 = np.array(_rk4(core, fast.state[[0, 1, 2, 3, 7, 8, 9, 10, 11]].tolist(), plan)).T
        t, exo = plan.t, plan.exo
        state = np.concatenate([y9[:4], exo[:3], y9[4:]])
        e_grid = plan.e_grid
    else:
        t, y = _reference(core, q, fast.state, subject, sched)
        state, exo = y[:12], y[[4, 5, 6, 15, 12, 13, 14]]
        segs, _ = _segments(subject, sched)
        us = [u for a, b, n, u, _, _ in segs for _ in range(n)] + [segs[-1][3]]
        fk = q.f * q.kabs / sched[1]
        e_grid = [(fk * qg, u.gin, u.iin, *_uptake_factors(yh, z, w, u))
                  for u, qg, yh, z, w in zip(us, y[6], y[12], y[13], y[14])]
        y9 = state[[0, 1, 2, 3, 7, 8, 9, 10, 11]]
    out = _outputs(q, q.kp1_eff, q.kp3_eff, q.Vmx_eff, y9, exo, e_grid, sched[1])
    out["Ra"], out["Uii"] = out["Ra"].copy(), out["Uii"].copy()
    _check_valid(out, t, subject, fast.knobs, sched)
    return MealResult(t=t.copy(), state=state, absorbed=exo[3].copy(), fasting=fast,   # copies: plan is cached
                      meta=dict(subject=subject, knobs=dict(fast.knobs), meals=_meal_list(meals),
                                body_weight=sched[1], method=method, options=options,
                                exercise=_exercise_label(sched)), **out)


def _meal_list(meals):
    return [] if meals is None else [tuple(m) for m in meals]


def _exercise_label(sched):
    if sched[6]:
        return "heart-rate driven: Dalla Man, Breton & Cobelli 2009 terms [secondary]"
    if sched[8]:
        return "effect-size preset: Romeres 2021, Borghouts & Keizer 2000 [book]"
    return None


_PHYSICAL = ("G", "I", "EGP", "Ra", "Uii", "Uid", "E", "S", "HE")


def _inputs_named(subject, knobs, sched):
    """The inputs of a run that differ from the reference, as text for an error message."""
    meals, BW, t_end, bol, gin, iin, ex, hrb, eff, _, _ = sched
    parts = [f"subject={subject!r}"]
    parts += [f"{k}={v:g}" for k, v in knobs.items() if v != _knobs.DEFAULTS[k]]
    if meals:
        parts.append("meals " + ", ".join(f"{mg / 1000:g} g at {t:g} min" for t, mg in meals))
    for name, items, i in (("glucose_bolus", bol, 1), ("glucose_infusion", gin, 2),
                           ("insulin_infusion", iin, 2), ("exercise", ex, 2)):
        if items:
            parts.append(f"{name} up to {max(it[i] for it in items):g}")
    if eff:
        parts.append("exercise_effect")
    parts.append(f"body_weight={BW:g} kg")
    return ", ".join(parts)


def _check_valid(out, t, subject, knobs, sched, member=None):
    """Refuse a run that left the model's validity domain; never return a negative or non-finite value."""
    who = "" if member is None else f"population member {member}: "
    G = out["G"]
    if G.ndim == 2 and member is None:
        rows = np.flatnonzero(~np.all(np.isfinite(G) & (G >= G_VALID_MIN), axis=1))
        if rows.size:
            i = int(rows[0])
            kn = {k: float(np.asarray(v)[i]) for k, v in knobs.items()}
            _check_valid({k: v[i] for k, v in out.items()}, t, subject, kn, sched, member=i)
        for name in _PHYSICAL:
            if not np.all(np.asarray(out[name]) >= 0):
                raise ModelValidityError(f"the meal model gave a negative {name}; inputs: "
                                         f"{_inputs_named(subject, knobs, sched)}")
        return
    bad = ~np.isfinite(G) | (G < G_VALID_MIN)
    if np.any(bad):
        k = int(np.argmax(bad))
        low = "a non-finite value" if not np.isfinite(G[k]) else f"{math.floor(G[k] * 10) / 10:.1f} mg/dL"
        raise ModelValidityError(
            f"{who}plasma glucose falls to {low} at t = {t[k]:g} min, below {G_VALID_MIN:g} mg/dL (level 2 "
            "hypoglycaemia), where the meal model is not valid: it has no counter-regulation by glucagon or "
            "adrenaline, so its glucose would keep falling. Inputs of this run: "
            f"{_inputs_named(subject, knobs, sched)}. Use less insulin or a smaller glucose load, or knobs "
            "nearer the reference.")
    for name in _PHYSICAL:
        v = np.asarray(out[name])
        if not (np.all(np.isfinite(v)) and np.all(v >= 0)):
            raise ModelValidityError(f"{who}the meal model gave a negative or non-finite {name}; inputs: "
                                     f"{_inputs_named(subject, knobs, sched)}")


#: knobs that take one value per population run (they set shared parameters: kidney, stomach, β-cell gains)
POPULATION_SHARED = ("renal_threshold", "renal_excretion", "gastric_emptying", "insulin_secretion")
#: subjects per block in :func:`simulate_population` (measured: ≈2000 keeps the RK4 temporaries in cache)
POPULATION_CHUNK = 2048
#: most subjects × time points of one :func:`simulate_population` call (bounded work: ≈ 1.2 s and
#: ≈ 130 MB of outputs at the limit with exercise terms, 2 cores) — e.g. 4750 subjects over 420 min
POPULATION_MAX_SAMPLES = 2_000_000


def simulate_population(subject="normal", knobs=None, meals=((0, 78),), body_weight=78, t_end=420,
                        **options) -> MealResult:
    """Vectorised fixed-step RK4 across N subjects (knob arrays broadcast to (N,)); arrays (N, T).

    Same names and options as :func:`simulate` (method is always RK4). ``Ra`` and ``Uii`` are read-only
    broadcast views (they do not depend on the knobs); ``state`` is None (N × 12 × T would not fit in
    memory for large N); ``fasting`` holds arrays of shape (N,) and ``fasting.state`` (N, 12).
    N × T (subjects × time points, T ≈ t_end + 1) is at most :data:`POPULATION_MAX_SAMPLES`.
    """
    _subject(subject)
    _check_options(options)
    k = _knobs.validate_arrays(knobs)
    sched = parse_inputs(meals, body_weight, t_end, **options)
    p, b = params(subject), basal(subject)
    shared = {}                     # meal-model knobs: one value for the whole population
    for name in POPULATION_SHARED:
        if np.ptp(k[name]) != 0:
            raise ValueError(f"{name} must have one value for the whole population (got values from "
                             f"{k[name].min():g} to {k[name].max():g}); only "
                             f"{', '.join(n for n in k if n not in POPULATION_SHARED)} may vary per member")
        shared[name] = float(k[name][0])
    q = effective(subject, shared)
    A = _knobs.adiponectin_gain(k["adiponectin"])
    kp1 = b.kp1 + (k["hepatic_output"] - 1.0) * b.EGPb
    kp3 = A * p.kp3
    Vmx = k["glut4"] * A * p.Vmx
    G, s = _fasting_vector(q, kp1, kp3, Vmx)
    x0 = [s["Gp"], s["Gt"], s["Il"], s["Ip"], s["I"], s["I"], s["X"], s["Ipo"], s["Y"]]
    plan = _plan(subject, sched, shared["gastric_emptying"])
    T, N = plan.t.size, G.size
    if N * T > POPULATION_MAX_SAMPLES:
        raise ValueError(f"knobs: {N} subjects × {T} time points = {N * T} samples; at most "
                         f"{POPULATION_MAX_SAMPLES} are allowed (fewer subjects or a shorter t_end)")
    names = ("G", "I", "EGP", "Uid", "E", "S", "HE", "he_guard_active")
    out = {n: np.empty((T, N), dtype=bool if n == "he_guard_active" else float) for n in names}
    y = np.empty((T, 9, min(N, POPULATION_CHUNK)))          # reused per block: temporaries stay small
    for lo in range(0, N, POPULATION_CHUNK):
        sl = slice(lo, lo + POPULATION_CHUNK)
        n = len(kp1[sl])
        core = _make_core_array(q, kp1[sl], kp3[sl], Vmx[sl], plain=plan.plain)
        _rk4_array(core, [x[sl] for x in x0], plan, y[:, :, :n])
        o = _outputs(q, kp1[sl], kp3[sl], Vmx[sl], [y[:, j, :n] for j in range(9)], plan.exo, plan.e_grid,
                     sched[1])
        for name in names:
            out[name][:, sl] = o[name]
    out["Ra"] = q.f * q.kabs / sched[1] * plan.exo[2][:, None]          # the same for every member
    out = {k: np.broadcast_to(v, (T, N)).T if k == "Ra" else v.T for k, v in out.items()}   # (N, T) views
    out["Uii"] = np.broadcast_to(q.Fcns, (N, T))
    _check_valid(out, plan.t, subject, k, sched)
    state = None                                            # (N, 12, T) is too large to keep; see fasting.state
    z = np.zeros_like(G)
    fasting = FastingPopulation(G=G, I=s["I"], EGP=s["EGP"], S=s["S"], Uid=s["Uid"],
                                state=np.stack([s["Gp"], s["Gt"], s["Il"], s["Ip"], z, z, z, s["I"], s["I"],
                                                s["X"], s["Ipo"], s["Y"]], axis=1), floor=s["S"] <= 0)
    return MealResult(t=plan.t.copy(), state=state, absorbed=plan.exo[3].copy(), fasting=fasting,
                      meta=dict(subject=subject, knobs=k, meals=_meal_list(meals), body_weight=sched[1],
                                method="rk4", options=options, exercise=_exercise_label(sched)), **out)
