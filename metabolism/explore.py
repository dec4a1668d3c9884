"""Explorers: sliders over a figure that work in a kernel *and* on the static site.

A chapter hands :func:`explorer` something that draws (a :class:`View`, or a plain
``draw(**params) -> Figure``) and a grid of slider positions. The explorer has two modes:

``"live"`` (the default; in a local kernel or on Binder)
    each slider move calls ``view.update(**params)`` and re-renders one image (full colour PNG).
``"frames"`` (the static site; the book build sets ``METABOLISM_EXPLORER_MODE=frames``)
    every grid point is rendered once at build time (64-colour PNG). Frames sit in nested
    ``widgets.Stack`` s, one level per knob; each slider is ``jslink`` ed to every Stack of its
    level (1 + n0 + n0·n1 links for three knobs), so the saved widget state switches frames in the
    browser without a kernel. ``jslink`` does nothing in a kernel without a browser, so each
    slider is also mirrored to its Stacks by a Python ``observe``.

The mode is the ``mode`` argument, else the environment variable ``METABOLISM_EXPLORER_MODE``
(``"live"`` when unset). At most :data:`MAX_FRAMES` = 150 grid points per explorer, in both modes.

Writing a view
--------------
Subclass :class:`View`: build the axes and artists once in ``setup(fig)`` (fixed axis limits, house
style from :mod:`metabolism.plotting`, the reference subject drawn faintly with
``plotting.reference_line``), and change only artist data in ``update(**params)``. Optionally
``data()`` returns the current curves as ``{column: 1-D array}`` for the CSV export::

    class Wave(View):
        def setup(self, fig):
            ax = fig.add_subplot()
            self.t = np.linspace(0, 10, 200)
            plotting.reference_line(ax, self.t, np.sin(self.t))
            (self.line,) = ax.plot([], [], label="you")
            ax.set_xlim(0, 10); ax.set_ylim(-3, 3)
            ax.set_xlabel(plotting.axis_label("Time", "min"))
            ax.set_ylabel(plotting.axis_label("Signal", "a.u."))

        def update(self, amp):
            self.line.set_data(self.t, amp * np.sin(self.t))

    explorer(Wave(), {"amp": [0.5, 1, 2]}, reference={"amp": 1},
             readout=lambda amp: plotting.format_change("amplitude", amp, 1),
             sentence=lambda amp: "Taller than the reference." if amp > 1 else "Not taller.",
             alt="A sine wave over ten minutes")

``readout``, ``sentence`` and ``alt`` (if callable) are called with the same params right after
``update``, so a view may cache its last result and serve them (``readout=view.readout``).

What tests can probe (stable names) on the returned :class:`Explorer` (a ``widgets.VBox``)
------------------------------------------------------------------------------------------
``mode``            "live" or "frames"
``frame_count``     number of grid points (product of the grid sizes)
``frame_bytes``     PNG bytes on the page (base64 in the saved state adds a third; page budget 4 MiB)
``sliders``         dict knob name -> ``SelectionSlider`` (its ``index`` is what is linked)
``params``          dict of the parameters of the image shown now
``image``           the one :class:`FrameImage` shown now; ``png`` its bytes; ``alt`` its alt text
``readout``, ``sentence``  the texts shown now (str); ``error`` the last live error ("" if none)
``shown_widgets()`` the leaf widgets visible now (Stacks followed by ``selected_index``)
``reset()``         sliders back to the reference; ``reset_button`` (live only, else None)
``preset_selector`` Dropdown (option 0 = "your settings") or None
``export(dir)``     writes PNG (+ CSV) and returns the paths; ``export_button``, ``downloads`` (live)
``model_card``      HTML widget (a ``<details>`` block) or None
``frames``          frames mode: dict index tuple -> FrameImage; ``stacks``: list per level;
                    ``links``: every jslink (sliders -> Stacks, preset -> top Stack)

Accessibility
-------------
Every image carries alt text (what it shows, the settings, the change versus the reference): the
:class:`FrameImage` subclass syncs a ``description`` trait, which makes ``tooltip=`` safe and sets
the image's ``title`` (the stock ``Image(tooltip=...)`` crashes the explorer in ipywidgets 8.1.9).
Displaying an explorer also displays :data:`ARIA_SCRIPT` once, a small script that copies each
slider's label into its handle's ``aria-label``.

This module knows nothing about glucose: it imports no model.
"""
from __future__ import annotations

