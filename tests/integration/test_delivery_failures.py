"""The delivery contract under failure, through real `scrapy crawl` processes: an article is
either in a finished feed and recorded as delivered, or in neither — whether the run is killed
at any step of its close, its feed's disk fills, its state's disk fills, or its state file is
damaged. Each case: the run says what failed and exits non-zero (never 0), then a rerun with
room delivers the ground truth exactly once across all finished feeds."""

from __future__ import annotations

import os
import resource
import sqlite3
import subprocess
from pathlib import Path

import pytest
from helpers.demo import (
    ROOT,
    SCRAPY,
    DemoSite,
    crawl_command,
    crawl_env,
    feeds,
    last_log_line,
    run_crawl,
    run_with_fault,
)
from helpers.smallfs import run_with_mounts

from newscrawl.evaluation import compare, read_jsonl
from newscrawl.state.naming import store_name

pytestmark = pytest.mark.integration
DELIVERY_FAILED = 7


def inject(
    fault: str, base_url: str, output: Path, *extra: str
) -> subprocess.CompletedProcess[str]:
    return run_with_fault(fault, base_url, output, *extra)


def assert_truth_once(output: Path, site: DemoSite) -> None:
    report = compare(read_jsonl(feeds(output)), site.truth())
    assert report.perfect(), "\n".join(report.lines())


def part_files(output: Path) -> list[Path]:
    return sorted((output / "bna_germany").glob(".*.part"))


def state_file(output: Path, site: DemoSite) -> Path:
    return output / "state" / f"{store_name('bna_germany', site.base_url)}.sqlite"


@pytest.mark.parametrize("step", ["before-commit", "after-commit", "after-rename", "after-forget"])
def test_a_kill_at_any_step_of_the_hand_over_loses_and_repeats_nothing(
    demo_site: DemoSite, tmp_path: Path, step: str
) -> None:
    killed = inject(f"kill:{step}", demo_site.base_url, tmp_path)
    assert killed.returncode == -9, killed.stderr[-2000:]
    rerun = run_crawl(demo_site.base_url, tmp_path)
    assert rerun.returncode == 0, last_log_line(rerun)
    assert_truth_once(tmp_path, demo_site)
    if step == "after-commit":  # committed, not yet renamed: the rerun finishes the move
        assert "finished the feed of an interrupted run" in rerun.stderr
        assert "finished: 0 articles emitted" in last_log_line(rerun)
    if step == "before-commit":  # nothing committed: the rerun delivers all
        assert part_files(tmp_path)  # the killed run's unfinished feed stays for inspection
        assert "finished: 240 articles emitted" in last_log_line(rerun)


