"""The Fundamentals part's explorers: compute, view, readout and sentence of each, in one place.

``chapters/fundamentals.md`` and its section pages (``dialogue``, ``storage``, ``energy``) call one function per
explorer; ``tests/test_chapter_fundamentals.py`` imports the same ``*_run`` functions to check the pages'
"Try this" numbers, so prose, explorer and tests use one computation.

=====================  ==========================  ==========================================================
page                   explorer                    model
=====================  ==========================  ==========================================================
fundamentals           :func:`meal_explorer`       Dalla Man 2007 meal: glucose, insulin, glucose fluxes
fundamentals           :func:`cell_explorer`       Sedaghat 2002 GLUT4 translocation at steady insulin
fundamentals/dialogue  :func:`compensation_explorer`  meal model: fasting state and meal response
fundamentals/dialogue  :func:`topp_explorer`       Topp 2000: β-cell mass compensation over 600 days
fundamentals/storage   :func:`nefa_explorer`       meal insulin into the Boston–Moate NEFA model
fundamentals/energy    :func:`day_explorer`        a day of three meals: glucose, insulin, NEFA
=====================  ==========================  ==========================================================

Figures are 520 CSS px wide with text of at least 11 pt, so they stay legible in a 358-px phone column.
Knob controls take their names from :mod:`metabolism.knobs`; named presets take their knob settings from
:mod:`metabolism.scenarios`.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from .. import data, indices, lipolysis, meal, plotting, progression, scenarios, units
from .. import glut4 as glut4_model
from ..explorer import Choice, Range, View, explorer
from ..scenarios import knob_settings
from ..views import Panel, TimeCourseView, meal_panels

__all__ = ["meal_run", "meal_explorer", "surface", "cell_need", "cell_explorer", "compensation_run",
           "compensation_explorer", "topp_run", "topp_explorer", "nefa_run", "nefa_explorer", "day_run",
           "day_explorer", "GRIDS"]

C = plotting.PALETTE
WIDTH = 520          #: CSS px of every figure here (11-pt text reads at >= 10 px in a 358-px column)
LEGEND = 11          #: smallest font size, pt

#: the control grids (finer than the first edition's, where readers found them coarse)
GRIDS = {
    "meal": {"meal_g": [25, 40, 50, 60, 70, 78, 90, 106],
             "glut4": [0.3, 0.4, 0.5, 0.6, 0.75, 0.9, 1.0, 1.25, 1.5, 2.0]},
    "cell": {"insulin": [0, 10, 25, 40, 60, 100, 150, 200, 250, 330, 400, 500, 600, 800, 1000, 1200],
             "glut4": [0.2, 0.3, 0.4, 0.5, 0.6, 0.75, 0.9, 1.0, 1.25, 1.5, 2.0]},
    "compensation": {"glut4": [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.25, 1.5, 2.0],
                     "adiponectin": [0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 2.5]},
    "topp": {"glut4": [0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0]},
    "nefa": {"fat_tissue": ["healthy", "metabolic syndrome"],
             "glut4": [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.25, 1.5, 1.75, 2.0]},
    "day": {"glut4": [0.3, 0.4, 0.5, 0.6, 0.75, 0.9, 1.0, 1.25, 1.5],
            "adiponectin": [0.5, 0.75, 1.0, 1.5, 2.0],
            "fat_tissue": ["healthy", "metabolic syndrome"]},
}
#: the NEFA model's two fitted parameter sets, by the name the reader sees
FAT_SETS = {"healthy": "healthy", "metabolic syndrome": "metabolic_syndrome"}


def _preset(name, knobs, **extra):
    """A preset: knob values from :mod:`metabolism.scenarios`, plus the explorer's other controls."""
    return {**knob_settings(name, knobs), **extra}


# ================================================================== page 1: insulin, the messenger

MEAL_REF = {"meal_g": 78, "glut4": 1.0}


