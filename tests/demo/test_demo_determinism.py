"""Same seed, same bytes; different seed, different site; articles independent of N."""

from __future__ import annotations

import re

from newscrawl.demo.site import DemoSite
from newscrawl.demo.truth import truth_records

PAGES = ("/", "/kategorie/politik/", "/kategorie/sport/page/2/", "/feed/", "/?p=1100")
TOPBAR = re.compile(rb'<span class="top-bar-date">[^<]*</span>')


def test_same_seed_gives_identical_bytes(site: DemoSite, base: str) -> None:
    other = DemoSite()
    for path in PAGES:
        assert site.render(path, base) == other.render(path, base), path


def test_different_seed_gives_a_different_site(site: DemoSite, base: str) -> None:
    other = DemoSite(seed=2)
    for path in ("/", "/kategorie/politik/", "/?p=1100"):
        assert site.render(path, base)[2] != other.render(path, base)[2], path


def test_article_pages_do_not_depend_on_article_count(site: DemoSite, base: str) -> None:
    small = DemoSite(articles=40)
    for post_id in (1000, 1017, 1039):
        big_page = site.render(f"/?p={post_id}", base)[2]
        small_page = small.render(f"/?p={post_id}", base)[2]
        assert TOPBAR.sub(b"", big_page) == TOPBAR.sub(b"", small_page)


def test_truth_does_not_depend_on_article_count(base: str) -> None:
    small = truth_records(base, articles=40)
    urls = {r["url"] for r in small}
    assert len(small) == 40
    assert small == [r for r in truth_records(base) if r["url"] in urls]


def test_all_spellings_of_a_page_share_one_cached_response(site: DemoSite, base: str) -> None:
    first = site.respond("/kategorie/welt/", base)
    assert site.respond("/kategorie/welt/?utm_source=x&fbclid=y", base) is first
