"""Run one crawl in this process and print its figures as JSON (used by crawl_throughput.py).

    python benchmarks/_crawl_runner.py MODE BASE_URL OUT_DIR [--profile]

MODE: `bare` (a plain Scrapy spider following the same links, no extraction, no pipelines, no
feed), `css` (the same plus a few CSS selectors per article and a JSON Lines feed), `profile`
(scrapy crawl bna_germany with everything), `generic` (scrapy crawl generic).
"""

from __future__ import annotations

import cProfile
import json
import os
import pstats
import resource
import sys
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response
from scrapy.utils.project import get_project_settings

from newscrawl.politeness.addon import OFF_SETTINGS

ROOT = Path(__file__).resolve().parent.parent
STAGES = (  # (stage, substrings of the code path), first match wins
    ("spider (navigation)", ("newscrawl/spiders",)),
    ("parse (lxml)", ("lxml", "parsel", "cssselect")),
    ("extract + clean", ("newscrawl/extraction",)),
    (
        "pipelines (dedup, state, schema, MinHash)",
        (
            "newscrawl/pipelines",
            "newscrawl/neardup",
            "newscrawl/similarity",
            "newscrawl/state",
            "jsonschema",
            "sqlite3",
            "numpy",
            "referencing",
        ),
    ),
    ("export", ("scrapy/exporters", "feedexport", "newscrawl/feeds", "json/")),
    (
        "download (twisted, asyncio, HTTP)",
        (
            "twisted",
            "scrapy/core/downloader",
            "scrapy/downloadermiddlewares",
            "scrapy/core/http",
            "http11",
            "urllib",
            "w3lib",
            "ssl",
            "asyncio",
            "selectors",
        ),
    ),
)


class BareSpider(scrapy.Spider):
    """What Scrapy costs on its own: the same section pages and links, nothing extracted."""

    name = "bare"
    custom_settings: ClassVar[dict[str, Any]] = {
        "ITEM_PIPELINES": {},
        "FEEDS": {},
        "EXTENSIONS": {},
        "ADDONS": {},
        # Scrapy's own machinery only: none of newscrawl's middlewares (which need its Run),
        # its disk-backed duplicate filter, log formatter or robots.txt parser
        "DOWNLOADER_MIDDLEWARES": {},
        "SPIDER_MIDDLEWARES": {},
        "DUPEFILTER_CLASS": "scrapy.dupefilters.RFPDupeFilter",
        "LOG_FORMATTER": "scrapy.logformatter.LogFormatter",
        "ROBOTSTXT_PARSER": "scrapy.robotstxt.ProtegoRobotParser",
        **OFF_SETTINGS,  # our own loopback server: no add-on here to apply the switch
    }

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        from newscrawl.sites import get_profile

        self.base_url = base_url
        self.profile = get_profile("bna_germany")

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for section in self.profile.sections:
            yield scrapy.Request(urljoin(self.base_url, section.path), callback=self.parse_listing)

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        selectors = ", ".join(self.profile.listing_links)
        for href in response.css(f"{selectors}::attr(href)").getall():
            url = response.urljoin(href).split("#")[0].split("?")[0]
            if url.startswith(self.base_url) and self.profile.article_path_re.match(
                urlsplit(url).path
            ):
                yield scrapy.Request(url, callback=self.parse_article)
        for href in response.css(".pagination a.next::attr(href)").getall()[:1]:
            yield scrapy.Request(response.urljoin(href), callback=self.parse_listing)

    def parse_article(self, response: Response) -> Any:
        return None


class CssSpider(BareSpider):
    """Scrapy's own floor for a spider that yields items: the same links, a few CSS selectors
    per article and a JSON Lines feed, no cleaning, no dedup (the issue's 0.84x baseline)."""

    name = "css"

    def parse_article(self, response: Response) -> Any:
        yield {
            "url": response.url,
            "title": response.css("h1::text").get(),
            "published": response.css("time::attr(datetime)").get(),
            "author": response.css(".byline a::text").get(),
            "body": response.css(".entry-content > p::text").getall(),
            "images": response.css(".entry-content img::attr(src)").getall(),
        }


ENGINE = "scrapy engine (scheduler, middlewares, signals, stats)"


def stage_seconds(profile: cProfile.Profile) -> dict[str, float]:
    totals: Counter[str] = Counter()
    stats = pstats.Stats(profile)
    for (path, _, function), row in stats.stats.items():  # type: ignore[attr-defined]
        tottime = row[2]
        where = f"{path}:{function}"
        stage = next((s for s, keys in STAGES if any(k in where for k in keys)), ENGINE)
        totals[stage] += tottime
    return dict(totals)


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    mode, base_url, out_dir = sys.argv[1:4]
    profiling = "--profile" in sys.argv
    os.chdir(ROOT)
    os.environ.update({"NEWSCRAWL_OUTPUT_DIR": out_dir, "NEWSCRAWL_STATE_DIR": f"{out_dir}/state"})
    settings = get_project_settings()
    settings.set("LOG_LEVEL", "WARNING")
    settings.set("NEWSCRAWL_POLITENESS", "off", priority="cmdline")  # our own loopback server
    process = CrawlerProcess(settings)
    spider: Any = {"bare": BareSpider, "css": CssSpider, "profile": "bna_germany"}.get(
        mode, "generic"
    )
    arguments: dict[str, Any] = {"base_url": base_url}
    if mode == "css":  # above the spider's own "no feed"
        settings.set("FEEDS", {f"{out_dir}/css.jsonl": {"format": "jsonlines"}}, "cmdline")
    if mode == "generic":
        # the same site as the others: all of each section's pages, not the generic guard's 50
        settings.set("NEWSCRAWL_GENERIC_MAX_PAGES", settings.getint("NEWSCRAWL_MAX_LISTING_PAGES"))
        arguments = {"url": base_url}
    crawler = process.create_crawler(spider)
    process.crawl(crawler, **arguments)
    profiler = cProfile.Profile() if profiling else None
    if profiler:
        profiler.enable()
    process.start()
    if profiler:
        profiler.disable()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    elapsed = (stats["finish_time"] - stats["start_time"]).total_seconds()
    result = {
        "responses": stats.get("response_received_count", 0),
        "items": stats.get("item_scraped_count", 0),
        "seconds": elapsed,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        # extraction workers are child processes: their peak and CPU are reported apart
        "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "cpu_seconds": _cpu(resource.RUSAGE_SELF),
        "worker_cpu_seconds": _cpu(resource.RUSAGE_CHILDREN),
        "offloaded": stats.get("newscrawl/extract/offloaded", 0),
        "stages": stage_seconds(profiler) if profiler else {},
    }
    print("RESULT " + json.dumps(result))


if __name__ == "__main__":
    main()
