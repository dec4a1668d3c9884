"""Explorers v2: one front-end of our own for the kernel and the static page.

An explorer is a figure (a :class:`View`) with controls over a grid of settings, presets, a readout, a
sentence and optionally a result table. :func:`explorer` returns

- in a kernel (``"live"`` mode; JupyterLab, Notebook 7, Binder, VS Code): a :class:`LiveExplorer`, an
  ``anywidget.AnyWidget`` whose front-end is ``explorer.js``; Python recomputes the figure on every change;
- in the book build (``"frames"`` mode; ``METABOLISM_EXPLORER_MODE=frames`` is set by ``_ext/book_build.py``):
  a :class:`FramesExplorer`, displayed as HTML: the state (every frame precomputed, as data URLs) in a
  ``<script type="application/json">`` and a small module loader that hands the *same* ``explorer.js`` a
  browser-only model. A ``build-finished`` step moves the frames into content-hashed files.

The state both front-ends draw from (and what tests can read): ``spec`` (title, controls, presets,
reference, figure size), ``value`` (control name -> grid value: the one source of truth) and ``frame``
(``png`` and ``csv`` URLs, ``alt``, ``readout``, ``sentence``, ``table``).

Controls come by kind: :class:`Range` (numeric grid: a range input), :class:`Choice` (categories: radio
buttons), :class:`Switch` (on/off). ``Range.knob("glut4", values=[...])`` takes label, unit and number format
from :mod:`metabolism.knobs`, so a knob has one name across the book.

This module knows nothing about glucose: it imports no model.
"""
from __future__ import annotations

import base64
import csv
import hashlib
import html
import io
import itertools
import json
import math
import os
import re
from collections.abc import Mapping
from numbers import Number
from pathlib import Path

import anywidget
import traitlets

from .. import plotting
from ..knobs import KNOBS
from .view import View, _DrawView

__all__ = ["explorer", "LiveExplorer", "FramesExplorer", "View", "Range", "Choice", "Switch",
           "ESM_PATH", "MODE_ENV", "MODES", "MAX_FRAMES", "FRAME_SCALE", "FRAME_COLORS", "state_json"]

ESM_PATH = Path(__file__).with_name("explorer.js")   #: the one front-end module
MODE_ENV = "METABOLISM_EXPLORER_MODE"                 #: "frames" in the book build, else "live"
MODES = ("live", "frames")
MAX_FRAMES = 400         #: grid points per explorer (bounded by the clean-build time, not page weight)
FRAME_SCALE = 2          #: device pixels per CSS pixel of a precomputed frame (sharp on phones)
LIVE_SCALE = 2           #: the same in a kernel
FRAME_COLORS = 128       #: colours of a precomputed frame (quantised PNG, ~30 KB at 2×)
LIVE_COLORS = 256        #: colours of a live frame (quantising is faster than encoding full RGB at 2×)


# ------------------------------------------------------------------ controls

def _formatter(fmt, unit):
    if callable(fmt):
        return fmt
    if fmt is None:
        fmt = "{:g}" + (f" {unit}" if unit else "")
    if not isinstance(fmt, str) or "{" not in fmt:
        raise ValueError(f"fmt={fmt!r} must be a format string such as '{{:g}} mg/dL' or a callable")
    return fmt.format


