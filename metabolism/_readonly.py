"""Read-only module tables and results: nothing a caller mutates can change the next call.

:func:`freeze` turns a table (nested dicts, lists, numpy arrays) into read-only views:
``MappingProxyType`` for dicts, tuples for lists, non-writeable arrays. Mutating one raises
``TypeError`` (mappings, tuples) or numpy's own ``ValueError`` (arrays). :func:`thaw` gives back
plain, writable copies (e.g. keyword arguments a caller may edit).
"""
from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import numpy as np

__all__ = ["freeze", "thaw", "readonly"]


def readonly(arr: np.ndarray) -> np.ndarray:
    """Mark ``arr`` read-only in place and return it (for arrays kept in a cache)."""
    arr.setflags(write=False)
    return arr


def freeze(obj):
    """A read-only view of ``obj``: mappings → MappingProxyType, lists → tuples, arrays → read-only copies."""
    if isinstance(obj, Mapping):
        return MappingProxyType({k: freeze(v) for k, v in obj.items()})
    if isinstance(obj, (list, tuple)) and not hasattr(obj, "_fields"):     # NamedTuples are left as they are
        return tuple(freeze(v) for v in obj)
    if isinstance(obj, np.ndarray):
        return readonly(obj.copy())
    return obj


def thaw(obj):
    """A writable copy of a frozen table: mappings → dicts, arrays → writable copies (tuples stay tuples)."""
    if isinstance(obj, Mapping):
        return {k: thaw(v) for k, v in obj.items()}
    if isinstance(obj, np.ndarray):
        return obj.copy()
    return obj
