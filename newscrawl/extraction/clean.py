"""Remove what is not the story from a body tree: ads, related-link widgets, page furniture.

Each remover takes the profile's selectors AND applies generic rules, so a widget in a markup
the profile does not know is still caught by its label ("Siehe auch", "Anzeige", …) or by
being a box of links.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.extraction.document import elements_of, select
from newscrawl.extraction.text import element_text

_AD_PHRASES = (
    *("anzeige", "werbung", "sponsored", "gesponsert", "advertisement", "advertorial"),
    *("promotion", "sponsored content", "paid content", "partnerinhalt", "ad"),
)
_RELATED_PHRASES = (
    *("siehe auch", "lesen sie auch", "lesen sie mehr", "auch interessant", "mehr zum thema"),
    *("das könnte sie auch interessieren", "das könnte sie interessieren", "weitere artikel"),
    *("verwandte artikel", "ähnliche artikel", "zum thema", "passend dazu", "meistgelesen"),
    *("see also", "read also", "read more", "related", "related articles", "related stories"),
    *("more on this", "more on this story", "more on this topic", "you may also like"),
    *("recommended", "explore further", "das könnte dich auch interessieren"),
    *("das könnte dich interessieren", "weiterlesen", "auch lesenswert"),
    # the same boxes on French, Spanish, Portuguese and Italian sites
    *("voir aussi", "lire aussi", "à lire aussi", "sur le même sujet", "lea también"),
    *("artículos relacionados", "te puede interesar", "veja também", "leia também"),
    *("leia mais", "notícias relacionadas", "leggi anche", "articoli correlati"),
)
AD_LABELS = re.compile(r"^(" + "|".join(_AD_PHRASES) + r")\s*:?$", re.IGNORECASE)
RELATED_LABELS = re.compile(r"^(" + "|".join(_RELATED_PHRASES) + r")\b\s*[:»›]?", re.IGNORECASE)
_AD_SELECTORS = (
    *("ins.adsbygoogle", "iframe", "[class*='adsbygoogle']", "[id^='div-gpt-ad']"),
    *("[class~='ad-slot']", "[class~='ad-container']", "[class~='advertisement']"),
    *("[data-ad-slot]", "[data-ad-client]"),
)
_BOILERPLATE_SELECTORS = (
    *("script", "style", "noscript", "template", "form", "button", "input", "select"),
    *("textarea", "svg", "[class*='share']", "[class*='sharing']", "[class*='social']"),
    *("[class*='newsletter']", "[class*='author-box']", "[class*='comments']", "[id='comments']"),
    *("[class*='breadcrumb']", "[aria-hidden='true']", "[hidden]"),
)


def remove_all(content: HtmlElement, selectors: tuple[str, ...]) -> int:
    """One selection for the whole group (a CSS union), not one per selector."""
    removed = 0
    for element in select(content, ", ".join(selectors)) if selectors else []:
        if element is not content and element.getparent() is not None:
            element.drop_tree()
            removed += 1
    return removed


def strip_ads(content: HtmlElement, selectors: tuple[str, ...] = ()) -> int:
    removed = remove_all(content, selectors + _AD_SELECTORS)
    return removed + _remove_labelled(content, AD_LABELS)


def strip_related_links(content: HtmlElement, selectors: tuple[str, ...] = ()) -> int:
    removed = remove_all(content, selectors)
    removed += _remove_labelled(content, RELATED_LABELS, need_links=True)
    return removed + _remove_link_boxes(content)


def strip_boilerplate(content: HtmlElement, selectors: tuple[str, ...] = ()) -> int:
    return remove_all(content, selectors + _BOILERPLATE_SELECTORS)


# What may frame a label and is trimmed before matching it: "Anzeige:", "- Werbung -", "[Ad]".
LABEL_FRAME = " :»›-–—*•·|[]()"


def _remove_labelled(
    content: HtmlElement, labels: re.Pattern[str], *, need_links: bool = False
) -> int:
    """Remove the box around a short element whose whole text is a known label.

    The label must stand alone (no sentence text right after it), so "<strong>Anzeige</strong>
    gegen Unbekannt …" in a story is not mistaken for an ad label. Every element is checked
    in document order; one removed with an earlier box is skipped. Only elements with 1-60
    characters of text (by XPath's normalize-space, as `_is_label` measures first) can be
    one: one XPath in C finds them, and its measures still hold when each is checked. A box
    removed before is earlier in document order, so it never holds a later element (an
    ancestor comes first), and dropping it moves its tail only within its own ancestors.
    """
    removed = 0
    for element in elements_of(_SHORT_TEXT(content)):
        if element.getparent() is None or not _reads_as_label(element, labels):
            continue
        box = _enclosing_box(element, content)
        if need_links and not _has_links(box):
            box = element  # a label left alone (its links already gone): the label only
        if box.getparent() is not None:
            box.drop_tree()
            removed += 1
    return removed


_XML_SPACE = re.compile(r"[ \t\r\n]+")
# `_is_label`'s measures, cheapest first: most elements of a body fail the first, and a
# failed predicate ends there
_SHORT_TEXT = etree.XPath(
    "descendant::*[string-length() <= 400][string-length(normalize-space()) <= 60]"
    "[normalize-space()]"
)


def ad_boxes(root: HtmlElement) -> list[HtmlElement]:
    """The boxes an ad label ("Anzeige", "- Werbung -", "Advertisement") heads, anywhere in a
    whole page: found from the text nodes (one pass), not by measuring every element."""
    boxes: list[HtmlElement] = []
    for element in root.iter(etree.Element):
        text = element.text
        if not text or len(text) > 80 or not AD_LABELS.fullmatch(text.strip().strip(LABEL_FRAME)):
            continue
        if _is_label(element, AD_LABELS):
            boxes.append(_enclosing_box(element, root))
    return boxes


def _is_label(element: HtmlElement, labels: re.Pattern[str]) -> bool:
    """1-60 characters by XPath's normalize-space(string(.)), rendered text a whole label."""
    content_text = _string_value(element)
    if len(content_text) > 400:  # cheap C-level filter before rendering the text
        return False
    if not 0 < len(_XML_SPACE.sub(" ", content_text).strip(" \t\r\n")) <= 60:
        return False
    return _reads_as_label(element, labels)


def _reads_as_label(element: HtmlElement, labels: re.Pattern[str]) -> bool:
    """An element already known to be short: its rendered text is a whole label, and no
    sentence goes on after it."""
    text = element_text(element)
    if not text or len(text) > 60 or not labels.fullmatch(text.strip(LABEL_FRAME)):
        return False
    return not re.search(r"\w", element.tail or "")


def _string_value(element: HtmlElement) -> str:
    """XPath's string(.) (all descendant text, scripts included), without an XPath context."""
    return etree.tostring(element, method="text", encoding=str, with_tail=False)


def _enclosing_box(label: HtmlElement, content: HtmlElement) -> HtmlElement:
    """The largest ancestor below `content` that holds little beyond the widget itself."""
    box = label
    parent = label.getparent()
    while parent is not None and parent is not content and _short(parent, 400):
        box = parent
        parent = parent.getparent()
    return box


def _short(element: HtmlElement, limit: int) -> bool:
    """Visible text within `limit`; the C-level string value settles most cases cheaply."""
    raw = len(_string_value(element))
    return raw <= limit or (raw <= 4 * limit and len(element_text(element)) <= limit)


def _has_links(element: HtmlElement) -> bool:
    return element.tag == "a" or next(element.iter("a"), None) is not None


def _remove_link_boxes(content: HtmlElement) -> int:
    """Containers (not paragraphs) that are mostly link text: teaser lists, more-links."""
    removed = 0
    for element in list(content.iter("div", "aside", "section", "ul", "ol", "nav")):
        if element is content or element.getparent() is None:
            continue
        links = list(element.iter("a"))
        if not links or _holds_figure(element):
            continue
        text = element_text(element)
        if not text or (len(text) > 400 and element.find(".//p") is not None):
            continue
        link_text = sum(len(element_text(a)) for a in links)
        if link_text / len(text) >= 0.6:
            element.drop_tree()
            removed += 1
    return removed


def _holds_figure(element: HtmlElement) -> bool:
    return next(element.iter("img", "figure"), None) is not None
