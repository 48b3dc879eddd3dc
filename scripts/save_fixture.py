"""Record a per-site test case: the page as fetched, and an expected.json to fill in by hand.

    python scripts/save_fixture.py SLUG CASE URL-OR-FILE [--url URL] [--profile SLUG]

Writes tests/sites/SLUG/CASE/page.html (the bytes as served, or the file's) and
tests/sites/SLUG/CASE/expected.json holding the case's own keys (`fetched_url`, `profile`)
and the fields to pin, each null. Fill them from what a reader sees on the page (never from
newscrawl's output: the case is there to check it), write what kind of page it is in `why`,
and delete the fields the case is not about; tests/unit/test_site_cases.py fails on a case
whose title is not pinned or whose kind is not named.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PINNED = ("title", "published_at", "modified_at", "authors", "source", "lead", "tags", "body")


def page_bytes(where: str) -> bytes:
    if where.startswith(("http://", "https://")):
        request = urllib.request.Request(where, headers={"User-Agent": "newscrawl-fixture"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return bytes(response.read(8 * 1024 * 1024))
    return Path(where).read_bytes()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("slug", help="the site profile's slug, or 'generic'")
    parser.add_argument("case", help="a name for the case: what kind of page it is")
    parser.add_argument("page", help="the page's URL, or a saved file")
    parser.add_argument("--url", help="the address the page was fetched from (for a file)")
    parser.add_argument("--profile", help="the site profile that reads it (none: generic)")
    args = parser.parse_args()
    address = args.url or (args.page if args.page.startswith("http") else None)
    if address is None:
        parser.error("a saved file needs --url: the address it was fetched from")
    folder = ROOT / "tests" / "sites" / args.slug / args.case
    if folder.exists():
        print(f"{folder} exists: choose another case name", file=sys.stderr)
        return 1
    body = page_bytes(args.page)
    folder.mkdir(parents=True)
    (folder / "page.html").write_bytes(body)
    expected = {"why": None, "fetched_url": address, "url": address}
    if args.profile:
        expected["profile"] = args.profile
    expected.update(dict.fromkeys(PINNED))
    text = json.dumps(expected, ensure_ascii=False, indent=2) + "\n"
    (folder / "expected.json").write_text(text, "utf-8")
    print(f"saved {len(body)} bytes to {folder}; now fill in expected.json by hand")
    return 0


if __name__ == "__main__":
    sys.exit(main())
