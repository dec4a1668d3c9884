"""The Reflection part: the virtual-twin explorer and the typed sandbox, in one place.

``chapters/reflection.md`` calls :func:`twin_explorer`, :func:`typed_sandbox` and :func:`example_reports`;
``tests/test_chapter_reflection.py`` imports :func:`twin_run`, :func:`sandbox_report` and the rest to check the
page's numbers, so prose, explorer and tests use one computation. The twin itself (subject, GLUT4 from HOMA-IR,
liver solved) is :mod:`metabolism.twin`; this module only draws and words it.

=====================  ==========================  ==========================================================
page                   explorer / form             model
=====================  ==========================  ==========================================================
reflection             :func:`twin_explorer`       virtual twin on the Dalla Man 2007 meal model
reflection             :func:`typed_sandbox`       the same twin from typed lab values (kernel only)
=====================  ==========================  ==========================================================

The figure is 520 CSS px wide with text of at least 11 pt. The what-ifs are the presets ``exercise_trained``
and ``metformin`` of :mod:`metabolism.scenarios` (:data:`metabolism.twin.WHAT_IFS`). Educational, not medical
advice.
"""
from __future__ import annotations

import html as _html
import os
from functools import lru_cache

import numpy as np
from matplotlib import patheffects

from .. import data, indices, meal, plotting, twin, units
from ..explorer import MODE_ENV, Choice, Range, explorer
from ..views import TimeCourseView, meal_panels

__all__ = ["GRIDS", "REF", "REF_RUN", "PRESETS", "twin_run", "twin_readout", "twin_sentence", "twin_explorer",
           "signed", "check_inputs", "sandbox_report", "typed_sandbox", "example_reports", "EXAMPLES"]

C = plotting.PALETTE
WIDTH = 520          #: CSS px of the figure (11-pt text reads at >= 10 px in a 358-px column)

#: the control grids. Glucose is fine around the two cut-offs where the readout and the twin jump: 100 mg/dL
#: (the ADA fasting category turns to prediabetes) and 126 mg/dL (diabetes, and the twin's model subject
#: switches from the healthy one to the one with type 2 diabetes).
GRIDS = {"twin": {"glucose": [80, 85, 90, 95, 98, 99, 100, 102, 105, 110, 115, 120, 124, 125, 126, 128, 140, 150],
                  "insulin": [4, 6, 8, 11, 14, 18, 22],
                  "what_if": list(twin.WHAT_IFS)}}
#: the explorer's reference setting: close to the model's healthy subject (92 mg/dL, 4.2 µU/mL)
REF = {"glucose": 95, "insulin": 4, "what_if": "as entered"}
#: the grey dashed curve: the model's healthy subject itself (both knobs ×1) after the same meal
REF_RUN = twin.meal_response(twin.reference_twin("normal"))
PRESETS = {"lean, sensitive": {"glucose": 85, "insulin": 4, "what_if": "as entered"},
           "normal glucose, high insulin": {"glucose": 95, "insulin": 14, "what_if": "as entered"},
           "prediabetes (IFG) + exercise": {"glucose": 105, "insulin": 14, "what_if": "exercise training"},
           "type 2 diabetes + metformin": {"glucose": 140, "insulin": 14, "what_if": "metformin"}}


@lru_cache(maxsize=1024)
def twin_run(glucose, insulin, what_if="as entered"):
    """``(twin, run)``: the :class:`metabolism.twin.Twin` of the fasting numbers and its meal response with the
    what-if (``run`` is None when no twin matches)."""
    t = twin.calibrate(glucose, insulin)
    return t, (twin.meal_response(t, what_if) if t.matched else None)


def signed(x):
    """A change rounded to whole mg/dL with its sign; a change that rounds to zero is "±0", never "-0"."""
    return "±0" if round(x) == 0 else f"{round(x):+d}"