class Control:
    """A control over one parameter: its name, grid values and how values read."""

    kind = ""

    def __init__(self, name, values, label, display, text=None):
        if not isinstance(name, str) or not name.isidentifier():
            raise ValueError(f"control name {name!r} must be a parameter name (a Python identifier)")
        values = list(values) if not isinstance(values, (str, bytes)) else []
        if not values:
            raise ValueError(f"control {name!r} needs a non-empty list of values")
        clean = []
        for k, v in enumerate(values):
            if isinstance(v, bool) or v is None or isinstance(v, str):
                clean.append(v)
            elif isinstance(v, Number):
                if not math.isfinite(v):
                    raise ValueError(f"control {name!r}: value [{k}]={v!r} is not a finite number")
                clean.append(v.item() if hasattr(v, "item") else v)  # numpy scalars -> Python (JSON)
            else:
                raise ValueError(f"control {name!r}: value [{k}]={v!r} must be a number, a string or a bool")
        for k, v in enumerate(clean):
            if _find(clean[:k], v) is not None:
                raise ValueError(f"control {name!r} lists the value {v!r} twice")
        self.name = name
        self.values = clean
        self.label = str(label or name)
        self.display = [str(display(v)) for v in clean]
        self.text = [str(text(v)) for v in clean] if text else list(self.display)

    def index(self, value) -> int:
        k = _find(self.values, value)
        if k is None:
            raise ValueError(f"{self.name}={value!r} is not one of the explorer's values; allowed: {self.values}")
        return k

    def spec(self) -> dict:
        return {"name": self.name, "kind": self.kind, "label": self.label, "values": self.values,
                "display": self.display, "text": self.text}

    def __repr__(self):
        return f"{type(self).__name__}({self.name!r}, {self.values!r})"


class Range(Control):
    """Numbers on a grid: a native range input (one step per grid value).

    ``fmt`` is a format string (``"{:g} mg/dL"``) or a callable ``value -> str``; by default the value
    with ``unit``. The range's ``aria-valuetext`` is the formatted value (with its unit).
    """

    kind = "range"

    def __init__(self, name, values, label=None, unit="", fmt=None, text=None):
        values = list(values)
        for k, v in enumerate(values):
            if isinstance(v, bool) or not isinstance(v, Number):
                raise ValueError(f"Range {name!r}: value [{k}]={v!r} must be a number")
        if any(b <= a for a, b in zip(values, values[1:])):
            raise ValueError(f"Range {name!r}: values {values} must increase")
        self.unit = unit
        display = _formatter(fmt, unit)
        super().__init__(name, values, label, display, text)

    @classmethod
    def knob(cls, name, values):
        """A range over a book knob: label, unit and format from :data:`metabolism.knobs.KNOBS` (no
        override: a knob has one name across the book)."""
        if name not in KNOBS:
            raise ValueError(f"{name!r} is not a book knob; knobs are {', '.join(KNOBS)}")
        k = KNOBS[name]
        for v in values:
            if not (k.lo <= v <= k.hi):
                raise ValueError(f"Range.knob({name!r}): value {v!r} is outside the knob's range {k.lo}–{k.hi}")
        return cls(name, values, label=k.label, unit=k.unit, fmt=k.display, text=k.valuetext)


class Choice(Control):
    """Categories: a radio group. ``labels`` (optional) are what the reader sees per option."""

    kind = "choice"

    def __init__(self, name, options, label=None, labels=None):
        options = list(options)
        if labels is not None and len(labels) != len(options):
            raise ValueError(f"Choice {name!r}: {len(labels)} labels for {len(options)} options")
        shown = dict(zip(options, labels)) if labels is not None else {}
        super().__init__(name, options, label, lambda v: shown.get(v, v))


class Switch(Control):
    """On/off: a checkbox with ``role="switch"``; values ``False`` and ``True``."""

    kind = "switch"

    def __init__(self, name, label=None, labels=("off", "on")):
        shown = dict(zip((False, True), labels))
        super().__init__(name, [False, True], label, lambda v: shown[v])


def _find(values, value):
    for k, p in enumerate(values):
        if isinstance(value, bool) or isinstance(p, bool):
            if value is p:
                return k
        elif isinstance(value, Number) and isinstance(p, Number):
            if math.isclose(value, p, rel_tol=1e-9, abs_tol=1e-12):
                return k
        elif value == p:
            return k
    return None


# ------------------------------------------------------------------ helpers

def _resolve_mode(mode):
    source = "mode"
    if mode is None:
        mode = os.environ.get(MODE_ENV, "").strip() or "live"
        source = f"environment variable {MODE_ENV}"
    if mode not in MODES:
        raise ValueError(f"{source}={mode!r} is not a mode; allowed: {', '.join(MODES)}")
    return mode


