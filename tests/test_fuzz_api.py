"""Fuzz over the whole public API: bad and extreme inputs, each call in a child process with limits.

Every public function of the public modules (their ``__all__``) is called with a valid baseline and
then, one parameter at a time, with bad and extreme values generated from the parameter's
signature and from the baseline value (None, strings, NaN, ±inf, negatives, 0, 1e9, 1e300, 1e-300,
wrong types, empty and huge containers, unhashables, very long strings, broken event tuples, knob
dicts with bad entries, and the edges of each documented range).

Each call runs in a forked child of a worker process with an address-space cap
(``RLIMIT_AS``, :data:`MEMORY_CAP`) and a wall-clock limit (:data:`TIME_LIMIT`). The child
classifies what happened:

* a result — walked recursively (arrays, dataclasses, named tuples, dicts, floats); every number
  must be finite and ≥ 0 except the fields listed in :data:`MAY_BE_NEGATIVE` (each with a reason);
* ``ValueError`` / ``TypeError`` — accepted only if the message names the argument (the parameter
  name, or a key of a dict argument, appears in the message, ignoring case and punctuation);
* anything else — a failure, as are a timeout, a ``MemoryError`` and a child killed by a signal.

The worker is this file run as a script (``python tests/test_fuzz_api.py --worker K N``): a fresh
interpreter imports the package once and forks per call, which costs ≈ 5 ms. Two workers share the
cases. The findings of a run are written as JSON when ``FUZZ_REPORT`` names a file.
"""
from __future__ import annotations

import dataclasses
import importlib
import inspect
import json
import math
import os
import re
import resource
import select
import signal
import subprocess
import sys
import time
import types
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve()
MODULES = ("meal", "progression", "minimal", "glut4", "lipolysis", "links", "indices", "units",
           "scenarios", "knobs", "twin")
#: wall-clock limit per call, s; and address-space cap per call, bytes. The slowest documented call (a
#: population over the 10080-min maximum) takes 2.3 s alone (bench-free measurement, idle machine); two
#: fuzz workers on a loaded 2-core machine stretch that several-fold, so the budget is 20 s: the calls this
#: catches took 50 s or never returned
TIME_LIMIT = 20.0
MEMORY_CAP = int(1.5 * 2 ** 30)
WORKERS = 2
#: cases per forked child (a child that dies costs only the case it was running)
BATCH = 40

# ----------------------------------------------------------------------------- what is not fuzzed
#: public callables that are not functions: record and result types (constructing them validates
#: nothing by design; their instances are what the functions return and what the walker checks)
NOT_FUNCTIONS = {
    "meal.MealResult": "result record returned by simulate/ivgtt (checked through those)",
    "meal.Fasting": "result record returned by fasting_state (checked through it)",
    "meal.DayMetrics": "result record of day_metrics (checked through it)",
    "progression.Ha2016Result": "result record of ha2016",
    "progression.ToppResult": "result record of topp2000",
    "progression.FixedPoint": "result record of topp_fixed_points",
    "progression.FastingState": "result record of ha2016_fasting_state",
    "minimal.BergmanResult": "result record of minimal.simulate",
    "minimal.FitResult": "result record of fit_fsigt",
    "glut4.GLUT4State": "result record of steady_state",
    "glut4.GLUT4Trajectory": "result record of glut4.simulate",
    "lipolysis.NEFAParams": "parameter record; fuzzed as the params= argument of lipolysis.simulate",
    "lipolysis.NEFAResult": "result record of lipolysis.simulate",
    "lipolysis.MealNEFA": "result record of lipolysis.after_meal",
    "minimal.SensitivityTests": "result record of minimal.sensitivity_tests",
    "links.Link": "record of the LINKS table (badge/model-card text)",
    "links.FemaleAndrogens": "result record of female_androgens",
    "links.MaleAndrogens": "result record of male_testosterone",
    "indices.ADACategory": "result record of ada_category",
    "knobs.Knob": "record of the KNOBS table",
    "twin.Twin": "result record of twin.calibrate (checked through it)",
}

#: (function, field path regex) -> why the value may be negative. The path is the attribute/key
#: path inside the result, e.g. ``X``, ``state[9]``, ``M``; ``return`` is a bare returned number.
MAY_BE_NEGATIVE = {
    ("meal.*", r"state\[9\]"): "X: remote insulin relative to the reference Ib (pmol/L), < 0 below Ib",
    ("meal.*", r"state\[11\]"): "Y: second-phase secretion provision, bounded below by -Sb (spec §1.2)",
    ("meal.clamp", r"return"): "M is signed by the spec (§1.8): M < 0 means glucose must be removed",
    ("meal.clamp_detail", r"M"): "M is signed by the spec (§1.8)",
    ("meal.clamp_detail", r"EGP_suppression"): "a change vs basal: < 0 when EGP exceeds basal (h > 1)",
    ("progression.ha2016", r"gamma"): "γ is a threshold shift; its reference start is -0.00666 (spec §4)",
    ("progression.ha2016_fasting_state", r"gamma"): "γ is a threshold shift (spec §4)",
    ("minimal.simulate", r"X"): "X is remote insulin action relative to basal: < 0 when I < Ib",
    ("minimal.kg", r"return"): "KG is -100 × a slope: negative when glucose rises over 10-40 min",
    ("lipolysis.simulate", r"suppression"): "1 - nadir/basal: < 0 when NEFA never falls below basal",
    ("lipolysis.simulate", r"t|t_nadir"): "echo of the caller's time axis, documented range ±1e6 min",
    ("lipolysis.after_meal", r"suppression"): "1 - nadir/fasting: < 0 when NEFA never falls below its start",
    ("links.emas_comparison", r"model_delta_tt_nmolL|emas_delta_tt_nmolL"): "changes of total T",
    ("links.cytokine_rule", r".*"): "directions (±1) and correlation coefficients",
}
#: (function, path regex) -> why the value may be +inf
MAY_BE_INF = {
    ("progression.time_to_diabetes", r"return"): "documented: inf when the threshold is never reached",
    ("minimal.fit_fsigt", r"se\.\w+"): "an infinite standard error marks a parameter the data cannot "
                                         "identify (FitResult.identifiable is then False)",
}
#: attributes not walked: echoes of the inputs and text
NOT_WALKED = {"meta", "units", "params", "segments", "knobs", "time_unit", "scenario", "subject"}


