"""Feeds that are never seen half-written, and never finished when a line of them was lost.

Lines go to a hidden `.NAME.<pid>.part` file beside the target. When the run closes the file
is synced and handed to the run's state (extensions/run.py), which moves it into place with
an atomic rename only once the run's marks are committed (delivery.py); with `-o FILE` the
part is appended to the file instead, under a lock and a journal (feed_append.py). A killed
run leaves the `.part` file behind, never a torn line in a finished feed.

A write that fails (disk full, a file-size limit, an I/O error) stops the crawl through the
run's state: the feed stays a `.part` file and nothing of the run is marked delivered. Scrapy
would otherwise log the error per item and finish with exit 0 and an empty state of mind.
"""

from __future__ import annotations

import io
import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from scrapy.exporters import CsvItemExporter
from scrapy.extensions.feedexport import FileFeedStorage, StdoutFeedStorage
from scrapy.spiders import Spider

from newscrawl.config import config_of, redis_url, worker_id
from newscrawl.delivery import ReadyFeed, discard_unfinished, place
from newscrawl.extensions.run import Run, run_of

logger = logging.getLogger(__name__)


SHARED_FILE = "newscrawl_shared_file"  # feed option the crawl command sets for `-o FILE`


class GuardedFile(io.FileIO):
    """A file (or standard output, by its descriptor) whose first failed write is reported
    once; later writes are dropped (the feed is abandoned by then), so the exporter never
    sees an exception per item."""

    def __init__(self, path: Path | int, on_error: Callable[[OSError], None]) -> None:
        super().__init__(path, "w", closefd=not isinstance(path, int))
        self.on_error = on_error
        self.error: OSError | None = None

    def write(self, data: Any) -> int:
        size = len(memoryview(data))
        if self.error is not None:
            return size
        try:
            return super().write(data) or 0
        except OSError as exc:
            self.error = exc
            self.on_error(exc)
            return size


def fail_the_run(run: Run | None, exc: OSError, what: str, after: str = "") -> None:
    """A feed write failed: stop the run through its state (nothing of it delivered), or,
    outside a crawl, raise the error with the message."""
    message = f"{what}: {exc.strerror or exc}{after}"
    if run is None:
        raise OSError(exc.errno, message) from exc
    run.fail(message)


def _run_of(spider: Spider) -> Run | None:
    """The run a feed belongs to; None for a spider outside any crawl (a feed written alone)."""
    crawler = getattr(spider, "crawler", None)
    return None if crawler is None else run_of(crawler)


class AtomicFileFeedStorage(FileFeedStorage):
    def __init__(self, uri: str, *, feed_options: dict[str, Any] | None = None) -> None:
        super().__init__(uri, feed_options=feed_options)
        target = Path(self.path)
        self.part_path = target.with_name(f".{target.name}.{os.getpid()}.part")
        self.run: Run | None = None
        self.failed = False
        self.format = str((feed_options or {}).get("format") or "")
        # `-o FILE` (shared by runs: appended to under a lock) or a fixed feed path that holds
        # earlier runs' lines; a new timestamped feed is simply renamed into place
        shared = bool((feed_options or {}).get(SHARED_FILE))
        self.append = self.write_mode == "ab" and (shared or Path(self.path).exists())

    def open(self, spider: Spider) -> IO[bytes]:
        self.spider = spider
        self.run = _run_of(spider)
        try:
            self.part_path.parent.mkdir(parents=True, exist_ok=True)
            return io.BufferedWriter(GuardedFile(self.part_path, self._write_failed))
        except OSError as exc:
            self._write_failed(exc)
            return io.BytesIO()  # a sink: the run is stopping and this feed is abandoned

    def _write_failed(self, exc: OSError) -> None:
        self.failed = True
        fail_the_run(self.run, exc, f"feed {self.part_path} cannot be written")

    def store(self, file: IO[bytes]) -> None:
        try:
            file.flush()
            if not isinstance(file, io.BytesIO):
                os.fsync(file.fileno())
            file.close()
            if self.failed or self._abandoned():
                self._discard_part()
                return
        except OSError as exc:
            self._write_failed(exc)
            self._discard_part()
            return
        feed = ReadyFeed(
            self.part_path, Path(self.path), self.append, self.append and self.format == "json"
        )
        if self.run is None:
            place(feed)
        else:
            self.run.feed_ready(feed)

    def _discard_part(self) -> None:
        """A failed run's part would keep the disk it filled full: remove it, unless
        NEWSCRAWL_KEEP_FAILED_FEEDS asks to keep it for inspection."""
        crawler = getattr(getattr(self, "spider", None), "crawler", None)
        if crawler is not None and config_of(crawler).keep_failed_feeds:
            logger.error("unfinished feed kept at %s (NEWSCRAWL_KEEP_FAILED_FEEDS)", self.part_path)
            return
        discard_unfinished(self.part_path)

    def _abandoned(self) -> bool:
        """A distributed worker that lost Redis must not finish its feed: its work is redone."""
        crawler = getattr(getattr(self, "spider", None), "crawler", None)
        stats = getattr(crawler, "stats", None)
        if stats is None or not stats.get_value("newscrawl/redis/lost"):
            return False
        logger.error("feed left unfinished at %s: Redis was lost mid-crawl", self.part_path)
        return True


class GuardedStdoutFeedStorage(StdoutFeedStorage):
    """`-o -` / `stdout:`: a write that fails (EPIPE from `| head`, a full disk, EIO) stops
    the crawl through the run's state like a file feed's: exit 7, nothing of the run marked
    delivered. Scrapy's own storage let each later line fail alone and the run end with
    exit 0, every article marked delivered though no reader got it."""

    def open(self, spider: Spider) -> IO[bytes]:
        self.run = _run_of(spider)
        self.failed = False
        return io.BufferedWriter(GuardedFile(sys.stdout.fileno(), self._write_failed))

    def _write_failed(self, exc: OSError) -> None:
        self.failed = True
        fail_the_run(
            self.run,
            exc,
            "standard output cannot be written",
            " (what was written before may have been read; nothing of this run is marked "
            "delivered, so the next run emits all of it again)",
        )

    def store(self, file: IO[bytes]) -> None:
        try:
            file.flush()
        except OSError as exc:  # the buffered tail could not be written
            if not self.failed:
                self._write_failed(exc)


class ArticleCsvExporter(CsvItemExporter):
    """CSV cells a spreadsheet can read: lists of words joined by "; ", objects (images, the
    extraction record) as JSON, never Python's repr."""

    def __init__(self, file: Any, **kwargs: Any) -> None:
        kwargs.setdefault("join_multivalued", "; ")
        super().__init__(file, **kwargs)

    def serialize_field(self, field: Any, name: str, value: Any) -> Any:
        if isinstance(value, dict) or (
            isinstance(value, list) and any(not isinstance(v, str) for v in value)
        ):
            return json.dumps(value, ensure_ascii=False)
        return super().serialize_field(field, name, value)


def uri_params(params: dict[str, Any], spider: Spider) -> dict[str, Any]:
    """`%(time)s` from the spider's run stamp, so the feed and its summary share one name."""
    stamp = getattr(spider, "run_stamp", None)
    if not stamp:
        return params
    if redis_url(spider.settings):  # one feed part per worker: no two processes share a file
        stamp = f"{stamp}-{worker_id(spider.settings)}"
    return {**params, "time": stamp}
