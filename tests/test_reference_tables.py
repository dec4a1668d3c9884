"""The model-reference appendix shows the package's own parameters: every field, its value and its metadata.

Fast tests compare :mod:`metabolism.reference` with the parameter dataclasses and the knob table; the slow
test reads the tables out of the built HTML pages (``appendix/*.html``) and compares every cell again.
"""
from __future__ import annotations

import html as html_lib
import math
import re
from dataclasses import fields
from html.parser import HTMLParser

import pytest

from conftest import ROOT
from metabolism import knobs, reference
from metabolism.models import bergman, dallaman2007, ha2016, nefa, sedaghat2002, topp2000
from metabolism.models._params import field_metadata

# the parameter sets each page must show, named independently of reference.MODELS
EXPECTED = {
    "meal": (dallaman2007.DallaManParams, [dallaman2007.params("normal"), dallaman2007.params("t2d")]),
    "minimal": (bergman.BergmanParams, [bergman.params("teaching")]),
    "topp2000": (topp2000.ToppParams, [topp2000.params("reference")]),
    "ha2016": (ha2016.Ha2016Params, [ha2016.params("human")]),
    "glut4": (sedaghat2002.SedaghatParams, [sedaghat2002.params("sedaghat2002")]),
    "nefa": (nefa.NEFAParams, [nefa.PRESETS["healthy"], nefa.PRESETS["metabolic_syndrome"]]),
}
#: appendix page of each table
PAGES = {"meal": "meal-model", "minimal": "minimal-model", "topp2000": "topp2000", "ha2016": "ha2016",
         "glut4": "glut4", "nefa": "nefa", "knobs": "knobs"}


def source_of(table, cells):
    """The source a reader takes from a row: its last cell if the table has a source column and the cell is
    not blank, else the caption's source."""
    if table.common_source is None and cells[-1]:
        return cells[-1]
    return table.main_source


def same(a, b):
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=0.0)


def test_every_model_has_a_table_and_a_page():
    assert set(reference.MODELS) == set(EXPECTED)
    for key, page in PAGES.items():
        src = (ROOT / "appendix" / f"{page}.md").read_text(encoding="utf-8")
        call = "reference.knob_table()" if key == "knobs" else f'reference.parameter_table("{key}")'
        assert call in src, f"appendix/{page}.md does not show the generated table ({call})"


@pytest.mark.parametrize("key", EXPECTED)
def test_rows_are_the_dataclass_fields_with_their_values_and_metadata(key):
    cls, sets = EXPECTED[key]
    table = reference.parameter_table(key)
    meta = field_metadata(cls)
    assert [r.name for r in table.rows] == [f.name for f in fields(cls)], "every field, in order, once"
    assert len(table.value_headings) == len(sets)
    for row in table.rows:
        m = meta[row.name]
        assert (row.meaning, row.unit, row.tag, row.source) == (m["meaning"], m["unit"], m["tag"], m["source"])
        assert row.meaning and row.tag.startswith("[") and row.source, f"{key}.{row.name}: metadata missing"
        assert row.symbol.strip(), f"{key}.{row.name}: no symbol"
        for value, p in zip(row.values, sets):
            assert same(value, getattr(p, row.name)), f"{key}.{row.name}"
        for cell, value in zip(table.cells(row)[4:4 + len(sets)], row.values):
            assert same(reference.parse_value(cell), value), f"{key}.{row.name}: {cell!r} prints {value!r} badly"
    # the source most rows share is in the caption; a row with another source names it in the last column
    assert table.main_source in table.caption
    for row in table.rows:
        assert source_of(table, table.cells(row)) == meta[row.name]["source"], f"{key}.{row.name}"
    if len({m["source"] for m in meta.values()}) == 1:
        assert "other source" not in table.headings


def test_meal_columns_are_normal_then_t2d():
    t = reference.parameter_table("meal")
    assert t.value_headings == ("normal", "T2D")
    vmx = next(r for r in t.rows if r.name == "Vmx")
    assert vmx.values == (dallaman2007.params("normal").Vmx, dallaman2007.params("t2d").Vmx) == (0.047, 0.034)


