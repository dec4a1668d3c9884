"""Explorers v2 (metabolism.explorer), pure Python: controls from the knob table, state, both modes, the
build step that moves frames out of the page, the classic-script twin, and the book's explorer modules.

A cheap synthetic view (a sine wave) stands in for a model. Browser tests live in test_explorers_v2.py.
"""
from __future__ import annotations

import base64
import json
import re
import sys
from pathlib import Path

import anywidget
import numpy as np
import pytest
import traitlets

from metabolism import plotting
from metabolism.explorer import (ESM_PATH, Choice, FramesExplorer, LiveExplorer, Range, Switch, View, explorer,
                                 state_json)
from metabolism.knobs import KNOBS

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))
import book_build  # noqa: E402


class Wave(View):
    width_px, height_px = 480, 320

    def setup(self, fig):
        ax = fig.add_subplot()
        self.t = np.linspace(0, 10, 100)
        plotting.reference_line(ax, self.t, np.sin(self.t))
        self.line = self.animate(ax.plot([], [], label="current")[0])
        ax.set_xlim(0, 10)
        ax.set_ylim(-3, 3)
        ax.set_xlabel(plotting.axis_label("Time", "min"))
        ax.set_ylabel(plotting.axis_label("Signal", "a.u."))

    def update(self, glut4, shape, shift):
        self.y = glut4 * (np.sin(self.t) if shape == "sine" else np.cos(self.t)) + (0.5 if shift else 0)
        self.line.set_data(self.t, self.y)

    def data(self):
        return {"t (min)": self.t, "signal (a.u.)": self.y}


def controls():
    return [Range.knob("glut4", [0.5, 1.0, 1.5]), Choice("shape", ["sine", "cosine"], label="Shape"),
            Switch("shift", label="Shift up")]


def build(mode, **kw):
    args = dict(title="A test wave", presets={"strong": {"glut4": 1.5, "shape": "cosine"}},
                readout=lambda glut4, shape, shift: f"amplitude {glut4:g}",
                sentence=lambda glut4, shape, shift: "taller" if glut4 > 1 else "not taller",
                table=lambda glut4, shape, shift: [{"quantity": "amplitude", "value": f"{glut4:g}"}],
                alt="A wave", mode=mode)
    args.update(kw)
    return explorer(Wave(), controls(), **args)


# ---------------------------------------------------------------- controls

def test_knob_range_takes_label_unit_and_format_from_the_knob_table():
    r = Range.knob("glut4", [0.5, 1.0])
    k = KNOBS["glut4"]
    assert r.label == k.label and r.unit == k.unit
    assert r.display == [k.display(0.5), k.display(1.0)] == ["×0.50", "×1.00"]
    assert r.text[0] == "0.50 × reference"  # aria-valuetext: value and unit
    a = Range.knob("adiponectin", [0.5])
    assert a.display == ["5.0 µg/mL"] and "µg/mL" in a.text[0]
    with pytest.raises(ValueError, match="outside the knob's range"):
        Range.knob("glut4", [5.0])
    with pytest.raises(ValueError, match="not a book knob"):
        Range.knob("glucose", [90])


def test_controls_validate_their_values():
    with pytest.raises(ValueError, match="increase"):
        Range("g", [2, 1])
    with pytest.raises(ValueError, match="twice"):
        Choice("c", ["a", "a"])
    with pytest.raises(ValueError, match="finite"):
        Choice("c", [float("nan")])
    assert Range("g", [90, 100], unit="mg/dL").display == ["90 mg/dL", "100 mg/dL"]
    assert Switch("s", label="S").values == [False, True]


def test_explorer_needs_a_title_and_known_names():
    with pytest.raises(ValueError, match="title"):
        explorer(Wave(), controls(), title=" ", mode="live")
    with pytest.raises(ValueError, match="not a control"):
        build("live", presets={"x": {"nope": 1}})
    with pytest.raises(ValueError, match="not one of"):
        build("live", reference={"glut4": 0.7})


# ---------------------------------------------------------------- live mode

def test_live_explorer_is_an_anywidget_over_our_module():
    ex = build("live")
    assert isinstance(ex, LiveExplorer) and isinstance(ex, anywidget.AnyWidget)
    assert ex._esm == ESM_PATH.read_text()
    assert ex.value == {"glut4": 1.0, "shape": "sine", "shift": False}  # knob default, first choice
    spec = ex.spec
    assert [c["kind"] for c in spec["controls"]] == ["range", "choice", "switch"]
    assert spec["presets"] == [{"name": "strong", "value": {"glut4": 1.5, "shape": "cosine", "shift": False}}]
    assert spec["title"] == "A test wave" and spec["name"] == "a-test-wave"


