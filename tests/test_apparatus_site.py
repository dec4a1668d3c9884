"""The reader's apparatus on the built site (no browser): launch links, notebook downloads, reference labels."""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import nbformat
import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, is_notebook, toc_files

pytestmark = pytest.mark.slow

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
REPO_URL = CONFIG["repository"]["url"].rstrip("/")
OWNER, NAME = REPO_URL.removeprefix("https://github.com/").split("/")
BRANCH = CONFIG["repository"].get("branch", "main")
PAGES = toc_files()
NOTEBOOK_PAGES = [p for p in PAGES if is_notebook(p)]


def soup(built_site, page: Path) -> BeautifulSoup:
    html = built_site / page.relative_to(ROOT).with_suffix(".html")
    return BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("page", NOTEBOOK_PAGES, ids=lambda p: p.stem)
def test_binder_link_has_the_form_of_the_setting(built_site, page):
    """https://mybinder.org/v2/gh/<owner>/<repo>/<branch>?urlpath=lab/tree/<path of this page's source>."""
    links = [a["href"] for a in soup(built_site, page).select("a[href*='mybinder.org']")]
    assert links, f"{page.name}: no Binder link"
    rel = page.relative_to(ROOT).as_posix()
    expected = f"https://mybinder.org/v2/gh/{OWNER}/{NAME}/{BRANCH}?urlpath=lab/tree/{rel}"
    assert links == [expected], links
    path = unquote(links[0].split("lab/tree/", 1)[1])
    assert (ROOT / path).is_file(), f"the Binder link opens {path}, which is not in the repository"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_repository_button_is_the_setting(built_site, page):
    hrefs = {a["href"].rstrip("/") for a in soup(built_site, page).select("a.btn-source-repository-button")}
    assert hrefs == {REPO_URL}
    meta = soup(built_site, page).find("meta", attrs={"name": "book:online-url"})
    rel = page.relative_to(ROOT).with_suffix(".html").as_posix()
    assert meta and meta["content"] == f"https://{OWNER}.github.io/{NAME}/{rel}"


@pytest.mark.parametrize("page", NOTEBOOK_PAGES, ids=lambda p: p.stem)
def test_notebook_download_is_clean_and_installs_the_package(built_site, page):
    rel = page.relative_to(ROOT).with_suffix(".ipynb")
    html = soup(built_site, page)
    hrefs = [a["href"] for a in html.select("a.btn-download-notebook-button")]
    assert len(hrefs) == 1 and hrefs[0].endswith(f"_sources/{rel.as_posix()}"), hrefs
    nb = nbformat.read(built_site / "_sources" / rel, as_version=4)
    nbformat.validate(nb)
    first = nb.cells[0]
    assert first.cell_type == "code" and "book-setup" in first.metadata.get("tags", [])
    assert f'%pip install --quiet "metabolism @ git+https://github.com/{OWNER}/{NAME}@{BRANCH}"' in first.source
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "downloads carry no outputs"
    assert "widgets" not in nb.metadata
    assert (built_site / "_sources" / rel).stat().st_size < 200_000
    # same cells as the source notebook, after the set-up cell
    import jupytext
    source = jupytext.read(page) if page.suffix == ".md" else nbformat.read(page, as_version=4)
    assert [c.source for c in nb.cells[1:]] == [c.source for c in source.cells]


def test_a_downloaded_notebook_runs_in_a_fresh_kernel(built_site, tmp_path):
    """The smallest chapter download runs top to bottom on its own (as in JupyterLab, package installed)."""
    from nbclient import NotebookClient
    downloads = sorted((built_site / "_sources").rglob("*.ipynb"), key=lambda p: p.stat().st_size)
    chosen = next(p for p in downloads if "chapters" in p.parts)
    nb = nbformat.read(chosen, as_version=4)
    NotebookClient(nb, kernel_name="python3", timeout=600,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors


def test_reference_list_labels_match_the_in_text_citations(built_site):
    """Every in-text citation's text is the label of the entry it links to ('Crane et al., 2013')."""
    refs = BeautifulSoup((built_site / "references.html").read_text(encoding="utf-8"), "html.parser")
    label_of = {}
    for div in refs.select("div.citation"):
        label = div.select_one("span.label").get_text().strip("[]")
        label_of[div["id"]] = label
        assert not re.fullmatch(r"[A-Z]{2,}\+?\d{2}[a-z]?", label), f"alpha label {label}"
        assert re.search(r", \d{4}[a-z]?$", label), f"label {label!r} is not author-year"
    checked = 0
    for page in PAGES:
        for a in soup(built_site, page).select("span.bibtex-citation a[href*='references.html#']"):
            target = a["href"].split("#", 1)[1]
            assert target in label_of, f"{page.name}: citation {a.get_text()} links to a missing entry"
            cited, listed = (" ".join(s.split()) for s in (a.get_text(), label_of[target]))  # nbsp = space
            # {cite:p} links "Crane et al., 2013"; {cite:t} links "Crane et al." and "2013" separately
            assert cited and cited in listed, f"{page.name}: text cites {cited!r}, list says {listed!r}"
            checked += 1
    assert checked > 50


def test_every_list_entry_shows_its_doi_or_pmid(built_site):
    from pybtex.database import parse_file
    bib = parse_file(str(ROOT / "references.bib"))
    text = (built_site / "references.html").read_text(encoding="utf-8")
    for key, e in bib.entries.items():
        if doi := e.fields.get("doi"):
            assert f'href="https://doi.org/{doi}"' in text, f"{key}: DOI link missing"
        if pmid := e.fields.get("pmid"):
            assert f'href="https://pubmed.ncbi.nlm.nih.gov/{pmid}/"' in text, f"{key}: PubMed link missing"
