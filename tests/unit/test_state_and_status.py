from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from newscrawl.runstatus import (
    INTERRUPTED,
    NO_ARTICLES,
    NO_SECTION_REACHABLE,
    OK,
    TOO_MANY_ERRORS,
    decide,
    error_count,
)
from newscrawl.spiders.options import CrawlOptions, SpiderArgumentError, parse_since
from newscrawl.state import SqliteStore
from newscrawl.state.lock import LockHeld, RunLock


def test_sqlite_store_forgets_what_was_not_committed(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "s.sqlite")
    assert store.add("url", "a")
    assert not store.add("url", "a")
    store.commit()
    assert store.add("url", "b")
    store.mark_section_synced("politik", "now")
    store.close()  # killed before commit: b and the section mark are gone
    again = SqliteStore(tmp_path / "s.sqlite")
    assert ("url", "a") in again
    assert ("url", "b") not in again
    assert not again.section_synced("politik")
    assert again.count("url") == 1
    again.close()


def test_namespaces_are_separate(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "s.sqlite")
    assert store.add("url", "x")
    assert store.add("content", "x")
    store.close()


def test_lock_is_exclusive_and_names_its_holder(tmp_path: Path) -> None:
    first = RunLock(tmp_path / "site.lock")
    first.acquire()
    with pytest.raises(LockHeld, match="pid"):
        RunLock(tmp_path / "site.lock").acquire()
    first.release()
    second = RunLock(tmp_path / "site.lock")
    second.acquire()
    assert "pid" in second.previous_holder
    second.release()


BASE = {
    "finish_reason": "finished",
    "newscrawl/pages/listing": 6,
    "newscrawl/links/articles": 60,
    "downloader/request_count": 100,
    "item_scraped_count": 50,
}


REFUSED = {"item_scraped_count": 0, "newscrawl/pages/article": 40, "newscrawl/dropped/listing": 2}


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({}, OK),
        ({"item_scraped_count": 0}, OK),  # nothing new is a success
        ({"finish_reason": "shutdown"}, INTERRUPTED),
        ({"newscrawl/pages/listing": 0}, NO_SECTION_REACHABLE),
        (
            {"downloader/exception_count": 15, "httperror/response_ignored_count": 10},
            TOO_MANY_ERRORS,
        ),
        ({"newscrawl/links/articles": 0}, NO_ARTICLES),
        # every story page fetched was refused (a theme's "edit this page" link taken for
        # documentation on every post): not a success; refused as duplicates, it is one
        ({**REFUSED, "newscrawl/dropped/documentation": 38}, NO_ARTICLES),
        ({**REFUSED, "newscrawl/dropped/listing": 0, "newscrawl/dropped/duplicate_url": 40}, OK),
        ({**REFUSED, "newscrawl/dropped/documentation": 38, "item_scraped_count": 1}, OK),
    ],
)
def test_exit_status_follows_from_the_stats(changes: dict[str, object], code: int) -> None:
    assert decide({**BASE, **changes}, max_error_rate=0.2).code == code


def test_a_callback_exception_counts_once() -> None:
    """Scrapy records each in `spider_exceptions/count` and under its type: 7 are 7."""
    stats = {**BASE, "spider_exceptions/count": 7, "spider_exceptions/ValueError": 7}
    assert error_count(stats) == 7
    assert decide({**stats, "downloader/request_count": 40}, max_error_rate=0.2).code == OK


def test_since_accepts_dates_and_durations() -> None:
    now = datetime(2026, 11, 28, 12, tzinfo=UTC)
    assert parse_since("2024-06-01") == date(2024, 6, 1)
    assert parse_since("7d", now) == date(2026, 11, 21)
    assert parse_since("2w", now) == date(2026, 11, 14)
    with pytest.raises(SpiderArgumentError, match="since"):
        parse_since("last tuesday")
    for too_far in ("99999999999d", "999999999999999999999h"):  # OverflowError before
        with pytest.raises(SpiderArgumentError, match="before the year 1"):
            parse_since(too_far, now)


def test_boolean_arguments_are_checked() -> None:
    assert CrawlOptions.from_arguments({"full": "true", "reemit": "0"}).full
    with pytest.raises(SpiderArgumentError, match="full"):
        CrawlOptions.from_arguments({"full": "maybe"})