def test_live_value_change_recomputes_the_frame():
    ex = build("live")
    first = ex.frame
    ex.value = {**ex.value, "glut4": 1.5}   # what the front-end does
    assert ex.frame["png"] != first["png"] and ex.readout == "amplitude 1.5"
    assert "0.50 × reference" not in ex.alt and "1.50 × reference" in ex.alt
    assert ex.frame["table"] == {"columns": ["quantity", "value"], "rows": [["amplitude", "1.5"]]}
    assert ex.csv.splitlines()[0] == "t (min),signal (a.u.)"
    ex.apply_preset("strong")
    assert ex.value["shape"] == "cosine" and ex.preset == "strong"
    ex.set(shift=True)
    assert ex.preset == "your settings"
    ex.reset()
    assert ex.value == {"glut4": 1.0, "shape": "sine", "shift": False} and ex.png == base64.b64decode(
        first["png"].split(",", 1)[1])
    with pytest.raises(traitlets.TraitError, match="not one of"):
        ex.value = {"glut4": 0.7}


def test_live_error_is_shown_and_the_last_figure_stays():
    calls = {"n": 0}

    def flaky(glut4, shape, shift):
        calls["n"] += 1
        if glut4 > 1:
            raise RuntimeError("model diverged")
        return "ok"

    ex = build("live", readout=flaky)
    png = ex.frame["png"]
    ex.set(glut4=1.5)
    assert "model diverged" in ex.error and ex.frame["png"] == png
    ex.set(glut4=0.5)
    assert ex.error == ""


def test_live_frames_are_2x_pixels():
    from PIL import Image
    import io
    ex = build("live")
    w, h = Image.open(io.BytesIO(ex.png)).size
    assert (w, h) == (2 * Wave.width_px, 2 * Wave.height_px)


# ---------------------------------------------------------------- frames mode

def test_frames_explorer_precomputes_every_setting():
    ex = build("frames")
    assert isinstance(ex, FramesExplorer)
    assert ex.frame_count == len(ex.frames) == 12
    pngs = {f["png"] for f in ex.frames.values()}
    assert len(pngs) == 12, "every setting has its own figure"
    ex.apply_preset("strong")
    assert ex.frame is ex.frames["2,1,0"]
    ex.reset()
    assert ex.frame is ex.frames["1,0,0"]


def test_frames_html_holds_the_state_and_a_module_loader():
    ex = build("frames")
    bundle = ex._repr_mimebundle_()
    html = bundle["text/html"]
    assert "application/vnd.jupyter.widget" not in json.dumps(bundle), "no widget state for explorers"
    m = re.search(r'<script type="application/json" data-mx-state>(.*?)</script>', html, re.S)
    state = json.loads(m.group(1))
    assert set(state) == {"spec", "value", "frames"} and len(state["frames"]) == 12
    assert "</" not in m.group(1)
    assert '<script type="module">' in html and "_static/explorer.js" in html and "explorer.classic.js" in html
    assert "http://" not in html and "https://" not in html


def test_page_state_leaves_out_alt_text_the_front_end_composes():
    ex = build("frames")
    state = ex.state()
    frame = state["frames"]["0,0,0"]
    assert "alt" not in frame and "what" not in frame and state["spec"]["what"] == "A wave"
    ex.value = {"glut4": 0.5, "shape": "sine", "shift": False}
    settings = "; ".join(f"{c['label']} {c['text'][0]}" for c in state["spec"]["controls"])
    # explorer.js composeAlt(): what. Settings: .... Versus the reference: readout.
    assert ex.alt == f"A wave. Settings: {settings}. Versus the reference: {frame['readout']}."


def test_state_json_cannot_close_its_script():
    text = state_json({"a": "</script><script>alert(1)</script>"})
    assert "</" not in text and json.loads(text)["a"].startswith("</script>")


# ---------------------------------------------------------------- build step and front-end module

