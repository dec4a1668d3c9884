"""Local Sphinx extension: the reader's apparatus (glossary tips, reference list, launch links, downloads).

1. Glossary tips for terms with several names. sphinx-tippy (0.4.3) builds a term's tip from its ``<dt>``
   and the *next* sibling if that is a ``<dd>``. A glossary entry with two names (``MASLD`` / ``NAFLD``) is
   ``<dt>MASLD</dt><dt>NAFLD</dt><dd>...</dd>``: the first name's next sibling is the second ``<dt>``, so its
   tip showed the bare name and no definition. :func:`_tip_html` wraps sphinx-tippy's function and gives every
   name of such an entry the whole entry (all its names, then the definition).
2. The reference list in author-year form. pybtex styles registered here: the label style ``book_author_year``
   renders the same text as the in-text ``{cite:p}`` of ``bibtex_reference_style: author_year``
   ("Crane et al., 2013"), and the formatting style ``book`` uses it, sorts by author and year and links a
   ``pmid`` field to PubMed next to the DOI.
3. One repository setting. ``repository.url`` / ``repository.branch`` in ``_config.yml`` (Jupyter Book passes
   them on as ``html_theme_options``) drive the repository button, the Binder links, the site URL printed in
   the PDF ("Interactive online: ...", ``https://<owner>.github.io/<repo>/`` unless ``html.baseurl`` is set)
   and the package install line of the notebook downloads. Nothing else in the repository names it.
4. Notebook downloads that run anywhere. Jupyter Book's download menu offers ``_sources/<page>.ipynb``: the
   notebook as executed by the build (megabytes of precomputed frames). At ``build-finished`` each is
   rewritten as a clean notebook: outputs and widget state removed, and a first cell that installs
   ``metabolism`` with pip from the repository when it is not importable (Colab), a no-op in JupyterLab or
   Binder where it is installed.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import sphinx_tippy
from pybtex.plugin import find_plugin, register_plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle
from pybtex.style.template import field, href, join

# ------------------------------------------------------------------------------------------ 1. glossary tips

_tippy_tip_html = sphinx_tippy.create_id_to_tip_html


def _trimmed_definition(dd):
    """The definition as sphinx-tippy trims it: at most six paragraphs, nothing else."""
    copy_dd = dd.__copy__()
    count = 0
    for child in list(copy_dd.children):
        if not hasattr(child, "name") or child.name is None:
            child.extract()
        elif count > 5 or child.name != "p":
            child.decompose()
        else:
            count += 1
    return str(copy_dd)


def _tip_html(config, body):
    """sphinx-tippy's id -> tip HTML, with every name of a multi-name glossary entry given the definition."""
    id_to_html = _tippy_tip_html(config, body)
    for dl in body.find_all("dl"):
        group = []  # consecutive <dt>s, closed by their <dd>
        for child in dl.find_all(["dt", "dd"], recursive=False):
            if child.name == "dt":
                group.append(child)
                continue
            if len(group) > 1:
                names = "".join(str(sphinx_tippy.strip_classes(dt.__copy__())) for dt in group)
                tip = names + _trimmed_definition(child)
                for dt in group:
                    if dt.get("id"):
                        id_to_html[str(dt["id"])] = tip
            group = []
    return id_to_html


def patch_tippy() -> None:
    if not hasattr(sphinx_tippy, "create_id_to_tip_html") or not hasattr(sphinx_tippy, "strip_classes"):
        raise RuntimeError("sphinx-tippy changed: re-check the multi-name glossary fix in _ext/apparatus.py")
    sphinx_tippy.create_id_to_tip_html = _tip_html


# ----------------------------------------------------------------------------------- 2. author-year references

_NAME_STYLE = find_plugin("pybtex.style.names", "last")()


def _surname(person) -> str:
    return _NAME_STYLE.format(person, abbr=True).format().render_as("text")


def author_year_label(entry) -> str:
    """'Kahn', 'Matsuda and DeFronzo', 'Kahn et al.' + ', ' + year: the in-text author_year form."""
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [_surname(p) for p in persons]
    if len(names) == 0:
        who = entry.fields.get("title", entry.key)
    elif len(names) == 1:
        who = names[0]
    elif len(names) == 2 and not any(p.last_names == ["others"] for p in persons):
        who = f"{names[0]} and {names[1]}"
    else:
        who = f"{names[0]} et al."
    return f"{who}, {entry.fields.get('year', 'n.d.')}"


class AuthorYearLabelStyle(BaseLabelStyle):
    """List labels that read like the in-text citations; same author and year get 'a', 'b', ..."""

    def format_labels(self, sorted_entries):
        entries = list(sorted_entries)
        labels = [author_year_label(e) for e in entries]
        counts = {}
        for lab in labels:
            counts[lab] = counts.get(lab, 0) + 1
        seen = {}
        for lab in labels:
            if counts[lab] > 1:
                seen[lab] = seen.get(lab, 0) + 1
                yield lab + "abcdefghijklmnopqrstuvwxyz"[seen[lab] - 1]
            else:
                yield lab