def test_a_feed_whose_disk_fills_fails_the_run_and_marks_nothing(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    state = tmp_path / "state"
    env = {**crawl_env(out), "NEWSCRAWL_STATE_DIR": str(state)}
    saved = tmp_path / "what-the-full-disk-held"
    command = crawl_command(demo_site.base_url, "-s", "NEWSCRAWL_MIN_FREE_MB=0.1")
    full = run_with_mounts(command, {out: "size=300k"}, keep={out: saved}, env=env, cwd=ROOT)
    assert full.returncode == DELIVERY_FAILED, full.stderr[-3000:]
    # the failed run's own part is gone: it would keep the freed disk full for every rerun
    assert list(saved.rglob(".*.part")) == [] and list(saved.rglob("*.jsonl")) == []
    assert "unfinished feed" in full.stderr and "removed" in full.stderr
    last = last_log_line(full)
    assert "nothing delivered" in last and "No space left on device" in last
    assert "cannot be written" in last and ".part" in last
    assert "Error caught on signal handler" not in full.stderr  # one clear message, not 240
    rerun = subprocess.run(
        crawl_command(demo_site.base_url), cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert rerun.returncode == 0, last_log_line(rerun)
    assert "finished: 240 articles emitted" in last_log_line(rerun)
    assert_truth_once(out, demo_site)


def test_a_file_size_limit_fails_the_run_and_the_rerun_delivers_everything(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    def limit_file_size() -> None:  # `ulimit -f 400`; Python ignores SIGXFSZ: writes fail
        resource.setrlimit(resource.RLIMIT_FSIZE, (400 * 1024, 400 * 1024))

    limited = subprocess.run(
        crawl_command(demo_site.base_url),
        cwd=ROOT,
        env=crawl_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=limit_file_size,
    )
    assert limited.returncode == DELIVERY_FAILED, limited.stderr[-3000:]
    assert "File too large" in last_log_line(limited)
    assert feeds(tmp_path) == []
    rerun = run_crawl(demo_site.base_url, tmp_path)
    assert rerun.returncode == 0, last_log_line(rerun)
    assert_truth_once(tmp_path, demo_site)


def test_a_read_only_output_directory_is_refused_before_any_request(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    env = {**crawl_env(out), "NEWSCRAWL_STATE_DIR": str(tmp_path / "state")}
    refused = run_with_mounts(crawl_command(demo_site.base_url), {out: "ro"}, env=env, cwd=ROOT)
    assert refused.returncode == 1
    assert "Read-only file system" in last_log_line(refused)
    assert "Spider opened" not in refused.stderr


def test_a_state_directory_without_room_is_refused_before_any_request(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    env = {**crawl_env(tmp_path / "out"), "NEWSCRAWL_STATE_DIR": str(state)}
    refused = run_with_mounts(crawl_command(demo_site.base_url), {state: "size=150k"}, env=env)
    assert refused.returncode == 1
    assert "NEWSCRAWL_STATE_DIR" in last_log_line(refused)
    assert "MB free" in last_log_line(refused)
    assert "Spider opened" not in refused.stderr


def test_a_state_whose_disk_fills_fails_the_run_and_the_rerun_delivers_once(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    state = tmp_path / "state"
    saved = tmp_path / "saved-state"
    env = {**crawl_env(out), "NEWSCRAWL_STATE_DIR": str(state)}
    command = crawl_command(demo_site.base_url, "-s", "NEWSCRAWL_MIN_FREE_MB=0.05")
    full = run_with_mounts(command, {state: "size=160k"}, keep={state: saved}, env=env, cwd=ROOT)
    assert full.returncode == DELIVERY_FAILED, full.stderr[-3000:]
    last = last_log_line(full)
    assert "the state store" in last and "database or disk is full" in last
    assert feeds(out) == []  # the feed stays unfinished: nothing is recorded as delivered
    rerun = subprocess.run(
        crawl_command(demo_site.base_url),
        cwd=ROOT,
        env={**env, "NEWSCRAWL_STATE_DIR": str(saved)},  # the state moved to a roomy disk
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert rerun.returncode == 0, last_log_line(rerun)
    assert_truth_once(out, demo_site)


def test_a_state_write_failing_mid_crawl_stops_the_run_at_once(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    failed = inject("state-full-after:100", demo_site.base_url, tmp_path)
    assert failed.returncode == DELIVERY_FAILED, failed.stderr[-3000:]
    assert "database or disk is full" in last_log_line(failed)
    assert "Closing spider (delivery_failed)" in failed.stderr
    assert feeds(tmp_path) == []
    assert "articles emitted" not in last_log_line(failed)
    rerun = run_crawl(demo_site.base_url, tmp_path)
    assert rerun.returncode == 0, last_log_line(rerun)
    assert "finished: 240 articles emitted" in last_log_line(rerun)
    assert_truth_once(tmp_path, demo_site)


def damage(path: Path, how: str) -> None:
    if how == "overwritten":
        path.write_bytes(b"this is not a database\n" * 100)
        return
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8192] = os.urandom(8192)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("how", ["overwritten", "damaged-in-the-middle"])
def test_a_damaged_state_is_refused_at_start_and_rebuilt_from_the_feeds(
    demo_site: DemoSite, tmp_path: Path, how: str
) -> None:
    first = run_crawl(demo_site.base_url, tmp_path, "-s", "CLOSESPIDER_ITEMCOUNT=60")
    assert first.returncode in (0, 3), last_log_line(first)
    path = state_file(tmp_path, demo_site)
    damage(path, how)
    refused = run_crawl(demo_site.base_url, tmp_path)
    assert refused.returncode == 1
    last = last_log_line(refused)
    assert str(path) in last and "damaged" in last and "scrapy rebuildstate" in last
    assert "Traceback" not in refused.stderr
    assert "Spider opened" not in refused.stderr
    rebuilt = subprocess.run(
        [SCRAPY, "rebuildstate", "bna_germany", "-a", f"base_url={demo_site.base_url}"],
        cwd=ROOT,
        env=crawl_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert rebuilt.returncode == 0, rebuilt.stderr
    emitted_before = len(read_jsonl(feeds(tmp_path)))
    assert f"{emitted_before} articles marked delivered" in rebuilt.stdout
    assert list(path.parent.glob(f"{path.name}.damaged-*"))  # moved aside, not deleted
    rerun = run_crawl(demo_site.base_url, tmp_path)
    assert rerun.returncode == 0, last_log_line(rerun)
    assert_truth_once(tmp_path, demo_site)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA quick_check").fetchone() == ("ok",)