def twin_readout(glucose, insulin, what_if):
    t, run = twin_run(glucose, insulin, what_if)
    head = (f"{glucose:g} mg/dL = {units.mgdl_to_mmol(glucose):.1f} mmol/L, {insulin:g} µU/mL = "
            f"{units.uU_to_pmol(insulin):.0f} pmol/L · HOMA-IR {indices.homa_ir(glucose, insulin):.1f} · "
            f"ADA (fasting): {indices.ada_category(fpg_mgdl=glucose).category} · ")
    if run is None:
        return head + t.message
    k = run["knobs"]
    return head + (f"twin ({twin.SUBJECT_NAMES[t.subject]} subject): GLUT4 ×{k['glut4']:.2f}, hepatic output "
                   f"×{k['hepatic_output']:.2f} · peak {run['peak_mgdl']:.0f} (reference "
                   f"{REF_RUN['peak_mgdl']:.0f}) · 2-h {run['glucose_2h_mgdl']:.0f} (reference "
                   f"{REF_RUN['glucose_2h_mgdl']:.0f}) mg/dL · model fasting insulin {t.insulin_uU_mL:.1f} µU/mL "
                   f"vs yours {insulin:g}")


def twin_sentence(glucose, insulin, what_if):
    t, run = twin_run(glucose, insulin, what_if)
    if run is None:
        return "No model subject has this fasting glucose, so no twin is drawn; the indices above still hold."
    if what_if == "as entered":
        d = run["glucose_2h_mgdl"] - REF_RUN["glucose_2h_mgdl"]
        return (f"Your twin's glucose two hours after the meal is {abs(d):.0f} mg/dL "
                f"{'above' if d > 0 else 'below'} the reference's.")
    base = twin_run(glucose, insulin)[1]
    d = run["glucose_2h_mgdl"] - base["glucose_2h_mgdl"]
    if abs(d) < 1:
        return (f"{what_if.capitalize()} changes little here: "
                + ("GLUT4 is already at the top of its range." if what_if.startswith("exercise")
                   else "the 2-h glucose moves by less than 1 mg/dL."))
    return (f"With {what_if}, fasting glucose moves {signed(run['fasting_mgdl'] - base['fasting_mgdl'])} mg/dL "
            f"and the 2-h glucose {signed(d)} mg/dL.")


class TwinView(TimeCourseView):
    """Glucose over insulin after the meal; the reference drawn dashed *on top* of the twin (at the default
    setting the two coincide, and the reference must stay visible), a dotted line at 2 h, and a note in the
    figure when no twin matches."""

    width_px = WIDTH
    margins = {"left": 0.16, "right": 0.97, "bottom": 0.1, "top": 0.9, "hspace": 0.12}

    def setup(self, fig):
        super().setup(fig)
        for ax, panel, line in zip(self.axes, self.panels, self.lines):
            line.set_linewidth(3.2)
            ax.axvline(120, color="#888888", lw=1, ls=":", zorder=1)
            for artist in list(ax.lines):                      # the faint reference under the twin goes...
                if artist.get_label() == "reference":
                    artist.remove()
            # ...and comes back above it: animated artists draw after the static ones, in this order
            # a light halo keeps the dashes apart from the twin's line in light and (inverted) dark mode
            self.animate(ax.plot(self.reference["t"], self.reference[panel.key], color="#222222", lw=1.6,
                                 ls=(0, (4, 3)), label="reference",
                                 path_effects=[patheffects.withStroke(linewidth=3.6, foreground="white")])[0])
        self.axes[0].annotate("2 h", (122, 0.96), xycoords=("data", "axes fraction"), va="top", fontsize=11,
                              color="#555555")
        self.axes[0].get_legend().remove()
        self.axes[0].legend(loc="lower center", bbox_to_anchor=(0.45, 1.0), ncol=3, columnspacing=0.8,
                            handlelength=1.5, handletextpad=0.4, frameon=False)
        self.knobs = self.animate(self.axes[0].text(0.98, 0.95, "", transform=self.axes[0].transAxes, ha="right",
                                                    va="top", fontsize=11, color=C["blue"]))
        self.note = self.animate(self.axes[0].text(0.5, 0.55, "", transform=self.axes[0].transAxes,
                                                   ha="center", fontsize=12, color=C["vermillion"]))

    def update(self, **params):
        super().update(**params)
        matched = np.isfinite(self.last["G"]).any()
        self.note.set_text("" if matched else "no twin for this fasting glucose")
        k = self.last.get("knobs")
        self.knobs.set_text(f"{params['what_if']}\nGLUT4 ×{k['glut4']:.2f} · liver ×{k['hepatic_output']:.2f}"
                            if matched and k else params["what_if"])


