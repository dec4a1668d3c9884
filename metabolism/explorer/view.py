"""The figure side of an explorer: a :class:`View` is built once and updated in place.

Used by :mod:`metabolism.explorer` and the shared views of :mod:`metabolism.views`. It imports no model.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from .. import plotting

__all__ = ["View"]


class View:
    """Base class of a figure built once and updated in place (the fast path).

    Subclasses implement ``setup(fig)`` (axes and artists, fixed limits) and ``update(**params)``
    (set artist data only). ``data()`` may return ``{column: 1-D array}`` of what is drawn, for
    the CSV export. Class attributes ``width_px``, ``height_px``, ``margins`` size the figure.
    The figure is a plain :class:`matplotlib.figure.Figure` (not pyplot): nothing to close.

    Blitting: artists passed to :meth:`animate` in ``setup`` are the only ones ``update`` changes.
    The rest (axes, ticks, bands, reference curves, legend) is drawn once and kept as a pixel
    background; each render restores it and draws the animated artists on top (~0.2 ms instead of
    ~20 ms). Animated artists are drawn after, hence above, everything static. If ``update``
    changes anything else (limits, a static text), call :meth:`invalidate`. A view that animates
    nothing is fully redrawn on each render. Render with :meth:`render`: a plain
    ``fig.canvas.draw()`` (or ``plotting.to_png(view.fig)``) leaves animated artists out.
    """

    width_px = plotting.FRAME_WIDTH_PX
    height_px = plotting.FRAME_HEIGHT_PX
    margins: dict | None = None

    def __init__(self):
        self.fig = plotting.new_figure(self.width_px, self.height_px, margins=self.margins)
        self._animated = []
        self._background = None
        with plotting.style():
            self.setup(self.fig)

    def setup(self, fig: Figure) -> None:
        raise NotImplementedError("a View subclass builds its axes and artists in setup(fig)")

    def update(self, **params) -> None:
        raise NotImplementedError("a View subclass sets its artists' data in update(**params)")

    def animate(self, *artists):
        """Mark artists that ``update`` changes (blitted on each render); returns the first one."""
        for a in artists:
            a.set_animated(True)
            self._animated.append(a)
        self._background = None
        return artists[0] if artists else None

    def invalidate(self) -> None:
        """Redraw the static background on the next render (after a change outside the animated artists)."""
        self._background = None

    def data(self):
        """Columns of the current figure for the CSV export, or None."""
        return None

    def describe(self) -> str:
        """Default alt text: the axes, their ranges and the labelled curves."""
        return plotting.describe_figure(self.fig)

    def _draw(self) -> None:
        canvas = plotting.agg_canvas(self.fig)
        if not self._animated:
            canvas.draw()
            return
        if self._background is None:
            canvas.draw()  # animated artists are left out of a normal draw
            self._background = canvas.copy_from_bbox(self.fig.bbox)
        else:
            canvas.restore_region(self._background)
        renderer = canvas.get_renderer()
        for a in self._animated:
            if a.get_visible():
                a.draw(renderer)

    def set_scale(self, scale: float) -> None:
        """Render at ``scale`` device pixels per CSS pixel (2 = sharp on high-density screens).

        The figure keeps its size in inches (so its layout and font sizes in CSS pixels); only the
        pixel density changes. ``width_px``/``height_px`` stay the CSS size.
        """
        scale = float(plotting._validate.in_range("scale", scale, 0.5, 4))
        self._scale = scale
        if self.fig is not None and abs(self.fig.dpi - plotting.DPI * scale) > 1e-9:
            self.fig.set_dpi(plotting.DPI * scale)
            self._background = None

    def render(self, colors: int | None = None, method: str = "mediancut") -> bytes:
        """PNG bytes of the figure now (``colors``, ``method``: see :func:`metabolism.plotting.to_png`)."""
        self._draw()
        return plotting.to_png(self.fig, colors=colors, draw=False, method=method)


class _DrawView(View):
    """Adapter for a plain ``draw(**params) -> Figure``: a new figure each time, closed at once."""

    def __init__(self, draw):
        self._draw_fn = draw
        self._animated = []
        self.fig = None

    def update(self, **params):
        with plotting.style():
            fig = self._draw_fn(**params)
        if not isinstance(fig, Figure):
            raise ValueError(f"draw(**params) returned {type(fig).__name__}; it must return a matplotlib Figure")
        plt.close(fig)  # a pyplot figure would otherwise print below the cell
        if getattr(self, "_scale", None):
            fig.set_dpi(plotting.DPI * self._scale)
        self.fig = fig
