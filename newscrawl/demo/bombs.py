"""`serve --bombs`: pages built to stall or bloat a crawl, each on one article of the site.

A crawler must deliver such an article right (cut to its limits) or refuse it with a reason,
and go on in about the time of a clean crawl. What each bomb does, and what a correct crawl
with the default settings makes of it:

- many_authors: a byline of 100,000 names before the real ones -> emitted, the first 20;
- huge_canonical: a 1 MB `rel=canonical` on the same host -> emitted under its own URL;
- control_chars: BEL and ESC in the title and a paragraph -> emitted without them;
- broken_entity: one reference to a lone surrogate (shown as U+FFFD) -> emitted with it;
- deep_nesting: 5,000 nested elements inside the body -> refused as too_deep;
- many_attributes: one element with 100,000 attributes -> refused as too_slow (or emitted
  right, on a machine fast enough to parse it within the budget);
- streamed_oversized: 9 MiB sent without a Content-Length -> refused as too_large;

and one listing page (the first of the first section) links to 60,000 stories that do not
exist after its real teasers (a crawl takes at most NEWSCRAWL_MAX_LINKS_PER_PAGE of them).
All links stay on the site; nothing names another address.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import random
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from newscrawl.demo.html_common import Response
from newscrawl.demo.index import SiteIndex

AUTHOR_BOMB = 100_000
AUTHORS_KEPT = 20  # the crawler's default NEWSCRAWL_MAX_AUTHORS
ATTRIBUTE_BOMB = 100_000
DEPTH_BOMB = 5_000
LINK_BOMB = 60_000  # 60,000 teasers stay under the 8 MiB page cap
STREAMED_BYTES = 9 * 1024 * 1024
BROKEN_PARAGRAPH = "Korrektur &#xD800; folgt."
BROKEN_TEXT = "Korrektur \ufffd folgt."

DELIVERED = ("many_authors", "huge_canonical", "control_chars", "broken_entity")
REFUSED = {
    "deep_nesting": "too_deep",
    "many_attributes": "too_slow",
    "streamed_oversized": "too_large",
}
MAY_DELIVER = frozenset({"many_attributes"})  # slow to parse: refused or, if fast, right


def bomb_author(k: int) -> str:
    return f"Vorname{k} Nachname{k}"


@dataclass(frozen=True)
class BombPlan:
    by_path: dict[str, str]  # article path -> bomb
    listing: str  # the listing page with the link bomb

    def kind_of(self, path: str) -> str | None:
        return self.by_path.get(path)


def plan_bombs(index: SiteIndex) -> BombPlan:
    """Deterministic: the same site gets the same bombs on the same articles."""
    rng = random.Random(f"bombs:{index.seed}")
    order = list(range(len(index.metas)))
    rng.shuffle(order)
    kinds = [*DELIVERED, *REFUSED]
    by_path = {index.metas[i].path: kind for i, kind in zip(order, kinds, strict=False)}
    first = sorted(index.by_section)[0]
    return BombPlan(by_path=by_path, listing=f"/kategorie/{first}/")


class BombResponder:
    def __init__(self, index: SiteIndex) -> None:
        self.plan = plan_bombs(index)
        self._built: dict[tuple[str, str], Response] = {}

    def apply(self, target: str, base: str, normal: Response) -> Response:
        path = urlsplit(target).path or "/"
        if normal.status != 200:
            return normal
        if path == self.plan.listing:
            return self._cached(path, base, lambda: _link_bomb(normal))
        kind = self.plan.kind_of(path)
        if kind is None:
            return normal
        return self._cached(path, base, lambda: _BOMBS[kind](normal, base.rstrip("/") + path))

    def _cached(self, path: str, base: str, build: Any) -> Response:
        key = (base, path)
        if key not in self._built:
            self._built[key] = build()
        return self._built[key]

    def truth(
        self, records: list[dict[str, Any]], *, refused: bool = False
    ) -> list[dict[str, Any]]:
        """What a correct crawl with default settings outputs, or what it must refuse."""
        out = []
        for record in records:
            kind = self.plan.kind_of(_path_of(str(record["url"])))
            if refused:
                if kind in REFUSED:
                    out.append(
                        {
                            "id": record["id"],
                            "url": record["url"],
                            "bomb": kind,
                            "reason": REFUSED[kind],
                            "may_deliver": kind in MAY_DELIVER,
                        }
                    )
            elif kind not in REFUSED or kind in MAY_DELIVER:
                out.append(_expected(record, kind))
        return out


def _expected(record: dict[str, Any], kind: str | None) -> dict[str, Any]:
    if kind == "many_authors":
        return {**record, "authors": [bomb_author(k) for k in range(AUTHORS_KEPT)]}
    if kind == "broken_entity":
        body = f"{record['body']}\n\n{BROKEN_TEXT}"
        return {
            **record,
            "body": body,
            "word_count": len(body.split()),
            "content_hash": hashlib.sha256(body.encode("utf-8")).hexdigest(),
        }
    return record


def _path_of(url: str) -> str:
    return urlsplit(url).path or "/"


def _swap(normal: Response, old: bytes, new: bytes) -> Response:
    if old not in normal.body:
        raise ValueError(f"bomb anchor {old[:40]!r} is not on the page")
    return Response(200, normal.content_type, normal.body.replace(old, new, 1), normal.headers)


def _many_authors(normal: Response, url: str) -> Response:
    names = ", ".join(bomb_author(k) for k in range(AUTHOR_BOMB))
    new = f'<span class="byline">Von <span class="author">{names}</span>, '.encode()
    return _swap(normal, b'<span class="byline">Von ', new)


def _huge_canonical(normal: Response, url: str) -> Response:
    huge = f"{url}?ref={'a' * 1_000_000}"
    old = b'<link rel="canonical" href="'
    return _swap(normal, old, f'<link rel="canonical" href="{huge}" data-was="'.encode())


def _control_chars(normal: Response, url: str) -> Response:
    titled = _swap(normal, b'<h1 class="entry-title">', b'<h1 class="entry-title">\x07\x1b')
    old = b'<div class="entry-content"><p>'
    return _swap(titled, old, old + b"\x1b\x07")


def _broken_entity(normal: Response, url: str) -> Response:
    """A last paragraph (before the share box) with one reference to a lone surrogate."""
    paragraph = f"<p>{BROKEN_PARAGRAPH}</p>".encode()
    return _swap(normal, b'<div class="sharedaddy', paragraph + b'<div class="sharedaddy')


def _deep_nesting(normal: Response, url: str) -> Response:
    deep = b"<div>" * DEPTH_BOMB + b"<p>Ganz tief.</p>" + b"</div>" * DEPTH_BOMB
    return _swap(normal, b'<div class="entry-content">', b'<div class="entry-content">' + deep)


def _many_attributes(normal: Response, url: str) -> Response:
    attributes = " ".join(f"data-a{k}=x" for k in range(ATTRIBUTE_BOMB)).encode()
    old = b'<div class="entry-content">'
    return _swap(normal, old, b"<div " + attributes + b"></div>" + old)


def _streamed_oversized(normal: Response, url: str) -> Response:
    padding = b"<div hidden>" + b"x" * STREAMED_BYTES + b"</div></body>"
    body = normal.body.replace(b"</body>", padding, 1)
    return Response(200, normal.content_type, body, normal.headers, stream=True)


def _link_bomb(normal: Response) -> Response:
    teasers = "".join(
        f'<article><h2 class="entry-title"><a href="/2024/01/01/b{k}/">b</a></h2></article>'
        for k in range(LINK_BOMB)
    ).encode()
    return _swap(normal, b"</main>", teasers + b"</main>")


_BOMBS = {
    "many_authors": _many_authors,
    "huge_canonical": _huge_canonical,
    "control_chars": _control_chars,
    "broken_entity": _broken_entity,
    "deep_nesting": _deep_nesting,
    "many_attributes": _many_attributes,
    "streamed_oversized": _streamed_oversized,
}


# `serve --sitemap-bombs`: robots.txt names SITEMAP_BOMBS sitemaps, each a gzip file of about
# 1.5 MB that unpacks to about 52 MB of valid sitemap XML (more than the 10 sitemaps a generic
# crawl reads per run). Its URLs are on the site but not shaped like stories, so a crawl that
# reads them right requests none of them.
SITEMAP_BOMBS = 12
SITEMAP_BOMB_ROWS = 560_000
SITEMAP_BOMB_PATH = "/sitemaps/bomb-{}.xml.gz"


def sitemap_bomb_lines(base: str) -> str:
    return "".join(
        f"Sitemap: {base}{SITEMAP_BOMB_PATH.format(k)}\n" for k in range(1, SITEMAP_BOMBS + 1)
    )


@functools.lru_cache(maxsize=2)
def sitemap_bomb(base: str) -> Response:
    """One bomb sitemap (the same for every name), built once per base URL."""
    head = b'<?xml version="1.0" encoding="UTF-8"?>\n'
    head += b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    row = f"<url><loc>{base}/seite/%07d/</loc><lastmod>2024-01-01</lastmod></url>\n".encode()
    body = head + b"".join(row % k for k in range(SITEMAP_BOMB_ROWS)) + b"</urlset>\n"
    return Response(200, "application/x-gzip", gzip.compress(body, 6))
