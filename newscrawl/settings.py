"""Scrapy settings for newscrawl. The item pipeline order lives here and only here."""

import os

from newscrawl.extraction.limits import DEFAULT_LIMITS
from newscrawl.items import output_fields

BOT_NAME = "newscrawl"
SPIDER_MODULES = ["newscrawl.spiders"]
NEWSPIDER_MODULE = "newscrawl.spiders"

# Politeness (README "Politeness", newscrawl/politeness/): obey robots.txt, identify
# ourselves, and pace each host like Scrapy's project template does: one request start a
# second, at most two in flight, AutoThrottle slowing a slow server further. robots.txt's
# Crawl-delay / Request-rate raise a host's delay (up to NEWSCRAWL_MAX_CRAWL_DELAY seconds); a
# 429/503 with Retry-After pauses that host (up to NEWSCRAWL_MAX_RETRY_AFTER seconds; past it,
# the host's remaining pages are left for the next run). NEWSCRAWL_POLITENESS=off (your own
# servers only) fetches in parallel with no delay. Scrapy's ±50% delay jitter is off: a
# jitter you set is made up for by a longer delay, so no gap is ever shorter than the floor.
ROBOTSTXT_OBEY = True
ROBOTSTXT_PARSER = "newscrawl.politeness.robots.CrawlDelayRobotParser"
USER_AGENT = "newscrawl/0.1 (+https://github.com/newscrawl/newscrawl)"
NEWSCRAWL_POLITENESS = "on"
NEWSCRAWL_MAX_CRAWL_DELAY = 30.0
NEWSCRAWL_MAX_RETRY_AFTER = 120.0
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
# Scrapy starts CONCURRENT_ITEMS worker tasks for *every* callback's output; our callbacks
# yield one article or a page of links, so 100 (the default) only costs task churn (measured:
# ~100k asyncio tasks per 1,000 articles).
CONCURRENT_ITEMS = 16
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 2
# The hostile web (README "Protections"): retries back off (0.5 s, 1 s, … at most 10 s, or the
# server's Retry-After) for transient failures only (RETRY_HTTP_CODES / RETRY_EXCEPTIONS:
# 5xx, 408, 429, timeouts, resets; never 404/410); pages over 8 MiB, compressed or not, are
# refused; nothing on a private, loopback or link-local address is requested unless it is
# the site's own host; a section's pagination stops at traps.
NEWSCRAWL_RETRY_BACKOFF = 0.5
NEWSCRAWL_RETRY_BACKOFF_MAX = 10.0
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
NEWSCRAWL_BLOCK_PRIVATE_ADDRESSES = True
NEWSCRAWL_ALLOWED_PRIVATE_HOSTS: list[str] = []
NEWSCRAWL_MAX_LISTING_PAGES = 1000
NEWSCRAWL_MAX_GROWING_PAGES = 3
NEWSCRAWL_GENERIC_MAX_PAGES = 50  # listing pages per section of the generic spider
# Bounded work per page (extraction/limits.py): story links taken from one listing page, the
# lists an article may carry (cut and counted as newscrawl/normalize/cut/<field>), and the
# extraction time of one page (past it: undelivered as `too_slow`).
NEWSCRAWL_MAX_LINKS_PER_PAGE = 1000
NEWSCRAWL_MAX_AUTHORS = DEFAULT_LIMITS.max_authors
NEWSCRAWL_MAX_TAGS = DEFAULT_LIMITS.max_tags
NEWSCRAWL_MAX_IMAGES = DEFAULT_LIMITS.max_images
NEWSCRAWL_PAGE_BUDGET = DEFAULT_LIMITS.budget_seconds
DOWNLOADER_MIDDLEWARES = {
    "newscrawl.middlewares.addresses.ForbiddenAddressMiddleware": 40,
    # robots.txt read as RFC 9309 says (capped, 5xx = disallow all), in place of Scrapy's
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "newscrawl.politeness.robots_fetch.RobotsMiddleware": 100,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "newscrawl.middlewares.retry.BackoffRetryMiddleware": 550,
    "newscrawl.politeness.deferral.DeferralMiddleware": 560,
    "newscrawl.middlewares.truncated.TruncatedRetryMiddleware": 570,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "newscrawl.middlewares.refresh.CheapMetaRefreshMiddleware": 580,
    # last before the downloader: a host several crawls fetch from at once takes turns
    "newscrawl.middlewares.host_turns.SharedHostMiddleware": 950,
}
COOKIES_ENABLED = False
# Scrapy checks each callback for a `return value` in a generator by parsing its source: with a
# new bound method per request its cache rarely hits, and the parse cost ~3 % of the crawler
# process's CPU (py-spy, benchmarks/crawl_throughput.py's crawl). The spiders here are tested.
WARN_ON_GENERATOR_RETURN_VALUE = False
# Scrapy's request filter, with the run's fingerprints on disk (flat RAM at any crawl size);
# distributed crawls use scrapy-redis's instead (distributed/addon.py).
DUPEFILTER_CLASS = "newscrawl.dupefilter.DiskDupeFilter"
# No control servers in a crawler that cron runs on shared hosts: telnet, and Scrapy 2.19's
# RemoteControl (an HTTP server on localhost that runs Python code it is sent).
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "INFO"
LOG_FORMATTER = "newscrawl.logformatter.QuietLogFormatter"  # no per-page DEBUG records above DEBUG