# ----------------------------------------------------------------------------- valid baselines
def _baselines():
    """{qualified name: [kwargs, ...]} valid calls; each parameter is fuzzed from the first
    baseline that holds it (mutually exclusive parameters get their own baseline)."""
    from metabolism import meal, minimal, progression, twin

    ref = meal.simulate("normal", t_end=420)
    t_meal, i_meal, g_meal = ref.t.copy(), ref.I.copy(), ref.G.copy()
    ha_none = progression.ha2016("none", t_end=800)
    ha_early = progression.ha2016("early", t_end=1200, t_on=600)
    fs = minimal.FSIGT_DATA
    sub = [0, 1, 2, 4, 6, 9, 12, 14, 16, 18, 20, 23]      # 12 of the 24 samples: the fit costs half
    t_in = np.array([0.0, 30.0, 60.0])
    # a meal with infusions and a moderate bout runs for the baselines' knobs; a 0.3 g/kg bolus on top of a
    # meal drives this subject below the validity floor (54 mg/dL), so the bolus has its own baseline
    meal_opts = dict(glucose_infusion=[(10.0, 70.0, 2.0)], insulin_infusion=[(10.0, 70.0, 1.0)],
                     exercise=[(60.0, 45.0, 100.0)], hr_basal=60.0, kempt_ac="formula")
    effect_opts = dict(exercise_effect=[(60.0, 60.0)], ii_gain=1.82, id_gain=1.25)
    return {
        "meal.simulate": [dict(subject="normal", knobs={"glut4": 0.5}, meals=[(0.0, 78.0)], body_weight=78.0,
                               t_end=420.0, method="rk4", **meal_opts),
                          dict(subject="t2d", **effect_opts),
                          dict(subject="normal", knobs={"glut4": 0.5}, meals=[], glucose_bolus=[(0.0, 300.0)],
                               t_end=180.0)],
        "meal.simulate_population": [dict(subject="normal", knobs={"glut4": np.array([0.5, 2.0])},
                                          meals=[(0.0, 78.0)], body_weight=78.0, t_end=120.0, **meal_opts),
                                     dict(subject="normal", knobs={"adiponectin": np.array([0.5, 2.0])},
                                          t_end=120.0, **effect_opts)],
        "meal.fasting_state": [dict(subject="t2d", knobs={"hepatic_output": 1.5})],
        "meal.clamp": [dict(subject="normal", knobs={"glut4": 0.5}, insulin_pmolL=600.0, glucose_mgdl=90.0)],
        "meal.clamp_detail": [dict(subject="normal", knobs={"glut4": 0.5}, insulin_pmolL=600.0,
                                   glucose_mgdl=90.0)],
        "meal.ogtt": [dict(subject="normal", knobs={"glut4": 0.5}, body_weight=78.0, kempt_ac="table")],
        "meal.ivgtt": [dict(subject="normal", knobs={"glut4": 0.5}, dose_g_per_kg=0.3, t_end=180.0,
                            body_weight=78.0, insulin_infusion=[(20.0, 25.0, 1.0)])],
        "meal.day": [dict(subject="t2d", knobs={"renal_threshold": 60.0}, body_weight=91.0)],
        "meal.day_metrics": [dict(result=meal.day("normal", {"glut4": 0.5}))],
        "meal.params": [dict(subject="t2d")],
        "meal.basal": [dict(subject="t2d")],
        "progression.ha2016": [dict(scenario="early", knobs={"glut4": 0.8}, t_end=1200.0, t_on=600.0,
                                    target_si=0.468)],
        "progression.time_to_diabetes": [dict(result=ha_none, threshold=126.0)],
        "progression.last_successful_start": [dict(target_si=0.468, knobs={"glut4": 0.9}, t_end=1800.0,
                                                   threshold=126.0)],
        "progression.ha2016_fasting_state": [dict(result=ha_early)],
        "progression.topp2000": [dict(knobs={"glut4": 0.8}, t_end=2000.0, SI=0.72, d0=0.06,
                                      initial=(100.0, 10.0, 300.0))],
        "progression.topp_fixed_points": [dict(knobs={"glut4": 0.8}, SI=0.72, d0=0.06)],
        "progression.topp_saddle_node_d0": [dict()],
        "minimal.simulate": [dict(S_I=5e-4, S_G=0.018, p2=0.022, G0=280.0, Gb=92.0, Ib=11.0, I0=340.0,
                                  n=0.26, gamma=0.0037, h=105.0, knobs={"glut4": 0.8}, t_end=180.0),
                             dict(t=np.arange(0.0, 181.0, 2.0), insulin=(fs["t"].copy(), fs["I"].copy()))],
        "minimal.fit_fsigt": [dict(t=fs["t"][sub], G=fs["G"][sub], I=fs["I"][sub], Gb=92.0, Ib=11.0,
                                   t_min=8.0)],
        "minimal.kg": [dict(t=fs["t"].copy(), G=fs["G"].copy())],
        "minimal.teaching_params": [dict()],
        "glut4.steady_state": [dict(insulin_pmolL=600.0, knobs={"glut4": 0.5}, contraction=0.5),
                               dict(effect=0.5)],
        "glut4.effect": [dict(insulin_pmolL=600.0, knobs={"glut4": 0.5}, contraction=0.5)],
        "glut4.insulin_effect": [dict(insulin_pmolL=600.0)],
        "glut4.simulate": [dict(effect=0.5, t_end=60.0, knobs={"glut4": 0.5}, contraction=0.5),
                           dict(insulin=(t_in, np.array([0.0, 600.0, 100.0])), t_end=60.0,
                                t_eval=np.linspace(0.0, 60.0, 61))],
        "lipolysis.simulate": [dict(t=t_meal, I=i_meal, Ib=25.49, params="healthy", method="rk4"),
                               dict(t=t_meal, G=g_meal, Gb=91.76, params="metabolic_syndrome",
                                    glucose_input="rebased")],
        "links.adiponectin_output": [dict(bmi=30.0, sex="female", age=40.0), dict(fat_mass_rel=2.0)],
        "links.cytokine_rule": [dict()],
        "links.endothelium_from_clamp": [dict(clamp_M=5.2, reference_M=7.2, insulin_pmolL=600.0)],
        "lipolysis.after_meal": [dict(meal_result=ref, params="metabolic_syndrome")],
        "lipolysis.reference_basal_insulin": [dict()],
        "meal.tissue_grams": [dict(result=ref)],
        "minimal.sensitivity_tests": [dict(subject="normal", knobs={"glut4": 0.5, "hepatic_output": 1.5})],
        "links.microvascular_response": [dict(insulin_pmolL=600.0, sensitivity=0.8)],
        "links.microvascular_ec50": [dict(sensitivity=0.8)],
        "links.microvascular_emax": [dict(sensitivity=0.8)],
        "links.free_testosterone": [dict(total_nmolL=10.0, shbg_nmolL=40.0, albumin_gL=43.0)],
        "links.total_testosterone": [dict(free_nmolL=0.174, shbg_nmolL=40.0, albumin_gL=43.0)],
        "links.shbg_from_insulin": [dict(insulin_rel=0.55, shbg0_nmolL=84.0)],
        "links.female_androgens": [dict(insulin_rel=0.55, pcos=True, shbg0_nmolL=84.0, free_t0_pmolL=18.2,
                                        albumin_gL=43.0)],
        "links.male_testosterone": [dict(insulin_rel=2.0, total_t0_nmolL=17.0, shbg0_nmolL=40.0,
                                         albumin_gL=43.0)],
        "links.emas_comparison": [dict(insulin_ratio=2.0)],
        "links.estradiol_aromatase": [dict(fat_mass_rel=2.0, total_t_rel=1.0, e2_ref_pgmL=21.7)],
        "links.liver_fat_index": [dict(nefa_rel=1.2, dnl_rel=1.5, diet_rel=1.0)],
        "indices.homa_ir": [dict(fpg_mgdl=90.0, fpi_uU_mL=5.0)],
        "indices.homa_b": [dict(fpg_mgdl=90.0, fpi_uU_mL=5.0)],
        "indices.quicki": [dict(fpg_mgdl=90.0, fpi_uU_mL=5.0)],
        "indices.matsuda": [dict(glucose_mgdl=[90.0, 150.0, 140.0, 120.0, 100.0],
                                 insulin_uU_mL=[6.0, 60.0, 55.0, 40.0, 25.0])],
        "indices.eag_mgdl": [dict(a1c_percent=7.0)],
        "indices.eag_mmol": [dict(a1c_percent=7.0)],
        "indices.a1c_from_mean_glucose": [dict(mean_glucose_mgdl=154.2)],
        "indices.ada_category": [dict(fpg_mgdl=105.0, ogtt2h_mgdl=150.0, a1c_percent=5.8)],
        "indices.format_at_cutoffs": [dict(value=125.96, cutoffs=(100.0, 126.0), min_decimals=0, max_decimals=3)],
        "units.mgdl_to_mmol": [dict(glucose_mgdl=90.0)],
        "units.mmol_to_mgdl": [dict(glucose_mmol=5.0)],
        "units.pmol_to_uU": [dict(insulin_pmolL=60.0)],
        "units.uU_to_pmol": [dict(insulin_uU_mL=10.0)],
        "units.si_per_day_to_per_min": [dict(si_mL_uU_d=0.72)],
        "units.testosterone_nmol_to_ngdl": [dict(t_nmolL=17.0)],
        "scenarios.preset": [dict(name="metformin", subject="normal")],
        "scenarios.case_settings": [dict(name="early_t2d")],
        "scenarios.knob_settings": [dict(name="insulin_resistant", knobs=["glut4", "adiponectin"], subject="normal")],
        "knobs.validate": [dict(knobs={"glut4": 0.5, "hepatic_output": 1.5})],
        "knobs.validate_arrays": [dict(knobs={"glut4": np.array([0.5, 1.0]), "adiponectin": 2.0})],
        "knobs.adiponectin_gain": [dict(a=2.25)],
        "indices.homa_ir_isoline": [dict(homa_ir_value=2.5, fpg_mgdl=np.linspace(60.0, 155.0, 20))],
        "progression.topp_hyperbola_constant": [dict(knobs={"hepatic_output": 1.2}, d0=0.06)],
        "twin.calibrate": [dict(fpg_mgdl=105.0, fpi_uU_mL=14.0)],
        "twin.reference_twin": [dict(subject="t2d")],
        "twin.meal_response": [dict(twin=twin.calibrate(140.0, 14.0), what_if="metformin")],
        "twin.subject_for": [dict(fpg_mgdl=126.0)],
        "twin.glut4_from_homa": [dict(fpg_mgdl=95.0, fpi_uU_mL=8.0, subject="normal")],
        "twin.subject_fasting": [dict(subject="t2d", glut4=0.5, hepatic_output=1.5)],
    }