@lru_cache(maxsize=256)
def meal_run(meal_g, glut4):
    """One meal of ``meal_g`` g glucose over 6 h: glucose, insulin and the glucose fluxes (mg/kg/min)."""
    r = meal.simulate("normal", {"glut4": glut4}, meals=[(0, meal_g)], t_end=360)
    return {"t": r.t, "G": r.G, "I": r.I, "brain": r.Uii, "muscle": r.Uid, "liver": r.EGP}


class MealView(View):
    """Glucose, insulin and the glucose fluxes after one meal; the reference subject dashed grey."""

    width_px, height_px = WIDTH, 700
    margins = {"left": 0.16, "right": 0.95, "bottom": 0.075, "top": 0.98, "hspace": 0.12}
    PANELS = [("Plasma glucose", "mg/dL", (60, 220), [("G", "glucose", C["blue"])]),
              ("Plasma insulin", "pmol/L", (0, 700), [("I", "insulin", C["blue"])]),
              ("Glucose flux", "mg/kg/min", (0, 9), [("muscle", "muscle and fat uptake", C["blue"]),
                                                      ("brain", "brain and nerves", C["green"]),
                                                      ("liver", "liver release", C["vermillion"])])]

    def setup(self, fig):
        self.ref = meal_run(**MEAL_REF)
        axes = fig.subplots(3, 1, sharex=True)
        self.lines, refs = [], []
        for ax, (quantity, unit, ylim, series) in zip(axes, self.PANELS):
            ax.set_ylim(*ylim)
            ax.set_ylabel(plotting.axis_label(quantity, unit))
            for key, label, colour in series:
                refs.append(plotting.reference_line(ax, self.ref["t"], self.ref[key], label="_ref",
                                                    **plotting.REFERENCE_ON_TOP))
                self.lines.append((key, self.animate(ax.plot([], [], color=colour, lw=2.5, label=label)[0])))
        self.animate(*refs)   # the reference over the current curves: visible at the default setting
        for ax, key in zip(axes, ["G", "I"]):
            t, mean, sd = data.dallaman2007_fig1(key)
            ax.errorbar(t, mean, yerr=sd, fmt="o", ms=4, color="#555555", alpha=0.55, capsize=2, lw=1,
                        label="measured, 204 adults", zorder=1.2)
        axes[0].plot([], [], **plotting.REFERENCE_ON_TOP, label="reference")
        axes[0].legend(loc="upper right", fontsize=LEGEND)
        axes[2].legend(loc="upper right", fontsize=LEGEND)
        axes[2].set_xlim(0, 360)
        axes[2].set_xticks([0, 60, 120, 180, 240, 300, 360])
        axes[2].set_xlabel(plotting.axis_label("Time after the meal", "min"))
        fig.align_ylabels(axes)

    def update(self, meal_g, glut4):
        self.last = meal_run(meal_g, glut4)
        for key, line in self.lines:
            line.set_data(self.last["t"], self.last[key])

    def data(self):
        cols = {"t (min)": self.last["t"]}
        names = {"G": "glucose (mg/dL)", "I": "insulin (pmol/L)", "muscle": "muscle and fat uptake (mg/kg/min)",
                 "brain": "brain and nerves (mg/kg/min)", "liver": "liver release (mg/kg/min)"}
        for key, name in names.items():
            cols[name] = self.last[key]
            cols["reference " + name] = self.ref[key]
        return cols


def meal_readout(meal_g, glut4):
    r, ref = meal_run(meal_g, glut4), meal_run(**MEAL_REF)
    nadir = r["liver"].min() / r["liver"][0]
    return (f"glucose peak {r['G'].max():.0f} mg/dL (reference {ref['G'].max():.0f}) · "
            f"insulin peak {r['I'].max():.0f} pmol/L (reference {ref['I'].max():.0f}) · "
            f"liver output at its lowest {100 * nadir:.0f} % of fasting · "
            f"muscle and fat uptake up to {r['muscle'].max() / r['muscle'][0]:.1f}× fasting")


