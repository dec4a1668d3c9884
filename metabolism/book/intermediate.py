"""The Intermediate part's explorers: compute, view, readout, sentence and table of each, in one place.

``chapters/intermediate.md`` and its section pages (``hormones``, ``pathways``, ``long-term``) call one function
per explorer; ``tests/test_chapter_intermediate.py`` imports the same ``*_run`` functions to check the pages'
"Try this" numbers, so prose, explorer and tests use one computation.

=======================  ===============================  =================================================
page                     explorer                         model
=======================  ===============================  =================================================
intermediate             :func:`recalibration_explorer`   meal model, a day of three meals (08, 12, 20 h)
intermediate/hormones    :func:`hormones_explorer`        meal insulin into the sex-hormone links
intermediate/pathways    :func:`pathways_explorer`        meal model day: exercise, carbohydrate, metformin
intermediate/long-term   :func:`timing_explorer`          Ha, Satin & Sherman 2016 over five years
=======================  ===============================  =================================================

Days of meals are :func:`metabolism.meal.day` (meals of :data:`metabolism.scenarios.DAY_MEALS`, t = 0 at 06:00),
so clock time is 6 + t/60 h. Figures are 520 CSS px wide with text of at least 11 pt. Knob controls take their
names from :mod:`metabolism.knobs`; presets take their knob settings from :mod:`metabolism.scenarios`. The
reference curves (healthy subject, untreated person) are drawn *above* the current curve, thin and dashed, so
they stay visible when the two coincide.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from .. import indices, links, meal, plotting, progression, units
from ..explorer import Choice, Range, Switch, View, explorer
from ..scenarios import BODY_WEIGHT, DAY_MEALS, knob_settings, preset

__all__ = ["GRIDS", "recalibration_run", "recalibration_explorer", "hormones_run", "hormones_explorer",
           "hormone_summary", "pathways_run", "pathways_explorer", "pathways_table", "timing_run",
           "timing_explorer", "timing_summary", "untreated_glucose", "a1c_lines", "Table", "table"]

C = plotting.PALETTE
WIDTH = 520          #: CSS px of every figure here (11-pt text reads at >= 10 px in a 358-px column)
LEGEND = 11          #: smallest font size, pt
CLOCK_TICKS = ([6, 8, 12, 16, 20, 24, 28], ["06", "08", "12", "16", "20", "24", "04"])

IR = knob_settings("insulin_resistant", ["glut4", "adiponectin"])      # GLUT4 and adiponectin halved
HEALTHY = knob_settings("healthy", ["glut4", "adiponectin"])
METFORMIN_H = knob_settings("metformin", ["hepatic_output"], subject="t2d")["hepatic_output"]   # 0.76
TRAINED_GLUT4 = knob_settings("exercise_trained", ["glut4"])["glut4"]  # ×1.25, the book's trained muscle
PAPER_SI = progression.SCENARIOS["early"]["target_si"]                 # 0.468, Ha 2016's recovery target

#: the control grids: every numeric grid evenly spaced except hormones' GLUT4 (its value is always shown)
GRIDS = {
    "recalibration": {"glut4": [0.5, 0.75, 1.0, 1.25], "adiponectin": [0.5, 0.75, 1.0, 1.25, 1.5],
                      "hepatic_output": [round(METFORMIN_H + 0.06 * k, 2) for k in range(5)]},   # 0.76 … 1
    "hormones": {"glut4": [0.4, 0.5, 0.75, 1.0, 1.25, 1.5], "adiponectin": [0.5, 1.0, 1.5],
                 "fat_mass": [1.0, 2.0, 3.0]},
    "pathways": {"person": ["insulin resistant", "type 2 diabetes"],
                 "exercise": ["none", "one bout", "trained + bout"], "carbs": [50, 75, 100]},
    "timing": {"start": list(range(300, 1501, 50)),
               "kind": [f"sensitivity {PAPER_SI:g}", "sensitivity 0.3", "surgery"]},
}



def _clock(ax):
    ax.set_xlim(6, 30)
    ax.set_xticks(*CLOCK_TICKS)
    ax.set_xlabel(plotting.axis_label("Clock time", "h"))


def _above(view, ax, x, y, **style):
    """A reference curve drawn above the animated current curve (an animated artist, set once)."""
    kw = {**plotting.REFERENCE_STYLE, "alpha": 0.95, "linewidth": 1.6, **style}
    line = view.animate(ax.plot(x, y, **kw)[0])
    return line


# ================================================================== page 1: systemic recalibration

RECAL_REF = {**IR, "hepatic_output": 1.0}


@lru_cache(maxsize=256)
def recalibration_run(glut4=1.0, adiponectin=1.0, hepatic_output=1.0):
    """One day of meals (:func:`metabolism.meal.day`, normal subject): clock time (h), glucose (mg/dL),
    insulin (pmol/L), fasting values, the highest insulin and the insulin secreted over the day (U)."""
    r = meal.day("normal", {"glut4": glut4, "adiponectin": adiponectin, "hepatic_output": hepatic_output})
    return {"t": 6 + r.t / 60, "G": r.G, "I": r.I, "G0": r.fasting.G, "I0": r.fasting.I,
            "Ipeak": r.I.max(), "U": r.insulin_secreted_U}


class RecalibrationView(View):
    """Glucose and insulin over a day: your settings, the insulin-resistant start and the healthy subject."""

    width_px, height_px = WIDTH, 540
    margins = {"left": 0.16, "right": 0.97, "bottom": 0.1, "top": 0.9, "hspace": 0.12}

    def setup(self, fig):
        self.healthy, self.start = recalibration_run(), recalibration_run(**RECAL_REF)
        axes = fig.subplots(2, 1, sharex=True)
        self.lines = []
        for ax, key, qty, unit, lim in [(axes[0], "G", "Plasma glucose", "mg/dL", (60, 200)),
                                        (axes[1], "I", "Plasma insulin", "pmol/L", (0, 450))]:
            self.lines.append(self.animate(ax.plot([], [], color=C["blue"], lw=2.6, label="your settings")[0]))
            _above(self, ax, self.start["t"], self.start[key], color=C["orange"], linestyle=":", linewidth=2.2,
                   label="insulin-resistant start")
            _above(self, ax, self.healthy["t"], self.healthy[key], label="healthy")
            ax.set_ylim(*lim)
            ax.set_ylabel(plotting.axis_label(qty, unit))
            for t_meal, _ in DAY_MEALS:
                ax.axvline(6 + t_meal / 60, color="#888888", lw=1, ls=":", zorder=0.5)
        _clock(axes[1])
        axes[0].legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=2, fontsize=LEGEND, frameon=False)
        fig.align_ylabels(axes)

    def update(self, glut4, adiponectin, hepatic_output):
        self.last = recalibration_run(glut4, adiponectin, hepatic_output)
        for line, key in zip(self.lines, ("G", "I")):
            line.set_data(self.last["t"], self.last[key])

    def data(self):
        cols = {"clock time (h)": self.last["t"]}
        for key, name in (("G", "glucose (mg/dL)"), ("I", "insulin (pmol/L)")):
            cols[name] = self.last[key]
            cols["insulin-resistant start " + name] = self.start[key]
            cols["healthy " + name] = self.healthy[key]
        return cols


def recalibration_readout(glut4, adiponectin, hepatic_output):
    d, s, h = recalibration_run(glut4, adiponectin, hepatic_output), recalibration_run(**RECAL_REF), recalibration_run()
    return (f"fasting insulin {d['I0']:.0f} pmol/L ({plotting.format_change('', d['I0'], s['I0']).strip()} vs "
            f"start; healthy {h['I0']:.0f}) · insulin released over the day {d['U']:.0f} U (start {s['U']:.0f}, "
            f"healthy {h['U']:.0f}) · highest insulin {d['Ipeak']:.0f} pmol/L (start {s['Ipeak']:.0f}) · "
            f"fasting glucose {d['G0']:.0f} mg/dL")


def recalibration_sentence(glut4, adiponectin, hepatic_output):
    d, s, h = recalibration_run(glut4, adiponectin, hepatic_output), recalibration_run(**RECAL_REF), recalibration_run()
    gap = (d["U"] - h["U"]) / (s["U"] - h["U"])
    if d["U"] <= h["U"] * 1.02:
        return "The pancreas now works no harder than the healthy subject's: the compensation is gone."
    if gap < 0.5:
        return "Most of the pancreas's extra work has gone: the same meals now need far less insulin."
    if gap < 0.98:
        return "Some of the extra insulin is no longer needed, but the pancreas still works overtime."
    return "The pancreas still releases the extra insulin that insulin resistance demands."


def recalibration_table(glut4, adiponectin, hepatic_output):
    rows = [("insulin-resistant start", recalibration_run(**RECAL_REF)), ("healthy subject", recalibration_run()),
            ("your settings", recalibration_run(glut4, adiponectin, hepatic_output))]
    h = rows[1][1]
    pct = lambda d, k: plotting.format_change("", d[k], h[k]).strip()   # noqa: E731
    return [{"day of": name, "fasting insulin (pmol/L)": f"{d['I0']:.0f} ({pct(d, 'I0')})",
             "fasting glucose (mg/dL)": f"{d['G0']:.0f} ({pct(d, 'G0')})",
             "insulin over the day (U)": f"{d['U']:.0f} ({pct(d, 'U')})"} for name, d in rows]


def recalibration_explorer(mode=None):
    g, knobs = GRIDS["recalibration"], ["glut4", "adiponectin"]
    return explorer(
        RecalibrationView(), [Range.knob(k, g[k]) for k in ("glut4", "adiponectin", "hepatic_output")],
        title="A day of meals: how much insulin the pancreas needs",
        name="recalibration-day", reference=RECAL_REF,
        readout=recalibration_readout, sentence=recalibration_sentence, table=recalibration_table,
        presets={"insulin-resistant start": RECAL_REF,
                 "muscle restored (GLUT4 1)": {**RECAL_REF, "glut4": HEALTHY["glut4"]},
                 "adiponectin restored": {**RECAL_REF, "adiponectin": HEALTHY["adiponectin"]},
                 "metformin only": {**RECAL_REF, "hepatic_output": METFORMIN_H},
                 "healthy": {**knob_settings("healthy", knobs), "hepatic_output": 1.0}},
        model_card={**meal.MODEL_CARD, "knobs": meal.KNOB_NOTE},
        alt="Plasma glucose (top) and plasma insulin (bottom) over one day with meals at 08:00, 12:00 and "
            "20:00, for the chosen knobs, with the insulin-resistant start (orange dotted) and the healthy "
            "subject (grey dashed) drawn on top",
        mode=mode)


def a1c_lines(a1c_values=(5.0, 5.7, 6.5, 8.0)):
    """Rows of A1C (%), estimated average glucose (mg/dL) and the ADA category, for a small HTML table."""
    return [{"A1C (%)": f"{a:.1f}", "average glucose (mg/dL)": f"{indices.eag_mgdl(a):.0f}",
             "ADA category": indices.ada_category(a1c_percent=a).category} for a in a1c_values]


# ================================================================== page 2: hormones

HORMONE_REF = {"glut4": 1.0, "adiponectin": 1.0, "fat_mass": 1.0}     # the healthy reference of the bars
HORMONE_START = {**IR, "fat_mass": 2.0}                               # the explorer opens here


@lru_cache(maxsize=1)
def _reference_insulin():
    r = meal.simulate("normal", {}, t_end=240)
    return np.trapezoid(r.I, r.t), r.fasting.I


@lru_cache(maxsize=128)
def hormones_run(glut4=1.0, adiponectin=1.0, fat_mass=1.0):
    """A 78-g meal's insulin (4 h) into the sex-hormone links: each hormone relative to the healthy reference
    (``women``, ``men``), the meal-insulin and fasting-insulin ratios, and absolute values (``abs``)."""
    r = meal.simulate("normal", {"glut4": glut4, "adiponectin": adiponectin}, t_end=240)
    ref_auc, ref_fast = _reference_insulin()
    auc_rel, fast_rel = np.trapezoid(r.I, r.t) / ref_auc, r.fasting.I / ref_fast
    pcos, typical = links.female_androgens(auc_rel, pcos=True), links.female_androgens(auc_rel, pcos=False)
    pcos0, typical0 = links.female_androgens(1.0, pcos=True), links.female_androgens(1.0, pcos=False)
    man, man0 = links.male_testosterone(fast_rel), links.male_testosterone(1.0)
    e2 = links.estradiol_aromatase(fat_mass, man.free_t_pmolL / man0.free_t_pmolL)   # aromatase sees free T
    return {"auc_rel": auc_rel, "fast_rel": fast_rel,
            "women": {"SHBG": pcos.shbg_nmolL / pcos0.shbg_nmolL,
                      "free T, PCOS ovary": pcos.free_t_pmolL / pcos0.free_t_pmolL,
                      "free T, typical ovary": typical.free_t_pmolL / typical0.free_t_pmolL},
            "men": {"SHBG": man.shbg_nmolL / man0.shbg_nmolL, "total T": man.total_t_nmolL / man0.total_t_nmolL,
                    "free T": man.free_t_pmolL / man0.free_t_pmolL,
                    "oestradiol": e2 / links.estradiol_aromatase(1.0)},
            "abs": {"shbg_pcos": pcos.shbg_nmolL, "free_t_pcos": pcos.free_t_pmolL,
                    "free_t_typical": typical.free_t_pmolL, "shbg_man": man.shbg_nmolL,
                    "tt_man": man.total_t_nmolL, "ft_man": man.free_t_pmolL, "e2": e2},
            "ref_abs": {"free_t_pcos": pcos0.free_t_pmolL, "tt_man": man0.total_t_nmolL,
                        "e2": links.estradiol_aromatase(1.0)}}


class HormoneBars(View):
    """Each hormone as a percentage of the healthy reference: grey reference bars, blue bars for the setting."""

    width_px, height_px = WIDTH, 520
    margins = {"left": 0.34, "right": 0.96, "bottom": 0.11, "top": 0.88}

    def setup(self, fig):
        self.axes = fig.subplots(2, 1, gridspec_kw={"height_ratios": [3, 4], "hspace": 0.55})
        self.bars = {}
        ref = hormones_run(**HORMONE_REF)
        for ax, sex, title in [(self.axes[0], "women", "Women"),
                               (self.axes[1], "men", "Men")]:
            names = list(ref[sex])
            y = np.arange(len(names))
            ax.barh(y, [100] * len(names), height=0.8, color="#BBBBBB", alpha=0.6, label="healthy reference")
            bars = ax.barh(y, [0] * len(names), height=0.45, color=C["blue"], label="your settings")
            for b in bars:
                self.animate(b)
            self.bars[sex] = bars
            self.animate(ax.axvline(100, color="#333333", lw=1.4, ls="--"))   # above the bars: always visible
            ax.set_yticks(y, names)
            ax.invert_yaxis()
            ax.set_xlim(0, 400)
            ax.set_title(title, loc="left", fontsize=12)
        self.axes[1].set_xlabel(plotting.axis_label("Level relative to the healthy reference", "%"))
        fig.legend(*self.axes[0].get_legend_handles_labels(), loc="upper right", ncols=2, fontsize=LEGEND,
                   frameon=False)

    def update(self, glut4, adiponectin, fat_mass):
        self.last = hormones_run(glut4, adiponectin, fat_mass)
        for sex, bars in self.bars.items():
            for b, v in zip(bars, self.last[sex].values()):
                b.set_width(min(100 * v, 400))

    def data(self):
        cols = {"hormone": [], "% of healthy reference": []}
        for sex in ("women", "men"):
            for name, v in self.last[sex].items():
                cols["hormone"].append(f"{sex}: {name}")
                cols["% of healthy reference"].append(100 * v)
        return cols


def hormones_readout(glut4, adiponectin, fat_mass):
    d = hormones_run(glut4, adiponectin, fat_mass)
    ref = d["ref_abs"]
    return (f"meal insulin area {plotting.format_change('', d['auc_rel'], 1).strip()}, fasting insulin "
            f"{plotting.format_change('', d['fast_rel'], 1).strip()} vs the healthy reference · PCOS free T "
            f"{d['abs']['free_t_pcos']:.1f} pmol/L ({ref['free_t_pcos']:.1f} at reference insulin = untreated "
            f"women of the trial) · men: total T {d['abs']['tt_man']:.1f} nmol/L (ref {ref['tt_man']:.1f}), "
            f"oestradiol {d['abs']['e2']:.0f} pg/mL (ref {ref['e2']:.0f})")


def hormones_sentence(glut4, adiponectin, fat_mass):
    d = hormones_run(glut4, adiponectin, fat_mass)
    if d["auc_rel"] > 1.05:
        return ("More insulin: SHBG falls in both sexes; a PCOS ovary makes more testosterone, "
                "while men's total testosterone drops.")
    if d["auc_rel"] < 0.95:
        return "Less insulin: SHBG rises, a PCOS ovary's androgen output falls, men's total testosterone rises."
    return "Insulin is close to the reference, so the insulin-driven hormones are too."


def hormones_table(glut4, adiponectin, fat_mass):
    d, r = hormones_run(glut4, adiponectin, fat_mass), hormones_run(**HORMONE_REF)
    rows = [("women with PCOS: SHBG", "shbg_pcos", "nmol/L", 0), ("women with PCOS: free T", "free_t_pcos", "pmol/L", 1),
            ("typical ovary: free T", "free_t_typical", "pmol/L", 1), ("men: SHBG", "shbg_man", "nmol/L", 0),
            ("men: total T", "tt_man", "nmol/L", 1), ("men: free T", "ft_man", "pmol/L", 0),
            ("men: oestradiol", "e2", "pg/mL", 0)]
    return [{"hormone": name, "your settings": f"{d['abs'][k]:.{n}f} {unit}",
             "healthy reference": f"{r['abs'][k]:.{n}f} {unit}"} for name, k, unit, n in rows]


def hormones_explorer(mode=None):
    g, knobs = GRIDS["hormones"], ["glut4", "adiponectin"]
    return explorer(
        HormoneBars(), [Range.knob("glut4", g["glut4"]), Range.knob("adiponectin", g["adiponectin"]),
                        Range("fat_mass", g["fat_mass"], label="Fat mass (men)", unit="× reference",
                              fmt="×{:g} reference")],
        title="From insulin to the sex hormones: SHBG, testosterone and oestradiol",
        name="insulin-sex-hormones", reference=HORMONE_START,
        readout=hormones_readout, sentence=hormones_sentence, table=hormones_table,
        presets={"insulin resistant, heavier man": HORMONE_START,
                 "sensitivity restored": {**knob_settings("healthy", knobs), "fat_mass": 2.0},
                 "restored and weight lost": {**knob_settings("healthy", knobs), "fat_mass": 1.0}},
        model_card={**links.MODEL_CARD, "badge": links.BADGE,
                    "assumption (women)": links.LINKS["female_androgens"].assumption,
                    "assumption (men)": links.LINKS["male_testosterone"].assumption,
                    "insulin from": meal.MODEL_CARD["model"]},
        alt="Horizontal bars of SHBG and free testosterone in women (PCOS and typical ovary), and SHBG, total "
            "and free testosterone and oestradiol in men, each as a percentage of the healthy reference "
            "(grey bars and dashed line at 100 %)",
        mode=mode)


def hormone_summary():
    """The page's comparison table: opening position, sensitivity restored, then weight lost."""
    ir, ok, lean = (hormones_run(**HORMONE_START), hormones_run(1.0, 1.0, 2.0), hormones_run(1.0, 1.0, 1.0))
    return [{"quantity": "meal insulin (× reference)", "insulin resistant": f"{ir['auc_rel']:.2f}",
             "sensitivity restored": f"{ok['auc_rel']:.2f}", "and weight lost": f"{lean['auc_rel']:.2f}"},
            {"quantity": "PCOS free T (pmol/L)", "insulin resistant": f"{ir['abs']['free_t_pcos']:.1f}",
             "sensitivity restored": f"{ok['abs']['free_t_pcos']:.1f}",
             "and weight lost": f"{lean['abs']['free_t_pcos']:.1f}"},
            {"quantity": "men's total T (nmol/L)", "insulin resistant": f"{ir['abs']['tt_man']:.1f}",
             "sensitivity restored": f"{ok['abs']['tt_man']:.1f}", "and weight lost": f"{lean['abs']['tt_man']:.1f}"},
            {"quantity": "men's oestradiol (pg/mL)", "insulin resistant": f"{ir['abs']['e2']:.0f}",
             "sensitivity restored": f"{ok['abs']['e2']:.0f}", "and weight lost": f"{lean['abs']['e2']:.0f}"}]


