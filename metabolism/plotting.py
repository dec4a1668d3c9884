"""The book's house plotting style: palette, figure size, units on axes, reference bands, alt text.

Every figure of the book is made to the same four rules:

1. **Colour-blind-safe colours**: the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal
   Design"), in :data:`PALETTE`; the reference subject is grey and faint (:func:`reference_line`).
2. **Legible on a phone and in dark mode**: frames are 640 × 400 px (6.4 × 4 in at 100 dpi) with
   text of at least 11 pt, so a frame scaled to a 390-px phone column stays readable; the figure
   background is opaque white (the theme's dark mode darkens the page, not the figure's pixels).
3. **Units on every axis**: label axes with :func:`axis_label` ("Plasma glucose (mg/dL)");
   :func:`missing_units` lists the axes that break the rule (chapter tests can call it).
4. **Alt text that says what the figure shows**: :func:`describe_figure`, :func:`alt_text`,
   :func:`caption`.

Reference bands: ADA glucose categories (American Diabetes Association, Standards of Care in
Diabetes, Sec. 2, e.g. Diabetes Care 48 Suppl 1:S27, 2025) [paper] in mg/dL or mmol/L
(1 mmol/L = 18.0 mg/dL, the book's factor), and the HOMA-IR 2.5 convention [origin unverified;
there is no universal cut-off].

Figures here are :class:`matplotlib.figure.Figure` objects on an Agg canvas, never pyplot
figures, so nothing is left open and nothing prints below a notebook cell.
"""
from __future__ import annotations

import io
import math

import matplotlib
import numpy as np
from cycler import cycler
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from . import _validate
from .indices import ADA_CUTOFFS
from .units import MGDL_PER_MMOL

__all__ = [
    "PALETTE", "CYCLE", "REFERENCE_STYLE", "REFERENCE_ON_TOP", "REFERENCE_MARKER", "STYLE", "FRAME_WIDTH_PX", "FRAME_HEIGHT_PX", "DPI",
    "style", "new_figure", "agg_canvas", "to_png", "axis_label", "missing_units", "reference_line",
    "ADA_GLUCOSE_MGDL", "ada_bands", "glucose_bands", "HOMA_IR_CONVENTION", "HOMA_IR_EXAMPLES",
    "homa_ir_bands", "format_change", "describe_figure", "alt_text", "caption",
]

#: Okabe & Ito (2008) colour-blind-safe palette
PALETTE = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}

#: colour order for successive lines (yellow last: it is faint on white)
CYCLE = [PALETTE[c] for c in ("blue", "vermillion", "green", "orange", "purple", "sky_blue", "black", "yellow")]

#: how the reference subject is drawn: grey, dashed, translucent, behind the current curves
REFERENCE_STYLE = {"color": "#888888", "linestyle": "--", "linewidth": 2.0, "alpha": 0.7, "zorder": 1.5}
#: the reference drawn over the current curve (explorers): darker and thinner, so the current colour shows beside it
REFERENCE_ON_TOP = {**REFERENCE_STYLE, "color": "#333333", "linewidth": 1.5, "alpha": 0.9, "zorder": 4}
#: the reference subject as a point: an open grey ring larger than the current dot, so it shows around it
REFERENCE_MARKER = {"marker": "o", "markersize": 19, "markerfacecolor": "none", "markeredgecolor": "#666666",
                    "markeredgewidth": 2.2, "linestyle": "none", "zorder": 4}

FRAME_WIDTH_PX = 640
FRAME_HEIGHT_PX = 400
DPI = 100

#: matplotlib rcParams of the house style (applied with :func:`style`)
STYLE = {
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.transparent": False,
    "figure.dpi": DPI,
    "figure.figsize": (FRAME_WIDTH_PX / DPI, FRAME_HEIGHT_PX / DPI),
    "figure.constrained_layout.use": False,
    "font.size": 12,
    "axes.titlesize": 13,
    "axes.labelsize": 12,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 11,
    "legend.title_fontsize": 11,
    "figure.titlesize": 13,
    "axes.prop_cycle": cycler(color=CYCLE),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.8,
    "lines.linewidth": 2.2,
    "legend.frameon": False,
}


def style():
    """Context manager applying :data:`STYLE` (use it around code that creates axes or text)."""
    return matplotlib.rc_context(STYLE)


