"""The chain run in an extraction worker gives exactly what it gives in the crawler process.

The worker path is `finish()` in a worker process (`newscrawl.workers`), whose `Finished` the
first pipeline settles; the in-process path is the first pipeline calling `finish()` itself.
Output, stats and drop reasons must be the same, and a worker that dies loses no page.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from typing import Any

import pytest
from helpers.pipelines import BNA_PAGE, PipelineChain
from scrapy.exceptions import DropItem

from newscrawl.extraction.chain import Finished, finish
from newscrawl.extraction.fetched import FetchedPage
from newscrawl.neardup import DEFAULT_THRESHOLD
from newscrawl.similarity import banding_for, signature, to_bytes
from newscrawl.workers.pool import (
    ExtractionPool,
    SharedPools,
    TooSlow,
    WorkerLost,
    extract_processes,
    profile_of,
)

PAGE = BNA_PAGE.read_text("utf-8")
URL = "https://bna.example/2024/06/19/stadtrat-radwege/?utm_source=newsletter"
GENERIC = """<!doctype html><html lang="en"><head><title>Harbour reopens</title>
<meta property="og:type" content="article"></head><body><main><article>
<h1>Harbour reopens after repairs</h1><time datetime="2024-05-02T10:00:00Z">2 May</time>
<div class="body"><p>The harbour reopened on Thursday after three weeks of repairs, the port
authority said, and the first ferries left on time in the morning of the same day.</p>
<p>Engineers had replaced the damaged quay wall, which storms had undermined in April, and
traders said the closure had cost them a large part of the spring season already.</p>
<div class="ad-slot">Anzeige</div></div></article></main></body></html>"""
NOT_AN_ARTICLE = "<html><body><h1>Contact</h1><p>Write to us.</p></body></html>"


def _here(page: FetchedPage) -> Finished:
    return finish(page, profile_of(page), banding_for(DEFAULT_THRESHOLD))


def _in_worker(pages: list[FetchedPage]) -> list[Finished]:
    async def scenario() -> list[Finished]:
        pool = ExtractionPool(1, DEFAULT_THRESHOLD)
        try:
            return list(await asyncio.gather(*(pool.submit(p) for p in pages)))
        finally:
            pool.close()

    return asyncio.run(scenario())


PAGES = [
    FetchedPage(URL, PAGE.encode(), "bna_germany", "welt"),
    # the body crosses to the worker as bytes and is decoded there, by the header's charset
    FetchedPage(URL, PAGE.encode("cp1252"), "bna_germany", "welt", declared_encoding="cp1252"),
    FetchedPage(
        "https://news.example/2024/05/02/harbour/", GENERIC.encode(), "news", None, generic=True
    ),
    FetchedPage(
        "https://bna.example/2024/06/19/empty/", b"<html><body></body></html>", "bna_germany", None
    ),
    FetchedPage(
        "https://news.example/contact/", NOT_AN_ARTICLE.encode(), "news", None, generic=True
    ),
]


def _outcome(chain: PipelineChain, item: Any) -> tuple[str, Any]:
    try:
        article = chain.run(item)
    except DropItem as exc:
        return "dropped", str(exc).split(":", 1)[0]
    record = article.to_record()
    record.pop("crawled_at")
    return "emitted", record


def _stats(chain: PipelineChain) -> dict[str, Any]:
    return {k: v for k, v in chain.crawler.stats.get_stats().items() if k.startswith("newscrawl/")}


@pytest.mark.parametrize(
    "page", PAGES, ids=["profile", "profile-cp1252", "generic", "empty", "not-article"]
)
def test_worker_path_gives_the_same_line_stats_and_drops(page: FetchedPage) -> None:
    here, there = PipelineChain(), PipelineChain()
    expected = _outcome(here, page)
    (done,) = _in_worker([page])
    assert _outcome(there, done) == expected
    assert _stats(there) == _stats(here)


def test_a_generic_page_that_is_no_story_is_counted_under_its_code() -> None:
    chain = PipelineChain()
    page = GENERIC.replace('content="article"', 'content="website"')
    fetched = FetchedPage("https://news.example/contact/", page.encode(), "news", None, True)
    assert _outcome(chain, fetched) == ("dropped", "not_article")
    stats = _stats(chain)
    assert stats["newscrawl/dropped/not_article"] == 1
    assert [k for k in stats if k.startswith("newscrawl/generic/not_article/")] == [
        "newscrawl/generic/not_article/og_type_website"
    ]


def test_fetched_page_is_decoded_by_its_bytes_then_the_declared_charset() -> None:
    latin = FetchedPage(URL, "<p>Grüße</p>".encode("cp1252"), "s", None, declared_encoding="cp1252")
    assert "Grüße" in latin.html
    assert (
        "Grüße"
        in FetchedPage(URL, "<p>Grüße</p>".encode(), "s", None, declared_encoding="cp1252").html
    )
    assert "body" not in repr(latin)  # logs of a failed item do not dump the page


def test_the_pipelines_are_the_stateful_stages_after_the_one_extract_stage() -> None:
    from newscrawl import settings as project_settings

    names = [
        path.rsplit(".", 1)[1]
        for path, _ in sorted(project_settings.ITEM_PIPELINES.items(), key=lambda kv: kv[1])
    ]
    assert names == [
        "ExtractPipeline",
        "RevisionPipeline",
        "DuplicateUrlPipeline",
        "DuplicateContentPipeline",
        "NearDuplicatePipeline",
        "EmitPipeline",
    ]


def test_finished_carries_the_near_duplicate_signature_of_the_final_body() -> None:
    done = _here(PAGES[0])
    assert done.article is not None
    values = signature(done.article.body)
    assert values is not None and done.signature == to_bytes(values)
    assert done.band_keys is not None


@pytest.mark.parametrize(("value", "expected"), [("0", 0), (1, 1), ("1", 1)])
def test_process_count_setting(value: object, expected: int) -> None:
    assert extract_processes(value) == expected


def test_more_processes_than_cores_are_capped_at_the_cores(
    caplog: pytest.LogCaptureFixture,
) -> None:
    cores = os.cpu_count() or 1
    assert extract_processes("100") == cores
    assert "more than the" in caplog.text


def test_auto_leaves_one_core_to_the_crawler() -> None:
    assert extract_processes("auto") == max(0, min(4, (os.cpu_count() or 1) - 1))


@pytest.mark.parametrize("value", ["-1", "many", 1.5j])
def test_a_wrong_process_count_is_refused_with_the_setting_named(value: object) -> None:
    with pytest.raises(ValueError, match="NEWSCRAWL_EXTRACT_PROCESSES"):
        extract_processes(value)


def test_pool_extracts_in_another_process_and_a_killed_worker_fails_only_its_pages() -> None:
    async def scenario() -> tuple[list[Finished], int, str]:
        pool = ExtractionPool(1, DEFAULT_THRESHOLD)
        try:
            results = await asyncio.gather(*(pool.submit(p) for p in PAGES[:2]))
            worker = pool.workers[0].process
            assert worker.pid != os.getpid()
            waiting = [pool.submit(PAGES[0]) for _ in range(3)]
            os.kill(worker.pid or 0, signal.SIGKILL)
            outcomes = await asyncio.gather(*waiting, return_exceptions=True)
            lost = [o for o in outcomes if isinstance(o, WorkerLost)]
            with pytest.raises(WorkerLost, match="no extraction worker"):
                pool.submit(PAGES[0])
            return (
                list(results),
                len(lost) + sum(isinstance(o, Finished) for o in outcomes),
                str(lost[0]) if lost else "",
            )
        finally:
            pool.close()

    results, accounted, message = asyncio.run(scenario())
    assert [r.article.title for r in results if r.article] == [
        a.title for a in (_here(PAGES[0]).article, _here(PAGES[1]).article) if a
    ]
    assert len(results) == 2
    assert accounted == 3  # every page either came back or failed over, none hung
    assert "extraction worker stopped" in message


def test_many_large_pages_queue_without_blocking_and_come_back_in_order() -> None:
    padding = "<!-- " + "x" * 300_000 + " -->"  # each page larger than a socket buffer
    pages = [
        FetchedPage(
            f"{URL}?n={n}",
            PAGE.replace("</body>", padding + "</body>").encode(),
            "bna_germany",
            "welt",
        )
        for n in range(12)
    ]

    async def scenario() -> list[Finished]:
        pool = ExtractionPool(1, DEFAULT_THRESHOLD)
        try:
            futures = [pool.submit(page) for page in pages]  # 3.6 MB: written in pieces
            # a deadlock (both sides blocked writing) would hang here: bounded, it fails
            return list(await asyncio.wait_for(asyncio.gather(*futures), timeout=120))
        finally:
            pool.close()

    results = asyncio.run(scenario())
    assert [r.url for r in results] == [p.url for p in pages]
    assert all(r.refused is None and r.article and r.article.title for r in results)


def test_a_page_past_its_budget_is_refused_and_its_worker_replaced() -> None:
    """A page libxml2 takes seconds on (an element with 40,000 attributes) is stopped at its
    budget; the pages queued behind it are extracted by the replacement worker."""
    attributes = " ".join(f"data-a{k}=x" for k in range(40_000))
    slow = FetchedPage(
        "https://bna.example/2024/06/19/slow/",
        PAGE.replace("</body>", f"<div {attributes}></div></body>", 1).encode(),
        "bna_germany",
        "welt",
    )

    async def scenario() -> tuple[list[Any], float, int, int]:
        pool = ExtractionPool(1, DEFAULT_THRESHOLD)
        try:
            first_pid = pool.workers[0].process.pid or 0
            started = asyncio.get_running_loop().time()
            futures = [pool.submit(slow, 0.5), *(pool.submit(p, 30.0) for p in PAGES[:2])]
            outcomes = await asyncio.wait_for(
                asyncio.gather(*futures, return_exceptions=True), timeout=60
            )
            seconds = asyncio.get_running_loop().time() - started
            return list(outcomes), seconds, first_pid, pool.workers[0].process.pid or 0
        finally:
            pool.close()

    outcomes, seconds, first_pid, second_pid = asyncio.run(scenario())
    assert isinstance(outcomes[0], TooSlow)
    assert [o.article.title for o in outcomes[1:]] == [
        a.title for a in (_here(PAGES[0]).article, _here(PAGES[1]).article) if a
    ]
    assert second_pid != first_pid  # the stuck worker was killed and replaced
    assert seconds < 20  # stopped near its budget, not after the whole parse


def test_the_crawls_of_one_process_share_one_pool_closed_by_the_last() -> None:
    """A many-sites run: every site's first stage takes the same pool (one worker per spare
    core for the process, not per site); it stops when the last site lets go."""

    async def scenario() -> None:
        shared = SharedPools()
        first = shared.take(1, DEFAULT_THRESHOLD)
        second = shared.take(1, DEFAULT_THRESHOLD)
        other = shared.take(1, 0.5)  # another threshold cuts other band keys: its own pool
        assert first is second and other is not first
        worker = first.workers[0]
        shared.give_back(first)
        assert worker.alive  # the second crawl still extracts with it
        done = await second.submit(PAGES[0])
        assert done.article is not None and done.url == PAGES[0].url
        shared.give_back(second)
        shared.give_back(other)
        assert not worker.alive and shared.open == {}

    asyncio.run(scenario())


def test_the_workers_start_with_the_first_page_not_with_the_crawl(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An hourly run that finds nothing new fetches no article page: it starts no worker
    (each costs about a second of CPU to start). The first page starts them; after the
    crawl closes, a late page is extracted in the crawler process."""
    from scrapy.utils.test import get_crawler

    from newscrawl.pipelines import extract

    taken: list[object] = []

    class Pool:
        def submit(self, page: FetchedPage, budget: float | None = None) -> Any:
            raise WorkerLost("test: no worker")  # the stage extracts the page itself

    class Pools:
        def take(self, processes: int, threshold: float) -> Pool:
            taken.append(processes)
            return Pool()

        def give_back(self, pool: Pool) -> None:
            taken.append("given back")

    monkeypatch.setattr(extract, "SHARED_POOLS", Pools())
    monkeypatch.setattr(extract, "is_asyncio_reactor_installed", lambda: True)
    stage = extract.ExtractPipeline(get_crawler(settings_dict={"NEWSCRAWL_EXTRACT_PROCESSES": 1}))
    stage.open_spider()
    assert stage.process_item("not a page") == "not a page"
    assert taken == []  # open, and nothing to extract yet: no worker
    done = asyncio.run(stage.process_item(PAGES[0]))
    assert done.article is not None and taken == [1]
    stage.close_spider()
    late = stage.process_item(PAGES[1])
    assert late.article is not None and taken == [1, "given back"]