# ================================================================== page 3: two pathways

#: who the day belongs to: meal-model subject and knobs (presets from metabolism.scenarios)
PEOPLE = {"insulin resistant": ("normal", IR), "type 2 diabetes": ("t2d", preset("t2d")["knobs"])}
EXERCISE_BOUT = ((180, 60),)      #: one hour of exercise at 09:00 (t = 0 at 06:00), the effect-size preset
NO_CHOICE = {"exercise": "none", "carbs": 100, "metformin": False}
LIFESTYLE = {"exercise": "trained + bout", "carbs": 75, "metformin": False}
PATHWAYS_REF = {"person": "type 2 diabetes", **NO_CHOICE}


@lru_cache(maxsize=128)
def pathways_run(person="type 2 diabetes", exercise="none", carbs=100, metformin=False):
    """One day of meals (:data:`metabolism.scenarios.DAY_MEALS` scaled to ``carbs`` %) for ``person`` with the
    chosen exercise and medicine: clock time (h), glucose, insulin, fasting values, peak, mean and estimated A1C."""
    subject, knobs = PEOPLE[person]
    knobs = dict(knobs)
    if metformin:
        knobs["hepatic_output"] = METFORMIN_H
    if exercise == "trained + bout":
        knobs["glut4"] = knobs.get("glut4", 1.0) * TRAINED_GLUT4
    extra = {"exercise_effect": list(EXERCISE_BOUT)} if exercise != "none" else {}
    if carbs == 100:
        r = meal.day(subject, knobs, **extra)
    else:
        r = meal.simulate(subject, knobs, meals=[(t, g * carbs / 100) for t, g in DAY_MEALS],
                          body_weight=BODY_WEIGHT[subject], t_end=1440, **extra)
    m = meal.day_metrics(r)
    return {"t": 6 + r.t / 60, "G": r.G, "I": r.I, "G0": r.fasting.G, "I0": r.fasting.I,
            "mean": m.mean_glucose, "peak": r.G.max(), "a1c": m.a1c_estimate}