class AuthorYearSortingStyle(BaseSortingStyle):
    """Sorted as the labels read: first author's surname, the 'and'/'et al.' form, year, title."""

    def sorting_key(self, entry):
        label = author_year_label(entry)
        who = label.rsplit(", ", 1)[0]
        return (who.casefold(), entry.fields.get("year", ""), entry.fields.get("title", "").casefold())


class BookStyle(PlainStyle):
    """pybtex 'plain' with author-year labels, sorted as they read, and PubMed links (``pmid`` field)."""

    default_label_style = "book_author_year"
    default_sorting_style = "book_author_year"

    def format_pubmed(self, e):
        pmid = field("pmid", raw=True)
        return href(join["https://pubmed.ncbi.nlm.nih.gov/", pmid, "/"])[join["PMID: ", pmid]]


def register_bibtex_styles() -> None:
    register_plugin("pybtex.style.labels", "book_author_year", AuthorYearLabelStyle, force=True)
    register_plugin("pybtex.style.sorting", "book_author_year", AuthorYearSortingStyle, force=True)
    register_plugin("pybtex.style.formatting", "book", BookStyle, force=True)


# -------------------------------------------------------------------------------- 3. the repository setting


def repository(app) -> tuple[str, str, str]:
    """(owner, name, branch) from ``repository.url``/``repository.branch`` of ``_config.yml``."""
    opts = app.config.html_theme_options or {}
    url = str(opts.get("repository_url", "")).rstrip("/")
    m = re.match(r"https://(?:github|gitlab)\.com/([^/]+)/([^/]+?)(?:\.git)?$", url)
    if not m:
        raise ValueError(f"repository.url in _config.yml must be https://github.com/<owner>/<repo>, not {url!r}")
    return m.group(1), m.group(2), str(opts.get("repository_branch") or "main")


def site_url(app) -> str:
    """The published site's root URL: ``html.baseurl`` if set, else GitHub Pages of the repository."""
    base = (app.config.html_baseurl or "").strip()
    if base:
        return base.rstrip("/") + "/"
    owner, name, _ = repository(app)
    return f"https://{owner}.github.io/{name}/"


def _page_context(app, pagename, templatename, context, doctree):
    """Tell the page its online address (printed under each explorer by _static/print-explorers.js)."""
    if doctree is None:
        return
    url = site_url(app) + pagename + ".html"
    context["metatags"] = context.get("metatags", "") + f'\n<meta name="book:online-url" content="{url}">'


# ------------------------------------------------------------------------------------ 4. notebook downloads

SETUP_MARKER = "book-setup"


def setup_cell_source(owner: str, name: str, branch: str) -> str:
    return (
        "# Set-up for a fresh kernel (Colab and the like): install the book's package `metabolism` when it is\n"
        "# missing. In JupyterLab or Binder, where the book's requirements are installed, this does nothing.\n"
        "try:\n"
        "    import metabolism  # noqa: F401\n"
        "except ImportError:\n"
        f'    %pip install --quiet "metabolism @ git+https://github.com/{owner}/{name}@{branch}"\n'
        "try:  # Colab draws ipywidgets 8 only with its custom widget manager\n"
        "    from google.colab import output as _colab_output\n"
        "    _colab_output.enable_custom_widget_manager()\n"
        "except ImportError:\n"
        "    pass\n"
    )


def clean_download(path: Path, setup_source: str) -> None:
    """Rewrite an executed notebook as a clean one that runs anywhere (see module docstring, 4)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = [c for c in nb.get("cells", []) if SETUP_MARKER not in c.get("metadata", {}).get("tags", [])]
    for c in cells:
        if c.get("cell_type") == "code":
            c["outputs"] = []
            c["execution_count"] = None
        c.get("metadata", {}).pop("execution", None)
    setup = {"cell_type": "code", "execution_count": None, "id": "book-setup", "outputs": [],
             "metadata": {"tags": [SETUP_MARKER, "remove-cell"]}, "source": setup_source}
    nb["cells"] = [setup, *cells]
    meta = nb.setdefault("metadata", {})
    meta.pop("widgets", None)
    meta["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    meta.setdefault("language_info", {"name": "python"})
    nb.setdefault("nbformat", 4)
    nb["nbformat_minor"] = max(int(nb.get("nbformat_minor", 5)), 5)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _build_finished(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    owner, name, branch = repository(app)
    source = setup_cell_source(owner, name, branch)
    for nb_path in Path(app.outdir, "_sources").rglob("*.ipynb"):
        clean_download(nb_path, source)


def setup(app):
    patch_tippy()
    register_bibtex_styles()
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