def test_build_step_moves_frames_to_content_hashed_files(tmp_path):
    ex = build("frames")
    page = tmp_path / "chapters" / "part" / "page.html"
    page.parent.mkdir(parents=True)
    html = "<html><body>" + ex._repr_html_() + ex._repr_html_() + "</body></html>"
    new, moved = book_build.externalize_frames(html, page, tmp_path)
    assert moved == 2 * 24                                  # PNG + CSV per frame, two explorers
    files = list((tmp_path / "_frames").iterdir())
    assert len(files) == 12 + len({f["csv"] for f in ex.frames.values()})  # shared by content hash
    assert "data:image/png" not in new and len(new) < len(html) / 5
    state = json.loads(re.search(r"data-mx-state>(.*?)</script>", new, re.S).group(1))
    url = state["frames"]["0,0,0"]["png"]
    assert url.startswith("../../_frames/") and url.endswith(".png")
    assert (page.parent / url).resolve().read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    again, moved_again = book_build.externalize_frames(new, page, tmp_path)
    assert moved_again == 0 and again == new                  # idempotent


def test_downloadable_notebook_loses_the_frames():
    ex = build("frames")
    out = {"output_type": "display_data", "metadata": {}, "data": ex._repr_mimebundle_()}
    nb = {"cells": [{"cell_type": "code", "outputs": [out]}, {"cell_type": "markdown"}]}
    assert book_build.slim_notebook(nb) == 1
    assert list(out["data"]) == ["text/plain"] and "live" in out["data"]["text/plain"]
    assert len(json.dumps(nb)) < 1000


def test_module_has_no_imports_and_one_default_export():
    src = ESM_PATH.read_text()
    assert not re.search(r"^\s*import\s", src, re.M)
    assert re.findall(r"^export\s.*", src, re.M) == ["export default { render, framesModel, mount };"]
    twin = book_build.classic_twin(src)
    assert "export" not in re.sub(r"//.*", "", twin) and "window.metabolismExplorer = {" in twin
    with pytest.raises(ValueError):
        book_build.classic_twin(src + "\nexport const x = 1;\n")
    # the contract the tests and reviewers rely on
    for needle in ['role: "group"', '"aria-labelledby"', 'type: "range"', '"aria-valuetext"', 'type: "radio"',
                   'role: "switch"', 'h("select"', 'text: "Reset"', 'text: "Pin"', 'download: ""',
                   '"aria-live"', "data-lm-suppress-shortcuts", "--pst-color-"]:
        assert needle in src, needle


# ---------------------------------------------------------------- the book's explorers

def min_text_css_px(view, column_px=358.0):
    """Smallest text of a view's figure, in CSS px, when the figure is shown ``column_px`` wide."""
    fig = view.fig
    plotting.agg_canvas(fig).draw()
    sizes = []
    for t in fig.findobj(lambda a: hasattr(a, "get_fontsize") and hasattr(a, "get_text")):
        if t.get_visible() and t.get_text().strip():
            sizes.append(t.get_fontsize())
    px = min(sizes) * 100 / 72  # points at the house 100 dpi = CSS px of the figure
    return px * column_px / view.width_px


def assert_every_control_changes_the_figure(ex, min_text_px=10.0):
    """Move each control of a live book explorer to another end of its grid: the figure, its alt text and
    the CSV change, nothing errors, the control goes back; the figure's text reads on a phone."""
    for c in ex.controls.values():
        start, before = ex.value, ex.frame
        other = c.values[0] if ex.value[c.name] != c.values[0] else c.values[-1]
        ex.set(**{c.name: other})
        assert not ex.error and ex.frame["png"] != before["png"], f"{c.name} left the figure unchanged"
        assert ex.csv and ex.frame["alt"] != before["alt"]
        ex.value = start
    assert min_text_css_px(ex._core.view) >= min_text_px


def book_explorers():
    from metabolism.book import landing
    return {"landing.fasting": landing.fasting_explorer}


@pytest.mark.parametrize("name", list(book_explorers()))
def test_book_explorer_text_reads_on_a_phone(name):
    ex = book_explorers()[name](mode="live")
    for c in ex.controls.values():
        ex.set(**{c.name: c.values[-1]})
    assert min_text_css_px(ex._core.view) >= 10.0


@pytest.mark.parametrize("name", list(book_explorers()))
def test_book_explorer_every_control_changes_the_figure(name):
    ex = book_explorers()[name](mode="live")
    for c in ex.controls.values():
        start = ex.value
        before = ex.frame
        other = c.values[-1] if ex.value[c.name] != c.values[-1] else c.values[0]
        ex.set(**{c.name: other})
        assert ex.frame["png"] != before["png"], f"{name}: {c.name} left the figure unchanged"
        assert ex.frame["alt"] != before["alt"]
        ex.value = start
    assert not ex.error
    assert ex.presets, "the book's explorers offer presets"
