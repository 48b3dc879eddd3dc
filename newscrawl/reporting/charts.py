"""The report's charts, drawn by matplotlib as SVG (no browser script, no network).

Each chart is a `Figure` of its own (matplotlib's object API, no pyplot state), saved as SVG
text; the page embeds each as a data: URI image, so their SVG ids never clash. A run whose
figures drifted is marked in red on the charts of the drifted metric.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable, Sequence

from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from newscrawl.items import EXTRACTION_FIELDS
from newscrawl.reporting.history import History, RunRecord

DRIFT_COLOUR = "#d62728"
WIDTH = 9.0  # inches, at matplotlib's 72 points per inch in SVG


def data_uri(figure: Figure) -> str:
    """The figure as an SVG data: URI for an <img>."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def stacked_bars(
    runs: Sequence[RunRecord],
    parts: Callable[[RunRecord], dict[str, int]],
    title: str,
    ylabel: str,
    drift_prefix: str | None = None,
) -> Figure | None:
    """One bar per run stacked by category (sections, drop reasons, error types); a red
    triangle over a run with a drift whose metric starts with `drift_prefix` ("": any).
    None when every run has nothing."""
    counted = [parts(run) for run in runs]
    categories = sorted({name for each in counted for name in each})
    if not categories or not any(sum(each.values()) for each in counted):
        return None
    figure = Figure(figsize=(WIDTH, 3.2))
    axes = figure.subplots()
    positions = list(range(len(runs)))
    bottoms = [0] * len(runs)
    palette = _palette(len(categories))
    for n, name in enumerate(categories):
        heights = [each.get(name, 0) for each in counted]
        axes.bar(positions, heights, bottom=bottoms, label=name, color=palette[n], width=0.7)
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    drifted = [
        i
        for i, run in enumerate(runs)
        if drift_prefix is not None and any(d.metric.startswith(drift_prefix) for d in run.drifts)
    ]
    if drifted:
        top = max(bottoms) or 1
        axes.scatter(
            drifted,
            [bottoms[i] + top * 0.04 for i in drifted],
            marker="v",
            color=DRIFT_COLOUR,
            s=40,
            zorder=3,
            label="drifted",
        )
    _run_axis(axes, runs)
    axes.set_title(title, loc="left", fontsize=11)
    axes.set_ylabel(ylabel)
    axes.legend(fontsize=7, ncols=min(4, len(categories) + bool(drifted)), loc="upper left")
    axes.set_ylim(0, max(bottoms) * 1.35 or 1)
    return figure


