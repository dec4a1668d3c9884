"""Units and clinical indices against the worked examples of spec/MODELS.md §10 and §0.2."""
import math

import numpy as np
import pytest
from hypothesis import given, strategies as st

from metabolism import indices, units


# --- units (§0.2: 18.0 mg/dL per mmol/L, 6.00 pmol/L per µU/mL) -----------------------

def test_glucose_conversion_constant():
    assert units.mgdl_to_mmol(90.0) == pytest.approx(5.0, rel=1e-12)
    assert units.mmol_to_mgdl(7.0) == pytest.approx(126.0, rel=1e-12)


def test_insulin_conversion_constant():
    assert units.uU_to_pmol(5.0) == pytest.approx(30.0, rel=1e-12)
    assert units.pmol_to_uU(60.0) == pytest.approx(10.0, rel=1e-12)


def test_conversions_are_elementwise_on_arrays():
    g = np.array([72.0, 90.0, 180.0])
    assert np.allclose(units.mgdl_to_mmol(g), [4.0, 5.0, 10.0])
    assert units.pmol_to_uU(np.array([6.0, 12.0])).shape == (2,)


@given(st.floats(min_value=1e-3, max_value=1e4))
def test_round_trips(x):
    assert units.mmol_to_mgdl(units.mgdl_to_mmol(x)) == pytest.approx(x, rel=1e-12)
    assert units.pmol_to_uU(units.uU_to_pmol(x)) == pytest.approx(x, rel=1e-12)


def test_minimal_model_si_conversion():
    # Topp SI 0.72 mL/µU/d -> 5.0e-4 per min per µU/mL (§0.2)
    assert units.si_per_day_to_per_min(0.72) == pytest.approx(5.0e-4, rel=1e-12)


@pytest.mark.parametrize("bad", [-1.0, float("nan"), float("inf"), "90", None])
def test_conversions_reject_bad_input(bad):
    with pytest.raises(ValueError, match="glucose"):
        units.mgdl_to_mmol(bad)


# --- indices: worked examples (§10, test to 1e-6) ----------------------------------------

def test_homa_ir_worked_example():
    assert indices.homa_ir(90, 5) == pytest.approx(1.1111, abs=1e-4)
    assert indices.homa_ir(90, 5) == pytest.approx(90 * 5 / 405, rel=1e-6)


def test_homa_b_worked_example():
    assert indices.homa_b(90, 5) == pytest.approx(66.667, abs=1e-3)


def test_homa_b_undefined_at_low_glucose():
    with pytest.raises(ValueError, match="fpg_mgdl"):
        indices.homa_b(63, 5)


def test_quicki_worked_example():
    assert indices.quicki(90, 5) == pytest.approx(0.37690, abs=1e-5)


def test_matsuda_worked_example():
    g = [90, 150, 140, 120, 100]
    i = [6, 60, 55, 40, 25]
    assert indices.matsuda(g, i) == pytest.approx(6.4408, abs=1e-4)


def test_matsuda_needs_five_equal_samples():
    with pytest.raises(ValueError, match="insulin_uU_mL"):
        indices.matsuda([90, 150, 140, 120, 100], [6, 60, 55, 40])


def test_eag_worked_example_and_published_pairs():
    assert indices.eag_mgdl(7) == pytest.approx(154.2, abs=1e-6)
    # ADAG published pairs (rounded to whole mg/dL)
    for a1c, expected in [(5.7, 117), (6.5, 140), (8, 183)]:
        assert round(indices.eag_mgdl(a1c)) == expected
    assert indices.eag_mmol(7) == pytest.approx(1.59 * 7 - 2.59, rel=1e-12)


def test_a1c_from_mean_glucose_inverts_eag():
    assert indices.a1c_from_mean_glucose(154.2) == pytest.approx(7.0, rel=1e-9)
    for a1c in (5.0, 5.7, 6.5, 9.0):
        assert indices.a1c_from_mean_glucose(indices.eag_mgdl(a1c)) == pytest.approx(a1c, rel=1e-12)


# --- ADA categories: boundaries (§10) ------------------------------------------------------

@pytest.mark.parametrize("fpg, category, detail", [
    (99.9, "normal", None), (100, "prediabetes", "IFG"), (125.9, "prediabetes", "IFG"),
    (126, "diabetes", None)])
def test_ada_fasting_boundaries(fpg, category, detail):
    result = indices.ada_category(fpg_mgdl=fpg)
    assert result.category == category
    assert (detail in result.detail) if detail else result.detail == ()


@pytest.mark.parametrize("ogtt, category", [(139.9, "normal"), (140, "prediabetes"),
                                            (199.9, "prediabetes"), (200, "diabetes")])
def test_ada_ogtt_boundaries(ogtt, category):
    assert indices.ada_category(ogtt2h_mgdl=ogtt).category == category
    if category == "prediabetes":
        assert "IGT" in indices.ada_category(ogtt2h_mgdl=ogtt).detail


@pytest.mark.parametrize("a1c, category", [(5.69, "normal"), (5.7, "prediabetes"),
                                           (6.49, "prediabetes"), (6.5, "diabetes")])
def test_ada_a1c_boundaries(a1c, category):
    assert indices.ada_category(a1c_percent=a1c).category == category


def test_ada_worst_test_wins():
    r = indices.ada_category(fpg_mgdl=95, ogtt2h_mgdl=210)
    assert r.category == "diabetes"
    r = indices.ada_category(fpg_mgdl=105, ogtt2h_mgdl=150)
    assert r.category == "prediabetes" and set(r.detail) == {"IFG", "IGT"}


