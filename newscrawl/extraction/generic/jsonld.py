"""Values of JSON-LD properties: names of people and organisations, plain text.

Many CMSs write JSON-LD strings HTML-escaped ("Maria &amp; Katerina", "&#8217;"), which a
<script> does not unescape: the values are unescaped here, as a reader would see them.
"""

from __future__ import annotations

import html
from typing import Any


def names_of(value: Any) -> list[str]:
    """Names from a JSON-LD person/org value: a string, an object with `name`, or a list."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, list):
            name = name[0] if name else None
        if isinstance(name, str) and name.strip():
            names.append(_unescaped(name.strip()))
    return names


_ORGANISATIONS = frozenset(
    ("organization", "newsmediaorganization", "corporation", "educationalorganization",
     "governmentorganization", "medicalorganization", "ngo", "localbusiness", "website")
)  # fmt: skip


def people_of(value: Any) -> list[str]:
    """Names from a JSON-LD author value, leaving out items typed as an organisation (a site
    naming itself the author of every page)."""
    items = value if isinstance(value, list) else [value]
    return names_of([item for item in items if not _is_organisation(item)])


def organisations_of(value: Any) -> list[str]:
    """Names of the items of a JSON-LD author value typed as an organisation."""
    items = value if isinstance(value, list) else [value]
    return names_of([item for item in items if _is_organisation(item)])


def _is_organisation(item: Any) -> bool:
    if not isinstance(item, dict):
        return False
    kinds = item.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(k, str) and k.lower() in _ORGANISATIONS for k in kinds)


def text_of(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name") or value.get("url")
    if isinstance(value, (str, int, float)) and str(value).strip():
        return _unescaped(str(value).strip())
    return None


def _unescaped(text: str) -> str:
    return html.unescape(text) if "&" in text else text
