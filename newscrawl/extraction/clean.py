"""Remove what is not the story from a body tree: ads, related-link widgets, page furniture.

Each remover takes the profile's selectors AND applies generic rules, so a widget in a markup
the profile does not know is still caught by its label ("Siehe auch", "Anzeige", …) or by
being a box of links.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.extraction.selectors import compile_selector
from newscrawl.extraction.text import element_text

AD_LABELS = re.compile(
    r"^(anzeige|werbung|sponsored|gesponsert|advertisement|advertorial|promotion|"
    r"sponsored content|paid content|partnerinhalt|ad)\s*:?$",
    re.IGNORECASE,
)
RELATED_LABELS = re.compile(
    r"^(siehe auch|lesen sie auch|lesen sie mehr|auch interessant|mehr zum thema|"
    r"das könnte sie auch interessieren|das könnte sie interessieren|weitere artikel|"
    r"verwandte artikel|ähnliche artikel|zum thema|passend dazu|meistgelesen|"
    r"see also|read also|read more|related|related articles|related stories|"
    r"more on this( story| topic)?|you may also like|recommended)\b\s*[:»›]?",
    re.IGNORECASE,
)
_AD_SELECTORS = (
    "ins.adsbygoogle",
    "iframe",
    "[class*='adsbygoogle']",
    "[id^='div-gpt-ad']",
    "[class~='ad-slot']",
    "[class~='ad-container']",
    "[class~='advertisement']",
    "[data-ad-slot]",
    "[data-ad-client]",
)
_BOILERPLATE_SELECTORS = (
    "script",
    "style",
    "noscript",
    "template",
    "form",
    "button",
    "input",
    "select",
    "textarea",
    "svg",
    "[class*='share']",
    "[class*='sharing']",
    "[class*='social']",
    "[class*='newsletter']",
    "[class*='author-box']",
    "[class*='comments']",
    "[id='comments']",
    "[class*='breadcrumb']",
    "[aria-hidden='true']",
    "[hidden]",
)


def remove_all(content: HtmlElement, selectors: tuple[str, ...]) -> int:
    """One XPath pass for the whole group (a CSS union), not one per selector."""
    if not selectors:
        return 0
    removed = 0
    for element in compile_selector(", ".join(selectors)).elements(content):
        if element is not content and element.getparent() is not None:
            element.drop_tree()
            removed += 1
    return removed


def strip_ads(content: HtmlElement, selectors: tuple[str, ...] = ()) -> int:
    removed = remove_all(content, selectors + _AD_SELECTORS)
    return removed + _remove_labelled(content, AD_LABELS, need_links=False)


def strip_related_links(content: HtmlElement, selectors: tuple[str, ...] = ()) -> int:
    removed = remove_all(content, selectors)
    removed += _remove_labelled(content, RELATED_LABELS, need_links=True)
    return removed + _remove_link_boxes(content)


def strip_boilerplate(content: HtmlElement, selectors: tuple[str, ...] = ()) -> int:
    return remove_all(content, selectors + _BOILERPLATE_SELECTORS)


# Elements below the body container with 1-60 characters of text, found in one C-level pass:
# label candidates, without rendering the text of every element in Python.
_SHORT_TEXT = etree.XPath(
    ".//*[string-length(normalize-space(string(.))) > 0"
    " and string-length(normalize-space(string(.))) <= 60]"
)


def _remove_labelled(content: HtmlElement, labels: re.Pattern[str], *, need_links: bool) -> int:
    """Remove the box around a short element whose whole text is a known label.

    The label must stand alone (no sentence text right after it), so "<strong>Anzeige</strong>
    gegen Unbekannt …" in a story is not mistaken for an ad label.
    """
    removed = 0
    found = _SHORT_TEXT(content)
    for element in found if isinstance(found, list) else []:
        if not isinstance(element, HtmlElement):
            continue
        if element.getparent() is None or not _is_label(element, labels):
            continue
        box = _enclosing_box(element, content)
        if need_links and not _has_links(box):
            continue
        if box.getparent() is not None:
            box.drop_tree()
            removed += 1
    return removed


def _is_label(element: HtmlElement, labels: re.Pattern[str]) -> bool:
    if len(element.text_content()) > 400:  # cheap C-level filter before rendering the text
        return False
    text = element_text(element)
    if not text or len(text) > 60 or not labels.fullmatch(text.rstrip(" :»›")):
        return False
    return not re.search(r"\w", element.tail or "")


def _enclosing_box(label: HtmlElement, content: HtmlElement) -> HtmlElement:
    """The largest ancestor below `content` that holds little beyond the widget itself."""
    box = label
    parent = label.getparent()
    while parent is not None and parent is not content and _short(parent, 400):
        box = parent
        parent = parent.getparent()
    return box


def _short(element: HtmlElement, limit: int) -> bool:
    """Visible text within `limit`; the C-level text_content() settles most cases cheaply."""
    raw = len(element.text_content())
    return raw <= limit or (raw <= 4 * limit and len(element_text(element)) <= limit)


def _has_links(element: HtmlElement) -> bool:
    return element.tag == "a" or next(element.iter("a"), None) is not None


def _remove_link_boxes(content: HtmlElement) -> int:
    """Containers (not paragraphs) that are mostly link text: teaser lists, more-links."""
    removed = 0
    for element in list(content.iter("div", "aside", "section", "ul", "ol", "nav")):
        if element is content or element.getparent() is None or not _has_links(element):
            continue
        text = element_text(element)
        if not text or (element.find(".//p") is not None and len(text) > 400):
            continue
        link_text = sum(len(element_text(a)) for a in element.iter("a"))
        if link_text / len(text) >= 0.6 and not _holds_figure(element):
            element.drop_tree()
            removed += 1
    return removed


def _holds_figure(element: HtmlElement) -> bool:
    return next(element.iter("img", "figure"), None) is not None
