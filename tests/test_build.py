"""The book builds from a clean cache with -W -n --keep-going, every ToC page exists, pages stay in budget."""
from __future__ import annotations

import re

import pytest

from conftest import ROOT, toc_files

PAGE_BUDGET = 4 * 1024 * 1024  # bytes of HTML per page (DESIGN.md §9)

pytestmark = pytest.mark.slow


# Sphinx's own messages: "path:line: WARNING: text" or "WARNING: text" (also ERROR/CRITICAL). Log records of
# the kernels the build starts are not Sphinx output: "[IPKernelApp] WARNING | ..." (TCP notice) and, now and
# then under load, ipykernel 7.4's shutdown race "ERROR:tornado.general:Uncaught exception in ZMQStream
# callback ... ZMQError: Socket operation on non-socket" after a notebook has finished.
SPHINX_MESSAGE = re.compile(r"^(\x1b\[\d+m)?(\S+?:(\d+:)? )?(WARNING|ERROR|CRITICAL|SEVERE): ")


def test_build_has_no_warnings(built_site):
    log = (built_site.parents[1] / "build.log").read_text()
    warnings = [ln for ln in log.splitlines() if SPHINX_MESSAGE.search(ln)]
    assert not warnings, "\n".join(warnings[:20])
    assert "build succeeded" in log


@pytest.mark.parametrize("page", toc_files(), ids=lambda p: p.stem)
def test_every_toc_page_is_built_and_in_budget(built_site, page):
    html = built_site / page.relative_to(ROOT).with_suffix(".html")
    assert html.exists(), f"{html} missing"
    size = html.stat().st_size
    assert size <= PAGE_BUDGET, f"{html.name} is {size / 1e6:.2f} MB of HTML (budget 4 MiB)"


def test_no_cdn_in_pages(built_site):
    """Nothing on a page points at another site for scripts, styles or fonts."""
    for html in built_site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        for m in re.finditer(r'<(?:script|link)[^>]+(?:src|href)="(https?:)?//[^"]+"', text):
            pytest.fail(f"{html.name} loads {m.group(0)[:120]}")


def test_vendored_assets_are_in_the_site(built_site):
    assert (built_site / "_static" / "ipywidgets" / "embed.js").exists()
    assert (built_site / "mathjax" / "tex-chtml-full.js").exists()
    assert len(list((built_site / "_static" / "ipywidgets").glob("*.woff2"))) == 3


def test_notebook_download_offered(built_site):
    """Each chapter page offers its executed notebook as .ipynb."""
    for page in toc_files():
        if page.stem in ("glossary", "references") or "kernelspec:" not in page.read_text(encoding="utf-8"):
            continue                        # plain Markdown pages (glossary, references, teachers) have no notebook
        rel = page.relative_to(ROOT).with_suffix(".ipynb")
        assert (built_site / "_sources" / rel).exists(), f"no .ipynb download for {rel}"
        html = (built_site / page.relative_to(ROOT).with_suffix(".html")).read_text()
        assert "download-notebook-button" in html
