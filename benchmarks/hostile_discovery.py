"""A generic crawl of the demo site whose robots.txt names 12 sitemap bombs (`serve
--sitemap-bombs`: 1.5 MB `.xml.gz` files that unpack to 52 MB of valid XML each) against a
generic crawl of the same site without them: peak RSS of the crawler's process tree, wall time
and requests. The target: the bombed crawl's peak within 50 MB of the clean one's.

    python benchmarks/hostile_discovery.py [--articles 240] [--rounds 1]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hostile_pages import compare_sites


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=240)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    flags = {"clean": (), "sitemap_bombs": ("--sitemap-bombs",)}

    def difference(clean: dict[str, Any], bombs: dict[str, Any]) -> str:
        return (
            f"sitemap_bombs - clean: peak RSS "
            f"{bombs['peak_rss_mb'] - clean['peak_rss_mb']:+d} MB (target: within 50 MB), "
            f"time {bombs['seconds'] / clean['seconds']:.2f}x, "
            f"requests {bombs['requests'] / clean['requests']:.2f}x"
        )

    compare_sites(args.articles, args.rounds, flags, "generic", difference)


if __name__ == "__main__":
    main()
