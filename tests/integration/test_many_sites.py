"""`scrapy crawl sites -a sites=FILE`: four demo sites of different seeds, sizes, sections
and hosts in one run, each delivered exactly into its own feed; a rerun emits nothing; an
unreachable entry leaves the others delivered and the exit status and the combined summary
say which site is in trouble."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.demo import (
    ROOT,
    SCRAPY,
    DemoSite,
    crawl_env,
    crawl_sites,
    demo_sites,
    feeds,
    summaries,
)

from newscrawl.evaluation import compare, read_jsonl
from newscrawl.runstatus import LOCKED, NO_SECTION_REACHABLE
from newscrawl.state.lock import RunLock
from newscrawl.state.naming import store_name

pytestmark = pytest.mark.integration

# name -> (host, articles, seed, sections)
SITES = {
    "alpha": ("127.0.0.2", 40, 7, "sport,politik"),
    "beta": ("127.0.0.3", 80, 9, "kultur,welt,wirtschaft"),
    "gamma": ("127.0.0.4", 160, 11, "wissenschaft,welt"),
    "delta": ("127.0.0.5", 400, 13, "politik,wirtschaft,welt,kultur,sport,wissenschaft"),
}


@pytest.fixture(scope="module")
def sites() -> Iterator[dict[str, DemoSite]]:
    with demo_sites(SITES) as started:
        yield started


def _sites_file(path: Path, sites: dict[str, DemoSite], unreachable: bool = False) -> Path:
    tables = [
        f'[[site]]\nbase_url = "{site.base_url}"\nprofile = "bna_germany"\nname = "{name}"\n'
        f"sections = {json.dumps(SITES[name][3].split(','))}\n"
        for name, site in sites.items()
    ]
    if unreachable:  # nothing listens there
        tables.append('[[site]]\nbase_url = "http://127.0.0.9:9/"\nprofile = "generic"\n')
    path.write_text("\n".join(tables), "utf-8")
    return path


def _combined(output_dir: Path, stem: str) -> list[dict[str, object]]:
    paths = sorted(output_dir.glob(f"{stem}-*.summary.json"))
    return [json.loads(p.read_text("utf-8")) for p in paths]


def test_each_site_is_delivered_exactly_into_its_own_feed_and_a_rerun_emits_nothing(
    sites: dict[str, DemoSite], tmp_path: Path
) -> None:
    sites_file = _sites_file(tmp_path / "four.toml", sites)
    output_dir = tmp_path / "out"
    first = crawl_sites(sites_file, output_dir)
    assert first.returncode == 0, first.stderr[-3000:]
    for name, site in sites.items():
        report = compare(read_jsonl(feeds(output_dir, name)), site.truth())
        assert report.perfect(), (name, "\n".join(report.lines()))
        assert summaries(output_dir, name)[0]["items_emitted"] == SITES[name][1]
    [combined] = _combined(output_dir, "four")
    assert combined["exit_code"] == 0
    assert [row["name"] for row in combined["sites"]] == sorted(SITES)  # type: ignore[index]

    again = crawl_sites(sites_file, output_dir)
    assert again.returncode == 0, again.stderr[-3000:]
    for name in sites:
        assert [len(f.read_text().splitlines()) for f in feeds(output_dir, name)][1:] == [0]


def test_an_unreachable_entry_leaves_the_others_delivered_and_says_so(
    sites: dict[str, DemoSite], tmp_path: Path
) -> None:
    two = {name: sites[name] for name in ("alpha", "beta")}
    sites_file = _sites_file(tmp_path / "some.toml", two, unreachable=True)
    output_dir = tmp_path / "out"
    result = crawl_sites(sites_file, output_dir)
    assert result.returncode == NO_SECTION_REACHABLE, result.stderr[-3000:]
    for name, site in two.items():
        report = compare(read_jsonl(feeds(output_dir, name)), site.truth())
        assert report.perfect(), (name, "\n".join(report.lines()))
    [combined] = _combined(output_dir, "some")
    rows = combined["sites"]
    assert isinstance(rows, list)
    assert rows[0]["name"] == "127_0_0_9" and rows[0]["exit_code"] == NO_SECTION_REACHABLE
    assert [row["exit_code"] for row in rows[1:]] == [0, 0]
    assert "site 127_0_0_9: exit 4" in result.stderr


def test_a_site_whose_lock_is_held_waits_and_the_others_are_delivered(
    sites: dict[str, DemoSite], tmp_path: Path
) -> None:
    """Another run of one site is still going (its lock held): that site is left for later
    (exit 75, as for one site alone), the other is delivered, the run says both."""
    two = {name: sites[name] for name in ("alpha", "beta")}
    sites_file = _sites_file(tmp_path / "locked.toml", two)
    output_dir = tmp_path / "out"
    held = RunLock(output_dir / "state" / f"{store_name('alpha', sites['alpha'].base_url)}.lock")
    held.acquire()
    try:
        result = crawl_sites(sites_file, output_dir)
    finally:
        held.release()
    assert result.returncode == LOCKED, result.stderr[-3000:]
    assert feeds(output_dir, "alpha") == []
    report = compare(read_jsonl(feeds(output_dir, "beta")), sites["beta"].truth())
    assert report.perfect(), "\n".join(report.lines())
    [combined] = _combined(output_dir, "locked")
    rows = {row["name"]: row for row in combined["sites"]}  # type: ignore[union-attr]
    assert rows["alpha"]["exit_code"] == LOCKED and "could not start" in rows["alpha"]["status"]
    assert rows["beta"]["exit_code"] == 0


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_a_many_sites_run_stopped_midway_resumes_losing_nothing_and_repeating_nothing(
    sites: dict[str, DemoSite], tmp_path: Path, how: signal.Signals
) -> None:
    """Stopped while every site is mid-crawl (cron's timeout, a reboot): each site's next run
    delivers exactly what the stopped one did not."""
    two = {name: sites[name] for name in ("beta", "gamma")}
    sites_file = _sites_file(tmp_path / "stopped.toml", two)
    output_dir = tmp_path / "out"
    slow = ["-s", "DOWNLOAD_DELAY=0.02"]  # politeness off ignores the delay: still quick
    process = subprocess.Popen(
        [SCRAPY, "crawl", "sites", "-a", f"sites={sites_file}", *slow, "-s",
         "CONCURRENT_REQUESTS=2", "-s", "NEWSCRAWL_POLITENESS=on"],
        cwd=ROOT, env=crawl_env(output_dir), stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and process.poll() is None:
        parts = [list((output_dir / name).glob(".*.part")) for name in two]
        if all(found and found[0].read_bytes().count(b"\n") >= 10 for found in parts):
            break
        time.sleep(0.05)
    process.send_signal(how)
    assert process.wait(timeout=60) != 0
    again = crawl_sites(sites_file, output_dir)
    assert again.returncode == 0, again.stderr[-3000:]
    for name, site in two.items():
        report = compare(read_jsonl(feeds(output_dir, name)), site.truth())
        assert report.perfect(), (name, "\n".join(report.lines()))