def meal_sentence(meal_g, glut4):
    r, same = meal_run(meal_g, glut4), meal_run(meal_g, 1.0)   # the same meal eaten with GLUT4 ×1
    peak = f"insulin peak {r['I'].max():.0f} instead of {same['I'].max():.0f} pmol/L"
    if glut4 < 1:
        return ("Muscle and fat answer insulin less: compared with a GLUT4-×1 person eating this meal, "
                f"glucose stays up longer and more insulin is needed to clear it ({peak}).")
    if glut4 > 1:
        return ("Muscle and fat answer insulin well: compared with a GLUT4-×1 person eating this meal, "
                f"it is cleared faster with a smaller insulin rise ({peak}).")
    return ("Glucose rises and falls within about three hours; while insulin is high the liver "
            "releases far less glucose and muscle takes up most of the meal.")


def meal_explorer(mode=None):
    g = GRIDS["meal"]
    return explorer(
        MealView(), [Range("meal_g", g["meal_g"], label="Meal size", unit="g glucose"),
                     Range.knob("glut4", g["glut4"])],
        title="One meal, six hours: glucose, insulin and where glucose goes",
        name="meal-messenger", reference=MEAL_REF,
        readout=meal_readout, sentence=meal_sentence,
        presets={"healthy, 1 g/kg meal": _preset("healthy", ["glut4"], meal_g=78),
                 "the paper's figure (≈106-g meal)": _preset("healthy", ["glut4"], meal_g=106),
                 "muscle and fat answer at half strength": _preset("glut4_half", ["glut4"], meal_g=78)},
        model_card=meal.MODEL_CARD,
        alt="Three stacked panels over six hours after a meal: plasma glucose, plasma insulin, and "
            "glucose fluxes (uptake by muscle and fat, use by brain and nerves, release by the liver), "
            "with the reference subject dashed and measured means of 204 adults (≈106-g meal) as grey dots",
        mode=mode)


# ------------------------------------------------------------------ at the cell

INSULIN = np.linspace(0, 1200, 121)
LANDMARKS = {"fasting": 25, "meal": 250, "clamp": 600}
CELL_REF = {"insulin": 250, "glut4": 1.0}


def surface(insulin, g):
    """Percent of the cell's GLUT4 at the surface at steady state."""
    return 100 * glut4_model.steady_state(insulin_pmolL=insulin, knobs={"glut4": g}).surface_fraction


def cell_need(insulin, glut4):
    """Steady insulin (pmol/L, on a 10-pmol/L grid) this cell needs to match the reference cell at
    ``insulin``, or None if it cannot below 1200 pmol/L."""
    target = surface(insulin, 1.0)
    curve = surface(INSULIN, glut4)
    return float(INSULIN[np.argmax(curve >= target)]) if curve[-1] >= target else None


class CellView(View):
    """Surface GLUT4 against a steady insulin level; the reference cell dashed."""

    width_px, height_px = WIDTH, 400
    margins = {"left": 0.15, "right": 0.95, "bottom": 0.14, "top": 0.96}

    def setup(self, fig):
        ax = fig.add_subplot()
        ax.set_xlim(0, 1200)
        ax.set_ylim(0, 60)
        for name, i in LANDMARKS.items():
            ax.axvline(i, color="#888888", lw=1, ls=":")
            ax.annotate(name, (i + 12, 58), fontsize=LEGEND, color="#555555", va="top")
        ref = plotting.reference_line(ax, INSULIN, surface(INSULIN, 1.0), label="reference cell",
                                      **plotting.REFERENCE_ON_TOP)
        self.curve = self.animate(ax.plot([], [], color=C["blue"], lw=2.5, label="this cell")[0])
        self.dot = self.animate(ax.plot([], [], "o", ms=11, color=C["vermillion"], label="chosen insulin")[0])
        self.animate(ref)
        ax.set_xlabel(plotting.axis_label("Plasma insulin (steady)", "pmol/L"))
        ax.set_ylabel(plotting.axis_label("GLUT4 at the surface", "% of total"))
        ax.legend(loc="lower right", fontsize=LEGEND)

    def update(self, insulin, glut4):
        self.last = (insulin, glut4, surface(INSULIN, glut4))
        self.curve.set_data(INSULIN, self.last[2])
        self.dot.set_data([insulin], [surface(insulin, glut4)])

    def data(self):
        return {"insulin (pmol/L)": INSULIN, "surface GLUT4, this cell (%)": self.last[2],
                "surface GLUT4, reference cell (%)": surface(INSULIN, 1.0)}


