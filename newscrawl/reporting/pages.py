"""The report's HTML: one self-contained page per site, and an overview of a sites file.

Self-contained: the styles are inline, the charts are SVG data: URIs, and nothing is loaded
from anywhere (no script, font or picture from the network), so the file opens the same on a
machine without network access and can be mailed as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from html import escape

from matplotlib.figure import Figure

from newscrawl.reporting import charts
from newscrawl.reporting.history import History, RunRecord

MAX_UNDELIVERED_ROWS = 500

STYLE = """
body { font-family: sans-serif; margin: 1.5em auto; max-width: 60em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 1.8em; }
table { border-collapse: collapse; font-size: 0.85em; margin: 0.5em 0; }
th, td { border-bottom: 1px solid #ddd; padding: 0.2em 0.6em; text-align: left; }
td.n { text-align: right; }
.drift { color: #b00; font-weight: bold; } .ok { color: #070; }
.box { border: 1px solid #ccc; padding: 0.6em 1em; background: #fafafa; }
figure { margin: 0.8em 0; } figure img { width: 100%; }
.note { color: #666; font-size: 0.85em; }
td.url { word-break: break-all; }
"""


def site_page(history: History, back: str | None = None) -> str:
    """The report of one site's last runs."""
    runs = history.runs
    title = f"newscrawl report: {history.site}"
    parts = [f"<h1>{escape(title)}</h1>"]
    if back is not None:
        parts.append(f'<p><a href="{escape(back)}">all sites</a></p>')
    parts.append(f'<p class="note">{escape(_coverage_note(history))}</p>')
    if not runs:
        parts.append("<p>No run summary was found: crawl the site first.</p>")
        return _page(title, parts)
    parts.append(_latest(runs[-1]))
    parts.append("<h2>Runs</h2>")
    parts.append(_runs_table(runs))
    for figure, alt in (
        (
            charts.stacked_bars(
                runs, _sections, "Articles per run, by section", "articles", drift_prefix=""
            ),
            "articles per run by section",
        ),
        (
            charts.stacked_bars(runs, lambda r: r.dropped, "Drops by reason", "pages", "dropped."),
            "drops by reason",
        ),
        (charts.coverage(runs), "field coverage over runs"),
        (
            charts.series(
                runs,
                lambda r: (
                    {"median": r.health.body_median, "p10": r.health.body_p10} if r.health else {}
                ),
                "Body length (characters): median and shortest tenth",
                "characters",
                "body.",
            ),
            "body length",
        ),
        (
            charts.series(
                runs,
                _links_per_page,
                "Story links per listing page, by section",
                "links per page",
                "listing.",
            ),
            "story links per listing page",
        ),
        (
            charts.stacked_bars(runs, lambda r: r.errors, "Errors by type", "errors"),
            "errors by type",
        ),
    ):
        parts.append(_chart(figure, alt))
    parts.append("<h2>Drifts</h2>")
    parts.append(_drifts(runs))
    parts.append("<h2>Undelivered</h2>")
    parts.append(_undelivered(runs))
    return _page(title, parts)


def overview_page(name: str, histories: Sequence[History], links: dict[str, str]) -> str:
    """The sites of a sites file: the drifted first, each linking to its own page."""
    title = f"newscrawl report: {name}"
    parts = [f"<h1>{escape(title)}</h1>"]
    ordered = sorted(histories, key=_trouble)
    drifted = [h.site for h in ordered if h.latest is not None and h.latest.drifts]
    if drifted:
        parts.append(
            f'<p class="box drift">Drifted in their latest run: {escape(", ".join(drifted))}</p>'
        )
    else:
        parts.append('<p class="box ok">No site drifted in its latest run.</p>')
    parts.append(_chart(charts.sites_overview(ordered), "articles per run by site"))
    rows = []
    for history in ordered:
        latest = history.latest
        link = f'<a href="{escape(links[history.site])}">{escape(history.site)}</a>'
        if latest is None:
            rows.append(f'<tr><td>{link}</td><td colspan="5">no run summary found</td></tr>')
            continue
        drifts = len(latest.drifts)
        rows.append(
            "<tr>"
            f"<td>{link}</td>"
            f'<td class="n">{latest.exit_code}</td>'
            f"<td>{escape(latest.status)}</td>"
            f'<td class="n">{latest.articles}</td>'
            f'<td class="n{" drift" if drifts else ""}">{drifts}</td>'
            f'<td class="n">{len(history.runs)}</td>'
            "</tr>"
        )
    parts.append(
        "<table><tr><th>site</th><th>exit</th><th>latest run</th><th>articles</th>"
        "<th>drifts</th><th>runs</th></tr>" + "".join(rows) + "</table>"
    )
    return _page(title, parts)


def _trouble(history: History) -> tuple[bool, bool, str]:
    latest = history.latest
    drifted = latest is not None and bool(latest.drifts)
    failed = latest is None or latest.exit_code != 0
    return (not drifted, not failed, history.site)


def _coverage_note(history: History) -> str:
    runs = history.runs
    said = f"{len(runs)} run(s) read from {history.folder}"
    if runs:
        said += f", {_when(runs[0])} to {_when(runs[-1])} (UTC)"
    if history.unreadable:
        said += f"; {len(history.unreadable)} summary file(s) unreadable: "
        said += ", ".join(history.unreadable[:5])
    now = datetime.now(UTC).isoformat(timespec="seconds")
    return f"{said}. Written {now}."


def _latest(run: RunRecord) -> str:
    verdict = "drift" if run.drifts else ("ok" if run.exit_code == 0 else "drift")
    lines = [
        f'<div class="box"><p class="{verdict}">Latest run: exit {run.exit_code}, '
        f"{escape(run.status)}</p>"
    ]
    if run.drifts:
        lines.append("<ul>" + "".join(f"<li>{escape(d.message)}</li>" for d in run.drifts))
        lines.append("</ul>")
    elif run.health is not None:
        lines.append("<p>No drift from the site's last runs.</p>")
    lines.append("</div>")
    return "".join(lines)


def _runs_table(runs: Sequence[RunRecord]) -> str:
    rows = []
    for run in reversed(runs):
        drifts = len(run.drifts)
        rows.append(
            "<tr>"
            f"<td>{escape(_when(run))}</td>"
            f'<td class="n">{run.exit_code}</td>'
            f'<td class="n">{run.articles}</td>'
            f'<td class="n">{sum(run.dropped.values())}</td>'
            f'<td class="n">{sum(run.errors.values())}</td>'
            f'<td class="n">{len(run.undelivered)}</td>'
            f'<td class="n{" drift" if drifts else ""}">{drifts}</td>'
            f"<td>{escape(run.status)}</td>"
            "</tr>"
        )
    return (
        "<table><tr><th>finished (UTC)</th><th>exit</th><th>articles</th><th>drops</th>"
        "<th>errors</th><th>undelivered</th><th>drifts</th><th>status</th></tr>"
        + "".join(rows)
        + "</table>"
    )


def _drifts(runs: Iterable[RunRecord]) -> str:
    items = [
        f"<li><b>{escape(_when(run))}</b>: {escape(drift.message)}</li>"
        for run in reversed(list(runs))
        for drift in run.drifts
    ]
    if not items:
        return '<p class="ok">No run of these drifted.</p>'
    return "<ul>" + "".join(items) + "</ul>"


def _undelivered(runs: Sequence[RunRecord]) -> str:
    """Every article the runs found and could not deliver, the latest run first."""
    found = [(run, entry) for run in reversed(runs) for entry in run.undelivered]
    if not found:
        return "<p>Every article these runs found was delivered.</p>"
    rows = [
        f"<tr><td>{escape(_when(run))}</td>"
        f'<td class="url">{escape(entry["url"])}</td><td>{escape(entry["reason"])}</td>'
        f"<td>{escape(entry['detail'])}</td></tr>"
        for run, entry in found[:MAX_UNDELIVERED_ROWS]
    ]
    more = len(found) - MAX_UNDELIVERED_ROWS
    tail = (
        f"<p class='note'>and {more} more (each run's summary lists them all)</p>"
        if more > 0
        else ""
    )
    return (
        "<table><tr><th>run</th><th>article</th><th>reason</th><th>detail</th></tr>"
        + "".join(rows)
        + "</table>"
        + tail
    )


def _chart(figure: Figure | None, alt: str) -> str:
    if figure is None:
        return f'<p class="note">No {escape(alt)} in these runs.</p>'
    image = f'<img alt="{escape(alt)}" src="{charts.data_uri(figure)}">'
    return f'<figure class="chart">{image}</figure>'


def _sections(run: RunRecord) -> dict[str, int]:
    if run.health is not None and run.health.sections:
        return run.health.sections
    return {"articles": run.articles}


def _links_per_page(run: RunRecord) -> dict[str, float]:
    health = run.health
    if health is None:
        return {}
    return {
        section: health.listing_links.get(section, 0) / pages
        for section, pages in health.listing_pages.items()
        if pages
    }


def _when(run: RunRecord) -> str:
    """When the run finished, to the second (UTC), or its summary's name."""
    when = run.finished_at
    return when[:19].replace("T", " ") if len(when) >= 19 else (when or run.summary)


def _page(title: str, parts: list[str]) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>\n"
        + "\n".join(parts)
        + "\n</body></html>\n"
    )