#: extra keyword arguments a function takes through ``**options`` (fuzzed like parameters)
OPTIONS = {
    "meal.simulate": ("glucose_bolus", "glucose_infusion", "insulin_infusion", "exercise", "hr_basal",
                      "exercise_effect", "ii_gain", "id_gain", "kempt_ac"),
}
OPTIONS["meal.simulate_population"] = OPTIONS["meal.simulate"]
OPTIONS["meal.ogtt"] = OPTIONS["meal.simulate"]
OPTIONS["meal.ivgtt"] = OPTIONS["meal.simulate"]


class With:
    """A documented-edge value that needs other arguments changed too (e.g. a 1-min run without
    the baseline's timed events)."""

    def __init__(self, value, set=None, drop=()):
        self.value, self.set, self.drop = value, dict(set or {}), tuple(drop)

    def apply(self, base, param):
        kw = {k: v for k, v in base.items() if k not in self.drop}
        return {**kw, **self.set, param: self.value}


def _documented_extremes():
    """Edges of the documented ranges (docstrings and validators), per function and parameter."""
    plain = ("glucose_bolus", "glucose_infusion", "insulin_infusion", "exercise")   # timed events
    long_day = With([(0.0, 1000.0), (10079.0, 1000.0)], set={"t_end": 10080.0}, drop=plain)
    return {
        "meal.simulate": {
            "meals": [[(0.0, 1000.0)], long_day, [(0.0, 1e-9)], [(0.0, 0.0)], [(419.999, 1000.0)]],
            "body_weight": [20.0, 300.0],
            "t_end": [With(1.0, drop=plain), With(10080.0, drop=plain), With(1.0 + 1e-9, drop=plain)],
            "glucose_bolus": [[(0.0, 1000.0)], [(420.0, 1000.0)]],
            "glucose_infusion": [[(0.0, 420.0, 50.0)], [(0.0, 420.0, 0.0)], [(5.0, 5.0, 50.0)]],
            "insulin_infusion": [[(0.0, 420.0, 200.0)], [(0.0, 420.0, 5.0)]],
            "exercise": [[(0.0, 240.0, 220.0)], [(0.0, 240.0, 220.0), (240.0, 180.0, 220.0)], [(0.0, 0.0, 220.0)]],
            "hr_basal": [40.0, 100.0],
            "exercise_effect": [[(0.0, 240.0)], [(419.0, 240.0)]],
            "ii_gain": [1.0, 2.5], "id_gain": [1.0, 2.0], "kempt_ac": ["table"],
        },
        "meal.simulate_population": {
            "knobs": [{"glut4": np.array([0.2, 2.0]), "hepatic_output": np.array([0.5, 2.0]),
                       "adiponectin": np.array([2.5, 0.25])},
                      {"glut4": np.full(5000, 1.0)}],
            "meals": [[(0.0, 1000.0)]], "t_end": [With(10080.0, drop=plain)], "body_weight": [20.0, 300.0],
            "insulin_infusion": [[(0.0, 120.0, 200.0)]], "glucose_infusion": [[(0.0, 120.0, 50.0)]],
            "exercise": [[(0.0, 120.0, 220.0)]],
        },
        "meal.clamp": {"insulin_pmolL": [0.0, 6000.0], "glucose_mgdl": [20.0, 600.0],
                       "knobs": [{"glut4": 0.2, "hepatic_output": 2.0, "adiponectin": 0.25},
                                 {"glut4": 2.0, "hepatic_output": 0.5, "adiponectin": 2.5}]},
        "meal.clamp_detail": {"insulin_pmolL": [0.0, 6000.0], "glucose_mgdl": [20.0, 600.0]},
        "meal.ogtt": {"body_weight": [20.0, 300.0]},
        "meal.day": {"body_weight": [20.0, 300.0],
                     "knobs": [{"renal_threshold": 30.0, "renal_excretion": 10.0, "gastric_emptying": 0.3,
                                "insulin_secretion": 2.5}]},
        "meal.ivgtt": {"dose_g_per_kg": [0.0, 1.0], "t_end": [With(1.0, drop=plain), With(10080.0, drop=plain)],
                       "body_weight": [20.0, 300.0]},
        "meal.fasting_state": {"knobs": [{"glut4": 0.2, "hepatic_output": 2.0, "adiponectin": 0.25},
                                         {"glut4": 2.0, "hepatic_output": 0.5, "adiponectin": 2.5}]},
        "progression.ha2016": {"t_end": [1e-9, 601.0, 1e5, 1e9], "t_on": [1e-9, 1199.999],
                               "target_si": [0.01, 2.0]},
        "progression.topp2000": {"t_end": [1e-9, 1e5, 1e9], "SI": [1e-9, 1e3], "d0": [1e-9, 1e3],
                                 "initial": [(1e-9, 0.0, 0.0), (600.0, 0.0, 0.0), (1e6, 1e6, 1e6)]},
        "progression.topp_fixed_points": {"SI": [1e-9, 1e3], "d0": [1e-9, 0.0735, 1e3]},
        "minimal.simulate": {"t_end": [1e-9, 1e5], "S_I": [1e-12, 1.0], "p2": [1e-12, 10.0],
                             "S_G": [1e-12, 10.0], "n": [0.0, 100.0], "gamma": [0.0, 10.0], "I0": [0.0],
                             "G0": [1e-9, 1e5]},
        "glut4.steady_state": {"insulin_pmolL": [0.0, 1e5], "effect": [0.0, 1.0], "contraction": [0.0, 1.0]},
        "glut4.simulate": {"t_end": [1e-9, 1e6], "effect": [0.0, 1.0]},
        "lipolysis.simulate": {"t": [np.linspace(-1e6, 1e6, 421)]},
        "links.adiponectin_output": {"bmi": [15.0, 60.0], "age": [18.0, 90.0], "fat_mass_rel": [0.1, 10.0]},
        "links.microvascular_response": {"insulin_pmolL": [0.0, 1e5], "sensitivity": [0.2, 2.0]},
        "links.free_testosterone": {"total_nmolL": [0.01, 200.0], "shbg_nmolL": [0.1, 1000.0],
                                    "albumin_gL": [10.0, 70.0]},
        "links.total_testosterone": {"free_nmolL": [1e-5, 10.0], "shbg_nmolL": [0.1, 1000.0]},
        "links.female_androgens": {"insulin_rel": [0.25, 5.0], "free_t0_pmolL": [0.5, 100.0],
                                   "shbg0_nmolL": [1.0, 300.0]},
        "links.male_testosterone": {"insulin_rel": [0.25, 5.0], "total_t0_nmolL": [1.0, 60.0]},
        "links.liver_fat_index": {"nefa_rel": [0.0, 10.0]},
        "indices.homa_b": {"fpg_mgdl": [10.0, 63.0, 63.0001, 1500.0], "fpi_uU_mL": [0.1, 1000.0]},
        "indices.quicki": {"fpg_mgdl": [10.0, 1500.0], "fpi_uU_mL": [0.1, 1000.0]},
        "indices.matsuda": {"glucose_mgdl": [[10.0] * 5, [1500.0] * 5], "insulin_uU_mL": [[0.1] * 5]},
        "indices.eag_mgdl": {"a1c_percent": [3.0, 20.0]},
        "indices.eag_mmol": {"a1c_percent": [3.0, 20.0]},
        "knobs.adiponectin_gain": {"a": [0.25, 2.5]},
        "indices.homa_ir_isoline": {"homa_ir_value": [0.01, 100.0], "fpg_mgdl": [10.0, 1500.0]},
        "progression.topp_hyperbola_constant": {"d0": [0.001, 0.0735, 0.0736, 1.0],
                                                "knobs": [{"hepatic_output": 0.5}, {"hepatic_output": 2.0}]},
        "twin.calibrate": {"fpg_mgdl": [10.0, 76.0, 125.999, 126.0, 243.0, 1500.0],
                           "fpi_uU_mL": [0.1, 1000.0]},
        "twin.glut4_from_homa": {"fpg_mgdl": [10.0, 1500.0], "fpi_uU_mL": [0.1, 1000.0]},
        "twin.subject_fasting": {"glut4": [0.2, 2.0], "hepatic_output": [0.5, 2.0]},
    }


