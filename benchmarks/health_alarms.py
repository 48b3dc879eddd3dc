"""Site health on real feeds: how often an unchanged site raises a drift (false alarms), and
how often a broken field is caught, by the number of articles a run delivers.

    python benchmarks/health_alarms.py FEED.jsonl [FEED.jsonl ...] [--sizes 5,12,30,100]
        [--trials 40]

Each FEED is one site's delivered lines (a real site crawled through
`benchmarks/real_sites.py`, whose runs leave `<work>/<site>/runs/<mode>.jsonl`; or any
feed of ours). The site's articles are shuffled and cut into cron runs of N articles; every
run with a baseline (the 5 runs before it, 30 articles at least) is judged by
`newscrawl.health.assess` exactly as a crawl judges it:
- as it is: any drift is a false alarm (nothing changed but the draw of stories);
- broken: each field the baseline has on at least 80 % of the articles is removed from every
  article of the run (a selector that stopped matching, no fallback filling it), one field
  at a time; caught when that field's `present` drift is named;
- half broken: the field removed from every other article;
- bodies cut: every body cut to its first third (a body selector that now matches only the
  first block); caught when a body drift is named.
Prints one line per feed and size; the figures are shares of judged runs (no timing).
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any

from newscrawl.health import HealthCounter, RunHealth, Tolerance, assess
from newscrawl.items import EXTRACTION_FIELDS

BASELINE_RUNS = 5
COMMON = 0.8  # a field on at least this share of the baseline's articles is checked broken


def figures(lines: list[dict[str, Any]]) -> RunHealth:
    counter = HealthCounter()
    for line in lines:
        counter.observe(line)
    return counter.result()


def without(lines: list[dict[str, Any]], name: str, every: int) -> list[dict[str, Any]]:
    """`name` gone from every `every`-th line (and its method with it)."""
    broken = []
    for n, line in enumerate(lines):
        if n % every == 0:
            methods = {k: v for k, v in (line.get("extraction") or {}).items() if k != name}
            line = {**line, name: [] if isinstance(line.get(name), list) else None}
            line["extraction"] = methods
        broken.append(line)
    return broken


def judge(lines: list[dict[str, Any]], size: int, trials: int) -> dict[str, Any]:
    tolerance = Tolerance()
    judged = alarms = 0
    checks = {"broken": [0, 0], "half": [0, 0], "cut": [0, 0]}  # caught, tried
    metrics: dict[str, int] = {}  # the false alarms' metrics
    for trial in range(trials):
        shuffled = lines[:]
        random.Random(trial).shuffle(shuffled)
        runs = [shuffled[i : i + size] for i in range(0, len(shuffled) - size + 1, size)]
        healths = [figures(run) for run in runs]
        for n in range(BASELINE_RUNS, len(runs)):
            past = healths[n - BASELINE_RUNS : n]
            total = sum(h.articles for h in past)
            if total < tolerance.min_articles:
                continue
            judged += 1
            drifted = assess("site", healths[n], past, tolerance)
            alarms += bool(drifted)
            for drift in drifted:
                metrics[drift.metric] = metrics.get(drift.metric, 0) + 1
            for name in EXTRACTION_FIELDS:
                if sum(h.present.get(name, 0) for h in past) < COMMON * total:
                    continue
                for kind, every in (("broken", 1), ("half", 2)):
                    drifts = assess("site", figures(without(runs[n], name, every)), past)
                    checks[kind][0] += any(d.metric == f"{name}.present" for d in drifts)
                    checks[kind][1] += 1
            cut = [
                {
                    **line,
                    "body": str(line.get("body") or "")[: len(str(line.get("body") or "")) // 3],
                }
                for line in runs[n]
            ]
            drifts = assess("site", figures(cut), past)
            checks["cut"][0] += any(d.metric.startswith("body.") for d in drifts)
            checks["cut"][1] += 1
    return {
        "judged": judged,
        "false_alarms": alarms / judged if judged else float("nan"),
        "broken_caught": checks["broken"][0] / max(1, checks["broken"][1]),
        "half_caught": checks["half"][0] / max(1, checks["half"][1]),
        "cut_caught": checks["cut"][0] / max(1, checks["cut"][1]),
        "fields_checked": checks["broken"][1],
        "metrics": dict(sorted(metrics.items(), key=lambda kv: -kv[1])),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("feeds", nargs="+", type=Path)
    parser.add_argument("--sizes", default="5,12,30,100")
    parser.add_argument("--trials", type=int, default=40)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    for feed in args.feeds:
        with feed.open(encoding="utf-8") as handle:
            lines = [json.loads(text) for text in handle if text.strip()]
        for size in sizes:
            if len(lines) < size * (BASELINE_RUNS + 1):
                print(f"{feed}: {len(lines)} articles, too few for runs of {size}")
                continue
            got = judge(lines, size, args.trials)
            print(
                f"{feed} articles={len(lines)} run_size={size} judged={got['judged']} "
                f"false_alarms={got['false_alarms']:.4f} broken_caught={got['broken_caught']:.3f}"
                f" half_broken_caught={got['half_caught']:.3f} "
                f"bodies_cut_caught={got['cut_caught']:.3f} "
                f"field_checks={got['fields_checked']} alarms_by_metric={got['metrics']}",
                flush=True,
            )


if __name__ == "__main__":
    main()
