"""Stories change: a cron run after the site's next edition emits its new stories and, as
their next revision, the stories the edition updated (the demo served with `--updates`, its
sitemaps saying when each story last changed), exactly as `truth --since-edition` says; a
run after that emits nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers.demo import port_of, run_crawl, start_demo, stop_demo

from newscrawl.demo import vocab
from newscrawl.evaluation import compare, read_jsonl

pytestmark = pytest.mark.integration
# (spider, what the demo serves beside its pages, documents read besides listings and
# stories: robots.txt (twice: politeness and discovery), the feed, the sitemap index, its post
# sitemap, the news sitemap)
CASES = [
    ("bna_germany", ("--updates", "--sitemaps"), 6),
    ("generic", ("--updates", "--sitemaps"), 6),
    ("bna_germany", ("--updates",), 3),
]


@pytest.fixture(scope="module", params=CASES, ids=lambda c: f"{c[0]}{''.join(c[1])}")
def runs(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    spider, served, documents = request.param
    out = tmp_path_factory.mktemp(f"revisions-{spider}")
    site = start_demo(*served)
    try:
        first = run_crawl(site.base_url, out, spider=spider)
    finally:
        stop_demo(site)
    site2 = start_demo(*served, "--edition", "2", port=port_of(site))
    try:
        expected = site2.truth("--since-edition", "1")
        second = run_crawl(site2.base_url, out, spider=spider)
        third = run_crawl(site2.base_url, out, spider=spider)
    finally:
        stop_demo(site2)
    for result in (first, second, third):
        assert result.returncode == 0, result.stderr[-3000:]
    feeds = sorted(out.glob("*/*.jsonl"))
    summaries = [json.loads(p.read_text("utf-8")) for p in sorted(out.glob("*/*.summary.json"))]
    yield {"spider": spider, "expected": expected, "feeds": feeds, "summaries": summaries,
           "documents": documents}  # fmt: skip


def test_the_next_edition_emits_its_new_stories_and_the_revisions_exactly(
    runs: dict[str, Any],
) -> None:
    expected = runs["expected"]
    revisions = [r for r in expected if r["revision"] > 1]
    assert len(revisions) == 4 and len(expected) == 16  # 12 new stories, 4 updated
    if runs["spider"] == "generic":  # no profile: the site is named after its host
        expected = [{**r, "site": "127_0_0_1"} for r in expected]
    report = compare(read_jsonl([runs["feeds"][1]]), expected)
    assert report.perfect(), "\n".join(report.lines())


def test_a_revision_costs_its_story_and_the_documents_that_say_it_changed(
    runs: dict[str, Any],
) -> None:
    second = runs["summaries"][1]
    sections = len(vocab.SECTIONS) + (runs["spider"] == "generic")  # + its home page
    assert second["pages"]["article"] == second["items_emitted"] == 16
    assert second["pages"]["requests"] <= 16 + sections + runs["documents"] + 10


def test_a_run_after_that_emits_nothing(runs: dict[str, Any]) -> None:
    third = runs["summaries"][2]
    assert third["items_emitted"] == 0 and third["pages"]["article"] == 0


def test_a_window_rechecks_every_story_in_it_and_an_unchanged_one_costs_a_304(
    tmp_path: Path,
) -> None:
    """`-a recheck=` asks again for every known story published within the window (the
    demo's stories are from 2024: a window of 1,000 weeks holds them all), conditionally:
    the server answers 304 for each, nothing is extracted, nothing emitted."""
    site = start_demo("--updates")
    try:
        first = run_crawl(site.base_url, tmp_path)
        again = run_crawl(site.base_url, tmp_path, "-a", "recheck=1000w")
    finally:
        stop_demo(site)
    assert first.returncode == 0 and again.returncode == 0, again.stderr[-3000:]
    summary = json.loads(sorted(tmp_path.glob("*/*.summary.json"))[1].read_text("utf-8"))
    assert summary["items_emitted"] == 0 and summary["pages"]["article"] == 0
    assert summary["pages"]["not_modified"] == 240
