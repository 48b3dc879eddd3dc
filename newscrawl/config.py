"""Every NEWSCRAWL_* setting, typed and checked once, when a run starts.

A wrong value must stop the run before its first request, with a message that names the
setting, the value given and what is expected: read lazily, `-s NEWSCRAWL_MAX_ERROR_RATE=abc`
used to fail only after the whole crawl, and `…_THRESHOLD=abc` with a message naming nothing.
A misspelled name (`…_TRESHOLD`) would silently keep the default, so unknown NEWSCRAWL_* names
are refused too, with the closest known name. Defaults live in settings.py only.
"""

from __future__ import annotations

import difflib
import os
import re
import socket
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

from newscrawl.extraction.limits import PageLimits
from newscrawl.redaction import redact
from newscrawl.state.naming import state_dir


class ConfigError(ValueError):
    """A setting that cannot be used; the message says which, what it was and what is wanted."""


@dataclass(frozen=True)
class Config:
    output_dir: Path
    state_dir: Path | None  # None: state in memory only ("none")
    state_cache_kib: int
    min_free_mb: float
    max_error_rate: float
    near_duplicate_threshold: float
    near_duplicate_policy: str
    extract_processes: str  # "auto" or a whole number >= 0, resolved by the offload stage
    retry_backoff: float
    retry_backoff_max: float
    block_private_addresses: bool
    allowed_private_hosts: tuple[str, ...]
    max_listing_pages: int
    max_growing_pages: int
    generic_max_pages: int
    max_links_per_page: int
    max_authors: int
    max_tags: int
    max_images: int
    page_budget: float
    chromium: str
    browser_pages: int
    browser_timeout_ms: int
    redis_url: str | None
    worker_id: str | None
    idle_timeout: float
    redis_new_epoch: bool
    politeness: bool
    max_crawl_delay: float
    max_retry_after: float
    keep_failed_feeds: bool
    revision_days: float
    health: bool
    health_tolerance: float
    health_min_articles: int
    health_runs: int

    def page_limits(self) -> PageLimits:
        return PageLimits(self.max_authors, self.max_tags, self.max_images, self.page_budget)


Parser = Callable[[Any], Any]


def _number(low: float, high: float | None = None) -> tuple[Parser, str]:
    upper = f" and at most {high:g}" if high is not None else ""

    def parse(value: Any) -> float:
        number = float(value)
        if number != number or number < low or (high is not None and number > high):
            raise ValueError
        return number

    return parse, f"a number of at least {low:g}{upper}"


def _whole(low: int) -> tuple[Parser, str]:
    def parse(value: Any) -> int:
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            raise ValueError
        number = int(str(value).strip()) if isinstance(value, str) else int(value)
        if number < low:
            raise ValueError
        return number

    return parse, f"a whole number of at least {low}"


def _choice(*choices: str) -> tuple[Parser, str]:
    def parse(value: Any) -> str:
        text = str(value).strip().lower()
        if text not in choices:
            raise ValueError
        return text

    return parse, "one of " + ", ".join(repr(c) for c in choices)


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise ValueError


def _hosts(value: Any) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else list(value or ())
    hosts = tuple(str(item).strip().lower() for item in items if str(item).strip())
    if any(not host or " " in host for host in hosts):
        raise ValueError
    return hosts


def _processes(value: Any) -> str:
    text = str(value).strip().lower() if value not in (None, "") else "auto"
    if text != "auto" and not (text.isdigit() and int(text) >= 0):
        raise ValueError
    return text


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _optional_text(value: Any) -> str | None:
    return _text(value) or None


def _worker(value: Any) -> str | None:

    text = _optional_text(value)
    if text is not None and not valid_worker_id(text):
        raise ValueError
    return text