def cell_readout(insulin, glut4):
    s, s_ref = surface(insulin, glut4), surface(insulin, 1.0)
    text = (f"at {insulin:g} pmol/L: {s:.1f} % of GLUT4 at the surface (reference cell {s_ref:.1f} %, "
            f"no insulin 4.0 %)")
    if glut4 < 1 and insulin > 0:
        need = cell_need(insulin, glut4)
        text += (f" · this cell needs {need:.0f} pmol/L to match" if need is not None
                 else " · this cell cannot match it below 1200 pmol/L")
    return text


def cell_sentence(insulin, glut4):
    if insulin <= 25:
        return "At fasting insulin almost all GLUT4 stays inside the cell, whatever the response."
    if glut4 < 1:
        return "The same insulin moves less GLUT4 to the surface: the message is heard more faintly."
    if glut4 > 1:
        return "A more responsive cell moves more GLUT4 to the surface for the same insulin."
    return "More insulin, more GLUT4 at the surface, up to a ceiling of about 40 %."


def cell_explorer(mode=None):
    g = GRIDS["cell"]
    return explorer(
        CellView(), [Range("insulin", g["insulin"], label="Insulin level", unit="pmol/L"),
                     Range.knob("glut4", g["glut4"])],
        title="One muscle cell: how much GLUT4 a steady insulin level brings to the surface",
        name="glut4-cell", reference=CELL_REF,
        readout=cell_readout, sentence=cell_sentence,
        presets={"fasting": _preset("healthy", ["glut4"], insulin=25),
                 "after a meal": _preset("healthy", ["glut4"], insulin=250),
                 "after a meal, half response": _preset("glut4_half", ["glut4"], insulin=250)},
        model_card=glut4_model.MODEL_CARD,
        alt="Curve of the percentage of the cell's GLUT4 at the surface against a steady plasma insulin "
            "level from 0 to 1200 pmol/L, the reference cell dashed, a dot at the chosen insulin",
        mode=mode)


# ================================================================== page 2: the dialogue disrupted

COMP_REF = {"glut4": 1.0, "adiponectin": 1.0}


@lru_cache(maxsize=256)
def compensation_run(glut4, adiponectin):
    """A 78-g meal from the model's own fasting state: curves, fasting values, HOMA-IR, meal insulin area."""
    r = meal.simulate("normal", {"glut4": glut4, "adiponectin": adiponectin}, meals=[(0, 78)], t_end=360)
    fasting_uU = units.pmol_to_uU(r.fasting.I)
    return {"t": r.t, "G": r.G, "I": r.I, "G0": r.fasting.G, "I0": fasting_uU,
            "homa": indices.homa_ir(r.fasting.G, fasting_uU),
            "auc": np.trapezoid(r.I - r.fasting.I, r.t) / 1000}   # meal insulin area above fasting, nmol/L·min


def compensation_readout(glut4, adiponectin):
    r, ref = compensation_run(glut4, adiponectin), compensation_run(**COMP_REF)
    change = lambda a, b: plotting.format_change("", a, b).strip()  # noqa: E731
    return (f"fasting glucose {r['G0']:.0f} mg/dL ({change(r['G0'], ref['G0'])}) · "
            f"fasting insulin {r['I0']:.1f} µU/mL ({change(r['I0'], ref['I0'])}) · "
            f"HOMA-IR {r['homa']:.2f} (reference {ref['homa']:.2f}) · "
            f"{plotting.format_change('meal insulin area', r['auc'], ref['auc'])}")