import base64
import csv
import html
import io
import itertools
import math
import os
import re
from collections.abc import Mapping
from numbers import Number
from pathlib import Path

import ipywidgets as widgets
import traitlets
from IPython.display import HTML, display
from ipywidgets.widgets.widget_string import HTMLStyle

from . import plotting
from .knobs import KNOBS
from .explorer.view import View, _DrawView  # noqa: F401  (moved; re-exported for old callers)

__all__ = ["explorer", "Explorer", "View", "FrameImage", "MAX_FRAMES", "MODE_ENV", "MODES",
           "FRAME_COLORS", "ARIA_SCRIPT"]

MAX_FRAMES = 150                         #: grid points per explorer (page budget)
MODE_ENV = "METABOLISM_EXPLORER_MODE"    #: "frames" on the book build, "live" otherwise
MODES = ("live", "frames")
FRAME_COLORS = 64                        #: colours of a precomputed frame (~20 KiB each)
_NO_PRESET = "your settings"

#: copies each slider's label into its handle's aria-label (displayed once per explorer output)
ARIA_SCRIPT = """<script>(function(){if(window.metabolismAria)return;window.metabolismAria=1;var p=0;
function name(){p=0;document.querySelectorAll(".widget-slider .noUi-handle").forEach(function(h){
var w=h.closest(".widget-slider"),l=w&&w.querySelector(".widget-label"),t=l&&l.textContent.trim();
if(t&&h.getAttribute("aria-label")!==t)h.setAttribute("aria-label",t);});}
function later(){if(!p){p=1;requestAnimationFrame(name);}}
name();new MutationObserver(later).observe(document.documentElement,{childList:true,subtree:true});
})();</script>"""


class FrameImage(widgets.Image):
    """``widgets.Image`` with a synced ``description``, so ``tooltip=`` (the alt text) is safe."""

    description = traitlets.Unicode("").tag(sync=True)

    def get_state(self, key=None, drop_defaults=False):
        # embedding with drop_defaults would drop description="", and the JS view then crashes
        state = super().get_state(key=key, drop_defaults=drop_defaults)
        if key is None:
            state.setdefault("description", self.description)
        return state


# ------------------------------------------------------------------ argument checks

def _resolve_mode(mode):
    if mode is None:
        mode = os.environ.get(MODE_ENV, "").strip() or "live"
        source = f"environment variable {MODE_ENV}"
    else:
        source = "mode"
    if mode not in MODES:
        raise ValueError(f"{source}={mode!r} is not a mode; allowed: {', '.join(MODES)}")
    return mode


def _check_grid(grid) -> dict:
    if not isinstance(grid, dict) or not grid:
        raise ValueError(f"grid={grid!r} must be a non-empty dict {{knob name: list of positions}}")
    out = {}
    for name, positions in grid.items():
        if not isinstance(name, str) or not name.isidentifier():
            raise ValueError(f"grid key {name!r} must be a parameter name (a Python identifier)")
        positions = list(positions) if not isinstance(positions, (str, bytes)) else None
        if not positions:
            raise ValueError(f"grid[{name!r}] must be a non-empty list of positions")
        for k, v in enumerate(positions):
            if isinstance(v, Number) and not math.isfinite(v):
                raise ValueError(f"grid[{name!r}][{k}]={v!r} is not a finite number")
        for k, v in enumerate(positions):
            if _find(positions[:k], v) is not None:
                raise ValueError(f"grid[{name!r}] lists the position {v!r} twice")
        out[name] = [float(v) if isinstance(v, Number) and not isinstance(v, bool) else v for v in positions]
    count = math.prod(len(p) for p in out.values())
    if count > MAX_FRAMES:
        sizes = " × ".join(f"{len(p)} {n}" for n, p in out.items())
        raise ValueError(f"grid has {count} frames ({sizes}); an explorer may hold at most {MAX_FRAMES}")
    return out


def _find(positions, value):
    """Index of ``value`` among ``positions`` (numbers compared with a tolerance), or None."""
    for k, p in enumerate(positions):
        if isinstance(value, Number) and isinstance(p, Number):
            if math.isclose(value, p, rel_tol=1e-9, abs_tol=1e-12):
                return k
        elif value == p:
            return k
    return None