def _check_callable(name, f, allow_str=False):
    if f is None or callable(f) or (allow_str and isinstance(f, str)):
        return f
    kinds = "a callable(**params)" + (" or a str" if allow_str else "")
    raise ValueError(f"{name}={f!r} must be None or {kinds}")


def _as_view(view):
    if isinstance(view, View) or (hasattr(view, "update") and hasattr(view, "render")):
        return view
    if callable(view):
        return _DrawView(view)
    raise ValueError(f"view={view!r} must be a View or a draw(**params) -> Figure function")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-") or "explorer"


def _data_url(mime: str, payload: bytes) -> str:
    return f"data:{mime};base64,{base64.b64encode(payload).decode()}"


def _decode_data_url(url: str) -> bytes:
    if not url.startswith("data:"):
        raise ValueError(f"not a data URL: {url[:40]!r}")
    return base64.b64decode(url.split(",", 1)[1])


def _csv_text(columns) -> str | None:
    if columns is None:
        return None
    columns = {str(k): list(v) for k, v in dict(columns).items()}
    lengths = {len(v) for v in columns.values()}
    if len(lengths) > 1:
        raise ValueError(f"data columns have different lengths {sorted(lengths)}; they must be equal")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in zip(*columns.values()):
        writer.writerow([format(float(x), ".6g") if isinstance(x, Number) and not isinstance(x, bool) else x
                         for x in row])
    return out.getvalue()


def _table(value):
    """``{"columns": [...], "rows": [[...], ...]}`` from a dict of columns, a list of dicts, or that dict."""
    if value is None:
        return None
    if isinstance(value, dict) and "columns" in value and "rows" in value:
        cols, rows = list(value["columns"]), [list(r) for r in value["rows"]]
    elif isinstance(value, dict):
        cols = list(value)
        rows = [list(r) for r in zip(*value.values())]
    elif isinstance(value, (list, tuple)) and value and isinstance(value[0], dict):
        cols = list(value[0])
        rows = [[r.get(c, "") for c in cols] for r in value]
    else:
        raise ValueError(f"table returned {type(value).__name__}; return a dict of columns or a list of dicts")
    return {"columns": [str(c) for c in cols], "rows": [[str(x) for x in r] for r in rows]}


def state_json(state: dict) -> str:
    """JSON for a ``<script type="application/json">``: every ``<`` escaped, so ``</script>`` cannot end it."""
    return json.dumps(state, separators=(",", ":"), ensure_ascii=False).replace("<", "\\u003c")


_CARD_FIELDS = {"model": "Model", "citation": "Citation", "valid": "Valid ranges",
                "leaves_out": "What it leaves out"}


# ------------------------------------------------------------------ the shared core

