"""Command line: `python -m newscrawl.demo serve|truth …`.

`serve` prints the base URL as its first stdout line (other tools wait for it) and runs until
SIGTERM/SIGINT; `truth` prints one JSON line per article, sorted by URL.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType
from typing import Any

from newscrawl.demo.index import SECTION_SLUGS, SiteIndex
from newscrawl.demo.server import HOST, DemoHTTPServer, is_loopback
from newscrawl.demo.site import DemoSite
from newscrawl.demo.truth import records_for, since_edition


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be >= 1")
    return value


def _loopback(text: str) -> str:
    if not is_loopback(text):
        raise argparse.ArgumentTypeError("must be a loopback address, 127.0.0.0/8")
    return text


def _sections(text: str) -> tuple[str, ...]:
    sections = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [slug for slug in sections if slug not in SECTION_SLUGS]
    if not sections or unknown or len(set(sections)) != len(sections):
        raise argparse.ArgumentTypeError(
            f"expected distinct sections of {', '.join(SECTION_SLUGS)}"
        )
    return sections


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m newscrawl.demo", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the demo site on 127.0.0.1")
    serve.add_argument("--port", type=int, default=0, help="0 picks a free port (default)")
    serve.add_argument(
        "--host",
        type=_loopback,
        default=HOST,
        help="a loopback address to serve on (127.0.0.0/8; default 127.0.0.1): several demo "
        "sites on hosts of their own",
    )
    truth = commands.add_parser("truth", help="print the ground truth as JSON lines")
    truth.add_argument("--base-url", required=True, help="base URL the site is served under")
    for sub in (serve, truth):
        sub.add_argument("--articles", type=_positive, default=240)
        sub.add_argument("--seed", type=int, default=1)
        sub.add_argument("--edition", type=_positive, default=1)
        sub.add_argument(
            "--sections",
            type=_sections,
            help=f"comma-separated: the sections this site has, of {', '.join(SECTION_SLUGS)} "
            "(default: all)",
        )
        sub.add_argument(
            "--copies", action="store_true", help="add syndicated near-copies (truth: duplicate_of)"
        )
        sub.add_argument(
            "--js", action="store_true", help="add the JavaScript-only section /kategorie/ticker/"
        )
        sub.add_argument(
            "--faults", action="store_true", help="add the hostile web (see demo/faults.py)"
        )
        sub.add_argument(
            "--bombs", action="store_true", help="add pages that stall or bloat (demo/bombs.py)"
        )
        sub.add_argument(
            "--sitemaps",
            action="store_true",
            help="serve Yoast's sitemap index, post sitemaps and a news sitemap (demo/sitemaps.py)",
        )
        sub.add_argument(
            "--orphans",
            type=int,
            default=0,
            help="N articles linked from no listing, only from the sitemaps and the feed",
        )
        sub.add_argument(
            "--sitemap-bombs",
            action="store_true",
            help="robots.txt names 12 gzipped sitemaps of 52 MB each (demo/bombs.py)",
        )
        sub.add_argument(
            "--updates",
            action="store_true",
            help="each edition after the first also updates a few earlier stories "
            "(demo/updates.py)",
        )
        sub.add_argument(
            "--maintenance",
            action="store_true",
            help="answer each article's first request with a 200 maintenance page",
        )
        sub.add_argument(
            "--redesign",
            action="store_true",
            help="article pages after a theme update: classes renamed, byline moved "
            "(demo/redesign.py); the truth is unchanged",
        )
    truth.add_argument(
        "--since-edition",
        type=_positive,
        help="what a cron run on --edition must emit after a finished run on this edition: "
        "the stories new since and (with --updates) the revisions of those updated since",
    )
    truth.add_argument(
        "--undeliverable",
        action="store_true",
        help="with --faults or --bombs: print the articles a crawl must refuse, with the reason",
    )
    return parser


def _serve(site: DemoSite, port: int, host: str = HOST) -> int:
    """Serve until SIGTERM/SIGINT; the URL line is flushed before anything else."""
    server = DemoHTTPServer(site, port, host)
    stop = threading.Event()

    def _on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    thread = threading.Thread(target=server.serve_forever, name="demo-site", daemon=True)
    thread.start()
    print(server.base_url + "/", flush=True)
    while not stop.wait(0.5):
        pass
    server.shutdown()
    server.server_close()
    return 0


def _truth(site: DemoSite, base_url: str, undeliverable: bool = False) -> int:
    """Write the truth as UTF-8 JSON lines."""
    records = records_for(site.index, base_url)
    if site.js is not None:
        records = sorted(records + site.js.records(base_url), key=lambda r: str(r["url"]))
    if site.faults is not None and site.bombs is not None and undeliverable:
        records = [
            *site.faults.truth(records, undeliverable=True),
            *site.bombs.truth(records, refused=True),
        ]
    else:
        if site.faults is not None:
            records = site.faults.truth(records, undeliverable=undeliverable)
        if site.bombs is not None:
            records = site.bombs.truth(records, refused=undeliverable)
    return _write(records)


def _write(records: list[dict[str, Any]]) -> int:
    """One UTF-8 JSON line per record; a reader closing the pipe early is not an error."""
    out = sys.stdout.buffer
    try:
        for rec in records:
            out.write(json.dumps(rec, ensure_ascii=False).encode("utf-8") + b"\n")
        out.flush()
    except BrokenPipeError:
        # Point stdout at devnull so the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit status."""
    args = _parser().parse_args(argv)
    site = DemoSite(
        args.articles,
        args.seed,
        args.edition,
        copies=args.copies,
        js=args.js,
        faults=args.faults,
        bombs=args.bombs,
        sitemap_bombs=args.sitemap_bombs,
        maintenance=args.maintenance,
        sitemaps=args.sitemaps,
        orphans=args.orphans,
        updates=args.updates,
        sections=args.sections,
        redesign=args.redesign,
    )
    if args.command == "serve":
        return _serve(site, args.port, args.host)
    if args.since_edition is not None:
        if args.since_edition > args.edition:
            _parser().error("--since-edition must not be later than --edition")
        earlier = SiteIndex(args.articles, args.seed, args.since_edition, copies=args.copies,
                            orphans=args.orphans, updates=args.updates,
                            sections=site.index.sections)  # fmt: skip
        return _write(since_edition(site.index, earlier, args.base_url))
    return _truth(site, args.base_url, args.undeliverable)


if __name__ == "__main__":
    sys.exit(main())