def _redis_url(value: Any) -> str | None:
    """redis:// or rediss:// with a host (and a port in range, a numeric database), or
    unix:// naming a socket that exists: `unix:///etc/passwd` is no Redis server."""
    text = _optional_text(value)
    if text is None:
        return None
    parts = urlsplit(text)
    if parts.scheme in ("redis", "rediss"):
        database = parts.path.strip("/")
        if not parts.hostname or parts.port == 0 or (database and not database.isdigit()):
            raise ValueError  # parts.port itself raises ValueError out of range
    elif parts.scheme == "unix":
        try:
            socket_file = stat.S_ISSOCK(os.stat(parts.path).st_mode)
        except OSError:
            socket_file = False
        if not socket_file:
            raise ValueError
    else:
        raise ValueError
    return text


# setting -> (Config field, parser, what is expected); every NEWSCRAWL_* setting is here.
_SPECS: dict[str, tuple[str, Parser, str]] = {
    "NEWSCRAWL_OUTPUT_DIR": ("output_dir", lambda v: Path(_text(v) or "."), "a directory"),
    "NEWSCRAWL_STATE_DIR": ("state_dir", lambda v: state_dir(_text(v)), "a directory or 'none'"),
    "NEWSCRAWL_STATE_CACHE_KIB": ("state_cache_kib", *_whole(64)),
    "NEWSCRAWL_MIN_FREE_MB": ("min_free_mb", *_number(0)),
    "NEWSCRAWL_MAX_ERROR_RATE": ("max_error_rate", *_number(0, 1)),
    "NEWSCRAWL_NEAR_DUPLICATE_THRESHOLD": ("near_duplicate_threshold", *_number(0.01, 1)),
    "NEWSCRAWL_NEAR_DUPLICATE_POLICY": ("near_duplicate_policy", *_choice("drop", "mark")),
    "NEWSCRAWL_EXTRACT_PROCESSES": (
        "extract_processes",
        _processes,
        "'auto' or a whole number of at least 0",
    ),
    "NEWSCRAWL_RETRY_BACKOFF": ("retry_backoff", *_number(0)),
    "NEWSCRAWL_RETRY_BACKOFF_MAX": ("retry_backoff_max", *_number(0)),
    "NEWSCRAWL_BLOCK_PRIVATE_ADDRESSES": ("block_private_addresses", _bool, "true or false"),
    "NEWSCRAWL_ALLOWED_PRIVATE_HOSTS": (
        "allowed_private_hosts",
        _hosts,
        "host names, comma-separated",
    ),
    "NEWSCRAWL_MAX_LISTING_PAGES": ("max_listing_pages", *_whole(1)),
    "NEWSCRAWL_MAX_GROWING_PAGES": ("max_growing_pages", *_whole(1)),
    "NEWSCRAWL_GENERIC_MAX_PAGES": ("generic_max_pages", *_whole(1)),
    "NEWSCRAWL_MAX_LINKS_PER_PAGE": ("max_links_per_page", *_whole(1)),
    "NEWSCRAWL_MAX_AUTHORS": ("max_authors", *_whole(1)),
    "NEWSCRAWL_MAX_TAGS": ("max_tags", *_whole(1)),
    "NEWSCRAWL_MAX_IMAGES": ("max_images", *_whole(0)),
    "NEWSCRAWL_PAGE_BUDGET": ("page_budget", *_number(0.1)),
    "NEWSCRAWL_CHROMIUM": ("chromium", _text, "the path of a Chromium executable"),
    "NEWSCRAWL_BROWSER_PAGES": ("browser_pages", *_whole(1)),
    "NEWSCRAWL_BROWSER_TIMEOUT_MS": ("browser_timeout_ms", *_whole(1)),
    "NEWSCRAWL_REDIS_URL": (
        "redis_url",
        _redis_url,
        "a redis://HOST[:PORT][/DB] or rediss:// URL, or unix:// naming a Redis socket",
    ),
    "NEWSCRAWL_WORKER_ID": ("worker_id", _worker, "letters, digits, '.', '_' or '-' (1-64)"),
    "NEWSCRAWL_IDLE_TIMEOUT": ("idle_timeout", *_number(0.1)),
    "NEWSCRAWL_REDIS_NEW_EPOCH": ("redis_new_epoch", _bool, "true or false"),
    "NEWSCRAWL_POLITENESS": ("politeness", _bool, "on or off"),
    "NEWSCRAWL_MAX_CRAWL_DELAY": ("max_crawl_delay", *_number(0)),
    "NEWSCRAWL_MAX_RETRY_AFTER": ("max_retry_after", *_number(0)),
    "NEWSCRAWL_KEEP_FAILED_FEEDS": ("keep_failed_feeds", _bool, "true or false"),
    "NEWSCRAWL_REVISION_DAYS": ("revision_days", *_number(0)),
    "NEWSCRAWL_HEALTH": ("health", _bool, "on or off"),
    "NEWSCRAWL_HEALTH_TOLERANCE": ("health_tolerance", *_number(0.01, 1)),
    "NEWSCRAWL_HEALTH_MIN_ARTICLES": ("health_min_articles", *_whole(1)),
    "NEWSCRAWL_HEALTH_RUNS": ("health_runs", *_whole(1)),
}
# Read from the environment as well as the settings (they select a mode before Scrapy starts).
_FROM_ENVIRONMENT = ("NEWSCRAWL_REDIS_URL", "NEWSCRAWL_WORKER_ID")
# Written by newscrawl itself at start, never by a user: why a crawl could not start and the
# exit status that says so (read by the crawl command for its last line; settings are not
# frozen while extensions and the spider are built).
STARTUP_ERROR = "NEWSCRAWL_STARTUP_ERROR"
STARTUP_EXIT = "NEWSCRAWL_STARTUP_EXIT"
_INTERNAL = (STARTUP_ERROR, STARTUP_EXIT)


