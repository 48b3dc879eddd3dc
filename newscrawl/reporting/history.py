"""A site's last runs, read back from the run summaries beside its feeds.

Every run writes `<feed>.summary.json` (extensions/summary.py): its exit status, articles,
drops, errors, undelivered articles and health block (figures and drifts). The report reads
the last N of them from the site's feed folder, the oldest first. The summary is the record a
cron user already keeps with the feeds, so a report needs neither the state store nor Redis.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newscrawl.health import RunHealth

MAX_SUMMARY_BYTES = 64 * 1024 * 1024  # a summary listing every undelivered article of a run


@dataclass(frozen=True)
class Drift:
    metric: str
    message: str


@dataclass(frozen=True)
class RunRecord:
    """One run, as its summary tells it."""

    summary: str  # the summary file's name
    finished_at: str  # ISO 8601, or "" when the run did not say
    exit_code: int
    status: str
    articles: int
    dropped: dict[str, int] = field(default_factory=dict)  # reason -> pages
    errors: dict[str, int] = field(default_factory=dict)  # type -> count
    undelivered: list[dict[str, str]] = field(default_factory=list)
    health: RunHealth | None = None  # None: the run kept no figures (health off, or older)
    drifts: list[Drift] = field(default_factory=list)

    @property
    def label(self) -> str:
        """A short name for the run on a chart's axis: its finishing day and time (UTC)."""
        when = self.finished_at or self.summary
        return when[5:16].replace("T", " ") if len(when) >= 16 else when

    def drifted(self, metric: str) -> bool:
        return any(d.metric == metric for d in self.drifts)


@dataclass
class History:
    site: str
    folder: Path
    runs: list[RunRecord] = field(default_factory=list)  # the oldest first
    unreadable: list[str] = field(default_factory=list)  # summaries that could not be read

    @property
    def latest(self) -> RunRecord | None:
        return self.runs[-1] if self.runs else None


def read_history(site: str, folder: Path, limit: int) -> History:
    """The last `limit` runs of `site` whose summaries lie in `folder` (its feed folder)."""
    history = History(site, folder)
    records = []
    for path in sorted(folder.glob("*.summary.json")):
        try:
            if path.stat().st_size > MAX_SUMMARY_BYTES:
                raise ValueError("too large")
            data = json.loads(path.read_text("utf-8"))
            records.append(run_record(path.name, data))
        except (OSError, ValueError, TypeError, AttributeError, KeyError):
            history.unreadable.append(path.name)
    records.sort(key=lambda r: (r.finished_at, r.summary))
    history.runs = records[-limit:] if limit > 0 else records
    return history


def run_record(name: str, data: Any) -> RunRecord:
    """A summary's run; ValueError (or TypeError, KeyError) when it is not one."""
    if not isinstance(data, dict) or "exit_code" not in data:
        raise ValueError("not a run summary")
    health_block = data.get("health") or {}
    figures = health_block.get("figures")
    errors = {str(k): int(v) for k, v in (data.get("errors") or {}).items() if k != "total"}
    return RunRecord(
        summary=name,
        finished_at=str(data.get("finished_at") or data.get("started_at") or ""),
        exit_code=int(data["exit_code"]),
        status=str(data.get("status") or ""),
        articles=int(data.get("items_emitted") or 0),
        dropped={str(k): int(v) for k, v in (data.get("dropped") or {}).items()},
        errors=errors,
        undelivered=[_undelivered(entry) for entry in data.get("undelivered") or ()],
        health=RunHealth.from_json(figures) if isinstance(figures, dict) else None,
        drifts=[
            Drift(str(d.get("metric", "")), str(d.get("message", "")))
            for d in health_block.get("drifts") or ()
        ],
    )


def _undelivered(entry: Any) -> dict[str, str]:
    return {key: str(entry.get(key) or "") for key in ("url", "reason", "detail")}
