"""`DemoSite`: routes a request target to a rendered page, with an LRU page cache.

Pages are rendered lazily on first request; the cache key ignores query strings and maps
`/?p=<id>` onto the article itself, so every spelling of an article URL yields the same bytes.
"""

from __future__ import annotations

import math
import re
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from newscrawl.demo.content import article_content
from newscrawl.demo.html_article import render_article
from newscrawl.demo.html_common import HTML, PageContext, Response, simple_page
from newscrawl.demo.html_listing import PER_PAGE, render_feed, render_home, render_listing
from newscrawl.demo.index import SiteIndex
from newscrawl.demo.js_section import JsSection
from newscrawl.demo.model import ArticleContent, topbar_date
from newscrawl.demo.sitemaps import XML as SITEMAP_TYPE
from newscrawl.demo.sitemaps import robots_lines, sitemap_document

if TYPE_CHECKING:
    from newscrawl.demo.bombs import BombResponder
    from newscrawl.demo.fault_responses import FaultyResponder
    from newscrawl.demo.maintenance import MaintenanceResponder
    from newscrawl.demo.redesign import Redesign

DEFAULT_BASE = "http://127.0.0.1:8000"
ROBOTS = "User-agent: *\nDisallow: /wp-admin/\n"
_CATEGORY = re.compile(r"^/kategorie/([a-z]+)/(?:page/(\d+)/)?$")
_STATIC = {
    "/impressum/": ("Impressum", "BNA-Germany ist ein Demonstrationsangebot ohne Redaktion."),
    "/datenschutz/": ("Datenschutz", "Diese Demo speichert keine personenbezogenen Daten."),
}


def _not_found(ctx: PageContext) -> Response:
    text = "Die angeforderte Seite wurde leider nicht gefunden."
    return Response(404, HTML, simple_page(ctx, "Seite nicht gefunden", text).encode())


