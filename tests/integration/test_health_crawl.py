"""A site's health through real crawls: an unchanged site is healthy run after run; after a
theme update (`serve --redesign`) the crawl still delivers its stories (the generic
fallback), names the fields whose profile selectors stopped matching, and exits 9. Then
`scrapy report` draws those runs as one self-contained page, looked at in headless Chromium."""

from __future__ import annotations

import html
import io
import json
import re
import subprocess
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from helpers.browser import require_chromium
from helpers.demo import (
    ROOT,
    SCRAPY,
    crawl_env,
    crawl_sites,
    port_of,
    run_crawl,
    start_demo,
    stop_demo,
    summaries,
)
from matplotlib.image import imread

from newscrawl.runstatus import DRIFTED

pytestmark = pytest.mark.integration


@dataclass
class Runs:
    output: Path
    results: list[subprocess.CompletedProcess[str]]
    truth: list[dict[str, Any]]  # of the first run


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runs]:
    """Three crawls of one site: as it was, the same theme with new stories, a theme update."""
    output = tmp_path_factory.mktemp("health")
    results, truth, port = [], [], 0
    for extra in ((), ("--edition", "2"), ("--edition", "3", "--redesign")):
        site = start_demo(*extra, port=port)
        port = port_of(site)
        try:
            results.append(run_crawl(site.base_url, output))
            truth = truth or site.truth()
        finally:
            stop_demo(site)
    yield Runs(output, results, truth)


def test_a_redesign_after_normal_runs_is_a_drift_and_a_rerun_is_not(runs: Runs) -> None:
    tmp_path, (first, rerun, redesigned), truth = runs.output, runs.results, runs.truth
    assert first.returncode == 0, first.stderr[-2000:]
    summary = summaries(tmp_path)[0]
    assert summary["health"]["drifts"] == []
    # each section's listing pages and story links, and the delivered articles by section
    figures = summary["health"]["figures"]
    # the ticker is walked only with -a js=true
    assert set(figures["listing_pages"]) == {
        "politik", "wirtschaft", "welt", "kultur", "sport", "wissenschaft"
    }  # fmt: skip
    pages, links = figures["listing_pages"], figures["listing_links"]
    assert all(links[section] >= pages[section] for section in pages)
    assert sum(figures["listing_links"].values()) >= summary["sources"]["listing"]
    assert figures["sections"] == dict(Counter(line["section"] or "(none)" for line in truth))
    assert "body_lengths" not in figures  # a thousand numbers are kept in the state store only
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    health = summaries(tmp_path)[1]["health"]
    assert health["drifts"] == [] and health["baseline_runs"] == 1
    assert health["figures"]["articles"] > 0
    assert redesigned.returncode == DRIFTED, redesigned.stderr[-2000:]
    summary = summaries(tmp_path)[2]
    assert summary["exit_code"] == DRIFTED and summary["items_emitted"] > 0  # still flowing
    drifted = {d["metric"] for d in summary["health"]["drifts"]}
    assert {"body.profile", "images.profile"} <= drifted, drifted
    # bylines too stopped matching; on a dozen new stories, where 3 in 10 had a person's
    # byline before, that alone could be chance (0.7 ** 12 = 1.4 %): not yet called a drift
    assert summary["health"]["figures"]["by_profile"].get("authors", 0) == 0
    warnings = [line for line in redesigned.stderr.splitlines() if "WARNING" in line]
    assert any("fields.body matched nothing" in line for line in warnings), warnings[-10:]


def _report(output: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SCRAPY, "report", *args],
        cwd=ROOT,
        env=crawl_env(output),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_report_shows_every_run_and_names_the_drifts(runs: Runs) -> None:
    made = _report(runs.output, "bna_germany")
    page = runs.output / "bna_germany" / "report.html"
    assert made.returncode == 0, made.stderr[-2000:]
    assert made.stdout.strip() == f"report written to {page}"
    text = page.read_text("utf-8")
    redesigned = summaries(runs.output)[2]
    for drift in redesigned["health"]["drifts"]:
        assert html.escape(drift["message"]) in text, drift["message"]
    # the runs table, the latest first: exit 9, then the two healthy runs
    rows = re.findall(r'<tr><td>[^<]+</td><td class="n">(\d+)</td>', text)
    assert rows == [str(DRIFTED), "0", "0"], rows
    charts = re.findall(r'<figure class="chart"><img alt="([^"]+)" src="data:image/svg\+xml', text)
    assert charts == [
        "articles per run by section",
        "field coverage over runs",
        "body length",
        "story links per listing page",
    ], charts
    assert "No drops by reason in these runs" in text and "No errors by type" in text
    assert "Every article these runs found was delivered." in text
    # nothing to fetch: no script, stylesheet, font or picture from anywhere
    assert not re.search(r"<script|<link|@import|url\(|src=\"(?!data:)", text)