_CRAWLER_LIKE = """
import asyncio, os, sys
from scrapy.cmdline import execute  # as the `scrapy` console script does

from newscrawl.workers.pool import ExtractionPool


async def scenario():
    pool = ExtractionPool(1, 0.8)
    finished = await pool.submit(pickle_page())
    pool.close()
    return finished


def pickle_page():
    from newscrawl.extraction.fetched import FetchedPage
    return FetchedPage(sys.argv[1], sys.argv[2].encode(), "news", None, generic=True)


if __name__ == "__main__":
    os.environ["PYTHONPROFILEIMPORTTIME"] = "1"  # the worker's imports, not this process's
    print(asyncio.run(scenario()).article.title)
"""


def _run_crawler_like(
    tmp_path: Any, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `_CRAWLER_LIKE` on the GENERIC page: it prints the title its worker extracted."""
    script = tmp_path / "crawler_like.py"
    script.write_text(_CRAWLER_LIKE, "utf-8")
    return subprocess.run(
        [sys.executable, str(script), "https://news.example/2024/05/02/harbour/", GENERIC],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env=env,
    )


def test_a_worker_imports_the_chain_but_not_the_crawler_that_started_it(tmp_path: Any) -> None:
    """A worker is a fresh interpreter with the crawler's import path: the `scrapy` script
    the crawl runs as is not imported again in it (multiprocessing's spawn did: 0.3 s of CPU
    per worker spent importing Scrapy and Twisted, which a worker never uses). Nor are
    jsonschema (for tools; the chain checks with fastjsonschema) and ftfy (for a page whose
    text needs repair) before a page needs them."""
    done = _run_crawler_like(tmp_path)
    assert done.stdout.strip() == "Harbour reopens after repairs"
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    assert "newscrawl.extraction.chain" in imported
    unused = ("scrapy", "twisted", "aiohttp", "jsonschema", "ftfy")
    assert not {name for name in imported if name.split(".")[0] in unused}


def test_a_workers_stray_output_never_reaches_the_crawlers_stdout(tmp_path: Any) -> None:
    """The crawler's stdout may be the feed itself (`-o -`): a line a library prints in a
    worker must not land in it. Every interpreter here prints one line as it starts (a
    sitecustomize): the crawler's own reaches stdout, the worker's does not."""
    (tmp_path / "sitecustomize.py").write_text("print('an interpreter started')\n", "utf-8")
    path = os.pathsep.join(p for p in (str(tmp_path), os.environ.get("PYTHONPATH")) if p)
    done = _run_crawler_like(tmp_path, {**os.environ, "PYTHONPATH": path})
    assert done.stdout.splitlines() == ["an interpreter started", "Harbour reopens after repairs"]
