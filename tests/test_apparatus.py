"""The reader's apparatus, fast checks (no build): references, glossary tips, launch settings, downloads.

The built-site and browser checks are in tests/test_apparatus_site.py and tests/test_apparatus_browser.py.
"""
from __future__ import annotations

import json
import re

import nbformat
import pytest
import yaml
from bs4 import BeautifulSoup
from pybtex.database import parse_file

from conftest import ROOT

import apparatus  # _ext/apparatus.py (conftest puts _ext on sys.path)

BIB = parse_file(str(ROOT / "references.bib"))
NO_DOI = yaml.safe_load((ROOT / "references-no-doi.yml").read_text(encoding="utf-8")) or {}
DOI = re.compile(r"^10\.\d{4,9}/\S+$")


# ------------------------------------------------------------------------------------------------ references

def test_every_reference_has_a_doi_or_pmid_or_a_reason_for_none():
    missing = [k for k, e in BIB.entries.items()
               if not (e.fields.get("doi") or e.fields.get("pmid")) and k not in NO_DOI]
    assert not missing, f"entries without doi/pmid and not in references-no-doi.yml: {missing}"


def test_no_doi_list_is_honest():
    """The list names only real entries, each with a reason, and none that has a DOI after all."""
    for key, reason in NO_DOI.items():
        assert key in BIB.entries, f"references-no-doi.yml lists {key!r}, which is not in references.bib"
        assert str(reason or "").strip(), f"{key}: give the reason there is no DOI"
        e = BIB.entries[key]
        assert not (e.fields.get("doi") or e.fields.get("pmid")), f"{key} has a DOI/PMID: drop it from the list"


def test_identifiers_are_well_formed_and_unique():
    dois = {}
    for key, e in BIB.entries.items():
        if doi := e.fields.get("doi"):
            assert DOI.match(doi), f"{key}: {doi!r} is not a DOI (10.<registrant>/<suffix>, no URL prefix)"
            assert doi.lower() not in dois, f"{key} and {dois.get(doi.lower())} share DOI {doi}"
            dois[doi.lower()] = key
        if pmid := e.fields.get("pmid"):
            assert pmid.isdigit(), f"{key}: PMID {pmid!r} must be digits"


@pytest.mark.parametrize("key, label", [
    ("crane2013glucose", "Crane et al., 2013"),
    ("matsuda1999insulin", "Matsuda and DeFronzo, 1999"),
    ("reaven1988banting", "Reaven, 1988"),
    ("dallaman2007meal", "Dalla Man et al., 2007"),
    ("ada2025classification", "American Diabetes Association Professional Practice Committee, 2025"),
])
def test_list_label_reads_like_the_in_text_citation(key, label):
    assert apparatus.author_year_label(BIB.entries[key]) == label


def test_list_labels_are_unique():
    apparatus.register_bibtex_styles()
    from pybtex.plugin import find_plugin
    style = find_plugin("pybtex.style.formatting", "book")()
    labels = [e.label for e in style.format_entries(style.sort(BIB.entries.values()))]
    assert len(labels) == len(set(labels))
    assert not any(re.fullmatch(r"[A-Z]+\d+[a-z]?", lab) for lab in labels), "alpha labels are back"


# ------------------------------------------------------------------------------------------------ glossary tips

GLOSSARY_HTML = """<dl class="simple glossary">
<dt id="term-A1C">A1C<a class="headerlink" href="#term-A1C">#</a></dt><dd><p>Glycated haemoglobin.</p></dd>
<dt id="term-MASLD">MASLD<a class="headerlink" href="#term-MASLD">#</a></dt>
<dt id="term-NAFLD">NAFLD<a class="headerlink" href="#term-NAFLD">#</a></dt>
<dd><p>Fat in the liver.</p></dd>
<dt id="term-beta-cell">beta cell</dt><dt id="term-cell">β-cell</dt><dt id="term-x">x</dt><dd><p>Makes insulin.</p></dd>
</dl>"""