def compensation_sentence(glut4, adiponectin):
    r, ref = compensation_run(glut4, adiponectin), compensation_run(**COMP_REF)
    dg = r["G0"] / ref["G0"] - 1
    di = r["I0"] / ref["I0"] - 1
    if di > 0.05 and r["G0"] >= 100:
        return (f"Fasting insulin is up {100 * di:.0f} %, yet fasting glucose has reached {r['G0']:.0f} mg/dL, "
                "the prediabetes range: with this much resistance, extra insulin no longer fully makes up.")
    if di > 0.05:
        return (f"Fasting insulin is up {100 * di:.0f} % but fasting glucose only {100 * dg:.0f} %: "
                "the pancreas is shouting so that glucose can still look normal.")
    if di < -0.05:
        return "Cells that listen well need less insulin: fasting insulin is below the reference."
    return "The reference subject: a quiet insulin signal keeps glucose in range."


class _MealCourse(TimeCourseView):
    width_px = WIDTH
    margins = {"left": 0.16, "right": 0.97, "bottom": 0.1, "top": 0.97, "hspace": 0.12}


def compensation_explorer(mode=None):
    g = GRIDS["compensation"]
    view = _MealCourse(lambda **p: compensation_run(**p), COMP_REF, meal_panels(glucose_max=220, insulin_max=700),
                       xlabel="Time after a 78-g meal", height_px=520)
    knobs = ["glut4", "adiponectin"]
    return explorer(
        view, [Range.knob("glut4", g["glut4"]), Range.knob("adiponectin", g["adiponectin"])],
        title="A louder signal for the same result: fasting state and meal response",
        name="compensation-meal", reference=COMP_REF,
        readout=compensation_readout, sentence=compensation_sentence,
        presets={"healthy (reference)": _preset("healthy", knobs),
                 "insulin resistant": _preset("insulin_resistant", knobs),
                 "strongly resistant": _preset("strongly_resistant", knobs)},
        model_card=meal.MODEL_CARD,
        alt="Two stacked panels over six hours after a 78-g glucose meal: plasma glucose and plasma "
            "insulin, the reference subject dashed grey",
        mode=mode)


# ------------------------------------------------------------------ months to years: Topp 2000

DAYS = 600
SI_REF = progression.TOPP_SI_REF   # mL/µU/d, Topp's reference insulin sensitivity
SCALE = 1e4 / units.MIN_PER_DAY    # mL/µU/d  ->  10⁻⁴ min⁻¹ per µU/mL
HYPERBOLA = progression.topp_hyperbola_constant()   # SI × fasting insulin at the fixed point, 1/d (7.2)


@lru_cache(maxsize=64)
def topp_run(glut4):
    """Topp 2000 over 600 days after a step in sensitivity (the glut4 knob is the model's S_I multiplier)."""
    r = progression.topp2000({"glut4": glut4}, t_end=DAYS)
    return {"t": r.t, "G": r.G, "I": r.I, "beta": r.beta, "si": SI_REF * glut4 * SCALE}


