"""Turn a normal crawl into a worker of a shared one when NEWSCRAWL_REDIS_URL is set.

scrapy-redis provides the shared frontier (its scheduler and request queue) and the shared
duplicate filter; our subclass adds in-flight tracking so a killed worker's requests are
redone. The state store (seen URLs, content hashes, near-duplicate index) moves to the same
Redis (distributed/shared.py, opened by the run: newscrawl.extensions.run).
"""

from __future__ import annotations

import warnings
from typing import Any

from scrapy.exceptions import ScrapyDeprecationWarning

from newscrawl.config import redis_url

QUEUE_KEY = "newscrawl:%(spider)s:requests"  # the shared frontier's keys
DUPEFILTER_KEY = "newscrawl:%(spider)s:dupefilter"


class DistributedAddon:
    def update_settings(self, settings: Any) -> None:
        url = redis_url(settings)
        if url is None:
            return
        values = {
            "NEWSCRAWL_REDIS_URL": url,
            "REDIS_URL": url,
            "SCHEDULER": "newscrawl.distributed.scheduler.ReliableScheduler",
            "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
            # frontier.py's atomic scripts work on this queue's sorted set
            "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
            "SCHEDULER_PERSIST": True,  # the last worker out clears the frontier, not the first
            "SCHEDULER_QUEUE_KEY": QUEUE_KEY,
            "SCHEDULER_DUPEFILTER_KEY": DUPEFILTER_KEY,
        }
        # scrapy-redis 0.9 still passes `spider=` to the stats collector; nothing we can fix.
        warnings.filterwarnings("ignore", category=ScrapyDeprecationWarning, module="scrapy_redis")
        for name, value in values.items():
            settings.set(name, value, priority="addon")
        # settings.py names its own (single-machine) filter, at a priority above an add-on's
        settings.set("DUPEFILTER_CLASS", values["DUPEFILTER_CLASS"], priority="project")
        # EXTENSIONS is set by the project (higher priority than an add-on): add to it in place.
        settings["EXTENSIONS"]["newscrawl.distributed.worker.WorkerExtension"] = 150
