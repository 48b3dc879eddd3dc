"""CPU cost of each extraction and pipeline stage per article, without Scrapy or a server.

    python benchmarks/stage_costs.py [--articles 300] [--generic]

Renders demo articles in memory and runs the same stage functions the pipelines call, timing
each with perf_counter; prints milliseconds per article by stage. Use it to see where the time
goes before optimising (crawl_throughput.py gives the end-to-end figures).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newscrawl.demo.site import DemoSite  # noqa: E402
from newscrawl.extraction import chain as steps  # noqa: E402
from newscrawl.extraction.document import parse_html  # noqa: E402
from newscrawl.extraction.draft import extract_draft  # noqa: E402
from newscrawl.extraction.garbled import garbled_reason  # noqa: E402
from newscrawl.extraction.normalize import to_article  # noqa: E402
from newscrawl.schema import compiled_check  # noqa: E402
from newscrawl.similarity import signature  # noqa: E402
from newscrawl.sites import get_profile  # noqa: E402

BASE = "http://127.0.0.1:8000"
ARTICLE = re.compile(rb'href="(?:http://[^/"]+)?(/\d{4}/\d\d/\d\d/[^"#?]+/)"')


def article_pages(count: int) -> list[tuple[str, bytes]]:
    site = DemoSite(max(count, 240))
    paths: dict[str, None] = {}
    for section in ("politik", "wirtschaft", "welt", "kultur", "sport", "wissenschaft"):
        for page in range(1, 200):
            target = f"/kategorie/{section}/" + (f"page/{page}/" if page > 1 else "")
            status, _, body = site.render(target, BASE)
            if status != 200:
                break
            paths.update(dict.fromkeys(p.decode() for p in ARTICLE.findall(body)))
            if len(paths) >= count:
                break
    pages = []
    for path in list(paths)[:count]:
        status, _, body = site.render(path, BASE)
        if status == 200:
            pages.append((BASE + path, body))
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--generic", action="store_true", help="generic mode, no profile")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    pages = article_pages(args.articles)
    profile = None if args.generic else get_profile("bna_germany")
    totals: Counter[str] = Counter()
    clock = time.perf_counter
    for _ in range(args.rounds):
        for url, html in pages:
            t0 = clock()
            parse_html(html)
            t1 = clock()
            totals["parse (lxml, alone)"] += t1 - t0
            t0 = clock()
            draft = extract_draft(url, html, profile)
            t1 = clock()
            steps.settle_url(draft)
            t2 = clock()
            steps.remove_ads(draft, profile)
            t3 = clock()
            steps.remove_widgets(draft, profile)
            t4 = clock()
            steps.fill_body(draft, profile)
            t5 = clock()
            article = to_article(draft)
            t6 = clock()
            captions = [t for i in article.images for t in (i.caption, i.credit)]
            garbled_reason([article.title, article.lead, article.body, article.source, *captions])
            t7 = clock()
            record = article.to_record()
            t8 = clock()
            compiled_check()(record)
            t9 = clock()
            signature(article.body)
            t10 = clock()
            for name, seconds in (
                ("extract draft (incl. parse)", t1 - t0),
                ("settle url", t2 - t1),
                ("strip ads", t3 - t2),
                ("strip widgets", t4 - t3),
                ("body text", t5 - t4),
                ("normalize", t6 - t5),
                ("garbled check", t7 - t6),
                ("to_record", t8 - t7),
                ("schema check", t9 - t8),
                ("minhash", t10 - t9),
            ):
                totals[name] += seconds
    n = len(pages) * args.rounds
    mode = "generic" if profile is None else "bna_germany"
    print(f"{len(pages)} demo articles x {args.rounds} rounds, {mode}")
    total = 0.0
    for name, seconds in totals.items():
        if not name.startswith("parse"):
            total += seconds
        print(f"  {name:<30} {seconds / n * 1000:7.3f} ms")
    print(f"  {'total (without parse alone)':<30} {total / n * 1000:7.3f} ms")


if __name__ == "__main__":
    main()