def new_figure(width_px: int = FRAME_WIDTH_PX, height_px: int = FRAME_HEIGHT_PX, dpi: int = DPI,
               margins: dict | None = None) -> Figure:
    """A house-style figure of ``width_px`` × ``height_px`` pixels on an Agg canvas (not pyplot).

    Layout is fixed (no constrained layout, no ``bbox_inches="tight"``): the axes never move
    between frames, and the margins leave room for 11-pt tick labels and axis labels.
    ``margins`` overrides the ``subplots_adjust`` fractions (left, right, bottom, top, ...).
    """
    w = _validate.in_range("width_px", width_px, 100, 4000, "px")
    h = _validate.in_range("height_px", height_px, 100, 4000, "px")
    d = _validate.in_range("dpi", dpi, 50, 600, "dpi")
    with style():
        fig = Figure(figsize=(w / d, h / d), dpi=d, facecolor="white")
    FigureCanvasAgg(fig)
    adjust = {"left": 0.13, "right": 0.97, "bottom": 0.15, "top": 0.92}
    adjust.update(margins or {})
    fig.subplots_adjust(**adjust)
    return fig


def agg_canvas(fig) -> FigureCanvasAgg:
    """The figure's Agg canvas, attaching one if it has another kind (e.g. a closed pyplot figure)."""
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    return fig.canvas


_QUANTIZE = {"mediancut": "MEDIANCUT", "fastoctree": "FASTOCTREE"}


def to_png(fig, colors: int | None = None, compress_level: int = 1, draw: bool = True,
           method: str = "mediancut") -> bytes:
    """Render ``fig`` with Agg and encode it as PNG bytes with Pillow.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    colors : int or None
        ``None`` keeps full RGB (fast: the kernel path). An integer 2–256 quantises to that many
        colours (the static-site frames use 64: ~20 KiB per frame instead of ~60).
    compress_level : int
        zlib level 0–9 (1 is fast and nearly as small as 9 for plots).
    draw : bool
        ``False`` encodes the canvas as it is (the caller has just drawn or blitted it).
    method : {"mediancut", "fastoctree"}
        Quantiser when ``colors`` is given; "fastoctree" is ~4× faster on large (2×) frames, same size.
    """
    _check_choice("method", method, tuple(_QUANTIZE))
    if colors is not None:
        colors = int(_validate.in_range("colors", colors, 2, 256))
    level = int(_validate.in_range("compress_level", compress_level, 0, 9))
    canvas = agg_canvas(fig)
    if draw:
        canvas.draw()
    rgba = np.asarray(canvas.buffer_rgba())
    img = Image.fromarray(rgba[..., :3])  # the background is opaque: dropping alpha loses nothing
    if colors is not None:
        img = img.quantize(colors=colors, method=getattr(Image.Quantize, _QUANTIZE[method]), dither=Image.Dither.NONE)
    out = io.BytesIO()
    img.save(out, format="PNG", compress_level=level)
    return out.getvalue()


def axis_label(quantity: str, unit: str) -> str:
    """``"Plasma glucose (mg/dL)"``: the house way to put a unit on an axis."""
    if not quantity or not unit:
        raise ValueError(f"axis_label needs a quantity and a unit, got quantity={quantity!r}, unit={unit!r}")
    return f"{quantity} ({unit})"


def _has_unit(label: str) -> bool:
    label = label.strip()
    return (label.endswith(")") and "(" in label) or (label.endswith("]") and "[" in label)


def missing_units(fig) -> list[str]:
    """Axes of ``fig`` whose visible x or y axis has no ``(unit)`` in its label.

    Returns one description per offending axis, e.g. ``["axes 0: x label 'Time'"]``; an empty list
    means every axis shows its unit. Axes with no ticks (legend or text panels) and axes whose tick
    labels are hidden (inner panels of a shared axis) are skipped.
    """
    agg_canvas(fig).draw()  # tick label texts exist only after a draw
    problems = []
    for k, ax in enumerate(fig.axes):
        if not ax.get_visible() or not ax.axison:
            continue
        for name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            if not axis.get_visible() or len(axis.get_ticklocs()) == 0:
                continue
            if not any(t.get_visible() and t.get_text() for t in axis.get_ticklabels()):
                continue  # e.g. the upper panel of a shared time axis: the labelled one below counts
            label = axis.get_label_text()
            if not _has_unit(label):
                problems.append(f"axes {k}: {name} label {label!r}")
    return problems


