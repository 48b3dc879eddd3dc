"""Unfinished feeds that killed runs left behind are found and named at start."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from scrapy.settings import Settings

from newscrawl import settings as project_settings
from newscrawl.config import ConfigError
from newscrawl.delivery import leftover_parts
from newscrawl.preflight import preflight

DEAD_PID = 2**22 + 12345  # above Linux's pid_max: no process has it


def settings_for(out: Path, min_free_mb: float) -> Settings:
    values = {k: getattr(project_settings, k) for k in dir(project_settings) if k.isupper()}
    settings = Settings(values)
    settings.set("FEEDS", {f"{out}/%(site)s/%(site)s-%(time)s.jsonl": {"format": "jsonlines"}})
    settings.set("NEWSCRAWL_STATE_DIR", "none")
    settings.set("NEWSCRAWL_MIN_FREE_MB", min_free_mb)
    return settings


def test_parts_of_dead_runs_are_leftovers_and_a_live_runs_part_is_not(tmp_path: Path) -> None:
    site = tmp_path / "bna_germany"
    site.mkdir()
    dead = site / f".bna_germany-20261206T010000.jsonl.{DEAD_PID}.part"
    dead.write_bytes(b"x" * 2048)
    live = site / f".bna_germany-20261206T020000.jsonl.{os.getpid()}.part"
    live.write_bytes(b"y")
    (site / "bna_germany-20261206T000000.jsonl").write_text("{}\n")
    assert leftover_parts(tmp_path) == [dead]


def test_a_full_feed_disk_is_refused_naming_the_leftover_parts(tmp_path: Path) -> None:
    site = tmp_path / "bna_germany"
    site.mkdir()
    dead = site / f".bna_germany-20261206T010000.jsonl.{DEAD_PID}.part"
    dead.write_bytes(b"x" * 3 * 2**20)
    with pytest.raises(ConfigError) as refused:
        preflight(settings_for(tmp_path, min_free_mb=10**12))
    message = str(refused.value)
    assert "1 unfinished feed(s) of killed or failed runs take 3.0 MB" in message
    assert str(dead) in message


def test_a_roomy_disk_starts_and_warns_of_the_leftovers(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / f".x.jsonl.{DEAD_PID}.part").write_bytes(b"x")
    preflight(settings_for(tmp_path, min_free_mb=0))
    assert any("unfinished feed(s)" in r.getMessage() for r in caplog.records)