class _Core:
    """What both modes share: the controls, presets and how one setting becomes a frame."""

    def __init__(self, view, controls, *, title, reference=None, init=None, presets=None, readout=None,
                 sentence=None, alt=None, table=None, data=None, name=None, model_card=None, mode=None):
        self.mode = _resolve_mode(mode)
        self.view = _as_view(view)
        controls = list(controls)
        if not controls or not all(isinstance(c, Control) for c in controls):
            raise ValueError("controls must be a non-empty list of Range, Choice or Switch")
        names = [c.name for c in controls]
        if len(set(names)) != len(names):
            raise ValueError(f"control names {names} must be unique")
        self.controls = {c.name: c for c in controls}
        if not isinstance(title, str) or not title.strip():
            raise ValueError("title= must name the explorer (it is the accessible name of its group)")
        self.title = title.strip()
        self.name = _slug(name or title)
        self.frame_count = math.prod(len(c.values) for c in controls)
        if self.frame_count > MAX_FRAMES:
            sizes = " × ".join(f"{len(c.values)} {c.name}" for c in controls)
            raise ValueError(f"the grid has {self.frame_count} settings ({sizes}); at most {MAX_FRAMES}")
        self._readout = _check_callable("readout", readout)
        self._sentence = _check_callable("sentence", sentence)
        self._alt = _check_callable("alt", alt, allow_str=True)
        self._table = _check_callable("table", table)
        self._data = _check_callable("data", data)
        start = {}
        for c in controls:
            default = KNOBS[c.name].default if c.name in KNOBS else None
            start[c.name] = c.values[c.index(default)] if _find(c.values, default) is not None else c.values[0]
        self.reference = self.complete("reference", reference or {}, start)
        self.init = self.complete("init", init or {}, self.reference)
        self.presets = {}
        for pname, point in (presets or {}).items():
            self.presets[str(pname)] = self.complete(f"preset {pname!r}", point, self.reference)
        self.card = None
        if model_card is not None:
            if not isinstance(model_card, Mapping):
                raise ValueError(f"model_card={model_card!r} must be a mapping (model, citation, valid, leaves_out)")
            self.card = [[_CARD_FIELDS.get(k, k.replace("_", " ").capitalize()),
                          "; ".join(map(str, v)) if isinstance(v, (list, tuple)) else str(v)]
                         for k, v in model_card.items()]
            self.card.append(["Controls", "; ".join(f"{c.label}: {c.display[0]} to {c.display[-1]} "
                                                    f"({len(c.values)} values)" for c in controls)])

    def complete(self, what, point, base) -> dict:
        if not isinstance(point, dict):
            raise ValueError(f"{what}={point!r} must be a dict {{control name: value}}")
        out = dict(base)
        for n, v in point.items():
            if n not in self.controls:
                raise ValueError(f"{what} names {n!r}, which is not a control ({', '.join(self.controls)})")
            try:
                out[n] = self.controls[n].values[self.controls[n].index(v)]
            except ValueError as e:
                raise ValueError(f"{what}: {e}") from None
        return out

    def key(self, value) -> str:
        return ",".join(str(c.index(value[n])) for n, c in self.controls.items())

    def settings(self, value) -> str:
        return "; ".join(f"{c.label} {c.text[c.index(value[n])]}" for n, c in self.controls.items())

    def spec(self, width, height) -> dict:
        return {"title": self.title, "name": self.name, "mode": self.mode,
                "controls": [c.spec() for c in self.controls.values()],
                "presets": [{"name": n, "value": v} for n, v in self.presets.items()],
                "reference": self.reference, "width": width, "height": height, "card": self.card,
                "what": self._alt if isinstance(self._alt, str) else ""}

    def compute(self, value, colors=None) -> dict:
        """Update the view for ``value`` and return the frame (PNG and CSV as data URLs)."""
        params = dict(value)
        with plotting.style():
            self.view.update(**params)
        readout = str(self._readout(**params)) if self._readout else ""
        sentence = str(self._sentence(**params)) if self._sentence else ""
        what = self._alt(**params) if callable(self._alt) else (self._alt or self.view.describe())
        alt = plotting.alt_text(str(what), settings=self.settings(value), readout=readout or None)
        png = self.view.render(colors=colors, method="fastoctree")
        columns = self._data(**params) if self._data else self.view.data()
        text = _csv_text(columns)
        return {"png": _data_url("image/png", png),
                "csv": _data_url("text/csv", text.encode()) if text is not None else "",
                "alt": alt, "what": str(what), "readout": readout, "sentence": sentence,
                "table": _table(self._table(**params)) if self._table else None}


class _Api:
    """Python-side actions shared by both explorer kinds (the tests use them too)."""

    def set(self, **params):
        """Move controls from Python (the front-end's controls follow)."""
        self.value = self._core.complete("set", params, self.value)

    def apply_preset(self, name):
        if name not in self._core.presets:
            raise ValueError(f"preset {name!r} is unknown; presets: {', '.join(self._core.presets)}")
        self.value = dict(self._core.presets[name])

    def reset(self):
        self.value = dict(self._core.reference)

    @property
    def controls(self):
        return self._core.controls

    @property
    def presets(self):
        return self._core.presets

    @property
    def frame_count(self):
        return self._core.frame_count

    @property
    def png(self) -> bytes:
        return _decode_data_url(self.frame["png"])

    @property
    def csv(self) -> str:
        return _decode_data_url(self.frame["csv"]).decode() if self.frame.get("csv") else ""

    @property
    def alt(self) -> str:
        return self.frame["alt"]

    @property
    def readout(self) -> str:
        return self.frame["readout"]

    @property
    def sentence(self) -> str:
        return self.frame["sentence"]

    @property
    def preset(self) -> str:
        """Name of the preset the controls show now, or "your settings"."""
        for n, v in self._core.presets.items():
            if all(_find([self.value[k]], x) == 0 for k, x in v.items()):
                return n
        return "your settings"


