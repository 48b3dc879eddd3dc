"""What one run has seen (requests, articles, listed links) lives on disk, not in Python sets."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers.run import with_run
from scrapy import Request
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from newscrawl import settings as project_settings
from newscrawl.distributed.addon import DistributedAddon
from newscrawl.dupefilter import DiskDupeFilter, job_fingerprints
from newscrawl.request_meta import PAGE_KIND
from newscrawl.spiders.guards import NO_NEW_LINKS, PagingGuard
from newscrawl.state.runset import RunSet


def test_run_set_is_a_set() -> None:
    seen = RunSet()
    assert seen.add("https://example.org/a") is True
    assert seen.add("https://example.org/a") is False
    assert seen.add(b"\x01" * 20) is True
    assert seen.add(b"\x01" * 20) is False
    seen.update(["https://example.org/b", "https://example.org/a"])
    assert len(seen) == 3
    assert "https://example.org/b" in seen and b"\x01" * 20 in seen
    assert "https://example.org/c" not in seen and 42 not in seen
    seen.close()


MEMORY_PROBE = """
import os, sys
from newscrawl.state.runset import RunSet

def resident_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

seen = RunSet() if sys.argv[1] == "runset" else set()
seen.add(b"warm up")
before = resident_mb()
for number in range(300_000):
    seen.add(number.to_bytes(20, "big"))
print(resident_mb() - before)
"""


def test_run_set_ram_does_not_grow_with_its_keys() -> None:
    """300,000 fingerprints: a Python set takes ~25 MB more, a RunSet its page cache (2 MB)."""

    def growth(kind: str) -> float:
        result = subprocess.run(
            [sys.executable, "-c", MEMORY_PROBE, kind], capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, result.stderr
        return float(result.stdout)

    assert growth("set") > 15  # the probe measures what it claims to
    assert growth("runset") < 6


def _filter(tmp_path: Path | None = None) -> DiskDupeFilter:
    crawler = get_crawler(settings_dict={"JOBDIR": str(tmp_path)} if tmp_path else {})
    return DiskDupeFilter.from_crawler(crawler)


def test_dupefilter_filters_repeated_requests() -> None:
    dupes = _filter()
    assert not dupes.request_seen(Request("http://127.0.0.1/a/"))
    assert dupes.request_seen(Request("http://127.0.0.1/a/"))
    assert not dupes.request_seen(Request("http://127.0.0.1/b/"))
    assert not dupes.request_seen(Request("http://127.0.0.1/a/", method="POST"))
    assert len(dupes.seen) == 3
    dupes.close("finished")


def _article(url: str) -> Request:
    return Request(url, meta={PAGE_KIND: "article"})


def test_dupefilter_resumes_a_paused_job(tmp_path: Path) -> None:
    first = _filter(tmp_path)
    assert not first.request_seen(_article("http://127.0.0.1/a/"))
    assert not first.request_seen(_article("http://127.0.0.1/b/"))
    first.close("shutdown")
    with (tmp_path / "requests.seen").open("ab") as job_file:
        job_file.write(b"\x00\x14torn")  # a crash in the middle of a record
    resumed = _filter(tmp_path)
    assert resumed.request_seen(_article("http://127.0.0.1/a/"))
    assert resumed.request_seen(_article("http://127.0.0.1/b/"))
    assert not resumed.request_seen(_article("http://127.0.0.1/c/"))
    resumed.close("finished")


def test_a_reused_jobdir_filters_no_listing_and_nothing_after_a_finished_run(
    tmp_path: Path,
) -> None:
    first = _filter(tmp_path)
    assert not first.request_seen(Request("http://127.0.0.1/kategorie/welt/"))  # a listing
    assert not first.request_seen(_article("http://127.0.0.1/a/"))
    first.close("shutdown")
    resumed = _filter(tmp_path)
    assert not resumed.request_seen(Request("http://127.0.0.1/kategorie/welt/"))
    assert resumed.request_seen(_article("http://127.0.0.1/a/"))  # a paused job resumes
    resumed.close("finished")
    next_run = _filter(tmp_path)
    assert not next_run.request_seen(_article("http://127.0.0.1/a/"))  # finished: fresh
    next_run.close("finished")


def test_job_file_records() -> None:
    data = b"\x00\x02ab\x00\x03cde\x00\x05fg"
    assert list(job_fingerprints(data)) == [b"ab", b"cde"]


@pytest.mark.parametrize(
    ("redis", "expected"),
    [
        (None, "newscrawl.dupefilter.DiskDupeFilter"),
        ("redis://127.0.0.1:6379/0", "scrapy_redis.dupefilter.RFPDupeFilter"),
    ],
)
def test_the_filter_for_each_kind_of_crawl(redis: str | None, expected: str) -> None:
    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    if redis:
        settings.set("NEWSCRAWL_REDIS_URL", redis, priority="project")
    DistributedAddon().update_settings(settings)
    assert settings["DUPEFILTER_CLASS"] == expected


def test_paging_guard_remembers_links_per_section() -> None:
    guard = PagingGuard()
    assert isinstance(guard.seen, RunSet)
    assert guard.check("a", "/a/", ["x", "y"], "/a/page/2/") is None
    assert guard.check("b", "/b/", ["x"], "/b/page/2/") is None  # another section's link
    assert guard.check("a", "/a/page/2/", ["y", "x"], "/a/page/3/") == NO_NEW_LINKS


@pytest.mark.parametrize(
    "path",
    [
        "newscrawl.pipelines.urls.DuplicateUrlPipeline",
        "newscrawl.pipelines.dedupe.DuplicateContentPipeline",
    ],
)
def test_duplicate_stages_keep_this_run_on_disk(path: str) -> None:
    from scrapy.utils.misc import load_object

    stage = load_object(path).from_crawler(get_crawler())
    assert isinstance(stage.this_run, RunSet)
    stage.close_spider()


@pytest.mark.parametrize("reemit", [False, True])
def test_a_rerun_emits_again_only_when_asked(reemit: bool) -> None:
    from types import SimpleNamespace

    from newscrawl.extraction.chain import Finished
    from newscrawl.pipelines.base import DuplicateStage

    item = Finished("https://site.example/a/")
    crawler = get_crawler()
    run = with_run(crawler, SimpleNamespace(options=SimpleNamespace(reemit=reemit)))
    run.store.add(DuplicateStage.namespace, "seen-by-an-earlier-run")
    stage = DuplicateStage(crawler)
    assert stage.is_new("seen-by-an-earlier-run", item) is reemit
    assert stage.is_new("new", item) is True
    assert stage.is_new("new", item) is False  # twice in one run: a duplicate either way
    stage.close_spider()
