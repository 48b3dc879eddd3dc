"""`scrapy crawl sites -a sites=sites.toml`: every site of a sites file in one process.

Each site is a crawl of its own — a Scrapy crawler with its spider, its Run (config, lock,
state store, ledger), its feed under `output/<name>/` with its summary beside it, its
incremental rules and its exit reason — and all of them run side by side in one reactor, so
every host progresses at its own polite pace while the others do (each crawler has its own
downloader: a big site never queues ahead of a small one). One site that cannot start (its
lock held, its state damaged) or that fails (unreachable, robots.txt forbids it) leaves the
others to finish. The process exits with the worst of the sites' statuses, and a combined
summary (`output/<sites file>-<time>.summary.json`) lists each site, the troubled first.

The sites file is read and checked whole before any request (spiders/sites_file.py); the
other `-a` options (full, reemit, since, js, recheck) apply to every site.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.settings import SETTINGS_PRIORITIES, Settings
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from newscrawl.atomic_file import write_text_atomically
from newscrawl.config import read_setting, redis_url, startup_refusal
from newscrawl.extensions.summary import RunSummary
from newscrawl.runstatus import FAILED, OK, decide, worst
from newscrawl.spiders.sites_file import SiteEntry, SitesFileError, read_sites_file

logger = logging.getLogger("newscrawl")
SITES_SPIDER = "sites"  # `scrapy crawl sites`: not a spider, the many-sites run
_PER_SITE_ONLY = ("base_url", "url", "site", "sections")  # each entry gives its own


class SitesUsageError(ValueError):
    """The many-sites run cannot start: a one-line reason for the exit-1 message."""


@dataclass
class SiteCrawl:
    entry: SiteEntry
    crawler: Crawler
    refused: str | None = None  # why it could not start (None: it started)


def plan(settings: Settings, spider_arguments: dict[str, str], loader: Any) -> list[SiteCrawl]:
    """One crawler per entry of the sites file named by `-a sites=`; SitesUsageError when
    the file or the options cannot be used."""
    arguments = dict(spider_arguments)
    path = arguments.pop("sites", None)
    if not path:
        raise SitesUsageError(
            "scrapy crawl sites needs a sites file: -a sites=sites.toml (README: Many sites)"
        )
    given = sorted(set(arguments) & set(_PER_SITE_ONLY))
    if given:
        raise SitesUsageError(
            f"-a {given[0]}: given per site in the sites file, not for the whole run"
        )
    if _has_o(settings):
        raise SitesUsageError(
            "-o/-O cannot be used with a sites file: each site writes its own feed under "
            "output/<name>/"
        )
    try:
        entries = read_sites_file(path)
    except SitesFileError as exc:
        raise SitesUsageError(str(exc)) from None
    crawls = []
    shares = _shares(settings, len(entries))
    for entry in entries:
        spider_class = loader.load(entry.profile)
        site_settings = settings.copy()
        for name, value in shares.items():
            site_settings.set(name, value, priority="cmdline")
        if entry.delay is not None:
            site_settings.set("DOWNLOAD_DELAY", entry.delay, priority="cmdline")
        if entry.concurrency is not None:
            site_settings.set(
                "CONCURRENT_REQUESTS_PER_DOMAIN", entry.concurrency, priority="cmdline"
            )
        crawler = Crawler(spider_class, site_settings)
        crawls.append(SiteCrawl(entry, crawler))
    return crawls


# What one crawl may hold at once, shared out among the sites of a run (a setting the user
# gave on the command line stays as given, per site): the process holds about what one crawl
# holds. Measured with benchmarks/many_sites.py, 20 sites x 500 articles (politeness off):
# each crawler with a whole crawl's share peaked at 616 MB (one site: 124 MB), the pages
# waiting for extraction piling up in 20 scrapers.
_SHARED_OUT = {
    "CONCURRENT_REQUESTS": 2,  # the least a site gets: its host's in-flight limit
    "SCRAPER_SLOT_MAX_ACTIVE_SIZE": 256 * 1024,
    "NEWSCRAWL_STATE_CACHE_KIB": 256,  # its state file's page cache
}


def _shares(settings: Settings, sites: int) -> dict[str, int]:
    """Each site's share of the process's downloads in flight and of the responses its
    scraper holds, where the command line did not set them."""
    shares = {}
    for name, least in _SHARED_OUT.items():
        if (settings.getpriority(name) or 0) >= SETTINGS_PRIORITIES["cmdline"]:
            continue
        whole = read_setting(settings, name) if name.startswith("NEWSCRAWL_") else None
        whole = whole if whole is not None else settings.getint(name)
        shares[name] = max(least, int(whole) // max(1, sites))
    return shares


def _has_o(settings: Settings) -> bool:
    """`-o`/`-O` set FEEDS on the command line (crawl.py's process_options)."""
    return (settings.getpriority("FEEDS") or 0) >= SETTINGS_PRIORITIES["cmdline"]


def run_sites(
    process: Any, crawls: list[SiteCrawl], spider_arguments: dict[str, str]
) -> list[SiteCrawl]:
    """Start every site's crawl and run the reactor until the last one ends."""
    common = {k: v for k, v in spider_arguments.items() if k != "sites"}
    for crawl in crawls:
        started = process.crawl(crawl.crawler, **{**common, **crawl.entry.arguments()})
        if isinstance(started, Deferred):  # CrawlerProcess
            started.addErrback(_failed, crawl)
        else:  # AsyncCrawlerProcess: an asyncio task
            started.add_done_callback(lambda task, c=crawl: _task_done(c, task))
    process.start()
    return crawls


def _failed(failure: Failure, crawl: SiteCrawl) -> None:
    _note_refusal(crawl, failure.value)


def _task_done(crawl: SiteCrawl, task: asyncio.Future[Any]) -> None:
    if not task.cancelled() and task.exception() is not None:
        _note_refusal(crawl, task.exception())


def _note_refusal(crawl: SiteCrawl, error: BaseException | None) -> None:
    """A site that could not start (or failed outright) leaves the others running."""
    why, _ = startup_refusal(crawl.crawler.settings, FAILED)
    crawl.refused = why or f"{type(error).__name__}: {error}"


def verdicts(crawls: list[SiteCrawl], settings: Settings) -> tuple[int, list[dict[str, Any]]]:
    """The process's exit status (the worst site's) and each site's line of the combined
    summary, the sites whose figures drifted first, then the others in trouble."""
    shared = redis_url(settings) is not None
    rows: list[dict[str, Any]] = []
    for crawl in crawls:
        entry, crawler = crawl.entry, crawl.crawler
        if crawl.refused is not None or crawler.stats is None:
            _, code = startup_refusal(crawler.settings, FAILED)
            reason = f"could not start: {crawl.refused or 'unknown'}"
            summary: dict[str, Any] | None = None
        else:
            stats = crawler.stats.get_stats()
            rate = read_setting(crawler.settings, "NEWSCRAWL_MAX_ERROR_RATE")
            verdict = decide(stats, rate, shared)
            code, reason = verdict.code, verdict.reason
            written = crawler.get_extension(RunSummary)
            summary = written.written if written is not None else None
        rows.append(
            {
                "name": entry.name,
                "base_url": entry.base_url,
                "profile": entry.profile,
                "exit_code": code,
                "status": reason,
                "items_emitted": int(summary["items_emitted"]) if summary else 0,
                "drifts": len(((summary or {}).get("health") or {}).get("drifts") or ()),
                "summary": summary,
            }
        )
    code = worst(int(row["exit_code"]) for row in rows)
    # the sites that drifted first (which of my sites broke overnight?), then the others in
    # trouble
    rows.sort(key=lambda row: (row["drifts"] == 0, row["exit_code"] == OK, row["name"]))
    return code, rows


def write_combined_summary(
    settings: Settings, sites_file: str, code: int, rows: list[dict[str, Any]]
) -> Path | None:
    """`<output>/<sites file stem>-<time>.summary.json`; None when it cannot be written."""
    now = datetime.now(UTC)
    stamp = now.strftime("%Y-%m-%dT%H-%M-%S-") + f"{now.microsecond // 1000:03d}Z"
    output = Path(read_setting(settings, "NEWSCRAWL_OUTPUT_DIR"))
    path = output / f"{Path(sites_file).stem}-{stamp}.summary.json"
    combined = {
        "sites_file": sites_file,
        "exit_code": code,
        "sites": rows,
        "finished_at": now.isoformat(),
    }
    try:
        output.mkdir(parents=True, exist_ok=True)
        write_text_atomically(path, json.dumps(combined, indent=2, default=str) + "\n")
    except OSError as exc:
        logger.error("combined summary not written to %s: %s", path, exc.strerror or exc)
        return None
    return path
