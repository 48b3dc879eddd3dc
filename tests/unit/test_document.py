"""`document.select` finds exactly what lxml's own CSSSelector finds, in the same order.

Descendant chains run step by step (see `document.Selector`); every comparison runs a selector
both ways on the same tree, from the document root and from subtrees, and after elements were
removed; a hypothesis test does the same for random trees and selectors (fixed budget,
derandomized). The parser's trees and the generic field readers are checked here too.
"""

from __future__ import annotations

import codecs
from urllib.parse import urlsplit

import lxml.html
import pytest
from helpers.budget import budget
from hypothesis import given
from hypothesis import strategies as st
from lxml.cssselect import CSSSelector, SelectorSyntaxError
from lxml.html import HtmlElement

from newscrawl.extraction.class_index import class_words, index_tree
from newscrawl.extraction.decode import decode_html
from newscrawl.extraction.document import (
    Document,
    SelectorError,
    UnparseablePage,
    all_values,
    first_value,
    parse_html,
    select,
)
from newscrawl.extraction.document import selector as selector_of
from newscrawl.extraction.fields import read_fields, taxonomy
from newscrawl.extraction.profile import FieldSelectors, Section, SiteProfile
from newscrawl.urls import absolute_url

PAGE = """<!DOCTYPE html><html lang="de"><head><title>T</title>
<meta property="og:title" content="Titel aus OpenGraph">
<meta name="description" content="  Beschreibung  "><meta name="empty" content="">
<link rel="canonical" href="/x/"></head>
<body class="single  post">
<div id="page" class="wrap outer">
  <header class="site-header"><h1 class="entry-title">Kopf</h1>
    <nav class="menu"><a href="/a/" rel="tag">A</a><a href="/b/" rel="category tag">B</a></nav>
  </header>
  <article id="post-1" class="post entry">
    <h1 class="entry-title big">Titel</h1>
    <div class="entry-meta"><span class="byline">von <span class="author">Erika</span></span>
      <span class="cat-links"><a href="/kategorie/politik/" rel="category tag">Politik</a></span>
    </div>
    <div class="entry-content wrap">
      <p class="lead intro">Erster Absatz.</p>
      <p class="source-line">Quelle: dpa</p>
      <div class="wrap"><div class="inner wrap"><p class="deep">Tief <b class="x">fett</b></p>
        <figure class="wp-caption"><img src="/i.jpg"><figcaption class="caption">Bild
        <span class="image-credit">Foto: X</span></figcaption></figure></div></div>
      <p class="tab&#9;sep	split" data-x="" hidden>Tab</p>
      <p class="nbsp&#160;joined" lang="de-DE" title="a-b c">NBSP</p>
      <p class="ff&#12;joined dup dup">FF</p>
      <ul class="tags-links"><li><a href="/t/1/" rel="tag">Eins</a></li>
        <li><a href="/t/2/" rel="tag nofollow">Zwei</a></li><li><a href="/t/3/">Drei</a></li></ul>
    </div>
    <div class="entry-content"><p>Zweiter Inhalt</p></div>
  </article>
  <aside class="widget wrap"><div class="entry-content"><p class="lead">Fremd</p></div></aside>
</div></body></html>"""

