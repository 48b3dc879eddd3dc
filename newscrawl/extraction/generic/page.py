"""What a page says about itself: <meta> tags and JSON-LD, read once and shared by every field."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml.html import HtmlElement

_ARTICLE_TYPE = re.compile(r"(Article|BlogPosting|Posting|Report|NewsStory)$", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(slots=True)
class PageData:
    """`metas` maps a lowercased name/property/itemprop/http-equiv to its contents in order."""

    metas: dict[str, list[str]] = field(default_factory=dict)
    objects: list[dict[str, Any]] = field(default_factory=list)

    def meta(self, *names: str) -> str | None:
        for name in names:
            for value in self.metas.get(name, ()):
                if value.strip():
                    return value.strip()
        return None

    def meta_all(self, name: str) -> list[str]:
        return [v.strip() for v in self.metas.get(name, ()) if v.strip()]

    @property
    def article(self) -> dict[str, Any]:
        """The page's article object (NewsArticle & co.), else an empty dict."""
        for obj in self.objects:
            if any(_ARTICLE_TYPE.search(t) for t in _types(obj)):
                return obj
        return {}

    def typed(self, *names: str) -> dict[str, Any]:
        for obj in self.objects:
            if set(_types(obj)) & set(names):
                return obj
        return {}


def read_page(root: HtmlElement) -> PageData:
    page = PageData()
    for element in root.iter("meta", "script"):  # one walk for both, each list in page order
        if element.tag == "meta":
            _add_meta(page, element)
        elif (element.get("type") or "").strip().lower() == "application/ld+json":
            page.objects.extend(_objects(_load_json(element.text or "")))
    return page


def _add_meta(page: PageData, meta: HtmlElement) -> None:
    key = meta.get("property") or meta.get("name") or meta.get("itemprop")
    key = key or meta.get("http-equiv")
    content = meta.get("content")
    if key and content is not None:
        page.metas.setdefault(key.strip().lower(), []).append(content)


def _load_json(text: str) -> Any:
    text = _CONTROL.sub(" ", text.strip().removeprefix("<!--").removesuffix("-->"))
    try:
        return json.loads(text, strict=False)
    except (ValueError, RecursionError):
        return None


def _objects(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every typed object at the top of the JSON-LD: lists and @graph flattened."""
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _objects(item, depth + 1)
    elif isinstance(data, dict):
        if "@type" in data:
            yield data
        yield from _objects(data.get("@graph"), depth + 1)
        if isinstance(data.get("mainEntity"), dict):
            yield from _objects(data["mainEntity"], depth + 1)


def _types(obj: dict[str, Any]) -> list[str]:
    kind = obj.get("@type")
    values = kind if isinstance(kind, list) else [kind]
    return [v for v in values if isinstance(v, str)]


def names_of(value: Any) -> list[str]:
    """Names from a JSON-LD person/org value: a string, an object with `name`, or a list."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, list):
            name = name[0] if name else None
        if isinstance(name, str) and name.strip():
            names.append(name.strip())
    return names


def text_of(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name") or value.get("url")
    if isinstance(value, (str, int, float)) and str(value).strip():
        return str(value).strip()
    return None
