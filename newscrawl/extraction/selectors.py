"""CSS selectors with a small `::attr(name)` / `::text` suffix, compiled once per string.

Inside `indexed_document(root)` the selectors `css_plan` can express are matched against one
index of the page (`css_index`); everything else, and every selection outside such a block,
goes through cssselect's XPath. Both give the same elements in the same order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement

from newscrawl.extraction.css_index import active_index, indexed_document
from newscrawl.extraction.css_plan import Plan, plan_of
from newscrawl.extraction.text import element_text

_SUFFIX = re.compile(r"::(?:attr\(([\w:-]+)\)|(text))\s*$")


class SelectorError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class CompiledSelector:
    css: CSSSelector
    attribute: str | None  # None: the element itself (or its text, by caller's choice)
    plan: Plan | None = None  # None: only cssselect can evaluate it

    def elements(self, root: HtmlElement) -> list[HtmlElement]:
        plan = self.plan
        if plan is not None and isinstance(root, HtmlElement) and (index := active_index(root)):
            return index.select(plan, root)
        found = self.css(root)
        return (
            [el for el in found if isinstance(el, HtmlElement)] if isinstance(found, list) else []
        )

    def values(self, root: HtmlElement) -> list[str]:
        """Attribute values when the selector names one, else the elements' visible text."""
        found = self.elements(root)
        if self.attribute is not None:
            return [v.strip() for el in found if (v := el.get(self.attribute))]
        return [t for el in found if (t := element_text(el))]


@lru_cache(maxsize=1024)
def compile_selector(selector: str) -> CompiledSelector:
    match = _SUFFIX.search(selector)
    css_text = selector[: match.start()] if match else selector
    attribute = match.group(1) if match else None
    try:
        css = CSSSelector(css_text.strip(), translator="html")
    except Exception as exc:  # cssselect raises several unrelated types
        raise SelectorError(str(exc)) from exc
    return CompiledSelector(css=css, attribute=attribute, plan=plan_of(css_text.strip()))


def first_value(root: HtmlElement, selectors: tuple[str, ...]) -> str | None:
    for selector in selectors:
        values = compile_selector(selector).values(root)
        if values:
            return values[0]
    return None


def all_values(root: HtmlElement, selectors: tuple[str, ...]) -> list[str]:
    """Values of the first alternative that finds anything."""
    for selector in selectors:
        values = compile_selector(selector).values(root)
        if values:
            return values
    return []


def first_element(root: HtmlElement, selectors: tuple[str, ...]) -> HtmlElement | None:
    for selector in selectors:
        found = compile_selector(selector).elements(root)
        if found:
            return found[0]
    return None


__all__ = [
    "CompiledSelector",
    "SelectorError",
    "all_values",
    "compile_selector",
    "first_element",
    "first_value",
    "indexed_document",
]
