"""`scrapy rebuildstate SPIDER -a base_url=URL`: rebuild a site's state from its finished feeds.

For a state file that is damaged (refused at start with exit 1) or lost. The finished feeds
hold every article a run delivered — its id, URL, content hash and body — so the rebuilt
store knows the same articles as delivered: their URLs, their content and (for originals)
their near-duplicate signatures. What it cannot know is which sections an earlier run walked to
their end, so the first run after a rebuild walks every section once; article links whose
canonical URL differs from the article's own URL are fetched once more and dropped as known.

The new state is built aside (`<file>.rebuild-<pid>`) and swapped in with one rename once it
is complete and synced: a rebuild stopped halfway (Ctrl-C, SIGKILL) leaves the old state in
place, never an empty but valid one that would make the next crawl emit everything again. The
old file is kept beside it (`<file>.damaged-<time>`), never deleted. The rebuild holds the
site's run lock: refused (exit 75) while a crawl of the site runs, and no crawl starts while it
rebuilds. On Redis the site's marks (seen keys, near-duplicate index, walked sections) are
cleared first, the epoch before anything else, so a rebuild stopped halfway is refused by
every worker (no epoch) until it is run again.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.spiderloader import get_spider_loader
from scrapy.utils.conf import arglist_to_dict

from newscrawl.atomic_file import sync_directory
from newscrawl.config import Config, ConfigError, load_config
from newscrawl.neardup import NearDuplicateIndex
from newscrawl.runstatus import LOCKED
from newscrawl.state import SeenStore, SqliteStore
from newscrawl.state.base import LINK
from newscrawl.state.lock import LockHeld, RunLock
from newscrawl.state.naming import store_name
from newscrawl.urls import article_id, canonicalize_url


@dataclass
class Rebuilt:
    feeds: int = 0
    articles: int = 0
    other_sites: int = 0  # lines of the same feed directory from another address
    unreadable: int = 0  # torn or non-JSON lines (none in a finished feed, but be safe)


def finished_feeds(directory: Path, site: str) -> list[Path]:
    """The finished feeds of `site`, oldest first (the hidden .part files are not feeds)."""
    return sorted(directory.glob(f"{site}-*.jsonl"))


def feed_records(paths: Iterable[Path], rebuilt: Rebuilt) -> Iterator[dict[str, Any]]:
    for path in paths:
        rebuilt.feeds += 1
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                try:
                    record = json.loads(line)
                except ValueError:
                    rebuilt.unreadable += 1
                    continue
                if isinstance(record, dict) and isinstance(record.get("url"), str):
                    yield record
                else:
                    rebuilt.unreadable += 1


def of_address(base_url: str, hosts: Iterable[str]) -> Callable[[str], bool]:
    """Is a URL the site at `base_url`? Same host and port, or another of its `hosts` (a
    profile's domains): the same site at two addresses keeps two histories."""
    base = urlsplit(base_url)
    others = {h.lower() for h in hosts} - {(base.hostname or "").lower()}

    def test(url: str) -> bool:
        parts = urlsplit(url)
        return parts.netloc.lower() == base.netloc.lower() or (
            (parts.hostname or "").lower() in others
        )

    return test


def record_delivered(
    store: SeenStore,
    near: NearDuplicateIndex,
    records: Iterable[dict[str, Any]],
    on_site: Callable[[str], bool],
) -> Rebuilt:
    """Mark every article of `records` (on the site) as delivered, as its run did."""
    rebuilt = Rebuilt()
    for record in records:
        url = str(record["url"])
        if not on_site(url):
            rebuilt.other_sites += 1
            continue
        store.add(LINK, canonicalize_url(url))
        store.add("url", article_id(url))
        if record.get("content_hash"):
            store.add("content", str(record["content_hash"]))
        if not record.get("duplicate_of") and record.get("body"):
            near.observe(str(record.get("id") or article_id(url)), str(record["body"]))
        rebuilt.articles += 1
    return rebuilt


def keep_aside(path: Path) -> Path | None:
    """Keep a copy of a state file (a hard link: it stays in place until the new one replaces
    it) and move its WAL files, which belong to it alone, beside the copy; None when there is
    no state file."""
    if not path.exists():
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    try:
        os.link(path, aside)
    except OSError:
        shutil.copy2(path, aside)
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            os.replace(extra, aside.with_name(aside.name + suffix))
    return aside


def _remove_database(path: Path) -> None:
    """A database file and its WAL files, if they exist (a stopped rebuild's leftovers)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_LEVEL": "INFO"}

    def syntax(self) -> str:
        return "<spider> -a base_url=URL [--feeds DIR]"

    def short_desc(self) -> str:
        return "Rebuild a site's state (what was delivered) from its finished feeds"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "-a", dest="spargs", action="append", default=[], metavar="NAME=VALUE",
            help="the spider's arguments, as given to `scrapy crawl` (base_url=…)",
        )  # fmt: skip
        parser.add_argument(
            "--feeds", metavar="DIR",
            help="where the finished feeds are (default: NEWSCRAWL_OUTPUT_DIR/<site>)",
        )  # fmt: skip

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        try:
            opts.spargs = arglist_to_dict(opts.spargs)
        except ValueError:
            raise UsageError("Invalid -a value, use -a NAME=VALUE", print_help=False) from None

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError()
        assert self.settings is not None
        try:
            config = load_config(self.settings)
            spider = get_spider_loader(self.settings).load(args[0])(**opts.spargs)
        except (ConfigError, ValueError) as wrong:
            print(f"newscrawl: exit 1: {wrong}", file=sys.stderr)
            self.exitcode = 1
            return
        site = str(getattr(spider, "site", spider.name))
        address = str(getattr(spider, "base_url", ""))
        hosts: Iterable[str] = getattr(spider, "hosts", ())
        name = store_name(site, address)
        feeds = finished_feeds(Path(opts.feeds or config.output_dir / site), site)
        if config.redis_url is not None:
            self._rebuild_redis(config, name, feeds, address, hosts)
            return
        if config.state_dir is None:
            print(
                "newscrawl: exit 1: NEWSCRAWL_STATE_DIR is 'none': nothing to rebuild",
                file=sys.stderr,
            )
            self.exitcode = 1
            return
        path = config.state_dir / f"{name}.sqlite"
        lock = RunLock(config.state_dir / f"{name}.lock")
        try:
            lock.acquire()
        except LockHeld as held:
            print(
                f"newscrawl: exit {LOCKED}: {held}: a crawl of this site is running; rebuild "
                "once it has finished",
                file=sys.stderr,
            )
            self.exitcode = LOCKED
            return
        building = path.with_name(f"{path.name}.rebuild-{os.getpid()}")
        try:
            for stale in path.parent.glob(f"{path.name}.rebuild-*"):  # a stopped rebuild's
                stale.unlink(missing_ok=True)  # (the lock keeps any other rebuild out)
            store = SqliteStore(building)
            try:
                counted = Rebuilt()
                near = NearDuplicateIndex(store, config.near_duplicate_threshold)
                on_site = of_address(address, hosts)
                rebuilt = record_delivered(store, near, feed_records(feeds, counted), on_site)
                store.commit()
            finally:
                store.close()
            aside = keep_aside(path)
            os.replace(building, path)
            sync_directory(path.parent)
        finally:
            _remove_database(building)
            lock.release()
        if aside is not None:
            print(f"the old state file was kept as {aside}")
        print(
            f"newscrawl: state {path} rebuilt from {counted.feeds} feeds: {rebuilt.articles} "
            f"articles marked delivered ({rebuilt.other_sites} lines of other addresses "
            f"skipped, {counted.unreadable} unreadable)"
        )

    def _rebuild_redis(
        self,
        config: Config,
        name: str,
        feeds: list[Path],
        address: str,
        hosts: Iterable[str],
    ) -> None:
        """Fill the shared state on Redis from the feeds and give it a new epoch, which this
        worker remembers (copy its `.redis-epoch` note to the others, or they refuse it)."""
        from newscrawl.config import worker_id
        from newscrawl.distributed.store import RedisStore, connect, frontier_keys, remember_epoch

        assert config.redis_url is not None and self.settings is not None
        frontier = frontier_keys(name)
        store = RedisStore(connect(config.redis_url), name, worker_id(self.settings), frontier)
        cleared = store.clear_marks()
        print(f"newscrawl: cleared {cleared} keys of the old shared state {store.where}")
        counted = Rebuilt()
        near = NearDuplicateIndex(store, config.near_duplicate_threshold)
        on_site = of_address(address, hosts)
        rebuilt = record_delivered(store, near, feed_records(feeds, counted), on_site)
        store.commit()
        epoch = store.new_epoch(replace=True)
        if config.state_dir is not None:
            remember_epoch(config.state_dir / f"{name}.redis-epoch", epoch)
        store.close()
        print(
            f"newscrawl: shared state {store.where} rebuilt from {counted.feeds} feeds: "
            f"{rebuilt.articles} articles marked delivered; new epoch {epoch}"
        )
