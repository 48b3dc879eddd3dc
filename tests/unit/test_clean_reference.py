"""The cleaning removes exactly what the plain formulation removes.

The reference below is the label and link-box cleaning written plainly, every element's text
rendered by a recursive Python function; selector removal is the module's own `remove_all`.
Generated bodies mix labels (whole, split over inline elements, followed by sentence text,
hidden, in comments), ad and furniture markup, and link boxes with and without figures; both
paths must leave the same tree and count the same removals.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from urllib.parse import urlsplit

import lxml.html
import pytest
from helpers.budget import budget
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from lxml.html import HtmlElement

from newscrawl.extraction import clean
from newscrawl.extraction.body import _key, _repeats
from newscrawl.urls import (
    _canonical_parts,
    _joined_url,
    absolute_url,
    canonicalize_url,
    host_of,
)

BUDGET = budget(300)

# --- the reference: cleaning as it was, with the plain recursive text rendering -------------

_BREAKING = {"br", "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"}
_BREAKING |= {"figure", "figcaption", "section", "article", "aside", "header", "footer", "table"}
_BREAKING |= {"tr", "td", "th", "dd", "dt", "hr"}
_INVISIBLE = {"script", "style", "noscript", "template"}
_SHORT_TEXT = etree.XPath(
    ".//*[string-length(normalize-space(string(.))) > 0"
    " and string-length(normalize-space(string(.))) <= 60]"
)


def _text(element: HtmlElement, *, top: bool = True) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _INVISIBLE:
        return ""
    breaking = " " if not top and tag in _BREAKING else ""
    inner = (element.text or "") if tag else ""
    for child in element:
        inner += _text(child, top=False) + (child.tail or "")
    return breaking + inner + breaking


def reference_text(element: HtmlElement) -> str:
    return re.sub(r"\s+", " ", _text(element)).strip()


def _remove_labelled(content: HtmlElement, labels: re.Pattern[str], need_links: bool) -> int:
    removed = 0
    for element in _SHORT_TEXT(content):  # type: ignore[union-attr]
        if not isinstance(element, HtmlElement) or element.getparent() is None:
            continue
        text = reference_text(element)
        if len(element.text_content()) > 400 or not text or len(text) > 60:
            continue
        if not labels.fullmatch(text.rstrip(" :»›")) or re.search(r"\w", element.tail or ""):
            continue
        box, parent = element, element.getparent()
        while parent is not None and parent is not content and _short(parent):
            box, parent = parent, parent.getparent()
        if need_links and not (box.tag == "a" or next(box.iter("a"), None) is not None):
            box = element
        if box.getparent() is not None:
            box.drop_tree()
            removed += 1
    return removed


def _short(element: HtmlElement) -> bool:
    raw = len(element.text_content())
    return raw <= 400 or (raw <= 1600 and len(reference_text(element)) <= 400)


def _remove_link_boxes(content: HtmlElement) -> int:
    removed = 0
    for element in list(content.iter("div", "aside", "section", "ul", "ol", "nav")):
        if element is content or element.getparent() is None:
            continue
        if next(element.iter("a"), None) is None:
            continue
        text = reference_text(element)
        if not text or (element.find(".//p") is not None and len(text) > 400):
            continue
        link_text = sum(len(reference_text(a)) for a in element.iter("a"))
        if link_text / len(text) >= 0.6 and next(element.iter("img", "figure"), None) is None:
            element.drop_tree()
            removed += 1
    return removed


def reference_clean(content: HtmlElement, profile: tuple[tuple[str, ...], ...]) -> list[int]:
    ads, related, boilerplate = profile
    counts = [clean.remove_all(content, ads + clean._AD_SELECTORS)]
    counts[0] += _remove_labelled(content, clean.AD_LABELS, need_links=False)
    counts.append(clean.remove_all(content, related))
    counts[1] += _remove_labelled(content, clean.RELATED_LABELS, need_links=True)
    counts[1] += _remove_link_boxes(content)
    counts.append(clean.remove_all(content, boilerplate + clean._BOILERPLATE_SELECTORS))
    return counts


def fast_clean(content: HtmlElement, profile: tuple[tuple[str, ...], ...]) -> list[int]:
    ads, related, boilerplate = profile
    return [
        clean.strip_ads(content, ads),
        clean.strip_related_links(content, related),
        clean.strip_boilerplate(content, boilerplate),
    ]


# --- generated bodies ----------------------------------------------------------------------

_LABELS = st.sampled_from(
    (
        *("Anzeige", "ANZEIGE:", "Werbung", "ad", "Sponsored content", "Siehe auch"),
        *("Mehr zum Thema:", "Lesen Sie auch »", "Das könnte Sie auch interessieren"),
        *("read more ›", "Related", "Ähnliche Artikel", "ſiehe auch", "more on this story"),
        *("zum", "Das", "Anz", "mehr"),
    )
)
_WORDS = st.sampled_from(["Text", "der Polizei", "Berlin,", "&amp;", "“Zitat”", " ", "\n  "])


def _split(label: str, cut: int, tag: str) -> str:
    """The label with its tail from `cut` in an inline or breaking element."""
    cut = min(cut, len(label))
    return f"{label[:cut]}<{tag}>{label[cut:]}</{tag}>"


_LABEL_MARKUP = st.one_of(
    _LABELS,
    st.builds(_split, _LABELS, st.integers(0, 8), st.sampled_from(["b", "span", "em"])),
    st.builds(lambda label: label.replace(" ", "<br>", 1), _LABELS),
    st.builds(lambda label: label.replace(" ", "<script>x</script> ", 1), _LABELS),
    st.builds(lambda label: label.replace(" ", "<!-- c --> ", 1), _LABELS),
)
_INLINE = st.sampled_from(["b", "strong", "small", "span", "a href='/x/'", "em"])
_LINKS = st.lists(
    st.sampled_from(["<a href='/a/'>Ein anderer Artikel</a>", "<a href='/b/'>X</a>", "und"]),
    min_size=0,
    max_size=3,
).map(" ".join)
_BOXES = st.sampled_from(
    (
        *("div", "div class='werbung'", "aside", "section class='share-box'", "ul", "nav", "p"),
        *("div class='slot ad-slot'", "div data-ad-slot='1'", "div hidden", "figure", "li"),
    )
)


@st.composite
def _widget(draw: st.DrawFn) -> str:
    inline = draw(_INLINE)
    label = f"<{inline}>{draw(_LABEL_MARKUP)}</{inline.split()[0]}>{draw(_WORDS)}"
    extra = draw(st.sampled_from(["", "<img src='/i.jpg'>", "<iframe></iframe>", "<p>Satz.</p>"]))
    box = draw(_BOXES)
    inner = draw(st.permutations([label, draw(_LINKS), extra]))
    return f"<{box}>{''.join(inner)}</{box.split()[0]}>"


_PARAGRAPH = st.builds(
    lambda words, link: f"<p>{' '.join(words)} {link}</p>",
    st.lists(_WORDS, min_size=1, max_size=4),
    _LINKS,
)
_NESTED = st.builds(lambda inner, box: f"<{box}>{inner}</{box.split()[0]}>", _widget(), _BOXES)
_BODY = st.lists(st.one_of(_PARAGRAPH, _widget(), _NESTED), min_size=1, max_size=6).map("".join)
_PROFILES = st.sampled_from(
    [((), (), ()), ((".werbung",), (".related-post",), (".share-box", "aside"))]
)


def _body(markup_text: str) -> HtmlElement:
    return lxml.html.fragment_fromstring(markup_text, create_parent="div")


@BUDGET
@given(_BODY, _PROFILES)
def test_cleaning_removes_what_the_plain_cleaning_removed(
    body: str, profile: tuple[tuple[str, ...], ...]
) -> None:
    expected, got = _body(body), _body(body)
    assert fast_clean(got, profile) == reference_clean(expected, profile)
    assert etree.tostring(got) == etree.tostring(expected)


@pytest.mark.parametrize(
    "body",
    [
        '<div><span>Sie<b>he</b> auch</span><a href="/b/">Ein anderer Artikel</a></div><p>x.</p>',
        '<div><p>Siehe<br>auch</p><a href="/b/">Artikel</a></div><p>Text.</p>',
        "<p><strong>Anzeige</strong> gegen Unbekannt hat die Polizei erstattet.</p>",
        "<p><b>Anzeige</b><i>gegen</i> Unbekannt</p><p>Weiter.</p>",
        "<div><div><small>Anzeige</small><a href='/x/'>Kaufen</a></div><p>Satz.</p></div>",
        "<div><noscript><span>Anzeige</span></noscript><p>Satz eins.</p></div>",
        "<div><span>Anzeige<script>" + "x" * 80 + "</script></span><p>Satz.</p></div>",
        "<div><!-- >Anzeige< --><p>Satz.</p></div><div><em>Mehr zum Thema:</em> <a>A</a></div>",
        "<ul><li><a href='/1/'>Teaser eins mit Titel</a></li><li><a href='/2/'>Zwei</a></li></ul>",
        "<div><a href='/1/'>Bildstrecke</a><figure><img src='/i.jpg'></figure></div>",
        "<aside><h4>Lesen Sie auch</h4><a href='/c/'>Noch einer</a><img src='/i.jpg'></aside>",
        "<p>Vorher.</p><div class='box'><b>Werbung</b></div><p>Nachher.</p>",
        "<div class='werbung'><small>Anzeige</small><a href='/x/'>K</a></div><p>Satz.</p>",
        "<div class='werbung'><small>Anzeige</small></div><div><small>Anzeige</small></div>",
        "<div><p>An<span class='werbung'>x</span>zeige</p><p>Ein langer Satz danach.</p></div>",
        "<div><p>Siehe<span class='related-post'>x</span> auch <a href='/r/'>R</a></p></div>",
    ],
)
def test_known_shapes_clean_like_the_plain_cleaning(body: str) -> None:
    for profile in (((), (), ()), ((".werbung",), (".related-post",), (".share-box",))):
        expected, got = _body(body), _body(body)
        assert fast_clean(got, profile) == reference_clean(expected, profile)
        assert etree.tostring(got) == etree.tostring(expected)


def test_a_label_split_over_adjacent_text_nodes_is_still_found() -> None:
    """Text set through the API can sit in two adjacent nodes; the XPath sees neither whole."""
    body = _body("<div><p>Vorher.</p><div><b>x</b><a href='/a/'>Artikel</a></div></div>")
    bold = body[0][1][0]
    bold.text = "Siehe"
    bold.append(etree.Entity("amp"))  # text, entity, tail: lxml reads "Siehe" as bold.text
    bold[0].tail = " auch"
    expected = copy.deepcopy(body)
    assert fast_clean(body, ((), (), ())) == reference_clean(expected, ((), (), ()))
    assert etree.tostring(body) == etree.tostring(expected)


def test_a_label_right_after_an_entity_reference_is_found() -> None:
    body = _body("<div><p>Vorher.</p><div><b></b><a href='/a/'>Ein Artikel</a></div></div>")
    bold = body[0][1][0]
    bold.append(etree.Entity("amp"))  # serialises as `&amp;`, like an escaped character
    bold[0].tail = "Siehe auch"
    expected = copy.deepcopy(body)
    assert fast_clean(body, ((), (), ())) == reference_clean(expected, ((), (), ())) == [0, 1, 0]
    assert etree.tostring(body) == etree.tostring(expected)


def test_a_label_in_cdata_is_found() -> None:
    body = _body("<div><p>Vorher.</p><div><b>x</b><a href='/a/'>Ein Artikel</a></div></div>")
    body[0][1][0].text = etree.CDATA("Siehe auch")
    expected = copy.deepcopy(body)
    assert fast_clean(body, ((), (), ())) == reference_clean(expected, ((), (), ())) == [0, 1, 0]
    assert etree.tostring(body) == etree.tostring(expected)


# --- URLs and the headline check ------------------------------------------------------------

_URL_CHARS = st.sampled_from([*"aZ09.-_~!$&'()*+,=:@%/?;#[] \t", "ä", "\ufeff"])
_HREFS = st.builds(
    lambda scheme, host, rest: scheme + host + rest,
    st.sampled_from(["http://", "https://", "HTTP://", "ftp://", "//", "/", ""]),
    st.sampled_from(
        [
            *["site.example", "Site.Example:8080", "h:99999", "h:65535", "h:65536", "h:00080"],
            *["a@b", "[::1]", "", "h:55363", "h:70000"],
        ]
    ),
    st.lists(_URL_CHARS, max_size=12).map("".join),
)
_BASES = st.sampled_from(
    [
        "http://127.0.0.1:8000/a/b",
        "https://site.example/x/",
        "",
        "http://[",
        "ftp://f/",
        "HTTP://Site.Example:8080/q?x=1#f",
        "http://user@site.example/",
        "http://h:/a",
        "http://h:99999/",
        "http:///nohost",
    ]
)


@BUDGET
@given(_BASES, _HREFS)
def test_absolute_url_fast_path_agrees_with_urljoin(base: str, href: str) -> None:
    assert absolute_url(base, href) == _joined_url(base, href.strip())


@pytest.mark.parametrize(
    "href",
    [
        *["http://h/a?", "http://h/a;p", "http://h:/a", "http://h:65536/", "http://h/a#f"],
        *["http://h:65535/", "http://h:55363/a", "http://h:06553/", "http://h:65540/"],
        *["http://h", "/", "/a/../b", "/a/./b", "/a/b.", "/x?", "/x?a=/.b", "//h/x", "/a b"],
        *["/a?b#c", "/.."],
    ],
)
def test_absolute_url_edge_cases_agree_with_urljoin(href: str) -> None:
    for base in ("http://127.0.0.1:8000/a/", "https://x.example/", "", "http://["):
        assert absolute_url(base, href) == _joined_url(base, href)


_URLS = st.builds(
    lambda scheme, host, port, rest: scheme + host + port + rest,
    st.sampled_from(["http://", "https://", "HTTP://", "ftp://", "//", "", "http:/"]),
    st.sampled_from(["site.example", "Site.Example", "h", "a@b", "[::1]", "", "x.y-z"]),
    st.sampled_from(
        [
            *["", ":80", ":443", ":8080", ":080", ":99999", ":", ":0", ":65535", ":65536"],
            *[":00443", ":55363", ":09999", ":10000"],
        ]
    ),
    st.lists(_URL_CHARS, max_size=14).map("".join),
)


def _outcome(function: Callable[[str], str], url: str) -> str:
    try:
        return function(url)
    except ValueError:
        return "ValueError"


def _parsed_host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


@BUDGET
@given(_URLS)
def test_canonical_url_and_host_fast_paths_agree_with_urlsplit(url: str) -> None:
    assert _outcome(canonicalize_url, url) == _outcome(_canonical_parts, url)
    assert host_of(url) == _parsed_host(url)


@BUDGET
@given(st.text(max_size=30), st.text(max_size=30))
def test_headline_check_agrees_with_comparing_keys(paragraph: str, title: str) -> None:
    title_key = _key(title)
    expected = _key(paragraph) == title_key
    assert _repeats(paragraph, title_key, title_key.split(" ", 1)[0]) == expected
    assert _repeats(title, title_key, title_key.split(" ", 1)[0])
