"""Routing: listings and pagination, shortlinks, ignored queries, feed, robots, 404."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

from newscrawl.demo.site import DemoSite

ARTICLE_LINK = re.compile(r'href="(?:http://127\.0\.0\.1:8000)?(/\d{4}/\d\d/\d\d/[^"?#]+/)')


def test_every_section_has_at_least_three_listing_pages(site: DemoSite) -> None:
    for section in site.index.by_section:
        assert site.listing_pages(section) >= 3, section


def test_listings_reach_every_article_exactly_as_indexed(site: DemoSite, base: str) -> None:
    reached: set[str] = set()
    for section in site.index.by_section:
        for page in range(1, site.listing_pages(section) + 1):
            target = f"/kategorie/{section}/" + (f"page/{page}/" if page > 1 else "")
            status, ctype, body = site.render(target, base)
            assert (status, ctype) == (200, "text/html; charset=UTF-8")
            html = body.decode()
            assert ('class="next page-numbers"' in html) == (page < site.listing_pages(section))
            assert html.count('<article class="post sponsored">') == 1
            reached |= set(ARTICLE_LINK.findall(html.split('id="secondary"')[0]))
    assert reached == {m.path for m in site.index.metas}


def test_pagination_edges(site: DemoSite, base: str) -> None:
    last = site.listing_pages("kultur")
    assert site.render(f"/kategorie/kultur/page/{last + 1}/", base)[0] == 404
    assert site.render("/kategorie/kultur/page/0/", base)[0] == 404
    assert site.render("/kategorie/nope/", base)[0] == 404
    redirect = site.respond("/kategorie/kultur/page/1/", base)
    assert redirect.status == 301
    assert redirect.headers["Location"] == f"{base}/kategorie/kultur/"


def test_shortlink_and_tracking_queries_serve_the_same_article(site: DemoSite, base: str) -> None:
    meta = site.index.metas[42]
    page = site.render(meta.path, base)
    assert page[0] == 200
    assert site.render(f"/?p={meta.post_id}", base) == page
    assert site.render(meta.path + "?utm_source=x&fbclid=abc", base) == page
    assert site.render(f"/?p={1000 + len(site.index.metas)}", base)[0] == 404


def test_home_feed_robots_static_and_404(site: DemoSite, base: str) -> None:
    home = site.render("/", base)[2].decode()
    titles = re.findall(r'<a href="([^"]+)" rel="bookmark">', home)
    assert [re.sub(r"^http://[^/]+|[?#].*$", "", t) for t in titles] == [
        m.path for m in site.index.newest(10)
    ]
    status, ctype, body = site.render("/feed/", base)
    assert (status, ctype) == (200, "application/rss+xml; charset=UTF-8")
    items = ET.fromstring(body).findall("./channel/item")
    assert [i.findtext("link") for i in items] == [base + m.path for m in site.index.newest(20)]
    assert (
        parsedate_to_datetime(items[0].findtext("pubDate") or "") == site.index.metas[-1].published
    )
    assert site.render("/robots.txt", base)[2] == b"User-agent: *\nDisallow: /wp-admin/\n"
    assert site.render("/impressum/", base)[0] == 200
    assert site.render("/datenschutz/", base)[0] == 200
    assert site.render("/wp-admin/", base)[0] == 404
