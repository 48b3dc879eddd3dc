"""What a body's XML serialisation tells cheaply, before any element is looked at in Python.

One C-level `etree.tostring` of a body costs about as much as one CSS selector's XPath, or
the Python look at a dozen elements. In it every text run stands alone between `>` and `<`
(only `&`, `<` and `>` are escaped), every start tag reads `<tag`, every attribute ` name="`.
So a selector whose class word, attribute or tag is missing from it selects nothing, and a
label that none of its runs could start is absent (see labels.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

# A type, one class and one attribute test at most: enough for the built-in selectors. Only
# valid CSS reads here, so a selector left out of a union could not have raised there.
_SIMPLE_SELECTOR = re.compile(
    r"(?P<tag>[a-z][a-z0-9]*)?(?:\.(?P<cls>-?[^\W\d][\w-]*))?"
    r"(?:\[(?P<attr>[a-z][\w-]*)(?:[~^$*|]?='(?P<value>[\w-]+)')?\])?"
)


def markup(element: HtmlElement) -> str:
    """XML serialisation: quicker than HTML's, and it escapes script text like any other."""
    return etree.tostring(element, encoding=str, with_tail=False)


def could_match(selectors: tuple[str, ...], serialised: str) -> tuple[str, ...]:
    """The selectors that may select something in the element serialised as `serialised`.

    Leaving the others out of a union changes no result and spares XPath a scan of every
    element for each of them.
    """
    if not LITERAL_SERIALISATION:
        return selectors
    plan = _plan(selectors)
    kept = set(plan.always)
    if plan.tags is not None:
        tags = set(plan.tags.findall(serialised))  # one scan for all the tag needles
        kept.update(i for tag, found in plan.by_tag for i in found if tag in tags)
    if plan.by_class:
        classes = "\n".join(_CLASS_VALUES.findall(serialised))  # no needle holds a newline
        kept.update(i for word, found in plan.by_class for i in found if word in classes)
    kept.update(i for text, found in plan.anywhere for i in found if text in serialised)
    return tuple(s for i, s in enumerate(selectors) if i in kept)


Needle = tuple[str, str]  # where ("tag", "class" or "any") and what
_CLASS_VALUES = re.compile(r' class="([^"]*)"')


@dataclass(frozen=True, slots=True)
class _Plan:
    """For one tuple of selectors: each distinct needle with the selectors it stands for."""

    always: tuple[int, ...]  # selectors without needles
    tags: re.Pattern[str] | None  # finds `<tag` for every tag needle
    by_tag: tuple[tuple[str, tuple[int, ...]], ...]
    by_class: tuple[tuple[str, tuple[int, ...]], ...]  # looked for in the class values
    anywhere: tuple[tuple[str, tuple[int, ...]], ...]  # looked for in the whole serialisation


@lru_cache(maxsize=256)
def _plan(selectors: tuple[str, ...]) -> _Plan:
    """Sorted once per tuple: a profile's groups are the same page after page."""
    groups: dict[str, dict[str, list[int]]] = {"tag": {}, "class": {}, "any": {}}
    always: list[int] = []
    for index, selector in enumerate(selectors):
        found = needles(selector)
        if found is None:
            always.append(index)
        for where, what in found or ():
            groups[where].setdefault(what, []).append(index)
    by = {where: tuple((k, tuple(v)) for k, v in found.items()) for where, found in groups.items()}
    tags = "|".join(sorted(groups["tag"]))
    opening = re.compile(f"<({tags})[\\s/>]") if tags else None
    return _Plan(tuple(always), opening, by["tag"], by["class"], by["any"])


@lru_cache(maxsize=1024)
def needles(selector: str) -> tuple[Needle, ...] | None:
    """What any element `selector` selects leaves in the serialisation: one of these needles.

    None when the selector is not a list of simple compounds this reads.
    """
    found = [_needle(part.strip()) for part in selector.split(",")]
    return None if None in found else tuple(n for n in found if n is not None)


def _needle(compound: str) -> Needle | None:
    parts = _SIMPLE_SELECTOR.fullmatch(compound)
    if parts is None or not compound:
        return None
    tag, cls, attr, value = parts.group("tag", "cls", "attr", "value")
    if cls:
        return ("class", cls)  # a class word is part of the class value, as written
    if value and attr == "class":
        return ("class", value)  # `=`, `~=`, `^=`, `$=`, `*=`, `|=` all need it in the value
    if value and attr == "id":
        return ("any", value)  # ids are few: not worth scanning their values out
    if attr:
        return ("any", f' {attr}="')  # libxml2 writes every attribute as  name="value"
    return ("tag", tag)  # `<tag` and then a space, `/` or `>`


def unusual_text(serialised: str) -> bool:
    """CDATA serialises with markup inside what lxml reads as one text run."""
    return "<![CDATA[" in serialised


def _serialises_literally() -> bool:
    """Whether text serialises as itself, only `&`, `<` and `>` escaped, attributes as `a="v"`.

    The gates rely on it; should a libxml2 version escape more, they step aside and every
    body gets the full look. (A carriage return becomes `&#13;`, which splits a run.)
    """
    chars = "\t\n" + "".join(map(chr, [*range(0x20, 0xD800), *range(0xE000, 0x110000, 97)]))
    probe = lxml.html.Element("p", {"hidden": "", "class": "ad-slot"})
    probe.text = chars
    escaped = chars.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return bool(markup(probe) == f'<p hidden="" class="ad-slot">{escaped}</p>')


LITERAL_SERIALISATION = _serialises_literally()
