"""What a host asks for, read from robots.txt and from HTTP headers; pure, no Scrapy."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

# Where the delay in force for a host comes from, weakest first.
DEFAULT = "default"  # DOWNLOAD_DELAY (settings.py)
PROFILE = "profile"  # the site profile's own rate
ROBOTS = "robots"  # robots.txt Crawl-delay or Request-rate
AUTOTHROTTLE = "autothrottle"  # the server slowed down
RETRY_AFTER = "retry_after"  # the server asked us to wait
OFF = "off"  # NEWSCRAWL_POLITENESS=off


def retry_after_seconds(value: str | bytes | None, now: datetime | None = None) -> float | None:
    """Seconds a `Retry-After` header asks to wait: a number of seconds or an HTTP date.

    None when there is no usable value (absent, garbled, negative); a date in the past is 0.
    """
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return float(text)
    try:
        number = float(text)
    except ValueError:
        pass
    else:
        return number if math.isfinite(number) and number >= 0 else None
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    moment = now or datetime.now(UTC)
    return max(0.0, (when - moment).total_seconds())


def robots_delay(crawl_delay: float | None, request_rate: tuple[int, int] | None) -> float | None:
    """The smallest gap between two request starts robots.txt asks for: `Crawl-delay: 2` is
    2 s, `Request-rate: 1/5` (one request per five seconds) is 5 s; the larger wins."""
    gaps = []
    if crawl_delay is not None and math.isfinite(crawl_delay) and crawl_delay > 0:
        gaps.append(float(crawl_delay))
    if request_rate is not None:
        requests, seconds = request_rate
        if requests > 0 and seconds > 0:
            gaps.append(seconds / requests)
    return max(gaps) if gaps else None


@dataclass(frozen=True)
class Floor:
    """The smallest gap between two request starts to one host, and why."""

    seconds: float
    source: str


def host_floor(default: float, default_source: str, robots: float | None, cap: float) -> Floor:
    """The default delay, raised by robots.txt up to `cap` (robots may only slow us down)."""
    if robots is not None and min(robots, cap) > default:
        return Floor(min(robots, cap), ROBOTS)
    return Floor(default, default_source)


def slot_delay_for(floor: float, jitter: float) -> float:
    """The slot delay whose randomised gaps (delay * (1 ± jitter), Scrapy's DOWNLOAD_DELAY_JITTER)
    never fall below `floor`."""
    if floor <= 0:
        return 0.0
    if jitter <= 0:
        return floor
    return floor / (1 - min(jitter, MAX_JITTER))


# A slot's jitter is kept at most this (at ±100 % Scrapy's gaps can be 0: no floor holds).
MAX_JITTER = 0.5
