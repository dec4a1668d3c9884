"""The medicines page's explorer: today's diabetes medicines, each through the meal model's own mechanisms.

``chapters/intermediate/medicines.md`` calls :func:`medicines_explorer`; ``tests/test_chapter_medicines.py``
imports :func:`medicines_run` (and the readout, sentence and table) to check the page's "Try this" numbers.

The reader picks a person (the paper's subject with type 2 diabetes, or the book's prediabetic setting
``igt_approx``), that person's own glucose-driven insulin secretion, and switches medicines on:
metformin, an SGLT2 inhibitor, one incretin medicine (none, a GLP-1 receptor agonist or tirzepatide: a
choice, because they are not taken together) and pioglitazone. A day of the three meals of
:data:`metabolism.scenarios.DAY_MEALS` is run with :func:`metabolism.meal.day`.

How medicines combine [book rule]. Each medicine is the knob setting of its preset in
:data:`metabolism.scenarios.PRESETS` (defined on the type 2 diabetes subject, whose own knobs are all 1).
On a person, a medicine *multiplies* the person's own value of each ×-reference knob it sets (metformin
liver output ×0.76, pioglitazone adiponectin ×2.1, GLP-1 receptor agonist emptying ×0.65 and secretion ×2.1,
tirzepatide also GLUT4 ×1.3) and *sets* the renal threshold (mg/dL) and excretion slope of the SGLT2
inhibitor. On the type 2 diabetes subject at secretion ×1 this reproduces ``meal.day(**scenarios.preset(name))``
exactly. Medicines that act on different knobs simply stack; none is re-fitted to a combination trial.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from .. import meal, plotting, scenarios
from ..explorer import Choice, Range, Switch, View, explorer
from ..knobs import KNOBS

__all__ = ["PEOPLE", "INCRETINS", "GRIDS", "REF", "PRESETS", "TRIALS", "medicine_names", "medicine_knobs", "leaves_out",
           "medicines_run", "medicines_readout", "medicines_sentence", "medicines_table", "medicines_explorer"]

C = plotting.PALETTE
WIDTH = 520           #: CSS px of the figure (11-pt text reads at >= 10 px in a 358-px phone column)
LEGEND = 11           #: smallest font size, pt

#: the person control: value = preset name in metabolism.scenarios, label = what the reader sees
PEOPLE = {"t2d": "type 2 diabetes", "igt_approx": "prediabetes (IGT)"}
#: the incretin control (one at most): value = preset name, or "none"
INCRETINS = {"none": "none", "glp1ra": "GLP-1 receptor agonist", "tirzepatide": "tirzepatide"}
#: the β-cell control's grid (× the person's own glucose-driven secretion); at most 2.5 / 2.1 so that an
#: incretin on top stays inside the knob's range
GRIDS = {"medicines": {"insulin_secretion": [0.4, 0.55, 0.7, 0.85, 1.0]}}
#: the reference setting: the type 2 diabetes subject, own secretion, no medicine
REF = {"person": "t2d", "metformin": False, "sglt2i": False, "incretin": "none", "pioglitazone": False,
       "insulin_secretion": 1.0}
SWITCHED = ("metformin", "sglt2i", "pioglitazone")       #: medicines with an on/off switch
SET_NOT_SCALED = ("renal_threshold", "renal_excretion")  #: knobs a medicine sets rather than multiplies
MEALS_H = [6 + t / 60 for t, _ in scenarios.DAY_MEALS]    #: meal clock times, h (08, 12, 20)
SHORT = {"metformin": "metformin", "sglt2i": "SGLT2 inhibitor", "glp1ra": "GLP-1 receptor agonist",
         "tirzepatide": "tirzepatide", "pioglitazone": "pioglitazone"}   #: names in the readout


def _presets():
    """The explorer's presets: each medicine alone on the type 2 diabetes subject (from scenarios.MEDICINES,
    labelled with scenarios.LABELS), then combinations and the prediabetic person."""
    out = {"type 2 diabetes, no medicine": {}}
    for name in scenarios.MEDICINES:
        out[scenarios.LABELS[name]] = {"incretin": name} if name in INCRETINS else {name: True}
    out["metformin + SGLT2 inhibitor + GLP-1 receptor agonist"] = {"metformin": True, "sglt2i": True,
                                                                   "incretin": "glp1ra"}
    out["β-cells at 40 %, GLP-1 receptor agonist"] = {"incretin": "glp1ra", "insulin_secretion": 0.4}
    out["prediabetes, metformin"] = {"person": "igt_approx", "metformin": True}
    return out


PRESETS = _presets()


def medicine_names(metformin=False, sglt2i=False, incretin="none", pioglitazone=False) -> list[str]:
    """The preset names (metabolism.scenarios) of the medicines switched on, in the order of MEDICINES."""
    if incretin not in INCRETINS:
        raise ValueError(f"incretin={incretin!r} is not a choice; allowed: {', '.join(INCRETINS)}")
    on = {"metformin": metformin, "sglt2i": sglt2i, "pioglitazone": pioglitazone}
    for k, v in on.items():
        if not isinstance(v, (bool, np.bool_)):
            raise ValueError(f"{k}={v!r} must be True or False")
    names = [n for n in scenarios.MEDICINES if on.get(n) or n == incretin]
    return names


def medicine_knobs(person="t2d", insulin_secretion=1.0, metformin=False, sglt2i=False, incretin="none",
                   pioglitazone=False) -> tuple[str, dict]:
    """(meal-model subject, knobs) of ``person`` at ``insulin_secretion`` × own secretion with the medicines on.

    Each medicine's knob values come from its preset in :data:`metabolism.scenarios.PRESETS`; ×-reference
    knobs multiply the person's own value, the renal threshold and slope are set (see the module docstring).
    """
    if person not in PEOPLE:
        raise ValueError(f"person={person!r} is not one of {', '.join(PEOPLE)}")
    base = scenarios.preset(person)
    knobs = {k: float(base["knobs"].get(k, KNOBS[k].default)) for k in KNOBS}
    knobs["insulin_secretion"] *= float(insulin_secretion)
    for name in medicine_names(metformin, sglt2i, incretin, pioglitazone):
        for k, v in scenarios.PRESETS[name]["knobs"].items():
            knobs[k] = float(v) if k in SET_NOT_SCALED else knobs[k] * float(v)
    return base["subject"], {k: v for k, v in knobs.items() if v != KNOBS[k].default}


@lru_cache(maxsize=512)
def medicines_run(person="t2d", insulin_secretion=1.0, metformin=False, sglt2i=False, incretin="none",
                  pioglitazone=False) -> dict:
    """A day of meals (meal.day) for the person and medicines: curves (t in clock hours from 06:00, glucose
    mg/dL, insulin pmol/L, fluxes mg/kg/min: Ra meal appearance, EGP liver output, Uid insulin-dependent
    uptake, E urine) and the day's numbers (meal.day_metrics), plus the knobs used."""
    subject, knobs = medicine_knobs(person, insulin_secretion, metformin, sglt2i, incretin, pioglitazone)
    r = meal.day(subject, knobs)
    m = meal.day_metrics(r)
    return {"t": 6 + r.t / 60, "G": r.G, "I": r.I, "Ra": r.Ra, "EGP": r.EGP, "Uid": r.Uid, "E": r.E,
            "fasting": float(r.fasting.G), "peak": float(r.G.max()), "metrics": m, "subject": subject,
            "knobs": knobs}