class HyperbolaView(View):
    """Top: fasting glucose over days. Bottom: fasting insulin against sensitivity, on the hyperbola."""

    width_px, height_px = WIDTH, 600
    margins = {"left": 0.16, "right": 0.97, "bottom": 0.09, "top": 0.97, "hspace": 0.45}

    def setup(self, fig):
        ref = topp_run(1.0)
        self.ax_g, self.ax_h = fig.subplots(2, 1)
        ax = self.ax_g
        ax.set_xlim(0, DAYS)
        ax.set_ylim(70, 180)
        plotting.glucose_bands(ax, "fasting", "mg/dL", axis="y", alpha=0.08)
        ref_line = plotting.reference_line(ax, ref["t"], ref["G"], label="reference", **plotting.REFERENCE_ON_TOP)
        self.g_line = self.animate(ax.plot([], [], color=C["blue"], lw=2.5, label="after the step")[0])
        self.animate(ref_line)
        ax.set_xlabel(plotting.axis_label("Days after sensitivity changes", "d"))
        ax.set_ylabel(plotting.axis_label("Fasting glucose", "mg/dL"))
        ax.legend(loc="upper center", fontsize=LEGEND)
        ax = self.ax_h
        si = np.linspace(1, 10, 200)
        ax.plot(si, HYPERBOLA / (si / SCALE), color="#555555", lw=1.5, ls="--", label="sensitivity × insulin = ref.")
        ref_dot = ax.plot([ref["si"]], [ref["I"][0]], **plotting.REFERENCE_MARKER, label="reference")[0]
        self.path = self.animate(ax.plot([], [], color=C["blue"], lw=2, alpha=0.6)[0])
        self.end = self.animate(ax.plot([], [], "o", ms=11, color=C["vermillion"], label=f"day {DAYS}")[0])
        self.animate(ref_dot)   # a ring around the end point: visible when the two coincide
        ax.set_xlim(1, 10.5)
        ax.set_ylim(0, 40)
        ax.set_xlabel(plotting.axis_label("Insulin sensitivity", "10⁻⁴ min⁻¹ per µU/mL"))
        ax.set_ylabel(plotting.axis_label("Fasting insulin", "µU/mL"))
        ax.legend(loc="upper right", fontsize=LEGEND)

    def update(self, glut4):
        self.last = r = topp_run(glut4)
        ref = topp_run(1.0)
        self.g_line.set_data(r["t"], r["G"])
        self.path.set_data([ref["si"], r["si"], r["si"]], [ref["I"][0], ref["I"][0], r["I"][-1]])
        self.end.set_data([r["si"]], [r["I"][-1]])

    def data(self):
        r = self.last
        return {"t (d)": r["t"], "fasting glucose (mg/dL)": r["G"], "fasting insulin (µU/mL)": r["I"],
                "beta-cell mass (mg)": r["beta"]}


def topp_readout(glut4):
    r = topp_run(glut4)
    off = np.nonzero(np.abs(r["G"] - 100) > 2)[0]
    far = r["G"][np.argmax(np.abs(r["G"] - 100))]
    text = (f"day {DAYS}: fasting glucose {r['G'][-1]:.0f} mg/dL · fasting insulin {r['I'][-1]:.1f} µU/mL "
            f"(reference 10) · β-cell mass {r['beta'][-1]:.0f} mg (reference 300)")
    if off.size:
        text += (f" · {'highest' if far > 100 else 'lowest'} glucose {far:.0f} mg/dL, "
                 f"back within 2 mg/dL of 100 by day {r['t'][off[-1] + 1]:.0f}")
    return text


def topp_sentence(glut4):
    if glut4 < 1:
        return ("Glucose jumps at first, then the growing β-cell mass brings it back to 100 mg/dL; "
                "the price is permanently higher insulin.")
    if glut4 > 1:
        return "Higher sensitivity: the same glucose is held with less insulin and fewer β-cells."
    return "The reference steady state: glucose 100 mg/dL, insulin 10 µU/mL, 300 mg of β-cells."


def topp_explorer(mode=None):
    return explorer(
        HyperbolaView(), [Range.knob("glut4", GRIDS["topp"]["glut4"])],
        title="Months to years: β-cells grow until sensitivity × insulin is restored",
        name="topp-hyperbola", reference={"glut4": 1.0},
        readout=topp_readout, sentence=topp_sentence,
        presets={"sensitivity halved": _preset("glut4_half", ["glut4"])},
        model_card=progression.MODEL_CARDS["topp2000"],
        alt="Top: fasting glucose over 600 days after a step change in insulin sensitivity, with the "
            "ADA fasting bands. Bottom: fasting insulin against insulin sensitivity, with the hyperbola "
            "on which their product equals the reference value and the subject's end point",
        mode=mode)


# ================================================================== page 3: storage and release

NEFA_REF = {"fat_tissue": "healthy", "glut4": 1.0}
REF_FASTING_NEFA = lipolysis.PARAMS["healthy"].NEFA0     #: the reference subject's fasting NEFA, µmol/L


