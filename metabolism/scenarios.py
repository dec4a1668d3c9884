"""Named presets of the meal model (appendix/knobs.md: Presets) [book unless tagged].

``PRESETS[name]`` maps :func:`metabolism.meal.simulate` keyword arguments to values, so
``meal.simulate(**PRESETS["insulin_resistant"])`` runs it; ``CITATIONS[name]`` says where it comes from
and ``LABELS[name]`` is a short human label. The medicine presets (``MEDICINES``: metformin, SGLT2
inhibitor, GLP-1 receptor agonist, tirzepatide, pioglitazone) act on the T2D subject through the meal
model's own mechanisms (liver output, renal threshold and slope, gastric emptying, secretion gain,
adiponectin); ``LEAVES_OUT[name]`` says what a knob setting cannot show. Educational, not medical advice.
Ha 2016 scenarios live in :mod:`metabolism.progression`.

``CASES[name]`` holds the book's recurring virtual people (the case files): a first name, sex, age, a
short story and the meal-model settings that stand for them (``settings``: subject, knobs, body weight,
so ``meal.simulate(**case_settings(name))`` runs one), plus what the sex-hormone links need. Their lab
values and indices are computed, never stored: :func:`metabolism.cases.labs`.

The tables are read-only views (``MappingProxyType``, nested too); :func:`preset` returns a plain
dict the caller may edit.
"""
from __future__ import annotations

from ._readonly import freeze, thaw
from ._validate import choice, short_repr

__all__ = ["PRESETS", "CITATIONS", "LABELS", "LEAVES_OUT", "MEDICINES", "DAY_MEALS", "BODY_WEIGHT", "CASES", "preset",
           "case_settings", "knob_settings"]

#: a day of three meals, (minutes after 06:00, g of carbohydrate): 08:00 45 g, 12:00 70 g, 20:00 70 g
#: (the Dalla Man 2007 normal day) [book]
DAY_MEALS = ((120, 45), (360, 70), (840, 70))

#: body weight of each meal-model subject, kg: the mean of the paper's cohorts (normal 78, T2D 91), the
#: default of :func:`metabolism.meal.day`; needed when a day's meals are scaled (the meal doses are in g)
BODY_WEIGHT = freeze({"normal": 78.0, "t2d": 91.0})

PRESETS = freeze({
    "healthy": {"subject": "normal", "knobs": {}},
    "insulin_resistant": {"subject": "normal", "knobs": {"glut4": 0.5, "adiponectin": 0.5}},
    "t2d": {"subject": "t2d", "knobs": {}},
    "metformin": {"subject": "t2d", "knobs": {"hepatic_output": 0.76}},
    "exercise_trained": {"subject": "normal", "knobs": {"glut4": 1.25}},
    "igt_approx": {"subject": "normal", "knobs": {"glut4": 0.5, "adiponectin": 0.25}},
    # today's medicines, each through the meal model's own mechanisms, on the T2D subject by default
    "sglt2i": {"subject": "t2d", "knobs": {"renal_threshold": 40.0, "renal_excretion": 6.0}},
    "glp1ra": {"subject": "t2d", "knobs": {"gastric_emptying": 0.65, "insulin_secretion": 2.1}},
    "tirzepatide": {"subject": "t2d", "knobs": {"gastric_emptying": 0.65, "insulin_secretion": 2.1,
                                                "glut4": 1.3}},
    "pioglitazone": {"subject": "t2d", "knobs": {"adiponectin": 2.1}},
    "glut4_half": {"subject": "normal", "knobs": {"glut4": 0.5}},
    "strongly_resistant": {"subject": "normal", "knobs": {"glut4": 0.2, "adiponectin": 0.25}},
    "very_sensitive": {"subject": "normal", "knobs": {"glut4": 1.5, "adiponectin": 2.0}},
    "liver_high": {"subject": "normal", "knobs": {"hepatic_output": 1.5}},
    "metformin_healthy": {"subject": "normal", "knobs": {"hepatic_output": 0.76}},
    "adiponectin_half": {"subject": "normal", "knobs": {"adiponectin": 0.5}},
    "muscle_t2d_clamp": {"subject": "normal", "knobs": {"glut4": 0.35}},
    "muscle_and_liver": {"subject": "normal", "knobs": {"glut4": 0.5, "hepatic_output": 1.5}},
})

