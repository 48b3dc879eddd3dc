"""Scrapy's feed flags keep their promises: `-o x.json` twice is still JSON, CSV cells hold
JSON rather than Python reprs, `-o -` writes nothing into the working directory, and `-o FILE`
replaces the default feed instead of writing a second copy (real `scrapy crawl` runs)."""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

import pytest
from helpers.demo import ROOT, DemoSite, crawl_command, crawl_env

pytestmark = pytest.mark.integration
FEW = ["-s", "CLOSESPIDER_ITEMCOUNT=3", "-s", "NEWSCRAWL_STATE_DIR=none"]


def crawl(
    site: DemoSite, out: Path, *extra: str, cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        crawl_command(site.base_url, *FEW, *extra),
        cwd=cwd,
        env={**crawl_env(out), "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_json_feed_appended_twice_is_one_array(demo_site: DemoSite, tmp_path: Path) -> None:
    target = tmp_path / "articles.json"
    emitted = 0
    for _ in range(2):
        run = crawl(demo_site, tmp_path / "out", "-o", str(target))
        emitted += int(run.stderr.split("'item_scraped_count': ")[1].split(",")[0])
    records = json.loads(target.read_text("utf-8"))  # one array: valid JSON
    assert len(records) == emitted >= 6 and all(r["title"] for r in records)


def test_csv_cells_are_json_or_joined_words(demo_site: DemoSite, tmp_path: Path) -> None:
    target = tmp_path / "articles.csv"
    crawl(demo_site, tmp_path / "out", "-O", str(target))
    with target.open(encoding="utf-8", newline="") as lines:
        rows = list(csv.DictReader(lines))
    assert rows
    for row in rows:
        assert isinstance(json.loads(row["images"]), list)
        assert isinstance(json.loads(row["extraction"]), dict)
        assert "'" not in row["images"][:3]  # not a Python repr


def test_output_flags_replace_the_default_feed(demo_site: DemoSite, tmp_path: Path) -> None:
    target = tmp_path / "articles.jsonl"
    crawl(demo_site, tmp_path / "out", "-O", str(target))
    assert len(target.read_text("utf-8").splitlines()) >= 3  # Scrapy may overshoot the limit
    assert not list((tmp_path / "out").glob("**/*.jsonl"))  # no second copy


def test_stdout_output_leaves_no_file_behind(demo_site: DemoSite, tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "scrapy.cfg").write_text((ROOT / "scrapy.cfg").read_text())
    result = crawl(demo_site, tmp_path / "out", "-o", "-:jsonlines", cwd=work)
    assert len(result.stdout.splitlines()) >= 3
    assert sorted(p.name for p in work.iterdir()) == ["scrapy.cfg"]
