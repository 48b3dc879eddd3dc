"""The README's two ways to fold revisions into the latest state of every story, run as
written (its `sh` and `sql` blocks under "Reading revisions") on feeds of known lines."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.integration
README = Path(__file__).resolve().parents[2] / "README.md"
SECTION = README.read_text("utf-8").split("**Reading revisions.**", 1)[1].split("\n### ", 1)[0]


def _block(language: str) -> str:
    found = re.search(rf"```{language}\n(.*?)```", SECTION, re.DOTALL)
    assert found, f"no {language} block under 'Reading revisions'"
    return found.group(1).strip()


IMAGES = [{"url": "https://bna.example/a.jpg", "caption": None, "credit": None}]


def _line(story: str, revision: int, title: str) -> dict[str, Any]:
    first = revision == 1
    return {"id": story, "url": f"https://bna.example/{story}/", "title": title,
            "revision": revision, "revision_of": None if first else "0" * 64,
            "changes": None if first else {"title": {"before": "a", "after": title}},
            "images": IMAGES}  # fmt: skip


@pytest.fixture
def feeds(tmp_path: Path) -> Path:
    site = tmp_path / "bna_germany"
    site.mkdir()
    runs = [
        [_line("a" * 16, 1, "Erste Fassung"), _line("b" * 16, 1, "Andere Geschichte")],
        [_line("a" * 16, 2, "Zweite Fassung")],
        [],  # a run that emitted nothing
        [_line("a" * 16, 3, "Dritte Fassung")],
    ]
    for k, lines in enumerate(runs):
        text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
        (site / f"bna_germany-2026-12-0{k + 1}.jsonl").write_text(text, "utf-8")
    return tmp_path


LATEST = {"a" * 16: (3, "Dritte Fassung"), "b" * 16: (1, "Andere Geschichte")}


def test_the_jq_example_keeps_each_storys_latest_line(feeds: Path) -> None:
    if shutil.which("jq") is None:
        if os.environ.get("CI"):
            pytest.fail("jq is not installed (.ci/run installs it)")
        pytest.skip("jq is not installed")
    subprocess.run(_block("sh"), shell=True, cwd=feeds, check=True, timeout=60)
    lines = [json.loads(x) for x in (feeds / "latest.jsonl").read_text("utf-8").splitlines()]
    assert {x["id"]: (x["revision"], x["title"]) for x in lines} == LATEST


def test_the_duckdb_example_keeps_each_storys_latest_line(
    feeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import duckdb

    monkeypatch.chdir(feeds)
    result = duckdb.sql(_block("sql"))
    rows = result.fetchall()
    columns = result.columns
    got = {row[columns.index("id")]: (row[columns.index("revision")], row[columns.index("title")])
           for row in rows}  # fmt: skip
    assert got == LATEST
