"""Near-duplicate detection against the demo site's truth (served with --copies).

    python benchmarks/near_duplicates.py [--articles 2000] [--thresholds 0.3,0.4,...]

Articles are fed in publication order (the order a site publishes them, and roughly the
order incremental crawls meet them) to `NearDuplicateIndex` over a fresh SQLite store.
Printed per threshold: duplicate-pair precision and recall against the truth's
`duplicate_of`, hard negatives merged (follow-ups, stories sharing an agency paragraph),
time per article; then the store's bytes per article and the process's RSS growth.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newscrawl.demo.syndication import follow_up_of  # noqa: E402
from newscrawl.demo.truth import truth_records  # noqa: E402
from newscrawl.neardup import NearDuplicateIndex  # noqa: E402
from newscrawl.state import SqliteStore  # noqa: E402


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(truth: list[dict[str, Any]], threshold: float, store_path: Path) -> dict[str, float]:
    story = {t["id"]: t["duplicate_of"] or t["id"] for t in truth}
    store = SqliteStore(store_path)
    index = NearDuplicateIndex(store, threshold)
    predicted: list[tuple[str, str]] = []
    seen_stories: set[str] = set()
    should_match = 0
    timings = []
    for record in sorted(truth, key=lambda t: (t["published_at"], t["url"])):
        should_match += story[record["id"]] in seen_stories
        seen_stories.add(story[record["id"]])
        started = time.perf_counter()
        match = index.observe(record["id"], record["body"])
        timings.append(time.perf_counter() - started)
        if match is not None:
            predicted.append((record["id"], match.original))
    store.commit()
    correct = sum(story[a] == story[b] for a, b in predicted)
    store.close()
    return {
        "predicted": len(predicted),
        "precision": correct / len(predicted) if predicted else 1.0,
        "recall": correct / should_match if should_match else 1.0,
        "false_merges": len(predicted) - correct,
        "ms_per_article": statistics.mean(timings) * 1000,
        "bytes_per_article": store_path.stat().st_size / len(truth),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--thresholds", default="0.3,0.4,0.5,0.6,0.7,0.8,0.9")
    args = parser.parse_args()
    truth = truth_records("http://demo.invalid", args.articles, args.seed, copies=True)
    copies = sum(1 for t in truth if t["duplicate_of"])
    follow_ups = sum(1 for i in range(len(truth)) if follow_up_of(args.seed, i) is not None)
    print(
        f"demo truth: {len(truth)} articles, {copies} near-copies of "
        f"{len({t['duplicate_of'] for t in truth if t['duplicate_of']})} stories, "
        f"{follow_ups} follow-ups (hard negatives), shared agency paragraph in ~20 %"
    )
    print("threshold  predicted  precision  recall  false-merges  ms/article  store B/article")
    base_rss = rss_mb()
    with tempfile.TemporaryDirectory() as tmp:
        for n, threshold in enumerate(float(t) for t in args.thresholds.split(",")):
            r = run(truth, threshold, Path(tmp) / f"store-{n}.sqlite")
            print(
                f"{threshold:9.2f}  {r['predicted']:9.0f}  {r['precision']:9.4f}  "
                f"{r['recall']:6.4f}  {r['false_merges']:12.0f}  {r['ms_per_article']:10.3f}  "
                f"{r['bytes_per_article']:15.0f}"
            )
    print(
        f"peak RSS {rss_mb():.1f} MB (after building the truth: {base_rss:.1f} MB); "
        "the index itself lives in SQLite, not in RAM"
    )


if __name__ == "__main__":
    main()
