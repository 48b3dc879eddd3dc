"""The generic spider's pure helpers: URL shapes, menus, pagination, feeds, article pages."""

from __future__ import annotations

import gzip
from typing import Any

import pytest
from helpers.run import with_run
from scrapy.http import Request, TextResponse
from scrapy.utils.test import get_crawler

from newscrawl.extraction.document import Document, parse_html
from newscrawl.extraction.generic.recognise import NotAnArticle, article_evidence
from newscrawl.navigation.discovery import (
    MAX_XML_BYTES,
    feed_links,
    read_feed,
    sitemaps_in_robots,
)
from newscrawl.navigation.links import (
    article_links,
    headline_links,
    looks_like_article,
    next_page,
    not_a_story_because,
    section_links,
)
from newscrawl.runstatus import NO_ARTICLES, decide
from newscrawl.spiders.base import BaseUrlError
from newscrawl.spiders.generic import GenericSpider, check_site_url, section_name, site_slug

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
        ("https://news.example/politik/radwege-a-4821.html", True),  # a 4-digit id
        ("https://news.example/politik/wahl-2024", False),  # a year is no id
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
        # Jekyll's paginator, and a page number in the query
        ('<a href="/page3/">3</a>', "https://news.example/page2/", "/page3/"),
        ('<a href="/page2/">2</a>', "https://news.example/", "/page2/"),
        ('<a href="/s/?page=3">3</a>', "https://news.example/s/?page=2", "/s/?page=3"),
        ('<a href="/s/?page=2">2</a><a href="/t/?page=2">2</a>', "https://news.example/s/",
         "/s/?page=2"),
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


SITEMAP_HEAD = b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'


def sitemap_rows(count: int, start: int = 0) -> bytes:
    row = b"<url><loc>https://n.example/2024/01/01/story-%07d/</loc></url>\n"
    return b"".join(row % k for k in range(start, start + count))


def test_a_sitemap_bomb_is_read_only_up_to_its_byte_budget() -> None:
    """1.5 MB of gzip that unpacks to 60 MB of valid XML: read as a stream, and nothing past
    the first MAX_XML_BYTES unpacked bytes (the rows there are 64 bytes each)."""
    bomb = gzip.compress(SITEMAP_HEAD + sitemap_rows(940_000) + b"</urlset>")
    found = read_feed(bomb, max_entries=10_000_000)
    assert found.cut
    per_row = len(sitemap_rows(1))
    assert len(found.entries) == pytest.approx(MAX_XML_BYTES // per_row, abs=2)
    assert found.entries[0] == "https://n.example/2024/01/01/story-0000000/"


def test_a_feed_is_read_up_to_its_entry_budget() -> None:
    found = read_feed(SITEMAP_HEAD + sitemap_rows(5_000) + b"</urlset>", max_entries=1_000)
    assert len(found.entries) == 1_000 and found.cut
    assert not read_feed(SITEMAP_HEAD + sitemap_rows(999) + b"</urlset>", max_entries=1_000).cut
    assert found.entries[-1] == "https://n.example/2024/01/01/story-0000999/"


def test_a_sitemap_cut_short_gives_the_entries_before_the_cut() -> None:
    cut = gzip.compress(SITEMAP_HEAD + sitemap_rows(10) + b"<url><loc>https://n.ex")[:-8]
    assert len(read_feed(cut).entries) >= 9
    assert len(read_feed(SITEMAP_HEAD + sitemap_rows(10) + b"<url><lo").entries) == 10


def test_every_sitemap_counts_against_one_cap() -> None:
    """Twelve sitemaps named in robots.txt, then an index naming twelve more: ten in all."""
    crawler = get_crawler(GenericSpider, {"NEWSCRAWL_STATE_DIR": "none"})
    spider: Any = GenericSpider.from_crawler(crawler, url="https://n.example/")
    with_run(crawler, spider)
    robots = "".join(f"Sitemap: https://n.example/s{k}.xml\n" for k in range(12))
    response = TextResponse("https://n.example/robots.txt", body=robots.encode())
    first = [request.url for request in spider.parse_robots(response)]
    assert first == [f"https://n.example/s{k}.xml" for k in range(10)]
    index = "".join(f"<sitemap><loc>https://n.example/i{k}.xml</loc></sitemap>" for k in range(12))
    body = f"<sitemapindex>{index}</sitemapindex>".encode()
    listed = TextResponse("https://n.example/s0.xml", body=body)
    assert [r for r in spider.parse_feed(listed) if r.callback == spider.parse_feed] == []
    assert crawler.stats is not None
    assert crawler.stats.get_value("newscrawl/discovery/sitemaps_over_cap") == 14


def test_a_crawl_that_finds_no_story_links_says_what_it_saw() -> None:
    crawler = get_crawler(GenericSpider, {"NEWSCRAWL_STATE_DIR": "none"})
    spider: Any = GenericSpider.from_crawler(crawler, url="https://n.example/")
    with_run(crawler, spider)
    teasers = "".join(  # plain links: no teaser's headline, no permalink
        f'<p><a href="/{slug}/">{slug}</a></p>'
        for slug in ("braums-loses-bid", "city-budget", "new-mayor", "rain-again")
    )
    page = f'<html><body><nav><a href="/about/">About</a></nav>{teasers}</body></html>'
    url = "https://n.example/news/"
    response = TextResponse(url, body=page.encode(), request=Request(url))
    assert list(spider.parse_listing(response, "news")) == []
    spider.closed("finished")
    stats = crawler.stats.get_stats()  # type: ignore[union-attr]
    assert stats["newscrawl/links/seen"] == 5
    verdict = decide({**stats, "finish_reason": "finished"}, 0.2)
    assert verdict.code == NO_ARTICLES
    assert "5 on-site links seen on 1 listing pages" in verdict.reason
    assert "https://n.example/braums-loses-bid/ (no date, id or long slug" in verdict.reason
    assert "/about/" not in verdict.reason  # a service page is no example


def test_teasers_headline_links_and_permalinks_are_stories_whatever_their_address() -> None:
    """A WordPress listing (the tagDiv theme's module markup, a static mirror's index.html
    links): short undated slugs, linked from a teaser's headline or a `rel=bookmark` image."""
    page = parse_html(
        "<html><body><header><h3><a href='/about-us/'>About us</a></h3></header>"
        "<nav class='menu'><h4><a href='/weather/'>Weather</a></h4></nav>"
        "<div class='td_module_10'><div class='td-module-thumb'>"
        "<a href='../../../../braums-loses-bid/index.html' rel='bookmark'><img src=x.jpg></a>"
        "</div>"
        "<h3 class='entry-title td-module-title'><a href='../../../../braums-loses-bid/index.html'>"
        "Braums loses bid</a></h3></div>"
        "<div class='td_module_10'><a href='../../../../603-2/index.html' rel='bookmark'>x</a>"
        "</div>"
        "<article><h2><span><a href='/city-budget/'>City budget</a></span></h2></article>"
        "<div class='post-preview'><h1> <a href='/posts/cookie/'>Cookie</a></h1></div>"
        "<aside><h3><a href='/popular-thing/'>Popular</a></h3></aside>"
        "<p><a href='/contact-page/'>contact</a></p></body></html>"
    )
    found = headline_links(
        page, "https://n.example/category/news/page/2/", frozenset({"n.example"})
    )
    assert found == {
        "https://n.example/braums-loses-bid/index.html",
        "https://n.example/603-2/index.html",
        "https://n.example/city-budget/",
        "https://n.example/posts/cookie/",  # Chirpy's listings head each post with an <h1>
    }


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("https://n.example/braums-loses-bid/", "no date, id or long slug in its address"),
        ("https://n.example/2019/03/15/braums/index.html", None),
        ("https://n.example/page/2/index.html", "a listing page"),
        ("https://n.example/page7/", "a listing page"),
        ("https://n.example/archives/", "a listing page"),
        ("https://n.example/tag/braums/index.html", "a service page"),
        ("https://n.example/index.html", "the front page"),
        ("https://n.example/privacy/", "a service page"),
        ("https://n.example/help/how-to-subscribe-to-our-paper/", "a service page"),
        # a service word as a post's own name below a section: only a headline makes it one
        ("https://n.example/posts/cookie/", "a service page by its name"),
        ("https://n.example/info/impressum.html", "a service page by its name"),
    ],
)
def test_why_an_address_is_not_a_storys(url: str, why: str | None) -> None:
    assert not_a_story_because(url) == why


