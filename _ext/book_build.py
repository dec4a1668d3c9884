"""Local Sphinx extension: what the book build needs beyond stock Jupyter Book.

1. Explorer mode. Kernels started by the build inherit this process's environment;
   ``METABOLISM_EXPLORER_MODE=frames`` tells the explorer toolkits (``metabolism.explorer`` and the older
   ``metabolism.explore``) to precompute one frame per setting, so controls keep working on the static
   site. A reader's own kernel (local or Binder) does not set it and gets the live mode.
2. The explorer front-end (``metabolism/explorer/explorer.js``, an ES module) is added to ``_static`` through
   ``html_static_path`` in ``builder-inited`` (never the book's own ``_static``: Jupyter Book loads every
   ``*.js`` there on every page as a classic script, a syntax error for a module).
3. ``build-finished``: frames leave the page. Each explorer's state (``<script type="application/json"
   data-mx-state>``) carries its frames as data URLs when the notebook runs; they are moved to
   content-hashed files ``_frames/<hash>.png|csv`` (shared between pages, fetched when shown) and the state
   is rewritten with page-relative URLs. The same step writes ``_static/explorer.classic.js``, a
   classic-script twin of the module for pages opened from ``file://`` (browsers refuse module imports there),
   and drops the frames from the downloadable ``_sources/*.ipynb`` (explorers run live in a kernel).
4. nbclient stall fix. With an ipywidgets Output widget, nbclient's ``OutputWidget.sync_state`` sends on the
   shell channel while the reply poll awaits the same socket, and a cell can sit until the timeout. Sending
   nothing there is safe for a build (the widget state is still saved). The test suite imports this module.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import posixpath
import re
from pathlib import Path

import nbclient.output_widget

ROOT = Path(__file__).resolve().parents[1]
EXPLORER_JS = ROOT / "metabolism" / "explorer" / "explorer.js"
FRAMES_DIR = "_frames"
STATE = re.compile(r'(<script type="application/json" data-mx-state>)(.*?)(</script>)', re.S)
_EXT = {"image/png": "png", "text/csv": "csv"}


def _no_sync_state(self):  # noqa: ARG001 - replaces a method
    return None


def patch_nbclient() -> None:
    """Disable nbclient's Output-widget state sync (see module docstring)."""
    nbclient.output_widget.OutputWidget.sync_state = _no_sync_state


def classic_twin(source: str) -> str:
    """The module as a classic script: its one ``export default`` becomes ``window.metabolismExplorer``."""
    if re.search(r"^\s*import\s", source, re.M):
        raise ValueError("explorer.js must not import anything (it also runs as a classic script)")
    exports = re.findall(r"^export\s", source, re.M)
    if exports != ["export "] or "\nexport default " not in source:
        raise ValueError("explorer.js must have exactly one export, `export default ...`")
    body = source.replace("\nexport default ", "\nwindow.metabolismExplorer = ")
    return "(function () {\n" + body + "\n})();\n"


def _state_json(state: dict) -> str:
    return json.dumps(state, separators=(",", ":"), ensure_ascii=False).replace("<", "\\u003c")


def externalize_frames(html: str, page: Path, outdir: Path) -> tuple[str, int]:
    """Move the data-URL frames of every explorer on ``page`` into ``outdir/_frames``; returns (html, count)."""
    frames_dir = outdir / FRAMES_DIR
    rel = posixpath.relpath(FRAMES_DIR, posixpath.dirname(page.relative_to(outdir).as_posix()) or ".")
    moved = 0

    def move(url: str) -> str:
        nonlocal moved
        if not url.startswith("data:"):
            return url
        head, payload = url.split(",", 1)
        mime = head[5:].split(";", 1)[0]
        data = base64.b64decode(payload)
        name = f"{hashlib.sha256(data).hexdigest()[:20]}.{_EXT.get(mime, 'bin')}"
        target = frames_dir / name
        if not target.exists():
            frames_dir.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        moved += 1
        return f"{rel}/{name}"

    def rewrite(m):
        state = json.loads(m.group(2))
        for frame in state.get("frames", {}).values():
            for field in ("png", "csv"):
                if frame.get(field):
                    frame[field] = move(frame[field])
        return m.group(1) + _state_json(state) + m.group(3)

    return STATE.sub(rewrite, html), moved


def slim_notebook(nb: dict) -> int:
    """Drop the precomputed frames from a downloadable notebook's explorer outputs; returns how many.

    A reader who downloads the ``.ipynb`` runs it in a kernel, where explorers are live; the frames (MBs of
    base64) would only make the download heavy. The output keeps a plain-text note instead.
    """
    slimmed = 0
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []):
            html_out = out.get("data", {}).get("text/html")
            text = "".join(html_out) if isinstance(html_out, list) else (html_out or "")
            if "data-mx-state" in text:
                plain = out["data"].get("text/plain", "<explorer>")
                plain = "".join(plain) if isinstance(plain, list) else plain
                out["data"] = {"text/plain": plain + " Run this notebook to use the explorer live."}
                slimmed += 1
    return slimmed


def toc_docnames(root: Path, top_level: bool = False) -> list[str]:
    """Docnames listed in ``root/_toc.yml`` in reading order: the root page, then each chapter followed by its
    sections (``top_level``: chapters only). One reader of the ToC for the tests and ``tools/book_pdf.py``."""
    import yaml

    toc = yaml.safe_load((Path(root) / "_toc.yml").read_text())
    names = [toc["root"]]

    def walk(entries):
        for e in entries or []:
            if "file" in e:
                names.append(e["file"])
            if not top_level:
                walk(e.get("sections"))
            for part in e.get("parts", []):
                walk(part.get("chapters"))

    walk(toc.get("chapters"))
    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    return [str(Path(n).with_suffix("")) for n in names]


def _builder_inited(app):
    if app.builder.format == "html":
        app.config.html_static_path.append(str(EXPLORER_JS))


def _build_finished(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    (outdir / "_static" / "explorer.classic.js").write_text(classic_twin(EXPLORER_JS.read_text()))
    for source in (outdir / "_sources").rglob("*.ipynb"):
        nb = json.loads(source.read_text(encoding="utf-8"))
        if slim_notebook(nb):
            source.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")
    for page in outdir.rglob("*.html"):
        if page.relative_to(outdir).parts[0] in ("_static", "_sources", FRAMES_DIR):
            continue
        text = page.read_text(encoding="utf-8")
        if "data-mx-state" not in text:
            continue
        new, moved = externalize_frames(text, page, outdir)
        if moved:
            page.write_text(new, encoding="utf-8")


def _visit_hidden_code(self, node):
    """MyST-NB's folded code cell, named by its visible text ("Show the code") alone.

    MyST-NB gives the ``<summary>`` the aria-label "Toggle hidden content", which does not contain the words a
    sighted reader sees; axe reports that (label-content-name-mismatch) and a voice-control user cannot say it.
    """
    from html import escape

    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n<summary>\n')
    self.body.append(f'<p class="collapsed admonition-title">{escape(node["prompt_show"])}</p>\n')
    self.body.append(f'<p class="expanded admonition-title">{escape(node["prompt_hide"])}</p>\n</summary>\n')


def setup(app):
    os.environ.setdefault("METABOLISM_EXPLORER_MODE", "frames")
    patch_nbclient()
    from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput

    app.add_node(HideCodeCellNode, override=True, html=(_visit_hidden_code, depart_HideCellInput))
    app.connect("builder-inited", _builder_inited)
    app.connect("build-finished", _build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
