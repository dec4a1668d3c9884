"""The Academic part's explorers and tables: compute, view, readout, sentence and presets, in one place.

``chapters/academic.md`` and its pages (``tissues``, ``organs``, ``measuring``) call one function per explorer
or table; ``tests/test_chapter_academic.py`` imports the same ``*_run`` functions to check the pages' numbers.
The model logic (grams per tissue, the clamp-to-endothelium rule, the meal→NEFA coupling, the battery of
sensitivity tests) lives in the package; this module only arranges it for the reader.

=================  ===========================  ===========================================================
page               explorer / table             model
=================  ===========================  ===========================================================
academic           :func:`muscle_explorer`      Sedaghat 2002 GLUT4 at steady insulin; meal-model clamp
academic           :func:`fasting_table`        meal-model fasting state and clamp at four GLUT4 settings
academic/tissues   :func:`tissues_explorer`     one meal through every tissue (grams over 5 h)
academic/organs    :func:`liver_explorer`       meal model, paper-figure meal, liver output
academic/organs    :func:`liver_fat_table`      liver-fat index over a day of meals (empirical link)
academic/organs    :func:`adipose_explorer`     meal insulin into the Boston–Moate NEFA model
academic/organs    :func:`endothelium_explorer`  microvascular recruitment link (Clerk 2006)
academic/measuring :func:`measuring_explorer`   clamp, IVGTT, OGTT and fasting indices of one person
=================  ===========================  ===========================================================

Figures are 520 CSS px wide with text of at least 11 pt. The reference (default) setting is drawn dashed grey
*on top of* the current curve, bar or arrow, so it stays visible when the two coincide.
"""
from __future__ import annotations

import html
from functools import lru_cache

import numpy as np
from matplotlib.patches import Circle, FancyArrowPatch

from .. import data, glut4 as glut4_model, indices, links, lipolysis, meal, minimal, plotting, units
from ..explorer import Choice, Range, Switch, View, explorer
from ..scenarios import knob_settings
from ..views import Panel, TimeCourseView

__all__ = ["muscle_run", "muscle_explorer", "fasting_table", "tissues_run", "tissues_table", "tissues_explorer",
           "liver_run", "liver_explorer", "liver_fat_run", "liver_fat_table", "adipose_run", "adipose_explorer",
           "endothelium_run", "endothelium_explorer", "measure", "measuring_table", "measuring_explorer",
           "GRIDS"]

C = plotting.PALETTE
WIDTH = 520          #: CSS px of every figure here
LEGEND = 11          #: smallest font size, pt
REF_ON_TOP = {**plotting.REFERENCE_STYLE, "alpha": 0.9, "zorder": 4}

GRIDS = {
    "muscle": {"glut4": [0.2, 0.35, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0]},
    "tissues": {"glut4": [0.35, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0], "hepatic_output": [0.76, 1.0, 1.25, 1.5],
                "adiponectin": [0.5, 1.0, 1.5, 2.0]},
    "liver": {"hepatic_output": [0.5, 0.76, 1.0, 1.25, 1.5, 2.0], "glut4": [0.5, 1.0, 1.5]},
    "adipose": {"adiponectin": [0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 2.5], "fat_tissue": ["healthy", "metabolic syndrome"]},
    "endothelium": {"sensitivity": [0.52, 0.6, 0.75, 0.9, 1.0, 1.25, 1.5]},
    "measuring": {"glut4": [0.35, 0.5, 0.75, 1.0, 1.5, 2.0], "hepatic_output": [0.76, 1.0, 1.5, 2.0]},
}
#: the NEFA model's two fitted parameter sets, by the name the reader sees
FAT_SETS = {"healthy": "healthy", "metabolic syndrome": "metabolic_syndrome"}
M_MEASURED = {"healthy": (7.04, 0.63), "type 2 diabetes": (4.37, 0.45)}   # DeFronzo 1985, mg/kg/min, mean ± SD


def _preset(name, knobs, **extra):
    """A preset: knob values from :mod:`metabolism.scenarios`, plus the explorer's other controls."""
    return {**knob_settings(name, knobs), **extra}


