"""`serve --sitemaps` (and `--orphans N`): what a WordPress site with Yoast SEO serves beside
its pages, named in robots.txt:

- `/sitemap_index.xml`: a sitemap index of the post sitemaps, each with its `lastmod`;
- `/post-sitemap.xml`, `/post-sitemap2.xml`, …: the articles, 1,000 a file, oldest first, each
  with its `lastmod` (last change, else publication);
- `/news-sitemap.xml`: a Google News sitemap of the articles published in the 48 hours before
  the site's "today", with `news:publication_date` and `news:title`.

Orphans (`SiteIndex.orphans`) stand in these and in the RSS feed only.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from xml.sax.saxutils import escape

from newscrawl.demo.index import SiteIndex
from newscrawl.demo.model import BERLIN, ArticleMeta

PER_SITEMAP = 1000  # Yoast's entries per post sitemap
NEWS_HOURS = 48
XML = "application/xml; charset=UTF-8"
_URLSET = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
_NEWS_NS = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'


def robots_lines(base: str) -> str:
    return f"Sitemap: {base}/sitemap_index.xml\nSitemap: {base}/news-sitemap.xml\n"


def sitemap_document(index: SiteIndex, path: str, base: str) -> str | None:
    """The sitemap at `path`, or None when there is none there."""
    if path == "/sitemap_index.xml":
        return _index(index, base)
    if path == "/news-sitemap.xml":
        return _news(index, base)
    if path.startswith("/post-sitemap") and path.endswith(".xml"):
        number = path[len("/post-sitemap") : -len(".xml")] or "1"
        if number.isdigit() and 1 <= int(number) <= _files(index):
            return _posts(index, int(number), base)
    return None


def _files(index: SiteIndex) -> int:
    return max(1, -(-len(index.metas) // PER_SITEMAP))


def _name(number: int) -> str:
    return "/post-sitemap.xml" if number == 1 else f"/post-sitemap{number}.xml"


def _changed(meta: ArticleMeta) -> datetime:
    return meta.modified or meta.published


def _stamp(moment: datetime) -> str:
    return moment.astimezone(BERLIN).isoformat(timespec="seconds")


def _index(index: SiteIndex, base: str) -> str:
    entries = []
    for number in range(1, _files(index) + 1):
        chunk = index.metas[(number - 1) * PER_SITEMAP : number * PER_SITEMAP]
        newest = max(_changed(m) for m in chunk)
        entries.append(
            f"<sitemap><loc>{base}{_name(number)}</loc><lastmod>{_stamp(newest)}</lastmod>"
            "</sitemap>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(entries)
        + "</sitemapindex>"
    )


def _posts(index: SiteIndex, number: int, base: str) -> str:
    chunk = index.metas[(number - 1) * PER_SITEMAP : number * PER_SITEMAP]
    rows = "".join(
        f"<url><loc>{base}{m.path}</loc><lastmod>{_stamp(_changed(m))}</lastmod></url>"
        for m in chunk
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>{_URLSET}>{rows}</urlset>'


def _news(index: SiteIndex, base: str) -> str:
    today = datetime.combine(index.view_date, datetime.min.time(), tzinfo=BERLIN)
    since = today - timedelta(hours=NEWS_HOURS)
    rows = "".join(
        f"<url><loc>{base}{m.path}</loc><news:news><news:publication>"
        "<news:name>BNA-Germany</news:name><news:language>de</news:language>"
        f"</news:publication><news:publication_date>{_stamp(m.published)}"
        f"</news:publication_date><news:title>{escape(m.title)}</news:title></news:news></url>"
        for m in index.metas
        if m.published >= since
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>{_URLSET}{_NEWS_NS}>{rows}</urlset>'
