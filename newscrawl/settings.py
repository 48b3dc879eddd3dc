"""Scrapy settings for newscrawl. The item pipeline order lives here and only here."""

import os

from newscrawl.items import output_fields

BOT_NAME = "newscrawl"
SPIDER_MODULES = ["newscrawl.spiders"]
NEWSPIDER_MODULE = "newscrawl.spiders"

# Politeness: obey robots.txt, identify ourselves, keep per-site concurrency modest.
ROBOTSTXT_OBEY = True
USER_AGENT = "newscrawl/0.1 (+https://github.com/newscrawl/newscrawl)"
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 16
# Scrapy starts CONCURRENT_ITEMS worker tasks for *every* callback's output; our callbacks
# yield one article or a page of links, so 100 (the default) only costs task churn (measured:
# ~100k asyncio tasks per 1,000 articles).
CONCURRENT_ITEMS = 16
DOWNLOAD_DELAY = 0
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 2
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"

ITEM_PIPELINES = {
    "newscrawl.pipelines.urls.CanonicalUrlPipeline": 100,
    "newscrawl.pipelines.urls.DuplicateUrlPipeline": 200,
    "newscrawl.pipelines.strip.StripAdsPipeline": 300,
    "newscrawl.pipelines.strip.StripRelatedLinksPipeline": 400,
    "newscrawl.pipelines.text.BodyTextPipeline": 500,
    "newscrawl.pipelines.normalize.NormalizePipeline": 600,
    "newscrawl.pipelines.validate.SchemaPipeline": 700,
    "newscrawl.pipelines.dedupe.DuplicateContentPipeline": 800,
    "newscrawl.pipelines.dedupe.NearDuplicatePipeline": 850,
}

# Feeds: one JSON Lines file per run under output/<site>/, finished atomically (see feeds.py).
NEWSCRAWL_OUTPUT_DIR = os.environ.get("NEWSCRAWL_OUTPUT_DIR", "output")
# Incremental state (seen articles, synced sections, the run lock); "none" = memory only.
NEWSCRAWL_STATE_DIR = os.environ.get("NEWSCRAWL_STATE_DIR", f"{NEWSCRAWL_OUTPUT_DIR}/state")
# A run fails (exit status 5) when more than this share of its requests failed.
NEWSCRAWL_MAX_ERROR_RATE = 0.2
# Near-duplicates (same story reposted or syndicated): estimated Jaccard similarity of the
# bodies' 5-word shingles at or above the threshold; "drop" later copies or "mark" them
# with duplicate_of. See benchmarks/near_duplicates.py for how the default was chosen.
NEWSCRAWL_NEAR_DUPLICATE_THRESHOLD = 0.35
NEWSCRAWL_NEAR_DUPLICATE_POLICY = "drop"
FEEDS = {
    f"{NEWSCRAWL_OUTPUT_DIR}/%(site)s/%(site)s-%(time)s.jsonl": {
        "format": "jsonlines",
        "encoding": "utf-8",
    },
}
FEED_URI_PARAMS = "newscrawl.feeds.uri_params"
FEED_STORAGES = {
    "file": "newscrawl.feeds.AtomicFileFeedStorage",
    "": "newscrawl.feeds.AtomicFileFeedStorage",
}
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORT_FIELDS = output_fields()
FEED_STORE_EMPTY = True

EXTENSIONS = {
    "newscrawl.extensions.state.CrawlState": 100,
    "newscrawl.extensions.summary.RunSummary": 900,
}
COMMANDS_MODULE = "newscrawl.commands"
# Distributed crawls: set NEWSCRAWL_REDIS_URL (setting or environment) to share the frontier,
# duplicate filter and state through Redis; without it nothing about Redis is imported.
ADDONS = {"newscrawl.distributed.addon.DistributedAddon": 0}