def test_ada_needs_a_value():
    with pytest.raises(ValueError):
        indices.ada_category()


# --- validation ------------------------------------------------------------------------

@pytest.mark.parametrize("fpg, fpi, name", [(-5, 5, "fpg_mgdl"), (90, 0, "fpi_uU_mL"),
                                            (float("nan"), 5, "fpg_mgdl"), (90, "a lot", "fpi_uU_mL"),
                                            (5000, 5, "fpg_mgdl")])
def test_indices_reject_bad_input(fpg, fpi, name):
    for f in (indices.homa_ir, indices.quicki):
        with pytest.raises(ValueError, match=name):
            f(fpg, fpi)


def test_quicki_undefined_when_log_sum_is_zero():
    with pytest.raises(ValueError):
        indices.quicki(1.0, 1.0)


@given(st.floats(40, 600), st.floats(0.5, 300))
def test_homa_ir_and_quicki_move_opposite(fpg, fpi):
    # more insulin at the same glucose: HOMA-IR up, QUICKI down
    assert indices.homa_ir(fpg, fpi * 1.1) > indices.homa_ir(fpg, fpi)
    q1, q2 = indices.quicki(fpg, fpi), indices.quicki(fpg, fpi * 1.1)
    assert math.isfinite(q1) and q2 < q1


# --- edges: low glucose, HOMA-%B near 63 mg/dL, printing at the cut-offs ---------------------

@pytest.mark.parametrize("fpg, detail", [(69.9, "hypoglycaemia level 1"), (54, "hypoglycaemia level 1"),
                                         (53.9, "hypoglycaemia level 2"), (40, "hypoglycaemia level 2")])
def test_glucose_below_70_is_low_not_normal(fpg, detail):
    """ADA Standards of Care 2025, Sec. 6: level 1 < 70 mg/dL, level 2 < 54 mg/dL."""
    r = indices.ada_category(fpg_mgdl=fpg)
    assert r.category == "low" and r.by_test["fasting"] == "low" and r.detail == (detail,)
    assert indices.ada_category(ogtt2h_mgdl=fpg).category == "low"


def test_70_is_normal_and_a_diabetes_test_outranks_a_low_glucose():
    assert indices.ada_category(fpg_mgdl=70).category == "normal"
    r = indices.ada_category(fpg_mgdl=60, a1c_percent=7.0)
    assert r.category == "diabetes" and "hypoglycaemia level 1" in r.detail
    r = indices.ada_category(fpg_mgdl=60, ogtt2h_mgdl=150)
    assert r.category == "prediabetes" and r.detail == ("IGT", "hypoglycaemia level 1")


def test_homa_b_error_names_the_argument_and_the_limit():
    with pytest.raises(ValueError, match=r"fpg_mgdl=63 mg/dL: HOMA-%B is not defined at or below 63 mg/dL"):
        indices.homa_b(63, 300)
    assert indices.HOMA_B_MIN_MGDL == 63.0


@pytest.mark.parametrize("value, cutoffs, kwargs, shown", [
    (125.96, (100, 126), {}, "125.96"), (95.2, (100, 126), {}, "95"), (126.0, (100, 126), {}, "126"),
    (99.96, (100, 126), {}, "99.96"), (125.99999, (100, 126), {}, "just below 126"),
    (6.998, (5.556, 7.0), {"min_decimals": 1}, "6.998"), (6.49999999, (5.7, 6.5), {"min_decimals": 1}, "just below 6.5"),
    (-0.2, (), {}, "0"), (-0.0, (), {}, "0"),
])
def test_format_at_cutoffs_shows_the_side_that_decides(value, cutoffs, kwargs, shown):
    assert indices.format_at_cutoffs(value, cutoffs, **kwargs) == shown


def test_ada_cutoffs_table_is_what_the_categories_use():
    arg = {"fasting": "fpg_mgdl", "ogtt2h": "ogtt2h_mgdl", "a1c": "a1c_percent"}
    for test, cuts in indices.ADA_CUTOFFS.items():
        for c in cuts:
            below, at = (indices.ada_category(**{arg[test]: v}) for v in (c - 1e-9, c))
            assert (below.by_test[test], below.detail) != (at.by_test[test], at.detail), (test, c)


def test_homa_ir_isolines_are_the_hyperbolas_of_homa_ir():
    """homa_ir_isoline inverts homa_ir: the insulin on the isoline gives back the isoline's HOMA-IR."""
    from metabolism import indices as ix

    assert ix.HOMA_IR_DIVISOR == 405.0 and ix.HOMA_IR_ISOLINES == (1.0, 2.5)
    g = np.linspace(60.0, 155.0, 12)
    for h in ix.HOMA_IR_ISOLINES:
        fpi = ix.homa_ir_isoline(h, g)
        assert fpi.shape == g.shape
        assert all(ix.homa_ir(a, b) == pytest.approx(h, rel=1e-12) for a, b in zip(g, fpi))
    assert ix.homa_ir_isoline(1.0, 90.0) == pytest.approx(4.5)
    with pytest.raises(ValueError, match="homa_ir_value"):
        ix.homa_ir_isoline(0.0, 90.0)
    with pytest.raises(ValueError, match="fpg_mgdl"):
        ix.homa_ir_isoline(1.0, [90.0, -1.0])