def reference_line(ax, x, y, label: str = "reference", **kwargs):
    """Draw the reference subject faintly (grey, dashed, translucent); returns the Line2D.

    In an explorer view, pass the line to ``View.animate`` after the current curves so the reference is drawn
    over them and stays visible at the default setting, where both coincide."""
    kw = dict(REFERENCE_STYLE)
    kw.update(kwargs)
    (line,) = ax.plot(x, y, label=label, **kw)
    return line


# ------------------------------------------------------------------ reference bands

#: ADA thresholds in mg/dL (prediabetes from, diabetes from), read from :data:`metabolism.indices.ADA_CUTOFFS`
ADA_GLUCOSE_MGDL = {test: ADA_CUTOFFS[test][2:4] for test in ("fasting", "ogtt2h")}
_BAND_COLOURS = {"normal": PALETTE["green"], "prediabetes": PALETTE["orange"], "diabetes": PALETTE["vermillion"]}
_BAND_DETAIL = {"fasting": "IFG", "ogtt2h": "IGT"}
_UNITS = ("mg/dL", "mmol/L")


def _check_choice(name, value, allowed):
    if value not in allowed:
        raise ValueError(f"{name}={value!r} is not allowed; choose one of {', '.join(map(repr, allowed))}")


def ada_bands(test: str = "fasting", unit: str = "mg/dL") -> list[tuple[str, float, float]]:
    """ADA categories as ``[(name, lower, upper), ...]`` in ``unit`` (open ends are ±inf).

    ``test`` is ``"fasting"`` (fasting plasma glucose) or ``"ogtt2h"`` (2-h glucose of a 75-g
    OGTT). mmol/L values use 18.0 mg/dL per mmol/L (ADA quotes 5.6/7.0 and 7.8/11.1).
    """
    _check_choice("test", test, tuple(ADA_GLUCOSE_MGDL))
    _check_choice("unit", unit, _UNITS)
    lo, hi = ADA_GLUCOSE_MGDL[test]
    if unit == "mmol/L":
        lo, hi = lo / MGDL_PER_MMOL, hi / MGDL_PER_MMOL
    return [("normal", -math.inf, lo), ("prediabetes", lo, hi), ("diabetes", hi, math.inf)]


def _spans(ax, bands, axis, alpha, labels):
    """Shade ``bands`` along ``axis`` without changing the axis limits; label them inside the axes."""
    _check_choice("axis", axis, ("x", "y"))
    lim = ax.get_ylim() if axis == "y" else ax.get_xlim()
    artists = []
    for name, lo, hi, colour in bands:
        a, b = max(lo, min(lim)), min(hi, max(lim))
        if a >= b:
            continue
        span = (ax.axhspan if axis == "y" else ax.axvspan)(a, b, color=colour, alpha=alpha, lw=0, zorder=0.5)
        artists.append(span)
        if labels:
            if axis == "y":
                t = ax.text(0.99, (a + b) / 2, name, transform=ax.get_yaxis_transform(), ha="right",
                            va="center", fontsize=11, color="#444444", zorder=0.6)
            else:
                t = ax.text((a + b) / 2, 0.98, name, transform=ax.get_xaxis_transform(), ha="center",
                            va="top", fontsize=11, color="#444444", zorder=0.6, rotation=90)
            artists.append(t)
    (ax.set_ylim if axis == "y" else ax.set_xlim)(lim)
    return artists


def glucose_bands(ax, test: str = "fasting", unit: str = "mg/dL", axis: str = "y", alpha: float = 0.12,
                  labels: bool = True) -> list:
    """Shade the ADA normal / prediabetes / diabetes ranges behind the data (within current limits).

    Set the axis limits first. Returns the patches (and labels). Bands are light and sit below
    lines (zorder 0.5), so curves stay the focus. Labels say e.g. "prediabetes (IFG)".
    """
    _validate.in_range("alpha", alpha, 0.0, 1.0)
    bands = []
    for name, lo, hi in ada_bands(test, unit):
        shown = f"{name} ({_BAND_DETAIL[test]})" if name == "prediabetes" else name
        bands.append((shown, lo, hi, _BAND_COLOURS[name]))
    return _spans(ax, bands, axis, alpha, labels)


