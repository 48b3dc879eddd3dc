"""Which page of the demo site misbehaves how (`serve --faults`, `truth --faults`).

The plan depends only on the seed and the visible articles, so `serve` and `truth` agree and
the default site (no `--faults`) is untouched. Faults on articles are either survivable (a
correct crawl still delivers the article with its true text) or not (the truth lists it as
undeliverable, with the reason a crawl should report). `fault_responses.py` acts them out.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from newscrawl.demo.html_listing import PER_PAGE
from newscrawl.demo.index import SiteIndex
from newscrawl.demo.model import ArticleMeta

# Survivable: retried, decoded right, or followed to the real page.
DELIVERABLE: tuple[str, ...] = (
    "error_500_once",  # 500 on the first request, then the page
    "error_503_twice",  # 503 twice (with Retry-After: 1), then the page
    "reset_once",  # connection reset without a response, then the page
    "stall_once",  # no answer past any download timeout, then the page
    "latin1_page",  # honest ISO-8859-1 (header and meta), bytes in Windows-1252
    "utf8_declared_cp1252_sent",  # header and meta say UTF-8, bytes are Windows-1252
    "latin1_declared_utf8_sent",  # header and meta say ISO-8859-1, bytes are UTF-8
    "mixed_encoding",  # head in UTF-8, the article text in Windows-1252: read back (ftfy)
    "truncated_tail",  # the HTML stops mid-tag in the comments, after all article data
    "redirect_chain",  # 301 -> 302 -> 307 -> the article's shortlink
)
# Not survivable: what a correct crawl reports instead of an article.
UNDELIVERABLE: dict[str, str] = {
    "gone_404": "HTTP 404",
    "gone_410": "HTTP 410",
    "stall_always": "no response within the download timeout, retries exhausted",
    "redirect_loop": "redirect loop",
    "oversized": "response larger than DOWNLOAD_MAXSIZE",
    "gzip_bomb": "decompressed body larger than DOWNLOAD_MAXSIZE",
    "lost_characters": "text published with its umlauts lost (replacement characters)",
    "redirect_metadata": "redirect to a stand-in for the cloud metadata service (127.0.0.3)",
    "redirect_private": "redirect to another port of the site's own host",
    "redirect_loopback": "redirect to another loopback address (127.0.0.2)",
    "cut_in_article": "the page ends inside its article (a Content-Length shorter than the page)",
}
NEEDS_NON_ASCII = frozenset(
    {
        "latin1_page",
        "utf8_declared_cp1252_sent",
        "latin1_declared_utf8_sent",
        "mixed_encoding",
        "lost_characters",
    }
)
# Sections whose pagination never ends: empty archive pages, or a calendar whose relative
# "previous month" link makes every URL longer than the last.
ENDLESS_SECTION = "wissenschaft"
CALENDAR_SECTION = "kultur"
# Addresses no crawler may contact. All are loopback stand-ins for the internal addresses an
# attacker would name (cloud metadata, a router, another service on the host), so a crawl of
# this site never sends a packet off the machine even if a guard regressed; private ranges
# themselves are judged in unit tests that open no socket. `{port}` is the demo's own port,
# `{other_port}` another port of its host (tests listen on all of them to prove nothing came).
FORBIDDEN_LINKS: tuple[str, ...] = (
    "http://127.0.0.3:{port}/latest/meta-data/",
    "http://127.0.0.1:{other_port}/admin/",
    "http://127.0.0.2:{port}/canary/",
    "http://localhost:{port}/",
    "http://[::1]:{port}/",
)
OFFSITE_LINKS: tuple[str, ...] = ("https://partner.example-shop.test/angebot/",)
REDIRECT_TARGETS = {
    "redirect_metadata": "http://127.0.0.3:{port}/latest/meta-data/iam/",
    "redirect_private": "http://127.0.0.1:{other_port}/login/",
    "redirect_loopback": "http://127.0.0.2:{port}/canary/redirected/",
}


def other_port(port: int) -> int:
    """A port of the demo's host that is not the demo's own."""
    return port + 1 if port < 65535 else port - 1


@dataclass(frozen=True)
class FaultPlan:
    """Article path -> fault kind, plus the sections' real last listing page."""

    by_path: dict[str, str]
    last_page: dict[str, int]

    def kind_of(self, path: str) -> str | None:
        return self.by_path.get(path)


def _has_non_ascii(meta: ArticleMeta) -> bool:
    return not (meta.title + meta.lead).isascii()


def plan_faults(index: SiteIndex, seed: int | None = None) -> FaultPlan:
    """Deterministic: the same site always gets the same faults on the same articles."""
    rng = random.Random(f"faults:{index.seed if seed is None else seed}")
    order = list(range(len(index.metas)))
    rng.shuffle(order)
    by_path: dict[str, str] = {}
    kinds = sorted(NEEDS_NON_ASCII) + [
        k for k in (*DELIVERABLE, *UNDELIVERABLE) if k not in NEEDS_NON_ASCII
    ]
    for kind in kinds:
        for i in order:
            meta = index.metas[i]
            if meta.path in by_path or (kind in NEEDS_NON_ASCII and not _has_non_ascii(meta)):
                continue
            by_path[meta.path] = kind
            break
    last = {s: max(1, math.ceil(len(ids) / PER_PAGE)) for s, ids in index.by_section.items()}
    return FaultPlan(by_path=by_path, last_page=last)


def _path_of(url: str) -> str:
    return "/" + url.split("://", 1)[-1].split("/", 1)[-1]


def deliverable(records: Iterable[dict[str, Any]], plan: FaultPlan) -> list[dict[str, Any]]:
    """Truth lines a correct crawl of the faulty site still outputs (unchanged records)."""
    return [r for r in records if plan.kind_of(_path_of(str(r["url"]))) not in UNDELIVERABLE]


def undeliverable(records: Iterable[dict[str, Any]], plan: FaultPlan) -> list[dict[str, Any]]:
    """One line per article no crawl can deliver: id, url, fault and the reason to report."""
    out = []
    for rec in records:
        kind = plan.kind_of(_path_of(str(rec["url"])))
        if kind in UNDELIVERABLE:
            out.append(
                {"id": rec["id"], "url": rec["url"], "fault": kind, "reason": UNDELIVERABLE[kind]}
            )
    return out