class PathwayView(View):
    """Glucose and insulin over one day with the chosen interventions; the untreated day dashed on top."""

    width_px, height_px = WIDTH, 540
    margins = {"left": 0.16, "right": 0.97, "bottom": 0.1, "top": 0.9, "hspace": 0.12}

    def setup(self, fig):
        self.axes = fig.subplots(2, 1, sharex=True)
        self.ref_lines, self.lines = [], []
        for ax, qty, unit, lim in [(self.axes[0], "Plasma glucose", "mg/dL", (60, 300)),
                                   (self.axes[1], "Plasma insulin", "pmol/L", (0, 500))]:
            self.lines.append(self.animate(ax.plot([], [], color=C["blue"], lw=2.6, label="with your choices")[0]))
            self.ref_lines.append(_above(self, ax, [], [], label="no intervention"))
            ax.set_ylim(*lim)
            ax.set_ylabel(plotting.axis_label(qty, unit))
        plotting.glucose_bands(self.axes[0], "ogtt2h", "mg/dL", axis="y", alpha=0.07, labels=False)
        self.axes[0].axvspan(9, 10, color=C["green"], alpha=0.15)
        self.axes[0].annotate("exercise slot", (9.1, 290), fontsize=LEGEND, va="top")
        _clock(self.axes[1])
        self.axes[0].legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=2, fontsize=LEGEND, frameon=False)
        fig.align_ylabels(self.axes)

    def update(self, person, exercise, carbs, metformin):
        self.ref = pathways_run(person)
        self.last = pathways_run(person, exercise, carbs, metformin)
        for i, key in enumerate(("G", "I")):
            self.ref_lines[i].set_data(self.ref["t"], self.ref[key])
            self.lines[i].set_data(self.last["t"], self.last[key])

    def data(self):
        return {"clock time (h)": self.last["t"], "glucose (mg/dL)": self.last["G"],
                "insulin (pmol/L)": self.last["I"], "no intervention glucose (mg/dL)": self.ref["G"],
                "no intervention insulin (pmol/L)": self.ref["I"]}