# ------------------------------------------------------------------ live mode: an anywidget

class LiveExplorer(_Api, anywidget.AnyWidget):
    """The explorer in a kernel: ``explorer.js`` through anywidget; Python recomputes on every change."""

    _esm = ESM_PATH
    spec = traitlets.Dict().tag(sync=True)
    value = traitlets.Dict().tag(sync=True)
    frame = traitlets.Dict().tag(sync=True)
    error = traitlets.Unicode("").tag(sync=True)

    def __init__(self, core: _Core):
        self._core = core
        self.mode = "live"
        self._seq = 0
        core.view.set_scale(LIVE_SCALE)
        w, h = core.view.width_px, core.view.height_px
        first = self._frame_for(core.init)          # errors here propagate to the cell
        super().__init__(spec=core.spec(w, h), value=dict(core.init), frame=first)
        self.observe(self._on_value, names="value")

    def _frame_for(self, value):
        self._seq += 1
        return {**self._core.compute(value, colors=LIVE_COLORS), "seq": self._seq}

    @traitlets.validate("value")
    def _valid(self, proposal):
        try:
            return self._core.complete("value", proposal["value"], self._core.reference)
        except ValueError as e:
            raise traitlets.TraitError(str(e)) from None

    def _on_value(self, change):
        try:
            frame = self._frame_for(change["new"])
        except Exception as exc:  # shown to the reader; the last good figure stays
            self.error = f"Could not update the figure: {exc}"
            return
        self.error = ""
        self.frame = frame

    def export(self, directory="exports") -> list[Path]:
        """Write the current figure (PNG) and its data (CSV) to ``directory``; returns the paths."""
        return _export(self, directory)


# ------------------------------------------------------------------ frames mode: HTML for the static page

class FramesExplorer(_Api):
    """The explorer on the static site: every setting precomputed; displayed as HTML + a module loader."""

    def __init__(self, core: _Core):
        self._core = core
        self.mode = "frames"
        core.view.set_scale(FRAME_SCALE)
        self.frames = {}
        # categories and switches outermost: views often redraw their static parts when those change
        order = sorted(core.controls.values(), key=lambda c: c.kind == "range")
        names = [c.name for c in order]
        for combo in itertools.product(*(c.values for c in order)):
            value = dict(zip(names, combo))
            self.frames[core.key(value)] = core.compute(value, colors=FRAME_COLORS)
        self.spec = core.spec(core.view.width_px, core.view.height_px)
        self._value = dict(core.init)

    @property
    def value(self):
        return dict(self._value)

    @value.setter
    def value(self, v):
        self._value = self._core.complete("value", v, self._core.reference)

    @property
    def frame(self):
        return self.frames[self._core.key(self._value)]

    @property
    def frame_bytes(self) -> int:
        return sum(len(_decode_data_url(f["png"])) for f in self.frames.values())

    def state(self) -> dict:
        """What the page holds. The alt text is left out of each frame: the front-end composes it from the
        explorer's ``what``, the settings and the readout exactly as :func:`plotting.alt_text` does (it is
        most of a frame's bytes), and ``what`` is kept only where it differs from the explorer's."""
        frames = {}
        for key, f in self.frames.items():
            slim = {k: v for k, v in f.items() if k not in ("alt", "what") and v not in (None, "")}
            if f["what"] != self.spec["what"]:
                slim["what"] = f["what"]
            frames[key] = slim
        return {"spec": self.spec, "value": self.value, "frames": frames}

    def _repr_html_(self):
        uid = f"mx-{self._core.name}-{next(_ids)}"
        version = hashlib.sha256(ESM_PATH.read_bytes()).hexdigest()[:10]
        first = self.frame
        fallback = (f'<div class="mx-fallback"><p><strong>{html.escape(self._core.title)}</strong></p>'
                    f'<p>{html.escape(first["readout"])}</p>'
                    "<noscript><p>This explorer needs JavaScript.</p></noscript></div>")
        return (f'<div class="mx-host" id="{uid}">{fallback}'
                f'<script type="application/json" data-mx-state>{state_json(self.state())}</script></div>'
                f"<script type=\"module\">{_LOADER.replace('@ID@', uid).replace('@V@', version)}</script>")

    def _repr_mimebundle_(self, **kwargs):
        return {"text/html": self._repr_html_(),
                "text/plain": f"<explorer {self._core.title!r}: {self.frame_count} precomputed frames>"}

    def export(self, directory="exports") -> list[Path]:
        return _export(self, directory)


