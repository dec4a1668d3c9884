"""In a real kernel (nbclient), moving any slider of any explorer on any page changes what is shown.

Both explorer modes are checked: "live" (a reader's kernel recomputes one image) and "frames" (the build
precomputes frames; in a kernel the Python mirror must switch the Stacks the way jslink does in a browser).
Each explorer shows exactly one image, and moving sliders adds no output to the page (no figure pile-up).
"""
from __future__ import annotations

import json

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT, is_notebook, toc_files

pytestmark = pytest.mark.slow

# pages still on the ipywidgets toolkit (metabolism.explore); pages on the new front-end: V2_PAGES below
PAGES = [p for p in toc_files() if is_notebook(p) and "from metabolism.explore import" in p.read_text(encoding="utf-8")]
V2_PAGES = [p for p in toc_files() if is_notebook(p) and "from metabolism.book import" in p.read_text(encoding="utf-8")]

PROBE = r'''
import gc, json
from metabolism.explore import Explorer
report = []
for ex in [o for o in gc.get_objects() if isinstance(o, Explorer)]:
    entry = {"name": ex.name, "mode": ex.mode, "frames": ex.frame_count, "moves": []}
    images = [w for w in ex.shown_widgets() if hasattr(w, "format") and hasattr(w, "value")]
    entry["shown_images"] = len(images)
    for knob, slider in ex.sliders.items():
        n = len(slider.options)
        start = slider.index
        before, readout0, alt0 = ex.png, ex.readout, ex.alt
        slider.index = n - 1 if start != n - 1 else 0
        move = {"knob": knob, "changed": ex.png != before,
                "readout_changed": ex.readout != readout0, "alt_changed": ex.alt != alt0,
                "error": ex.error, "shown_images": len([w for w in ex.shown_widgets()
                    if hasattr(w, "format") and hasattr(w, "value")])}
        slider.index = start
        move["restored"] = ex.png == before and ex.readout == readout0 and ex.alt == alt0
        entry["moves"].append(move)
    report.append(entry)
print(json.dumps(report))
'''


def run_with_probe(path, mode, monkeypatch, probe_code=PROBE):
    monkeypatch.setenv("METABOLISM_EXPLORER_MODE", mode)
    nb = jupytext.read(path)
    client = NotebookClient(nb, kernel_name="python3", timeout=600,
                            resources={"metadata": {"path": str(path.parent)}})
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                client.execute_cell(cell, index)
        outputs_before = [len(c.get("outputs", [])) for c in nb.cells]
        probe = nbformat.v4.new_code_cell(probe_code)
        nb.cells.append(probe)
        client.execute_cell(probe, len(nb.cells) - 1)
    text = "".join(o.get("text", "") for o in probe.outputs if o.get("output_type") == "stream")
    errors = [o for o in probe.outputs if o.get("output_type") == "error"]
    assert not errors, errors[0].get("evalue")
    outputs_after = [len(c.get("outputs", [])) for c in nb.cells[:-1]]
    return json.loads(text.strip().splitlines()[-1]), outputs_before, outputs_after, nb


@pytest.mark.parametrize("mode", ["live", "frames"])
@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
def test_every_slider_changes_the_figure(path, mode, monkeypatch):
    report, before, after, nb = run_with_probe(path, mode, monkeypatch)
    assert report, f"{path.name}: no explorer found"
    for ex in report:
        assert ex["mode"] == mode
        assert ex["shown_images"] == 1, f"{ex['name']}: {ex['shown_images']} images shown"
        assert ex["moves"], f"{ex['name']}: an explorer without sliders"
        for move in ex["moves"]:
            assert not move["error"], f"{ex['name']}/{move['knob']}: {move['error']}"
            assert move["changed"], f"{ex['name']}: moving {move['knob']} left the image unchanged"
            assert move["readout_changed"], f"{ex['name']}: moving {move['knob']} left the readout unchanged"
            assert move["alt_changed"], f"{ex['name']}: moving {move['knob']} left the alt text unchanged"
            assert move["shown_images"] == 1
            # every slider, not only the last one: moving it back restores image, readout and alt text
            assert move["restored"], f"{ex['name']}: moving {move['knob']} back did not restore what was shown"
    # no pile-up: slider moves add no outputs to any cell, and no cell prints a raw figure
    assert before == after
    for cell in nb.cells[:-1]:
        for out in cell.get("outputs", []):
            assert "image/png" not in out.get("data", {}), "a figure was printed outside an explorer"


V2_PROBE = r'''
import gc, json
from metabolism.explorer import LiveExplorer, FramesExplorer
report = []
for ex in [o for o in gc.get_objects() if isinstance(o, (LiveExplorer, FramesExplorer))]:
    entry = {"name": ex._core.name, "mode": ex.mode, "moves": [], "presets": []}
    start = ex.value
    for name, c in ex.controls.items():
        before = ex.frame
        other = c.values[-1] if ex.value[name] != c.values[-1] else c.values[0]
        ex.value = {**ex.value, name: other}      # what the front-end sends when a control moves
        entry["moves"].append({"control": name, "changed": ex.frame["png"] != before["png"],
                               "alt_changed": ex.frame["alt"] != before["alt"], "error": getattr(ex, "error", "")})
    for p in ex.presets:
        ex.apply_preset(p)
        entry["presets"].append({"preset": p, "moved": ex.value == ex.presets[p], "shown": ex.preset})
    ex.reset()
    entry["reset"] = ex.value == ex._core.reference
    if ex.mode == "live":
        entry["synced"] = {"value": ex.get_state("value")["value"] == ex.value,
                           "esm": "export default" in ex.get_state("_esm")["_esm"]}
    report.append(entry)
print(json.dumps(report))
'''


@pytest.mark.parametrize("mode", ["live", "frames"])
@pytest.mark.parametrize("path", V2_PAGES, ids=[p.stem for p in V2_PAGES])
def test_v2_explorers_respond_in_a_kernel(path, mode, monkeypatch):
    """Explorers v2 in a real kernel: a value set as the front-end sets it gives a new frame; presets move
    every control; reset restores; the anywidget state carries the value and our module; no pile-up."""
    report, before, after, nb = run_with_probe(path, mode, monkeypatch, V2_PROBE)
    assert report, f"{path.name}: no explorer found"
    for ex in report:
        assert ex["mode"] == mode
        for move in ex["moves"]:
            assert not move["error"], f"{ex['name']}/{move['control']}: {move['error']}"
            assert move["changed"] and move["alt_changed"], f"{ex['name']}: {move['control']} changed nothing"
        assert ex["presets"] and all(p["moved"] and p["shown"] == p["preset"] for p in ex["presets"])
        assert ex["reset"]
        if mode == "live":
            assert ex["synced"] == {"value": True, "esm": True}
    assert before == after
    for cell in nb.cells[:-1]:
        for out in cell.get("outputs", []):
            assert "image/png" not in out.get("data", {}), "a figure was printed outside an explorer"
    # the displayed output: an anywidget view (live) or our HTML (frames), never both
    shown = [out for cell in nb.cells[:-1] for out in cell.get("outputs", []) if "data" in out]
    if mode == "live":
        assert any("application/vnd.jupyter.widget-view+json" in o["data"] for o in shown)
    else:
        assert any("data-mx-state" in o["data"].get("text/html", "") for o in shown)
        assert not any("application/vnd.jupyter.widget-view+json" in o["data"] for o in shown)
