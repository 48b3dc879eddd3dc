"""The generic spider on real news sites: the harness in `../shared/realsites/` (its README
says where each site's pages come from and how they are prepared, served and scored), run for
every site and every URL form its spec lists. Prints one line per run: recall, non-articles
emitted, published_at exact, title exact, requests, seconds; then the targets.

    python benchmarks/real_sites.py --mirrors DIR [--realsites DIR] [--work DIR] [--sites okc,...]

DIR of `--mirrors` holds one git directory per site's repository, named `OWNER+NAME` (as the
tool library's `fetch` leaves them: `DIR/OWNER+NAME/repo`, a bare repository or a checkout);
a site is prepared into `--work` once (about 2 s) and reused. Each crawl runs with
`-s NEWSCRAWL_POLITENESS=off` (the server is our own loopback copy), one at a time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"recall": 0.98, "published_exact": 0.98, "title_exact": 0.95}
_RUN = re.compile(
    r"RUN tag=(?P<tag>\S+) exit=(?P<exit>-?\d+) wall_s=(?P<seconds>[\d.]+) "
    r"requests=(?P<requests>\d+).*?recall (?P<found>\d+)/(?P<truth>\d+)=(?P<recall>[\d.]+) "
    r"non_articles (?P<non_articles>\d+).*?published_at exact (?P<published_exact>[\d.]+|n/a)"
    r".*?title exact (?P<title_exact>[\d.]+|n/a)"
)


def git_dir(mirrors: Path, source: str) -> Path:
    """The repository of `github:OWNER/NAME` under `mirrors`."""
    owner, name = source.removeprefix("github:").split("/", 1)
    base = mirrors / f"{owner}+{name}"
    for candidate in (base / "repo" / ".git", base / "repo", base / ".git", base):
        if (candidate / "HEAD").exists():
            return candidate
    raise SystemExit(f"no git directory for {source} under {mirrors} (fetch it first)")


def prepared(realsites: Path, work: Path, site: str, source: str, mirrors: Path) -> Path:
    out = work / site
    if not (out / "truth.jsonl").exists():
        command = [sys.executable, str(realsites / "prepare.py"), site]
        command += [str(git_dir(mirrors, source)), str(out)]
        subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return out


def run(realsites: Path, out: Path, pretty: bool) -> dict[str, str]:
    command = [sys.executable, str(realsites / "run.py"), str(out)]
    command += ["--pretty"] if pretty else []
    command += ["--", "-s", "NEWSCRAWL_POLITENESS=off"]
    path = f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}"  # its `scrapy`
    env = {**os.environ, "PATH": path}
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)
    last = [line for line in done.stdout.splitlines() if line.startswith("RUN ")]
    match = _RUN.search(last[-1]) if last else None
    if match is None:
        raise SystemExit(f"no RUN line from {' '.join(command)}:\n{done.stdout[-2000:]}")
    return match.groupdict()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mirrors", type=Path, required=True)
    parser.add_argument("--realsites", type=Path, default=ROOT.parent / "shared" / "realsites")
    parser.add_argument("--work", type=Path, default=Path("/tmp/newscrawl-realsites"))
    parser.add_argument("--sites", help="comma-separated site names (default: all)")
    args = parser.parse_args()
    specs = json.loads((args.realsites / "sites.json").read_text("utf-8"))
    names = args.sites.split(",") if args.sites else [n for n in specs if not n.startswith("_")]
    print(
        f"{'site':10} {'form':11} {'recall':>7} {'non-art':>7} {'pub.exact':>9} "
        f"{'title':>6} {'requests':>8} {'seconds':>7} exit"
    )
    for name in names:
        spec = specs[name]
        out = prepared(args.realsites, args.work, name, spec["source"], args.mirrors)
        for mode in spec.get("modes", ["as-mirrored"]):
            found = run(args.realsites, out, pretty=mode == "pretty")
            print(
                f"{name:10} {mode:11} {found['recall']:>7} {found['non_articles']:>7} "
                f"{found['published_exact']:>9} {found['title_exact']:>6} "
                f"{found['requests']:>8} {found['seconds']:>7} {found['exit']}"
            )
    print("targets: " + ", ".join(f"{k} >= {v}" for k, v in TARGETS.items()) + ", non-art 0")


if __name__ == "__main__":
    main()
