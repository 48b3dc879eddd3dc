"""Rendered vs plain pages: what the browser costs for a needs_js section.

Serves `python -m newscrawl.demo serve --js`, then fetches, each in a fresh crawler process,
(1) the ticker listing (clicking "Mehr laden" to the end) and every ticker article through
headless Chromium with the bna_germany profile's page actions, and (2) the same number of
ordinary listing pages over plain HTTP. Prints pages/s of each and the peak RSS of the
crawler process plus all its children (Chromium's processes); RSS is summed per process, so
memory they share is counted more than once: read it as an upper bound.

    python benchmarks/js_sections.py [--articles 2000] [--pages 4]
Chromium: NEWSCRAWL_CHROMIUM, else Playwright's own, else `chromium` on PATH.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _tree_rss_kib(root: int) -> int:
    """RSS of `root` and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                parents[int(entry.name)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [p for p, parent in parents.items() if parent == pid and p not in tree]
        tree.update(children)
        frontier += children
    total = 0
    for pid in tree:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


def _measure(command: list[str]) -> tuple[dict[str, Any], int]:
    """Run a worker; returns its JSON report and the peak RSS (KiB) of its process tree."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    peak, done = 0, threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.1):
            peak = max(peak, _tree_rss_kib(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = process.communicate(timeout=1800)
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"worker failed ({process.returncode}): {' '.join(command)}")
    return json.loads(out.strip().splitlines()[-1]), peak


def _worker(mode: str, urls_file: str) -> None:
    """Fetch the URLs (rendered or plain) in one Scrapy crawl and print a JSON report."""
    import scrapy
    from scrapy.crawler import CrawlerProcess
    from scrapy.http import Response

    from newscrawl.browser.setup import enable_browser
    from newscrawl.extraction.rendering import rule_for_listing, rule_for_page
    from newscrawl.sites import get_profile

    rules = get_profile("bna_germany").needs_js
    urls = Path(urls_file).read_text().split()

    class Pages(scrapy.Spider):
        name = "js_bench"

        async def start(self) -> Any:
            for url in urls:
                rule = rule_for_page(rules, url) or rule_for_listing(rules, "ticker", url)
                meta: dict[str, Any] = {}
                if mode == "render" and rule is not None:
                    from newscrawl.browser.actions import render_meta

                    meta = render_meta(rule.actions)
                yield scrapy.Request(url, meta=meta, dont_filter=True)

        def parse(self, response: Response) -> None:
            kind = "browser" if "playwright" in response.flags else "plain"
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value(f"bench/{kind}")

    settings: dict[str, Any] = {
        "LOG_LEVEL": "ERROR",
        "ROBOTSTXT_OBEY": False,
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
        "TELNETCONSOLE_ENABLED": False,
        "NEWSCRAWL_CHROMIUM": os.environ.get("NEWSCRAWL_CHROMIUM", ""),
        "NEWSCRAWL_BROWSER_PAGES": int(os.environ.get("JS_BENCH_PAGES", "4")),
    }
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(Pages)
    if mode == "render":
        enable_browser(crawler.settings)
    started = time.perf_counter()
    process.crawl(crawler)
    process.start()
    seconds = time.perf_counter() - started
    stats = crawler.stats.get_stats() if crawler.stats else {}
    pages = int(stats.get("bench/browser", 0)) + int(stats.get("bench/plain", 0))
    report = {"pages": pages, "browser": stats.get("bench/browser", 0), "seconds": seconds}
    print(json.dumps(report))


def _urls(base: str, articles: int) -> tuple[list[str], list[str]]:
    """Ticker listing + ticker articles; as many ordinary listing pages."""
    sys.path.insert(0, str(ROOT))
    from newscrawl.demo.index import SECTION_SLUGS
    from newscrawl.demo.site import DemoSite

    site = DemoSite(articles, js=True)
    assert site.js is not None
    rendered = [base + "kategorie/ticker/"] + [base + m.path[1:] for m in site.js.metas]
    plain = [
        base + (f"kategorie/{s}/" if n == 1 else f"kategorie/{s}/page/{n}/")
        for s in SECTION_SLUGS
        for n in range(1, site.listing_pages(s) + 1)
    ]
    return rendered, (plain * (1 + len(rendered) // len(plain)))[: len(rendered)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--pages", type=int, default=4, help="NEWSCRAWL_BROWSER_PAGES")
    args = parser.parse_args()
    serve = [sys.executable, "-m", "newscrawl.demo", "serve", "--js"]
    server = subprocess.Popen(
        [*serve, "--articles", str(args.articles)], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert server.stdout is not None
        base = server.stdout.readline().strip()
        rendered, plain = _urls(base, args.articles)
        os.environ["JS_BENCH_PAGES"] = str(args.pages)
        rows = []
        for mode, urls in (("render", rendered), ("plain", plain)):
            path = Path(f"/tmp/js_bench_{os.getpid()}_{mode}.txt")
            path.write_text("\n".join(urls))
            report, peak = _measure([sys.executable, __file__, "--worker", mode, str(path)])
            path.unlink()
            rows.append((mode, report, peak))
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"demo site --articles {args.articles} --js; browser pages at once: {args.pages}")
    print(f"{'path':<10}{'pages':>7}{'seconds':>9}{'pages/s':>9}{'peak RSS (crawler+browser)':>29}")
    for mode, report, peak in rows:
        rate = report["pages"] / report["seconds"]
        label = "rendered" if mode == "render" else "plain"
        print(
            f"{label:<10}{report['pages']:>7}{report['seconds']:>9.1f}{rate:>9.1f}"
            f"{peak / 1024:>25.0f} MiB"
        )


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--worker":
        _worker(sys.argv[2], sys.argv[3])
    else:
        main()
