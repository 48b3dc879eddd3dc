"""The run's health check: its delivered lines' figures against the site's last runs.

Counts every delivered line and every drop (health.py), and when the feeds close (before the
run commits) judges the run against the figures of the last NEWSCRAWL_HEALTH_RUNS committed
runs the state store keeps: one WARNING per drift, the `health` block of the summary, the
stat that gives the run exit status 9, and this run's figures kept (with the commit) for the
runs after it.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newscrawl.config import config_of
from newscrawl.extensions.failures import drop_reason
from newscrawl.extensions.run import run_of
from newscrawl.health import (
    LISTING_EMPTY_STAT,
    LISTING_LINKS_STAT,
    LISTING_PAGES_STAT,
    Drift,
    HealthCounter,
    RunHealth,
    Tolerance,
    assess,
    never_matched,
)
from newscrawl.items import EXTRACTION_FIELDS
from newscrawl.runstatus import DRIFTS_STAT
from newscrawl.state.base import utc_now

logger = logging.getLogger(__name__)

PER_ARTICLE = ("body_lengths", "image_counts")  # RunHealth's lists of up to 1,000 values


class HealthWatch:
    def __init__(self, crawler: Crawler) -> None:
        config = config_of(crawler)
        if not config.health:
            raise NotConfigured("NEWSCRAWL_HEALTH is off")
        self.crawler = crawler
        self.runs = config.health_runs
        self.tolerance = Tolerance(
            share=config.health_tolerance,
            ratio=1 - 2 * config.health_tolerance if config.health_tolerance < 0.5 else 0.0,
            min_articles=config.health_min_articles,
        )
        self.counter = HealthCounter()
        self.figures: RunHealth | None = None
        self.baseline_runs = 0
        self.drifts: list[Drift] = []
        # connected before the run's own handlers (this extension is built first): judged and
        # kept before the run commits
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(self.finish, signal=signals.spider_closed)
        crawler.signals.connect(self.finish, signal=signals.feed_exporter_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HealthWatch:
        return cls(crawler)

    def item_scraped(self, item: Any, response: Any = None, spider: Any = None) -> None:
        self.counter.observe(dict(item))

    def item_dropped(
        self, item: Any, response: Any, exception: Exception, spider: Any = None
    ) -> None:
        self.counter.dropped(drop_reason(exception))

    def finish(self) -> None:
        if self.figures is not None:
            return
        stats = self.crawler.stats.get_stats() if self.crawler.stats is not None else {}
        for key, pages in stats.items():
            if key.startswith(LISTING_PAGES_STAT):
                section = key[len(LISTING_PAGES_STAT) :]
                links = int(stats.get(LISTING_LINKS_STAT + section, 0))
                empty = int(stats.get(LISTING_EMPTY_STAT + section, 0))
                self.counter.listings(section, int(pages), links, empty)
        figures = self.figures = self.counter.result()
        if figures.articles == 0:
            return  # nothing delivered: nothing to judge, nothing to learn
        run = run_of(self.crawler)
        store, site = run.store, run.site
        past = [RunHealth.from_json(json.loads(text)) for text in store.health_runs(self.runs)]
        self.baseline_runs = len(past)
        self.drifts = assess(site, figures, past, self.tolerance)
        if sum(r.articles for r in past) < self.tolerance.min_articles:
            self.drifts += never_matched(site, figures, self._profile_fields())
        for drift in self.drifts:
            logger.warning("%s", drift.message)
        if self.crawler.stats is not None and self.drifts:
            self.crawler.stats.set_value(DRIFTS_STAT, len(self.drifts))
        store.remember_health(utc_now(), json.dumps(figures.to_json()))

    def _profile_fields(self) -> list[str]:
        """The line's fields the site's profile has selectors for (none: the generic spider)."""
        profile = getattr(self.crawler.spider, "profile", None)
        selectors = getattr(profile, "fields", None)
        if selectors is None:
            return []
        field_of = {
            "published": "published_at",
            "modified": "modified_at",
            "featured_image": "images",
        }
        named = {field_of.get(name, name) for name in _selector_names(selectors)}
        return [name for name in EXTRACTION_FIELDS if name in named]

    def report(self) -> dict[str, Any]:
        """The summary's `health` block: this run's figures, how many runs they were judged
        against, and each drift."""
        figures = self.figures or self.counter.result()
        return {
            # the per-article lists stay in the state store, for the baselines
            "figures": {k: v for k, v in figures.to_json().items() if k not in PER_ARTICLE},
            "baseline_runs": self.baseline_runs,
            "drifts": [
                {
                    "metric": d.metric,
                    "figure": round(d.figure, 4),
                    "baseline": None if d.baseline is None else round(d.baseline, 4),
                    "message": d.message,
                }
                for d in self.drifts
            ],
        }


def _selector_names(selectors: Any) -> list[str]:
    """The profile's fields that have selectors (FieldSelectors' attributes)."""
    names = getattr(selectors, "__dataclass_fields__", {})
    return [name for name in names if getattr(selectors, name, ())]