def test_a_missing_site_or_a_bad_option_is_one_line_and_exit_1(runs: Runs) -> None:
    missing = _report(runs.output, "no_such_site")
    assert missing.returncode == 1
    assert missing.stderr.strip().splitlines()[-1] == (
        f"newscrawl: exit 1: {runs.output / 'no_such_site'}: no such folder: no run of "
        "no_such_site wrote its feed there"
    )
    assert not (runs.output / "no_such_site").exists()
    assert _report(runs.output, "bna_germany", "--runs", "0").returncode == 2  # usage


@pytest.mark.browser
def test_the_report_renders_in_chromium_with_its_charts_drawn(runs: Runs, tmp_path: Path) -> None:
    chromium = require_chromium()
    from playwright.sync_api import Route, sync_playwright

    page_file = tmp_path / "report.html"
    made = _report(runs.output, "bna_germany", "-o", str(page_file))
    assert made.returncode == 0, made.stderr[-2000:]
    asked: list[str] = []

    def refuse(route: Route) -> None:
        asked.append(route.request.url)
        route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
        )
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.route(re.compile(r"^(?!file:|data:)"), refuse)
            page.goto(page_file.as_uri())
            page.screenshot(path=str(tmp_path / "whole.png"), full_page=True)
            shots = {}
            for image in page.locator("figure.chart img").all():
                assert image.evaluate("img => img.complete && img.naturalWidth > 0")
                shots[image.get_attribute("alt")] = imread(io.BytesIO(image.screenshot()))
        finally:
            browser.close()
    assert asked == []  # the page asked the network for nothing
    assert len(shots) == 4, list(shots)
    for alt, pixels in shots.items():
        height, width = pixels.shape[:2]
        assert width > 400 and height > 150, (alt, pixels.shape)
        inked = (pixels[:, :, :3].min(axis=2) < 0.9).mean()  # not white nor near it
        assert inked > 0.03, (alt, inked)  # bars and lines, not an empty frame
    # the redesigned run is marked in red on the articles chart and on the field coverage
    for alt in ("articles per run by section", "field coverage over runs"):
        assert _reds(shots[alt]) > 20, alt
    assert _reds(shots["story links per listing page"]) == 0  # the listings did not change


def _reds(pixels: Any) -> int:
    """Pixels of the drift colour (matplotlib's tab:red, #d62728)."""
    rgb = pixels[:, :, :3]
    close = (abs(rgb[:, :, 0] - 0xD6 / 255) < 0.06) & (abs(rgb[:, :, 1] - 0x27 / 255) < 0.06)
    return int((close & (abs(rgb[:, :, 2] - 0x28 / 255) < 0.06)).sum())


def test_many_sites_the_drifted_site_comes_first_and_the_report_has_a_page_each(
    tmp_path: Path,
) -> None:
    """Two sites crawled together twice; between the runs one of them gets a theme update."""
    specs = {"alpha": "127.0.0.2", "beta": "127.0.0.3"}
    sites_file = tmp_path / "pair.toml"
    output = tmp_path / "out"
    ports: dict[str, int] = {}
    for edition, redesigned in (("1", ()), ("2", ("beta",))):
        started = {
            name: start_demo(
                "--articles",
                "60",
                "--edition",
                edition,
                *(("--redesign",) if name in redesigned else ()),
                host=host,
                port=ports.get(name, 0),
            )
            for name, host in specs.items()
        }
        ports = {name: port_of(site) for name, site in started.items()}
        sites_file.write_text(
            "".join(
                f'[[site]]\nname = "{name}"\nprofile = "bna_germany"\n'
                f'base_url = "{site.base_url}"\n'
                for name, site in started.items()
            ),
            "utf-8",
        )
        try:
            crawl = crawl_sites(sites_file, output)
        finally:
            for site in started.values():
                stop_demo(site)
    assert crawl.returncode == DRIFTED, crawl.stderr[-3000:]
    [combined] = [
        json.loads(path.read_text("utf-8"))
        for path in sorted(output.glob("pair-*.summary.json"))[-1:]
    ]
    assert [(row["name"], row["exit_code"]) for row in combined["sites"]] == [
        ("beta", DRIFTED),
        ("alpha", 0),
    ]
    assert combined["sites"][0]["drifts"] >= 2 and combined["sites"][1]["drifts"] == 0

    made = _report(output, "--sites", str(sites_file))
    assert made.returncode == 0, made.stderr[-2000:]
    index = output / "pair-report" / "index.html"
    assert made.stdout.strip() == f"report written to {index}"
    overview = index.read_text("utf-8")
    assert re.findall(r'<tr><td><a href="([a-z]+)\.html">', overview) == ["beta", "alpha"]
    assert "Drifted in their latest run: beta" in overview
    for name in specs:
        page = (output / "pair-report" / f"{name}.html").read_text("utf-8")
        assert f"newscrawl report: {name}</h1>" in page and '<a href="index.html">' in page
        assert page.count('<figure class="chart">') >= 4
    assert "fields.body matched nothing" in (output / "pair-report" / "beta.html").read_text()