def _indices(what, point, grid, base) -> dict:
    """Grid indices of a (partial) point such as ``init`` or a preset; missing knobs from ``base``."""
    if not isinstance(point, dict):
        raise ValueError(f"{what}={point!r} must be a dict {{knob name: grid position}}")
    out = dict(base)
    for name, value in point.items():
        if name not in grid:
            raise ValueError(f"{what} names {name!r}, which is not a grid knob ({', '.join(grid)})")
        k = _find(grid[name], value)
        if k is None:
            raise ValueError(f"{what}[{name!r}]={value!r} is not a grid position; allowed: {grid[name]}")
        out[name] = k
    return out


def _default_indices(grid) -> dict:
    """Start at each knob's book default if it is on the grid, else at the first position."""
    out = {}
    for name, positions in grid.items():
        k = _find(positions, KNOBS[name].default) if name in KNOBS else None
        out[name] = 0 if k is None else k
    return out


def _check_callable(name, f, allow_str=False):
    if f is None or callable(f) or (allow_str and isinstance(f, str)):
        return f
    kinds = "a callable(**params) -> str" + (" or a str" if allow_str else "")
    raise ValueError(f"{name}={f!r} must be None or {kinds}")


def _as_view(view_or_draw) -> View:
    if isinstance(view_or_draw, View) or (hasattr(view_or_draw, "update") and hasattr(view_or_draw, "render")):
        return view_or_draw
    if callable(view_or_draw):
        return _DrawView(view_or_draw)
    raise ValueError(f"view_or_draw={view_or_draw!r} must be a View or a draw(**params) -> Figure function")


# ------------------------------------------------------------------ HTML pieces

def _info_html(readout: str, sentence: str) -> str:
    parts = []
    if readout:
        parts.append(f'<div style="font-weight:600">{html.escape(readout)}</div>')
    if sentence:
        parts.append(f"<div>{html.escape(sentence)}</div>")
    return f'<div role="status">{"".join(parts)}</div>'


def _error_html(message: str) -> str:
    return f'<div role="alert" style="color:#A64500">Could not update the figure: {html.escape(message)}</div>'


_CARD_FIELDS = (("model", "Model"), ("citation", "Citation"), ("valid", "Valid ranges"),
                ("leaves_out", "What it leaves out"))


def _card_html(card: dict, slider_ranges: str) -> str:
    if not isinstance(card, Mapping):
        raise ValueError(f"model_card={card!r} must be a dict (model, citation, valid, leaves_out, ...)")
    known = dict(_CARD_FIELDS)
    rows = [(known.get(k, k.replace("_", " ").capitalize()), v) for k, v in card.items()]
    rows.append(("Sliders", slider_ranges))

    def cell(v):
        if isinstance(v, (list, tuple)):
            return "<ul>" + "".join(f"<li>{html.escape(str(x))}</li>" for x in v) + "</ul>"
        return html.escape(str(v))

    body = "".join(f"<dt><b>{html.escape(k)}</b></dt><dd>{cell(v)}</dd>" for k, v in rows)
    return f'<details class="metabolism-model-card"><summary>Model card</summary><dl>{body}</dl></details>'


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9.]+", "-", text).strip("-") or "explorer"


# ------------------------------------------------------------------ the explorer