# ----------------------------------------------------------------------------- bad values
NAN, INF = float("nan"), float("inf")


class _Weird:
    """An object of no expected type (repr is stable)."""

    def __repr__(self):
        return "Weird()"


def _generic_bad():
    """(label, value) pairs tried for every parameter."""
    return [
        ("None", None), ("True", True), ("'x'", "x"), ("''", ""), ("'nan'", "nan"), ("'1'", "1"),
        ("b'1'", b"1"), ("[]", []), ("()", ()), ("{}", {}), ("set()", set()), ("Weird()", _Weird()),
        ("1j", 1j), ("-1", -1), ("0", 0), ("-0.0", -0.0), ("1e-300", 1e-300), ("-1e-300", -1e-300),
        ("1e9", 1e9), ("-1e9", -1e9), ("1e300", 1e300), ("-1e300", -1e300), ("nan", NAN), ("inf", INF),
        ("-inf", -INF), ("np.float64(nan)", np.float64(NAN)), ("np.int64(-1)", np.int64(-1)),
        ("np.array([])", np.array([])), ("np.array([nan])", np.array([NAN])),
        ("np.array([1.0, -1.0])", np.array([1.0, -1.0])), ("'x'*100000", "x" * 100_000),
        ("[None]", [None]), ("[nan]", [NAN]), ("{'a': 1}", {"a": 1}), ("[[1, 2], [3]]", [[1, 2], [3]]),
    ]


