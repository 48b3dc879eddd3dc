"""The fast text rendering gives exactly what the plain recursive formulation gives.

`element_text` takes a C-level path when nothing in a subtree breaks or hides text; these tests
keep the plain walk as the reference and compare both on generated markup that mixes breaks,
hidden elements, comments, entities and odd whitespace.
"""

from __future__ import annotations

import re

import lxml.html
import pytest
from helpers.budget import budget
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from lxml.html import HtmlElement

from newscrawl.extraction.body import body_parts
from newscrawl.extraction.text import collapse_whitespace, element_text, raw_text

BUDGET = budget(400)
_BREAKING = {"br", "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"}
_BREAKING |= {"figure", "figcaption", "section", "article", "aside", "header", "footer", "table"}
_BREAKING |= {"tr", "td", "th", "dd", "dt", "hr"}
_INVISIBLE = {"script", "style", "noscript", "template"}


def reference_raw_text(element: HtmlElement) -> str:
    parts: list[str] = []
    _reference_collect(element, parts, top=True)
    return "".join(parts)


def _reference_collect(element: HtmlElement, parts: list[str], *, top: bool = False) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _INVISIBLE:
        return
    breaking = not top and tag in _BREAKING
    if breaking:
        parts.append(" ")
    if element.text and tag:
        parts.append(element.text)
    for child in element:
        _reference_collect(child, parts)
        if child.tail:
            parts.append(child.tail)
    if breaking:
        parts.append(" ")


def reference_element_text(element: HtmlElement) -> str:
    return re.sub(r"\s+", " ", reference_raw_text(element)).strip()


_WORDS = st.sampled_from(
    ["Wort", "teil", "Ä", "ß", "x", "&amp;", "&lt;", "&gt;", "»", "„Zitat“", "1,5", ":", "_"]
)
_SPACES = st.sampled_from(["", " ", "  ", "\n\t", "&nbsp;", "\u2009", "\u3000", "\x85", "\u2028"])
_TEXT = st.lists(st.tuples(_SPACES, _WORDS), max_size=4).map(
    lambda pairs: "".join(s + w for s, w in pairs)
)
_TAGS = st.sampled_from(
    (
        *("span", "b", "a", "em", "p", "div", "li", "ul", "h2", "figure", "figcaption", "td"),
        *("section", "script", "style", "noscript", "template", "small", "strong", "blockquote"),
        "font",
    )
)
_VOID = st.sampled_from(["<br>", "<hr>", "<img src='x.jpg'>", "<!-- note -->", "<wbr>"])


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(_TAGS, st.lists(children, max_size=4)).map(
        lambda pair: f"<{pair[0]}>{''.join(pair[1])}</{pair[0]}>"
    )


_MARKUP = st.recursive(st.one_of(_TEXT, _VOID), _element, max_leaves=25)
_FRAGMENT = st.lists(_MARKUP, max_size=6).map("".join)


def _tree(markup: str) -> HtmlElement:
    return lxml.html.fragment_fromstring(markup, create_parent="div")


@BUDGET
@given(_FRAGMENT)
def test_every_element_renders_like_the_plain_walk(markup: str) -> None:
    root = _tree(markup)
    for element in root.iter():
        assert raw_text(element) == reference_raw_text(element)
        assert element_text(element) == reference_element_text(element)


@BUDGET
@given(_FRAGMENT)
def test_body_paragraphs_match_the_plain_rendering(markup: str) -> None:
    """body_parts on the fast rendering equals body_parts fed the reference rendering."""
    fast = body_parts(_tree(markup), "https://site.example/a/", title="Wort").paragraphs
    assert fast == _reference_paragraphs(_tree(markup))


def _reference_paragraphs(root: HtmlElement) -> list[str]:
    import newscrawl.extraction.body as body

    saved = (body.element_text, body.raw_text)
    body.element_text, body.raw_text = reference_element_text, reference_raw_text  # type: ignore[assignment]
    try:
        return body_parts(root, "https://site.example/a/", title="Wort").paragraphs
    finally:
        body.element_text, body.raw_text = saved  # type: ignore[assignment]


def test_comments_processing_instructions_and_entities_add_no_text() -> None:
    root = _tree("<p>a<!-- hidden -->b<?pi hidden?>c<span>d</span></p>")
    paragraph = root[0]
    paragraph.append(etree.Entity("amp"))
    paragraph[-1].tail = "e"
    assert raw_text(paragraph) == reference_raw_text(paragraph) == "abcde"
    comment = root[0][0]
    assert raw_text(comment) == reference_raw_text(comment) == ""


@pytest.mark.parametrize("tag", sorted(_INVISIBLE))
def test_a_hidden_element_has_no_text_even_on_its_own(tag: str) -> None:
    root = _tree(f"<{tag}>code</{tag}><p>x<{tag}>code</{tag}>y</p>")
    assert [raw_text(e) for e in root] == ["", "xy"]


@pytest.mark.parametrize(
    "text",
    ["", " ", "a\u00a0 b", "\u2028x\u2029", "\x1c\x1d\x1e\x1fy", "\ufeffz", " \u200b "],
)
def test_collapse_whitespace_equals_the_regex(text: str) -> None:
    assert collapse_whitespace(text) == re.sub(r"\s+", " ", text).strip()


def test_str_split_whitespace_is_regex_whitespace_on_every_code_point() -> None:
    space = re.compile(r"\s")
    assert all(
        (space.match(c) is not None) == c.isspace() == (c.split() == [])
        for c in map(chr, range(0x110000))
    )