def refuse_start(settings: Any, why: str, code: int | None = None) -> None:
    """Note why the crawl cannot start (and its exit status, when not the default 1)."""
    settings.set(STARTUP_ERROR, why, priority="cmdline")
    if code is not None:
        settings.set(STARTUP_EXIT, code, priority="cmdline")


def startup_refusal(settings: Any, default_code: int) -> tuple[str | None, int]:
    """What `refuse_start` noted: the reason (None: none given) and the exit status."""
    return settings.get(STARTUP_ERROR), settings.getint(STARTUP_EXIT, default_code)


def load_config(settings: Any) -> Config:
    """The typed view of `settings`, or ConfigError for the first setting that is wrong."""
    unknown = [
        name
        for name in settings
        if name.startswith("NEWSCRAWL_") and name not in _SPECS and name not in _INTERNAL
    ]
    if unknown:
        raise ConfigError(_unknown_message(sorted(unknown)[0]))
    values = {field: read_setting(settings, name) for name, (field, _, _) in _SPECS.items()}
    config = Config(**values)
    if config.retry_backoff_max < config.retry_backoff:
        raise ConfigError(
            f"NEWSCRAWL_RETRY_BACKOFF_MAX={config.retry_backoff_max:g}: expected at least "
            f"NEWSCRAWL_RETRY_BACKOFF ({config.retry_backoff:g})"
        )
    return config


def _project_default(name: str) -> Any:
    """The default settings.py gives `name` (for settings that hold none of newscrawl's, as a
    crawler built for a test or by a library user)."""
    from newscrawl import settings as project  # settings.py reads the environment at import

    return getattr(project, name, None)


def read_setting(settings: Any, name: str) -> Any:
    """One NEWSCRAWL_* setting, parsed as the typed Config parses it (settings.py's default
    where `settings` hold none): for the few readers that run before a crawler exists (an
    add-on configuring the crawl, a command reading its outcome). ConfigError names it."""
    _, parse, expected = _SPECS[name]
    raw = settings.get(name)
    if name in _FROM_ENVIRONMENT and raw in (None, ""):
        raw = os.environ.get(name)
    if raw is None and name not in _FROM_ENVIRONMENT:
        raw = _project_default(name)
    try:
        return parse(raw)
    except (TypeError, ValueError, OverflowError):
        shown = redact(raw) if isinstance(raw, str) else raw
        raise ConfigError(f"{name}={shown!r}: expected {expected}") from None


_CONFIGS: WeakKeyDictionary[Any, Config] = WeakKeyDictionary()


