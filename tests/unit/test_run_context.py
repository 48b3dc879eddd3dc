"""One Run per crawl (extensions/run.py), reached with `run_of` (Scrapy's get_extension): a
part that asks for the run of a crawl built without one is told so, never handed a store in
memory that would remember nothing; `scrapy parse`/`fetch`/`shell` get a run that records
nothing on purpose; the distributed part reaches only the store the run opened."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from newscrawl import settings as project
from newscrawl.commands.inspection import inspection_settings
from newscrawl.distributed.shared import shared_store
from newscrawl.extensions.run import InspectionRun, Run, RunMissing, run_of
from newscrawl.extraction.chain import Finished
from newscrawl.pipelines.base import DuplicateStage
from newscrawl.spiders.generic import GenericSpider
from newscrawl.state import MemoryStore, SqliteStore


def _project(**overrides: Any) -> dict[str, Any]:
    values = {k: getattr(project, k) for k in dir(project) if k.isupper()}
    return {**values, **overrides}


def test_a_stage_of_a_crawl_without_a_run_is_refused_not_given_a_store_in_memory() -> None:
    crawler = get_crawler(settings_dict={"EXTENSIONS": {}})
    with pytest.raises(RunMissing, match=r"newscrawl\.extensions\.run\.Run"):
        run_of(crawler)
    stage = DuplicateStage(crawler)
    with pytest.raises(RunMissing):
        stage.is_new("https://site.example/a/", Finished("https://site.example/a/"))


def test_the_project_builds_one_run_that_holds_config_store_and_ledger(tmp_path: Path) -> None:
    crawler = get_crawler(GenericSpider, _project(NEWSCRAWL_STATE_DIR=str(tmp_path)))
    run = run_of(crawler)
    assert type(run) is Run
    assert sum(isinstance(e, Run) for e in crawler.extensions.middlewares) == 1
    assert run.config.state_dir == tmp_path
    assert isinstance(run.store, SqliteStore) and run.lock is not None
    assert run.ledger.store is run.store  # robots.txt judges refusals against the same store
    run.ledger.record("https://site.example/a/", "http_500")
    assert [entry["url"] for entry in run_of(crawler).ledger.undelivered()] == [
        "https://site.example/a/"
    ]
    run.engine_stopped()  # releases the lock and closes the store


def test_a_look_at_a_page_has_a_run_that_records_nothing(tmp_path: Path) -> None:
    values = _project(NEWSCRAWL_STATE_DIR=str(tmp_path))
    settings = Settings(values)
    inspection_settings(settings, "http://127.0.0.1:8000/welt/")
    looking = {name: settings[name] for name in ("EXTENSIONS", "FEEDS")}
    crawler = get_crawler(GenericSpider, {**values, **looking})
    run = run_of(crawler)
    assert isinstance(run, InspectionRun)
    assert isinstance(run.store, MemoryStore) and run.lock is None
    run.store.add("url", "seen")
    run.engine_stopped()
    assert list(tmp_path.iterdir()) == []  # no lock, no state file


def test_the_distributed_part_reaches_only_a_store_the_run_opened() -> None:
    crawler = get_crawler(settings_dict={"EXTENSIONS": {}})
    with pytest.raises(RuntimeError, match="no shared store is open for this crawl"):
        shared_store(crawler)