#: HOMA-IR 2.5: a common convention for "insulin resistant", no universal cut-off [origin unverified]
HOMA_IR_CONVENTION = 2.5
#: marks worth showing with their sources (chapters/academic/measuring.md)
HOMA_IR_EXAMPLES = {
    1.0: "normal young adult (1 by construction; Matthews et al. 1985)",
    2.05: "Spain, metabolic-syndrome-based cut-off (Gayoso-Diz et al. 2013)",
    3.46: "Spain, 90th percentile (Gayoso-Diz et al. 2013)",
}


def homa_ir_bands(ax, axis: str = "y", alpha: float = 0.12, labels: bool = True) -> list:
    """Shade HOMA-IR below / above the 2.5 convention and mark HOMA-IR = 1 (the HOMA normal).

    The label says "convention": HOMA-IR has no universal cut-off.
    """
    _validate.in_range("alpha", alpha, 0.0, 1.0)
    bands = [("below 2.5", -math.inf, HOMA_IR_CONVENTION, _BAND_COLOURS["normal"]),
             ("above 2.5 (a convention)", HOMA_IR_CONVENTION, math.inf, _BAND_COLOURS["prediabetes"])]
    artists = _spans(ax, bands, axis, alpha, labels)
    mark = ax.axhline if axis == "y" else ax.axvline
    artists.append(mark(1.0, color="#888888", lw=1, ls=":", zorder=0.6))
    return artists


# ------------------------------------------------------------------ words: readouts, alt text, captions

def format_change(label: str, value, reference, digits: int = 0) -> str:
    """``"fasting insulin +30 %"``: relative change of ``value`` versus ``reference``.

    Uses a true minus sign (−) and ``±0 %`` for no change at the shown precision.
    """
    v = _validate.number("value", value)
    r = _validate.number("reference", reference)
    if r == 0:
        raise ValueError("reference=0 cannot be the base of a relative change; it must be non-zero")
    pct = round(100.0 * (v - r) / abs(r), int(digits))
    if pct == 0:
        return f"{label} ±{0:.{digits}f} %"
    sign = "+" if pct > 0 else "−"
    return f"{label} {sign}{abs(pct):.{digits}f} %"


def describe_figure(fig) -> str:
    """A plain sentence naming each axes' labels, ranges and labelled curves (a default alt text)."""
    parts = []
    for ax in fig.axes:
        if not ax.get_visible() or not ax.axison:
            continue
        x, y = ax.get_xlabel() or "x", ax.get_ylabel() or "y"
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        text = f"{y} from {y0:.3g} to {y1:.3g} against {x} from {x0:.3g} to {x1:.3g}"
        names = [ln.get_label() for ln in ax.lines if not ln.get_label().startswith("_")]
        if names:
            text += "; curves: " + ", ".join(names)
        title = ax.get_title()
        parts.append(f"{title}: {text}" if title else text)
    return "Chart of " + "; ".join(parts) if parts else "Chart"


def alt_text(what: str, settings: str | None = None, readout: str | None = None) -> str:
    """Join the parts of a frame's alt text: what it shows, the settings, what changed.

    >>> alt_text("Glucose after a meal", "GLUT4 ×0.50", "peak +20 %")
    'Glucose after a meal. Settings: GLUT4 ×0.50. Versus the reference: peak +20 %.'
    """
    if not isinstance(what, str) or not what.strip():
        raise ValueError(f"what={what!r} must say what the figure shows")
    parts = [what.strip().rstrip(".")]
    if settings:
        parts.append("Settings: " + settings.strip().rstrip("."))
    if readout:
        parts.append("Versus the reference: " + readout.strip().rstrip("."))
    return ". ".join(parts) + "."


def caption(what: str, notice: str | None = None, source: str | None = None) -> str:
    """A figure caption: what it shows, what to notice, where the model or data come from."""
    parts = [alt_text(what)]
    if notice:
        parts.append(notice.strip())
    if source:
        parts.append(f"Source: {source.strip().rstrip('.')}.")
    return " ".join(parts)
