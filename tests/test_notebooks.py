"""Every notebook in the table of contents executes top to bottom in a fresh kernel (live explorer mode)."""
from __future__ import annotations

import os

import jupytext
import pytest
from nbclient import NotebookClient

from conftest import ROOT, is_notebook, toc_files

NOTEBOOKS = [p for p in toc_files() if is_notebook(p)]


def execute(path, timeout=600):
    nb = jupytext.read(path)
    client = NotebookClient(nb, kernel_name="python3", timeout=timeout,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    return nb


def test_toc_has_the_books_structure():
    names = [p.stem for p in toc_files(top_level=True)]
    assert names == ["intro", "cases", "fundamentals", "intermediate", "academic", "reflection",
                     "teachers", "index", "glossary", "references"]      # index: the Model reference appendix


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[str(p.relative_to(ROOT)) for p in NOTEBOOKS])
def test_notebook_executes_in_fresh_kernel(path, monkeypatch):
    monkeypatch.delenv("METABOLISM_EXPLORER_MODE", raising=False)
    nb = execute(path)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors, f"{path.name}: {errors[0].get('ename')}: {errors[0].get('evalue')}"
    # a page is not a placeholder: it has a first paragraph and at least one executed code cell
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.get("execution_count") for c in code)
    prose = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert len(prose.split()) > 80, f"{path.name} has too little prose to be a real page"
