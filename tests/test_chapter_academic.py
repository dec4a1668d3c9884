"""The "Try this" prompts and numbers of the Academic chapter, run through the chapter's own module.

``metabolism.book.academic`` is what the pages call; these tests import its ``*_run`` functions (and the
package functions they use), so prose, explorer and tests share one computation. Each test asserts a claim's
direction and size and that the number it checks is the one the page states (``shown``).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from metabolism import data, glut4, indices, links, meal, minimal
from metabolism.book import academic

CH = Path(__file__).resolve().parents[1] / "chapters"
MUSCLE, TISSUES, ORGANS, MEAS = (CH / "academic.md", CH / "academic" / "tissues.md", CH / "academic" / "organs.md",
                                 CH / "academic" / "measuring.md")


def shown(page, *texts):
    """Each text is on the page (line breaks in the source count as spaces)."""
    src = " ".join(page.read_text(encoding="utf-8").split())
    for t in texts:
        assert t in src, f"{page.name} does not say {t!r}"


def tissues(**knobs):
    return academic.tissues_run(**{**academic.TISSUES_REF, **knobs})


# ---------------------------------------------------------------- muscle (chapters/academic.md)

def test_glut4_035_brings_clamp_to_measured_t2d():
    ref, low, half = academic.muscle_run(1.0, False), academic.muscle_run(0.35, False), academic.muscle_run(0.5, False)
    m_ref, m, m5 = ref["M"], low["M"], half["M"]
    assert round(m_ref, 1) == 7.2 and m_ref == pytest.approx(7.04, abs=0.63)        # within 1 SD of controls
    assert round(m, 1) == 4.4 and m == pytest.approx(4.37, abs=0.45)                # on the T2D mean ± SD
    assert round(100 * (m / m_ref - 1)) == -40
    assert round(m5, 1) == 5.2 and round(100 * (m5 / m_ref - 1)) == -28
    shown(MUSCLE, "falls from 7.2 to 4.4 mg/kg/min (−40 %)", "At 0.5 it is 5.2 mg/kg/min (−28 %)")


def test_contraction_adds_the_same_70_percent_at_any_gain():
    for g in (0.35, 1.0):
        rest, ex = academic.muscle_run(g, False)["s0"], academic.muscle_run(g, True)["s0"]
        assert round(rest, 1) == 4.0 and round(ex, 1) == 6.8
        assert round(100 * (ex / rest - 1), -1) == 70
    # the clamp does not see contraction (insulin only)
    assert academic.muscle_run(0.35, True)["M"] == academic.muscle_run(0.35, False)["M"]
    assert round(academic.muscle_run(1.0, False)["s600"]) == 34
    shown(MUSCLE, "rises from 4.0 % to 6.8 %, the same +70 % as at a gain of 1")


def test_fasting_table_halving_glut4():
    f0, f = meal.fasting_state("normal", {}), meal.fasting_state("normal", {"glut4": 0.5})
    assert round(100 * (f.I / f0.I - 1), -1) == 30 and 0 < f.G / f0.G - 1 < 0.04
    h0, h = (indices.homa_ir(x.G, x.I / 6.0) for x in (f0, f))
    assert round(h0, 2) == 0.96 and round(h, 2) == 1.30 and h < 2.5
    shown(MUSCLE, "raises fasting insulin by about 30 % but fasting glucose by under 4 %", "from 0.96 to 1.30")
    table = academic.fasting_table().data
    assert "<th scope=\"col\">HOMA-IR</th>" in table and "<td>1.30</td>" in table and "<td>0.96</td>" in table


# ---------------------------------------------------------------- tissues (academic/tissues.md)

def test_tissues_glut4_half():
    r0, r = tissues(), tissues(glut4=0.5)
    assert round(r0["muscle"]) == 61 and round(r["muscle"]) == 52 and round(r0["muscle"] - r["muscle"]) == 8
    assert round(r0["G_peak"]) == 157 and round(r["G_peak"]) == 170
    assert round(r0["I_peak"]) == 254 and round(r["I_peak"]) == 343
    assert r["I_peak"] / r0["I_peak"] - 1 == pytest.approx(1 / 3, abs=0.05)
    assert round(r0["liver"]) == 24 and round(r["liver"]) == 14
    shown(TISSUES, "(61 → 52 g)", "from 157 to 170 mg/dL", "(254 → 343 pmol/L)", "falls from 24 to 14 g")
    for knobs in ({"glut4": 0.35}, {"hepatic_output": 1.5}, {"adiponectin": 2.0}):   # the brain never moves
        assert tissues(**knobs)["brain"] == pytest.approx(r0["brain"], rel=1e-9)


def test_tissues_muscle_outflow_is_partly_a_convention():
    r = meal.simulate("normal", {}, meals=[(0, 78)], t_end=300)
    g = academic.tissues_run(**academic.TISSUES_REF)
    np.testing.assert_allclose(r.U_muscle, 0.94 * r.Uid, rtol=1e-12)
    assert g["adipose"] / (g["muscle"] + g["adipose"]) == pytest.approx(0.06, rel=1e-9)
    assert g["gut"] <= 0.9 * 78 + 1e-9 and r.EGP.min() >= 0.0
    assert g["muscle"] > 2 * max(g["adipose"], g["brain"])
    shown(TISSUES, "94 % of all insulin-dependent uptake and fat 6 %", "f = 0.9")


def test_tissues_liver_output_high():
    r0, r = tissues(), tissues(hepatic_output=1.5)
    assert round(r["liver"]) == 38 and round(r0["G_fast"]) == 92 and round(r["G_fast"]) == 103
    assert indices.ada_category(fpg_mgdl=r["G_fast"]).category == "prediabetes"
    assert r["M"] == pytest.approx(r0["M"], rel=1e-6)                      # the muscle row's clamp is unchanged
    assert round(r["muscle"]) == 73 and round(r0["muscle"]) == 61 and r["I_peak"] > r0["I_peak"]
    shown(TISSUES, "about 38 g instead of 24 g", "from 92 to 103 mg/dL", "(73 g instead of 61 g)",
          "More: about 73 g instead of 61 g")


def test_tissues_metformin_and_trained_lean_presets():
    ex = academic.tissues_explorer(mode="live")
    ex.apply_preset("metformin")
    assert ex.value == {"glut4": 1.0, "hepatic_output": 0.76, "adiponectin": 1.0}
    r0, r = tissues(), tissues(hepatic_output=0.76)
    assert round(r["liver"]) == 18 and r["I_peak"] < r0["I_peak"] and r["muscle"] < r0["muscle"]
    shown(TISSUES, "(24 → 18 g)")
    ex.apply_preset("trained, lean")
    assert ex.value == {"glut4": 1.5, "hepatic_output": 1.0, "adiponectin": 2.0}
    r = tissues(glut4=1.5, adiponectin=2.0)
    assert round(r["I_peak"]) == 171 and 1 - r["I_peak"] / r0["I_peak"] == pytest.approx(1 / 3, abs=0.05)
    assert round(r["G_peak"]) == 143 and round(r["liver"]) == 31 and r["liver"] > r0["liver"]
    shown(TISSUES, "(peak 254 → 171 pmol/L)", "(157 → 143 mg/dL)", "(24 → 31 g)", "to 20 µg/mL")


def test_tissues_table_is_a_real_table_with_every_tissue():
    ex = academic.tissues_explorer(mode="live")
    table = ex.frame["table"]
    assert table["columns"] == ["tissue", "this person", "healthy reference"]
    assert [r[0] for r in table["rows"]] == ["Skeletal muscle", "Liver", "Adipose tissue", "Endothelium"]
    assert table["rows"][3][1] == table["rows"][3][2]                       # the default equals the reference
    ex.set(glut4=0.5)
    assert ex.frame["table"]["rows"][0][1] != ex.frame["table"]["rows"][0][2]


def test_tissue_endothelium_row_follows_the_clamp():
    r0, r = tissues(), tissues(glut4=0.5)
    assert r0["flow"] == pytest.approx(links.microvascular_response(600, 1.0), rel=1e-12)
    assert r["flow"] < r0["flow"]


# ---------------------------------------------------------------- liver (academic/organs.md)

def test_liver_output_15_fasting_and_suppression():
    r0, r = academic.liver_run(1.0, 1.0), academic.liver_run(1.5, 1.0)
    assert round(100 * r0["suppression"]) == 85 and round(100 * r["suppression"]) == 63
    assert round(r["G0"]) == 103 and round(r0["G_peak"]) == 177
    t, mean, sd = data.dallaman2007_fig1("G")
    assert abs(r0["G_peak"] - mean.max()) < sd[np.argmax(mean)]            # among the measured means
    shown(ORGANS, "by only 63 % at its lowest instead of 85 %", "about 177 mg/dL", "from 92 to 103 mg/dL")


def test_liver_vs_muscle_fingerprints():
    r0, r = academic.liver_run(1.0, 1.0), academic.liver_run(1.0, 0.5)
    assert round(r["G0"]) == 95 and r["G_peak"] > r0["G_peak"] + 5 and r["suppression"] > r0["suppression"]
    shown(ORGANS, "hardly moves (95 mg/dL)", "barely moves (95 mg/dL)")


def test_metformin_steady_state_falls_less_than_applied():
    r0, r = academic.liver_run(1.0, 1.0), academic.liver_run(0.76, 1.0)
    drop = 1 - r["EGP0"] / r0["EGP0"]
    assert round(100 * drop) == 12 and drop < 0.24
    shown(ORGANS, "Fasting output falls by 12 %, not by the 24 %")


def test_liver_fat_index_barely_moves_in_this_model():
    x = academic.liver_fat_run(hepatic_output=1.5)
    assert x["dnl_rel"] > 1.3 and x["nefa_rel"] < 0.85 and abs(x["index"] - 1) < 0.05
    for knobs in ({"glut4": 0.5}, {"glut4": 0.5, "adiponectin": 0.5}, {"hepatic_output": 0.76}):
        assert abs(academic.liver_fat_run(**knobs)["index"] - 1) < 0.1
    assert "<caption>" in academic.liver_fat_table().data


# ---------------------------------------------------------------- adipose and endothelium

def test_metabolic_syndrome_fat_spills_more():
    h, m = academic.adipose_run(1.0, "healthy"), academic.adipose_run(1.0, "metabolic syndrome")
    assert round(h["fasting"]) == 383 and round(m["fasting"]) == 471
    assert round(100 * h["suppression"]) == 70 and round(100 * m["suppression"]) == 64
    shown(ORGANS, "(471 vs 383 µmol/L)", "(64 % vs 70 %)")


def test_low_adiponectin_raises_fasting_insulin_by_a_quarter():
    r0, r = academic.adipose_run(1.0, "healthy"), academic.adipose_run(0.5, "healthy")
    assert r["I0"] / r0["I0"] - 1 == pytest.approx(0.25, abs=0.03)
    shown(ORGANS, "Fasting insulin rises by about a quarter")


def test_endothelium_link_anchors():
    assert round(academic.endothelium_run(1.0)["clamp"]) == 34
    assert round(academic.endothelium_run(0.52)["clamp"]) == 0
    assert academic.endothelium_run(0.52)["rise"].min() >= 0.0
    assert round(100 * (18.8 / 20.4 - 1)) == -8                             # Clerk 2006 obese: 20.4 → 18.8
    shown(ORGANS, "(+34 %)", "practically no rise (0 %)", "(−8 %)")


# ---------------------------------------------------------------- measuring (academic/measuring.md)

def test_liver_led_resistance_invisible_to_the_clamp():
    r, m = academic.measure(1.0, 1.0), academic.measure(1.0, 1.5)
    assert m["Clamp M"] == pytest.approx(r["Clamp M"], rel=1e-6)
    assert round(r["HOMA-IR"], 2) == 0.96 and round(m["HOMA-IR"], 2) == 2.20
    assert round(100 * m["OGTT Matsuda"] / r["OGTT Matsuda"]) == 58
    assert round(100 * m["IVGTT S_I"] / r["IVGTT S_I"]) == 75
    for h in (0.76, 1.0, 1.5, 2.0):                     # at clamp insulin the model's liver is silent
        assert meal.clamp_detail(knobs={"hepatic_output": h})["EGP"] == 0.0
    shown(MEAS, "HOMA-IR more than doubles (0.96 → 2.20), the Matsuda index falls to 58 %", "S<sub>I</sub> to 75 %")


def test_muscle_led_resistance_shows_after_a_load():
    r, m = academic.measure(1.0, 1.0), academic.measure(0.5, 1.0)
    for k in ("Clamp M", "IVGTT S_I", "OGTT Matsuda", "1 / HOMA-IR"):
        assert 0.715 <= m[k] / r[k] <= 0.765, k
    assert round(100 * m["QUICKI"] / r["QUICKI"]) == 95
    assert round(m["HOMA-IR"], 2) == 1.30 and round(m["G0"]) == 95 and round(r["G2h"]) == 132
    assert round(m["G2h"]) == 155
    assert indices.ada_category(fpg_mgdl=m["G0"]).category == "normal"
    assert indices.ada_category(ogtt2h_mgdl=r["G2h"]).category == "normal" and 120 < r["G2h"] < 140
    assert indices.ada_category(ogtt2h_mgdl=m["G2h"]).category == "prediabetes"
    shown(MEAS, "(to 72–76 %)", "barely moves (95 %)", "HOMA-IR is 1.30", "95 mg/dL", "155 mg/dL", "132 mg/dL")


def test_ivgtt_fit_flagged_only_where_it_is_not_identifiable():
    for g, h in ((0.35, 1.0), (0.35, 0.76)):
        s = minimal.sensitivity_tests("normal", {"glut4": g, "hepatic_output": h})
        assert s.ivgtt_SI is None and s.ivgtt_note == "no reliable fit" and s.ivgtt_p2 < 1e-3
        assert np.isnan(academic.measure(g, h)["IVGTT S_I"])
    for g, h in ((0.5, 0.76), (0.35, 1.5), (1.0, 1.0)):
        s = minimal.sensitivity_tests("normal", {"glut4": g, "hepatic_output": h})
        assert s.ivgtt_SI is not None and s.ivgtt_p2 > 2e-3
    shown(MEAS, "p<sub>2</sub> of at least 0.001 per minute")


def test_measuring_table_and_presets():
    ex = academic.measuring_explorer(mode="live")
    ex.apply_preset("high basal liver output")
    assert ex.value == {"glut4": 1.0, "hepatic_output": 1.5}
    rows = {r[0]: r for r in ex.frame["table"]["rows"]}
    assert rows["Clamp M"][3] == "100 %" and rows["OGTT Matsuda"][3] == "58 %"


def test_every_explorer_builds_and_moves_its_controls():
    for make in (academic.muscle_explorer, academic.liver_explorer, academic.adipose_explorer,
                 academic.endothelium_explorer):
        ex = make(mode="live")
        png = ex.png
        for name, preset in ex.presets.items():
            ex.apply_preset(name)
            assert ex.value == preset
        ex.reset()
        assert ex.png == png                                     # back at the reference, the same figure
    assert glut4.steady_state(insulin_pmolL=0).surface_fraction == pytest.approx(0.04, abs=1e-3)
