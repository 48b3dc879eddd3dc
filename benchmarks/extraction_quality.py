"""Body-text quality and speed of the generic extractor against trafilatura.

    .venv/bin/python benchmarks/extraction_quality.py [DATA_DIR] [--worst 15] [--only ours]

DATA_DIR holds html/<id>.html.gz and ground-truth.json ({id: {articleBody, url}}); it
defaults to ../shared/benchmarks/article-extraction next to the repository and is read in
place, never copied. The metric is the benchmark's own: lowercase `\\w+` tokens, multisets of
4-token shingles, precision and recall per page averaged over pages, F1 the harmonic mean of
the two averages. A set whose truth is snippets ({id: {url, with, without}}, trafilatura's
evaluation corpus) is scored as its README says: whitespace normalised, a `with` snippet found
is a true positive (missing: a false negative), a `without` snippet found a false positive;
precision, recall and F1 over all snippets of the set. Times are per page and include parsing.
Prints figures, never pass/fail.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from newscrawl.extraction import NotAnArticle, extract_article
from newscrawl.extraction.decode import decode_html

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "benchmarks" / "article-extraction"
Extractor = Callable[[str, str], str]


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = re.findall(r"\w+", text.lower())
    if len(tokens) < n:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def precision_recall(truth: str, predicted: str) -> tuple[float, float]:
    expected, got = shingles(truth), shingles(predicted)
    tp = sum((expected & got).values())
    fp = sum((got - expected).values())
    fn = sum((expected - got).values())
    if fp == fn == 0:
        return 1.0, 1.0
    if tp == 0:
        return 0.0, 0.0
    return tp / (tp + fp), tp / (tp + fn)


def ours(html: str, url: str) -> str:
    """The body `extract_article` gives; these pages are known articles, so the test that a
    page is a story (measured by benchmarks/page_types.py) is skipped."""
    try:
        return extract_article(html, url, known_article=True).body
    except NotAnArticle:
        return ""


def trafilatura_extractor(**options: bool) -> Extractor:
    import trafilatura

    def extract(html: str, url: str) -> str:
        return trafilatura.extract(html, url=url, **options) or ""

    return extract


Truth = str | tuple[list[str], list[str]]  # a body, or (snippets it has, snippets it has not)


def load_pages(data: Path) -> list[tuple[str, str, str, Truth]]:
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages: list[tuple[str, str, str, Truth]] = []
    for page_id in sorted(truth):
        raw = gzip.decompress((data / "html" / f"{page_id}.html.gz").read_bytes())
        entry = truth[page_id]
        expected: Truth = (
            (list(entry.get("with") or []), list(entry.get("without") or []))
            if "articleBody" not in entry
            else entry["articleBody"] or ""
        )
        # a page the set gives no address for gets a placeholder: a record needs an absolute
        # URL (the schema), and relative links resolve against it as against none
        url = entry.get("url") or f"https://unknown.invalid/{page_id}"
        pages.append((page_id, url, decode_html(raw), expected))
    return pages


def snippet_counts(truth: tuple[list[str], list[str]], predicted: str) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) of one page's snippets."""
    text = " ".join(predicted.split())
    found = [" ".join(s.split()) in text for s in truth[0]]
    unwanted = [" ".join(s.split()) in text for s in truth[1]]
    return sum(found), sum(unwanted), len(found) - sum(found)


def run(extractor: Extractor, pages: list[tuple[str, str, str, Truth]]) -> dict[str, object]:
    scores: list[tuple[str, float, float]] = []
    counts = [0, 0, 0]  # snippet sets: tp, fp, fn over the whole set
    times: list[float] = []
    for page_id, url, html, truth in pages:
        start = time.perf_counter()
        predicted = extractor(html, url)
        times.append((time.perf_counter() - start) * 1000)
        if isinstance(truth, str):
            scores.append((page_id, *precision_recall(truth, predicted)))
            continue
        tp, fp, fn = snippet_counts(truth, predicted)
        counts = [counts[0] + tp, counts[1] + fp, counts[2] + fn]
        scores.append(
            (page_id, tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0)
        )
    if any(counts):
        tp, fp, fn = counts
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
    else:
        precision = statistics.fmean(s[1] for s in scores)
        recall = statistics.fmean(s[2] for s in scores)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    times.sort()
    p90 = times[min(len(times) - 1, int(0.9 * len(times)))]
    return {"P": precision, "R": recall, "F1": f1, "median": statistics.median(times),
            "p90": p90, "scores": scores}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--worst", type=int, default=15, help="worst pages of ours to list")
    parser.add_argument("--only", choices=["ours", "all"], default="all")
    args = parser.parse_args()
    pages = load_pages(args.data)
    extractors: dict[str, Extractor] = {"newscrawl extract_article": ours}
    if args.only == "all":
        extractors["trafilatura favor_precision"] = trafilatura_extractor(favor_precision=True)
        extractors["trafilatura default"] = trafilatura_extractor()
    results = {name: run(extract, pages) for name, extract in extractors.items()}
    print(f"{len(pages)} pages from {args.data}")
    print(f"{'extractor':30} {'F1':>6} {'P':>6} {'R':>6} {'median ms':>10} {'p90 ms':>8}")
    for name, r in results.items():
        print(f"{name:30} {r['F1']:6.4f} {r['P']:6.4f} {r['R']:6.4f} "
              f"{r['median']:10.1f} {r['p90']:8.1f}")  # fmt: skip
    scores = results["newscrawl extract_article"]["scores"]
    assert isinstance(scores, list)
    print(f"\nworst {args.worst} pages of ours (by P+R): id P R")
    for page_id, p, r in sorted(scores, key=lambda s: s[1] + s[2])[: args.worst]:
        print(f"  {page_id[:16]} {p:.3f} {r:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