# Forms with a class word to start from: the engine answers these itself.
ATTRIBUTE_TESTS = [
    "a[rel~=tag]",
    "a[rel~='category']",
    "[rel]",
    "[REL='tag']",
    "A[href^='/t/']",
    "a[href$='/']",
    "a[href*=kategorie]",
    "a[href|='/t']",
    "p[lang|=de]",
    "p[title~=a-b]",
    "p[title!='a-b c']",
    "[data-x]",
    "[data-x='']",
    "[data-x!='']",
    "[hidden]",
    "[href^='']",
    "[href$='']",
    "[href*='']",
    "[rel~='']",
    "[title~='a b']",
    "#post-1",
    "*",
]
SUPPORTED = [
    ".wrap",
    ".wrap .wrap",
    ".wrap > .wrap",
    ".wrap .wrap p",
    ".wrap .wrap .wrap p",
    ".wrap > .wrap p",
    "div > .wrap p",
    "div#page.outer",
    "#page.outer > .post",
    "#page.outer > * .wrap",
    "article h1.entry-title",
    "h1.entry-title.big",
    "H1.ENTRY-TITLE",
    ".entry-meta .byline .author",
    ".entry-content .source-line",
    ".entry-content p",
    "article .entry-content",
    "article > .entry-content > p.lead",
    ".entry-content > p.lead",
    "body .entry-content *",
    ".tab",
    ".sep",
    ".split",
    ".nbsp",
    ".joined",
    ".ff",
    ".dup",
    ".tags-links a[rel~=tag]",
    ".entry-meta .cat-links a[rel~=category]",
    ".wp-caption-text, .caption, .image-caption",
    "p.lead, .lead, .entry-title",
    ".deep, .deep b, .x",
    ".outer p, .lead",
    ".missing",
    ".missing p",
    "article .nosuchclass, article h1.big",
    # a part of a class word, and [class~=word] as .word
    "[class*=ntry]",
    "p[class*='ea']",
    "[class*='-']",
    "[class*=nosuch], .lead",
    "[class~='entry-title']",
    "article [class~=lead]",
    "[class~='lead intro']",
    "[class*='lead intro']",
    "[class*='']",
    *(f".outer {test}" for test in ATTRIBUTE_TESTS),
    *(f".entry-content {test}" for test in ATTRIBUTE_TESTS),
    *(f"p.lead{test}" for test in ATTRIBUTE_TESTS if test[0] == "["),
]
# Forms without one: cssselect's XPath filters them faster than Python could.
UNKEYED = [
    "p",
    "P",
    "div *",
    "#page",
    "#post-1 h1",
    ".wrap > div > p",
    "body p",
    "html > body",
    "meta[property='og:title']",
    "meta[name=description]",
    "meta[name=empty]",
    "figcaption, .caption",
    "script, style, [hidden]",
    "[rel~=tag], [href^='/t/'], p[lang]",
    "a[href$='/'], [data-x=''], #post-1",
    "[rel~=''], [href*=''], [title~='a b'], b",
    "*, p",
    "H1, [REL='tag']",
    *ATTRIBUTE_TESTS,
]
# Forms the engine does not plan at all, each with a class word it could have started from.
UNSUPPORTED = [
    ".outer p:first-child",
    "h1.entry-title + p",
    ".lead ~ p",
    ".outer a[rel~=TAG i]",
    ".outer *|p",
    ".outer p:not(.lead)",
    ".outer p:nth-child(2)",
    ".wrap > .wrap p:empty",
    ".a\\ b",
    ".outer, p",
]


def _doc() -> HtmlElement:
    return parse_html(PAGE)


def _by_lxml(selector: str, root: HtmlElement) -> list[HtmlElement]:
    """lxml's own CSS support, one XPath for the whole selector: the reference."""
    found = CSSSelector(selector, translator="html")(root)
    assert isinstance(found, list)
    return [e for e in found if isinstance(e, HtmlElement)]


def _assert_same(selector: str, root: HtmlElement) -> None:
    try:
        expected = _by_lxml(selector, root)
    except SelectorSyntaxError:  # a form this cssselect does not know (`i` before 1.4)
        with pytest.raises(SelectorError):
            select(root, selector)
        return
    found = select(root, selector)
    assert [id(e) for e in found] == [id(e) for e in expected], selector
    indexed = selector_of(selector).elements(root, index_tree(root.getroottree().getroot()))
    assert [id(e) for e in indexed] == [id(e) for e in expected], selector


@pytest.mark.parametrize("selector", SUPPORTED + UNSUPPORTED + UNKEYED)
def test_every_form_finds_what_lxml_finds_from_the_root(selector: str) -> None:
    _assert_same(selector, _doc())


@pytest.mark.parametrize("selector", SUPPORTED + UNSUPPORTED)
def test_a_query_from_any_subtree_finds_only_that_subtree(selector: str) -> None:
    document = _doc()
    for root in document.iter(lxml.etree.Element):
        _assert_same(selector, root)


def test_descendant_chains_are_run_step_by_step_and_the_rest_whole() -> None:
    assert selector_of("main article h2.entry-title a").alternatives is not None
    assert selector_of(".outer p, .lead").alternatives is not None
    assert selector_of("div > p.lead").alternatives is None
    assert selector_of(".wp-caption-text, .caption").alternatives is None
    assert selector_of(".a\\ b c").alternatives is None  # escapes stay whole


