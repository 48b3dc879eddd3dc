"""Extraction quality and speed on real pages: extract_article against trafilatura and htmldate.

    .venv/bin/python benchmarks/extraction_quality.py [DATA_DIR ...] [--worst 15] [--only ours]

Each DATA_DIR holds html/<id>.html.gz and ground-truth.json; by default the three article sets
under ../shared/benchmarks (article-extraction, wcxb-2026-articles, trafilatura-eval-dev), read
in place, never copied. Per set and extractor it prints:
- body: the AEB metric where the truth is a body (lowercase `\\w+` tokens, multisets of
  4-token shingles, per-page precision and recall averaged, F1 their harmonic mean); where the
  truth is snippets ({with, without}, trafilatura's corpus) as its README says (whitespace
  normalised; a `with` snippet found is a true positive, missing a false negative, a `without`
  snippet found a false positive; P, R and F1 over all snippets of the set);
- title: share of pages whose title equals the truth's (whitespace collapsed, case folded);
- date: share of pages whose publication day equals the truth's, over the pages whose truth
  states a day (±1 h where the truth has a time: no set here has one, so "-");
- authors: word-set F1 against the truth's author string, averaged over pages that name one;
- empty: pages with no body at all;
- median and p90 milliseconds per page (parsing included).
Where a set has no truth for a field, "-". Prints figures, never pass/fail.
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newscrawl.extraction import NotAnArticle, extract_article
from newscrawl.extraction.decode import decode_html

REPO = Path(__file__).resolve().parent.parent
SETS = REPO.parent / "shared" / "benchmarks"
DEFAULT_DATA = [SETS / name for name in ("article-extraction", "wcxb-2026-articles",
                                         "trafilatura-eval-dev")]  # fmt: skip


@dataclass(slots=True)
class Extracted:
    body: str | None = None  # None: the extractor does not give one (htmldate)
    title: str | None = None
    date: str | None = None  # ISO, at least the day
    authors: list[str] = field(default_factory=list)


Extractor = Callable[[str, str], Extracted]


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


def ours(html: str, url: str) -> Extracted:
    """What `extract_article` gives; these pages are known articles, so the test that a page
    is a story (measured by benchmarks/page_types.py) is skipped."""
    try:
        article = extract_article(html, url, known_article=True)
    except NotAnArticle:
        return Extracted(body="")
    return Extracted(article.body, article.title, article.published_at, article.authors)


def trafilatura_extractor(**options: bool) -> Extractor:
    import trafilatura

    def extract(html: str, url: str) -> Extracted:
        found = trafilatura.bare_extraction(html, url=url, with_metadata=True, **options)
        if found is None:
            return Extracted(body="")
        get = found.get if isinstance(found, dict) else lambda key: getattr(found, key, None)
        author = get("author") or ""
        return Extracted(get("text") or "", get("title"), get("date"),
                         [a.strip() for a in author.split(";") if a.strip()])  # fmt: skip

    return extract


def htmldate_extractor(html: str, url: str) -> Extracted:
    from htmldate import find_date

    return Extracted(date=find_date(html, url=url, original_date=True))


Truth = str | tuple[list[str], list[str]]  # a body, or (snippets it has, snippets it has not)


@dataclass(slots=True)
class Fields:
    """The truth of a page's other fields, where the set has it."""

    title: str | None = None
    day: str | None = None
    author: str | None = None


FIELDS: dict[str, Fields] = {}  # page id -> its field truth (filled by load_pages)


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
        FIELDS[f"{data.name}/{page_id}"] = Fields(
            entry.get("title"), entry.get("publish_date"), entry.get("author")
        )
    return pages


def snippet_counts(truth: tuple[list[str], list[str]], predicted: str) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) of one page's snippets."""
    text = " ".join(predicted.split())
    found = [" ".join(s.split()) in text for s in truth[0]]
    unwanted = [" ".join(s.split()) in text for s in truth[1]]
    return sum(found), sum(unwanted), len(found) - sum(found)