#: the medicine presets, in the order a chapter lists them
MEDICINES = ("metformin", "sglt2i", "glp1ra", "tirzepatide", "pioglitazone")

CITATIONS = freeze({
    "healthy": "Dalla Man, Rizza & Cobelli 2007, IEEE TBME 54:1740 (normal subject, Table I)",
    "insulin_resistant": "book preset on the Dalla Man 2007 normal subject (glut4 0.5, adiponectin 0.5)",
    "t2d": "Dalla Man, Rizza & Cobelli 2007, IEEE TBME 54:1740 (T2D subject; basal derived from Table I)",
    "metformin": "Hundal et al. 2000, Diabetes 49:2063: metformin lowers EGP by ≈24 % [abstract]",
    "exercise_trained": ("Romeres et al. 2021, AJP Endo 321:E122: insulin-dependent uptake +10-40 % after "
                         "exercise [secondary]; add exercise terms (meal.simulate(exercise=...)) for a bout"),
    "igt_approx": ("approximation of the IGT variant of Dalla Man 2007 (Vmx and kp3 halved) through the "
                   "knobs glut4 0.5, adiponectin 0.25 [book]"),
    "sglt2i": ("renal threshold 40 mg/dL: empagliflozin lowered the plasma glucose threshold for glucose "
               "spillage to < 40 mg/dL in people with and without T2D (Al-Jobori et al. 2017, Diabetes 66:1999) "
               "[abstract]; excretion slope ×6 [book calibration] so that about a third of the filtered glucose "
               "(GFR 125 mL/min) is excreted over the T2D day, inside the 30-50 % SGLT2 inhibitors achieve "
               "(Liu, Lee & DeFronzo 2012, Diabetes 61:2199) [abstract]"),
    "glp1ra": ("semaglutide 1.0 mg weekly at steady state: gastric emptying ×0.65 [book calibration] reproduces "
               "the first-hour paracetamol-absorption ratio 0.73 (Hjerpsted et al. 2018, Diabetes Obes Metab "
               "20:610) [abstract]; glucose-driven secretion ×2.1, the second-phase IVGTT insulin ratio 2.10 "
               "(Kapitza et al. 2017, Diabetologia 60:1390; first phase ×3.02) [abstract]"),
    "tirzepatide": ("the GLP-1 receptor agonist settings plus GLUT4 ×1.3 [book choice]: tirzepatide 15 mg improved "
                    "clamp insulin sensitivity more than semaglutide 1 mg (Heise et al. 2022, Lancet Diabetes "
                    "Endocrinol 10:418; Mather et al. 2025, Diabetes Obes Metab 27:1507) [abstract]; the size of "
                    "the GLUT4 step is not a measured value"),
    "pioglitazone": ("adiponectin 21 µg/mL (knob 2.1): pioglitazone 45 mg/d for 16 weeks raised plasma adiponectin "
                     "from 7 to 21 µg/mL in T2D (Bajaj et al. 2004, J Clin Endocrinol Metab 89:200) [abstract]; "
                     "its effect on insulin action acts through the book's assumed adiponectin gain a**0.5"),
    "glut4_half": "book teaching setting: muscle and fat answer insulin at half strength, nothing else changed",
    "strongly_resistant": ("book preset at the low ends of the knob ranges (glut4 0.2, adiponectin 0.25): fasting "
                           "glucose reaches the impaired-fasting range in the meal model"),
    "very_sensitive": "book preset at the high side of the knob ranges (glut4 1.5, adiponectin 2.0)",
    "liver_high": "book preset: basal liver output ×1.5 on the normal subject (a liver-led insulin resistance)",
    "metformin_healthy": ("the metformin knob setting (hepatic output 0.76, Hundal et al. 2000 [abstract]) on "
                          "the normal subject"),
    "adiponectin_half": ("book preset: adiponectin halved (5 µg/mL), the insulin-resistant group of Kern et al. "
                         "2003 [abstract]; its effect on insulin action is the book's assumed gain"),
    "muscle_t2d_clamp": ("book preset: GLUT4 ×0.35 brings the model's clamp M (600 pmol/L) onto the type 2 diabetes "
                         "mean of DeFronzo et al. 1985, 4.37 ± 0.45 mg/kg/min [abstract]"),
    "muscle_and_liver": "book preset: muscle halved (GLUT4 ×0.5) and basal liver output ×1.5 together",
})

