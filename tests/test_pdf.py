"""The whole-book PDF (tools/pdf.sh -> tools/book_pdf.py), printed by Chromium from the built site, offline.

Page count at least the number of ToC pages, every page's title in the PDF's text in ToC order, each explorer
printed (an image on the PDF pages of its book page, and its "Interactive online" line), the bibliography there.
"""
from __future__ import annotations

import os
import shutil
import re
import sys
import unicodedata
from pathlib import Path

import pytest

from conftest import ROOT, toc_files

pytestmark = [pytest.mark.slow, pytest.mark.browser]
sys.path.insert(0, str(ROOT / "tools"))
SHOTS = Path(os.environ.get("BOOK_SCREENSHOTS", ROOT / "tests" / "_screenshots"))


@pytest.fixture(scope="module")
def book_pdf(built_site, browser, tmp_path_factory):
    import book_pdf as tool
    out = tmp_path_factory.mktemp("pdf") / "book.pdf"
    summary = tool.print_book(built_site, out, browser=browser)
    print(f"\nbook.pdf: {summary['total_pdf_pages']} pages in {summary['seconds']} s")
    # keep a copy and its first pages as images for a person to look at (tests/_screenshots, git-ignored)
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(out, SHOTS / "book.pdf")
    shutil.copy(out.with_suffix(".json"), SHOTS / "book.json")
    return out, summary


def test_pdf_has_every_page_in_toc_order(book_pdf):
    from pypdf import PdfReader
    out, summary = book_pdf
    assert not summary["offsite_blocked"], summary["offsite_blocked"][:5]
    reader = PdfReader(out)
    toc = toc_files()
    assert len(reader.pages) >= len(toc)
    assert [p["doc"] for p in summary["pages"]] == [str(p.relative_to(ROOT).with_suffix("")) for p in toc]
    firsts = [p["first_page"] for p in summary["pages"]]
    assert firsts == sorted(firsts) and len(set(firsts)) == len(firsts)
    outline = [(o.title, reader.get_destination_page_number(o)) for o in reader.outline]
    assert [t for t, _ in outline] == [p["title"] for p in summary["pages"]]
    for entry in summary["pages"]:
        text = reader.pages[entry["first_page"]].extract_text()
        # the page's title is printed on its first PDF page, not only in the running footer ("<title> · 1/4")
        flat = " ".join(unicodedata.normalize("NFKC", text).split())   # "ﬁ" ligature -> "fi"
        title = " ".join(entry["title"].split())
        body = re.sub(re.escape(title) + r"\s*·\s*\d+/\d+", " ", flat)
        assert title in body, f"{title!r} not printed on PDF page {entry['first_page'] + 1}: {flat[:80]!r}"


def test_every_explorer_is_printed_with_its_note(book_pdf):
    from pypdf import PdfReader
    out, summary = book_pdf
    reader = PdfReader(out)
    total = 0
    for entry in summary["pages"]:
        if not entry["explorers"]:
            continue
        pages = reader.pages[entry["first_page"]: entry["first_page"] + entry["pdf_pages"]]
        images = sum(len(p.images) for p in pages)
        text = " ".join(" ".join(p.extract_text().split()) for p in pages)
        assert images >= entry["explorers"], f"{entry['doc']}: {images} images for {entry['explorers']} explorers"
        assert text.count("Interactive online:") == entry["explorers"], entry["doc"]
        total += entry["explorers"]
    assert total >= 10


def test_bibliography_and_maths_are_printed(book_pdf):
    from pypdf import PdfReader
    out, summary = book_pdf
    reader = PdfReader(out)
    refs = next(p for p in summary["pages"] if p["doc"] == "references")
    text = " ".join(reader.pages[i].extract_text() for i in range(refs["first_page"], refs["first_page"] + refs["pdf_pages"]))
    assert "Crane et al., 2013" in " ".join(text.split())
    assert "doi:10.1056/NEJMoa1215740" in text.replace(" ", "").replace("\n", "")