_ids = itertools.count(1)

# Finds the site root (Sphinx 7 puts it on <html data-content_root>), imports the module (or, from file://,
# where module imports are refused, loads its classic-script twin once) and mounts the explorer.
_LOADER = (
    'const h=document.getElementById("@ID@"),d=document.documentElement.dataset.content_root,'
    'o=document.querySelector(\'script[src*="documentation_options.js"]\'),'
    'r=d!=null?d:(o?o.getAttribute("src").replace(/_static\\/documentation_options\\.js.*$/,""):"");'
    'const m=location.protocol==="file:"?await(window.mxClassic||(window.mxClassic=new Promise((ok,no)=>{'
    'const s=document.createElement("script");s.src=r+"_static/explorer.classic.js?v=@V@";'
    's.onload=()=>ok(window.metabolismExplorer);s.onerror=no;document.head.append(s);}))):'
    '(await import(r+"_static/explorer.js?v=@V@")).default;m.mount(h);'
)


def _export(ex, directory) -> list[Path]:
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9.]+", "-", ex._core.name + "_" + "_".join(
        f"{n}-{v}" for n, v in ex.value.items())).strip("-")
    paths = [folder / f"{stem}.png"]
    paths[0].write_bytes(ex.png)
    if ex.csv:
        paths.append(folder / f"{stem}.csv")
        paths[1].write_text(ex.csv)
    return paths


# ------------------------------------------------------------------ the entry point

def explorer(view, controls, *, title, reference=None, init=None, presets=None, readout=None, sentence=None,
             alt=None, table=None, data=None, name=None, model_card=None, mode=None):
    """Build an explorer: controls over a figure, live in a kernel, precomputed on the static site.

    Parameters
    ----------
    view : View or callable
        A :class:`View` (figure built once; ``update(**params)`` changes artists) or a plain
        ``draw(**params) -> Figure``.
    controls : list of Range, Choice, Switch
        One per parameter of ``view.update``; their values form the grid (at most :data:`MAX_FRAMES`).
    title : str
        What the explorer shows; the accessible name of its group.
    reference, init : dict, optional
        The reference setting (Reset goes there; knobs default to the book default) and the start.
    presets : dict, optional
        ``{name: {control: value}}`` (partial settings are completed from the reference).
    readout, sentence : callable(**params) -> str, optional
        What changed versus the reference, and a plain-language sentence (HTML text, announced).
    alt : str or callable(**params) -> str, optional
        What the figure shows; the settings and readout are appended. Default: read from the axes.
    table : callable(**params) -> dict of columns or list of dicts, optional
        A small result table shown as HTML under the readout.
    data : callable(**params) -> {column: array}, optional
        Data of the CSV download when the view has no ``data()``.
    name : str, optional
        Slug for the URL fragment and file names (default: from the title).
    model_card : dict, optional
        ``model``, ``citation``, ``valid``, ``leaves_out`` (others shown too).
    mode : {"live", "frames"}, optional
        Default ``$METABOLISM_EXPLORER_MODE``, else "live".
    """
    core = _Core(view, controls, title=title, reference=reference, init=init, presets=presets, readout=readout,
                 sentence=sentence, alt=alt, table=table, data=data, name=name, model_card=model_card, mode=mode)
    return LiveExplorer(core) if core.mode == "live" else FramesExplorer(core)