#: what each medicine preset leaves out (the knob setting is not the drug)
LEAVES_OUT = freeze({
    "metformin": "lower appetite and weight over months, gut effects, lactate; outcomes (UKPDS) are not modelled",
    "sglt2i": ("weight loss (≈ 200-300 kcal/day lost as glucose), natriuresis and blood pressure, the rise in "
               "glucagon and liver glucose output seen on SGLT2 inhibitors, ketones, and the heart and kidney "
               "outcomes (EMPA-REG OUTCOME, DAPA-CKD)"),
    "glp1ra": ("appetite and weight loss over months, lower glucagon, the fading of the slowed emptying with "
               "continued dosing (the first doses slow it far more), and cardiovascular outcomes; the model's "
               "secretion acts only above the basal glucose, so fasting glucose barely moves"),
    "tirzepatide": "as for GLP-1 receptor agonists; the GIP action on fat tissue is lumped into the GLUT4 step",
    "pioglitazone": ("weight gain and fluid retention, the fall in liver fat, and outcomes (PROactive, IRIS); the "
                     "adiponectin → insulin-action gain is a book assumption"),
})

LABELS = freeze({
    "healthy": "Healthy (reference)",
    "insulin_resistant": "Insulin resistant",
    "t2d": "Type 2 diabetes (paper subject)",
    "metformin": "Metformin (hepatic output 0.76)",
    "exercise_trained": "Exercise trained (GLUT4 ×1.25)",
    "igt_approx": "IGT (approximation)",
    "sglt2i": "SGLT2 inhibitor (empagliflozin-like)",
    "glp1ra": "GLP-1 receptor agonist (semaglutide-like)",
    "tirzepatide": "Tirzepatide (GIP/GLP-1)",
    "pioglitazone": "Pioglitazone",
    "glut4_half": "GLUT4 at half strength",
    "strongly_resistant": "Strongly insulin resistant",
    "very_sensitive": "Very insulin sensitive",
    "liver_high": "High basal liver output (×1.5)",
    "metformin_healthy": "Metformin on the healthy subject (hepatic output 0.76)",
    "adiponectin_half": "Adiponectin halved (5 µg/mL)",
    "muscle_t2d_clamp": "Muscle at the type 2 diabetes clamp (GLUT4 ×0.35)",
    "muscle_and_liver": "Muscle and liver (GLUT4 ×0.5, liver output ×1.5)",
})


