"""The generic spider's pure helpers: URL shapes, menus, pagination, feeds, article pages."""

from __future__ import annotations

import gzip

import pytest

from newscrawl.extraction.document import Document, parse_html
from newscrawl.extraction.generic.feeds import read_feed, sitemaps_in_robots
from newscrawl.extraction.generic.navigation import (
    article_links,
    feed_links,
    looks_like_article,
    next_page,
    section_links,
)
from newscrawl.extraction.generic.recognise import NotAnArticle, article_evidence
from newscrawl.spiders.generic import check_site_url, section_name, site_slug
from newscrawl.spiders.section import BaseUrlError

HOME = "https://www.news.example/"
HOSTS = frozenset({"news.example"})


@pytest.mark.parametrize(
    ("url", "article"),
    [
        ("https://news.example/2024/06/19/stadtrat-beschliesst-radwege/", True),
        ("https://news.example/politik/stadtrat-beschliesst-neue-radwege-fuer-die-city", True),
        ("https://news.example/politik/radwege-a-1234567.html", True),
        ("https://news.example/news/12345678", False),  # a bare number: ambiguous
        ("https://news.example/kategorie/politik/", False),
        ("https://news.example/kategorie/politik/page/2/", False),
        ("https://news.example/tag/stadtrat-beschliesst-neue-radwege-fuer-die-city/", False),
        ("https://news.example/author/erika-muster/", False),
        ("https://news.example/2024/06/19/bild.jpg", False),
        ("https://news.example/impressum/", False),
    ],
)
def test_article_urls_are_recognised_by_shape(url: str, article: bool) -> None:
    assert looks_like_article(url) is article


NAV_PAGE = """<html><head><link rel="alternate" type="application/rss+xml" href="/feed/">
</head><body><header><nav><a href="/">Start</a><a href="/politik/">Politik</a>
<a href="https://www.news.example/sport/">Sport</a><a href="https://other.example/x/">X</a>
<a href="/impressum/">Impressum</a></nav></header>
<main><article><h2><a href="/2024/06/19/stadtrat-beschliesst-radwege/?utm_source=x">A</a></h2>
</article><a href="/politik/">Politik</a></main>
<div class="pagination"><a class="prev" href="/page/1/">Zurück</a><a href="/page/2/">Weiter »</a>
</div></body></html>"""


def test_sections_come_from_the_menus_only() -> None:
    root = parse_html(NAV_PAGE)
    assert section_links(root, HOME, HOSTS) == [
        "https://www.news.example/politik/",
        "https://www.news.example/sport/",
    ]
    assert article_links(root, HOME, HOSTS) == [
        "https://www.news.example/2024/06/19/stadtrat-beschliesst-radwege/"
    ]
    assert feed_links(root, HOME) == ["https://www.news.example/feed/"]
    assert section_name("https://www.news.example/politik/") == "politik"


@pytest.mark.parametrize(
    ("page", "url", "expected"),
    [
        ('<link rel="next" href="/p/?page=3">', "https://news.example/p/", "/p/?page=3"),
        ('<a class="next" href="/p/page/3/">»</a>', "https://news.example/p/", "/p/page/3/"),
        ('<a href="/s/page/3/">3</a><a href="/s/page/2/">2</a>', "https://news.example/s/", "/s/page/2/"),  # noqa: E501
        ('<a href="/s/page/4/">4</a>', "https://news.example/s/page/3/", "/s/page/4/"),
        ('<a href="/s/page/9/">9</a>', "https://news.example/s/", None),
        ('<a href="/x/">Nächste</a>', "https://news.example/s/", "/x/"),
    ],
)  # fmt: skip
def test_next_page(page: str, url: str, expected: str | None) -> None:
    found = next_page(parse_html(f"<html><body>{page}</body></html>"), url, HOSTS)
    assert found == (f"https://news.example{expected}" if expected else None)


def test_feeds_sitemaps_and_robots() -> None:
    rss = b"<rss><channel><link>https://n.example/</link><item><link>https://n.example/a/</link></item></channel></rss>"
    assert read_feed(rss).entries == ["https://n.example/a/"]
    atom = b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><link rel="alternate" href="https://n.example/b/"/></entry></feed>'
    assert read_feed(atom).entries == ["https://n.example/b/"]
    news = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://n.example/c</loc>'
        b"<news:news><news:title>C</news:title></news:news></url></urlset>"
    )
    found = read_feed(gzip.compress(news))
    assert found.entries == ["https://n.example/c"] and found.news and not found.plain_sitemap
    index = b"<sitemapindex><sitemap><loc>https://n.example/s1.xml</loc></sitemap></sitemapindex>"
    assert read_feed(index).sitemaps == ["https://n.example/s1.xml"]
    assert read_feed(b"<html>not xml").entries == []
    robots = "User-agent: *\nDisallow: /x/\nSitemap: https://n.example/news.xml\n"
    assert sitemaps_in_robots(robots) == ["https://n.example/news.xml"]


STORY_TEXT = (
    "Der Stadtrat hat am Dienstag nach langer Debatte beschlossen, die Radwege in der Innenstadt "
    "bis zum Herbst zu verbreitern. Die Opposition kritisierte die Kosten von zwei Millionen "
    "Euro, stimmte am Ende aber zu; der Bau soll im Frühjahr beginnen und in drei Abschnitten "
    "bis zum Ende des nächsten Jahres erfolgen, teilte die Stadtverwaltung mit."
)


@pytest.mark.parametrize(
    ("head", "body", "verdict"),
    [
        ('<meta property="og:type" content="article">', "", "opengraph"),
        ('<script type="application/ld+json">{"@type": "NewsArticle"}</script>', "", "json-ld"),
        ('<meta property="og:type" content="website">', "", "og_type_website"),
        ('<script type="application/ld+json">{"@type": "CollectionPage"}</script>', "", "collection"),  # noqa: E501
        ("", f"<h1>Eine Geschichte</h1><p>{STORY_TEXT}</p>", "markup"),
        ("", "<h1>Eine Geschichte</h1><p>Text</p>", "too_little_text"),
        ("", f"<h1>Ressort</h1><article>{STORY_TEXT}</article><article>b</article>", "many_teasers"),  # noqa: E501
    ],
)  # fmt: skip
def test_a_fetched_page_is_an_article_or_dropped_with_a_reason(
    head: str, body: str, verdict: str
) -> None:
    root = parse_html(f"<html><head>{head}</head><body>{body}</body></html>")
    try:
        assert article_evidence(Document(root)) == verdict
    except NotAnArticle as exc:
        assert (exc.reason, exc.detail) == ("not_article", verdict)


def test_site_slug_and_url_checks() -> None:
    assert site_slug("127.0.0.1") == "127_0_0_1"
    assert site_slug("www.example.org") == "example_org"
    assert check_site_url("http://127.0.0.1:8000", "generic") == "http://127.0.0.1:8000/"
    for bad in (None, "", "example.org", "ftp://x.example/"):
        with pytest.raises(BaseUrlError, match="url"):
            check_site_url(bad, "generic")