def _untreated(person, insulin_secretion, **_):
    return medicines_run(person, insulin_secretion)


class MedicinesView(View):
    """Glucose, insulin, glucose in (meal, liver) and glucose out (uptake, urine) over a day; the same person
    with no medicine dashed grey, drawn on top so it stays visible where the curves coincide."""

    width_px, height_px = WIDTH, 860
    margins = {"left": 0.16, "right": 0.97, "bottom": 0.06, "top": 0.985, "hspace": 0.14}
    PANELS = [("Plasma glucose", "mg/dL", (50, 350), [("G", "_glucose", C["blue"])]),
              ("Plasma insulin", "pmol/L", (0, 800), [("I", "_insulin", C["blue"])]),
              ("Glucose in", "mg/kg/min", (0, 9.5), [("Ra", "from the meal (Ra)", C["orange"]),
                                                      ("EGP", "from the liver (EGP)", C["vermillion"])]),
              ("Glucose out", "mg/kg/min", (0, 6), [("Uid", "uptake by muscle and fat", C["blue"]),
                                                     ("E", "into the urine", C["green"])])]

    def setup(self, fig):
        axes = fig.subplots(len(self.PANELS), 1, sharex=True)
        self.axes, self.lines, self.refs = list(axes), [], []
        for ax, (quantity, unit, ylim, series) in zip(axes, self.PANELS):
            ax.set_ylim(*ylim)
            ax.set_ylabel(plotting.axis_label(quantity, unit))
            for h in MEALS_H:
                ax.axvline(h, color="#888888", lw=1, ls=":")
            for key, label, colour in series:
                self.lines.append((key, self.animate(ax.plot([], [], color=colour, lw=2.4, label=label)[0])))
        for ax, (_, _, _, series) in zip(axes, self.PANELS):   # references after the curves: drawn on top
            for key, _, _ in series:
                style = {**plotting.REFERENCE_STYLE, "color": "#555555", "linewidth": 1.6, "alpha": 0.9}
                self.refs.append((key, self.animate(ax.plot([], [], **style, label="_ref")[0])))
        axes[0].axhline(180, color=C["vermillion"], lw=1, ls="--", alpha=0.6)
        axes[0].plot([], [], color=C["blue"], lw=2.4, label="with the medicines")
        axes[0].plot([], [], **{**plotting.REFERENCE_STYLE, "color": "#555555"}, label="no medicine")
        axes[0].annotate("180", (29.9, 183), ha="right", va="bottom", fontsize=LEGEND, color=C["vermillion"])
        axes[0].legend(loc="upper left", fontsize=LEGEND, ncol=2, frameon=False)
        for ax in axes[2:]:
            ax.legend(loc="upper right", fontsize=LEGEND, frameon=False)
        axes[-1].set_xlim(6, 30)
        axes[-1].set_xticks([6, 8, 12, 16, 20, 24, 28], ["06", "08", "12", "16", "20", "00", "04"])
        axes[-1].set_xlabel(plotting.axis_label("Clock time", "h"))
        fig.align_ylabels(axes)

    def update(self, **value):
        self.last, self.ref = medicines_run(**value), _untreated(**value)
        for key, line in self.lines:
            line.set_data(self.last["t"], self.last[key])
        for key, line in self.refs:
            line.set_data(self.ref["t"], self.ref[key])

    def data(self):
        names = {"G": "glucose (mg/dL)", "I": "insulin (pmol/L)", "Ra": "meal appearance Ra (mg/kg/min)",
                 "EGP": "liver output EGP (mg/kg/min)", "Uid": "insulin-dependent uptake Uid (mg/kg/min)",
                 "E": "urinary glucose E (mg/kg/min)"}
        cols = {"clock time (h from 06:00)": self.last["t"]}
        for key, name in names.items():
            cols[name] = self.last[key]
            cols["no medicine, " + name] = self.ref[key]
        return cols