def pathways_readout(person, exercise, carbs, metformin):
    d, r = pathways_run(person, exercise, carbs, metformin), pathways_run(person)
    return (f"fasting glucose {d['G0']:.0f} mg/dL (no intervention {r['G0']:.0f}) · fasting insulin "
            f"{d['I0']:.0f} pmol/L ({r['I0']:.0f}) · highest peak {d['peak']:.0f} mg/dL ({r['peak']:.0f}) · "
            f"day's mean {d['mean']:.0f} mg/dL → estimated A1C {d['a1c']:.1f} % ({r['a1c']:.1f} %)")


def pathways_sentence(person, exercise, carbs, metformin):
    d, r = pathways_run(person, exercise, carbs, metformin), pathways_run(person)
    fasting, meals = r["G0"] - d["G0"] > 2, r["peak"] - d["peak"] > 5
    if fasting and meals:
        return "Both the night and the meals improve: the two pathways complement each other."
    if fasting:
        return "Fasting glucose falls, but the peaks after meals stay almost as high: the liver lever alone."
    if meals:
        return "The peaks after meals come down, but fasting glucose hardly moves: the muscle and meal levers alone."
    return "No intervention chosen: this is the person's untreated day."


#: the rows of the pathway table: name -> choices
PATHWAY_ROWS = {"no intervention": NO_CHOICE, "one bout of exercise": {**NO_CHOICE, "exercise": "one bout"},
                "training + bout, 75 % carbohydrate": LIFESTYLE, "metformin": {**NO_CHOICE, "metformin": True},
                "combined": {**LIFESTYLE, "metformin": True}}