class Explorer(widgets.VBox):
    """The widget :func:`explorer` returns. See the module docstring for its attributes."""

    def __init__(self, view_or_draw, grid, init=None, labels=None, units=None, reference=None,
                 readout=None, sentence=None, presets=None, model_card=None, mode=None, alt=None,
                 data=None, name="explorer"):
        super().__init__()
        self.mode = _resolve_mode(mode)
        self.grid = _check_grid(grid)
        self.view = _as_view(view_or_draw)
        self._readout_fn = _check_callable("readout", readout)
        self._sentence_fn = _check_callable("sentence", sentence)
        self._alt = _check_callable("alt", alt, allow_str=True)
        self._data_fn = _check_callable("data", data)
        self.labels = {n: (labels or {}).get(n) or (KNOBS[n].label if n in KNOBS else n) for n in self.grid}
        self._units = dict(units or {})
        self.name = str(name)
        self.frame_count = math.prod(len(p) for p in self.grid.values())
        self.error = ""
        self._applying = False

        # where the sliders start, and where reset goes (the reference subject)
        start = _default_indices(self.grid)
        if reference is not None:
            start = _indices("reference", reference, self.grid, start)
        self._reference_idx = dict(start)
        self._init_idx = _indices("init", init, self.grid, start) if init is not None else dict(start)
        self._presets = {}
        for pname, point in (presets or {}).items():
            self._presets[str(pname)] = _indices(f"preset {pname!r}", point, self.grid, self._reference_idx)

        self.sliders = {n: self._make_slider(n) for n in self.grid}
        self.preset_selector = None
        if self._presets:
            self.preset_selector = widgets.Dropdown(options=[_NO_PRESET, *self._presets], index=0,
                                                    description="Preset")
        card = None
        if model_card is not None:
            card = widgets.HTML(_card_html(model_card, self._slider_ranges()))
        self.model_card = card

        self.reset_button = self.export_button = self.downloads = None
        self.frames, self.stacks, self.links = {}, [], []
        if self.mode == "live":
            figure_area, controls = self._build_live()
        else:
            figure_area, controls = self._build_frames()
        self.children = [figure_area, *self.sliders.values(), *controls, *([card] if card else [])]

    # -------------------------------------------------------------- shared pieces

    def _format(self, name, value) -> str:
        if name in self._units and isinstance(value, Number):
            return f"{value:g} {self._units[name]}"
        if name in KNOBS and isinstance(value, Number):
            return KNOBS[name].display(value)
        return f"{value:g}" if isinstance(value, Number) else str(value)

    def _make_slider(self, name):
        positions = self.grid[name]
        return widgets.SelectionSlider(
            options=[(self._format(name, v), v) for v in positions], index=self._init_idx[name],
            description=self.labels[name], continuous_update=True,
            style={"description_width": "initial"}, layout=widgets.Layout(width="100%", max_width="640px"))

    def _slider_ranges(self) -> str:
        return "; ".join(f"{self.labels[n]}: {self._format(n, p[0])} to {self._format(n, p[-1])} "
                         f"({len(p)} positions)" for n, p in self.grid.items())

    def _params(self, idx: dict) -> dict:
        return {n: self.grid[n][idx[n]] for n in self.grid}

    def _compose(self, params: dict):
        """Update the view for ``params``; return (readout, sentence, alt text)."""
        with plotting.style():
            self.view.update(**params)
        readout = self._readout_fn(**params) if self._readout_fn else ""
        sentence = self._sentence_fn(**params) if self._sentence_fn else ""
        what = self._alt(**params) if callable(self._alt) else (self._alt or self.view.describe())
        settings = "; ".join(f"{self.labels[n]} {self._format(n, v)}" for n, v in params.items())
        return str(readout), str(sentence), plotting.alt_text(what, settings=settings, readout=readout)

    def _slider_idx(self) -> dict:
        return {n: s.index for n, s in self.sliders.items()}

    def _image_layout(self):
        w = getattr(self.view, "width_px", plotting.FRAME_WIDTH_PX)
        return widgets.Layout(width="100%", max_width=f"{w}px", height="auto")

    # -------------------------------------------------------------- live mode

    def _build_live(self):
        readout, sentence, alt = self._compose(self._params(self._init_idx))  # errors here propagate
        self._image = FrameImage(value=self.view.render(), format="png", tooltip=alt, layout=self._image_layout())
        self._texts = (readout, sentence)
        self._info = widgets.HTML(_info_html(readout, sentence))
        for s in self.sliders.values():
            s.observe(self._on_slider, names="index")
        controls = []
        if self.preset_selector is not None:
            self.preset_selector.observe(self._on_preset, names="index")
            controls.append(self.preset_selector)
        self.reset_button = widgets.Button(description="Reset to reference", icon="undo",
                                           tooltip="Move every slider back to the reference subject")
        self.reset_button.on_click(lambda _: self.reset())
        self.export_button = widgets.Button(description="Export PNG + CSV", icon="download",
                                            tooltip="Save the figure and its data, and offer download links")
        self.export_button.on_click(lambda _: self.export())
        self.downloads = widgets.HTML("")
        row = widgets.HBox([*controls, self.reset_button, self.export_button],
                           layout=widgets.Layout(flex_flow="row wrap"))
        return widgets.VBox([self._image, self._info]), [row, self.downloads]

    def _on_slider(self, change):
        if self._applying:
            return
        if self.preset_selector is not None and self.preset_selector.index != 0:
            self._applying = True  # a manual move leaves the preset
            self.preset_selector.index = 0
            self._applying = False
        self._show_live()

    def _on_preset(self, change):
        if self._applying or not change["new"]:
            return
        self._set_sliders(self._presets[self.preset_selector.value])

    def _set_sliders(self, idx: dict):
        """Move several sliders at once; render (live) once at the end."""
        self._applying = True
        try:
            for n, k in idx.items():
                self.sliders[n].index = k
        finally:
            self._applying = False
        if self.mode == "live":
            self._show_live()

    def _show_live(self):
        try:
            readout, sentence, alt = self._compose(self._params(self._slider_idx()))
            png = self.view.render()
        except Exception as exc:  # shown to the reader; the last good image stays
            self.error = str(exc)
            self._info.value = _error_html(self.error)
            return
        self.error = ""
        self._texts = (readout, sentence)
        self._image.value = png
        self._image.tooltip = alt
        self._info.value = _info_html(readout, sentence)

    # -------------------------------------------------------------- frames mode

    def _build_frames(self):
        names = list(self.grid)
        sizes = [len(self.grid[n]) for n in names]
        shared = widgets.Layout()           # one Layout/Style model for all frames keeps the page small
        style = HTMLStyle()
        image_layout = self._image_layout()
        cells, self._frame_texts = {}, {}
        for idx in itertools.product(*(range(s) for s in sizes)):
            readout, sentence, alt = self._compose(self._params(dict(zip(names, idx))))
            image = FrameImage(value=self.view.render(colors=FRAME_COLORS), format="png", tooltip=alt,
                               layout=image_layout)
            self.frames[idx] = image
            self._frame_texts[idx] = (readout, sentence)
            cells[idx] = widgets.VBox([image, widgets.HTML(_info_html(readout, sentence), layout=shared,
                                                           style=style)], layout=shared)
        self.stacks = [[] for _ in names]

        def nest(level, prefix):
            if level == len(names):
                return cells[prefix]
            stack = widgets.Stack([nest(level + 1, prefix + (k,)) for k in range(sizes[level])],
                                  selected_index=self._init_idx[names[level]], layout=shared)
            self.stacks[level].append(stack)
            return stack

        root = nest(0, ())
        for level, n in enumerate(names):
            slider = self.sliders[n]
            for stack in self.stacks[level]:
                self.links.append(widgets.jslink((slider, "index"), (stack, "selected_index")))
            slider.observe(lambda ch, level=level: self._mirror(level, ch["new"]), names="index")

        controls = []
        figure_area = root
        if self.preset_selector is not None:
            # presets are one more linked axis: the top Stack shows the sliders' frame or a preset's
            preset_cells = [cells[tuple(p[n] for n in names)] for p in self._presets.values()]
            self._top = widgets.Stack([root, *preset_cells], selected_index=0, layout=shared)
            self.links.append(widgets.jslink((self.preset_selector, "index"), (self._top, "selected_index")))
            self.preset_selector.observe(lambda ch: setattr(self._top, "selected_index", ch["new"]), names="index")
            figure_area = self._top
            note = widgets.HTML(f"<small>A preset shows its stored picture; choose “{_NO_PRESET}” "
                                "to use the sliders again.</small>")
            controls = [widgets.HBox([self.preset_selector, note], layout=widgets.Layout(flex_flow="row wrap"))]
        return figure_area, controls

    def _mirror(self, level, index):
        """Python twin of the jslinks (they only run in a browser)."""
        for stack in self.stacks[level]:
            stack.selected_index = index

    # -------------------------------------------------------------- what is shown

    def shown_widgets(self) -> list:
        """Leaf widgets visible now: Stacks are followed through their ``selected_index``."""
        def walk(w):
            if isinstance(w, widgets.Stack):
                if w.selected_index is not None:
                    yield from walk(w.children[w.selected_index])
            elif isinstance(w, widgets.Box):
                for c in w.children:
                    yield from walk(c)
            else:
                yield w
        return list(walk(self))

    def _shown_idx(self) -> dict:
        if self.mode == "frames" and self.preset_selector is not None and self.preset_selector.index:
            return self._presets[self.preset_selector.value]
        return self._slider_idx()

    @property
    def params(self) -> dict:
        return self._params(self._shown_idx())

    @property
    def image(self) -> FrameImage:
        if self.mode == "live":
            return self._image
        idx = self._shown_idx()
        return self.frames[tuple(idx[n] for n in self.grid)]

    @property
    def frame_bytes(self) -> int:
        """PNG bytes this explorer puts on the page (frames: all frames; live: the one image)."""
        if self.mode == "live":
            return len(self._image.value)
        return sum(len(f.value) for f in self.frames.values())

    @property
    def png(self) -> bytes:
        return self.image.value

    @property
    def alt(self) -> str:
        return self.image.tooltip

    def _texts_now(self):
        if self.mode == "live":
            return self._texts
        idx = self._shown_idx()
        return self._frame_texts[tuple(idx[n] for n in self.grid)]

    @property
    def readout(self) -> str:
        return self._texts_now()[0]

    @property
    def sentence(self) -> str:
        return self._texts_now()[1]

    # -------------------------------------------------------------- actions

    def reset(self):
        """Sliders back to the reference subject (and presets back to "your settings")."""
        if self.preset_selector is not None:
            self._applying = True
            self.preset_selector.index = 0
            self._applying = False
        self._set_sliders(self._reference_idx)

    def _table(self):
        columns = self._data_fn(**self.params) if self._data_fn else self.view.data()
        if columns is None:
            return None
        columns = {str(k): list(v) for k, v in dict(columns).items()}
        lengths = {len(v) for v in columns.values()}
        if len(lengths) != 1:
            raise ValueError(f"data columns have different lengths {sorted(lengths)}; they must be equal")
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for row in zip(*columns.values()):
            writer.writerow([format(float(x), ".10g") if isinstance(x, Number) else x for x in row])
        return out.getvalue()

    def export(self, directory="exports") -> list[Path]:
        """Write the shown figure (PNG) and its data (CSV, if the view provides it) to ``directory``.

        Also fills :attr:`downloads` (live mode) with data-URI download links. Returns the paths.
        """
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        stem = _slug(self.name + "_" + "_".join(f"{n}-{self._format(n, v)}" for n, v in self.params.items()))
        png = self.png
        paths = [folder / f"{stem}.png"]
        paths[0].write_bytes(png)
        links = [f'<a download="{stem}.png" href="data:image/png;base64,{base64.b64encode(png).decode()}">'
                 f"figure (PNG)</a>"]
        table = self._table()
        if table is not None:
            paths.append(folder / f"{stem}.csv")
            paths[1].write_text(table)
            b64 = base64.b64encode(table.encode()).decode()
            links.append(f'<a download="{stem}.csv" href="data:text/csv;charset=utf-8;base64,{b64}">data (CSV)</a>')
        if self.downloads is not None:
            where = html.escape(", ".join(str(p) for p in paths))
            self.downloads.value = f"Saved {where}. Download: " + " · ".join(links)
        return paths

    # -------------------------------------------------------------- display

    def _ipython_display_(self, **kwargs):
        display(HTML(ARIA_SCRIPT))
        display(self._repr_mimebundle_(), raw=True)


