"""A stage that records an article takes the record back when the article is not delivered
after all, so the next run does not drop it as a duplicate of an article no feed holds."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers.pipelines import BNA_PAGE, PipelineChain, fetched
from scrapy import signals
from scrapy.exceptions import DropItem
from twisted.python.failure import Failure

PAGE = BNA_PAGE.read_text("utf-8")
URL = "https://bna.example/2024/06/19/stadtrat-radwege/"


def through_the_recording_stages(chain: PipelineChain) -> object:
    """The page through every stage but Emit, as the crawl runs them."""
    extract, *recording, _emit = chain.stages
    item = extract.process_item(fetched(URL, PAGE))
    for stage in recording:
        item = stage.process_item(item)
    return item


def send(chain: PipelineChain, signal: object, **extra: object) -> None:
    response = SimpleNamespace(url=URL)
    chain.crawler.signals.send_catch_log(
        signal, item=fetched(URL, PAGE), response=response, spider=None, **extra
    )


def test_a_failure_after_the_duplicate_stages_takes_their_keys_back() -> None:
    chain = PipelineChain()
    item = through_the_recording_stages(chain)
    store = chain.store
    assert ("url", item.article.id) in store and ("content", item.article.content_hash) in store
    try:
        raise OSError(24, "Too many open files")
    except OSError:
        send(chain, signals.item_error, failure=Failure())
    assert ("url", item.article.id) not in store
    assert ("content", item.article.content_hash) not in store
    assert store.near_candidates(item.band_keys[1]) == []
    assert chain.run(fetched(URL, PAGE)).id == item.article.id  # delivered on the next try
    assert chain.stat("newscrawl/urls/taken_back") == 1
    assert chain.stat("newscrawl/dedupe/taken_back") == 2  # content key and near index


@pytest.mark.parametrize(("reason", "kept"), [("invalid_schema", False), ("near_duplicate", True)])
def test_a_drop_takes_the_keys_back_unless_the_story_was_delivered(reason: str, kept: bool) -> None:
    chain = PipelineChain()
    item = through_the_recording_stages(chain)
    send(chain, signals.item_dropped, exception=DropItem(f"{reason}: {URL}"))
    assert (("url", item.article.id) in chain.store) is kept


def test_a_delivered_article_keeps_its_keys() -> None:
    chain = PipelineChain()
    item = through_the_recording_stages(chain)
    send(chain, signals.item_scraped)
    try:
        raise RuntimeError("a later article's failure")
    except RuntimeError:
        send(chain, signals.item_error, failure=Failure())
    assert ("url", item.article.id) in chain.store


def check_discard(store: object) -> None:
    """Each backend takes back exactly the one article's keys and index entries."""
    assert store.add("url", "a") and store.add("url", "b")  # type: ignore[attr-defined]
    store.add_near("a", [1, 2, 3], b"sig-a")  # type: ignore[attr-defined]
    store.add_near("b", [3, 4], b"sig-b")  # type: ignore[attr-defined]
    store.discard("url", "a")  # type: ignore[attr-defined]
    store.discard_near("a", [1, 2, 3])  # type: ignore[attr-defined]
    assert ("url", "a") not in store and ("url", "b") in store  # type: ignore[operator]
    assert store.near_candidates([1, 2]) == []  # type: ignore[attr-defined]
    assert [a for a, _ in store.near_candidates([3, 4])] == ["b"]  # type: ignore[attr-defined]
    assert store.add("url", "a")  # type: ignore[attr-defined]  # new again


def test_memory_and_sqlite_stores_take_back_one_articles_keys(tmp_path: Path) -> None:
    from newscrawl.state.memory import MemoryStore
    from newscrawl.state.sqlite import SqliteStore

    check_discard(MemoryStore())
    sqlite = SqliteStore(tmp_path / "state.sqlite")
    check_discard(sqlite)
    sqlite.close()


@pytest.mark.redis
def test_the_redis_store_takes_back_one_articles_keys() -> None:
    from helpers.services import redis_server

    from newscrawl.distributed.store import RedisStore, connect

    with redis_server() as (url, _):
        store = RedisStore(connect(url), "site-1", "w1", ["q", "d"])
        check_discard(store)
        store.close()


def test_the_sqlite_hand_over_commit_is_synced_before_the_feeds_move(tmp_path: Path) -> None:
    """synchronous=FULL in WAL mode: a commit is on disk when COMMIT returns (NORMAL leaves
    it in the unsynced WAL, and a power cut after the feed's rename re-emitted the run)."""
    from newscrawl.state.sqlite import SqliteStore

    store = SqliteStore(tmp_path / "state.sqlite")
    assert store._db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()