def _curves(glucose, insulin, what_if):
    run = twin_run(glucose, insulin, what_if)[1]
    if run is None:
        return {"t": REF_RUN["t"], "G": np.full_like(REF_RUN["G"], np.nan), "I": np.full_like(REF_RUN["I"], np.nan)}
    return run


def twin_explorer(mode=None):
    """The virtual-twin explorer: fasting glucose and insulin, a what-if, four presets."""
    g = GRIDS["twin"]
    fig1 = {q: (*data.dallaman2007_fig1(q), "measured, 204 adults") for q in ("G", "I")}
    view = TwinView(lambda **p: REF_RUN if p["glucose"] is None else _curves(**p),
                    {"glucose": None, "insulin": None, "what_if": None},
                    meal_panels(glucose_max=450, insulin_max=1000, data=fig1), xlim=(0, twin.T_END_MIN),
                    xlabel=f"Time after a {twin.PAPER_MEAL_G:g}-g meal", height_px=560, label="your twin")
    return explorer(
        view, [Range("glucose", g["glucose"], label="Fasting glucose", unit="mg/dL"),
               Range("insulin", g["insulin"], label="Fasting insulin", unit="µU/mL"),
               Choice("what_if", g["what_if"], label="What if")],
        title="Your virtual twin after a meal: from two fasting numbers to glucose and insulin",
        name="virtual-twin", reference=REF, presets=PRESETS,
        readout=twin_readout, sentence=twin_sentence,
        model_card={**meal.MODEL_CARD,
                    "model": "Virtual twin on the Dalla Man 2007 meal model (GLUT4 from HOMA-IR, liver solved; "
                             "metabolism.twin)",
                    "leaves_out": "β-cell compensation (fasting insulin follows glucose in this model); "
                                  + meal.MODEL_CARD["leaves_out"]},
        alt=(f"Plasma glucose (top, mg/dL) and insulin (bottom, pmol/L) over 300 minutes after a "
             f"{twin.PAPER_MEAL_G:g} g meal: the virtual twin for the fasting numbers set, the healthy reference "
             "dashed on top, and the measured means of 204 adults"),
        mode=mode)


# ================================================================== the typed sandbox (kernel only)

GLUCOSE_OK = {"mg/dL": (40.0, 600.0), "mmol/L": (2.2, 33.3)}
INSULIN_OK = {"µU/mL": (0.5, 300.0), "pmol/L": (3.0, 1800.0)}
ECHO = 20                                  #: longest piece of typed text repeated in a message
LOW = indices.HYPOGLYCAEMIA_MGDL           # ADA: level 1 below 70 mg/dL, level 2 below 54 mg/dL
CUTS = indices.ADA_CUTOFFS
#: the printed example lab report, and the same glucose typed with the wrong unit
EXAMPLES = [("5.8", "mmol/L", "90", "pmol/L", "", "5.9"), ("5.8", "mg/dL", "90", "pmol/L")]


def _echo(text):
    return text if len(text) <= ECHO else text[:ECHO - 1] + "…"


def _read_number(name, text, unit, ok, optional=False, swap=None):
    """Parse one typed value; return (value, message). ``swap`` names the unit a misfit value looks like."""
    text = (text or "").strip().replace(",", ".")
    if not text:
        return (None, "") if optional else (None, f"{name}: please type a number.")
    try:
        v = float(text)
    except ValueError:
        return None, f"{name}: “{_echo(text)}” is not a number (type digits, e.g. 95 or 5.3)."
    if not np.isfinite(v):
        return None, f"{name}: “{_echo(text)}” is not a finite number."
    if v <= 0:
        return None, f"{name}: “{_echo(text)}” {unit} is not possible; a concentration is above zero."
    lo, hi = ok
    if not lo <= v <= hi:
        hint = f" It looks like a value in {swap[0]}: switch the unit." if swap and swap[1](v) else ""
        return None, f"{name}: {v:g} {unit} is outside the plausible range {lo:g}–{hi:g} {unit}.{hint}"
    return v, ""