def _label(**value):
    names = medicine_names(value["metformin"], value["sglt2i"], value["incretin"], value["pioglitazone"])
    return " + ".join(SHORT[n] for n in names) or "no medicine"


def medicines_readout(**value):
    """The day's numbers with the medicines (the table beside it gives them without, and the change)."""
    m = medicines_run(**value)["metrics"]
    return (f"{PEOPLE[value['person']]} · {_label(**value)} · mean glucose {m.mean_glucose:.0f} mg/dL · above "
            f"180 mg/dL {m.hours_above_180:.1f} h · estimated A1C {m.a1c_estimate:.1f} % · insulin secreted "
            f"{m.insulin_secreted:.0f} U · urinary glucose {m.urinary_glucose:.0f} g/day")


#: rows of the result table: (label, DayMetrics field or run key, format)
TABLE_ROWS = [("Mean glucose, mg/dL", "mean_glucose", "{:.0f}"),
              ("Hours above 180 mg/dL", "hours_above_180", "{:.1f}"),
              ("Estimated A1C, %", "a1c_estimate", "{:.1f}"),
              ("Insulin secreted, U", "insulin_secreted", "{:.0f}"),
              ("Urinary glucose, g", "urinary_glucose", "{:.0f}"),
              ("Glucose at 06:00, mg/dL", "fasting", "{:.0f}")]
#: the table's columns (short: the table must fit a 358-px phone column)
TABLE_COLUMNS = ["Per day (model)", "No medicine", "With", "Change"]


def _number(run, field):
    return run[field] if field in run else getattr(run["metrics"], field)


def medicines_table(**value):
    """The day's numbers with and without the medicines (rows as :data:`TABLE_ROWS`)."""
    r, ref = medicines_run(**value), _untreated(**value)
    rows = []
    for label, field, fmt in TABLE_ROWS:
        a, b = _number(r, field), _number(ref, field)
        d = float(fmt.format(a)) - float(fmt.format(b))        # the change of the shown numbers
        change = "±0" if d == 0 else ("+" if d > 0 else "−") + fmt.format(abs(d))
        rows.append([label, fmt.format(b), fmt.format(a), change])
    return {"columns": TABLE_COLUMNS, "rows": rows}


