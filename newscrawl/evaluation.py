"""Score crawl output against ground truth: article precision/recall and per-field accuracy.

Pure and dependency-free so the integration tests and `benchmarks/demo_quality.py` share it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

VOLATILE_FIELDS = frozenset({"crawled_at", "duplicate_of", "extraction"})


@dataclass
class QualityReport:
    truth_count: int
    output_count: int
    matched: int
    duplicates: int
    missing: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    field_correct: Counter[str] = field(default_factory=Counter)
    field_total: Counter[str] = field(default_factory=Counter)
    mismatches: list[tuple[str, str, Any, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.output_count if self.output_count else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.truth_count if self.truth_count else 0.0

    def field_accuracy(self) -> dict[str, float]:
        return {k: self.field_correct[k] / n for k, n in sorted(self.field_total.items()) if n}

    def perfect(self) -> bool:
        return (
            self.precision == 1.0
            and self.recall == 1.0
            and self.duplicates == 0
            and not self.mismatches
        )

    def lines(self) -> list[str]:
        out = [
            f"articles: truth {self.truth_count}, output {self.output_count}, "
            f"matched {self.matched}, duplicate lines {self.duplicates}",
            f"article precision {self.precision:.4f}  recall {self.recall:.4f}",
            "field accuracy:",
        ]
        out += [f"  {name:<14} {value:.4f}" for name, value in self.field_accuracy().items()]
        out += [f"  missing: {url}" for url in self.missing[:10]]
        out += [f"  unexpected: {url}" for url in self.unexpected[:10]]
        out += [
            f"  {url} {name}: got {got!r} want {want!r}"[:300]
            for url, name, got, want in self.mismatches[:10]
        ]
        return out


def read_jsonl(paths: Iterable[Path]) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    for path in paths:
        with path.open(encoding="utf-8") as lines:
            records += [json.loads(line) for line in lines if line.strip()]
    return records


def story_of(truth: list[dict[str, Any]]) -> dict[str, str]:
    """url -> id of its story: its own id, or that of the original it nearly duplicates."""
    return {t["url"]: t.get("duplicate_of") or t["id"] for t in truth}


def compare(output: list[dict[str, Any]], truth: list[dict[str, Any]]) -> QualityReport:
    """Each story (an original and its near-copies, when the truth marks them) must appear
    exactly once; the line is scored against the truth of the copy that was emitted."""
    by_url = {t["url"]: t for t in truth}
    story = story_of(truth)
    report = QualityReport(
        truth_count=len(set(story.values())), output_count=len(output), matched=0, duplicates=0
    )
    emitted: set[str] = set()
    for record in output:
        url = str(record.get("url"))
        if url not in by_url:
            report.unexpected.append(url)
        elif story[url] in emitted and not record.get("duplicate_of"):
            report.duplicates += 1
        elif story[url] not in emitted:
            emitted.add(story[url])
            report.matched += 1
            _score_fields(report, url, record, by_url[url])
    report.missing = sorted(
        url for url, s in story.items() if s not in emitted and s == by_url[url]["id"]
    )
    return report


def _score_fields(
    report: QualityReport, url: str, got: dict[str, Any], want: dict[str, Any]
) -> None:
    for name, value in want.items():
        if name in VOLATILE_FIELDS:
            continue
        report.field_total[name] += 1
        if got.get(name) == value:
            report.field_correct[name] += 1
        else:
            report.mismatches.append((url, name, got.get(name), value))
