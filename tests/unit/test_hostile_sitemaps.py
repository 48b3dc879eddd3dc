"""Sitemaps written to exhaust a crawler are read within the run's budgets, and the summary's
`discovery` says what was cut: an index nested 20 levels deep (at most MAX_SITEMAPS read),
100,000 entries (at most MAX_FEED_ENTRIES taken), entries on other hosts (never requested)."""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.http import XmlResponse
from scrapy.utils.test import get_crawler

from newscrawl import settings as project
from newscrawl.extensions.summary import summarize
from newscrawl.spiders.discovery import MAX_FEED_ENTRIES, MAX_SITEMAPS
from newscrawl.spiders.generic import GenericSpider

BASE = "http://127.0.0.1:9"
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def _spider() -> Any:
    values = {k: getattr(project, k) for k in dir(project) if k.isupper()}
    values["NEWSCRAWL_STATE_DIR"] = "none"
    crawler = get_crawler(GenericSpider, values)
    spider: Any = GenericSpider.from_crawler(crawler, url=BASE + "/")
    crawler.spider = spider
    return spider


def _response(url: str, body: str) -> XmlResponse:
    return XmlResponse(url, body=body.encode(), request=Request(url))


def _index(child: str) -> str:
    entry = f"<sitemap><loc>{child}</loc></sitemap>"
    return f'<?xml version="1.0"?><sitemapindex {NS}>{entry}</sitemapindex>'


def _urlset(urls: list[str]) -> str:
    rows = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    return f'<?xml version="1.0"?><urlset {NS}>{rows}</urlset>'


def _discovery(spider: Any) -> dict[str, int]:
    stats = spider.crawler.stats.get_stats()
    return dict(summarize({**stats, "finish_reason": "finished"}, 0.5)["discovery"])


def test_an_index_nested_twenty_deep_is_read_to_the_sitemap_cap() -> None:
    spider = _spider()
    url, read = f"{BASE}/sitemap-0.xml", 0
    spider.sitemaps_read = 1  # as robots.txt's Sitemap: line had asked for this one
    for level in range(20):
        found = list(spider.parse_feed(_response(url, _index(f"{BASE}/sitemap-{level + 1}.xml"))))
        read += 1
        if not found:
            break
        (request,) = found
        url = request.url
    assert read == MAX_SITEMAPS
    assert _discovery(spider) == {
        "feeds_and_sitemaps_read": MAX_SITEMAPS,
        "sitemaps_over_cap": 1,
        "cut_at_budget": 0,
    }


def test_a_hundred_thousand_entries_are_cut_at_the_entry_budget() -> None:
    spider = _spider()
    urls = [f"{BASE}/2025/03/04/story-{k}/" for k in range(100_000)]
    requests = list(spider.parse_feed(_response(f"{BASE}/sitemap.xml", _urlset(urls))))
    assert 0 < len(requests) <= MAX_FEED_ENTRIES
    assert _discovery(spider)["cut_at_budget"] == 1


def test_entries_on_other_hosts_are_never_requested() -> None:
    spider = _spider()
    urls = [f"http://127.0.0.2/2025/03/04/story-{k}/" for k in range(5)]
    urls += [f"{BASE}/2025/03/04/own-story-{k}/" for k in range(3)]
    requests = list(spider.parse_feed(_response(f"{BASE}/sitemap.xml", _urlset(urls))))
    assert sorted(r.url for r in requests) == sorted(urls[5:])
