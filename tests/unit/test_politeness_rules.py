"""What a host asks for, read by hand from robots.txt files and Retry-After headers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from scrapy.utils.test import get_crawler

from newscrawl.config import ConfigError, load_config
from newscrawl.politeness.hosts import HostPoliteness
from newscrawl.politeness.robots import CrawlDelayRobotParser
from newscrawl.politeness.rules import (
    Floor,
    host_floor,
    retry_after_seconds,
    robots_delay,
    slot_delay_for,
)

NOW = datetime(2026, 12, 6, 12, 0, 0, tzinfo=UTC)
AGENT = "newscrawl/0.1 (+https://github.com/newscrawl/newscrawl)"


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("4", 4.0),
        (b" 120 ", 120.0),
        ("0", 0.0),
        ("2.5", 2.5),
        ("Sun, 06 Dec 2026 12:00:30 GMT", 30.0),  # RFC 9110's IMF-fixdate
        ("Sunday, 06-Dec-26 12:01:00 GMT", 60.0),  # the obsolete RFC 850 form
        ("Sun, 06 Dec 2026 11:00:00 GMT", 0.0),  # already past: go ahead
        ("-3", None),
        ("soon", None),
        ("", None),
        (None, None),
        ("inf", None),
    ],
)
def test_retry_after_in_seconds_or_as_a_date(
    header: str | bytes | None, seconds: float | None
) -> None:
    assert retry_after_seconds(header, NOW) == seconds


def test_robots_delay_takes_the_slower_of_crawl_delay_and_request_rate() -> None:
    assert robots_delay(2.0, None) == 2.0
    assert robots_delay(None, (1, 5)) == 5.0  # Request-rate: 1/5
    assert robots_delay(2.0, (10, 5)) == 2.0  # 10 per 5 s is a 0.5-s gap: Crawl-delay wins
    assert robots_delay(0.0, None) is None
    assert robots_delay(None, (0, 5)) is None


def test_robots_only_slows_down_and_is_capped() -> None:
    assert host_floor(1.0, "default", None, 30.0) == Floor(1.0, "default")
    assert host_floor(1.0, "default", 0.5, 30.0) == Floor(1.0, "default")  # never faster
    assert host_floor(1.0, "default", 2.0, 30.0) == Floor(2.0, "robots")
    assert host_floor(1.0, "profile", 600.0, 30.0) == Floor(30.0, "robots")


def test_a_jittered_delay_never_goes_below_the_floor() -> None:
    assert slot_delay_for(2.0, 0.0) == 2.0
    assert slot_delay_for(2.0, 0.5) * 0.5 == pytest.approx(2.0)  # shortest gap: delay * (1 - j)
    assert slot_delay_for(2.0, 5.0) * 0.5 == pytest.approx(2.0)  # jitter kept at ±50 %
    assert slot_delay_for(0.0, 0.5) == 0.0


def robots(text: str) -> CrawlDelayRobotParser:
    return CrawlDelayRobotParser(text.encode(), None)


def test_the_robots_parser_reads_our_group_and_still_answers_allowed() -> None:
    parser = robots(
        "User-agent: newscrawl\nCrawl-delay: 3\nDisallow: /intern/\n\n"
        "User-agent: *\nCrawl-delay: 1\nRequest-rate: 1/10\n"
    )
    assert parser.delay(AGENT) == 3.0
    assert parser.delay("SomeOtherBot/2.0") == 10.0
    assert not parser.allowed("https://example.org/intern/a", AGENT)
    assert parser.allowed("https://example.org/politik/", AGENT)
    assert robots("User-agent: *\nCrawl-delay: abc\n").delay(AGENT) is None
    assert robots("").delay(AGENT) is None


def test_the_first_allowed_question_hands_the_delay_to_the_hosts_book() -> None:
    crawler = get_crawler(settings_dict={"DOWNLOAD_DELAY": 1.0, "NEWSCRAWL_MAX_CRAWL_DELAY": 30})
    hosts = HostPoliteness(crawler)
    crawler.get_extension = lambda cls: hosts if cls is HostPoliteness else None  # type: ignore[method-assign]
    parser = CrawlDelayRobotParser.from_crawler(crawler, b"User-agent: *\nCrawl-delay: 4\n")
    assert parser.allowed("http://news.example/a", AGENT)
    assert parser.allowed("http://news.example/b", AGENT)
    report = hosts.report()["hosts"]["news.example"]
    assert report["robots_delay_seconds"] == 4.0
    assert hosts.hosts["news.example"].floor == Floor(4.0, "robots")


def test_a_host_asking_past_the_cap_is_deferred_with_a_reason() -> None:
    crawler = get_crawler(settings_dict={"DOWNLOAD_DELAY": 1.0, "NEWSCRAWL_MAX_RETRY_AFTER": 60})
    hosts = HostPoliteness(crawler)
    pace = hosts.host("news.example")
    hosts._pause("news.example", pace, 30.0, now=100.0)
    assert hosts.deferral("news.example") is None and pace.paused_until == 130.0
    hosts._pause("news.example", pace, 3600.0, now=110.0)
    reason = hosts.deferral("news.example")
    assert reason is not None and reason.startswith("deferred_retry_after: news.example")
    assert pace.paused_until == 170.0  # nothing asked of it meanwhile either
    assert hosts.deferral("other.example") is None


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_a_wrong_politeness_switch_is_refused(value: str) -> None:
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.set("NEWSCRAWL_POLITENESS", value, priority="cmdline")
    with pytest.raises(ConfigError, match="NEWSCRAWL_POLITENESS"):
        load_config(settings)


def test_the_switch_off_restores_parallel_fetching_but_not_over_the_command_line() -> None:
    from scrapy.settings import Settings

    from newscrawl.politeness.addon import PolitenessAddon

    settings = Settings()
    settings.set("DOWNLOAD_DELAY", 1.0, priority="project")
    settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", 2, priority="spider")  # a profile's rate
    settings.set("AUTOTHROTTLE_ENABLED", True, priority="cmdline")  # the user's own word
    settings.set("NEWSCRAWL_POLITENESS", "off", priority="cmdline")
    PolitenessAddon().update_settings(settings)
    assert settings.getfloat("DOWNLOAD_DELAY") == 0.0
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 16
    assert settings.getbool("AUTOTHROTTLE_ENABLED") is True
    on = Settings({"DOWNLOAD_DELAY": 1.0})
    PolitenessAddon().update_settings(on)
    assert on.getfloat("DOWNLOAD_DELAY") == 1.0


def test_the_slots_jitter_is_read_from_either_scrapy_api() -> None:
    """Scrapy 2.19's `jitter`, or the `randomize_delay` (±50 %) of the versions before."""
    from types import SimpleNamespace

    from newscrawl.politeness.hosts import slot_jitter

    assert slot_jitter(SimpleNamespace(jitter=0.2, delay=1.0)) == 0.2
    assert slot_jitter(SimpleNamespace(randomize_delay=True, delay=1.0)) == 0.5
    assert slot_jitter(SimpleNamespace(randomize_delay=False, delay=1.0)) == 0.0
