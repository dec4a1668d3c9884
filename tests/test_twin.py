"""metabolism.twin: the virtual-twin calibration (subject, GLUT4 from HOMA-IR, liver solved).

Checked through the public meal-model API (the twin's fasting glucose is recomputed with
``meal.fasting_state``), against the book rule's definition (GLUT4 = subject HOMA-IR / reader HOMA-IR), and for
well-posedness: one answer, unchanged by the thread count of the linear-algebra library.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from metabolism import indices, meal, scenarios, twin
from metabolism.knobs import KNOBS

G4 = (KNOBS["glut4"].lo, KNOBS["glut4"].hi)
HO = (KNOBS["hepatic_output"].lo, KNOBS["hepatic_output"].hi)


@pytest.mark.parametrize("g, i", [(80, 3), (92, 4.2), (100, 10), (118, 30), (126, 5), (150, 14), (200, 40)])
def test_matched_twin_has_the_readers_fasting_glucose(g, i):
    t = twin.calibrate(g, i)
    assert t.matched and t.message == ""
    f = meal.fasting_state(t.subject, t.knobs)
    assert f.G == pytest.approx(g, abs=1e-6)                     # the root is solved to 1e-9 of a knob unit
    assert t.glucose_mgdl == pytest.approx(f.G, abs=1e-12)
    assert t.insulin_uU_mL == pytest.approx(f.I / 6.0, rel=1e-12)  # 1 µU/mL = 6.00 pmol/L (book convention)
    assert G4[0] <= t.glut4 <= G4[1] and HO[0] <= t.hepatic_output <= HO[1]


def test_subject_switches_at_the_ada_diabetes_cut_off():
    assert twin.SUBJECT_CUTOFF_MGDL == 126.0
    assert twin.subject_for(125.999) == "normal" and twin.subject_for(126) == "t2d"
    assert twin.calibrate(125.9, 10).subject == "normal" and twin.calibrate(126, 10).subject == "t2d"


def test_glut4_is_the_homa_ir_ratio_clipped_to_the_knob_range():
    G, I = twin.subject_fasting("normal")
    own = indices.homa_ir(G, I)
    assert twin.glut4_from_homa(95, 8) == pytest.approx(own / indices.homa_ir(95, 8), rel=1e-12)
    assert twin.calibrate(95, 8).glut4 == twin.calibrate(95, 8).glut4_homa   # liver alone can match here
    assert twin.glut4_from_homa(95, 100) == G4[0]                             # ratio 0.04 -> 0.2
    assert twin.glut4_from_homa(80, 0.5) == G4[1]                             # ratio 9.7 -> 2.0
    # the reference subject's own numbers give GLUT4 1 and liver 1
    t = twin.calibrate(G, I)
    assert t.glut4 == pytest.approx(1, abs=1e-9) and t.hepatic_output == pytest.approx(1, abs=1e-7)


def test_glucose_rises_with_liver_and_falls_with_glut4():
    """The monotonicity that makes each solve a unique root (well-posed)."""
    for subject in ("normal", "t2d"):
        hs = [twin.subject_fasting(subject, 1.0, h)[0] for h in np.linspace(*HO, 9)]
        gs = [twin.subject_fasting(subject, g, 1.0)[0] for g in np.linspace(*G4, 9)]
        assert np.all(np.diff(hs) > 0) and np.all(np.diff(gs) < 0)


def test_glut4_moves_when_the_liver_cannot_match():
    """Glucose too high for the liver's range at the HOMA-IR GLUT4: the liver stays at its highest and GLUT4 is
    solved instead, downward from the HOMA-IR value; the twin still matches."""
    for subject, g, i in [("normal", 120, 4), ("normal", 110, 0.5), ("t2d", 230, 8)]:
        t = twin.calibrate(g, i)
        assert twin.subject_fasting(subject, t.glut4_homa, HO[1])[0] < g
        assert t.matched and t.subject == subject and t.hepatic_output == HO[1] and t.glut4 < t.glut4_homa
        assert t.glucose_mgdl == pytest.approx(g, abs=1e-6)


def test_below_the_healthy_subjects_floor_no_glut4_helps():
    """The other way: below ~77 mg/dL even GLUT4 2.0 with the liver at 0.5 cannot lower the healthy subject's
    glucose further (its insulin secretion stops near 78 mg/dL), so there is no twin."""
    floor = twin.subject_fasting("normal", G4[1], HO[0])[0]
    assert 70 < floor < 80 and twin.subject_fasting("normal", G4[0], HO[0])[0] - floor < 1
    assert not twin.calibrate(floor - 0.5, 4).matched and twin.calibrate(floor + 0.5, 4).matched


@pytest.mark.parametrize("g", [50, 70, 250, 400])
def test_unreachable_glucose_is_a_message_not_an_error(g):
    t = twin.calibrate(g, 8)
    assert not t.matched and t.glut4 is None and t.knobs == {}
    assert t.message.startswith("No twin") and f"not {g:g} mg/dL" in t.message
    lo, hi = (int(x) for x in t.message.split("fasting glucose of ")[1].split(" mg/dL")[0].split("–"))
    assert not lo <= g <= hi
    with pytest.raises(ValueError, match="twin is not matched"):
        twin.meal_response(t)


@pytest.mark.parametrize("kwargs, name", [
    (dict(fpg_mgdl="95", fpi_uU_mL=8), "fpg_mgdl"), (dict(fpg_mgdl=np.nan, fpi_uU_mL=8), "fpg_mgdl"),
    (dict(fpg_mgdl=5, fpi_uU_mL=8), "fpg_mgdl"), (dict(fpg_mgdl=95, fpi_uU_mL=-1), "fpi_uU_mL"),
    (dict(fpg_mgdl=95, fpi_uU_mL=None), "fpi_uU_mL"), (dict(fpg_mgdl=95, fpi_uU_mL=5000), "fpi_uU_mL"),
])
def test_bad_input_names_the_argument_and_the_allowed_range(kwargs, name):
    with pytest.raises(ValueError, match=name):
        twin.calibrate(**kwargs)


def test_meal_response_rejects_what_is_not_a_twin_or_a_what_if():
    with pytest.raises(ValueError, match="twin"):
        twin.meal_response({"glut4": 1.0})
    with pytest.raises(ValueError, match="what_if"):
        twin.meal_response(twin.calibrate(95, 8), "aspirin")
    with pytest.raises(ValueError, match="subject"):
        twin.subject_fasting("prediabetes")


def test_reference_twin_is_the_model_subject_after_the_paper_meal():
    """The reference curve: the healthy subject with both knobs ×1 after 105.9 g at 78 kg; its measured
    counterpart (Dalla Man 2007, Fig. 1) peaks near 180 mg/dL about an hour after the meal."""
    ref = twin.meal_response(twin.reference_twin())
    direct = meal.simulate("normal", {}, meals=[(0, 105.9)], body_weight=78, t_end=300)
    assert np.allclose(ref["G"], direct.G) and np.allclose(ref["I"], direct.I)
    assert 165 <= ref["peak_mgdl"] <= 195 and ref["fasting_mgdl"] == pytest.approx(92, abs=1)
    assert ref["glucose_2h_mgdl"] == pytest.approx(np.interp(120, direct.t, direct.G))


def test_what_ifs_multiply_the_twins_knobs_by_the_scenario_presets():
    t = twin.calibrate(105, 8)
    ex = twin.meal_response(t, "exercise training")
    met = twin.meal_response(t, "metformin")
    assert ex["knobs"] == {"glut4": pytest.approx(t.glut4 * scenarios.PRESETS["exercise_trained"]["knobs"]["glut4"]),
                           "hepatic_output": t.hepatic_output}
    assert met["knobs"]["hepatic_output"] == pytest.approx(
        t.hepatic_output * scenarios.PRESETS["metformin"]["knobs"]["hepatic_output"])
    assert ex["glucose_2h_mgdl"] < twin.meal_response(t)["glucose_2h_mgdl"]
    assert met["fasting_mgdl"] < twin.meal_response(t)["fasting_mgdl"]
    # clipped to the knob ranges
    top = twin.calibrate(80, 0.5)
    assert twin.meal_response(top, "exercise training")["knobs"]["glut4"] == G4[1]


def test_meal_response_is_a_copy():
    t = twin.calibrate(95, 8)
    a = twin.meal_response(t)
    a["G"][:] = 0
    assert twin.meal_response(t)["G"].max() > 100


_PROBE = """
import json, sys
from metabolism import twin
out = []
for g, i in [(85, 4), (99, 14), (125, 14), (126, 14), (150, 22), (80, 8)]:
    t = twin.calibrate(g, i)
    out.append([t.glut4.hex(), t.hepatic_output.hex(), twin.meal_response(t)["glucose_2h_mgdl"].hex()])
print(json.dumps(out))
"""


def test_same_numbers_whatever_the_thread_count():
    """Well-posed: the twin is a bracketed scalar root, so BLAS threads cannot change it (bit for bit here)."""
    results = []
    for threads in ("1", "2"):
        env = {**os.environ, "OMP_NUM_THREADS": threads, "OPENBLAS_NUM_THREADS": threads,
               "MKL_NUM_THREADS": threads}
        out = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, timeout=120,
                             check=True)
        results.append(json.loads(out.stdout))
    assert results[0] == results[1]