def pathways_table(person="type 2 diabetes", exercise=None, carbs=None, metformin=None):
    """The day's numbers of ``person`` under each pathway (and, given, under the explorer's choices)."""
    rows = dict(PATHWAY_ROWS)
    if exercise is not None:
        rows["your choices"] = {"exercise": exercise, "carbs": carbs, "metformin": metformin}
    out = []
    for name, choice in rows.items():
        d = pathways_run(person, **choice)
        out.append({person: name, "fasting glucose (mg/dL)": f"{d['G0']:.0f}",
                    "fasting insulin (pmol/L)": f"{d['I0']:.0f}", "highest peak (mg/dL)": f"{d['peak']:.0f}",
                    "estimated A1C (%)": f"{d['a1c']:.1f}"})
    return out


def pathways_explorer(mode=None):
    g = GRIDS["pathways"]
    t2d = {"person": "type 2 diabetes"}
    return explorer(
        PathwayView(), [Choice("person", g["person"], label="Person"),
                        Choice("exercise", g["exercise"], label="Exercise"),
                        Range("carbs", g["carbs"], label="Carbohydrate", unit="% of the day's meals",
                              fmt="{:g} %", text=lambda v: f"{v:g} % of the day's meals"),
                        Switch("metformin", label=f"Metformin (liver output ×{METFORMIN_H:g})")],
        title="One day, four choices: lifestyle and medicine",
        name="two-pathways-day", reference=PATHWAYS_REF,
        readout=pathways_readout, sentence=pathways_sentence, table=pathways_table,
        presets={"lifestyle (T2D)": {**t2d, **LIFESTYLE}, "metformin (T2D)": {**t2d, **PATHWAY_ROWS["metformin"]},
                 "combined (T2D)": {**t2d, **PATHWAY_ROWS["combined"]},
                 "lifestyle (insulin resistant)": {"person": "insulin resistant", **LIFESTYLE}},
        model_card={**meal.MODEL_CARD, "knobs": meal.KNOB_NOTE,
                    "exercise": "effect-size preset: insulin-independent uptake ×1.82 for the hour and 2 h "
                                "after; insulin-dependent ×1.25 for 16 h (Romeres 2021; Borghouts & Keizer "
                                f"2000) [book]; training = GLUT4 ×{TRAINED_GLUT4:g} [book]",
                    "A1C": "estimated from one day's mean glucose by the ADAG line (Nathan 2008), as if "
                           "every day were the same"},
        alt="Plasma glucose (top, with the ADA 2-hour bands) and insulin (bottom) over one day with meals at "
            "08:00, 12:00 and 20:00 and an exercise slot at 09:00, with the chosen interventions, and the "
            "same person with no intervention dashed grey on top",
        mode=mode)


