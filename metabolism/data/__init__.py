"""Measured data shipped with the package, each folder with its provenance (see README.md here)."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from .._readonly import freeze
from .._validate import choice

__all__ = ["dallaman2007_fig1", "FIG1_QUANTITIES"]

_HERE = Path(__file__).resolve().parent

#: quantity key -> (file stem, unit)
FIG1_QUANTITIES = freeze({
    "G": ("glc", "mg/dL"), "I": ("ins", "pmol/L"), "EGP": ("egp", "mg/kg/min"),
    "Ra": ("gra", "mg/kg/min"), "U": ("gu", "mg/kg/min"), "S": ("inssec", "pmol/kg/min"),
})


def dallaman2007_fig1(quantity: str):
    """Measured mean ± SD of 204 healthy subjects after a mixed meal (Dalla Man et al. 2007, Fig. 1).

    Returns ``(t_min, mean, sd)`` arrays. Digitised from the published figure by M. König (sbmlutils);
    expect a few percent of digitising error. ``quantity`` is one of G, I, EGP, Ra, U, S.
    """
    stem = FIG1_QUANTITIES[choice("quantity", quantity, FIG1_QUANTITIES)][0]
    table = np.loadtxt(_HERE / "dallaman2007_fig1" / f"fig1_{stem}.csv", delimiter="\t", skiprows=1)
    return table[:, 0], table[:, 1], table[:, 3]
