"""In a real kernel (nbclient), every control of every explorer on every page changes what is shown.

Both explorer modes are checked: "live" (a reader's kernel recomputes one frame) and "frames" (the build
precomputes the frames). Presets move every control, reset restores, and moving controls adds no output to
the page (no figure pile-up).
"""
from __future__ import annotations

import json

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

from conftest import is_notebook, toc_files

pytestmark = pytest.mark.slow

V2_PAGES = [p for p in toc_files() if is_notebook(p) and "from metabolism.book import" in p.read_text(encoding="utf-8")]

def run_with_probe(path, mode, monkeypatch, probe_code):
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