@pytest.mark.parametrize(
    ("css", "keyed", "unkeyed"),
    [
        ("article .entry-content", 1, None),
        (".entry-summary p", 1, None),  # the class index, then a descendant step
        (".tags-links a[rel~=tag]", 1, None),
        ("[class*='adsbygoogle'], iframe, [id^='div-gpt-ad']", 1, "iframe, [id^='div-gpt-ad']"),
        ("p, meta[name=description]", 0, None),  # no class word: lxml alone
        (".outer p:first-child", 1, None),  # the pseudo-class in lxml's step
        ("h1.entry-title + p", 0, None),
        ("[class*='a b']", 0, None),  # a part with a space may span two words
    ],
)
def test_chains_with_a_class_word_are_planned_on_the_class_index(
    css: str, keyed: int, unkeyed: str | None
) -> None:
    compiled = selector_of(css)
    assert len(compiled.keyed) == keyed
    assert compiled.unkeyed == unkeyed


def test_the_page_has_the_matches_the_comparisons_rely_on() -> None:
    """Guards the fixture: a selection that finds nothing anywhere would agree with nothing."""
    document = _doc()
    assert [e.get("class") for e in select(document, ".wrap .wrap .wrap p")] == ["deep"]
    assert len(select(document, ".wrap .wrap p")) == 7
    assert len(select(document, ".wrap > .wrap")) == 3
    assert len(select(document, ".tab")) == 1
    assert select(document, ".nbsp") == []  # NBSP does not split XPath words
    assert len(select(document, ".outer a[rel~=tag]")) == 5
    assert len(select(document, ".entry-content [data-x='']")) == 1
    found = select(document, ".outer p, .lead, .entry-title")
    assert [e.tag for e in found] == ["h1", "h1"] + ["p"] * 8  # document order, no repeats


def test_removed_elements_are_never_returned() -> None:
    document = _doc()
    index_tree(document)  # walked before the removals
    for element in select(document, ".source-line, .deep, .tags-links"):
        element.drop_tree()
    content = document.find_class("entry-content")[0]
    for css in SUPPORTED:
        _assert_same(css, document)
        _assert_same(css, content)


def test_a_removed_subtree_queried_itself_finds_its_own_elements() -> None:
    document = _doc()
    box = document.find_class("wp-caption")[0]
    box.drop_tree()
    assert [e.tag for e in select(box, ".caption, img")] == ["img", "figcaption"]
    assert select(document, ".caption") == []


def test_a_listing_of_many_teasers_is_selected_in_linear_time() -> None:
    """cssselect's one XPath takes quadratic time here (11.6 s for 60,000 teasers); the steps
    stay linear: 4,000 teasers take well under the time of 16 x 250."""
    teasers = "".join(
        f'<article><h2 class="entry-title"><a href="/{k}/">t</a></h2></article>'
        for k in range(4000)
    )
    root = parse_html(f"<html><body><main>{teasers}</main></body></html>")
    found = select(root, "main article h2.entry-title a")
    assert [a.get("href") for a in found] == [f"/{k}/" for k in range(4000)]


def test_an_invalid_selector_is_refused_with_its_text() -> None:
    with pytest.raises(SelectorError, match="p:nosuch"):
        selector_of("p:nosuch")


def test_attribute_and_text_suffixes_read_the_values() -> None:
    document = _doc()
    selectors = {
        "title": ("article h1.nope", "meta[property='og:title']::attr(content)"),
        "lead": (".entry-content p.lead::text",),
        "desc": ("meta[name=description]::attr(content)",),
        "tags": (".tags-links a[rel~=tag]", "a[rel~=tag]"),
        "sections": (".entry-meta .cat-links a[rel~=category]::attr(href)",),
        "none": (".missing::attr(href)",),
    }
    plain = {
        name: (first_value(document, s), all_values(document, s)) for name, s in selectors.items()
    }
    assert plain["title"][0] == "Titel aus OpenGraph"
    assert plain["lead"] == ("Erster Absatz.", ["Erster Absatz.", "Fremd"])
    assert plain["desc"][0] == "Beschreibung"
    assert plain["tags"][1] == ["Eins", "Zwei"]
    assert plain["sections"][1] == ["/kategorie/politik/"]
    assert plain["none"] == (None, [])


def test_class_words_split_like_xpath_normalize_space() -> None:
    assert class_words(" a\tb\nc\rd  e ") == ["a", "b", "c", "d", "e"]
    assert class_words("a\xa0b c\x0cd") == ["a\xa0b", "c\x0cd"]
    assert class_words("a\u2003b") == ["a\u2003b"]