def check_inputs(fpg, g_unit, fpi, i_unit, ogtt="", a1c=""):
    """Typed input -> (values in mg/dL and µU/mL, list of messages). No exceptions for bad input."""
    other_g = "mmol/L" if g_unit == "mg/dL" else "mg/dL"
    looks_g = (other_g, lambda v: GLUCOSE_OK[other_g][0] <= v <= GLUCOSE_OK[other_g][1])
    other_i = "pmol/L" if i_unit == "µU/mL" else "µU/mL"
    looks_i = (other_i, lambda v: INSULIN_OK[other_i][0] <= v <= INSULIN_OK[other_i][1])
    to_mgdl = (lambda v: v) if g_unit == "mg/dL" else units.mmol_to_mgdl
    to_uU = (lambda v: v) if i_unit == "µU/mL" else units.pmol_to_uU
    g, m1 = _read_number("Fasting glucose", fpg, g_unit, GLUCOSE_OK[g_unit], swap=looks_g)
    i, m2 = _read_number("Fasting insulin", fpi, i_unit, INSULIN_OK[i_unit], swap=looks_i)
    g2, m3 = _read_number("2-h OGTT glucose", ogtt, g_unit, GLUCOSE_OK[g_unit], optional=True, swap=looks_g)
    a, m4 = _read_number("A1C", a1c, "%", indices.A1C_RANGE, optional=True,
                         swap=("mmol/mol (IFCC); in % it is about mmol/mol ÷ 10.93 + 2.15",
                               lambda v: 20 < v <= 200))
    msgs = [m for m in (m1, m2, m3, m4) if m]
    vals = {"fpg": None if g is None else float(to_mgdl(g)), "fpi": None if i is None else float(to_uU(i)),
            "ogtt": None if g2 is None else float(to_mgdl(g2)), "a1c": a}
    return vals, msgs


def sandbox_report(fpg, g_unit, fpi, i_unit, ogtt="", a1c=""):
    """Plain-text report of the typed values (what the form shows); bad input gives messages only."""
    v, msgs = check_inputs(fpg, g_unit, fpi, i_unit, ogtt, a1c)
    if msgs:
        return "Please check: " + " ".join(msgs)
    g, i = v["fpg"], v["fpi"]
    # glucose is printed with the decimals that show which side of each ADA cut-off it is on
    mgdl = lambda x, test="fasting": indices.format_at_cutoffs(x, CUTS[test])   # noqa: E731
    mmol = lambda x, test="fasting": indices.format_at_cutoffs(                  # noqa: E731
        units.mgdl_to_mmol(x), [c / units.MGDL_PER_MMOL for c in CUTS[test]], 1)
    lines = [f"Fasting glucose {mgdl(g)} mg/dL ({mmol(g)} mmol/L), "
             f"insulin {i:.1f} µU/mL ({units.uU_to_pmol(i):.0f} pmol/L)."]
    hb = (f"{indices.homa_b(g, i):.0f} %" if g >= LOW["level 1"] else
          f"not shown below {LOW['level 1']:g} mg/dL (its formula divides by glucose − "
          f"{indices.HOMA_B_MIN_MGDL:g} mg/dL, so near that it gives meaningless numbers)")
    lines.append(f"HOMA-IR {indices.homa_ir(g, i):.2f} · HOMA-%B {hb} · QUICKI {indices.quicki(g, i):.3f}")
    ada = indices.ada_category(fpg_mgdl=g, ogtt2h_mgdl=v["ogtt"], a1c_percent=v["a1c"])
    tests = ", ".join(f"{t}: {c}" for t, c in ada.by_test.items())
    lines.append(f"ADA category: {ada.category}{' (' + ', '.join(ada.detail) + ')' if ada.detail else ''} "
                 f"[{tests}]; one result is not a diagnosis.")
    if v["a1c"] is not None:
        lines.append(f"A1C {indices.format_at_cutoffs(v['a1c'], CUTS['a1c'], 1)} % ≈ average glucose "
                     f"{indices.eag_mgdl(v['a1c']):.0f} mg/dL ({indices.eag_mmol(v['a1c']):.1f} mmol/L).")
    t = twin.calibrate(g, i)
    if min(g, v["ogtt"] or g) < LOW["level 1"]:
        mm = {k: units.mgdl_to_mmol(v) for k, v in LOW.items()}
        lines.append(f"A glucose below {LOW['level 1']:g} mg/dL ({mm['level 1']:.1f} mmol/L) is low, not normal: the "
                     f"ADA calls it hypoglycaemia, level 1, and below {LOW['level 2']:g} mg/dL ({mm['level 2']:.1f} "
                     "mmol/L) level 2. Check the "
                     "unit and the sample; a real value this low is a question for a clinician, not for this model.")
    if not t.matched:
        lines.append(t.message)
        return "\n".join(lines)
    run = twin.meal_response(t)
    lines.append(f"Virtual twin ({twin.SUBJECT_NAMES[t.subject]} subject): "
                 f"GLUT4 ×{t.glut4:.2f}, hepatic output ×{t.hepatic_output:.2f}; "
                 f"model fasting insulin {t.insulin_uU_mL:.1f} µU/mL vs yours {i:.1f}"
                 + (" (yours is higher: compensation the model does not have)."
                    if i > 1.5 * t.insulin_uU_mL + 1 else "."))
    lines.append(f"After the {twin.PAPER_MEAL_G:g} g meal: peak {run['peak_mgdl']:.0f} mg/dL (reference "
                 f"{REF_RUN['peak_mgdl']:.0f}), 2-h {run['glucose_2h_mgdl']:.0f} mg/dL (reference "
                 f"{REF_RUN['glucose_2h_mgdl']:.0f}).")
    if v["ogtt"] is not None:
        proxy = meal.ogtt(t.subject, t.knobs)
        lines.append(f"Your 2-h OGTT glucose {mgdl(v['ogtt'], 'ogtt2h')} mg/dL; your twin's (meal-model proxy for a "
                     f"75-g OGTT) {mgdl(proxy['glucose_2h'], 'ogtt2h')} mg/dL.")
    for name in ("exercise training", "metformin"):
        w = twin.meal_response(t, name)
        lines.append(f"{name.capitalize()}: fasting {signed(w['fasting_mgdl'] - run['fasting_mgdl'])} mg/dL, "
                     f"2-h {signed(w['glucose_2h_mgdl'] - run['glucose_2h_mgdl'])} mg/dL in the twin.")
    return "\n".join(lines)


