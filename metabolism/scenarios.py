"""Named presets of the meal model (spec/MODELS.md §11.3 and §14 item 9) [book unless tagged].

``PRESETS[name]`` is a dict of :func:`metabolism.meal.simulate` keyword arguments, so
``meal.simulate(**PRESETS["insulin_resistant"])`` runs it; ``CITATIONS[name]`` says where it comes from
and ``LABELS[name]`` is a short human label. Ha 2016 scenarios live in :mod:`metabolism.progression`.
"""
from __future__ import annotations

import copy

__all__ = ["PRESETS", "CITATIONS", "LABELS", "preset", "knob_settings"]

PRESETS = {
    "healthy": {"subject": "normal", "knobs": {}},
    "insulin_resistant": {"subject": "normal", "knobs": {"glut4": 0.5, "adiponectin": 0.5}},
    "t2d": {"subject": "t2d", "knobs": {}},
    "metformin": {"subject": "t2d", "knobs": {"hepatic_output": 0.76}},
    "exercise_trained": {"subject": "normal", "knobs": {"glut4": 1.25}},
    "igt_approx": {"subject": "normal", "knobs": {"glut4": 0.5, "adiponectin": 0.25}},
    "glut4_half": {"subject": "normal", "knobs": {"glut4": 0.5}},
    "strongly_resistant": {"subject": "normal", "knobs": {"glut4": 0.2, "adiponectin": 0.25}},
    "very_sensitive": {"subject": "normal", "knobs": {"glut4": 1.5, "adiponectin": 2.0}},
}

CITATIONS = {
    "healthy": "Dalla Man, Rizza & Cobelli 2007, IEEE TBME 54:1740 (normal subject, Table I)",
    "insulin_resistant": "book preset on the Dalla Man 2007 normal subject (glut4 0.5, adiponectin 0.5)",
    "t2d": "Dalla Man, Rizza & Cobelli 2007, IEEE TBME 54:1740 (T2D subject; basal derived from Table I)",
    "metformin": "Hundal et al. 2000, Diabetes 49:2063: metformin lowers EGP by ≈24 % [abstract]",
    "exercise_trained": ("Romeres et al. 2021, AJP Endo 321:E122: insulin-dependent uptake +10-40 % after "
                         "exercise [secondary]; add exercise terms (meal.simulate(exercise=...)) for a bout"),
    "igt_approx": ("approximation of the IGT variant of Dalla Man 2007 (Vmx and kp3 halved) through the "
                   "knobs glut4 0.5, adiponectin 0.25 [book]"),
    "glut4_half": "book teaching setting: muscle and fat answer insulin at half strength, nothing else changed",
    "strongly_resistant": ("book preset at the low ends of the knob ranges (glut4 0.2, adiponectin 0.25): fasting "
                           "glucose reaches the impaired-fasting range in the meal model"),
    "very_sensitive": "book preset at the high side of the knob ranges (glut4 1.5, adiponectin 2.0)",
}

LABELS = {
    "healthy": "Healthy (reference)",
    "insulin_resistant": "Insulin resistant",
    "t2d": "Type 2 diabetes (paper subject)",
    "metformin": "Metformin (hepatic output 0.76)",
    "exercise_trained": "Exercise trained (GLUT4 ×1.25)",
    "igt_approx": "IGT (approximation)",
    "glut4_half": "GLUT4 at half strength",
    "strongly_resistant": "Strongly insulin resistant",
    "very_sensitive": "Very insulin sensitive",
}


def preset(name: str, subject: str | None = None) -> dict:
    """A copy of ``PRESETS[name]``; ``subject`` overrides the subject (e.g. metformin on "normal")."""
    if name not in PRESETS:
        raise ValueError(f"preset name={name!r} is unknown; choose one of {', '.join(PRESETS)}")
    kw = copy.deepcopy(PRESETS[name])
    if subject is not None:
        if subject not in ("normal", "t2d"):
            raise ValueError(f"subject={subject!r} is not allowed; choose 'normal' or 't2d'")
        kw["subject"] = subject
    return kw


def knob_settings(name: str, knobs, subject: str = "normal") -> dict:
    """The knob values of preset ``name`` for an explorer whose knob controls are ``knobs`` (names) and
    whose model subject is ``subject``.

    Knobs the preset leaves alone get their book default; a preset that sets a knob the explorer has no
    control for, or is defined on another subject, is an error (the explorer could not show it).
    """
    from .knobs import KNOBS

    kw = preset(name)
    if kw["subject"] != subject:
        raise ValueError(f"preset {name!r} is defined on the {kw['subject']!r} subject, not {subject!r}")
    missing = [k for k in kw["knobs"] if k not in knobs]
    if missing:
        raise ValueError(f"preset {name!r} sets {', '.join(missing)}, which the explorer has no control for "
                         f"(its knobs: {', '.join(knobs) or 'none'})")
    return {k: kw["knobs"].get(k, KNOBS[k].default) for k in knobs}
