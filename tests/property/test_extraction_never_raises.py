"""Extraction and the pipelines never raise on any input: every page becomes a valid line or
a clean drop with a named reason. Property-based (hypothesis), with a fixed example budget and
derandomized, so CI time and outcome are the same on every run."""

from __future__ import annotations

import itertools
from functools import lru_cache

from helpers.budget import budget
from helpers.pipelines import PipelineChain
from hypothesis import given
from hypothesis import strategies as st
from scrapy.exceptions import DropItem

from newscrawl.demo.site import DemoSite
from newscrawl.extraction import NotAnArticle, extract_article
from newscrawl.extraction.fetched import FetchedPage
from newscrawl.schema import article_validator
from newscrawl.sites import all_profiles

BUDGET = budget(200)
BASE = "http://127.0.0.1:8000"
PROFILE = all_profiles()["bna_germany"]
_urls = itertools.count()


@lru_cache(maxsize=1)
def _page() -> tuple[str, str]:
    site = DemoSite(articles=12)
    path = site.index.metas[7].path
    return BASE + path, site.respond(path, BASE).body.decode("utf-8")


NASTY = st.sampled_from(
    [
        "\x00",
        "&#0;",
        "&#xFFFFFFFF;",
        "&#99999999999;",
        "&amp",
        "&;",
        "&#x;",
        "<![CDATA[",
        "<!--",
        "<script>",
        "</div></article></html>",
        "<?xml version='1.0' encoding='utf-16'?>",
        "\ufffd",
        "\udcff".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
        "Ã¤Ã¶",
        "<p>" * 3000,
        "<div>" * 5000,
        '<a href="' + "x" * 200_000 + '">',
        '<img src="' + "javascript:alert(1)" + '" data-src="//[::1">',
        '<time datetime="99999-99-99T99:99">',
        '<meta charset="utf-16">',
        '<link rel="canonical" href="http://[invalid">',
        '<h1 class="entry-title"></h1>',
        "\u202e\u2028\u2029\ufeff",
    ]
)


@st.composite
def mutated_page(draw: st.DrawFn) -> str:
    """A real demo article with slices cut out and nasty fragments spliced in."""
    _, html = _page()
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(html)))
        if draw(st.booleans()):
            html = html[:at] + draw(st.one_of(NASTY, st.text(max_size=200))) + html[at:]
        else:
            html = html[:at] + html[at + draw(st.integers(0, 5000)) :]
    return html


def _as_input(html: str, how: int) -> str | bytes:
    """The same text as str, as UTF-8 bytes, or as Windows-1252 / mixed bytes."""
    if how == 0:
        return html
    if how == 1:
        return html.encode("utf-8", "surrogatepass")
    half = len(html) // 2
    return html[:half].encode("utf-8", "replace") + html[half:].encode("cp1252", "replace")


PAGES = st.one_of(mutated_page(), st.text(max_size=3000), NASTY)


def _check_article(record: dict[str, object]) -> None:
    errors = [e.message for e in article_validator().iter_errors(record)]
    assert errors == [], errors


@BUDGET
@given(html=PAGES, how=st.integers(0, 2), generic=st.booleans())
def test_extract_article_returns_a_valid_article_or_a_named_drop(
    html: str, how: int, generic: bool
) -> None:
    url, _ = _page()
    try:
        article = extract_article(_as_input(html, how), url, None if generic else PROFILE)
    except NotAnArticle as drop:  # the library's one exception, with the crawl's reason
        assert drop.reason and " " not in drop.reason
        return
    _check_article(article.to_record())


@BUDGET
@given(html=PAGES, how=st.integers(0, 2))
def test_the_pipelines_emit_a_valid_line_or_drop_with_a_reason(html: str, how: int) -> None:
    url = f"{BASE}/2024/01/01/fuzz-{next(_urls)}/"
    chain = PipelineChain()
    body = _as_input(html, how)
    page = FetchedPage(url, body.encode("utf-8", "replace") if isinstance(body, str) else body,
                       PROFILE.slug, "politik")  # fmt: skip
    try:
        article = chain.run(page)
    except DropItem as drop:
        reason = str(drop).split(":", 1)[0]
        assert reason and " " not in reason, str(drop)
        return
    _check_article(article.to_record())