def _is_number(v):
    return isinstance(v, (int, float, np.number)) and not isinstance(v, (bool, np.bool_))


def _specific_bad(v):
    """(label, value) pairs derived from a valid value ``v`` of the parameter."""
    out = []
    if _is_number(v):
        v = float(v)
        out += [("-v", -v), ("v*1e6", v * 1e6), ("v/1e6", v / 1e6), ("str(v)", str(v)), ("[v]", [v]),
                ("np.array([v, v])", np.array([v, v])), ("np.array(v)", np.array(v)),
                ("np.float32(v)", np.float32(v)), ("v+1e-12", v + 1e-12), ("nextafter(v, 0)", np.nextafter(v, 0))]
    elif isinstance(v, str):
        out += [("v.upper()", v.upper()), ("' '+v", " " + v), ("v*1000", v * 1000), ("v[:-1]", v[:-1]),
                ("[v]", [v])]
    elif isinstance(v, dict):
        if v:
            k, x = next(iter(v.items()))
            out += [(f"{{{k}: nan}}", {**v, k: NAN}), (f"{{{k}: -1}}", {**v, k: -1.0}),
                    (f"{{{k}: 1e300}}", {**v, k: 1e300}), (f"{{{k}: '1'}}", {**v, k: "1"}),
                    (f"{{{k}: None}}", {**v, k: None}), (f"{{{k}: [x, x]}}", {**v, k: [x, x]}),
                    (f"{{{k}: inf}}", {**v, k: INF}), (f"{{{k}: True}}", {**v, k: True}),
                    (f"{{{k}: np.array([nan])}}", {**v, k: np.array([NAN])}),
                    (f"{{{k}: np.array([])}}", {**v, k: np.array([])}),
                    (f"{{{k}: 2-D array}}", {**v, k: np.ones((2, 2))}),
                    ("{k+'_': x}", {k + "_": x}), ("{1: 1}", {1: 1.0}), ("{None: x}", {None: x}),
                    ("list(v.items())", list(v.items())), ("mappingproxy(v)", types.MappingProxyType(dict(v))),
                    ("{'glut4': [0.5, 1], 'adiponectin': [1, 1, 1]}",
                     {"glut4": np.array([0.5, 1.0]), "adiponectin": np.array([1.0, 1.0, 1.0])})]
    elif isinstance(v, np.ndarray) and v.ndim == 1 and v.size >= 2 and v.dtype.kind == "f":
        w = v.copy()
        with_nan, with_inf, neg = w.copy(), w.copy(), w.copy()
        with_nan[1], with_inf[1], neg[1] = NAN, INF, -1.0
        dup = w.copy()
        dup[1] = dup[0]
        out += [("v[::-1]", w[::-1].copy()), ("-v", -w), ("v with nan", with_nan), ("v with inf", with_inf),
                ("v with -1", neg), ("v[:1]", w[:1].copy()), ("v[:0]", w[:0].copy()), ("v[:-1]", w[:-1].copy()),
                ("stack([v, v])", np.stack([w, w])), ("v.astype(object)", w.astype(object)),
                ("v.astype(str)", w.astype(str)), ("v*1e300", w * 1e300), ("v*1e3", w * 1e3),
                ("v-1e6", w - 1e6), ("v with a repeated point", dup), ("v+0j", w + 0j),
                ("list(v)", list(w)), ("tile(v, 1000)", np.tile(w, 1000))]
    elif isinstance(v, tuple) and len(v) == 2 and all(isinstance(a, np.ndarray) for a in v):
        t, y = v
        y_nan = y.copy()
        y_nan[1] = NAN
        out += [("(t, y with nan)", (t, y_nan)), ("(t, -y)", (t, -y)), ("(t[::-1], y)", (t[::-1].copy(), y)),
                ("(t,)", (t,)), ("(t, y, y)", (t, y, y)), ("(t, y[:-1])", (t, y[:-1].copy())),
                ("(t, y*1e300)", (t, y * 1e300)), ("(t[:1], y[:1])", (t[:1].copy(), y[:1].copy())),
                ("[t, y] as 2-D", np.stack([t, y]))]
    elif isinstance(v, (list, tuple)) and v and all(isinstance(e, tuple) for e in v):
        e = v[0]
        for i in range(len(e)):
            for lab, bad in (("nan", NAN), ("-1", -1.0), ("1e300", 1e300), ("inf", INF), ("None", None),
                             ("'1'", "1")):
                ee = list(e)
                ee[i] = bad
                out.append((f"[e with {lab} at {i}]", [tuple(ee)]))
        out += [("[e + (1,)]", [e + (1.0,)]), ("[e[:-1]]", [e[:-1]]), ("[e]*10000", [e] * 10_000),
                ("[list(e)]", [list(e)]), ("'ab'", "ab"), ("{e}", {e}), ("[e, None]", [e, None]),
                ("[()]", [()]), ("e (not a list)", e), ("[np.array(e)]", [np.array(e)]),
                ("[e] with times 1e-300 apart", [e, (e[0] + 1e-300, *e[1:])]),
                ("{e[0]: e[1:]}", {e[0]: e[1:]})]
    elif isinstance(v, (list, tuple)) and v and all(_is_number(x) for x in v):
        lst = list(v)
        out += [("[nan, ...]", [NAN] + lst[1:]), ("[-1, ...]", [-1.0] + lst[1:]),
                ("[1e300, ...]", [1e300] + lst[1:]), ("v[:-1]", lst[:-1]), ("v+v", lst + lst),
                ("[str(x)]", [str(x) for x in lst]), ("[v]", [lst]), ("np.array(v)[::-1]", np.array(lst)[::-1]),
                ("[0]*len(v)", [0.0] * len(lst)), ("[1e-300]*len(v)", [1e-300] * len(lst))]
    elif callable(v) and not isinstance(v, type):
        out += [("lambda t: nan", lambda t: NAN), ("lambda t: -1", lambda t: -1.0),
                ("lambda t: 1e300", lambda t: 1e300), ("lambda t: 'x'", lambda t: "x"),
                ("lambda t: None", lambda t: None), ("lambda t: [0.5]", lambda t: [0.5])]
    elif dataclasses.is_dataclass(v) and not isinstance(v, type):
        arrays = {f.name: getattr(v, f.name) for f in dataclasses.fields(v)
                  if isinstance(getattr(v, f.name), np.ndarray) and getattr(v, f.name).dtype.kind == "f"}
        out += [("dict(v)", dict(vars(v)) if hasattr(v, "__dict__") else {}),
                ("replace(v, every array nan)", dataclasses.replace(v, **{k: a * NAN for k, a in arrays.items()})),
                ("replace(v, every array empty)", dataclasses.replace(v, **{k: a[:0] for k, a in arrays.items()})),
                ("replace(v, every array negated)", dataclasses.replace(v, **{k: -a for k, a in arrays.items()})),
                ("SimpleNamespace(t=[0], G=[nan])", types.SimpleNamespace(t=np.array([0.0]), G=np.array([NAN])))]
    return out


