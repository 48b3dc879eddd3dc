"""Which known stories a run fetches again for their revisions (spiders/base.py `_rechecks`):
those a sitemap or feed says changed after the latest moment their kept version knows of,
and with `-a recheck=48h` those published within the window; never one whose version the
state does not keep, nor one the store does not know (that one is simply wanted)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from helpers.run import with_run
from scrapy.utils.test import get_crawler

from newscrawl import settings as project
from newscrawl.extensions.run import run_of
from newscrawl.revisions import encode, expiry
from newscrawl.spiders.generic import GenericSpider
from newscrawl.spiders.options import SpiderArgumentError, parse_window
from newscrawl.state.base import LINK
from newscrawl.urls import article_id

BASE = "http://127.0.0.1:9"
NOW = datetime.now(UTC)


def _spider(**arguments: str) -> Any:
    values = {k: getattr(project, k) for k in dir(project) if k.isupper()}
    values["NEWSCRAWL_STATE_DIR"] = "none"
    crawler = get_crawler(GenericSpider, values)
    spider: Any = GenericSpider.from_crawler(crawler, url=BASE + "/", **arguments)
    with_run(crawler, spider)
    return spider


def _known(spider: Any, path: str, published: datetime, modified: datetime | None = None,
           kept: bool = True) -> str:  # fmt: skip
    url = BASE + path
    store = run_of(spider.crawler).store
    store.add(LINK, url)
    if kept:
        line = {"id": article_id(url), "title": "T", "body": "B", "content_hash": "0" * 64,
                "published_at": published.isoformat(),
                "modified_at": modified.isoformat() if modified else None}  # fmt: skip
        store.remember_version(article_id(url), encode(line), expiry(30))
    return url


def test_a_stated_change_after_the_kept_version_brings_a_story_back() -> None:
    spider = _spider()
    week = NOW - timedelta(days=7)
    changed = _known(spider, "/a/", week)
    touched = _known(spider, "/b/", week, modified=NOW - timedelta(days=1))
    same = _known(spider, "/c/", week)
    unkept = _known(spider, "/d/", week, kept=False)
    stamps = {
        changed: (NOW - timedelta(hours=2)).isoformat(),
        touched: (NOW - timedelta(days=1, seconds=-30)).isoformat(),  # its own modified_at
        same: week.isoformat(),
        unkept: NOW.isoformat(),
    }
    fresh = BASE + "/new/"  # not known: wanted, not rechecked
    links = [changed, touched, same, unkept, fresh]
    assert spider._rechecks(links, stamps.get) == [changed]


def test_a_window_brings_back_every_story_published_within_it() -> None:
    spider = _spider(recheck="48h")
    recent = _known(spider, "/a/", NOW - timedelta(hours=20))
    old = _known(spider, "/b/", NOW - timedelta(days=5))
    assert spider._rechecks([recent, old]) == [recent]
    full = _spider(recheck="48h", full="true")  # fetches every story anyway
    assert full._rechecks([_known(full, "/a/", NOW - timedelta(hours=20))]) == []


@pytest.mark.parametrize(("text", "hours"), [("48h", 48), ("7d", 168), ("2w", 336)])
def test_a_window_is_a_duration(text: str, hours: int) -> None:
    assert parse_window(text) == timedelta(hours=hours)


@pytest.mark.parametrize("text", ["0h", "yesterday", "48", "-2d"])
def test_a_window_that_is_no_duration_is_refused(text: str) -> None:
    with pytest.raises(SpiderArgumentError, match="recheck"):
        parse_window(text)