@lru_cache(maxsize=64)
def nefa_run(fat_tissue, glut4):
    """A 78-g meal's insulin (meal model) into the NEFA model: curves, nadir, suppression, time braked."""
    r = meal.simulate("normal", {"glut4": glut4}, meals=[(0, 78)], t_end=420)
    n = lipolysis.after_meal(r, params=FAT_SETS[fat_tissue])
    return {"t": r.t, "I": r.I, "NEFA": n.NEFA, "fasting": n.fasting, "nadir": n.nadir,
            "t_nadir": n.t_nadir, "suppression": n.suppression,
            "below_half": n.time_below(0.5 * REF_FASTING_NEFA)}


def nefa_readout(fat_tissue, glut4):
    r, ref = nefa_run(fat_tissue, glut4), nefa_run(**NEFA_REF)
    return (f"fasting NEFA {r['fasting']:.0f} µmol/L (reference {ref['fasting']:.0f}) · lowest "
            f"{r['nadir']:.0f} µmol/L at {r['t_nadir']:.0f} min, {100 * r['suppression']:.0f} % below fasting "
            f"(reference {100 * ref['suppression']:.0f} %) · below half the reference fasting level for "
            f"{r['below_half']:.0f} min (reference {ref['below_half']:.0f})")


def nefa_sentence(fat_tissue, glut4):
    r, ref = nefa_run(fat_tissue, glut4), nefa_run(**NEFA_REF)
    if r["below_half"] > ref["below_half"] + 10:
        return "More insulin holds the brake on fat release harder and for longer after the meal."
    if r["below_half"] < ref["below_half"] - 10:
        return "Fat release is braked less, or for a shorter time, than in the reference."
    return "After a meal insulin brakes fat release for about two hours, then the brake comes off."


def nefa_explorer(mode=None):
    g = GRIDS["nefa"]
    panels = [Panel("I", "Plasma insulin", "pmol/L", (0, 550)), Panel("NEFA", "Plasma NEFA", "µmol/L", (0, 650))]
    view = _MealCourse(lambda **p: nefa_run(**p), NEFA_REF, panels, xlabel="Time after a 78-g meal", height_px=520)
    return explorer(
        view, [Choice("fat_tissue", g["fat_tissue"], label="NEFA parameters"), Range.knob("glut4", g["glut4"])],
        title="Insulin's brake on fat release after a meal",
        name="nefa-brake", reference=NEFA_REF,
        readout=nefa_readout, sentence=nefa_sentence,
        presets={"healthy (reference)": _preset("healthy", ["glut4"], fat_tissue="healthy"),
                 "more insulin (GLUT4 ×0.5)": _preset("glut4_half", ["glut4"], fat_tissue="healthy"),
                 "metabolic syndrome parameters": _preset("healthy", ["glut4"], fat_tissue="metabolic syndrome")},
        model_card=lipolysis.MODEL_CARD,
        alt="Two stacked panels over seven hours after a 78-g glucose meal: plasma insulin from the meal "
            "model and plasma NEFA from the Boston–Moate model, the reference subject dashed grey",
        mode=mode)


# ================================================================== page 4: a day of meals

DAY_START = 6                                        # clock hour of t = 0 in meal.day (06:00)
DAY_REF = {"glut4": 1.0, "adiponectin": 1.0, "fat_tissue": "healthy"}


@lru_cache(maxsize=128)
def day_run(glut4, adiponectin, fat_tissue):
    """The book's day of three meals (:func:`metabolism.meal.day`, 24 h from 06:00): glucose, insulin, NEFA
    and the day's summary numbers; times ``t`` and ``t_dip`` are clock hours."""
    r = meal.day("normal", {"glut4": glut4, "adiponectin": adiponectin})
    n = lipolysis.after_meal(r, params=FAT_SETS[fat_tissue])
    hours = lambda mask: np.trapezoid(mask.astype(float), r.t) / 60   # noqa: E731
    return {"t": DAY_START + r.t / 60, "G": r.G, "I": r.I, "NEFA": n.NEFA, "G0": r.fasting.G,
            "auc": np.trapezoid(r.I, r.t) / 1000, "above140": hours(r.G > 140),
            "fat_low": n.time_below(0.5 * n.fasting) / 60, "fat_on": hours(n.NEFA >= 0.75 * n.fasting),
            "dip": r.fasting.G - r.G.min(), "t_dip": DAY_START + r.t[np.argmin(r.G)] / 60}