def test_knob_table_is_the_knob_contract():
    t = reference.knob_table()
    assert [k.name for k in t.rows] == list(knobs.KNOBS)
    for k in t.rows:
        c = t.cells(k)
        kk = knobs.KNOBS[k.name]
        assert c[0] == kk.name and c[1] == kk.label and c[2] == kk.unit and c[6] == kk.meaning and c[7] == kk.source
        assert same(reference.parse_value(c[3]), kk.default)
        lo, hi = c[4].split("–")
        assert same(reference.parse_value(lo), kk.lo) and same(reference.parse_value(hi), kk.hi)
        assert c[5] == ", ".join(kk.models)
    assert {"renal_threshold", "renal_excretion", "gastric_emptying", "insulin_secretion"} <= {k.name for k in t.rows}


@pytest.mark.parametrize("value", [864.0, 0.0005, 2.4e-06, 6e-05, 20000.0, 0.068, 1.0, 99.7664, 8570.0, "healthy"])
def test_values_print_and_read_back(value):
    assert same(reference.parse_value(reference.format_value(value)), value)


def test_a_row_with_another_source_names_it():
    t = reference.parameter_table("ha2016")
    assert t.main_source == ha2016.Ha2016Params.__dataclass_fields__["R0"].metadata["source"]
    gain = next(r for r in t.rows if r.name == "si_gain")
    assert gain.source != t.main_source and t.cells(gain)[-1] == gain.source
    r0 = next(r for r in t.rows if r.name == "R0")
    assert t.cells(r0)[-1] == ""


def test_prose_escapes_markdown():
    text = reference.prose("gain a**0.5 and S_I [book]")
    assert text == "gain a**0.5 and S_I [book]."
    assert text._repr_markdown_() == r"gain a\*\*0.5 and S\_I \[book\]."
    with pytest.raises(ValueError):
        reference.prose("  ")


def test_unknown_model_is_refused():
    with pytest.raises(ValueError, match="choose one of"):
        reference.parameter_table("meal_model")


# ------------------------------------------------------------------------------------------ built pages
class _Tables(HTMLParser):
    """Cells of every ``table.ref-table`` in a page: {data-model: [(data-name, [cell texts])]}, and captions."""

    def __init__(self):
        super().__init__()
        self.tables, self.captions, self._model, self._row, self._cell = {}, {}, None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and "ref-table" in (a.get("class") or ""):
            self._model = a.get("data-model")
            self.tables[self._model] = []
        elif self._model and tag == "tr" and "data-name" in a:
            self._row = (a["data-name"], [])
            self.tables[self._model].append(self._row)
        elif self._row is not None and tag == "td":
            self._cell = []
        elif self._model and tag == "caption":
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "caption" and self._cell is not None:
            self.captions[self._model] = re.sub(r"\s+", " ", "".join(self._cell)).strip()
            self._cell = None
        elif tag == "td" and self._cell is not None:
            self._row[1].append(re.sub(r"\s+", " ", "".join(self._cell)).strip())
            self._cell = None
        elif tag == "tr":
            self._row = None
        elif tag == "table":
            self._model = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _plain(cell_html: str) -> str:
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub("<[^>]+>", "", cell_html))).strip()


@pytest.mark.slow
@pytest.mark.parametrize("key", PAGES)
def test_built_page_table_matches_the_package(built_site, key):
    page = built_site / "appendix" / f"{PAGES[key]}.html"
    parser = _Tables()
    parser.feed(page.read_text(encoding="utf-8"))
    assert key in parser.tables, f"{page.name} has no generated table for {key}"
    built = parser.tables[key]
    if key == "knobs":
        t = reference.knob_table()
        assert [n for n, _ in built] == list(knobs.KNOBS)
        for (name, cells), k in zip(built, t.rows):
            assert cells == [_plain(c) for c in t.cells(k)], name
        return
    t = reference.parameter_table(key)
    cls, sets = EXPECTED[key]
    assert [n for n, _ in built] == [f.name for f in fields(cls)]
    for (name, cells), row in zip(built, t.rows):
        assert cells == [_plain(c) for c in t.cells(row)], name
        for cell, p in zip(cells[4:4 + len(sets)], sets):
            assert same(reference.parse_value(cell), getattr(p, name)), f"{key}.{name}: page shows {cell!r}"
        m = field_metadata(cls)[name]
        assert cells[2] == m["meaning"] and cells[3] == (m["unit"] or "–")
        assert cells[4 + len(sets)] == m["tag"]
        assert t.main_source in parser.captions[key]
        assert source_of(t, cells) == m["source"], f"{key}.{name}: the page names another source"