def test_the_parser_gives_every_node_the_class_lxml_html_gives_it() -> None:
    page = "<html><body><form><input><select><option>o</select><textarea></textarea>"
    page += "<label>l</label></form><p>x &amp; y<br></p></body></html>"
    ours = [type(e) for e in parse_html(page).iter()]
    theirs = [type(e) for e in lxml.html.document_fromstring(page).iter()]
    assert ours == theirs
    assert lxml.html.FormElement in ours and lxml.html.InputElement in ours


@pytest.mark.parametrize(
    "base",
    [
        "https://news.example/2024/05/02/a/",
        "http://127.0.0.1:8000/x",
        "https://news.example:99999/a/",
        "mailto:someone@example.org",
        "not a url",
        "http:///nohost/",
    ],
)
def test_a_rooted_section_path_gives_the_slug_joining_the_urls_gives(base: str) -> None:
    values = ["/kategorie/politik/", "/a/b", "/a~b/c-d_e/", "/Welt/", "/x/./y/", "/x/../y"]
    values += ["//other.example/z/", "/a b/", "/a/#frag", "/a?b=c", "/", "/ä/", "politik"]
    for value in values:
        path = urlsplit(absolute_url(base, value) or value).path if "/" in value else value
        slug = path.rstrip("/").rsplit("/", 1)[-1].strip().lower()
        assert taxonomy._section_slugs(base, [value]) == ([slug] if slug else []), value


UTF8_PAGES = [
    PAGE,
    '<html><head><meta charset="iso-8859-1"></head><body><p>Grüße – „so“</p></body></html>',
    '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><p>€ ü</p>',
    '<meta charset="utf-16"><p>ä\u2028b \U0001f600 &#0; &#128; &amp;</p>',
    "<p>\r\n\r x</p>",
    "\n\t <!DOCTYPE html><p>y</p>",
    "only text, no markup",
]


@pytest.mark.parametrize("page", UTF8_PAGES)
def test_utf8_bytes_parse_to_the_tree_their_text_parses_to(page: str) -> None:
    from_bytes, from_text = parse_html(page.encode("utf-8")), parse_html(page)
    assert lxml.etree.tostring(from_bytes) == lxml.etree.tostring(from_text)
    assert [type(e) for e in from_bytes.iter()] == [type(e) for e in from_text.iter()]


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + "<p>ä</p>".encode(),
        codecs.BOM_UTF16_LE + "<p>ä</p>".encode("utf-16-le"),
        '<?xml version="1.0" encoding="iso-8859-1"?><p>ä</p>'.encode(),
        b"<p>a\x00b</p>",
        '<meta charset="iso-8859-1"><p>Grüße</p>'.encode("latin-1"),
        "<p>cut off ü".encode()[:-1],
        b" \n ",
        "\u3000".encode(),
    ],
)
def test_other_bytes_are_decoded_first_as_before(data: bytes) -> None:
    """Pages the UTF-8 shortcut must not take: the result is that of the decoded text."""
    try:
        text = decode_html(data)
    except ValueError:
        pytest.skip("undecodable")
    try:
        expected = lxml.etree.tostring(parse_html(text))
    except UnparseablePage:
        with pytest.raises(UnparseablePage):
            parse_html(data)
        return
    assert lxml.etree.tostring(parse_html(data)) == expected


# --- the lazy generic fallback reads each field as the full generic reading does ------------

FALLBACK_PAGES = [
    PAGE,
    """<html><head><meta property="og:title" content="A | Site"><meta property="og:site_name"
    content="Site"><meta property="article:section" content="Lokale Politik">
    <meta name="author" content="Max Muster"><meta property="article:tag" content="x">
    <meta property="article:modified_time" content="2024-05-02"></head>
    <body><time class="updated" datetime="2024-05-03">x</time></body></html>""",
    """<html><head><script type="application/ld+json">{"@type": "NewsArticle",
    "headline": "H", "dateModified": "2024-01-01", "keywords": ["k1", "k2"],
    "articleSection": ["Welt"], "author": [{"name": "A"}, "B"], "description": "D"}</script>
    </head><body><p class="byline">Von C</p></body></html>""",
    """<html><body><h1>Nur HTML</h1><a rel="author" href="/a/">Autorin</a>
    <time class="entry-date published" datetime="2024-02-02">x</time></body></html>""",
]


_NOWHERE = (".selector-of-a-redesigned-site",)
_BLIND = SiteProfile(
    slug="blind",
    name="Blind",
    sections=(Section("politik", "politik/"),),
    article_path=r"^/",
    listing_links=("a",),
    pagination=("a.next",),
    fields=FieldSelectors(**{name: _NOWHERE for name in FieldSelectors.__dataclass_fields__}),
)