# ================================================================== page 4: long-term (Ha 2016)

KINDS = {f"sensitivity {PAPER_SI:g}": PAPER_SI, "sensitivity 0.3": 0.3, "surgery": None}
TIMING_START = {"start": 300, "kind": "sensitivity 0.3", "untreated": False}   # prevention, the opening


@lru_cache(maxsize=256)
def timing_run(start=1100, kind="sensitivity 0.468", untreated=False):
    """Five years of the Ha 2016 model with the intervention ``kind`` from day ``start`` (``untreated``: none):
    time (years), fasting glucose (mg/dL, drawn up to 600), insulin (µU/mL), end glucose, first day ≥ 126."""
    if untreated:
        r = progression.ha2016("none")
    elif KINDS[kind] is None:
        r = progression.ha2016("bariatric", t_on=start)
    else:
        r = progression.ha2016("early", t_on=start, target_si=KINDS[kind])
    return {"t": r.t / units.DAYS_PER_YEAR, "day": r.t, "G": np.minimum(r.G, 600), "I": r.I,
            "G_end": float(r.G[-1]), "t2d": progression.time_to_diabetes(r)}


class CourseView(View):
    """Fasting glucose (log axis, ADA bands) and insulin over five years; the untreated course dashed on top."""

    width_px, height_px = WIDTH, 540
    margins = {"left": 0.16, "right": 0.97, "bottom": 0.1, "top": 0.9, "hspace": 0.12}

    def setup(self, fig):
        self.none = timing_run(untreated=True)
        self.axes = fig.subplots(2, 1, sharex=True)
        self.lines = []
        for ax, key, qty, unit in [(self.axes[0], "G", "Fasting glucose", "mg/dL"),
                                   (self.axes[1], "I", "Fasting insulin", "µU/mL")]:
            self.lines.append(self.animate(ax.plot([], [], color=C["blue"], lw=2.6, label="with intervention")[0]))
            _above(self, ax, self.none["t"], self.none[key], label="no intervention")
            ax.set_ylabel(plotting.axis_label(qty, unit))
        # log glucose axis: keeps the narrow normal and prediabetes bands visible next to the runaway
        self.axes[0].set_yscale("log")
        self.axes[0].set_ylim(70, 600)
        self.axes[0].set_yticks([70, 100, 126, 200, 300, 500], ["70", "100", "126", "200", "300", "500"])
        self.axes[0].minorticks_off()
        self.axes[1].set_ylim(0, 32)
        for label in plotting.glucose_bands(self.axes[0], "fasting", "mg/dL", axis="y", alpha=0.12)[1::2]:
            label.set_text(label.get_text().split(" (")[0])   # "prediabetes (IFG)" -> "prediabetes"
            label.set_x(0.42)
            label.set_ha("center")
        self.marker = self.animate(self.axes[0].axvline(0, color=C["vermillion"], lw=1.5, ls="-."))
        # the untreated glucose on the chosen start day (also shown with "No treatment": the start is then a date)
        self.dot = self.animate(self.axes[0].plot([], [], "o", ms=8, color=C["vermillion"], mec="white",
                                                  label="start day")[0])
        self.axes[1].set_xlim(0, 1800 / units.DAYS_PER_YEAR)
        self.axes[1].set_xlabel(plotting.axis_label("Time", "years"))
        self.axes[0].legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=2, fontsize=LEGEND, frameon=False)
        fig.align_ylabels(self.axes)

    def update(self, start, kind, untreated):
        self.last = timing_run(start, kind, untreated)
        for line, key in zip(self.lines, ("G", "I")):
            line.set_data(self.last["t"], self.last[key])
        x = start / units.DAYS_PER_YEAR
        self.marker.set_xdata([x, x])
        self.marker.set_linestyle(":" if untreated else "-.")
        self.dot.set_data([x], [untreated_glucose(start)])

    def data(self):
        return {"day": self.last["day"], "fasting glucose (mg/dL, capped at 600)": self.last["G"],
                "fasting insulin (µU/mL)": self.last["I"], "untreated fasting glucose (mg/dL)": self.none["G"],
                "untreated fasting insulin (µU/mL)": self.none["I"]}


