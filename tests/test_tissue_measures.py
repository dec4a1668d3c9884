"""Package functions behind the Academic pages: grams per tissue, the clamp-to-endothelium rule and the
battery of sensitivity tests (meal.tissue_grams, links.endothelium_from_clamp, minimal.sensitivity_tests)."""
from __future__ import annotations

import numpy as np
import pytest

from metabolism import indices, links, meal, minimal, units


def test_tissue_grams_add_up_the_fluxes():
    r = meal.simulate("normal", {}, meals=[(0, 78)], t_end=300)
    g = meal.tissue_grams(r)
    assert set(g) == {"gut", "liver", "muscle", "adipose", "brain", "urine"}
    # the meal model lets the fraction f = 0.9 of the meal reach the blood (Dalla Man 2007): never more
    assert 0 < g["gut"] <= 0.9 * 78 + 1e-9
    # brain and nerves: constant Uii = 1 mg/kg/min over 300 min at 78 kg = 23.4 g (Dalla Man 2007 Table I)
    assert g["brain"] == pytest.approx(1.0 * 300 * 78 / 1000, rel=1e-9)
    # the book's 94 % / 6 % split of insulin-dependent uptake
    assert g["adipose"] / (g["muscle"] + g["adipose"]) == pytest.approx(0.06, rel=1e-9)
    assert g["urine"] == pytest.approx(r.urinary_glucose_g, rel=1e-9)
    # heavier body, same fluxes: grams scale with body weight
    r2 = meal.simulate("normal", {}, meals=[(0, 78)], t_end=300, body_weight=100.0)
    assert meal.tissue_grams(r2)["brain"] == pytest.approx(30.0, rel=1e-9)


def test_tissue_grams_refuses_what_is_not_a_run():
    with pytest.raises(TypeError, match="result"):
        meal.tissue_grams({"t": [0, 1]})
    pop = meal.simulate_population("normal", {"glut4": np.array([0.5, 1.0])}, t_end=60)
    with pytest.raises(ValueError, match="single-subject"):
        meal.tissue_grams(pop)


def test_endothelium_from_clamp_anchors():
    # lean: +34 % (Clerk et al. 2006, 18.7 → 25.0); the obese group's relative GIR 19.3/37.4: no rise
    assert links.endothelium_from_clamp(7.2, 7.2) == pytest.approx(25.0 / 18.7 - 1, rel=1e-9)
    assert links.endothelium_from_clamp(7.2 * 19.3 / 37.4, 7.2) == pytest.approx(0.0, abs=1e-9)
    # held inside the link's range 0.2–2.0: far above and far below give the edges' values
    assert links.endothelium_from_clamp(100.0, 7.2) == links.microvascular_response(600.0, 2.0)
    assert links.endothelium_from_clamp(0.0, 7.2) == links.microvascular_response(600.0, 0.2)
    with pytest.raises(ValueError, match="reference_M"):
        links.endothelium_from_clamp(5.0, 0.0)
    with pytest.raises(ValueError, match="clamp_M"):
        links.endothelium_from_clamp(-1.0, 7.2)


def test_sensitivity_tests_are_the_package_tests():
    s = minimal.sensitivity_tests("normal", {"glut4": 0.5})
    f = meal.fasting_state("normal", {"glut4": 0.5})
    i0 = units.pmol_to_uU(f.I)
    assert s.clamp_M == meal.clamp(knobs={"glut4": 0.5})
    assert s.homa_ir == pytest.approx(indices.homa_ir(f.G, i0)) and s.quicki == pytest.approx(indices.quicki(f.G, i0))
    o = meal.ogtt("normal", {"glut4": 0.5})
    assert s.matsuda == pytest.approx(o["matsuda"]) and s.ogtt_glucose_2h == pytest.approx(o["glucose_2h"])
    assert s.ivgtt_SI is not None and s.ivgtt_note == ""
    # the healthy subject's S_I lies in the range of healthy adults' FSIGT values (≈ 2–15 × 10⁻⁴ per µU/mL,
    # Bergman 1979 / Muniyappa 2008)
    ref = minimal.sensitivity_tests()
    assert 2e-4 < ref.ivgtt_SI < 15e-4
    # muscle-led resistance lowers every glucose-load measure
    assert s.clamp_M < ref.clamp_M and s.ivgtt_SI < ref.ivgtt_SI and s.matsuda < ref.matsuda


def test_sensitivity_tests_say_why_there_is_no_ivgtt_number():
    weak = minimal.sensitivity_tests("normal", {"glut4": 0.35})
    assert weak.ivgtt_SI is None and weak.ivgtt_note == "no reliable fit"
    strong = minimal.sensitivity_tests("normal", {"glut4": 2.0, "hepatic_output": 0.76})
    assert strong.ivgtt_SI is None and "54 mg/dL" in strong.ivgtt_note
    with pytest.raises(ValueError, match="subject"):
        minimal.sensitivity_tests("obese")