def config_of(crawler: Any) -> Config:
    """The crawl's typed settings, read once per crawler (its settings are frozen by the
    time a component asks); every NEWSCRAWL_* value a component uses comes from here."""
    found = _CONFIGS.get(crawler)
    if found is None:
        found = _CONFIGS[crawler] = load_config(crawler.settings)
    return found


# Scrapy's own settings that a run uses, checked like ours: a wrong value used to end in a
# traceback naming nothing, or (DOWNLOAD_MAXSIZE=-5) in every request cancelled as "site down".
_SCRAPY_SPECS: dict[str, tuple[Parser, str]] = {
    "CONCURRENT_REQUESTS": _whole(1),
    "CONCURRENT_REQUESTS_PER_DOMAIN": _whole(1),
    "CONCURRENT_ITEMS": _whole(1),
    "DOWNLOAD_DELAY": _number(0),
    "DOWNLOAD_DELAY_JITTER": _number(0, 1),
    "DOWNLOAD_TIMEOUT": _number(0.001),
    "DOWNLOAD_MAXSIZE": _whole(0),
    "DOWNLOAD_WARNSIZE": _whole(0),
    "RETRY_TIMES": _whole(0),
    "CLOSESPIDER_ITEMCOUNT": _whole(0),
    "CLOSESPIDER_PAGECOUNT": _whole(0),
    "CLOSESPIDER_ERRORCOUNT": _whole(0),
    "CLOSESPIDER_TIMEOUT": _number(0),
    "AUTOTHROTTLE_ENABLED": (_bool, "true or false"),
    "AUTOTHROTTLE_START_DELAY": _number(0),
    "AUTOTHROTTLE_MAX_DELAY": _number(0),
    "AUTOTHROTTLE_TARGET_CONCURRENCY": _number(0.001),
    "ROBOTSTXT_OBEY": (_bool, "true or false"),
    "LOG_LEVEL": _choice("critical", "error", "warning", "info", "debug"),
}


def check_log_level(settings: Any) -> None:
    """ConfigError for a LOG_LEVEL logging does not know (checked first: Scrapy sets logging
    up with it before anything else)."""
    parse, expected = _SCRAPY_SPECS["LOG_LEVEL"]
    raw = settings.get("LOG_LEVEL")
    if raw is not None and not isinstance(raw, int):
        try:
            parse(raw)
        except ValueError:
            raise ConfigError(f"LOG_LEVEL={raw!r}: expected {expected}") from None


def check_scrapy_settings(settings: Any) -> None:
    """ConfigError for the first of Scrapy's own settings (above) whose value cannot work."""
    for name, (parse, expected) in _SCRAPY_SPECS.items():
        raw = settings.get(name)
        if raw is None:
            continue
        try:
            parse(raw)
        except (TypeError, ValueError, OverflowError):
            raise ConfigError(f"{name}={raw!r}: expected {expected}") from None


def _unknown_message(name: str) -> str:
    close = difflib.get_close_matches(name, list(_SPECS), n=1, cutoff=0.75)
    hint = f"; did you mean {close[0]}?" if close else ""
    return f"{name} is not a newscrawl setting{hint}"


# --- a distributed crawl's settings, read before a crawler exists (mode selection, file
# names); the typed Config holds them too ------------------------------------------------

_WORKER = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def redis_url(settings: Any) -> str | None:
    """NEWSCRAWL_REDIS_URL from `-s` or the environment; None: not distributed."""
    value = settings.get("NEWSCRAWL_REDIS_URL") or os.environ.get("NEWSCRAWL_REDIS_URL")
    return str(value) if value else None


def worker_id(settings: Any) -> str:
    """NEWSCRAWL_WORKER_ID (setting or environment), else `<host>-<pid>`; used in file names."""
    value = settings.get("NEWSCRAWL_WORKER_ID") or os.environ.get("NEWSCRAWL_WORKER_ID")
    value = str(value) if value else f"{socket.gethostname()}-{os.getpid()}"
    if not valid_worker_id(value):
        raise ValueError(f"NEWSCRAWL_WORKER_ID {value!r}: use letters, digits, '.', '_', '-'")
    return value


def valid_worker_id(value: str) -> bool:
    return bool(_WORKER.match(value))
