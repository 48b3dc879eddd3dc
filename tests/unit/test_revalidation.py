"""Which documents keep their validators at the end of a run (spiders/revalidation.py): only
those whose every story is known by then, read whole, and whose every document they led to
is complete too; a 304 counts as complete. A kept validator makes the next run's request
conditional."""

from __future__ import annotations

import scrapy
from scrapy.http import HtmlResponse, Response

from newscrawl.spiders.revalidation import Revalidation
from newscrawl.state.base import LINK, Validators
from newscrawl.state.memory import MemoryStore

BASE = "http://127.0.0.1:8000"


def _ok(url: str, etag: str | None = '"v1"', modified: str | None = None) -> Response:
    headers = {k: v for k, v in (("ETag", etag), ("Last-Modified", modified)) if v}
    return HtmlResponse(url, body=b"<html></html>", headers=headers,
                        request=scrapy.Request(url))  # fmt: skip


def _not_modified(url: str) -> Response:
    return Response(url, status=304, request=scrapy.Request(url))


def _known(store: MemoryStore, *paths: str) -> None:
    for path in paths:
        store.add(LINK, BASE + path)


def test_a_document_whose_stories_are_all_known_keeps_its_validators() -> None:
    store, run = MemoryStore(), Revalidation()
    run.read(
        _ok(BASE + "/feed/", '"v1"', "Mon, 07 Dec 2026 05:00:00 GMT"), [BASE + "/a", BASE + "/b"]
    )
    _known(store, "/a", "/b")
    assert run.settle(store) == 1
    assert store.validators(BASE + "/feed/") == ('"v1"', "Mon, 07 Dec 2026 05:00:00 GMT")


def test_a_story_not_delivered_keeps_the_document_unconditional() -> None:
    """/b failed (a timeout): with the feed's validators kept, the next run's 304 would hide
    /b for good; without them it reads the feed again and retries /b."""
    store, run = MemoryStore(), Revalidation()
    run.read(_ok(BASE + "/feed/"), [BASE + "/a", BASE + "/b"])
    _known(store, "/a")
    assert run.settle(store) == 0
    assert store.validators(BASE + "/feed/") is None


def test_a_document_cut_or_without_validators_keeps_none() -> None:
    store, run = MemoryStore(), Revalidation()
    run.read(_ok(BASE + "/sitemap.xml"), [BASE + "/a"], whole=False)  # cut at a budget
    run.read(_ok(BASE + "/feed/", etag=None), [BASE + "/a"])  # the server gave no validator
    run.read(_ok(BASE + "/kategorie/welt/"), [BASE + "/a"])
    run.more(BASE + "/kategorie/welt/", [BASE + "/b"])  # its page 2
    run.cut(BASE + "/kategorie/welt/")  # the walk stopped short of the section's end
    _known(store, "/a", "/b")
    assert run.settle(store) == 0


def test_an_index_is_complete_when_the_sitemaps_it_names_are() -> None:
    store, run = MemoryStore(), Revalidation()
    index, posts, news = (
        BASE + p for p in ("/sitemap_index.xml", "/post-sitemap.xml", "/news.xml")
    )
    run.read(_ok(index), [], documents=[posts, news])
    run.read(_ok(posts), [BASE + "/a"])
    run.unchanged(_not_modified(news))  # as a finished run read it
    _known(store, "/a")
    assert run.settle(store) == 2
    assert store.validators(index) is not None and store.validators(posts) is not None
    store2, run2 = MemoryStore(), Revalidation()
    run2.read(_ok(index), [], documents=[posts, news])  # news.xml failed to download
    run2.read(_ok(posts), [BASE + "/a"])
    _known(store2, "/a")
    assert run2.settle(store2) == 1
    assert store2.validators(index) is None


def test_a_kept_validator_makes_the_request_conditional() -> None:
    store = MemoryStore()
    store.remember_validators(BASE + "/feed/", Validators('"v1"', "Mon, 07 Dec 2026 05:00:00 GMT"))
    asked = Revalidation.ask(scrapy.Request(BASE + "/feed/"), store)
    assert asked.headers["If-None-Match"] == b'"v1"'
    assert asked.headers["If-Modified-Since"] == b"Mon, 07 Dec 2026 05:00:00 GMT"
    assert asked.meta["handle_httpstatus_list"] == [304]
    plain = Revalidation.ask(scrapy.Request(BASE + "/other/"), store)
    assert "If-None-Match" not in plain.headers and "handle_httpstatus_list" not in plain.meta
