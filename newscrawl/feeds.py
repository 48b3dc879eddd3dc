"""Feeds that are never seen half-written.

Lines go to a hidden `.NAME.part` file beside the target; only when the run closes is it
moved (or, for `-o` append mode, appended) into place with an atomic rename. A crashed or
killed run leaves the `.part` file behind for inspection but never a torn line in a finished
feed.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path
from typing import IO, Any

from scrapy.extensions.feedexport import FileFeedStorage
from scrapy.spiders import Spider

logger = logging.getLogger(__name__)


class AtomicFileFeedStorage(FileFeedStorage):
    def __init__(self, uri: str, *, feed_options: dict[str, Any] | None = None) -> None:
        super().__init__(uri, feed_options=feed_options)
        target = Path(self.path)
        self.part_path = target.with_name(f".{target.name}.{os.getpid()}.part")

    def open(self, spider: Spider) -> IO[bytes]:
        self.spider = spider
        self.part_path.parent.mkdir(parents=True, exist_ok=True)
        return self.part_path.open("wb")

    def store(self, file: IO[bytes]) -> None:
        file.flush()
        os.fsync(file.fileno())
        file.close()
        if self._abandoned():
            return
        target = Path(self.path)
        if self.write_mode == "ab" and target.exists():
            self._append_into(target)
        else:
            os.replace(self.part_path, target)

    def _abandoned(self) -> bool:
        """A distributed worker that lost Redis must not finish its feed: its work is redone."""
        crawler = getattr(getattr(self, "spider", None), "crawler", None)
        stats = getattr(crawler, "stats", None)
        if stats is None or not stats.get_value("newscrawl/redis/lost"):
            return False
        logger.error("feed left unfinished at %s: Redis was lost mid-crawl", self.part_path)
        return True

    def _append_into(self, target: Path) -> None:
        """Build old + new in a second temporary file, then swap it in atomically."""
        merged = self.part_path.with_suffix(".merge")
        with merged.open("wb") as out:
            for source in (target, self.part_path):
                with source.open("rb") as data:
                    shutil.copyfileobj(data, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(merged, target)
        self.part_path.unlink()


def uri_params(params: dict[str, Any], spider: Spider) -> dict[str, Any]:
    """`%(time)s` from the spider's run stamp, so the feed and its summary share one name."""
    stamp = getattr(spider, "run_stamp", None)
    if not stamp:
        return params
    from newscrawl.distributed.naming import redis_url, worker_id

    if redis_url(spider.settings):  # one feed part per worker: no two processes share a file
        stamp = f"{stamp}-{worker_id(spider.settings)}"
    return {**params, "time": stamp}
