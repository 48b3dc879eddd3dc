"""`document.select` against lxml's own CSSSelector on every page of the benchmark sets.

    .venv/bin/python benchmarks/selector_equivalence.py [BENCHMARKS_DIR] [--per-page 40]

For each page (html/*.html.gz of every set under ../shared/benchmarks, read in place),
through the page's class index (class_index.py) and without one: the
selectors of every site profile and of the cleaning, and random descendant and child chains
and lists made of the page's own tags and class words (seeded by the page name, so runs
repeat). Each is run from the document root and from a random element; the two must give
the same elements in the same order. Prints the pages and comparisons checked, every
disagreement, and the time of both ways. Exit status 1 on any disagreement.
"""

from __future__ import annotations

import argparse
import gzip
import random
import re
import sys
import time
from pathlib import Path

from lxml import etree
from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newscrawl.extraction import clean  # noqa: E402
from newscrawl.extraction.class_index import ClassIndex  # noqa: E402
from newscrawl.extraction.document import parse_html, selector  # noqa: E402
from newscrawl.sites import all_profiles  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "benchmarks"
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


def fixed_selectors() -> list[str]:
    found: list[str] = []
    for profile in all_profiles().values():
        fields = profile.fields
        for group in (
            profile.listing_links, profile.pagination, fields.title, fields.lead,
            fields.published, fields.modified, fields.authors, fields.source, fields.tags,
            fields.sections, fields.body, fields.featured_image, fields.image_credit,
            profile.strip_ads, profile.strip_related, profile.strip_boilerplate,
        ):  # fmt: skip
            found += [s.split("::")[0] for s in group]
    found += [", ".join(clean._AD_SELECTORS), ", ".join(clean._BOILERPLATE_SELECTORS)]
    return list(dict.fromkeys(found))


def random_selectors(root: HtmlElement, rng: random.Random, count: int) -> list[str]:
    tags = sorted(
        {e.tag for e in root.iter(etree.Element) if _NAME.fullmatch(str(e.tag)) is not None}
    )
    words = sorted({w for e in root.iter(etree.Element) for w in (e.get("class") or "").split()})
    words = [w for w in words if _NAME.fullmatch(w) is not None]

    def compound() -> str:
        tag = rng.choice([*tags, "", ""]) if tags else ""
        cls = "." + rng.choice(words) if words and rng.random() < 0.7 else ""
        if words and rng.random() < 0.15:  # a part of a class word
            word = rng.choice(words)
            start = rng.randrange(len(word))
            cls += f"[class*='{word[start : start + rng.randint(1, 6)]}']"
        return (tag + cls) or "*"

    selectors = []
    for _ in range(count):
        alternatives = []
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            chain = compound()
            for _ in range(rng.choice([0, 1, 1, 2, 3])):
                chain += rng.choice([" ", " ", " > "]) + compound()
            alternatives.append(chain)
        selectors.append(", ".join(alternatives))
    return selectors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--per-page", type=int, default=40, help="random selectors per page")
    args = parser.parse_args()
    fixed = fixed_selectors()
    pages = sorted(args.data.glob("*/html/*.html.gz"))
    checked, failures, ours_s, lxml_s = 0, [], 0.0, 0.0
    for path in pages:
        try:
            root = parse_html(gzip.decompress(path.read_bytes()))
        except ValueError:
            continue
        rng = random.Random(path.name)
        index = ClassIndex(root)
        elements = list(root.iter(etree.Element))
        for css in fixed + random_selectors(root, rng, args.per_page):
            compiled = selector(css)
            whole = CSSSelector(css, translator="html")
            for context in (root, rng.choice(elements)):
                start = time.perf_counter()
                found = compiled.elements(context, index)
                middle = time.perf_counter()
                expected = [e for e in whole(context) if isinstance(e, HtmlElement)]
                lxml_s += time.perf_counter() - middle
                ours_s += middle - start
                checked += 1
                if found != expected or compiled.elements(context) != expected:
                    failures.append(f"{path.parent.parent.name}/{path.name}: {css!r}")
    print(f"{len(pages)} pages, {checked} comparisons, {len(failures)} disagreements")
    print(f"time: document.select {ours_s:.1f} s, lxml CSSSelector {lxml_s:.1f} s")
    for failure in failures[:50]:
        print("  DIFFERENT", failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