def medicines_sentence(**value):
    r, ref = medicines_run(**value), _untreated(**value)
    names = medicine_names(value["metformin"], value["sglt2i"], value["incretin"], value["pioglitazone"])
    if not names:
        return ("No medicine: the person's own day. Switch a medicine on to see which flux it changes; the "
                "grey dashed curves keep showing this day.")
    how = {"metformin": "the liver releases less glucose",
           "sglt2i": f"{r['metrics'].urinary_glucose:.0f} g of glucose leave in the urine",
           "glp1ra": "the stomach empties more slowly and the β-cells answer glucose more strongly",
           "tirzepatide": ("the stomach empties more slowly, the β-cells answer more strongly and muscle "
                           "takes up more glucose per unit of insulin"),
           "pioglitazone": "higher adiponectin makes liver and muscle answer insulin better"}
    parts = [how[n] for n in names]
    said = "; ".join(parts[:-1]) + ("; and " if len(parts) > 1 else "") + parts[-1]
    drop = round(ref["metrics"].mean_glucose) - round(r["metrics"].mean_glucose)   # as the table shows them
    return f"{said[0].upper()}{said[1:]}. The day's mean glucose falls by {drop:.0f} mg/dL."


#: what the figure shows (the explorer appends the settings, which name the medicines, and the readout)
ALT = ("Four stacked panels over 24 hours from 06:00 with meals at 08:00, 12:00 and 20:00 (dotted): plasma "
       "glucose with a line at 180 mg/dL, plasma insulin, glucose entering the blood from the meal and from the "
       "liver, and glucose leaving it into muscle and fat and into the urine; the same person with no medicine "
       "dashed grey")


MODEL_CARD = {
    **meal.MODEL_CARD,
    "medicine settings": "; ".join(f"{scenarios.LABELS[n]}: {scenarios.CITATIONS[n]}" for n in scenarios.MEDICINES),
    "leaves_out": ("the medicines' effects over months (weight, appetite, liver fat), glucagon, and every heart "
                   "and kidney outcome; " + meal.MODEL_CARD["leaves_out"]),
}


def medicines_explorer(mode=None):
    """The page's explorer: person, medicines (switches; one incretin choice), own β-cell secretion."""
    return explorer(
        MedicinesView(),
        [Choice("person", list(PEOPLE), label="Person", labels=list(PEOPLE.values())),
         Switch("metformin", label="Metformin"),
         Switch("sglt2i", label="SGLT2 inhibitor"),
         Choice("incretin", list(INCRETINS), label="Incretin medicine", labels=list(INCRETINS.values())),
         Switch("pioglitazone", label="Pioglitazone"),
         Range.knob("insulin_secretion", GRIDS["medicines"]["insulin_secretion"])],
        title="Today's medicines on one person: a day of meals, and the fluxes each one changes",
        name="medicines-day", reference=REF, presets=PRESETS,
        readout=medicines_readout, sentence=medicines_sentence, table=medicines_table, alt=ALT,
        model_card=MODEL_CARD, mode=mode)


# ------------------------------------------------------------------ what the page shows beside the explorer

#: Published trial results quoted on the page (not model output). Each row: the bib key cited, and every number
#: that appears in the page's table row (doses and durations included), checked against the trials' abstracts.
TRIALS = {
    "EMPA-REG OUTCOME": {"key": "zinman2015empagliflozin", "numbers": [10, 25, 0.86, 0.74, 0.99, 38]},
    "DAPA-CKD": {"key": "heerspink2020dapagliflozin", "numbers": [10, 50, 0.61, 0.51, 0.72]},
    "SUSTAIN-6": {"key": "marso2016semaglutide", "numbers": [1, 1.0, 4.3, 0.74, 0.58, 0.95]},
    "LEADER": {"key": "marso2016liraglutide", "numbers": [1.8, 0.87, 0.78, 0.97, 0.78, 0.66, 0.93]},
    "STEP 1": {"key": "wilding2021semaglutide", "numbers": [2.4, 14.9, 2.4, 68]},
    "SURMOUNT-1": {"key": "jastreboff2022tirzepatide", "numbers": [15, 20.9, 3.1, 72]},
    "IRIS": {"key": "kernan2016pioglitazone", "numbers": [45, 4.5, 52.2, 33.7, 0.76, 0.62, 0.93, 0.48, 0.33, 0.69]},
}
#: the SUSTAIN-6 A1C difference at semaglutide 1 mg versus placebo, percentage points (stated as "about")
SUSTAIN6_A1C_POINTS = 1.0


class _Markdown:
    """A Markdown block for a notebook output (no IPython import needed)."""

    def __init__(self, text):
        self.text = text

    def _repr_markdown_(self):
        return self.text

    def __str__(self):
        return self.text


def leaves_out():
    """What each medicine setting leaves out (metabolism.scenarios.LEAVES_OUT), as a Markdown list."""
    return _Markdown("\n".join(f"- **{scenarios.LABELS[n]}**: {scenarios.LEAVES_OUT[n]}."
                               for n in scenarios.MEDICINES))
