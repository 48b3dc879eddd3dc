"""The command-line contract other tools rely on (run as real subprocesses)."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
KEYS = {
    "id",
    "url",
    "site",
    "section",
    "sections",
    "title",
    "lead",
    "authors",
    "source",
    "published_at",
    "modified_at",
    "language",
    "body",
    "images",
    "tags",
    "word_count",
    "content_hash",
    "schema_version",
    "revision",
    "revision_of",
    "changes",
}


def _demo(*args: str) -> list[str]:
    return [sys.executable, "-m", "newscrawl.demo", *args]


@pytest.fixture
def server() -> Iterator[tuple[subprocess.Popen[str], str]]:
    """`serve` with 30 articles; yields the process and the first stdout line."""
    proc = subprocess.Popen(
        _demo("serve", "--articles", "30"), stdout=subprocess.PIPE, text=True, cwd=ROOT, env=ENV
    )
    assert proc.stdout is not None
    try:
        ready, _, _ = select.select([proc.stdout], [], [], 10)
        assert ready, "serve printed nothing within 10 s"
        yield proc, proc.stdout.readline().strip()
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)
        proc.stdout.close()


def test_serve_prints_its_url_first_and_serves(server: tuple[subprocess.Popen[str], str]) -> None:
    proc, url = server
    assert url.startswith("http://127.0.0.1:") and url.endswith("/")
    with urllib.request.urlopen(url + "kategorie/politik/", timeout=5) as response:
        assert response.status == 200
        assert response.headers["Content-Type"] == "text/html; charset=UTF-8"
        assert int(response.headers["Content-Length"]) == len(response.read())
    os.kill(proc.pid, signal.SIGTERM)
    assert proc.wait(timeout=10) == 0


def test_serve_exits_cleanly_on_sigint(server: tuple[subprocess.Popen[str], str]) -> None:
    proc, _ = server
    os.kill(proc.pid, signal.SIGINT)
    assert proc.wait(timeout=10) == 0


def _truth(*args: str) -> list[str]:
    result = subprocess.run(
        _demo("truth", *args), capture_output=True, cwd=ROOT, env=ENV, timeout=60, check=True
    )
    return result.stdout.decode("utf-8").splitlines()


def test_truth_prints_one_json_line_per_article() -> None:
    lines = _truth("--base-url", "http://127.0.0.1:9/", "--articles", "25", "--seed", "3")
    records = [json.loads(line) for line in lines]
    assert len(records) == 25
    assert all(set(r) == KEYS for r in records)
    assert all(r["url"].startswith("http://127.0.0.1:9/20") for r in records)
    assert _truth("--base-url", "http://127.0.0.1:9", "--articles", "25", "--seed", "3") == lines


def test_truth_edition_two_adds_twelve_articles_for_small_sites() -> None:
    lines = _truth("--base-url", "http://x.test", "--articles", "25", "--edition", "2")
    assert len(lines) == 25 + 12
