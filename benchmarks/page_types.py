"""Page-type recognition on real pages: which pages the generic path takes for stories.

    .venv/bin/python benchmarks/page_types.py [BENCHMARKS_DIR] [--misses]
        [--save VERDICTS.json] [--compare VERDICTS.json]

The recogniser (`extraction/generic/recognise.py`: `article_evidence`) on every page of
../shared/benchmarks (read in place, never copied): for wcxb-2026-non-articles-dev (263
non-article pages with their type) the share refused, overall and per type, with the refusal
codes it gave; for the article sets beside it (wcxb-2026-articles, article-extraction,
trafilatura-eval-dev) the share accepted; and the median microseconds per page (the
recogniser alone, on an already parsed page). Prints figures, never pass/fail.

`--misses` lists the pages behind the shortfalls (each non-article accepted, each article
refused, with its address and code); `--save` writes every page's verdict (its refusal code,
or null for accepted) to a JSON file, and `--compare` lists the pages whose verdict differs
from such a file's: a change to the recogniser is measured page by page, in every set at
once.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newscrawl.extraction.decode import decode_html  # noqa: E402
from newscrawl.extraction.document import Document, UnparseablePage  # noqa: E402
from newscrawl.extraction.generic.recognise import article_evidence  # noqa: E402
from newscrawl.extraction.refusal import NotAnArticle  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "benchmarks"
NON_ARTICLES = "wcxb-2026-non-articles-dev"
ARTICLE_SETS = ("wcxb-2026-articles", "article-extraction", "trafilatura-eval-dev")
# What the issue "Which pages are stories" asks, printed beside each figure (never asserted)
REFUSED_TARGET = 0.95  # of all non-articles
TYPE_TARGET = 0.90  # of each type of non-article
ACCEPTED_TARGET = 0.98  # of each article set


@dataclass(frozen=True, slots=True)
class Verdict:
    page: str  # "<set>/<page id>"
    url: str | None
    kind: str  # the page's type in the truth, or "article"
    code: str | None  # the refusal code, None where the page is taken for a story
    micros: float  # the recogniser's time on the parsed page


def verdicts(data: Path) -> list[Verdict]:
    """The recogniser's verdict on every page of a set."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    found = []
    for page_id in sorted(truth):
        raw = gzip.decompress((data / "html" / f"{page_id}.html.gz").read_bytes())
        kind = truth[page_id].get("page_type") or "article"
        url = truth[page_id].get("url") or None
        page = f"{data.name}/{page_id}"
        try:
            doc = Document.parse(decode_html(raw))
        except UnparseablePage:
            found.append(Verdict(page, url, kind, "unparseable_page", 0.0))
            continue
        start = time.perf_counter()
        try:
            article_evidence(doc, url)
            code = None
        except NotAnArticle as refused:
            code = refused.detail or refused.reason
        found.append(Verdict(page, url, kind, code, (time.perf_counter() - start) * 1e6))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--misses", action="store_true", help="list the pages of the shortfalls")
    parser.add_argument("--save", type=Path, help="write every page's verdict to this JSON file")
    parser.add_argument("--compare", type=Path, help="list the verdicts that differ from a --save")
    args = parser.parse_args()
    before = _read_saved(args.compare) if args.compare else None
    pages = verdicts(args.data / NON_ARTICLES)
    every = list(pages)
    by_type: dict[str, list[str | None]] = defaultdict(list)
    for verdict in pages:
        by_type[verdict.kind].append(verdict.code)
    share = sum(v.code is not None for v in pages) / len(pages)
    print(f"{NON_ARTICLES}: {len(pages)} non-articles, refused {share:.3f} "
          f"{_against(share, REFUSED_TARGET)}")  # fmt: skip
    for kind, codes in sorted(by_type.items()):
        share = sum(c is not None for c in codes) / len(codes)
        common = Counter(c for c in codes if c is not None).most_common(3)
        print(f"  {kind:14} {len(codes):4} pages  refused {share:.3f} "
              f"{_against(share, TYPE_TARGET)}  codes {common}")  # fmt: skip
    for name in ARTICLE_SETS:
        found = verdicts(args.data / name)
        every += found
        share = sum(v.code is None for v in found) / len(found)
        common = Counter(v.code for v in found if v.code is not None).most_common(3)
        print(f"{name}: {len(found)} articles, accepted {share:.3f} "
              f"{_against(share, ACCEPTED_TARGET)}  refusals {common}")  # fmt: skip
    median = statistics.median(v.micros for v in every)
    print(f"median {median:.0f} µs per page (recogniser on a parsed page)")
    if args.misses:
        _print_misses(every)
    if before is not None:
        _print_changes(before, every)
    if args.save:
        saved = {v.page: v.code for v in every}
        args.save.write_text(json.dumps(saved, indent=0, sort_keys=True) + "\n", encoding="utf-8")
        print(f"verdicts of {len(saved)} pages saved to {args.save}")


def _print_misses(every: list[Verdict]) -> None:
    """The non-articles taken for stories, and the articles refused."""
    taken = [v for v in every if v.kind != "article" and v.code is None]
    refused = [v for v in every if v.kind == "article" and v.code is not None]
    print(f"\nnon-articles taken for stories ({len(taken)}):")
    for v in taken:
        print(f"  {v.page:40} {v.kind:14} {v.url or '-'}")
    print(f"\narticles refused ({len(refused)}):")
    for v in refused:
        print(f"  {v.page:40} {v.code:22} {v.url or '-'}")


def _read_saved(path: Path) -> dict[str, str | None]:
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        sys.exit(f"--compare {path}: not a file of saved verdicts ({exc})")
    if not isinstance(saved, dict):
        sys.exit(f"--compare {path}: not a file of saved verdicts (no JSON object)")
    return saved


def _print_changes(before: dict[str, str | None], every: list[Verdict]) -> None:
    """Each page whose verdict differs from the saved one: taken <-> refused, then the
    refusals that changed only their code."""
    flips, recoded = [], []
    for v in every:
        if v.page not in before:
            continue
        old = before[v.page]
        if (old is None) != (v.code is None):
            flips.append((v, old))
        elif old != v.code:
            recoded.append((v, old))
    print(f"\nagainst the saved verdicts: {len(flips)} pages changed between taken and refused, "
          f"{len(recoded)} changed their refusal code")  # fmt: skip
    for v, old in flips + recoded:
        print(f"  {v.page:40} {v.kind:14} {old or 'taken'} -> {v.code or 'taken'}")


def _against(share: float, target: float) -> str:
    """The figure beside the issue's target: "(target 0.95: met)" or "(… short by 0.068)"."""
    gap = target - share
    return f"(target {target:.2f}: {'met' if gap <= 0 else f'short by {gap:.3f}'})"


if __name__ == "__main__":
    main()
