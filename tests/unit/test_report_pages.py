"""`scrapy report`'s pages from hand-written run summaries: the runs read back in order (a
torn or foreign summary named, not fatal), the drops, errors, drifts and undelivered
articles shown, and a sites overview listing the drifted sites first."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from newscrawl.reporting.history import read_history
from newscrawl.reporting.pages import overview_page, site_page

FIGURES = {
    "format": 1,
    "articles": 40,
    "present": {"title": 40, "body": 40, "authors": 38},
    "by_profile": {"title": 40, "body": 40, "authors": 38},
    "by_generic": {},
    "body_median": 2100.0,
    "body_p10": 900.0,
    "short_bodies": 0,
    "images": 40,
    "dropped": {},
    "listing_pages": {"politik": 2},
    "listing_links": {"politik": 40},
    "sections": {"politik": 40},
}


def summary(finished: str, exit_code: int = 0, **more: Any) -> dict[str, Any]:
    return {
        "exit_code": exit_code,
        "status": f"finished: {more.get('items_emitted', 40)} articles emitted",
        "items_emitted": 40,
        "dropped": {},
        "errors": {"total": 0},
        "finished_at": finished,
        "undelivered": [],
        "health": {"figures": FIGURES, "baseline_runs": 0, "drifts": []},
        **more,
    }


def write(folder: Path, name: str, data: Any) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    text = data if isinstance(data, str) else json.dumps(data)
    (folder / f"{name}.summary.json").write_text(text, "utf-8")


def test_the_last_runs_are_read_oldest_first_and_a_torn_summary_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "bna"
    # named out of order: the run's own finishing time orders them
    write(folder, "bna-c", summary("2026-12-03T06:00:00+00:00"))
    write(folder, "bna-a", summary("2026-12-01T06:00:00+00:00"))
    write(folder, "bna-b", summary("2026-12-02T06:00:00+00:00", exit_code=5))
    write(folder, "bna-d", '{"exit_code": 0, "items_')  # torn
    write(folder, "bna-e", ["not", "a", "summary"])
    history = read_history("bna", folder, limit=2)
    assert [run.finished_at[:10] for run in history.runs] == ["2026-12-02", "2026-12-03"]
    assert history.runs[0].exit_code == 5
    assert history.unreadable == ["bna-d.summary.json", "bna-e.summary.json"]
    page = site_page(history)
    assert "2 summary file(s) unreadable: bna-d.summary.json, bna-e.summary.json" in page


def test_drops_errors_drifts_and_undelivered_articles_are_on_the_page(tmp_path: Path) -> None:
    folder = tmp_path / "bna"
    write(folder, "bna-1", summary("2026-12-01T06:00:00+00:00"))
    drift = (
        "bna: authors filled by the profile in 0% of 40 articles (baseline 95% over 1 runs); "
        "fields.authors matched nothing on 40, generic filled 2"
    )
    broken = {**FIGURES, "by_profile": {"title": 40, "body": 40}, "by_generic": {"authors": 2}}
    write(
        folder,
        "bna-2",
        summary(
            "2026-12-02T06:00:00+00:00",
            exit_code=9,
            dropped={"truncated": 3, "garbled_text": 1},
            errors={"total": 7, "http_503": 2, "twisted.internet.error.TimeoutError": 5},
            undelivered=[
                {"url": "http://127.0.0.1:8000/2026/12/02/a/", "reason": "http_410", "detail": ""},
                {"url": "http://127.0.0.1:8000/2026/12/02/<b>/", "reason": "timeout"},
            ],
            health={
                "figures": broken,
                "baseline_runs": 1,
                "drifts": [{"metric": "authors.profile", "message": drift}],
            },
        ),
    )
    page = site_page(read_history("bna", folder, limit=20))
    assert "Latest run: exit 9" in page
    assert page.count(drift) == 2  # in the latest run's box and in the drifts list
    assert (
        '<td>2026-12-02 06:00:00</td><td class="n">9</td><td class="n">40</td>'
        '<td class="n">4</td><td class="n">7</td><td class="n">2</td>'
        '<td class="n drift">1</td>'
    ) in page
    assert '<td class="url">http://127.0.0.1:8000/2026/12/02/a/</td><td>http_410</td>' in page
    assert "/2026/12/02/&lt;b&gt;/" in page and "<b>/" not in page  # escaped
    charts = re.findall(r'<img alt="([^"]+)" src="data:image/svg\+xml;base64,', page)
    assert charts == [
        "articles per run by section",
        "drops by reason",
        "field coverage over runs",
        "body length",
        "story links per listing page",
        "errors by type",
    ]


def test_the_overview_lists_the_drifted_sites_first_and_links_each_page(tmp_path: Path) -> None:
    drifted = summary(
        "2026-12-02T06:00:00+00:00",
        exit_code=9,
        health={
            "figures": FIGURES,
            "baseline_runs": 3,
            "drifts": [{"metric": "x", "message": "m"}],
        },
    )
    write(tmp_path / "alpha", "alpha-1", summary("2026-12-02T06:00:00+00:00"))
    write(tmp_path / "beta", "beta-1", summary("2026-12-02T06:00:00+00:00", exit_code=4))
    write(tmp_path / "zeta", "zeta-1", drifted)
    histories = [
        read_history(name, tmp_path / name, 20) for name in ("alpha", "beta", "zeta", "omega")
    ]
    page = overview_page("sites.toml", histories, {h.site: f"{h.site}.html" for h in histories})
    order = re.findall(r'<tr><td><a href="([a-z]+)\.html">', page)
    assert order == ["zeta", "beta", "omega", "alpha"]  # drifted, failed, never ran, fine
    assert "Drifted in their latest run: zeta" in page
    assert "no run summary found" in page