#: NEFAParams that used to be accepted unvalidated (KNEFA=0 divided by zero, SNEFA<0 gave negative NEFA)
NEFA_PARAMS_BAD = [("tau", -5.0), ("KNEFA", 0.0), ("phi", -0.14), ("SNEFA", NAN), ("SNEFA", -1.0), ("kc", 1e300)]


def _nefa_params_bad():
    """Bad parameter sets can no longer be built (see test_bad_nefa_params_are_refused_when_built); the
    fuzz of lipolysis.simulate gets none."""
    return []



# ----------------------------------------------------------------------------- the cases
def public_callables():
    """[(qualified name, object)] for every callable in the public modules' ``__all__``."""
    out = []
    for m in MODULES:
        mod = importlib.import_module(f"metabolism.{m}")
        for name in mod.__all__:
            obj = getattr(mod, name)
            if callable(obj):
                out.append((f"{m}.{name}", obj))
    return out


def _resolve(qual):
    m, name = qual.split(".")
    return getattr(importlib.import_module(f"metabolism.{m}"), name)


def build_cases():
    """Deterministic list of (case id, function name, parameter or None, label, kwargs)."""
    bases = _baselines()
    extremes = _documented_extremes()
    cases = []
    for qual in sorted(bases):
        f = _resolve(qual)
        sig = inspect.signature(f)
        params = [p.name for p in sig.parameters.values()
                  if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
        params += list(OPTIONS.get(qual, ()))
        for i, base in enumerate(bases[qual]):
            cases.append((f"{qual}|baseline{i}", qual, None, f"baseline {i}", base))
        for p in params:
            base = next((b for b in bases[qual] if p in b), bases[qual][0])
            example = base.get(p, sig.parameters[p].default if p in sig.parameters else None)
            if example is inspect.Parameter.empty:
                example = None
            values = _generic_bad() + _specific_bad(example)
            if qual == "lipolysis.simulate" and p == "params":
                values += _nefa_params_bad()
            values += [(f"documented edge {x.value if isinstance(x, With) else x!r}"[:90], x)
                       for x in extremes.get(qual, {}).get(p, [])]
            seen = set()
            for label, value in values:
                if label in seen:
                    continue
                seen.add(label)
                kwargs = value.apply(base, p) if isinstance(value, With) else {**base, p: value}
                cases.append((f"{qual}|{p}|{label}", qual, p, label, kwargs))
    return cases


# ----------------------------------------------------------------------------- the child's checks
def _norm(s):
    return re.sub(r"[^a-z0-9]", "", str(s).lower())


def names_argument(param, value, message):
    """True if ``message`` names ``param`` (or, for a dict argument, one of its keys)."""
    msg = _norm(message)
    candidates = [param]
    if isinstance(value, dict):
        candidates += [k for k in value if isinstance(k, str)]
    return any(_norm(c) and _norm(c) in msg for c in candidates)


def names_inputs(kwargs, message):
    """True if ``message`` names at least one argument (or knob) of the call that is set in ``kwargs``."""
    names = [k for k, v in kwargs.items() if v not in (None, [], (), {})]
    names += [k for v in kwargs.values() if isinstance(v, dict) for k in v if isinstance(k, str)]
    return any(names_argument(n, None, message) for n in names)


def _allowed(table, qual, path):
    for (fpat, ppat), reason in table.items():
        fq = fpat.replace(".", r"\.").replace("*", ".*")
        if re.fullmatch(fq, qual) and re.fullmatch(rf"(?:.*\.)?(?:{ppat})", path):
            return reason
    return None


def walk(obj, qual, path="return", depth=0, problems=None):
    """Collect (path, problem) for every non-finite or negative number in ``obj``."""
    problems = [] if problems is None else problems
    if depth > 6 or len(problems) > 20:
        return problems
    if isinstance(obj, (bool, np.bool_, str, bytes, type(None))) or inspect.isroutine(obj) or inspect.isclass(obj):
        return problems
    if _is_number(obj) or isinstance(obj, np.ndarray):
        arr = np.asarray(obj)
        if arr.dtype.kind in "bUSMmV":
            return problems
        if arr.dtype.kind == "O":
            for k, x in enumerate(arr.ravel()[:1000]):
                walk(x, qual, f"{path}[{k}]", depth + 1, problems)
            return problems
        if arr.dtype.kind == "c":
            problems.append((path, f"complex values {arr.ravel()[:3]!r}"))
            return problems
        if path.endswith("state") and arr.ndim >= 1 and 12 in arr.shape:
            axis = arr.shape.index(12) if arr.ndim == 1 or arr.shape[0] == 12 else arr.ndim - 1
            for k in range(12):
                walk(np.take(arr, k, axis=axis), qual, f"{path}[{k}]".replace("return.", ""), depth + 1,
                     problems)
            return problems
        p = path.replace("return.", "") if path != "return" else path
        a = arr.astype(float)
        inf_ok = bool(_allowed(MAY_BE_INF, qual, p))
        bad = np.isnan(a) | (np.isinf(a) & ~(np.isposinf(a) & inf_ok))
        if np.any(bad):
            problems.append((p, f"non-finite value {a[bad].ravel()[0]!r}"))
        elif a.size and np.nanmin(a) < -1e-9 and not _allowed(MAY_BE_NEGATIVE, qual, p):
            problems.append((p, f"negative value {float(np.nanmin(a))!r}"))
        return problems
    if isinstance(obj, dict):
        for k, x in obj.items():
            if k in NOT_WALKED:
                continue
            walk(x, qual, f"{path}.{k}", depth + 1, problems)
        return problems
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):
        for k in obj._fields:
            walk(getattr(obj, k), qual, f"{path}.{k}", depth + 1, problems)
        return problems
    if isinstance(obj, (list, tuple)):
        for k, x in enumerate(obj[:1000]):
            walk(x, qual, f"{path}[{k}]" if path != "return" else f"return[{k}]", depth + 1, problems)
        return problems
    if dataclasses.is_dataclass(obj):
        names = [f.name for f in dataclasses.fields(obj)]
        names += [n for n, m in inspect.getmembers(type(obj)) if isinstance(m, property)]
        for k in names:
            if k in NOT_WALKED:
                continue
            try:
                x = getattr(obj, k)
            except Exception as exc:  # a property that raises is a finding too
                problems.append((k, f"property raised {type(exc).__name__}: {exc}"))
                continue
            walk(x, qual, f"{path}.{k}", depth + 1, problems)
        return problems
    return problems