def test_every_name_of_a_glossary_entry_gets_the_definition():
    apparatus.patch_tippy()
    import sphinx_tippy
    cfg = type("Cfg", (), {"tip_selector": "figure, table, img, p, aside, div.admonition, div.literal-block-wrapper"})
    tips = sphinx_tippy.create_id_to_tip_html(cfg, BeautifulSoup(GLOSSARY_HTML, "html.parser"))
    for tid, text in [("term-A1C", "Glycated"), ("term-MASLD", "Fat in the liver"), ("term-NAFLD", "Fat in the liver"),
                      ("term-beta-cell", "Makes insulin"), ("term-cell", "Makes insulin"), ("term-x", "Makes insulin")]:
        assert text in tips[tid], f"{tid}: {tips.get(tid)!r}"
    assert "MASLD" in tips["term-NAFLD"] and "NAFLD" in tips["term-MASLD"], "a tip names all the entry's names"
    assert "headerlink" not in tips["term-MASLD"]


def test_every_term_used_is_defined():
    """Each {term} in a ToC page names a glossary entry (Sphinx would warn; this says which)."""
    glossary = (ROOT / "glossary.md").read_text(encoding="utf-8")
    block = glossary.split("```{glossary}", 1)[1].split("```", 1)[0]
    names = {ln.strip() for ln in block.splitlines() if ln.strip() and not ln.startswith((" ", ":"))}
    from conftest import toc_files
    for page in toc_files():
        for m in re.finditer(r"\{term\}`([^`]+)`", page.read_text(encoding="utf-8")):
            target = m.group(1).rsplit("<", 1)[-1].rstrip(">").strip() if "<" in m.group(1) else m.group(1)
            target = " ".join(target.split())            # a role may wrap onto the next line (Sphinx joins it)
            assert target in names, f"{page.name}: {{term}}`{m.group(1)}` has no glossary entry"


# ------------------------------------------------------------------------------------------ launch settings

def config():
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def test_repository_is_one_github_setting():
    repo = config()["repository"]
    assert re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", repo["url"]), repo
    assert repo.get("branch")
    # nothing else in the book's sources hard-codes an owner/repo: everything derives from the setting
    owner_repo = repo["url"].removeprefix("https://github.com/")
    for path in [*ROOT.glob("*.md"), *ROOT.glob("chapters/**/*.md"), *ROOT.glob("_ext/*.py"), *ROOT.glob("_static/*.js"),
                 ROOT / "postBuild", *ROOT.glob("tools/*")]:
        if path.is_file():
            assert owner_repo not in path.read_text(encoding="utf-8"), f"{path} hard-codes {owner_repo}"


def test_repository_parsing_and_site_url():
    class App:
        class config:
            html_theme_options = {"repository_url": "https://github.com/someone/my-fork/", "repository_branch": "dev"}
            html_baseurl = ""
    assert apparatus.repository(App) == ("someone", "my-fork", "dev")
    assert apparatus.site_url(App) == "https://someone.github.io/my-fork/"
    App.config.html_baseurl = "https://book.example.org/insulin"
    assert apparatus.site_url(App) == "https://book.example.org/insulin/"
    App.config.html_theme_options = {"repository_url": "https://example.org/x"}
    with pytest.raises(ValueError, match="repository.url"):
        apparatus.repository(App)


def test_clean_download_has_setup_cell_and_no_outputs(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# T"), nbformat.v4.new_code_cell("print(1)")]
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", text="1\n")]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    path = tmp_path / "t.ipynb"
    nbformat.write(nb, path)
    src = apparatus.setup_cell_source("someone", "my-fork", "dev")
    apparatus.clean_download(path, src)
    apparatus.clean_download(path, src)  # idempotent: one setup cell
    out = nbformat.read(path, as_version=4)
    nbformat.validate(out)
    assert out.cells[0].source == src and sum("book-setup" in c.metadata.get("tags", []) for c in out.cells) == 1
    assert all(not c.get("outputs") for c in out.cells if c.cell_type == "code")
    assert "widgets" not in out.metadata
    assert "git+https://github.com/someone/my-fork@dev" in src
    # the cell is valid IPython (the %pip line sits in an except block)
    from IPython.core.inputtransformer2 import TransformerManager
    compile(TransformerManager().transform_cell(src), "setup", "exec")