# ExtractPipeline runs the chain's pure stages (extraction.chain.finish, schema check included)
# first; the stages that record in the state store come last: an article is marked (URL,
# content) only once nothing can fail it any more but the duplicate checks themselves, so no
# error or refusal leaves it marked without being delivered.
ITEM_PIPELINES = {
    "newscrawl.pipelines.extract.ExtractPipeline": 50,
    "newscrawl.pipelines.revisions.RevisionPipeline": 700,
    "newscrawl.pipelines.urls.DuplicateUrlPipeline": 760,
    "newscrawl.pipelines.dedupe.DuplicateContentPipeline": 800,
    "newscrawl.pipelines.dedupe.NearDuplicatePipeline": 850,
    "newscrawl.pipelines.emit.EmitPipeline": 1000,
}
# The chain's pure stages run in this many worker processes (newscrawl/workers/); "auto" = one
# per core beyond the first (at most 4); 0 = everything in the crawler process.
NEWSCRAWL_EXTRACT_PROCESSES = os.environ.get("NEWSCRAWL_EXTRACT_PROCESSES", "auto")

# Feeds: one JSON Lines file per run under output/<site>/, finished atomically (see feeds.py).
NEWSCRAWL_OUTPUT_DIR = os.environ.get("NEWSCRAWL_OUTPUT_DIR", "output")
# Incremental state (seen articles, synced sections, the run lock); "none" = memory only.
NEWSCRAWL_STATE_DIR = os.environ.get("NEWSCRAWL_STATE_DIR", f"{NEWSCRAWL_OUTPUT_DIR}/state")
# KiB of the state file SQLite keeps in memory (its page cache); a many-sites run gives each
# site its share of this.
NEWSCRAWL_STATE_CACHE_KIB = 2048
# A run refuses to start when the feed or state directory has less free space than this (the
# message counts the unfinished feeds killed runs left there).
NEWSCRAWL_MIN_FREE_MB = 16.0
# A run that fails removes its unfinished feed (it would keep a full disk full); true keeps it.
NEWSCRAWL_KEEP_FAILED_FEEDS = False
# Days the state keeps each delivered line's version, to emit a later change of the story as
# its next revision (revisions.py); 0 keeps none (a changed story is then never re-emitted)
NEWSCRAWL_REVISION_DAYS = 30.0
# Site health (health.py): each run's figures against the last runs' (the baseline); a drift
# past the tolerance is a WARNING, the summary's `health` block and exit status 9
NEWSCRAWL_HEALTH = "on"
NEWSCRAWL_HEALTH_TOLERANCE = 0.25  # a share falling by more (absolute); a median by half
NEWSCRAWL_HEALTH_MIN_ARTICLES = 30  # articles of the baseline runs together, to have one
NEWSCRAWL_HEALTH_RUNS = 5  # runs in the baseline
# A run fails (exit status 5) when more than this share of its requests failed.
NEWSCRAWL_MAX_ERROR_RATE = 0.2
# Near-duplicates (same story reposted or syndicated): estimated Jaccard similarity of the
# bodies' 5-word shingles at or above the threshold; "drop" later copies or "mark" them
# with duplicate_of. See benchmarks/near_duplicates.py for how the default was chosen.
NEWSCRAWL_NEAR_DUPLICATE_THRESHOLD = 0.35
NEWSCRAWL_NEAR_DUPLICATE_POLICY = "drop"
# Pages a profile marks needs_js are rendered in headless Chromium only with `-a js=true`
# (see newscrawl/browser/). NEWSCRAWL_CHROMIUM: a Chromium executable to launch instead of
# Playwright's own (e.g. /usr/bin/chromium); at most NEWSCRAWL_BROWSER_PAGES pages at once.
NEWSCRAWL_CHROMIUM = os.environ.get("NEWSCRAWL_CHROMIUM", "")
NEWSCRAWL_BROWSER_PAGES = 4
NEWSCRAWL_BROWSER_TIMEOUT_MS = 30_000
# A distributed worker ends when the shared queue has stayed empty this many seconds.
NEWSCRAWL_IDLE_TIMEOUT = 5.0
# A worker refuses shared state that is not the one it last used (Redis lost or swapped its
# data); true starts afresh on purpose: a new epoch, every article emitted again.
NEWSCRAWL_REDIS_NEW_EPOCH = False
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
    "stdout": "newscrawl.feeds.GuardedStdoutFeedStorage",
}
FEED_EXPORTERS = {"csv": "newscrawl.feeds.ArticleCsvExporter"}  # JSON cells, not Python reprs
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORT_FIELDS = output_fields()
FEED_STORE_EMPTY = True

EXTENSIONS = {
    "newscrawl.politeness.hosts.HostPoliteness": 50,  # after AutoThrottle (a base extension)
    "newscrawl.politeness.robots_fetch.RobotsFiles": 60,
    # before the run: judges and keeps the run's health figures before the run commits
    "newscrawl.extensions.health.HealthWatch": 95,
    "newscrawl.extensions.run.Run": 100,  # the run: config, site, lock, store, ledger
    "newscrawl.extensions.sizecap.StreamedSizeCap": 200,
    "newscrawl.extensions.summary.RunSummary": 900,
}
COMMANDS_MODULE = "newscrawl.commands"
# Distributed crawls: set NEWSCRAWL_REDIS_URL (setting or environment) to share the frontier,
# duplicate filter and state through Redis; without it nothing about Redis is imported.
ADDONS = {
    "newscrawl.distributed.addon.DistributedAddon": 0,
    "newscrawl.politeness.addon.PolitenessAddon": 1,
    "newscrawl.startup.UnusedComponentsAddon": 2,  # what is switched off is not imported
}
