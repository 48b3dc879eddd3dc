"""The JavaScript-only part of the demo site (`serve --js`): the "Newsticker" section.

Its listing page `/kategorie/ticker/` holds no teaser in the HTML: a script fetches them in
batches of ten from a JSON endpoint, the first batch on load and one more per click on
"Mehr laden" (the button disappears after the last batch). Its articles live under
`/ticker/YYYY/MM/DD/slug/`, and their body is not in the HTML either: a script swaps a
placeholder for the entry content fetched from a second JSON endpoint. A crawler without a
browser sees neither the links nor the bodies. Without `--js` none of these paths exist (404).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, fields
from typing import Any

from newscrawl.demo.content import build_content
from newscrawl.demo.html_article import render_article
from newscrawl.demo.html_common import PageContext, attr, esc, head, page_bottom, page_top, sidebar
from newscrawl.demo.index import SiteIndex, build_meta
from newscrawl.demo.model import SECTION_NAMES, ArticleContent, ArticleMeta
from newscrawl.demo.truth import record

TICKER = "ticker"
BATCH = 10
LISTING_PATH = f"/kategorie/{TICKER}/"
SEED_SALT = 1_000_003  # ticker articles draw from generators of their own
HTML = "text/html; charset=UTF-8"
JSON = "application/json; charset=UTF-8"
_BATCH_PATH = re.compile(r"^/wp-json/bna/v1/ticker/page/(\d+)/$")
_BODY_PATH = re.compile(r"^/wp-json/bna/v1/ticker/body/(\d+)/$")
_CONTENT = re.compile(r'<div class="entry-content">.*?(?=<footer class="entry-footer">)', re.S)
Page = tuple[int, str, bytes]

LISTING_SCRIPT = """<script>(function () {
  var list = document.getElementById("ticker-list");
  var more = document.querySelector("button.load-more");
  var next = 1;
  function teaser(item) {
    var art = document.createElement("article");
    art.className = "post type-post";
    art.innerHTML = '<header class="entry-header"><h2 class="entry-title"><a rel="bookmark">' +
      '</a></h2></header><div class="entry-summary"><p></p></div>' +
      '<a class="more-link">Weiterlesen</a>';
    var link = art.querySelector("h2 a");
    link.href = item.url;
    link.textContent = item.title;
    art.querySelector(".entry-summary p").textContent = item.lead;
    art.querySelector(".more-link").href = item.url;
    return art;
  }
  function load() {
    more.disabled = true;
    fetch("/wp-json/bna/v1/ticker/page/" + next + "/")
      .then(function (r) { return r.json(); })
      .then(function (data) {
        data.items.forEach(function (item) { list.appendChild(teaser(item)); });
        next = data.next;
        if (next) { more.disabled = false; } else { more.remove(); }
      });
  }
  more.addEventListener("click", load);
  load();
})();</script>"""

BODY_SCRIPT = """<script>(function () {
  var slot = document.getElementById("js-body");
  fetch(slot.getAttribute("data-src"))
    .then(function (r) { return r.json(); })
    .then(function (data) { slot.outerHTML = data.html; });
})();</script>"""


@dataclass(frozen=True, slots=True)
class TickerMeta(ArticleMeta):
    """A ticker article: same facts as any article, its own URL space and post ids."""

    @property
    def path(self) -> str:
        return f"/{TICKER}/{self.published:%Y/%m/%d}/{self.slug}/"

    @property
    def post_id(self) -> int:
        return 900_000 + self.index


def ticker_count(index: SiteIndex) -> int:
    """max(12, N // 10) articles, never more than the regular ones they link back to."""
    return min(len(index.metas), max(12, index.articles // 10))


def _json(value: Any, status: int = 200) -> Page:
    return status, JSON, json.dumps(value, ensure_ascii=False).encode()


class JsSection:
    """Routes and truth of the ticker section of one site index."""

    def __init__(self, index: SiteIndex) -> None:
        self.index = index
        self.count = ticker_count(index)
        self.metas = [self._content(j).meta for j in range(self.count)]
        self.by_path = {m.path: m.index for m in self.metas}

    def _content(self, j: int) -> ArticleContent:
        meta, rng = build_meta(self.index.seed + SEED_SALT, j)
        values = {f.name: getattr(meta, f.name) for f in fields(meta)}
        ticker = TickerMeta(**{**values, "sections": (TICKER,)})
        return build_content(ticker, rng, self.index.metas)  # links only to older articles

    def respond(self, path: str, ctx: PageContext) -> Page | None:
        """The page for `path` if it belongs to the ticker, else None."""
        if path == LISTING_PATH:
            return 200, HTML, self._listing(ctx).encode()
        if path in self.by_path:
            return 200, HTML, self._article(self.by_path[path], ctx).encode()
        batch = _BATCH_PATH.match(path)
        if batch is not None:
            return self._batch(int(batch.group(1)))
        body = _BODY_PATH.match(path)
        if body is not None and int(body.group(1)) < self.count:
            html = _CONTENT.search(self._full_article(int(body.group(1)), ctx))
            return _json({"html": html.group(0) if html else ""})
        return None

    def _batch(self, page: int) -> Page:
        last = max(1, math.ceil(self.count / BATCH))
        if not 1 <= page <= last:
            return _json({"error": "no such page"}, 404)
        newest_first = self.metas[::-1][(page - 1) * BATCH : page * BATCH]
        items = [{"url": m.path, "title": m.title, "lead": m.lead} for m in newest_first]
        return _json({"items": items, "next": page + 1 if page < last else None})

    def _listing(self, ctx: PageContext) -> str:
        name = SECTION_NAMES[TICKER]
        canonical = f'<link rel="canonical" href="{attr(ctx.base + LISTING_PATH)}">'
        shortlinks = [(f"/?p={m.post_id}", m.title) for m in self.index.newest_listed(5)]
        return (
            head(f"{name} – BNA-Germany", canonical)
            + page_top(ctx, f"archive category category-{TICKER}")
            + '<div id="content" class="site-content"><div id="primary" class="content-area">'
            '<main id="main" class="site-main"><header class="page-header">'
            f'<h1 class="page-title">Kategorie: {esc(name)}</h1></header>'
            '<div id="ticker-list" class="ticker-list"></div>'
            '<button class="load-more" type="button">Mehr laden</button>'
            "<noscript>Bitte aktivieren Sie JavaScript.</noscript>"
            + LISTING_SCRIPT
            + "</main></div>"
            + sidebar(shortlinks)
            + "</div>"
            + page_bottom()
        )

    def _full_article(self, j: int, ctx: PageContext) -> str:
        return render_article(self._content(j), ctx, self.metas[max(0, j - 5) : j][::-1])

    def _article(self, j: int, ctx: PageContext) -> str:
        """The article page with its entry content replaced by a script-filled placeholder."""
        source = f"/wp-json/bna/v1/ticker/body/{j}/"
        slot = f'<div id="js-body" class="js-body" data-src="{source}"></div>{BODY_SCRIPT}'
        return _CONTENT.sub(lambda _: slot, self._full_article(j, ctx), count=1)

    def records(self, base_url: str) -> list[dict[str, Any]]:
        """Truth records of the ticker articles (never near-copies of anything)."""
        out = [record(self._content(j), base_url) for j in range(self.count)]
        if self.index.copies:
            for rec in out:
                rec["duplicate_of"] = None
        return out