class DemoSite:
    """The demo news site of one (articles, seed, edition) combination."""

    def __init__(
        self,
        articles: int = 240,
        seed: int = 1,
        edition: int = 1,
        cache_size: int = 4096,
        *,
        copies: bool = False,
        js: bool = False,
        faults: bool = False,
        bombs: bool = False,
        sitemap_bombs: bool = False,
        maintenance: bool = False,
        sitemaps: bool = False,
        orphans: int = 0,
        updates: bool = False,
        sections: tuple[str, ...] | None = None,
        redesign: bool = False,
    ) -> None:
        self.index = SiteIndex(
            articles,
            seed,
            edition,
            copies=copies,
            orphans=orphans,
            updates=updates,
            **({"sections": sections} if sections else {}),
        )
        self.sitemaps = sitemaps or orphans > 0  # Yoast's sitemaps and a news sitemap
        self.faults = _fault_responder(self.index) if faults else None  # hostile web pages
        self.js = JsSection(self.index) if js else None  # the JavaScript-only section
        self.bombs = _bomb_responder(self.index) if bombs else None  # pages that stall or bloat
        self.maintenance = _maintenance(self.index) if maintenance else None  # first hit: 200
        self.sitemap_bombs = sitemap_bombs  # robots.txt names sitemaps that unpack to 52 MB
        self.redesign = _redesign(self.index) if redesign else None  # article markup changed
        self.topbar = topbar_date(self.index.view_date)
        self._cache: OrderedDict[tuple[str, str], Response] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    @property
    def seed(self) -> int:
        """The seed the site was generated from."""
        return self.index.seed

    def content(self, index: int) -> ArticleContent:
        """The generated content of a visible article (uncached)."""
        index_ = self.index
        updates = index_.updates.get(index, ())
        return article_content(index_.seed, index, index_.metas, index_.copies, updates)

    def render(self, target: str, base_url: str = DEFAULT_BASE) -> tuple[int, str, bytes]:
        """Render a request target (path + optional query) to (status, content type, body)."""
        response = self.respond(target, base_url)
        return response.status, response.content_type, response.body

    def respond(self, target: str, base_url: str = DEFAULT_BASE) -> Response:
        """Like `render`, plus extra headers (redirect `Location`); cached per page."""
        response = self._respond_cached(target, base_url)
        if self.faults is not None:
            response = self.faults.apply(target, base_url, response)
        if self.bombs is not None:
            response = self.bombs.apply(target, base_url, response)
        if self.maintenance is not None:
            response = self.maintenance.apply(urlsplit(target).path or "/", response)
        if self.redesign is not None:
            response = self.redesign.apply(urlsplit(target).path or "/", response)
        return response

    def _respond_cached(self, target: str, base_url: str) -> Response:
        base = base_url.rstrip("/")
        key = (base, self._page_key(target))
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
        response = self._build(key[1], PageContext(base, self.topbar, self.index.sections))
        with self._lock:
            self._cache[key] = response
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return response

    def _page_key(self, target: str) -> str:
        """Normalise a target to the page it shows (queries ignored except `/?p=`)."""
        parts = urlsplit(target)
        path = parts.path or "/"
        if path == "/" and parts.query:
            post = parse_qs(parts.query).get("p", [""])[0]
            if post:
                meta = self.index.by_post_id(int(post)) if post.isdigit() else None
                return meta.path if meta is not None else "/404"
        return path

    def _build(self, path: str, ctx: PageContext) -> Response:
        js_page = self.js.respond(path, ctx) if self.js is not None else None
        if js_page is not None:
            return Response(*js_page)
        index = self.index
        if path in index.by_path:
            i = index.by_path[path]
            recent = index.metas[max(0, i - 5) : i][::-1]
            page = render_article(self.content(i), ctx, recent)
            return Response(200, HTML, page.encode())
        match = _CATEGORY.match(path)
        if match is not None:
            return self._listing(match.group(1), match.group(2), ctx)
        return self._fixed(path, ctx)

    def _fixed(self, path: str, ctx: PageContext) -> Response:
        """Home, feed, robots.txt, static pages; anything else is a 404 page."""
        if path == "/":
            return Response(200, HTML, render_home(ctx, self.index.newest_listed(20)).encode())
        if path == "/feed/":
            body = render_feed(ctx.base, self.index.newest(20)).encode()
            return Response(200, "application/rss+xml; charset=UTF-8", body)
        if path == "/robots.txt":
            robots = ROBOTS + (_sitemap_bomb_lines(ctx.base) if self.sitemap_bombs else "")
            robots += robots_lines(ctx.base) if self.sitemaps else ""
            return Response(200, "text/plain; charset=UTF-8", robots.encode())
        document = sitemap_document(self.index, path, ctx.base) if self.sitemaps else None
        if document is not None:
            return Response(200, SITEMAP_TYPE, document.encode())
        if self.sitemap_bombs and path.startswith("/sitemaps/bomb-"):
            return _sitemap_bomb(ctx.base)
        if path in _STATIC:
            return Response(200, HTML, simple_page(ctx, *_STATIC[path]).encode())
        return _not_found(ctx)

    def _listing(self, section: str, page_text: str | None, ctx: PageContext) -> Response:
        ids = self.index.by_section.get(section)
        if ids is None:
            return _not_found(ctx)
        if page_text is not None and int(page_text) == 1:
            location = f"{ctx.base}/kategorie/{section}/"
            return Response(301, HTML, b"", {"Location": location})
        page = 1 if page_text is None else int(page_text)
        last = max(1, math.ceil(len(ids) / PER_PAGE))
        if not 1 <= page <= last:
            return _not_found(ctx)
        metas = [self.index.metas[i] for i in ids[(page - 1) * PER_PAGE : page * PER_PAGE]]
        body = render_listing(ctx, section, page, last, metas, self.index.newest_listed(5))
        return Response(200, HTML, body.encode())

    def listing_pages(self, section: str) -> int:
        """Number of archive pages of a section (used by tests and benchmarks)."""
        return max(1, math.ceil(len(self.index.by_section[section]) / PER_PAGE))


def _fault_responder(index: SiteIndex) -> FaultyResponder:
    """Imported late: the fault module builds on this one's `Response`."""
    from newscrawl.demo.fault_responses import FaultyResponder
    from newscrawl.demo.faults import plan_faults

    return FaultyResponder(plan_faults(index), index)


def _bomb_responder(index: SiteIndex) -> BombResponder:
    """Imported late, like the faults."""
    from newscrawl.demo.bombs import BombResponder

    return BombResponder(index)


def _sitemap_bomb_lines(base: str) -> str:
    from newscrawl.demo.bombs import sitemap_bomb_lines

    return sitemap_bomb_lines(base)


def _sitemap_bomb(base: str) -> Response:
    from newscrawl.demo.bombs import sitemap_bomb

    return sitemap_bomb(base)


def _maintenance(index: SiteIndex) -> MaintenanceResponder:
    from newscrawl.demo.maintenance import MaintenanceResponder

    return MaintenanceResponder(index)


def _redesign(index: SiteIndex) -> Redesign:
    from newscrawl.demo.redesign import Redesign

    return Redesign(index)
