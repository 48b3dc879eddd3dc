"""What a field reader gives: a value and the method that found it (its provenance)."""

from __future__ import annotations

from typing import Any, NamedTuple

from newscrawl.extraction.document import Document
from newscrawl.extraction.provenance import PROFILE

NOTHING = ""  # the method of a value no source gave


class Found(NamedTuple):
    value: Any
    method: str


def first(*candidates: tuple[str | None, str]) -> Found:
    """The first candidate with text, stripped, with its method; else (None, NOTHING)."""
    for value, how in candidates:
        if value and value.strip():
            return Found(value.strip(), how)
    return Found(None, NOTHING)


def selected(doc: Document, selectors: tuple[str, ...]) -> Found:
    """The first value a profile's selectors read, with the method `profile`."""
    value = doc.first(selectors) if selectors else None
    return Found(value, PROFILE) if value else Found(None, NOTHING)


def selected_all(doc: Document, selectors: tuple[str, ...]) -> Found:
    """Every value a profile's selectors read, each once, in page order."""
    values = list(dict.fromkeys(v for v in doc.values(selectors) if v)) if selectors else []
    return Found(values, PROFILE) if values else Found([], NOTHING)