def untreated_glucose(day):
    """Fasting glucose (mg/dL) of the untreated course on ``day`` (the daily grid's value)."""
    none = timing_run(untreated=True)
    return float(none["G"][int(np.searchsorted(none["day"], day))])


def timing_readout(start, kind, untreated):
    d = timing_run(start, kind, untreated)
    when = "no intervention" if untreated else f"{kind} from day {start:g} ({start / units.DAYS_PER_YEAR:.1f} y)"
    t2d = "never" if not np.isfinite(d["t2d"]) else f"day {d['t2d']:.0f}"
    return (f"{when} · untreated fasting glucose on day {start:g}: {untreated_glucose(start):.0f} mg/dL · "
            f"fasting glucose at 5 years {d['G_end']:.0f} mg/dL · first reaches 126 mg/dL: {t2d}")


def timing_sentence(start, kind, untreated):
    d = timing_run(start, kind, untreated)
    if untreated:
        return "Without intervention the β-cells compensate for a while, then fail: glucose runs away."
    if d["G_end"] < 126 and not np.isfinite(d["t2d"]):
        return "Prevention: glucose never reaches the diabetes range."
    if d["G_end"] < 126:
        return "Remission, not prevention: glucose had reached the diabetes range and comes back below 126."
    return "Too late for this intervention: glucose stays in the diabetes range."


