"""A generic crawl of the demo site whose robots.txt names 12 sitemap bombs (`serve
--sitemap-bombs`: 1.5 MB `.xml.gz` files that unpack to 52 MB of valid XML each) against a
generic crawl of the same site without them: peak RSS of the crawler's process tree, wall time
and requests. The target: the bombed crawl's peak within 50 MB of the clean one's.

    python benchmarks/hostile_discovery.py [--articles 240] [--rounds 1]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hostile_pages import crawl, serve


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=240)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    sites = {
        name: serve("--articles", str(args.articles), *flags)
        for name, flags in (("clean", ()), ("sitemap_bombs", ("--sitemap-bombs",)))
    }
    try:
        for round_ in range(1, args.rounds + 1):
            results = {name: crawl(url, "generic") for name, (_, url) in sites.items()}
            for name, result in results.items():
                print(f"round {round_} {name:13} {json.dumps(result)}")
            clean, bombs = results["clean"], results["sitemap_bombs"]
            print(
                f"round {round_} sitemap_bombs - clean: peak RSS "
                f"{bombs['peak_rss_mb'] - clean['peak_rss_mb']:+d} MB (target: within 50 MB), "
                f"time {bombs['seconds'] / clean['seconds']:.2f}x, "
                f"requests {bombs['requests'] / clean['requests']:.2f}x"
            )
    finally:
        for process, _ in sites.values():
            process.terminate()
            process.wait(timeout=10)


if __name__ == "__main__":
    main()
