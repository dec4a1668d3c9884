"""Named presets of the meal model (spec/MODELS.md §11.3 and §14 item 9) [book unless tagged].

``PRESETS[name]`` maps :func:`metabolism.meal.simulate` keyword arguments to values, so
``meal.simulate(**PRESETS["insulin_resistant"])`` runs it; ``CITATIONS[name]`` says where it comes from
and ``LABELS[name]`` is a short human label. Ha 2016 scenarios live in :mod:`metabolism.progression`.

The three tables are read-only views (``MappingProxyType``, nested too); :func:`preset` returns a plain
dict the caller may edit.
"""
from __future__ import annotations

from ._readonly import freeze, thaw
from ._validate import choice

__all__ = ["PRESETS", "CITATIONS", "LABELS", "preset"]

PRESETS = freeze({
    "healthy": {"subject": "normal", "knobs": {}},
    "insulin_resistant": {"subject": "normal", "knobs": {"glut4": 0.5, "adiponectin": 0.5}},
    "t2d": {"subject": "t2d", "knobs": {}},
    "metformin": {"subject": "t2d", "knobs": {"hepatic_output": 0.76}},
    "exercise_trained": {"subject": "normal", "knobs": {"glut4": 1.25}},
    "igt_approx": {"subject": "normal", "knobs": {"glut4": 0.5, "adiponectin": 0.25}},
})

CITATIONS = freeze({
    "healthy": "Dalla Man, Rizza & Cobelli 2007, IEEE TBME 54:1740 (normal subject, Table I)",
    "insulin_resistant": "book preset on the Dalla Man 2007 normal subject (glut4 0.5, adiponectin 0.5)",
    "t2d": "Dalla Man, Rizza & Cobelli 2007, IEEE TBME 54:1740 (T2D subject; basal derived from Table I)",
    "metformin": "Hundal et al. 2000, Diabetes 49:2063: metformin lowers EGP by ≈24 % [abstract]",
    "exercise_trained": ("Romeres et al. 2021, AJP Endo 321:E122: insulin-dependent uptake +10-40 % after "
                         "exercise [secondary]; add exercise terms (meal.simulate(exercise=...)) for a bout"),
    "igt_approx": ("approximation of the IGT variant of Dalla Man 2007 (Vmx and kp3 halved) through the "
                   "knobs glut4 0.5, adiponectin 0.25 [book]"),
})

LABELS = freeze({
    "healthy": "Healthy (reference)",
    "insulin_resistant": "Insulin resistant",
    "t2d": "Type 2 diabetes (paper subject)",
    "metformin": "Metformin (hepatic output 0.76)",
    "exercise_trained": "Exercise trained (GLUT4 ×1.25)",
    "igt_approx": "IGT (approximation)",
})


def preset(name: str, subject: str | None = None) -> dict:
    """A writable copy of ``PRESETS[name]``; ``subject`` overrides the subject (e.g. metformin on "normal")."""
    kw = thaw(PRESETS[choice("name", name, PRESETS)])
    if subject is not None:
        kw["subject"] = choice("subject", subject, ("normal", "t2d"))
    return kw
