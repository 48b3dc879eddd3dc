"""Syndicated copies on the demo site (`--copies`): one story, one line, across runs too."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from helpers.demo import (
    feeds,
    last_log_line,
    port_of,
    run_crawl,
    start_demo,
    stop_demo,
    summaries,
)

from newscrawl.evaluation import compare, read_jsonl, story_of

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    output = tmp_path_factory.mktemp("copies")
    site = start_demo("--copies")
    found: dict[str, object] = {"truth1": site.truth(), "first": run_crawl(site.base_url, output)}
    found["first_feeds"] = feeds(output)
    marked_output = tmp_path_factory.mktemp("marked")
    policy = "NEWSCRAWL_NEAR_DUPLICATE_POLICY=mark"
    found["marked"] = run_crawl(site.base_url, marked_output, "-s", policy)
    found["marked_feeds"] = feeds(marked_output)
    stop_demo(site)
    site2 = start_demo("--copies", "--edition", "2", port=port_of(site))
    found["truth2"] = site2.truth()
    found["second"] = run_crawl(site2.base_url, output)
    found["second_feed"] = sorted(set(feeds(output)) - set(found["first_feeds"]))  # type: ignore[arg-type]
    found["summaries"] = summaries(output)
    stop_demo(site2)
    yield found


def test_the_crawl_emits_each_story_once(runs: dict) -> None:  # type: ignore[type-arg]
    assert runs["first"].returncode == 0, last_log_line(runs["first"])
    truth = runs["truth1"]
    assert any(t["duplicate_of"] for t in truth)
    report = compare(read_jsonl(runs["first_feeds"]), truth)
    assert report.perfect(), "\n".join(report.lines())
    assert runs["summaries"][0]["dropped"]["near_duplicate"] == sum(
        1 for t in truth if t["duplicate_of"]
    )


def test_a_repost_in_the_next_run_of_a_story_from_the_first_is_dropped(runs: dict) -> None:  # type: ignore[type-arg]
    assert runs["second"].returncode == 0, last_log_line(runs["second"])
    old = {t["url"] for t in runs["truth1"]}
    story = story_of(runs["truth2"])
    old_stories = {story[url] for url in old}
    reposts = [t for t in runs["truth2"] if t["url"] not in old and story[t["url"]] in old_stories]
    assert reposts, "edition 2 should repost a story of edition 1"
    emitted = {r["url"] for r in read_jsonl(runs["second_feed"])}
    assert not emitted & {t["url"] for t in reposts}
    new_stories = {story[t["url"]] for t in runs["truth2"] if t["url"] not in old} - old_stories
    assert {story[url] for url in emitted} == new_stories
    assert runs["summaries"][1]["dropped"]["near_duplicate"] >= len(reposts)


def test_mark_policy_emits_copies_pointing_at_their_story(runs: dict) -> None:  # type: ignore[type-arg]
    assert runs["marked"].returncode == 0, last_log_line(runs["marked"])
    truth = runs["truth1"]
    story = story_of(truth)
    by_id = {t["id"]: t["url"] for t in truth}
    lines = read_jsonl(runs["marked_feeds"])
    assert len(lines) == len(truth)
    marked = [r for r in lines if r["duplicate_of"]]
    assert len(marked) == sum(1 for t in truth if t["duplicate_of"])
    for line in marked:
        assert story[by_id[line["duplicate_of"]]] == story[line["url"]]