def explorer(view_or_draw, grid, init=None, labels=None, units=None, reference=None, readout=None,
             sentence=None, presets=None, model_card=None, mode=None, alt=None, data=None,
             name="explorer") -> Explorer:
    """Build an explorer: sliders over a figure, live in a kernel, precomputed on the static site.

    Parameters
    ----------
    view_or_draw : View or callable
        A :class:`View` (figure built once, ``update(**params)`` changes artists: the fast path) or
        ``draw(**params) -> matplotlib.figure.Figure`` (a new figure each time, closed at once).
    grid : dict
        ``{param name: ordered list of slider positions}``; at most 150 grid points in total.
    init, reference : dict, optional
        Starting positions and the reference subject's positions (reset goes there); partial dicts
        are completed from the reference, then the knob's default, then the first position.
        Values must be grid positions. The *view* draws the reference curve (faintly).
    labels, units : dict, optional
        Slider label and unit per param; book knobs (:mod:`metabolism.knobs`) default to their own.
    readout, sentence : callable(**params) -> str, optional
        What changed versus the reference ("fasting insulin +30 %") and a plain-language sentence.
    presets : dict, optional
        ``{preset name: {param: grid position}}``. Live: choosing one moves the sliders. Frames: a
        linked selector shows the preset's frame (already on the grid, so no extra bytes).
    model_card : dict, optional
        ``model``, ``citation``, ``valid``, ``leaves_out`` (any other keys are shown too).
    mode : {"live", "frames"}, optional
        Default: ``$METABOLISM_EXPLORER_MODE``, else "live".
    alt : str or callable(**params) -> str, optional
        What the figure shows; settings and readout are appended. Default: read from the axes.
    data : callable(**params) -> {column: array}, optional
        Data for the CSV export when the view has no ``data()``.
    name : str
        Stem of exported file names.

    Returns
    -------
    Explorer
        A ``widgets.VBox``; see the module docstring for the attributes tests can use.
    """
    return Explorer(view_or_draw, grid, init=init, labels=labels, units=units, reference=reference,
                    readout=readout, sentence=sentence, presets=presets, model_card=model_card,
                    mode=mode, alt=alt, data=data, name=name)