def _norm(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _share(hits: list[bool]) -> float | None:
    return sum(hits) / len(hits) if hits else None


def run(extractor: Extractor, pages: list[tuple[str, str, str, Truth]], set_name: str
        ) -> dict[str, Any]:  # fmt: skip
    scores: list[tuple[str, float, float]] = []
    counts = [0, 0, 0]  # snippet sets: tp, fp, fn over the whole set
    times: list[float] = []
    titles: list[bool] = []
    days: list[bool] = []
    authors: list[float] = []
    empty = 0
    for page_id, url, html, truth in pages:
        start = time.perf_counter()
        got = extractor(html, url)
        times.append((time.perf_counter() - start) * 1000)
        fields = FIELDS.get(f"{set_name}/{page_id}", Fields())
        whole = got.body is not None  # htmldate gives a date only
        if fields.title and whole:
            titles.append(_norm(got.title) == _norm(fields.title))
        if fields.day:
            days.append((got.date or "")[:10] == fields.day[:10])
        if fields.author and whole:
            expected, found = _words(fields.author), _words(" ".join(got.authors))
            common = len(expected & found)
            authors.append(2 * common / (len(expected) + len(found)) if common else 0.0)
        if got.body is None:
            continue
        empty += not got.body.strip()
        if isinstance(truth, str):
            scores.append((page_id, *precision_recall(truth, got.body)))
            continue
        tp, fp, fn = snippet_counts(truth, got.body)
        counts = [counts[0] + tp, counts[1] + fp, counts[2] + fn]
        scores.append(
            (page_id, tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0)
        )
    figures: dict[str, Any] = {"scores": scores, "empty": empty if scores else None}
    if any(counts):
        tp, fp, fn = counts
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
    elif scores:
        precision = statistics.fmean(s[1] for s in scores)
        recall = statistics.fmean(s[2] for s in scores)
    else:
        precision = recall = None
    if precision is not None and recall is not None:
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        figures.update(P=precision, R=recall, F1=f1)
    times.sort()
    figures.update(
        title=_share(titles),
        day=_share(days),
        authors=statistics.fmean(authors) if authors else None,
        median=statistics.median(times),
        p90=times[min(len(times) - 1, int(0.9 * len(times)))],
    )
    return figures


def _cell(value: float | int | None, width: int, digits: int = 4) -> str:
    if value is None:
        return f"{'-':>{width}}"
    if isinstance(value, int):
        return f"{value:>{width}d}"
    return f"{value:>{width}.{digits}f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", nargs="*", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--worst", type=int, default=15, help="worst pages of ours to list")
    parser.add_argument("--only", choices=["ours", "all"], default="all")
    args = parser.parse_args()
    extractors: dict[str, Extractor] = {"newscrawl extract_article": ours}
    if args.only == "all":
        extractors["trafilatura favor_precision"] = trafilatura_extractor(favor_precision=True)
        extractors["trafilatura default"] = trafilatura_extractor()
        extractors["htmldate (dates only)"] = htmldate_extractor
    for data in args.data:
        pages = load_pages(data)
        results = {name: run(extract, pages, data.name) for name, extract in extractors.items()}
        print(f"\n{data.name}: {len(pages)} pages ({data})")
        print(f"{'extractor':30} {'F1':>6} {'P':>6} {'R':>6} {'title':>6} {'date':>6} "
              f"{'±1h':>4} {'author':>6} {'empty':>5} {'med ms':>7} {'p90 ms':>7}")  # fmt: skip
        for name, r in results.items():
            print(f"{name:30} {_cell(r.get('F1'), 6)} {_cell(r.get('P'), 6)} "
                  f"{_cell(r.get('R'), 6)} {_cell(r['title'], 6, 3)} {_cell(r['day'], 6, 3)} "
                  f"{_cell(None, 4)} {_cell(r['authors'], 6, 3)} {_cell(r['empty'], 5)} "
                  f"{r['median']:7.1f} {r['p90']:7.1f}")  # fmt: skip
        scores = results["newscrawl extract_article"]["scores"]
        if args.worst:
            print(f"worst {args.worst} pages of ours (by P+R): id P R")
            for page_id, p, r in sorted(scores, key=lambda s: s[1] + s[2])[: args.worst]:
                print(f"  {page_id[:16]} {p:.3f} {r:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
