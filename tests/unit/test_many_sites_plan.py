"""The many-sites run's plan (commands/many_sites.py) and its exit status: refused before
any request when it cannot work; the worst site's status for the process."""

from __future__ import annotations

from pathlib import Path
from time import monotonic

import pytest
from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoader

from newscrawl import settings as project
from newscrawl.commands.many_sites import SitesUsageError, plan
from newscrawl.politeness.turns import HostTurns
from newscrawl.runstatus import (
    DELIVERY_FAILED,
    FAILED,
    LOCKED,
    NO_ARTICLES,
    NO_SECTION_REACHABLE,
    OK,
    worst,
)

SITES = """
[[site]]
base_url = "http://127.0.0.2:8001/"
profile = "bna_germany"
delay = 3
concurrency = 2

[[site]]
base_url = "http://127.0.0.3:8002/"
profile = "generic"
"""


def _settings() -> Settings:
    return Settings({k: getattr(project, k) for k in dir(project) if k.isupper()})


def _loader(settings: Settings) -> SpiderLoader:
    return SpiderLoader.from_settings(settings)


def test_each_entry_gets_its_spider_and_its_own_pace(tmp_path: Path) -> None:
    path = tmp_path / "sites.toml"
    path.write_text(SITES, "utf-8")
    settings = _settings()
    crawls = plan(settings, {"sites": str(path), "full": "true"}, _loader(settings))
    assert [c.crawler.spidercls.name for c in crawls] == ["bna_germany", "generic"]
    paced = crawls[0].crawler.settings
    assert paced.getfloat("DOWNLOAD_DELAY") == 3.0
    assert paced.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 2
    assert crawls[1].crawler.settings.getfloat("DOWNLOAD_DELAY") == settings.getfloat(
        "DOWNLOAD_DELAY"
    )
    for crawl in crawls:  # each site's share of what one crawl holds at once
        shared = crawl.crawler.settings
        assert shared.getint("CONCURRENT_REQUESTS") == 16  # 32 for 2 sites
        assert shared.getint("SCRAPER_SLOT_MAX_ACTIVE_SIZE") == 2_500_000
        assert shared.getint("NEWSCRAWL_STATE_CACHE_KIB") == 1024


def test_a_share_never_drops_below_a_site_s_least_nor_overrides_the_command_line(
    tmp_path: Path,
) -> None:
    path = tmp_path / "sites.toml"
    path.write_text(SITES * 20, "utf-8")  # 40 entries (names made unique below)
    text = path.read_text().split("[[site]]")[1:]
    path.write_text("".join(f"[[site]]{t}name = 'site{n}'\n" for n, t in enumerate(text)), "utf-8")
    settings = _settings()
    settings.set("CONCURRENT_REQUESTS", 64, priority="cmdline")
    crawls = plan(settings, {"sites": str(path)}, _loader(settings))
    assert len(crawls) == 40
    shared = crawls[0].crawler.settings
    assert shared.getint("CONCURRENT_REQUESTS") == 64  # as given
    assert shared.getint("SCRAPER_SLOT_MAX_ACTIVE_SIZE") == 256 * 1024  # the least
    assert shared.getint("NEWSCRAWL_STATE_CACHE_KIB") == 256


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({}, "needs a sites file: -a sites=sites.toml"),
        ({"sites": "x.toml", "base_url": "http://a.example/"}, "-a base_url: given per site"),
        ({"sites": "/nowhere/x.toml"}, "/nowhere/x.toml: cannot be read"),
    ],
)
def test_a_run_that_cannot_work_is_refused_before_any_request(
    arguments: dict[str, str], message: str
) -> None:
    settings = _settings()
    with pytest.raises(SitesUsageError, match=message):
        plan(settings, arguments, _loader(settings))


def test_an_output_option_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "sites.toml"
    path.write_text(SITES, "utf-8")
    settings = _settings()
    settings.set("FEEDS", {"all.jsonl": {"format": "jsonlines"}}, priority="cmdline")
    with pytest.raises(SitesUsageError, match="-o/-O cannot be used with a sites file"):
        plan(settings, {"sites": str(path)}, _loader(settings))


def test_the_process_exits_with_the_worst_site_s_status() -> None:
    assert worst([]) == OK
    assert worst([OK, OK]) == OK
    assert worst([OK, LOCKED]) == LOCKED
    assert worst([LOCKED, NO_ARTICLES, OK]) == NO_ARTICLES
    assert worst([NO_ARTICLES, NO_SECTION_REACHABLE]) == NO_SECTION_REACHABLE
    assert worst([NO_SECTION_REACHABLE, FAILED]) == FAILED
    assert worst([FAILED, DELIVERY_FAILED, OK]) == DELIVERY_FAILED
    assert worst([OK, 42]) == 42  # an unknown status ranks as a failure to start


def test_a_host_is_shared_while_two_crawls_fetch_from_it() -> None:
    turns = HostTurns()
    turns.join(1, frozenset({"a.example", "b.example"}))
    assert not turns.shared("a.example")
    turns.pause("a.example", 10.0)  # one crawl's Retry-After: its own slot holds it
    assert "a.example" not in turns.next_start
    turns.join(2, frozenset({"a.example"}))
    assert turns.shared("a.example") and not turns.shared("b.example")
    turns.pause("a.example", 10.0)  # now every crawl of the process waits
    assert turns.next_start["a.example"] > monotonic() + 9
    turns.leave(2)
    assert not turns.shared("a.example")
    turns.in_flight["a.example"] = 1
    turns.done("a.example")
    turns.done("a.example")  # a late second answer never goes below zero
    assert turns.in_flight["a.example"] == 0