def _html_table(columns, rows, caption):
    """A small HTML table (header cells with scope, a caption) for a notebook or the static page."""
    from IPython.display import HTML

    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(x))}</td>" for x in r) + "</tr>" for r in rows)
    return HTML(f'<table class="table mx-result"><caption>{html.escape(caption)}</caption>'
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def _signed(x):
    """A percentage with its sign (a true minus), rounded to a whole number."""
    return f"{x:+.0f}".replace("-", "−")


class _Course(TimeCourseView):
    """A time course whose reference run is drawn dashed grey above the current one (visible when equal)."""

    width_px = WIDTH
    margins = {"left": 0.16, "right": 0.97, "bottom": 0.1, "top": 0.97, "hspace": 0.12}

    def setup(self, fig):
        super().setup(fig)
        for ax in self.axes:
            for line in ax.get_lines():
                if line.get_label() == "reference":
                    line.set(**REF_ON_TOP)
                    self.animate(line)       # animated after the current line: drawn above it


# ================================================================== academic.md: skeletal muscle

INSULIN = np.linspace(0, 1000, 121)        # pmol/L
MUSCLE_REF = {"glut4": 1.0, "contraction": False}


@lru_cache(maxsize=64)
def muscle_run(glut4, contraction):
    """Surface GLUT4 (% of total) against steady insulin, at 0 and 600 pmol/L, and the clamp M (mg/kg/min)."""
    c = 1.0 if contraction else 0.0
    share = lambda i: 100 * glut4_model.steady_state(insulin_pmolL=i, knobs={"glut4": glut4},  # noqa: E731
                                                     contraction=c).surface_fraction
    return {"surface": share(INSULIN), "s0": float(share(0.0)), "s600": float(share(600.0)),
            "M": meal.clamp(knobs={"glut4": glut4})}


class MuscleView(View):
    """Top: surface GLUT4 against insulin (cell model). Bottom: clamp glucose disposal M (whole body)."""

    width_px, height_px = WIDTH, 600
    margins = {"left": 0.19, "right": 0.95, "bottom": 0.1, "top": 0.96}

    def setup(self, fig):
        ref = muscle_run(**MUSCLE_REF)
        top, bottom = fig.subplots(2, 1, gridspec_kw={"height_ratios": [1.5, 1], "hspace": 0.55})
        self.curve = self.animate(top.plot([], [], color=C["blue"], lw=2.5, label="this muscle")[0])
        self.animate(top.plot(INSULIN, ref["surface"], label="reference (rest)", **REF_ON_TOP)[0])
        for x, name in [(25.5, "fasting"), (600, "clamp")]:
            top.axvline(x, color="#555555", lw=1, ls=":")
            top.annotate(name, (x, 58), xytext=(4, 0), textcoords="offset points", fontsize=LEGEND)
        top.set_xlim(0, 1000)
        top.set_ylim(0, 62)
        top.set_xlabel(plotting.axis_label("Plasma insulin", "pmol/L"))
        top.set_ylabel(plotting.axis_label("GLUT4 at surface", "% of total"))
        top.legend(loc="lower right", fontsize=LEGEND)
        for k, (mean, sd) in enumerate(M_MEASURED.values()):
            bottom.errorbar([mean], [k], xerr=[sd], fmt="o", color="#555555", capsize=4, ms=7)
        self.dot = self.animate(bottom.plot([], [], "D", ms=11, color=C["vermillion"])[0])
        self.animate(bottom.plot([ref["M"]], [2], "D", ms=14, mfc="none", mec="#555555", mew=2, ls="none")[0])
        bottom.axvline(ref["M"], **plotting.REFERENCE_STYLE)
        bottom.set_yticks(range(3), ["healthy\n(data)", "T2D\n(data)", "this\nsubject"])
        bottom.set_ylim(-0.6, 2.6)
        bottom.set_xlim(0, 10)
        bottom.set_xlabel(plotting.axis_label("Clamp glucose disposal M", "mg/kg/min"))

    def update(self, glut4, contraction):
        self.last = muscle_run(glut4, contraction)
        self.curve.set_data(INSULIN, self.last["surface"])
        self.dot.set_data([self.last["M"]], [2])

    def data(self):
        return {"insulin (pmol/L)": INSULIN, "surface GLUT4, this muscle (%)": self.last["surface"],
                "surface GLUT4, reference at rest (%)": muscle_run(**MUSCLE_REF)["surface"]}


def muscle_readout(glut4, contraction):
    r, ref = muscle_run(glut4, contraction), muscle_run(**MUSCLE_REF)
    return (f"surface GLUT4 {r['s0']:.1f} % without insulin, {r['s600']:.0f} % at clamp insulin (reference "
            f"{ref['s0']:.1f} % and {ref['s600']:.0f} %) · "
            + plotting.format_change("clamp M", r["M"], ref["M"]) + f" ({r['M']:.1f} mg/kg/min)")


def muscle_sentence(glut4, contraction):
    m = muscle_run(glut4, contraction)["M"]
    mean, sd = M_MEASURED["type 2 diabetes"]
    if glut4 < 0.5 and m < mean - sd:
        return ("Muscle answers insulin very weakly: clamp disposal is below even the type 2 diabetes mean "
                "of the clamp study (4.4 mg/kg/min).")
    if glut4 < 0.5:
        return "Muscle answers insulin weakly: clamp disposal is in the range measured in type 2 diabetes."
    if glut4 < 1:
        return "Muscle answers insulin less than the reference; the contraction route still works."
    if glut4 == 1:
        return "The reference muscle, as in the healthy people of the clamp study."
    return "Muscle answers insulin more strongly than the reference, as after training."


def muscle_table(glut4, contraction):
    r, ref = muscle_run(glut4, contraction), muscle_run(**MUSCLE_REF)
    return {"quantity": ["surface GLUT4, no insulin (%)", "surface GLUT4, clamp insulin (%)",
                         "clamp disposal M (mg/kg/min)"],
            "this muscle": [f"{r['s0']:.1f}", f"{r['s600']:.0f}", f"{r['M']:.1f}"],
            "reference at rest": [f"{ref['s0']:.1f}", f"{ref['s600']:.0f}", f"{ref['M']:.1f}"]}


def muscle_explorer(mode=None):
    return explorer(
        MuscleView(), [Range.knob("glut4", GRIDS["muscle"]["glut4"]),
                       Switch("contraction", label="Contraction", labels=("rest", "exercising"))],
        title="Muscle: GLUT4 at the cell surface and clamp glucose disposal",
        name="muscle-glut4", reference=MUSCLE_REF,
        readout=muscle_readout, sentence=muscle_sentence, table=muscle_table,
        presets={"insulin-resistant muscle": _preset("muscle_t2d_clamp", ["glut4"], contraction=False),
                 "insulin-resistant muscle, exercising": _preset("muscle_t2d_clamp", ["glut4"], contraction=True),
                 "trained muscle": _preset("exercise_trained", ["glut4"], contraction=False)},
        model_card={**glut4_model.MODEL_CARD,
                    "whole body": meal.MODEL_CARD["model"] + "; steady-state clamp at 600 pmol/L, 90 mg/dL",
                    "data": "DeFronzo et al. 1985 (J Clin Invest 76:149): M 7.04 ± 0.63 (controls) and "
                            "4.37 ± 0.45 mg/kg/min (type 2 diabetes) [abstract]"},
        alt="Top: share of GLUT4 at the muscle cell surface against plasma insulin, this muscle with the "
            "reference at rest dashed grey. Bottom: clamp glucose disposal of this subject (diamond; the "
            "reference an open diamond) beside the measured means of healthy people and people with type 2 "
            "diabetes",
        mode=mode)


def fasting_table(gains=(0.35, 0.5, 1.0, 1.5)):
    """Clamp M and the fasting state of the meal model's normal subject at several GLUT4 settings."""
    rows = []
    for g in gains:
        f = meal.fasting_state("normal", {"glut4": g})
        i_uu = units.pmol_to_uU(f.I)
        rows.append([f"{g:.2f}", f"{meal.clamp(knobs={'glut4': g}):.1f}", f"{f.G:.1f}", f"{i_uu:.1f}",
                     f"{indices.homa_ir(f.G, i_uu):.2f}"])
    return _html_table(["GLUT4 translocation (× reference)", "clamp M (mg/kg/min)", "fasting glucose (mg/dL)",
                        "fasting insulin (µU/mL)", "HOMA-IR"], rows,
                       "Meal model, normal subject: clamp and fasting steady state by GLUT4 translocation")


# ================================================================== academic/tissues.md: one meal, every tissue

T_TISSUES = 300.0                 # min after the 78-g meal
TISSUE_KNOBS = ["glut4", "hepatic_output", "adiponectin"]
TISSUES_REF = {"glut4": 1.0, "hepatic_output": 1.0, "adiponectin": 1.0}


@lru_cache(maxsize=256)
def tissues_run(glut4, hepatic_output, adiponectin):
    """Grams of glucose moved in the 5 h after a 78-g meal, and what the tissue table shows."""
    knobs = {"glut4": glut4, "hepatic_output": hepatic_output, "adiponectin": adiponectin}
    r = meal.simulate("normal", knobs, meals=[(0, 78)], t_end=T_TISSUES)
    m = meal.clamp(knobs=knobs)
    return {**meal.tissue_grams(r), "G_fast": r.fasting.G, "G_peak": float(r.G.max()), "I_fast": r.fasting.I,
            "I_peak": float(r.I.max()), "M": m, "nefa_suppression": lipolysis.after_meal(r).suppression,
            "flow": links.endothelium_from_clamp(m, meal.clamp())}


POS = {"blood": (5.0, 5.0), "gut": (5.0, 9.4), "liver": (1.2, 7.6), "muscle": (8.8, 7.6),
       "adipose": (8.8, 2.4), "brain": (1.2, 2.4)}
INTO = ("gut", "liver")
COLOURS = {"gut": C["orange"], "liver": C["vermillion"], "muscle": C["blue"], "adipose": C["purple"],
           "brain": C["green"]}
NAMES = {"gut": "meal (gut)", "liver": "liver output", "muscle": "muscle", "adipose": "adipose",
         "brain": "brain & nerves"}


def _arrow(name, grams, **style):
    a, b = (POS[name], POS["blood"]) if name in INTO else (POS["blood"], POS[name])
    a = np.add(a, (0.18 if name in INTO else 0.30) * np.subtract(b, a))
    b = np.add(b, (0.30 if name in INTO else 0.18) * np.subtract(a, b))
    tw = max(0.32 * grams, 0.8)
    return FancyArrowPatch(tuple(a), tuple(b), mutation_scale=1, shrinkA=0, shrinkB=0,
                           arrowstyle=f"simple,tail_width={tw:.2f},head_width={tw + 9:.2f},head_length=11",
                           **style)


class TissueView(View):
    """A body diagram: arrow widths are grams of glucose moved over 5 h; the reference as dashed outlines on top.

    Nothing is blitted: the arrows are new patches each time, so the figure is redrawn whole (≈ 30 ms)."""

    width_px, height_px = WIDTH, 440
    margins = {"left": 0.02, "right": 0.98, "bottom": 0.02, "top": 0.93}

    def setup(self, fig):
        ax = self.ax = fig.add_subplot()
        ax.set_xlim(-0.6, 10.6)
        ax.set_ylim(0.6, 10.4)
        ax.set_axis_off()
        ax.set_title("Glucose moved in the 5 h after a 78-g meal (g)", fontsize=13)
        ref = tissues_run(**TISSUES_REF)
        for name in COLOURS:       # the reference: dashed outlines above the coloured arrows
            ax.add_patch(_arrow(name, ref[name], fill=False, ec="#444444", ls="--", lw=1.6, zorder=4))
        ax.add_patch(Circle(POS["blood"], 1.05, color="#F3D6D6", ec="#A64500", zorder=2))
        self.blood = ax.text(*POS["blood"], "", ha="center", va="center", fontsize=11, zorder=5)
        self.labels = {n: ax.text(*POS[n], "", ha="center", va="center", fontsize=11, zorder=5,
                                  bbox=dict(boxstyle="round,pad=0.25", fc="white", ec=COLOURS[n]))
                       for n in COLOURS}
        ax.text(10.6, 0.6, "dashed outline: healthy reference", ha="right", va="bottom", fontsize=11,
                color="#444444")
        self.arrows = []

    def update(self, glut4, hepatic_output, adiponectin):
        self.last = cur = tissues_run(glut4, hepatic_output, adiponectin)
        for a in self.arrows:
            a.remove()
        self.arrows = [self.ax.add_patch(_arrow(n, cur[n], color=COLOURS[n], alpha=0.85, zorder=3))
                       for n in COLOURS]
        for n, t in self.labels.items():
            t.set_text(f"{NAMES[n]}\n{cur[n]:.0f} g")
        self.blood.set_text(f"blood\npeak\n{cur['G_peak']:.0f} mg/dL")

    def data(self):
        ref = tissues_run(**TISSUES_REF)
        return {"place": list(NAMES.values()), "glucose moved, this person (g)": [self.last[n] for n in NAMES],
                "glucose moved, reference (g)": [ref[n] for n in NAMES]}


def tissues_table(glut4, hepatic_output, adiponectin):
    """The source's tissue table, computed: one row per tissue, this person beside the reference."""
    rows = []
    for r in (tissues_run(glut4, hepatic_output, adiponectin), tissues_run(**TISSUES_REF)):
        rows.append([f"takes up {r['muscle']:.0f} g; clamp disposal {r['M']:.1f} mg/kg/min",
                     f"releases {r['liver']:.0f} g; fasting glucose {r['G_fast']:.0f} mg/dL",
                     f"takes up {r['adipose']:.1f} g; fatty acids fall {100 * r['nefa_suppression']:.0f} % "
                     "after the meal",
                     f"blood-volume rise at clamp insulin {_signed(100 * r['flow'])} % (empirical link)"])
    return {"tissue": ["Skeletal muscle", "Liver", "Adipose tissue", "Endothelium"],
            "this person": rows[0], "healthy reference": rows[1]}


def tissues_readout(glut4, hepatic_output, adiponectin):
    c, r = tissues_run(glut4, hepatic_output, adiponectin), tissues_run(**TISSUES_REF)
    return " · ".join(plotting.format_change(name, c[k], r[k]) for name, k in
                      [("muscle uptake", "muscle"), ("liver output", "liver"), ("peak insulin", "I_peak"),
                       ("fasting insulin", "I_fast")])


def tissues_sentence(glut4, hepatic_output, adiponectin):
    c, r = tissues_run(glut4, hepatic_output, adiponectin), tissues_run(**TISSUES_REF)
    if indices.ada_category(fpg_mgdl=c["G_fast"]).category != "normal":
        return "The liver pushes fasting glucose into the prediabetes range, even though muscle still works."
    if c["I_peak"] > 1.15 * r["I_peak"]:
        return "The pancreas needs clearly more insulin to handle the same meal."
    if c["I_peak"] < 0.9 * r["I_peak"]:
        return "The same meal is handled with less insulin than the reference needs."
    return "The meal is handled much as in the healthy reference."


def tissues_explorer(mode=None):
    g = GRIDS["tissues"]
    return explorer(
        TissueView(), [Range.knob(k, g[k]) for k in TISSUE_KNOBS],
        title="One meal through every tissue: grams of glucose in and out of the blood",
        name="tissues", reference=TISSUES_REF,
        readout=tissues_readout, sentence=tissues_sentence, table=tissues_table,
        presets={"healthy (reference)": _preset("healthy", TISSUE_KNOBS),
                 "insulin resistant (muscle and fat)": _preset("insulin_resistant", TISSUE_KNOBS),
                 "high basal liver output": _preset("liver_high", TISSUE_KNOBS),
                 "metformin": _preset("metformin_healthy", TISSUE_KNOBS),
                 "trained, lean": _preset("very_sensitive", TISSUE_KNOBS)},
        model_card={**meal.MODEL_CARD,
                    "tissue split": "insulin-independent use = brain and nerves; insulin-dependent use split "
                                    "94 % muscle / 6 % adipose [book, after DeFronzo 2004]; liver = endogenous "
                                    "glucose production (the kidney's share is included)",
                    "adipose fatty acids": lipolysis.MODEL_CARD["model"] + " (insulin-driven input, book)",
                    "endothelium": links.BADGE + " " + links.LINKS["endothelium_no"].assumption},
        alt="Body diagram: arrows from the gut and the liver into the blood and from the blood into muscle, "
            "adipose tissue and the brain, their widths the grams of glucose moved in the 5 hours after a meal, "
            "with the healthy reference as dashed outlines on top",
        mode=mode)


# ================================================================== academic/organs.md: liver

PAPER_MEAL = [(0, 105.9)]                 # paper-figure mode, 1.36 g/kg at 78 kg
LIVER_REF = {"hepatic_output": 1.0, "glut4": 1.0}


@lru_cache(maxsize=64)
def liver_run(hepatic_output, glut4):
    """The paper-figure meal (105.9 g): glucose and liver output, fasting values and the suppression of EGP."""
    r = meal.simulate("normal", {"hepatic_output": hepatic_output, "glut4": glut4}, meals=PAPER_MEAL, t_end=300)
    return {"t": r.t, "G": r.G, "EGP": r.EGP, "G0": r.fasting.G, "EGP0": r.fasting.EGP,
            "suppression": 1 - r.EGP.min() / r.fasting.EGP, "G_peak": float(r.G.max())}


def liver_readout(hepatic_output, glut4):
    r, ref = liver_run(hepatic_output, glut4), liver_run(**LIVER_REF)
    return (f"fasting glucose {r['G0']:.0f} mg/dL (reference {ref['G0']:.0f}) · "
            f"fasting liver output {r['EGP0']:.2f} mg/kg/min (reference {ref['EGP0']:.2f}) · "
            f"suppressed by {100 * r['suppression']:.0f} % after the meal (reference "
            f"{100 * ref['suppression']:.0f} %) · " + plotting.format_change("peak glucose", r["G_peak"], ref["G_peak"]))


def liver_sentence(hepatic_output, glut4):
    cat = indices.ada_category(fpg_mgdl=liver_run(hepatic_output, glut4)["G0"])
    if cat.category != "normal":
        return f"Fasting glucose is in the {cat.category} range: the liver's output sets the fasting level."
    if hepatic_output < 1:
        return "A quieter liver: lower fasting glucose and output, as with metformin."
    return "Fasting glucose stays normal."


def liver_explorer(mode=None):
    g = GRIDS["liver"]
    fig1 = {q: data.dallaman2007_fig1(q) for q in ("G", "EGP")}
    view = _Course(lambda **p: liver_run(**p), LIVER_REF,
                   [Panel("G", "Glucose", "mg/dL", (60, 240), data=(*fig1["G"], "measured, n = 204")),
                    Panel("EGP", "Liver output", "mg/kg/min", (0, 3.6), data=(*fig1["EGP"], "measured, n = 204"))],
                   xlim=(0, 300), xlabel="Time after the meal", height_px=520, label="this liver")
    knobs = ["hepatic_output", "glut4"]
    return explorer(
        view, [Range.knob("hepatic_output", g["hepatic_output"]), Range.knob("glut4", g["glut4"])],
        title="The liver after a meal: glucose and the liver's glucose output",
        name="liver", reference=LIVER_REF, readout=liver_readout, sentence=liver_sentence,
        presets={"metformin": _preset("metformin_healthy", knobs),
                 "high basal liver output": _preset("liver_high", knobs),
                 "muscle-led insulin resistance": _preset("glut4_half", knobs)},
        model_card={**meal.MODEL_CARD, "meal": "105.9 g glucose at 78 kg (paper-figure mode); measured "
                    "means ± SD of Dalla Man et al. 2007 Fig. 1 (digitised)"},
        alt="Two panels against time after a meal: plasma glucose and the liver's glucose output, the "
            "reference dashed grey on top and the measured means of 204 adults as grey dots",
        mode=mode)


# ------------------------------------------------------------------ liver fat: an empirical index

LIVER_FAT_SETTINGS = {"healthy reference": {}, "liver output 1.5": {"hepatic_output": 1.5},
                      "GLUT4 0.5": {"glut4": 0.5}, "GLUT4 0.5, adiponectin 0.5": {"glut4": 0.5, "adiponectin": 0.5},
                      "metformin (liver output 0.76)": {"hepatic_output": 0.76}}


@lru_cache(maxsize=16)
def _day(items):
    r = meal.day("normal", dict(items))
    return r, lipolysis.after_meal(r)


def liver_fat_run(**knobs):
    """Daily-mean NEFA and insulin (the lipogenesis proxy) relative to the healthy day, and the index."""
    (r, n), (r0, n0) = _day(tuple(sorted(knobs.items()))), _day(())
    nefa_rel = links.liver.daily_mean_ratio(r.t, n.NEFA, r0.t, n0.NEFA)
    dnl_rel = links.liver.daily_mean_ratio(r.t, r.I, r0.t, r0.I)
    return {"nefa_rel": nefa_rel, "dnl_rel": dnl_rel, "index": links.liver_fat_index(nefa_rel, dnl_rel, 1.0)}


def liver_fat_table():
    rows = [[name, *(f"{liver_fat_run(**k)[c]:.2f}" for c in ("nefa_rel", "dnl_rel", "index"))]
            for name, k in LIVER_FAT_SETTINGS.items()]
    return _html_table(["setting", "NEFA (× reference)", "lipogenesis (× reference)", "liver-fat index"], rows,
                       "Liver-fat index over a day of three meals. " + links.BADGE)


# ------------------------------------------------------------------ adipose tissue

ADIPOSE_REF = {"adiponectin": 1.0, "fat_tissue": "healthy"}


@lru_cache(maxsize=64)
def adipose_run(adiponectin, fat_tissue):
    """A 78-g meal's insulin into the NEFA model (:func:`metabolism.lipolysis.after_meal`)."""
    r = meal.simulate("normal", {"adiponectin": adiponectin}, t_end=360)
    n = lipolysis.after_meal(r, params=FAT_SETS[fat_tissue])
    return {"t": r.t, "I": r.I, "NEFA": n.NEFA, "I0": r.fasting.I, "fasting": n.fasting,
            "suppression": n.suppression}


def adipose_readout(adiponectin, fat_tissue):
    r, ref = adipose_run(adiponectin, fat_tissue), adipose_run(**ADIPOSE_REF)
    return (f"adiponectin {10 * adiponectin:g} µg/mL · "
            + plotting.format_change("fasting insulin", r["I0"], ref["I0"]) + " · "
            f"fasting NEFA {r['fasting']:.0f} µmol/L (reference {ref['fasting']:.0f}) · "
            f"NEFA suppressed {100 * r['suppression']:.0f} % (reference {100 * ref['suppression']:.0f} %)")


def adipose_sentence(adiponectin, fat_tissue):
    if fat_tissue != "healthy":
        return "Fat that resists insulin: more fatty acids before the meal and a weaker fall after it."
    if adiponectin < 1:
        return "Less adiponectin (assumed effect): more insulin is needed for the same meal."
    return "Healthy fat: insulin switches fatty-acid release down after the meal."


def adipose_explorer(mode=None):
    g = GRIDS["adipose"]
    view = _Course(lambda **p: adipose_run(**p), ADIPOSE_REF,
                   [Panel("I", "Insulin", "pmol/L", (0, 450)), Panel("NEFA", "NEFA", "µmol/L", (0, 650))],
                   xlim=(0, 360), xlabel="Time after a 78-g meal", height_px=520)
    return explorer(
        view, [Range.knob("adiponectin", g["adiponectin"]), Choice("fat_tissue", g["fat_tissue"], label="Fat-tissue set")],
        title="Adipose tissue: insulin's brake on fatty-acid release",
        name="adipose", reference=ADIPOSE_REF, readout=adipose_readout, sentence=adipose_sentence,
        presets={"insulin-resistant fat": _preset("adiponectin_half", ["adiponectin"],
                                                  fat_tissue="metabolic syndrome")},
        model_card={**lipolysis.MODEL_CARD,
                    "coupling": "lipolysis.after_meal: basal insulin = the healthy reference subject's fasting "
                                "insulin for every setting [book]",
                    "adiponectin": "assumed gain a**0.5 on muscle and liver insulin action [book]; "
                                   "Empirical link, not a fitted model"},
        alt="Two panels against time after a meal: plasma insulin, and plasma fatty acids falling after "
            "the meal and recovering, the healthy reference dashed grey on top",
        mode=mode)


# ------------------------------------------------------------------ endothelium

INS = np.linspace(0, 1200, 121)
ENDO_REF = {"sensitivity": 1.0}


def endothelium_run(sensitivity):
    """Capillary blood-volume rise (%) against insulin, at clamp insulin, and the half-maximal insulin."""
    return {"rise": 100 * links.microvascular_response(INS, sensitivity),
            "clamp": 100 * links.microvascular_response(600.0, sensitivity),
            "ec50": links.microvascular_ec50(sensitivity)}


class FlowView(View):
    width_px, height_px = WIDTH, 400
    margins = {"left": 0.15, "right": 0.96, "bottom": 0.14, "top": 0.96}

    def setup(self, fig):
        ax = fig.add_subplot()
        self.line = self.animate(ax.plot([], [], color=C["blue"], lw=2.5, label="this subject")[0])
        self.animate(ax.plot(INS, endothelium_run(1.0)["rise"], label="lean reference", **REF_ON_TOP)[0])
        ax.errorbar([600, 600], [34, -8], fmt="s", color="#555555", ms=7, label="measured (lean, obese)")
        ax.axhline(0, color="#555555", lw=0.8)
        ax.set_xlim(0, 1200)
        ax.set_ylim(-15, 60)
        ax.set_xlabel(plotting.axis_label("Plasma insulin", "pmol/L"))
        ax.set_ylabel(plotting.axis_label("Capillary blood volume rise", "%"))
        ax.legend(loc="upper left", fontsize=LEGEND)

    def update(self, sensitivity):
        self.last = endothelium_run(sensitivity)
        self.line.set_data(INS, self.last["rise"])

    def data(self):
        return {"insulin (pmol/L)": INS, "blood-volume rise, this subject (%)": self.last["rise"],
                "blood-volume rise, lean reference (%)": endothelium_run(1.0)["rise"]}


def endothelium_explorer(mode=None):
    return explorer(
        FlowView(), [Range("sensitivity", GRIDS["endothelium"]["sensitivity"], label="Clamp sensitivity",
                           unit="× lean")],
        title="Endothelium: insulin opens the small vessels of muscle",
        name="endothelium", reference=ENDO_REF,
        readout=lambda sensitivity: (f"rise at clamp insulin {_signed(endothelium_run(sensitivity)['clamp'])} % "
                                     f"(lean +34 %) · half-maximal at {endothelium_run(sensitivity)['ec50']:.0f} "
                                     "pmol/L"),
        sentence=lambda sensitivity: ("No recruitment: the obese group of the study."
                                      if sensitivity <= 0.52 else "Insulin opens the small vessels."),
        presets={"obese group of the study": {"sensitivity": 0.52}},
        model_card={"model": links.LINKS["endothelium_no"].title, "badge": links.BADGE,
                    "citation": "Clerk et al. 2006, Diabetes 55:1436 [abstract]; Laakso & Baron 1990 (right shift)",
                    "valid": "steady state at clamp insulin; sensitivity 0.2–2 × lean",
                    "leaves_out": links.LINKS["endothelium_no"].assumption},
        alt="Rise of capillary blood volume in muscle against plasma insulin, this subject with the lean "
            "reference dashed grey on top, and the measured lean and obese values at clamp insulin",
        mode=mode)


# ================================================================== academic/measuring.md: the tests side by side

TESTS = ["Clamp M", "IVGTT S_I", "OGTT Matsuda", "1 / HOMA-IR", "QUICKI"]
TICKS = {"IVGTT S_I": "IVGTT $S_I$"}
MEASURE_REF = {"glut4": 1.0, "hepatic_output": 1.0}


@lru_cache(maxsize=64)
def measure(glut4, hepatic_output):
    """:func:`metabolism.minimal.sensitivity_tests` of the normal subject, as the bars' values."""
    s = minimal.sensitivity_tests("normal", {"glut4": glut4, "hepatic_output": hepatic_output})
    si = s.ivgtt_SI * 1e4 if s.ivgtt_SI is not None else float("nan")
    return {"Clamp M": s.clamp_M, "IVGTT S_I": si, "OGTT Matsuda": s.matsuda, "1 / HOMA-IR": 1 / s.homa_ir,
            "QUICKI": s.quicki, "HOMA-IR": s.homa_ir, "G0": s.fasting_glucose, "I0": s.fasting_insulin,
            "G2h": s.ogtt_glucose_2h, "why": s.ivgtt_note}


def _shown(m, k):
    return {"Clamp M": f"{m[k]:.1f} mg/kg/min", "IVGTT S_I": f"{m[k]:.1f}×10⁻⁴",
            "OGTT Matsuda": f"{m[k]:.1f}", "1 / HOMA-IR": f"HOMA-IR {m['HOMA-IR']:.2f}",
            "QUICKI": f"{m[k]:.3f}"}[k]


class TestsView(View):
    """Five bars, each test relative to the healthy reference; the reference bars dashed on top."""

    width_px, height_px = WIDTH, 430
    margins = {"left": 0.25, "right": 0.97, "bottom": 0.14, "top": 0.97}

    def setup(self, fig):
        ax = self.ax = fig.add_subplot()
        y = np.arange(len(TESTS))[::-1]
        self.bars = ax.barh(y, [0] * len(TESTS), height=0.55, label="this person",
                            color=[C[c] for c in ("blue", "sky_blue", "green", "orange", "vermillion")])
        ref = ax.barh(y, [100] * len(TESTS), height=0.7, color="none", edgecolor="#444444", ls="--", lw=1.5,
                      label="reference", zorder=4)
        self.texts = [ax.text(0, yy, "", va="center", fontsize=11) for yy in y]
        self.animate(*self.bars, *ref, *self.texts)
        ax.set_yticks(y, [TICKS.get(k, k) for k in TESTS])
        ax.set_xlim(0, 260)
        ax.set_ylim(-0.6, len(TESTS) - 0.4)
        ax.set_xlabel(plotting.axis_label("Sensitivity relative to the healthy reference (dashed)", "%"))

    def update(self, glut4, hepatic_output):
        self.last = m = measure(glut4, hepatic_output)
        r = measure(**MEASURE_REF)
        for bar, text, k in zip(self.bars, self.texts, TESTS):
            v = 100 * m[k] / r[k]
            y = bar.get_y() + bar.get_height() / 2
            if not np.isfinite(v):
                bar.set_width(0)
                text.set_position((4, y))
                text.set_text(f"{m['why']} (see below)")
                continue
            bar.set_width(min(v, 260))
            text.set_position((max(min(v, 200), 100) + 4, y))
            text.set_text(f"{v:.0f} % ({_shown(m, k)})")

    def data(self):
        r = measure(**MEASURE_REF)
        return {"test": TESTS, "this person": [self.last[k] for k in TESTS],
                "reference": [r[k] for k in TESTS]}


def measuring_table(glut4, hepatic_output):
    m, r = measure(glut4, hepatic_output), measure(**MEASURE_REF)
    rows = [[k.replace("S_I", "SI"), _shown(m, k) if np.isfinite(m[k]) else m["why"], _shown(r, k),
             f"{100 * m[k] / r[k]:.0f} %" if np.isfinite(m[k]) else "–"] for k in TESTS]
    rows.append(["fasting glucose (mg/dL)", f"{m['G0']:.0f}", f"{r['G0']:.0f}", ""])
    rows.append(["OGTT 2-h glucose (mg/dL)", f"{m['G2h']:.0f}", f"{r['G2h']:.0f}", ""])
    return {"columns": ["test", "this person", "reference", "bar (% of reference)"], "rows": rows}


def measuring_readout(glut4, hepatic_output):
    m, r = measure(glut4, hepatic_output), measure(**MEASURE_REF)
    return " · ".join(plotting.format_change(k.replace("S_I", "SI"), m[k], r[k]) if np.isfinite(m[k])
                      else f"IVGTT SI: {m['why']}" for k in TESTS) + \
        f" · fasting glucose {m['G0']:.0f} mg/dL, OGTT 2-h glucose {m['G2h']:.0f} mg/dL"


def measuring_sentence(glut4, hepatic_output):
    m, r = measure(glut4, hepatic_output), measure(**MEASURE_REF)
    clamp, homa = m["Clamp M"] / r["Clamp M"], m["1 / HOMA-IR"] / r["1 / HOMA-IR"]
    if abs(clamp - 1) < 0.03 and homa < 0.9:
        return "The model's clamp cannot see a high basal liver output; the fasting indices can."
    if abs(clamp - 1) < 0.03 and homa > 1.1:
        return "The clamp sees no change; the fasting indices see the quieter liver."
    if (clamp - 1) * (homa - 1) < 0 and abs(homa - 1) > 0.1:
        return "The tests disagree: the clamp follows the muscle, the fasting indices follow the liver."
    if clamp < 0.9 and m["G0"] < 100:
        return "Muscle-led: the clamp and the glucose-load tests see it, while fasting glucose stays normal."
    if clamp < 0.9:
        return "Every test sees insulin resistance, and fasting glucose is raised."
    if clamp > 1.1:
        return "Every test agrees this person is more sensitive, but by different amounts."
    return "The tests roughly agree."


def measuring_explorer(mode=None):
    g = GRIDS["measuring"]
    knobs = ["glut4", "hepatic_output"]
    return explorer(
        TestsView(), [Range.knob(k, g[k]) for k in knobs],
        title="One person, five measures of insulin sensitivity",
        name="measuring", reference=MEASURE_REF,
        readout=measuring_readout, sentence=measuring_sentence, table=measuring_table,
        presets={"healthy (reference)": _preset("healthy", knobs),
                 "muscle-led insulin resistance": _preset("glut4_half", knobs),
                 "high basal liver output": _preset("liver_high", knobs),
                 "both": _preset("muscle_and_liver", knobs)},
        model_card={**meal.MODEL_CARD,
                    "tests": "minimal.sensitivity_tests: clamp at 600 pmol/L and 90 mg/dL; IVGTT 0.3 g/kg into "
                             "plasma glucose, no tolbutamide, minimal-model glucose equation fitted 8–180 min; "
                             "OGTT 75 g through the meal model (a proxy: it was fitted to mixed meals); HOMA-IR "
                             "and QUICKI from the fasting steady state (insulin 6.00 pmol/L per µU/mL)",
                    "minimal model": minimal.MODEL_CARD.get("citation", "Bergman et al. 1979")},
        alt="Five horizontal bars, one per test of insulin sensitivity (clamp, IVGTT, OGTT Matsuda, inverse "
            "HOMA-IR, QUICKI), each as a percentage of the healthy reference, with dashed reference bars on top",
        mode=mode)