def test_each_entry_has_the_date_its_feed_or_sitemap_gives() -> None:
    news = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        b"<url><loc>https://n.example/a/</loc><lastmod>2024-06-20</lastmod><news:news>"
        b"<news:publication_date>2024-06-19T08:15:00+02:00</news:publication_date></news:news>"
        b"</url><url><loc>https://n.example/b/</loc><lastmod>2024-06-01</lastmod></url>"
        b"<url><loc>https://n.example/c/</loc></url></urlset>"
    )
    assert read_feed(news).dates == {
        "https://n.example/a/": "2024-06-19T08:15:00+02:00",  # published, not last changed
        "https://n.example/b/": "2024-06-01",
    }
    rss = (
        b"<rss><channel><item><link>https://n.example/d/</link>"
        b"<pubDate>Wed, 19 Jun 2024 08:15:00 +0200</pubDate></item></channel></rss>"
    )
    assert read_feed(rss).dates == {"https://n.example/d/": "Wed, 19 Jun 2024 08:15:00 +0200"}
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="https://n.example/e/"/>'
        b"<updated>2024-06-21T10:00:00Z</updated><published>2024-06-18T10:00:00Z</published>"
        b"</entry></feed>"
    )
    assert read_feed(atom).dates == {"https://n.example/e/": "2024-06-18T10:00:00Z"}


def test_since_skips_the_entries_a_sitemap_dates_before_it() -> None:
    crawler = get_crawler(GenericSpider, {"NEWSCRAWL_STATE_DIR": "none"})
    spider: Any = GenericSpider.from_crawler(crawler, url="https://n.example/", since="2024-06-10")
    with_run(crawler, spider)
    sitemap = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>https://n.example/2024/06/19/neu/</loc><lastmod>2024-06-19</lastmod></url>"
        b"<url><loc>https://n.example/alt-und-kurz/</loc><lastmod>2024-05-02</lastmod></url>"
        b"<url><loc>https://n.example/neu-und-kurz/</loc><lastmod>2024-06-11</lastmod></url>"
        b"<url><loc>https://n.example/ohne-datum/</loc></url></urlset>"
    )
    url = "https://n.example/sitemap.xml"
    response = TextResponse(url, body=sitemap, request=Request(url))
    wanted = [request.url for request in spider.parse_feed(response)]
    assert wanted == [
        "https://n.example/2024/06/19/neu/",
        "https://n.example/neu-und-kurz/",
        "https://n.example/ohne-datum/",  # no date: fetched, judged by its own date
    ]
    assert crawler.stats.get_value("newscrawl/incremental/older_than_since") == 1  # type: ignore[union-attr]