#: the case files: recurring virtual people the chapters, exercises and class activities reuse [book].
#: Each is a meal-model setting chosen to tell one story, not a fitted patient. ``hormones`` names the
#: sex-hormone link the case uses ("female_pcos", "male" or None); ``bmi`` feeds the fat-mass link.
CASES = freeze({
    "trained_lean": {
        "name": "Sam", "title": "trained, lean adult",
        "sex": "male", "age": 34, "bmi": 21.0, "hormones": None,
        "story": ("Cycles to work and trains three evenings a week. Lean, never ill, and curious what his "
                  "numbers look like next to everyone else's: the book's picture of a muscle that answers "
                  "insulin more strongly than the reference."),
        "settings": {"subject": "normal", "knobs": {"glut4": 1.25, "adiponectin": 1.5}, "body_weight": 64.0},
        "why": "GLUT4 ×1.25 is the book's trained-muscle setting; adiponectin ×1.5 stands for a lean body",
    },
    "central_obesity": {
        "name": "Tom", "title": "sedentary, central obesity",
        "sex": "male", "age": 47, "bmi": 31.0, "hormones": "male",
        "story": ("Office job, drives everywhere, waist has grown over ten years. His fasting glucose at a "
                  "work check-up was normal, so nobody worried; an oral glucose test tells another story."),
        "settings": {"subject": "normal", "knobs": {"glut4": 0.5, "adiponectin": 0.5}, "body_weight": 98.0},
        "why": "the book's insulin-resistant preset (muscle and adiponectin halved) at a heavier body weight",
    },
    "pcos": {
        "name": "Leila", "title": "polycystic ovary syndrome",
        "sex": "female", "age": 27, "bmi": 26.0, "hormones": "female_pcos",
        "story": ("Irregular periods since her teens and acne that came back in her twenties; a diagnosis of "
                  "polycystic ovary syndrome. Only slightly overweight, yet her muscle answers insulin "
                  "poorly, and her ovaries answer the extra insulin with extra testosterone."),
        "settings": {"subject": "normal", "knobs": {"glut4": 0.5, "adiponectin": 0.75}, "body_weight": 70.0},
        "why": ("muscle halved, adiponectin less reduced than in the heavier cases; androgens from the PCOS "
                "ovary link driven by her meal insulin"),
    },
    "metsyn_low_t": {
        "name": "Raj", "title": "metabolic syndrome, low testosterone",
        "sex": "male", "age": 54, "bmi": 34.0, "hormones": "male",
        "story": ("Large waist, blood pressure and triglycerides up, HDL down: the metabolic syndrome. Tired, "
                  "low libido; his total testosterone came back lower than his doctor expected."),
        "settings": {"subject": "normal", "knobs": {"glut4": 0.4, "adiponectin": 0.4, "hepatic_output": 1.15},
                     "body_weight": 106.0},
        "why": ("muscle and adiponectin cut further, liver output raised a little; testosterone from the "
                "insulin-SHBG link, oestradiol from his fat mass"),
    },
    "liver_prediabetes": {
        "name": "Grace", "title": "prediabetes with a fatty liver",
        "sex": "female", "age": 58, "bmi": 29.0, "hormones": None,
        "story": ("A routine blood test found a fasting glucose just above normal, and an ultrasound showed a "
                  "fatty liver (MASLD). Her muscle is close to normal; her liver releases too much glucose "
                  "overnight."),
        "settings": {"subject": "normal", "knobs": {"hepatic_output": 1.45}, "body_weight": 80.0},
        "why": "liver output ×1.45 with muscle at the reference: the liver-first pattern of raised fasting glucose",
    },
    "early_t2d": {
        "name": "Walter", "title": "early type 2 diabetes",
        "sex": "male", "age": 61, "bmi": 31.0, "hormones": None,
        "story": ("Diagnosed with type 2 diabetes this year after a raised glycated haemoglobin at a "
                  "check-up. No medicine yet; his doctor wants to try lifestyle change first and talk "
                  "about metformin."),
        "settings": {"subject": "t2d", "knobs": {}, "body_weight": 91.0},
        "why": "the paper's subject with type 2 diabetes (Dalla Man 2007) at its cohort's body weight",
    },
})


def case_settings(name: str) -> dict:
    """A writable copy of ``CASES[name]["settings"]``: keyword arguments of :func:`metabolism.meal.simulate`."""
    return thaw(CASES[choice("name", name, CASES)]["settings"])


def preset(name: str, subject: str | None = None) -> dict:
    """A writable copy of ``PRESETS[name]``; ``subject`` overrides the subject (e.g. metformin on "normal")."""
    kw = thaw(PRESETS[choice("name", name, PRESETS)])
    if subject is not None:
        kw["subject"] = choice("subject", subject, ("normal", "t2d"))
    return kw


def knob_settings(name: str, knobs, subject: str = "normal") -> dict:
    """The knob values of preset ``name`` for an explorer whose knob controls are ``knobs`` (names) and
    whose model subject is ``subject``.

    Knobs the preset leaves alone get their book default; a preset that sets a knob the explorer has no
    control for, or is defined on another subject, is an error (the explorer could not show it).
    """
    from .knobs import KNOBS

    subject = choice("subject", subject, ("normal", "t2d"))
    if isinstance(knobs, (str, bytes)) or not hasattr(knobs, "__iter__"):
        raise TypeError(f"knobs={short_repr(knobs)} must be a list of knob names from {', '.join(KNOBS)}")
    knobs = [choice("knobs", k, tuple(KNOBS)) for k in knobs]
    kw = preset(name)
    if kw["subject"] != subject:
        raise ValueError(f"preset {name!r} is defined on the {kw['subject']!r} subject, not {subject!r}")
    missing = [k for k in kw["knobs"] if k not in knobs]
    if missing:
        raise ValueError(f"preset {name!r} sets {', '.join(missing)}, which the explorer has no control for "
                         f"(its knobs: {', '.join(knobs) or 'none'})")
    return {k: kw["knobs"].get(k, KNOBS[k].default) for k in knobs}
