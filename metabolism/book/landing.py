"""The landing page's explorer: two fasting numbers, three verdicts (HOMA-IR, QUICKI, ADA category).

The reader sets fasting glucose and insulin; the figure places the sample on a map of fasting glucose
against fasting insulin with the ADA fasting categories shaded and two HOMA-IR curves; the readout gives
HOMA-IR, QUICKI and the category. ``intro.md`` calls :func:`fasting_explorer`.
"""
from __future__ import annotations

import numpy as np

from .. import indices, plotting, units
from ..explorer import Choice, Range, View, explorer

__all__ = ["REF", "GLUCOSE_MGDL", "INSULIN_UU", "UNITS", "PRESETS", "FastingMap", "readout", "sentence",
           "fasting_explorer"]

#: a lean, healthy adult: HOMA-IR 1.1
REF = {"glucose": 90, "insulin": 5, "unit": "mg/dL"}
#: grid of the glucose control, mg/dL (126 is the ADA diabetes threshold)
GLUCOSE_MGDL = [70, 75, 80, 85, 90, 95, 100, 105, 110, 115, 120, 126, 133, 140, 150]
#: grid of the insulin control, µU/mL
INSULIN_UU = [2, 3, 4, 5, 6, 8, 10, 12, 15, 18, 21, 25, 30]
UNITS = ["mg/dL", "mmol/L"]
PRESETS = {"lean, insulin sensitive": {"glucose": 80, "insulin": 3},
           "compensated insulin resistance": {"glucose": 90, "insulin": 18},
           "prediabetes (IFG)": {"glucose": 110, "insulin": 12},
           "type 2 diabetes": {"glucose": 140, "insulin": 12}}


def _k(unit):
    return 1.0 if unit == "mg/dL" else 1 / units.MGDL_PER_MMOL


class FastingMap(View):
    """Fasting glucose (x) against fasting insulin (y): ADA bands, HOMA-IR curves, the sample as a dot."""

    width_px = 520       # at a 358-px phone column 11-pt text still reads at >= 10 CSS px
    height_px = 420
    margins = {"left": 0.15, "right": 0.96, "bottom": 0.14, "top": 0.95}

    def setup(self, fig):
        self.ax = fig.add_subplot()
        self.unit = None
        self.dot = self.animate(self.ax.plot([], [], "o", ms=13, color=plotting.PALETTE["blue"],
                                             label="your sample")[0])
        # the reference as a ring drawn after the sample's dot: it shows around it at the default setting
        self.ref = self.animate(self.ax.plot([], [], **plotting.REFERENCE_MARKER, label="reference")[0])

    def _axes_for(self, unit):
        """Redraw the static parts (bands, HOMA-IR curves, labels) in the chosen glucose unit."""
        ax, k = self.ax, _k(unit)
        for artist in [*ax.patches, *ax.texts, *ax.lines[2:]]:
            artist.remove()
        ax.set_xlim(60 * k, 155 * k)
        ax.set_ylim(0, 32)
        plotting.glucose_bands(ax, "fasting", unit, axis="x")
        g = np.linspace(60, 155, 100)
        for h, style in zip(indices.HOMA_IR_ISOLINES, [":", "--"]):
            ax.plot(g * k, indices.homa_ir_isoline(h, g), style, color="#555555", lw=1.2)
            ax.annotate(f"HOMA-IR {h:g}", (153 * k, indices.homa_ir_isoline(h, 153)), ha="right", va="bottom",
                        fontsize=11)
        ax.set_xlabel(plotting.axis_label("Fasting glucose", unit))
        ax.set_ylabel(plotting.axis_label("Fasting insulin", "µU/mL"))
        ax.legend(loc="upper left", bbox_to_anchor=(0.0, 0.8))
        self.ref.set_data([REF["glucose"] * k], [REF["insulin"]])
        self.unit = unit
        self.invalidate()

    def update(self, glucose, insulin, unit):
        if unit != self.unit:
            self._axes_for(unit)
        self.dot.set_data([glucose * _k(unit)], [insulin])
        self.last = (glucose, insulin, unit)

    def data(self):
        glucose, insulin, unit = self.last
        return {"glucose (mg/dL)": [glucose], "glucose (mmol/L)": [round(units.mgdl_to_mmol(glucose), 2)],
                "insulin (µU/mL)": [insulin], "insulin (pmol/L)": [round(units.uU_to_pmol(insulin), 1)],
                "HOMA-IR": [round(indices.homa_ir(glucose, insulin), 3)],
                "QUICKI": [round(indices.quicki(glucose, insulin), 4)],
                "ADA category": [indices.ada_category(fpg_mgdl=glucose).category]}


def readout(glucose, insulin, unit):
    h, q = indices.homa_ir(glucose, insulin), indices.quicki(glucose, insulin)
    ada = indices.ada_category(fpg_mgdl=glucose)
    cat = ada.category + (f" ({', '.join(ada.detail)})" if ada.detail else "")
    g = f"{glucose:g} mg/dL" if unit == "mg/dL" else f"{units.mgdl_to_mmol(glucose):.1f} mmol/L"
    return (f"glucose {g}, insulin {insulin:g} µU/mL ({units.uU_to_pmol(insulin):.0f} pmol/L) · "
            f"HOMA-IR {h:.2f} (reference {indices.homa_ir(REF['glucose'], REF['insulin']):.2f}) · "
            f"QUICKI {q:.3f} · ADA: {cat}")


def sentence(glucose, insulin, unit):
    h = indices.homa_ir(glucose, insulin)
    cat = indices.ada_category(fpg_mgdl=glucose).category
    if cat == "normal" and h >= indices.HOMA_IR_ISOLINES[-1]:
        return ("Glucose is still normal, but it takes a lot of insulin to keep it there: "
                "the pattern of compensated insulin resistance.")
    if cat == "normal":
        return "Normal fasting glucose held with a modest amount of insulin."
    if cat == "prediabetes":
        return "Fasting glucose is in the prediabetes range (impaired fasting glucose)."
    return "Fasting glucose is in the diabetes range (a diagnosis needs a repeat test)."


def _glucose_text(g):
    return f"{g:g} mg/dL ({units.mgdl_to_mmol(g):.1f} mmol/L)"


def fasting_explorer(mode=None):
    """The landing page's explorer (glucose and insulin ranges, a glucose-unit choice, four presets)."""
    return explorer(
        FastingMap(),
        [Range("glucose", GLUCOSE_MGDL, label="Fasting glucose", unit="mg/dL", text=_glucose_text),
         Range("insulin", INSULIN_UU, label="Fasting insulin", unit="µU/mL"),
         Choice("unit", UNITS, label="Glucose unit")],
        title="Two fasting numbers, three verdicts: HOMA-IR, QUICKI and the ADA category",
        name="fasting",
        reference=REF, presets=PRESETS, readout=readout, sentence=sentence,
        model_card={"model": "Fasting indices: HOMA-IR, QUICKI and the ADA fasting category",
                    "citation": "Matthews et al. 1985; Katz et al. 2000; ADA Standards of Care 2025",
                    "valid": "fasting samples only; HOMA was calibrated on glucose 3–25 mmol/L",
                    "leaves_out": "meals, muscle versus liver, β-cell function over time; HOMA-IR "
                                  "has no universal cut-off (2.5 is a convention)"},
        alt="Map of fasting glucose against fasting insulin with the ADA glucose categories shaded "
            "and HOMA-IR 1 and 2.5 curves; a dot marks the chosen sample",
        mode=mode)