@pytest.mark.parametrize("page", FALLBACK_PAGES)
def test_a_profile_whose_selectors_find_nothing_reads_each_field_as_the_generic_path(
    page: str,
) -> None:
    """Each field of a profiled page falls back to the very reading of a page no profile
    knows: the same value, found by the same method."""
    url = "https://news.example/2024/05/02/a/"
    profiled = read_fields(Document(parse_html(page)), url, _BLIND)
    generic = read_fields(Document(parse_html(page)), url, None)
    for name in ("title", "lead", "published_at", "modified_at", "authors", "tags", "sections",
                 "images", "canonical_url"):  # fmt: skip
        assert getattr(profiled, name) == getattr(generic, name), name
        assert profiled.provenance.get(name) == generic.provenance.get(name), name
    assert profiled.source is None  # the generic path never names a source


# --- random trees and selectors ------------------------------------------------------------

TAGS = ["div", "p", "span", "a", "section"]
CLASSES = ["a", "b", "c", "a-b"]
SEPARATORS = [" ", "  ", "\t", "\n", "\xa0"]
BUDGET = budget(200)


@st.composite
def _elements(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(st.sampled_from(TAGS))
    words = draw(st.lists(st.sampled_from(CLASSES), max_size=3))
    separator = draw(st.sampled_from(SEPARATORS))
    attributes = f' class="{separator.join(words)}"' if words or draw(st.booleans()) else ""
    if draw(st.booleans()):
        attributes += f' id="{draw(st.sampled_from(["x", "y"]))}"'
    if draw(st.booleans()):
        attributes += f' rel="{draw(st.sampled_from(["tag", "a tag", "x-y", ""]))}"'
    children = "" if depth >= 3 else "".join(draw(st.lists(_elements(depth + 1), max_size=3)))
    return f"<{tag}{attributes}>{children}</{tag}>"


_SIMPLE = st.sampled_from(
    [f".{c}" for c in CLASSES]
    + ["#x", "#y", "[rel]", "[rel~=tag]", "[rel|=x]", "[rel^=a]", "[rel$=g]", "[rel*='-']"]
    + ["[rel='']", "[rel!=tag]", "[class~=b]", "[id=x]", "[class*=a]", "[class*='-b']"]
)
_TAG = st.sampled_from(["", "", "*", *TAGS])


def _compounds() -> st.SearchStrategy[str]:
    return st.builds(
        lambda t, parts: (t + "".join(parts)) or "*", _TAG, st.lists(_SIMPLE, max_size=2)
    )


def _classed() -> st.SearchStrategy[str]:
    word = st.sampled_from([f".{c}" for c in CLASSES])
    return st.builds(
        lambda t, c, parts: t + c + "".join(parts), _TAG, word, st.lists(_SIMPLE, max_size=1)
    )


def _selectors() -> st.SearchStrategy[str]:
    """Lists of chains of compounds joined by descendant and child combinators."""
    combinator = st.sampled_from([" ", " > ", "  ", "\t"])
    head = st.lists(st.tuples(_compounds(), combinator), max_size=3).map(
        lambda links: "".join(k + c for k, c in links)
    )
    chain = st.builds(lambda h, k: h + k, head, st.one_of(_classed(), _compounds()))
    return st.lists(chain, min_size=1, max_size=3).map(", ".join)


@BUDGET
@given(
    body=st.lists(_elements(), min_size=1, max_size=4).map("".join),
    css=_selectors(),
    removals=st.lists(st.integers(min_value=0, max_value=60), max_size=3),
    queried=st.integers(min_value=0, max_value=60),
)
def test_random_trees_and_selectors_agree_with_lxml(
    body: str, css: str, removals: list[int], queried: int
) -> None:
    document = parse_html(f"<html><body>{body}</body></html>")
    index = index_tree(document)  # walked before the removals
    elements = list(document.iter(lxml.etree.Element))
    for position in removals:
        victim = elements[position % len(elements)]
        if victim.getparent() is not None:
            victim.drop_tree()
    attached = list(document.iter(lxml.etree.Element))
    root = attached[queried % len(attached)]
    assert select(root, css) == _by_lxml(css, root)
    assert select(document, css) == _by_lxml(css, document)
    assert selector_of(css).elements(root, index) == _by_lxml(css, root)
    assert selector_of(css).elements(document, index) == _by_lxml(css, document)
