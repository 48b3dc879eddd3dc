"""Many sites, politeness on: every host keeps its own pace while all progress at once, so a
small site is not kept waiting behind a big one (each site is a crawl of its own, with its own
downloader). Measured at the servers, as a site owner sees the crawler."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from helpers.demo import ROOT, SCRAPY, crawl_env, feeds
from helpers.logged_site import LoggedSite, logged_site

from newscrawl.demo.site import DemoSite
from newscrawl.evaluation import compare, read_jsonl

pytestmark = pytest.mark.integration
DELAY = 0.5  # each entry's own pace: two requests a second to its host


def _crawl(sites: dict[str, LoggedSite], work: Path) -> None:
    tables = [
        f'[[site]]\nbase_url = "{site.base_url}"\nprofile = "bna_germany"\nname = "{name}"\n'
        f"sections = {json.dumps(list(site.site.index.sections))}\ndelay = {DELAY}\n"
        for name, site in sites.items()
    ]
    work.mkdir(parents=True, exist_ok=True)
    sites_file = work / "sites.toml"
    sites_file.write_text("\n".join(tables), "utf-8")
    result = subprocess.run(
        [SCRAPY, "crawl", "sites", "-a", f"sites={sites_file}"],  # politeness on
        cwd=ROOT,
        env=crawl_env(work / "out"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    for name, site in sites.items():
        report = compare(read_jsonl(feeds(work / "out", name)), site.truth())
        assert report.perfect(), (name, "\n".join(report.lines()))


def _span(site: LoggedSite) -> float:
    """Seconds from the site's first request to the end of its last answer."""
    with site.lock:
        return max(hit.end for hit in site.hits) - min(hit.start for hit in site.hits)


def _rate(site: LoggedSite) -> float:
    starts = site.starts()
    return (len(starts) - 1) / (starts[-1] - starts[0])


def test_a_small_site_is_not_kept_waiting_by_a_big_one_and_each_host_keeps_its_pace(
    tmp_path: Path,
) -> None:
    with logged_site(DemoSite(8, 21, sections=("sport",)), host="127.0.0.2") as alone:
        _crawl({"small": alone}, tmp_path / "alone")
        small_alone = _span(alone)
    small_site = DemoSite(8, 21, sections=("sport",))
    big_site = DemoSite(60, 22, sections=("politik", "welt"))
    with (
        logged_site(small_site, host="127.0.0.2") as small,
        logged_site(big_site, host="127.0.0.3") as big,
    ):
        _crawl({"small": small, "big": big}, tmp_path / "both")
        small_together, big_span = _span(small), _span(big)
        rates = {"small": _rate(small), "big": _rate(big)}
    print(
        f"\nsmall site alone {small_alone:.1f}s, beside the big one {small_together:.1f}s; "
        f"big {big_span:.1f}s; requests/s {rates}"
    )
    assert small_together <= 1.5 * small_alone, (small_together, small_alone)
    assert big_span > 2 * small_together  # the big one was still going: they ran at once
    for name, rate in rates.items():
        assert rate <= 1.1 / DELAY, (name, rate)


def _starts(*sites: LoggedSite) -> list[float]:
    return sorted(start for site in sites for start in site.starts())


def _in_flight(*sites: LoggedSite) -> int:
    events = []
    for site in sites:
        with site.lock:
            events += [(h.start, 1) for h in site.hits] + [(h.end, -1) for h in site.hits]
    most = current = 0
    for _, step in sorted(events):
        current += step
        most = max(most, current)
    return most


def test_two_entries_on_one_host_share_its_pace(tmp_path: Path) -> None:
    """Two sites on one host (two ports of 127.0.0.6): two crawls of one process, one host —
    together no faster and no more in flight than one crawl alone may be."""
    first = DemoSite(12, 31, sections=("kultur",))
    second = DemoSite(12, 32, sections=("wissenschaft",))
    with (
        logged_site(first, host="127.0.0.6") as one,
        logged_site(second, host="127.0.0.6") as two,
    ):
        _crawl({"one": one, "two": two}, tmp_path)
        starts, in_flight = _starts(one, two), _in_flight(one, two)
        spans = (_span(one), _span(two))
    rate = (len(starts) - 1) / (starts[-1] - starts[0])
    print(f"\nshared host: {len(starts)} requests, {rate:.2f}/s, {in_flight} in flight, {spans}")
    assert rate <= 1.1 / DELAY, rate
    assert in_flight <= 2  # CONCURRENT_REQUESTS_PER_DOMAIN, for the host, not per crawl
    assert min(spans) > 0.5 * max(spans)  # they took turns: neither waited for the other's end