def classify(qual, param, value, kwargs):
    """Run one call and return (outcome, kind, detail): outcome "ok", "refused" or "fail"."""
    f = _resolve(qual)
    try:
        out = f(**kwargs)
    except (ValueError, TypeError) as exc:
        msg = f"{type(exc).__name__}: {exc}"
        if param is None:
            return "fail", "baseline raised", msg[:400]
        if names_argument(param, value, str(exc)):
            return "refused", type(exc).__name__, msg[:200]
        if type(exc).__name__ == "ModelValidityError" and names_inputs(kwargs, str(exc)):
            # every input is allowed alone, but together they leave the model's validity domain: the message
            # must name the inputs of the run (the varied one need not be the culprit, e.g. meals=None)
            return "refused", "ModelValidityError", msg[:200]
        return "fail", "error does not name the argument", msg[:400]
    except MemoryError:
        return "fail", "over memory budget", f"MemoryError (cap {MEMORY_CAP / 2 ** 30:.1f} GiB)"
    except RecursionError as exc:
        return "fail", "exception", f"RecursionError: {str(exc)[:200]}"
    except Exception as exc:
        return "fail", "exception", f"{type(exc).__name__}: {str(exc)[:400]}"
    problems = walk(out, qual)
    if problems:
        kind = "non-finite result" if any("non-finite" in d for _, d in problems) else \
            "negative result" if any("negative" in d for _, d in problems) else "bad result"
        return "fail", kind, "; ".join(f"{p}: {d}" for p, d in problems[:4])[:400]
    return "ok", "", ""


# ----------------------------------------------------------------------------- the worker
def _child(batch, w):
    """In a forked child: run the cases of ``batch`` one after another under the memory cap, with
    a CPU limit re-armed per case; announce each case before it starts and report it when done."""
    try:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        _, hard = resource.getrlimit(resource.RLIMIT_CPU)
        for k, (cid, qual, param, label, kwargs) in enumerate(batch):
            os.write(w, f"S {k}\n".encode())
            used = resource.getrusage(resource.RUSAGE_SELF)
            soft = int(used.ru_utime + used.ru_stime + TIME_LIMIT + 2)
            if hard == resource.RLIM_INFINITY or soft < hard:
                resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
            try:
                res = classify(qual, param, kwargs.get(param) if param else None, kwargs)
            except BaseException as exc:            # noqa: BLE001 - report, never hang
                res = ("fail", "exception", f"{type(exc).__name__}: {str(exc)[:300]}")
            os.write(w, ("R " + json.dumps(res) + "\n").encode())
    finally:
        os._exit(0)