def coverage(runs: Sequence[RunRecord]) -> Figure | None:
    """One small chart per field: the share of articles that have it (solid), filled by the
    profile (dashed) and by the generic fallback (dotted), run by run; a red cross where the
    field's share drifted."""
    judged = [run for run in runs if run.health is not None and run.health.articles]
    if not judged:
        return None
    columns = 3
    rows = -(-len(EXTRACTION_FIELDS) // columns)
    figure = Figure(figsize=(WIDTH, 1.9 * rows), layout="constrained")
    grid = figure.subplots(rows, columns, sharex=True, sharey=True, squeeze=False)
    positions = list(range(len(judged)))
    for n, name in enumerate(EXTRACTION_FIELDS):
        axes = grid[n // columns][n % columns]
        shares = {"present": [], "profile": [], "generic": []}  # type: dict[str, list[float]]
        for run in judged:
            health = run.health
            assert health is not None
            shares["present"].append(health.present.get(name, 0) / health.articles)
            shares["profile"].append(health.by_profile.get(name, 0) / health.articles)
            shares["generic"].append(health.by_generic.get(name, 0) / health.articles)
        axes.plot(positions, shares["present"], "-", color="#1f77b4", label="present")
        axes.plot(positions, shares["profile"], "--", color="#2ca02c", label="by the profile")
        axes.plot(positions, shares["generic"], ":", color="#ff7f0e", label="by the generic")
        for i, run in enumerate(judged):
            if run.drifted(f"{name}.present") or run.drifted(f"{name}.profile"):
                axes.plot([i], [shares["present"][i]], "X", color=DRIFT_COLOUR, markersize=9)
        axes.set_title(name, fontsize=9, loc="left")
        axes.set_ylim(-0.05, 1.05)
        axes.tick_params(labelsize=7)
        axes.set_xticks(positions)
        axes.set_xticklabels([run.label for run in judged], rotation=60, ha="right", fontsize=6)
    for n in range(len(EXTRACTION_FIELDS), rows * columns):
        grid[n // columns][n % columns].set_visible(False)
    handles, labels = grid[0][0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="outside upper right", ncols=3, fontsize=8)
    figure.suptitle("Field coverage: share of articles", x=0.01, ha="left", fontsize=11)
    return figure


def series(
    runs: Sequence[RunRecord],
    lines: Callable[[RunRecord], dict[str, float]],
    title: str,
    ylabel: str,
    drift_prefix: str,
) -> Figure | None:
    """A line per named figure over the runs (body length, story links per listing page of
    each section); a red cross where the figure `drift_prefix + name` drifted."""
    judged = [run for run in runs if run.health is not None and run.health.articles]
    values = [lines(run) for run in judged]
    names = sorted({name for each in values for name in each})
    if not names:
        return None
    figure = Figure(figsize=(WIDTH, 3.0))
    axes = figure.subplots()
    palette = _palette(len(names))
    for n, name in enumerate(names):
        points = [(i, each[name]) for i, each in enumerate(values) if name in each]
        axes.plot(
            [i for i, _ in points], [v for _, v in points], "o-", color=palette[n], label=name
        )
        for i, value in points:
            if judged[i].drifted(drift_prefix + name):
                axes.plot([i], [value], "X", color=DRIFT_COLOUR, markersize=10, zorder=3)
    _run_axis(axes, judged)
    axes.set_title(title, loc="left", fontsize=11)
    axes.set_ylabel(ylabel)
    axes.set_ylim(bottom=0)
    axes.legend(fontsize=7, ncols=min(4, len(names)), loc="lower left")
    return figure


def sites_overview(histories: Sequence[History]) -> Figure | None:
    """Articles per run, one line per site."""
    drawn = [h for h in histories if h.runs]
    if not drawn:
        return None
    figure = Figure(figsize=(WIDTH, 3.4))
    axes = figure.subplots()
    palette = _palette(len(drawn))
    for n, history in enumerate(drawn):
        positions = list(range(len(history.runs)))
        axes.plot(
            positions,
            [run.articles for run in history.runs],
            "o-",
            color=palette[n],
            label=history.site,
        )
        drifted = [i for i, run in enumerate(history.runs) if run.drifts]
        axes.plot(
            drifted,
            [history.runs[i].articles for i in drifted],
            "X",
            color=DRIFT_COLOUR,
            markersize=10,
            zorder=3,
        )
    axes.set_title("Articles per run, by site (a red cross: the run drifted)", loc="left")
    axes.set_xlabel("runs, the oldest first")
    axes.set_ylabel("articles")
    axes.set_ylim(bottom=0)
    axes.legend(fontsize=7, ncols=min(4, len(drawn)), loc="upper left")
    return figure


def _run_axis(axes: Axes, runs: Sequence[RunRecord]) -> None:
    positions = list(range(len(runs)))
    axes.set_xticks(positions)
    axes.set_xticklabels([run.label for run in runs], rotation=45, ha="right", fontsize=7)
    axes.set_xlim(-0.6, len(runs) - 0.4)


def _palette(count: int) -> list[str]:
    """Distinct colours from matplotlib's tab20, without its reds (kept for drifts)."""
    base = [to_hex(c) for c in colormaps["tab20"].colors]  # type: ignore[attr-defined]
    base = [c for c in base if c not in (DRIFT_COLOUR, "#ff9896")]
    return [base[n % len(base)] for n in range(count)]