def day_readout(glut4, adiponectin, fat_tissue):
    r, ref = day_run(glut4, adiponectin, fat_tissue), day_run(**DAY_REF)
    return (f"glucose {r['G'].min():.0f}–{r['G'].max():.0f} mg/dL (fasting {r['G0']:.0f}), "
            f">140 for {r['above140']:.1f} h (ref. {ref['above140']:.1f}) · "
            f"{plotting.format_change('24-h insulin', r['auc'], ref['auc'])} · NEFA at ≥ 75 % of fasting "
            f"{r['fat_on']:.1f} h (ref. {ref['fat_on']:.1f}), below 50 % {r['fat_low']:.1f} h "
            f"(ref. {ref['fat_low']:.1f})")


def day_sentence(glut4, adiponectin, fat_tissue):
    r, ref = day_run(glut4, adiponectin, fat_tissue), day_run(**DAY_REF)
    if r["auc"] > 1.15 * ref["auc"]:
        return ("More insulin all day: longer glucose peaks, and fat release braked for more of the day "
                "and free for less of it.")
    if r["auc"] < 0.85 * ref["auc"]:
        return "Less insulin does the same job: shorter glucose peaks and longer spells of fat release."
    return "Glucose rises and falls with each meal; fat release stops after each meal and resumes between them."


class DayView(TimeCourseView):
    width_px = WIDTH
    margins = {"left": 0.16, "right": 0.97, "bottom": 0.075, "top": 0.97, "hspace": 0.15}

    def setup(self, fig):
        super().setup(fig)
        self.axes[-1].set_xticks([8, 12, 16, 20, 24, 28], ["08", "12", "16", "20", "00", "04"])
        for ax in self.axes:
            for t_meal, _ in scenarios.DAY_MEALS:
                ax.axvline(DAY_START + t_meal / 60, color="#888888", lw=1, ls=":")


def day_explorer(mode=None):
    g = GRIDS["day"]
    panels = [Panel("G", "Glucose", "mg/dL", (60, 200)), Panel("I", "Insulin", "pmol/L", (0, 500)),
              Panel("NEFA", "NEFA", "µmol/L", (0, 650))]
    view = DayView(lambda **p: day_run(**p), DAY_REF, panels, time_unit="h", xlabel="Time of day", height_px=700)
    knobs = ["glut4", "adiponectin"]
    return explorer(
        view, [Range.knob("glut4", g["glut4"]), Range.knob("adiponectin", g["adiponectin"]),
               Choice("fat_tissue", g["fat_tissue"], label="NEFA parameters")],
        title="A day of three meals: glucose, insulin and fat release",
        name="day-of-meals", reference=DAY_REF,
        readout=day_readout, sentence=day_sentence,
        presets={"healthy (reference)": _preset("healthy", knobs, fat_tissue="healthy"),
                 "insulin resistant": _preset("insulin_resistant", knobs, fat_tissue="metabolic syndrome"),
                 "very insulin sensitive": _preset("very_sensitive", knobs, fat_tissue="healthy")},
        model_card={**meal.MODEL_CARD,
                    "NEFA model": lipolysis.MODEL_CARD["model"] + "; " + lipolysis.MODEL_CARD["citation"]},
        alt="Three stacked panels over 24 hours from 06:00 with meals at 08:00, 12:00 and 20:00 (dotted): "
            "plasma glucose, plasma insulin and plasma NEFA, the reference subject dashed grey",
        mode=mode)
