"""Reusable explorer views for the chapters (figures only: no model maths here).

A view is a :class:`metabolism.explorer.View`: its figure is built once and ``update(**params)``
changes only the curves, which keeps a slider move in a kernel around 10 ms. Chapters pass a
``compute(**params)`` function that calls the public model API and returns what to draw; the view
draws it, the reference subject faintly behind.

:class:`TimeCourseView`
    one or two stacked panels of curves against time (e.g. glucose and insulin after a meal),
    the reference run dashed grey behind the current run, optional measured points (mean ± SD).
:func:`meal_panels`
    the usual two panels of a meal explorer (plasma glucose, plasma insulin) for ``TimeCourseView``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

from . import plotting
from .explorer.view import View

__all__ = ["Panel", "TimeCourseView", "meal_panels"]


@dataclass
class Panel:
    """One axes of a :class:`TimeCourseView`.

    ``key`` names the array in the dict that ``compute`` returns; ``ylim`` is fixed (sliders must not
    rescale axes); ``bands`` is an optional ``callable(ax)`` that shades reference ranges; ``data`` is an
    optional ``(t, mean, sd, label)`` of measured points drawn behind the curves.
    """

    key: str
    quantity: str
    unit: str
    ylim: tuple
    bands: Callable | None = None
    data: tuple | None = None
    extra_keys: Sequence[str] = field(default_factory=tuple)


class TimeCourseView(View):
    """Curves against time in stacked panels; the reference run faint, the current run bold.

    Parameters
    ----------
    compute : callable(**params) -> dict
        Returns ``{"t": array, panel.key: array, ...}`` for the given slider params.
    reference : dict
        Slider params of the reference subject (drawn once, dashed grey).
    panels : list of Panel
    time_unit, xlim, xlabel : the shared time axis.
    height_px : figure height (two panels need ~520 px to stay legible on a phone).
    """

    def __init__(self, compute, reference: dict, panels: Sequence[Panel], time_unit: str = "min",
                 xlim=None, xlabel: str = "Time", height_px: int | None = None, label: str = "this subject"):
        self.compute = compute
        self.reference_params = dict(reference)
        self.panels = list(panels)
        self.time_unit = time_unit
        self.xlim = xlim
        self.xlabel = xlabel
        self.label = label
        if height_px is not None:
            self.height_px = height_px
        elif len(self.panels) > 1:
            self.height_px = 260 * len(self.panels)
        self.last = None
        self.reference = compute(**self.reference_params)
        super().__init__()

    def setup(self, fig):
        axes = fig.subplots(len(self.panels), 1, sharex=True, squeeze=False)[:, 0]
        self.axes, self.lines, refs = list(axes), [], []
        ref = self.reference
        t = np.asarray(ref["t"])
        for ax, panel in zip(self.axes, self.panels):
            ax.set_xlim(self.xlim if self.xlim else (t[0], t[-1]))
            ax.set_ylim(*panel.ylim)
            if panel.bands is not None:
                panel.bands(ax)
            if panel.data is not None:
                dt, mean, sd, label = panel.data
                ax.errorbar(dt, mean, yerr=sd, fmt="o", ms=4, color="#555555", alpha=0.6, capsize=2,
                            lw=1, label=label, zorder=1.2)
            refs.append(plotting.reference_line(ax, t, ref[panel.key], label="reference", **plotting.REFERENCE_ON_TOP))
            (line,) = ax.plot([], [], color=plotting.PALETTE["blue"], label=self.label, zorder=3)
            self.lines.append(self.animate(line))
            ax.set_ylabel(plotting.axis_label(panel.quantity, panel.unit))
        self.animate(*refs)   # drawn after the current curves: visible where the two coincide
        self.axes[-1].set_xlabel(plotting.axis_label(self.xlabel, self.time_unit))
        self.axes[0].legend(loc="upper right", ncol=1)
        self.fig.align_ylabels(self.axes)

    def update(self, **params):
        self.last = self.compute(**params)
        t = np.asarray(self.last["t"])
        for line, panel in zip(self.lines, self.panels):
            line.set_data(t, self.last[panel.key])

    def data(self):
        if self.last is None:
            return None
        cols = {f"t ({self.time_unit})": self.last["t"]}
        for panel in self.panels:
            cols[f"{panel.quantity} ({panel.unit})"] = self.last[panel.key]
            cols[f"reference {panel.quantity} ({panel.unit})"] = self.reference[panel.key]
        return cols


def meal_panels(glucose_max: float = 250.0, insulin_max: float = 600.0, bands: bool = False,
                data: dict | None = None) -> list[Panel]:
    """The two panels of a meal explorer: plasma glucose (mg/dL) over plasma insulin (pmol/L).

    ``compute`` must return keys ``"G"`` and ``"I"``. ``bands=True`` shades the ADA 2-h OGTT ranges
    behind glucose. ``data`` may give ``{"G": (t, mean, sd, label), "I": (...)}`` measured points.
    """
    data = data or {}
    g_bands = (lambda ax: plotting.glucose_bands(ax, "ogtt2h", "mg/dL", axis="y", alpha=0.08)) if bands else None
    return [Panel("G", "Plasma glucose", "mg/dL", (40.0, glucose_max), bands=g_bands, data=data.get("G")),
            Panel("I", "Plasma insulin", "pmol/L", (0.0, insulin_max), data=data.get("I"))]
