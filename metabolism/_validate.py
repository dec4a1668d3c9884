"""Input checks shared by every public function of :mod:`metabolism`.

Each check raises :class:`ValueError` whose message names the argument, the
value it received and what is allowed, so a reader (or a widget) can show the
message as it is.
"""
from __future__ import annotations

import math
from numbers import Real

import numpy as np

__all__ = ["number", "in_range", "positive", "array_in_range", "choice", "size_at_most", "short_repr",
           "ModelValidityError"]

#: longest echo of a bad value in a message (a pasted megabyte is not repeated back)
ECHO_MAX = 60


def short_repr(value) -> str:
    """``repr(value)``, cut to :data:`ECHO_MAX` characters with an ellipsis."""
    r = repr(value)
    return r if len(r) <= ECHO_MAX else r[:ECHO_MAX - 1] + "…"


class ModelValidityError(ValueError):
    """The inputs are allowed one by one, but together they drive a model outside its validity domain
    (e.g. glucose towards zero in a model without counter-regulation). The message names the inputs."""


def number(name: str, value) -> float:
    """Return ``value`` as a float, or raise if it is not a finite real number."""
    if isinstance(value, bool) or not isinstance(value, (Real, np.number)):
        raise ValueError(f"{name}={short_repr(value)} is not a number")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name}={value} is not a finite number")
    return value


def in_range(name: str, value, lo: float, hi: float, unit: str = "") -> float:
    """Return ``value`` as a float if ``lo <= value <= hi``; otherwise raise."""
    value = number(name, value)
    if not lo <= value <= hi:
        u = f" {unit}" if unit else ""
        raise ValueError(
            f"{name}={value:g}{u} is outside the allowed range {lo:g}–{hi:g}{u}")
    return value


def positive(name: str, value, unit: str = "") -> float:
    """Return ``value`` as a float if it is finite and > 0; otherwise raise."""
    value = number(name, value)
    if value <= 0:
        u = f" {unit}" if unit else ""
        raise ValueError(f"{name}={value:g}{u} must be greater than 0")
    return value


def array_in_range(name: str, values, lo: float, hi: float, unit: str = "") -> np.ndarray:
    """Check every element of an array-like; return it as a float array."""
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name}={short_repr(values)} is not numeric") from None
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains a value that is not a finite number")
    bad = (arr < lo) | (arr > hi)
    if np.any(bad):
        u = f" {unit}" if unit else ""
        first = arr[bad].flat[0]
        raise ValueError(
            f"{name}={first:g}{u} is outside the allowed range {lo:g}–{hi:g}{u}")
    return arr


def choice(name: str, value, allowed):
    """Return ``value`` if it is one of ``allowed``; otherwise raise (unhashable values included)."""
    try:
        ok = value in allowed
    except (TypeError, ValueError):          # e.g. a list looked up in a dict, or an array compared
        ok = False
    if not ok:
        raise ValueError(f"{name}={short_repr(value)} is not allowed; choose one of "
                         f"{', '.join(repr(a) for a in allowed)}")
    return value


def size_at_most(name: str, arr: np.ndarray, limit: int) -> np.ndarray:
    """Return ``arr`` if it has at most ``limit`` elements (bounded work); otherwise raise."""
    if arr.size > limit:
        raise ValueError(f"{name} has {arr.size} values; at most {limit} are allowed")
    return arr
