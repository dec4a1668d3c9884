"""Parameter tables of the book's model reference, generated from the models' own parameter metadata.

The appendix pages (book appendix, Model reference) call :func:`parameter_table` and
:func:`knob_table` in a hidden code cell, so the tables the reader sees are the dataclass fields
and :data:`metabolism.knobs.KNOBS` of this package: they cannot drift from the code.

This module holds presentation only (symbols, column choice, formatting); it contains no model
mathematics and changes no value.

>>> t = parameter_table("topp2000")
>>> t.rows[0].name, t.rows[0].values
('R0', (864.0,))
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, fields

from . import knobs as _knobs
from .models import bergman, dallaman2007, ha2016, nefa, sedaghat2002, topp2000

__all__ = ["MODELS", "Row", "Table", "parameter_table", "knob_table", "format_value", "parse_value", "prose"]


@dataclass(frozen=True)
class _Model:
    title: str
    cls: type
    #: (column heading, parameter set) in display order
    sets: tuple
    #: parameter name -> symbol as HTML (the notation of the appendix equations)
    symbols: dict


def _sub(base, sub):
    return f"{base}<sub>{sub}</sub>"


_MEAL_SYMBOLS = {
    "VG": _sub("V", "G"), "k1": _sub("k", "1"), "k2": _sub("k", "2"), "VI": _sub("V", "I"),
    "m1": _sub("m", "1"), "m2": _sub("m", "2"), "m4": _sub("m", "4"), "m5": _sub("m", "5"),
    "m6": _sub("m", "6"), "HEb": _sub("HE", "b"), "kmax": _sub("k", "max"), "kmin": _sub("k", "min"),
    "kabs": _sub("k", "abs"), "kgri": _sub("k", "gri"), "f": "f", "b": "b", "d": "d", "a": "a", "c": "c",
    "kp1": _sub("k", "p1"), "kp2": _sub("k", "p2"), "kp3": _sub("k", "p3"), "kp4": _sub("k", "p4"),
    "ki": _sub("k", "i"), "Fcns": _sub("F", "cns"), "Vm0": _sub("V", "m0"), "Vmx": _sub("V", "mx"),
    "Km0": _sub("K", "m0"), "p2U": _sub("p", "2U"), "K": "K", "alpha": "α", "beta": "β", "gamma": "γ",
    "ke1": _sub("k", "e1"), "ke2": _sub("k", "e2"),
}
_MINIMAL_SYMBOLS = {
    "S_G": _sub("S", "G"), "S_I": _sub("S", "I"), "p2": _sub("p", "2"), "Gb": _sub("G", "b"),
    "Ib": _sub("I", "b"), "G0": _sub("G", "0"), "I0": _sub("I", "0"), "n": "n", "gamma": "γ", "h": "h",
}
_TOPP_SYMBOLS = {
    "R0": _sub("R", "0"), "EG0": _sub("E", "G0"), "SI": _sub("S", "I"), "sigma": "σ", "alpha": "α",
    "k": "k", "d0": _sub("d", "0"), "r1": _sub("r", "1"), "r2": _sub("r", "2"),
}
_HA_SYMBOLS = {
    "R0": _sub("R", "0"), "Eg0": _sub("E", "g0"), "k": "k", "BV": "BV", "alpha_M": _sub("α", "M"),
    "k_M": _sub("k", "M"), "alpha_ISR": _sub("α", "ISR"), "k_ISR": _sub("k", "ISR"), "Pmax": _sub("P", "max"),
    "alpha_P": _sub("α", "P"), "k_P": _sub("k", "P"), "Amax": _sub("A", "max"), "alpha_A": _sub("α", "A"),
    "k_A": _sub("k", "A"), "Ab": _sub("A", "b"), "tau_beta": _sub("τ", "β"), "G_bar": "Ḡ",
    "Gs": _sub("G", "s"), "Gn": _sub("G", "n"), "Gshft": _sub("G", "shft"), "tau_gamma": _sub("τ", "γ"),
    "ISRI_bar": _sub("ISRI", "bar"), "ISRI_s": _sub("ISRI", "s"), "ISRI_n": _sub("ISRI", "n"),
    "ISRI_k": _sub("ISRI", "k"), "MI_bar": _sub("MI", "bar"), "MI_k": _sub("MI", "k"), "MI_s": _sub("MI", "s"),
    "MI_n": _sub("MI", "n"), "sigma_b": _sub("σ", "b"), "tau_sigma": _sub("τ", "σ"),
    "G_shift": _sub("G", "shift"), "Si0": _sub("S", "i,0"), "Si_target": _sub("S", "i,target"),
    "r_Si": _sub("r", "Si"), "si_gain": "g·A", "bariatric_R0": _sub("R", "0,bariatric"),
    "bariatric_sigma": _sub("σ", "bariatric"),
}
_GLUT4_SYMBOLS = {"k13": _sub("k", "13"), "km13": _sub("k", "−13"), "k14": _sub("k", "14"),
                  "km14": _sub("k", "−14")}
_NEFA_SYMBOLS = {
    "name": "–", "tau": "τ", "kc": _sub("k", "c"), "SNEFA": _sub("S", "NEFA"), "KNEFA": _sub("K", "NEFA"),
    "gs": _sub("g", "s"), "phi": "Φ", "R0": _sub("R", "0"), "NEFA0_reported": _sub("NEFA", "0") + " (reported)",
    "suppression_reported": "suppression (reported)",
}

#: model key -> title, parameter class, parameter sets shown as columns, symbols
MODELS: dict[str, _Model] = {
    "meal": _Model("Dalla Man 2007 meal model", dallaman2007.DallaManParams,
                   (("normal", dallaman2007.params("normal")), ("T2D", dallaman2007.params("t2d"))),
                   _MEAL_SYMBOLS),
    "minimal": _Model("Bergman minimal model", bergman.BergmanParams,
                      (("teaching subject", bergman.params("teaching")),), _MINIMAL_SYMBOLS),
    "topp2000": _Model("Topp 2000", topp2000.ToppParams, (("reference", topp2000.params("reference")),),
                       _TOPP_SYMBOLS),
    "ha2016": _Model("Ha, Satin & Sherman 2016", ha2016.Ha2016Params, (("human", ha2016.params("human")),),
                     _HA_SYMBOLS),
    "glut4": _Model("Sedaghat 2002 GLUT4 sub-model", sedaghat2002.SedaghatParams,
                    (("Sedaghat 2002", sedaghat2002.params("sedaghat2002")),), _GLUT4_SYMBOLS),
    "nefa": _Model("Boston–Moate NEFA model", nefa.NEFAParams,
                   (("healthy", nefa.PRESETS["healthy"]), ("metabolic syndrome", nefa.PRESETS["metabolic_syndrome"])),
                   _NEFA_SYMBOLS),
}


# ------------------------------------------------------------------------------------------ formatting
_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def format_value(value) -> str:
    """A parameter value as the tables print it: 10 significant digits, no trailing zeros.

    Strings pass through; very small or large numbers use "× 10ⁿ" (``2.4 × 10⁻⁶``).
    :func:`parse_value` reads the text back.
    """
    if isinstance(value, str):
        return value
    text = f"{float(value):.10g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return f"{mantissa} × 10{str(int(exponent)).translate(_SUPERSCRIPT)}"
    return text


_POWER = re.compile(r"^\s*([-+]?[\d.]+)\s*×\s*10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s*$")


def parse_value(text: str):
    """Inverse of :func:`format_value` (a float; text that is not a number comes back unchanged)."""
    m = _POWER.match(text)
    if m:
        back = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
        return float(f"{m.group(1)}e{m.group(2).translate(back)}")
    try:
        return float(text.replace("−", "-"))
    except ValueError:
        return text


# ------------------------------------------------------------------------------------------ tables
@dataclass(frozen=True)
class Row:
    """One parameter: symbol (HTML), name in the code, meaning, unit, one value per set, tag, source.

    A table prints the source most rows share once, in its caption; a source column (blank where a row has
    that source) appears only when some row has another.
    """

    symbol: str
    name: str
    meaning: str
    unit: str
    values: tuple
    tag: str
    source: str


@dataclass(frozen=True)
class Table:
    """A generated table: ``rows`` plus the headings of its value columns. Displays itself as HTML."""

    key: str
    title: str
    value_headings: tuple
    rows: tuple

    @property
    def main_source(self) -> str:
        """The source most rows share: printed once, in the caption, and left blank in those rows."""
        sources = [r.source for r in self.rows]
        return max(dict.fromkeys(sources), key=sources.count)

    @property
    def common_source(self) -> str | None:
        """The source shared by every row (the table then has no source column), or None."""
        return self.main_source if all(r.source == self.main_source for r in self.rows) else None

    @property
    def headings(self) -> tuple:
        tail = ("tag",) if self.common_source else ("tag", "other source")
        return ("symbol", "name in code", "meaning", "unit", *self.value_headings, *tail)

    def cells(self, row: Row) -> tuple:
        """The text of each cell of ``row`` (symbols as HTML), in the order of :attr:`headings`.

        The source cell (only when rows differ) is blank for rows whose source is :attr:`main_source`.
        """
        if self.common_source:
            tail = (row.tag,)
        else:
            tail = (row.tag, "" if row.source == self.main_source else row.source)
        return (row.symbol, row.name, row.meaning, row.unit or "–", *(format_value(v) for v in row.values), *tail)

    @property
    def caption(self) -> str:
        text = f"Parameters of the {self.title}, generated from the package's parameter metadata."
        if self.common_source:
            return text + f" Source of every value: {self.common_source}."
        return text + f" Source: {self.main_source}, unless the last column names another."

    def to_html(self) -> str:
        """A scrollable, keyboard-focusable HTML table (wide tables scroll inside their box on a phone)."""
        esc = html.escape
        head = "".join(f'<th scope="col">{esc(h)}</th>' for h in self.headings)
        nowrap = ' style="white-space:nowrap;"'
        body = []
        for row in self.rows:
            c = self.cells(row)
            n = len(self.value_headings)
            tds = [f'<td class="ref-symbol"{nowrap}>{c[0]}</td>', f"<td><code>{esc(c[1])}</code></td>",
                   f'<td style="min-width:12em;">{esc(c[2])}</td>', f"<td{nowrap}>{esc(c[3])}</td>"]
            tds += [f"<td{nowrap}>{esc(x)}</td>" for x in c[4:4 + n]]
            tds += [f"<td>{esc(x)}</td>" for x in c[4 + n:]]
            body.append(f'<tr data-name="{esc(row.name)}">' + "".join(tds) + "</tr>")
        return (f'<div class="ref-table-scroll" role="region" aria-label="{esc("Parameters of the " + self.title)}" '
                f'tabindex="0" style="overflow-x:auto; max-width:100%;">'
                f'<table class="table ref-table" data-model="{esc(self.key)}" style="font-size:0.85em;">'
                f"<caption>{esc(self.caption)}</caption>"
                f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>")

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        lines = [" | ".join(self.headings)]
        lines += [" | ".join(re.sub("<[^>]+>", "", c) for c in self.cells(r)) for r in self.rows]
        return "\n".join(lines)


def parameter_table(model: str) -> Table:
    """The parameter table of ``model`` (a key of :data:`MODELS`), one row per dataclass field, in order."""
    if model not in MODELS:
        raise ValueError(f"model={model!r} has no reference table; choose one of {', '.join(MODELS)}")
    m = MODELS[model]
    rows = []
    for f in fields(m.cls):
        meta = f.metadata
        rows.append(Row(symbol=m.symbols.get(f.name, html.escape(f.name)), name=f.name, meaning=meta["meaning"],
                        unit=meta["unit"], values=tuple(getattr(p, f.name) for _, p in m.sets),
                        tag=meta["tag"], source=meta["source"]))
    return Table(model, m.title, tuple(h for h, _ in m.sets), tuple(rows))


@dataclass(frozen=True)
class KnobTable:
    """The reader knobs of :data:`metabolism.knobs.KNOBS` as a table. Displays itself as HTML."""

    rows: tuple
    headings = ("knob", "slider label", "unit", "default", "range", "acts in", "meaning", "source", "assumption")

    #: minimum widths of the columns after the first (the long text columns stay readable when the box scrolls)
    _widths = ("8em", "6em", "3em", "6em", "4em", "16em", "10em", "4em")

    @staticmethod
    def cells(k) -> tuple:
        return (k.name, k.label, k.unit, format_value(k.default), f"{format_value(k.lo)}–{format_value(k.hi)}",
                ", ".join(k.models), k.meaning, k.source, "yes" if k.assumption else "no")

    def to_html(self) -> str:
        esc = html.escape
        head = "".join(f'<th scope="col">{esc(h)}</th>' for h in self.headings)
        body = "".join(f'<tr data-name="{esc(k.name)}"><td><code>{esc(k.name)}</code></td>'
                       + "".join(f'<td style="min-width:{w};">{esc(x)}</td>'
                                 for x, w in zip(self.cells(k)[1:], self._widths)) + "</tr>" for k in self.rows)
        label = "Reader knobs"
        return (f'<div class="ref-table-scroll" role="region" aria-label="{label}" tabindex="0" '
                f'style="overflow-x:auto; max-width:100%;">'
                f'<table class="table ref-table" data-model="knobs" style="font-size:0.85em;">'
                f"<caption>{label} (generated from metabolism.knobs.KNOBS)</caption>"
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        return "\n".join([" | ".join(self.headings)] + [" | ".join(self.cells(k)) for k in self.rows])


def knob_table() -> KnobTable:
    """The reader-knob table, one row per entry of :data:`metabolism.knobs.KNOBS`, in order."""
    return KnobTable(tuple(_knobs.KNOBS.values()))


class _Prose(str):
    """Text that a notebook shows as a paragraph (Markdown), not as code output."""

    def _repr_markdown_(self) -> str:
        return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", str(self))


def prose(text: str) -> _Prose:
    """Show ``text`` (e.g. a MODEL_CARD entry) as a paragraph; Markdown characters in it are escaped."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"text={text!r} must be a non-empty string")
    text = text.strip()
    return _Prose(text if text.endswith((".", ")")) else text + ".")
