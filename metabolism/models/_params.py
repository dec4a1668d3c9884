"""How every model declares its parameters: a dataclass field carrying unit, meaning, tag and source.

Parameters are data (DESIGN.md §4): model cards, slider bounds and docs read these metadata.
"""
from __future__ import annotations

from dataclasses import MISSING, field, fields


def param(value=MISSING, unit: str = "", meaning: str = "", tag: str = "[paper]", source: str = ""):
    """A dataclass field whose metadata hold the unit, the meaning, the confidence tag and the source."""
    return field(default=value, metadata={"unit": unit, "meaning": meaning, "tag": tag, "source": source})


def field_metadata(cls) -> dict:
    """{parameter name: {"unit", "meaning", "tag", "source"}} of a parameter dataclass."""
    return {f.name: dict(f.metadata) for f in fields(cls)}
