"""Compare crawl output with the demo site's ground truth.

    python benchmarks/demo_quality.py output/bna_germany/*.jsonl --base-url http://127.0.0.1:PORT/ \
        [--articles N] [--seed S] [--edition E]
    python benchmarks/demo_quality.py FEED.jsonl --truth truth.jsonl

Prints article precision/recall and per-field accuracy; exit status 0 only when perfect.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from newscrawl.evaluation import compare, read_jsonl


def truth_from_demo(args: argparse.Namespace) -> list[dict[str, object]]:
    command = [sys.executable, "-m", "newscrawl.demo", "truth", "--base-url", args.base_url]
    for flag in ("articles", "seed", "edition"):
        if getattr(args, flag) is not None:
            command += [f"--{flag}", str(getattr(args, flag))]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("feeds", nargs="+", type=Path)
    parser.add_argument("--truth", type=Path)
    parser.add_argument("--base-url")
    parser.add_argument("--articles", type=int)
    parser.add_argument("--seed", type=int)
    parser.add_argument("--edition", type=int)
    args = parser.parse_args()
    if args.truth:
        truth = read_jsonl([args.truth])
    elif args.base_url:
        truth = truth_from_demo(args)
    else:
        parser.error("give --truth FILE or --base-url of the demo site the feeds came from")
    report = compare(read_jsonl(args.feeds), truth)
    print("\n".join(report.lines()))
    return 0 if report.perfect() else 1


if __name__ == "__main__":
    sys.exit(main())
