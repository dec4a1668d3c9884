"""House plotting style (metabolism.plotting).

Expected values come from outside the code under test: the Okabe & Ito (2008) palette, the ADA
Standards of Care thresholds (spec/MODELS.md §10 table), the units factor 18.0 (MODELS.md §0.2),
and the brief's legibility rule (frames ~640 px wide, text >= 11 pt, opaque white background).
"""
import io

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from metabolism import plotting

# Okabe M, Ito K (2008) "Color Universal Design": the eight colours as published (hex).
OKABE_ITO = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}


def labelled_figure():
    fig = plotting.new_figure()
    with plotting.style():
        ax = fig.add_subplot()
        ax.plot([0, 60, 120], [90, 150, 110], label="you")
        ax.set_xlabel(plotting.axis_label("Time", "min"))
        ax.set_ylabel(plotting.axis_label("Plasma glucose", "mg/dL"))
        ax.set_title("A meal")
        ax.legend()
    return fig


def png_image(data: bytes) -> Image.Image:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return Image.open(io.BytesIO(data))


def test_palette_is_okabe_ito():
    assert {c.upper() for c in plotting.PALETTE.values()} == OKABE_ITO
    assert len(plotting.PALETTE) == 8
    # the colour cycle of the house style uses only palette colours
    with plotting.style():
        cycle = [c["color"].upper() for c in matplotlib.rcParams["axes.prop_cycle"]]
    assert set(cycle) <= OKABE_ITO and len(cycle) >= 6


def test_figure_is_opaque_white_and_frame_sized():
    fig = labelled_figure()
    assert tuple(fig.get_facecolor()) == (1.0, 1.0, 1.0, 1.0)
    img = png_image(plotting.to_png(fig)).convert("RGBA")
    assert img.size == (640, 400)
    # corners are the figure background: opaque white (legible in the theme's dark mode)
    for xy in [(0, 0), (639, 0), (0, 399), (639, 399)]:
        assert img.getpixel(xy) == (255, 255, 255, 255)


def test_every_text_is_at_least_11_pt():
    fig = labelled_figure()
    fig.canvas.draw()
    sizes = [t.get_fontsize() for t in fig.findobj(matplotlib.text.Text) if t.get_text() and t.get_visible()]
    assert sizes, "the figure should contain text"
    assert min(sizes) >= 11


def test_new_figure_and_to_png_leave_no_pyplot_figure():
    plt.close("all")
    fig = labelled_figure()
    plotting.to_png(fig)
    plotting.to_png(fig, colors=64)
    assert plt.get_fignums() == []


def test_to_png_quantised_to_64_colours():
    img = png_image(plotting.to_png(labelled_figure(), colors=64))
    assert img.mode == "P"
    used = img.getcolors(maxcolors=256)
    assert used is not None and len(used) <= 64


def test_to_png_rejects_bad_colour_count():
    with pytest.raises(ValueError, match="colors"):
        plotting.to_png(labelled_figure(), colors=1000)


def test_axis_label_and_missing_units():
    assert plotting.axis_label("Plasma glucose", "mg/dL") == "Plasma glucose (mg/dL)"
    assert plotting.missing_units(labelled_figure()) == []
    fig = plotting.new_figure()
    ax = fig.add_subplot()
    ax.set_xlabel("Time")  # no unit
    ax.set_ylabel(plotting.axis_label("Insulin", "pmol/L"))
    missing = plotting.missing_units(fig)
    assert len(missing) == 1 and "Time" in missing[0]


@pytest.mark.parametrize("test, unit, edges", [
    ("fasting", "mg/dL", (100, 126)),
    ("ogtt2h", "mg/dL", (140, 200)),
    # ADA's own mmol/L figures, to their published precision (0.05 covers 18.0 vs rounding)
    ("fasting", "mmol/L", (5.6, 7.0)),
    ("ogtt2h", "mmol/L", (7.8, 11.1)),
])
def test_ada_glucose_bands(test, unit, edges):
    bands = plotting.ada_bands(test, unit)
    assert [b[0] for b in bands] == ["normal", "prediabetes", "diabetes"]
    (_, lo0, hi0), (_, lo1, hi1), (_, lo2, hi2) = bands
    assert hi0 == lo1 and hi1 == lo2  # contiguous: each lower bound belongs to the worse category
    assert hi0 == pytest.approx(edges[0], abs=0.05)
    assert hi1 == pytest.approx(edges[1], abs=0.05)


def test_glucose_bands_are_drawn_behind_the_data():
    fig = labelled_figure()
    ax = fig.axes[0]
    line = ax.lines[0]
    artists = plotting.glucose_bands(ax, test="fasting", unit="mg/dL")
    spans = [a for a in artists if isinstance(a, matplotlib.patches.Patch)]
    assert len(spans) == 3
    assert all(a.get_zorder() < line.get_zorder() for a in spans)
    # the bands do not change the axis limits the view chose
    assert ax.get_ylim()[1] < 400


def test_glucose_bands_reject_unknown_test_and_unit():
    ax = plotting.new_figure().add_subplot()
    with pytest.raises(ValueError, match="test"):
        plotting.glucose_bands(ax, test="random")
    with pytest.raises(ValueError, match="unit"):
        plotting.glucose_bands(ax, unit="mmol")


def test_homa_ir_bands_use_the_2_5_convention():
    ax = plotting.new_figure().add_subplot()
    ax.set_ylim(0, 6)
    artists = plotting.homa_ir_bands(ax)
    assert plotting.HOMA_IR_CONVENTION == 2.5
    assert artists, "bands should draw something"


def test_reference_line_is_faint_and_behind():
    fig = plotting.new_figure()
    ax = fig.add_subplot()
    ref = plotting.reference_line(ax, [0, 1], [0, 1])
    cur, = ax.plot([0, 1], [1, 0])
    assert ref.get_zorder() < cur.get_zorder()
    r, g, b, a = matplotlib.colors.to_rgba(ref.get_color(), ref.get_alpha())
    assert a < 1 or (abs(r - g) < 0.05 and abs(g - b) < 0.05)  # translucent or grey
    assert ref.get_label() == "reference"


@pytest.mark.parametrize("value, ref, expected", [
    (130, 100, "fasting insulin +30 %"),
    (70, 100, "fasting insulin −30 %"),
    (100, 100, "fasting insulin ±0 %"),
])
def test_format_change(value, ref, expected):
    assert plotting.format_change("fasting insulin", value, ref) == expected


def test_format_change_rejects_zero_reference():
    with pytest.raises(ValueError, match="reference"):
        plotting.format_change("x", 1.0, 0.0)
    with pytest.raises(ValueError, match="value"):
        plotting.format_change("x", float("nan"), 1.0)


def test_describe_figure_names_axes_and_lines():
    text = plotting.describe_figure(labelled_figure())
    assert "Time (min)" in text and "Plasma glucose (mg/dL)" in text
    assert "you" in text


def test_alt_text_joins_parts():
    alt = plotting.alt_text("Glucose after a meal", settings="GLUT4 ×0.50", readout="peak +20 %")
    assert alt.startswith("Glucose after a meal")
    assert "GLUT4 ×0.50" in alt and "peak +20 %" in alt
    with pytest.raises(ValueError, match="what"):
        plotting.alt_text("")


def test_caption_has_source():
    cap = plotting.caption("Glucose after a meal.", notice="The peak rises.", source="Dalla Man et al. 2007")
    assert "Dalla Man et al. 2007" in cap and "The peak rises." in cap