def timing_explorer(mode=None):
    g = GRIDS["timing"]
    return explorer(
        CourseView(), [Range("start", g["start"], label="Intervention starts", unit="day",
                             fmt=lambda d: f"day {d:g} ({d / units.DAYS_PER_YEAR:.1f} y)"),
                       Choice("kind", g["kind"], label="Intervention"),
                       Switch("untreated", label="No treatment (the untreated course)")],
        title="Five years of β-cell adaptation: when an intervention still works",
        name="intervention-timing", reference=TIMING_START,
        readout=timing_readout, sentence=timing_sentence,
        presets={"prevention, in prediabetes (day 300)": TIMING_START,
                 "remission, early treatment (day 1100, paper)": {"start": 1100, "kind": "sensitivity 0.468",
                                                                  "untreated": False},
                 "too late for remission (day 1400, paper)": {"start": 1400, "kind": "sensitivity 0.468",
                                                              "untreated": False},
                 "bariatric surgery (day 1100)": {"start": 1100, "kind": "surgery", "untreated": False},
                 "no treatment": {"untreated": True}},
        model_card=progression.MODEL_CARDS["ha2016"],
        alt="Fasting glucose (top, log axis with ADA fasting bands) and fasting insulin (bottom) over five "
            "years in the Ha 2016 model with the chosen intervention (its start marked by a line and a dot on "
            "the untreated glucose of that day), and the untreated course dashed grey on top",
        mode=mode)


def timing_summary():
    """The page's table: the last successful start of each sensitivity target (bisection in
    :func:`metabolism.progression.last_successful_start`) and the untreated glucose on that day."""
    rows = []
    for kind, target in KINDS.items():
        if target is None:
            continue
        day = progression.last_successful_start(target)
        rows.append({"intervention": kind, "works if started by day": f"{day:.0f}",
                     "untreated fasting glucose that day (mg/dL)": f"{untreated_glucose(day):.0f}"})
    return rows


# ================================================================== printed tables

class Table:
    """A small result table shown as real HTML (header cells with ``scope``, optional caption) in a page
    and as aligned text in a terminal. ``rows`` is a list of dicts with the same keys (the columns)."""

    def __init__(self, rows, caption=None):
        rows = list(rows)
        if not rows or not all(isinstance(r, dict) for r in rows):
            raise ValueError("rows must be a non-empty list of dicts (one per row, keys = columns)")
        self.columns, self.rows, self.caption = list(rows[0]), rows, caption

    def _repr_html_(self):
        esc = __import__("html").escape
        head = "".join(f'<th scope="col">{esc(str(c))}</th>' for c in self.columns)
        body = "".join("<tr>" + "".join((f'<th scope="row">{esc(str(r.get(c, "")))}</th>' if i == 0 else
                                         f"<td>{esc(str(r.get(c, '')))}</td>") for i, c in enumerate(self.columns))
                       + "</tr>" for r in self.rows)
        cap = f"<caption>{esc(self.caption)}</caption>" if self.caption else ""
        return (f'<div class="mx-result-table" style="overflow-x:auto;max-width:100%">'
                f'<table class="table">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>')

    def __repr__(self):
        widths = [max(len(str(c)), *(len(str(r.get(c, ""))) for r in self.rows)) for c in self.columns]
        line = lambda cells: "  ".join(str(x).ljust(w) for x, w in zip(cells, widths))   # noqa: E731
        return "\n".join([line(self.columns)] + [line([r.get(c, "") for c in self.columns]) for r in self.rows])


def table(name):
    """One of the pages' printed tables as :class:`Table`: ``"a1c"``, ``"recalibration"``, ``"hormones"``,
    ``"pathways"`` or ``"thresholds"``."""
    makers = {"a1c": (a1c_lines, "A1C and the average glucose it stands for (ADAG line)"),
              "recalibration": (lambda: recalibration_table(**RECAL_REF)[:2],
                                "A day of meals: the insulin-resistant start against the healthy subject "
                                "(change versus healthy in brackets)"),
              "hormones": (hormone_summary, "Sex hormones when insulin sensitivity is restored, then weight lost"),
              "pathways": (pathways_table, "The subject with type 2 diabetes: one day under each pathway"),
              "thresholds": (timing_summary, "The last start day at which raising insulin sensitivity still works")}
    if name not in makers:
        raise ValueError(f"table {name!r} is unknown; tables: {', '.join(makers)}")
    rows, caption = makers[name]
    return Table(rows(), caption)