def run_cases(cases, batch_size=BATCH):
    """Run ``cases`` in forked children, ``batch_size`` per child. A case that overruns
    :data:`TIME_LIMIT` is killed with its child, a case whose child dies is reported as killed, and
    the rest of its batch continues in a new child. Yields one outcome dict per case."""
    i = 0
    while i < len(cases):
        batch = cases[i:i + batch_size]
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            _child(batch, w)
        os.close(w)
        buf, current, started, done, ended = b"", None, time.perf_counter(), 0, None
        while True:
            left = started + TIME_LIMIT - time.perf_counter()
            if current is not None and left <= 0:
                os.kill(pid, signal.SIGKILL)
                ended = ("fail", "over time budget", f"no answer within {TIME_LIMIT:g} s (killed)")
                break
            ready, _, _ = select.select([r], [], [], max(left, 0.0) if current is not None else 1.0)
            if not ready:
                continue
            data = os.read(r, 65536)
            if not data:
                break
            buf += data
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                tag, rest = line[:1], line[2:]
                if tag == b"S":
                    current, started = int(rest), time.perf_counter()
                else:
                    res = json.loads(rest)
                    cid, qual, param, label, _ = batch[current]
                    yield {"id": cid, "func": qual, "param": param, "label": label, "outcome": res[0],
                           "kind": res[1], "detail": res[2],
                           "seconds": round(time.perf_counter() - started, 4)}
                    done, current = current + 1, None
        _, status = os.waitpid(pid, 0)
        os.close(r)
        if done < len(batch):                       # the case in progress timed out or died
            if ended is None:
                if os.WIFSIGNALED(status):
                    name = signal.Signals(os.WTERMSIG(status)).name
                    ended = ("fail", "killed", f"child died of {name} (memory cap or CPU limit reached, "
                                               "or a crash)")
                else:
                    ended = ("fail", "killed", "child exited without an answer")
            cid, qual, param, label, _ = batch[done]
            yield {"id": cid, "func": qual, "param": param, "label": label, "outcome": ended[0],
                   "kind": ended[1], "detail": ended[2], "seconds": round(time.perf_counter() - started, 4)}
            done += 1
        i += done


def worker_main(shard, nshards):
    cases = [c for k, c in enumerate(build_cases()) if k % nshards == shard]
    for outcome in run_cases(cases):
        print(json.dumps(outcome), flush=True)


def run_fuzz(tmpdir, workers=WORKERS):
    """Run every case in ``workers`` worker processes; return the list of outcome dicts."""
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
               PYTHONWARNINGS="ignore")
    procs = []
    for k in range(workers):
        out = open(Path(tmpdir) / f"fuzz-{k}.jsonl", "w")
        err = open(Path(tmpdir) / f"fuzz-{k}.err", "w")
        procs.append((subprocess.Popen([sys.executable, str(HERE), "--worker", str(k), str(workers)],
                                       stdout=out, stderr=err, env=env, cwd=HERE.parent), out, err))
    results = []
    for k, (p, out, err) in enumerate(procs):
        p.wait()
        out.close()
        err.close()
        if p.returncode != 0:
            raise RuntimeError(f"fuzz worker {k} failed (exit {p.returncode}):\n"
                               + (Path(tmpdir) / f"fuzz-{k}.err").read_text()[-3000:])
        results += [json.loads(line) for line in (Path(tmpdir) / f"fuzz-{k}.jsonl").read_text().splitlines()
                    if line.strip()]
    return results


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--worker":
        worker_main(int(sys.argv[2]), int(sys.argv[3]))
        sys.exit(0)
    sys.exit("usage: python tests/test_fuzz_api.py --worker K N")


# ============================================================================= the tests
import pytest  # noqa: E402  (not needed by the worker)


@pytest.fixture(scope="module")
def fuzz(tmp_path_factory):
    t0 = time.perf_counter()
    results = run_fuzz(tmp_path_factory.mktemp("fuzz"))
    elapsed = time.perf_counter() - t0
    report = os.environ.get("FUZZ_REPORT")
    if report:
        Path(report).write_text(json.dumps({"seconds": elapsed, "results": results}, indent=0))
    by_func = {}
    for r in results:
        by_func.setdefault(r["func"], []).append(r)
    return by_func


def _function_names():
    return sorted(q for q, obj in public_callables() if q not in NOT_FUNCTIONS)


def test_every_public_callable_is_fuzzed_or_listed():
    """A new public function without a baseline here is a gap in the fuzz: fail until it has one."""
    bases = _baselines()
    for qual, obj in public_callables():
        if qual in NOT_FUNCTIONS:
            assert inspect.isclass(obj), f"{qual} is listed as a record type but is not a class"
        else:
            assert qual in bases, f"{qual} is public but has no fuzz baseline"
    assert set(bases) <= {q for q, _ in public_callables()}, "a baseline names no public function"


def test_the_checks_can_fail():
    """The walker and the message check catch what they must (so a green fuzz means something)."""
    assert walk(np.array([1.0, NAN]), "meal.simulate")
    assert walk({"G": np.array([1.0, -1.0])}, "meal.simulate")
    assert not walk({"M": -1.0}, "meal.clamp_detail")
    assert walk(INF, "indices.homa_ir") and not walk(INF, "progression.time_to_diabetes")
    assert not names_argument("t_end", 1e9, "Maximum allowed size exceeded")
    assert names_argument("knobs", {"glut4": NAN}, "glut4=nan is not a finite number")
    assert names_argument("glucose_mgdl", -1, "glucose (mg/dL)=-1 is negative")


@pytest.mark.parametrize("qual", _function_names())
def test_fuzz(fuzz, qual):
    """No silent NaN/inf or negative value, no exception other than a ValueError/TypeError naming the
    argument, no call over its time or memory budget."""
    results = fuzz.get(qual, [])
    assert results, f"no fuzz cases ran for {qual}"
    failures = [r for r in results if r["outcome"] == "fail"]
    lines = [f"{r['param'] or '-'} = {r['label']}: {r['kind']}: {r['detail'][:160]}" for r in failures[:15]]
    assert not failures, f"{len(failures)} of {len(results)} calls of {qual} failed:\n" + "\n".join(lines)


@pytest.mark.parametrize("field, value", NEFA_PARAMS_BAD)
def test_bad_nefa_params_are_refused_when_built(field, value):
    from metabolism.lipolysis import NEFAParams

    with pytest.raises(ValueError, match=field):
        NEFAParams(**{field: value})