def _pre(text):
    return "<pre style='white-space:pre-wrap'>" + _html.escape(text) + "</pre>"


def typed_sandbox(mode=None):
    """The kernel form (ipywidgets text fields, a button, the report). On the static site (``frames`` mode)
    there is no kernel to answer, so nothing is returned and nothing shows."""
    if (mode or os.environ.get(MODE_ENV, "").strip() or "live") != "live":
        return None
    import ipywidgets as W

    wide = {"description_width": "11em"}
    box = {k: W.Text(description=d, placeholder=p, style=wide)
           for k, d, p in [("fpg", "Fasting glucose", "e.g. 95"), ("fpi", "Fasting insulin", "e.g. 8"),
                           ("ogtt", "2-h OGTT glucose", "optional"), ("a1c", "A1C (%)", "optional")]}
    g_unit = W.Dropdown(options=["mg/dL", "mmol/L"], description="Glucose unit", style=wide)
    i_unit = W.Dropdown(options=["µU/mL", "pmol/L"], description="Insulin unit", style=wide)
    go, out = W.Button(description="Chart my numbers"), W.HTML()

    def run(_=None):
        try:
            text = sandbox_report(box["fpg"].value, g_unit.value, box["fpi"].value, i_unit.value,
                                  box["ogtt"].value, box["a1c"].value)
        except Exception as err:  # the sandbox never shows a traceback
            text = f"Sorry, these numbers could not be charted: {err}"
        out.value = _pre(text)

    go.on_click(run)
    return W.VBox([box["fpg"], g_unit, box["fpi"], i_unit, box["ogtt"], box["a1c"], go, out,
                   W.HTML("<em>Educational, not medical advice.</em>")])


def example_reports():
    """What the form prints for the page's example lab report and for the same glucose in the wrong unit."""
    from IPython.display import HTML

    return HTML(_pre("\n\n".join(sandbox_report(*args) for args in EXAMPLES)))
