"""Edition 2 adds the newest articles on top and leaves existing article pages alone (with
`--updates` it also updates a few: test_demo_updates.py)."""

from __future__ import annotations

import re

from newscrawl.demo.site import DemoSite
from newscrawl.demo.truth import records_for

TOPBAR = re.compile(rb'<span class="top-bar-date">([^<]*)</span>')
TEASER = re.compile(r'<h2 class="entry-title"><a href="([^"]+)" rel="bookmark">')


def _paths(site: DemoSite, section: str, page: int, base: str) -> list[str]:
    target = f"/kategorie/{section}/" if page == 1 else f"/kategorie/{section}/page/{page}/"
    html = site.render(target, base)[2].decode()
    return [re.sub(r"^https?://[^/]+|[?#].*$", "", href) for href in TEASER.findall(html)]


def test_edition_two_is_a_superset_with_k_new_articles(site: DemoSite, base: str) -> None:
    second = DemoSite(edition=2)
    old = {m.path for m in site.index.metas}
    new = {m.path for m in second.index.metas}
    assert old < new
    assert len(new - old) == 12  # K = max(12, min(30, 240 // 100))
    old_truth = records_for(site.index, base)
    new_truth = {r["url"]: r for r in records_for(second.index, base)}
    assert all(new_truth[r["url"]] == r for r in old_truth)


def test_new_articles_are_listed_first(site: DemoSite, base: str) -> None:
    second = DemoSite(edition=2)
    old = {m.path for m in site.index.metas}
    for section in site.index.by_section:
        listed = _paths(second, section, 1, base) + _paths(second, section, 2, base)
        fresh = [p not in old for p in listed]
        assert fresh == sorted(fresh, reverse=True), section  # all new ones before old ones
        assert any(fresh), section


def test_old_article_pages_differ_only_in_the_topbar_date(site: DemoSite, base: str) -> None:
    second = DemoSite(edition=2)
    for meta in site.index.metas[::37]:
        before = site.render(meta.path, base)[2]
        after = second.render(meta.path, base)[2]
        assert before != after
        assert TOPBAR.sub(b"", before) == TOPBAR.sub(b"", after)
    dates = [TOPBAR.search(s.render("/", base)[2]) for s in (site, second)]
    assert [d.group(1) for d in dates if d] == [b"April 16, 2024", b"April 19, 2024"]
