"""Each edition after the first updates a few stories of the edition before: a sharper
headline, an added paragraph, a correction note, a replaced picture, each with a later
modification time that the page, its listing teaser and the sitemap show."""

from __future__ import annotations

import re

from newscrawl.demo.model import german_datetime
from newscrawl.demo.site import DemoSite
from newscrawl.demo.truth import records_for
from newscrawl.demo.updates import CORRECTION, PER_EDITION, RECENT

LASTMOD = re.compile(r"<url><loc>([^<]+)</loc><lastmod>([^<]+)</lastmod>")


def test_the_first_edition_updates_nothing(site: DemoSite) -> None:
    assert site.index.updates == {}
    assert not any(m.updated_in for m in site.index.metas)


def test_an_edition_updates_recent_stories_of_the_one_before(site: DemoSite, base: str) -> None:
    second = DemoSite(edition=2, updates=True)
    updates = second.index.updates
    assert len(updates) == PER_EDITION
    assert all(len(site.index.metas) - RECENT <= i < len(site.index.metas) for i in updates)
    before = {r["url"]: r for r in records_for(site.index, base)}
    after = {r["url"]: r for r in records_for(second.index, base)}
    for i, (update,) in updates.items():
        url = base.rstrip("/") + second.index.metas[i].path
        old, new = before[url], after[url]
        assert new["modified_at"] == update.when.isoformat() > old["published_at"]
        assert old["modified_at"] is None or new["modified_at"] > old["modified_at"]
        changed = {k for k in new if new[k] != old[k]} - {
            "modified_at",
            "word_count",
            "content_hash",
        }
        old_paragraphs, new_paragraphs = old["body"].split("\n\n"), new["body"].split("\n\n")
        if update.kind == "headline":
            assert new["title"] != old["title"]
        elif update.kind == "image":
            assert new["images"][0]["url"] != old["images"][0]["url"]
            assert new["images"][1:] == old["images"][1:]
        else:
            assert new_paragraphs[: len(old_paragraphs)] == old_paragraphs
            assert changed == {"body"}
        if update.kind == "correction":
            assert new_paragraphs[-1].startswith(CORRECTION)


def test_the_page_the_teaser_and_the_sitemap_say_when(base: str) -> None:
    second = DemoSite(edition=2, sitemaps=True, updates=True)
    posts = second.render("/post-sitemap.xml", base)[2].decode()
    lastmod = dict(LASTMOD.findall(posts))
    for i in second.index.updates:
        meta = second.index.metas[i]
        page = second.render(meta.path, base)[2].decode()
        assert meta.title in page and meta.featured_path in page
        if meta.machine_date:
            assert f'<time class="updated" datetime="{meta.modified.isoformat()}">' in page
        else:
            assert f'<time class="updated">{german_datetime(meta.modified)}</time>' in page
        assert lastmod[base.rstrip("/") + meta.path] == meta.modified.isoformat()
        listings = "".join(
            second.render(target, base)[2].decode()
            for target in (f"/kategorie/{meta.section}/", f"/kategorie/{meta.section}/page/2/")
        )
        assert f"aktualisiert am {meta.modified:%d.%m.%Y}" in listings


def test_without_updates_no_edition_changes_a_story() -> None:
    assert DemoSite(edition=3).index.updates == {}
