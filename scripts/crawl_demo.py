"""Serve the bundled demo site, crawl it with `scrapy crawl bna_germany`, score the result.

Used by `make demo`. Extra arguments go to the demo server (e.g. `--articles 1000`).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


OWN_SERVER = ("-s", "NEWSCRAWL_POLITENESS=off")  # the demo is our own server: full speed


def main(argv: list[str]) -> int:
    server = subprocess.Popen(
        [sys.executable, "-m", "newscrawl.demo", "serve", "--port", "0", *argv],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert server.stdout is not None
        base_url = server.stdout.readline().strip()
        if not base_url.startswith("http://"):
            print(f"demo server did not start (said {base_url!r})", file=sys.stderr)
            return 2
        print(f"demo site: {base_url}", flush=True)
        scrapy = Path(sys.executable).with_name("scrapy")
        before = set((ROOT / "output").glob("bna_germany/*.jsonl"))
        crawl = subprocess.run(
            # our own server on loopback: politeness off, with the documented switch
            [str(scrapy), "crawl", "bna_germany", "-a", f"base_url={base_url}", *OWN_SERVER],
            cwd=ROOT,
        )
        if crawl.returncode != 0:
            return crawl.returncode
        new = sorted(set((ROOT / "output").glob("bna_germany/*.jsonl")) - before)
        if not new:
            print("the crawl wrote no feed", file=sys.stderr)
            return 1
        print(f"feed: {new[-1].relative_to(ROOT)}", flush=True)
        quality = [sys.executable, str(ROOT / "benchmarks" / "demo_quality.py")]
        return subprocess.run([*quality, str(new[-1]), "--base-url", base_url, *argv]).returncode
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
