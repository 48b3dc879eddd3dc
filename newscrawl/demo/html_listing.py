"""Listing pages (section archives and home) and the RSS feed.

Teaser links deliberately vary (tracking parameters, fragments, absolute vs root-relative) so
that a crawler must canonicalise URLs before deduplicating.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from email.utils import format_datetime

from newscrawl.demo import textgen
from newscrawl.demo.html_common import (
    SITE_NAME,
    TAGLINE,
    PageContext,
    attr,
    esc,
    head,
    page_bottom,
    page_top,
    sidebar,
)
from newscrawl.demo.model import SECTION_NAMES, ArticleMeta

PER_PAGE = 10


def _variant(meta: ArticleMeta, rng: random.Random, base: str) -> str:
    """One of the link spellings a real listing produces for the same article."""
    suffix = rng.choice(
        (
            "",
            "",
            f"?utm_source=newsletter&utm_medium=email&utm_campaign=kw{rng.randint(1, 52)}",
            f"?fbclid=IwAR{rng.getrandbits(48):012x}",
            "#comments",
            "#respond",
        )
    )
    return (base if rng.random() < 0.5 else "") + meta.path + suffix


def _teaser(meta: ArticleMeta, where: str, base: str) -> str:
    rng = random.Random(f"{meta.slug}:{where}")
    link = attr(_variant(meta, rng, base))
    link2 = link if rng.random() < 0.5 else attr(_variant(meta, rng, base))
    return (
        f'<article class="post type-post"><a class="post-thumbnail" href="{link}">'
        f'<img src="{attr(base + meta.featured_path)}" alt="" width="400" height="225"></a>'
        f'<header class="entry-header"><h2 class="entry-title"><a href="{link}" rel="bookmark">'
        f'{esc(meta.title)}</a></h2>{_updated(meta)}</header><div class="entry-summary"><p>'
        f'{esc(meta.lead)}</p></div><a class="more-link" href="{link2}">Weiterlesen</a></article>'
    )


def _updated(meta: ArticleMeta) -> str:
    """A teaser's note that the story was updated since it appeared (updates.py)."""
    if not meta.updated_in:
        return ""
    return f'<span class="updated-note">aktualisiert am {meta.modified:%d.%m.%Y}</span>'


def _sponsored(where: str) -> str:
    rng = random.Random(f"sponsored:{where}")
    return (
        '<article class="post sponsored"><span class="ad-label">Anzeige</span>'
        '<h2 class="entry-title"><a href="https://partner.example-shop.test/deal-'
        f'{rng.randint(100, 999)}">{esc(textgen.ad_text(rng))}</a></h2></article>'
    )


def _teasers(metas: Sequence[ArticleMeta], where: str, base: str) -> str:
    """Teasers with one sponsored (off-site) entry mixed in."""
    parts = [_teaser(m, where, base) for m in metas]
    spot = random.Random(where).randint(1, max(1, len(parts)))
    parts.insert(spot, _sponsored(where))
    return "".join(parts)


def _page_link(section: str, page: int) -> str:
    return f"/kategorie/{section}/" if page == 1 else f"/kategorie/{section}/page/{page}/"


def pagination(section: str, page: int, last: int) -> str:
    """WordPress `paginate_links` style: neighbours within 2, first/last, dots in between."""
    shown = sorted({1, last, *range(max(1, page - 2), min(last, page + 2) + 1)})
    parts: list[str] = []
    if page > 1:
        parts.append(
            f'<a class="prev page-numbers" href="{_page_link(section, page - 1)}">« Zurück</a>'
        )
    previous = 0
    for k in shown:
        if k - previous > 1:
            parts.append('<span class="page-numbers dots">…</span>')
        if k == page:
            parts.append(f'<span aria-current="page" class="page-numbers current">{k}</span>')
        else:
            parts.append(f'<a class="page-numbers" href="{_page_link(section, k)}">{k}</a>')
        previous = k
    if page < last:
        parts.append(
            f'<a class="next page-numbers" href="{_page_link(section, page + 1)}">Weiter »</a>'
        )
    return f'<nav class="navigation pagination"><div class="nav-links">{"".join(parts)}</div></nav>'


def _shortlinks(newest: Sequence[ArticleMeta]) -> list[tuple[str, str]]:
    return [(f"/?p={m.post_id}", m.title) for m in newest]


def render_listing(
    ctx: PageContext,
    section: str,
    page: int,
    last: int,
    metas: Sequence[ArticleMeta],
    newest: Sequence[ArticleMeta],
) -> str:
    """One page of a section archive (`metas` are that page's articles, newest first)."""
    name = SECTION_NAMES[section]
    title = f"{name} – {SITE_NAME}" if page == 1 else f"{name} – Seite {page} – {SITE_NAME}"
    canonical = f'<link rel="canonical" href="{attr(ctx.base + _page_link(section, page))}">'
    return (
        head(title, canonical + feed_link(ctx))
        + page_top(ctx, f"archive category category-{section}")
        + '<div id="content" class="site-content"><div id="primary" class="content-area">'
        '<main id="main" class="site-main"><header class="page-header">'
        f'<h1 class="page-title">Kategorie: {esc(name)}</h1></header>'
        + _teasers(metas, f"{section}:{page}", ctx.base)
        + pagination(section, page, last)
        + "</main></div>"
        + sidebar(_shortlinks(newest))
        + "</div>"
        + page_bottom()
    )


def feed_link(ctx: PageContext) -> str:
    """The site's feed, declared in the head as WordPress declares it on its pages."""
    title, href = attr(f"{SITE_NAME} » Feed"), attr(f"{ctx.base}/feed/")
    return f'<link rel="alternate" type="application/rss+xml" title="{title}" href="{href}">'


def render_home(ctx: PageContext, newest: Sequence[ArticleMeta]) -> str:
    """The front page: the ten newest articles."""
    return (
        head(
            f"{SITE_NAME} – {TAGLINE}",
            f'<link rel="canonical" href="{attr(ctx.base)}/">' + feed_link(ctx),
        )
        + page_top(ctx, "home blog")
        + '<div id="content" class="site-content"><div id="primary" class="content-area">'
        '<main id="main" class="site-main">'
        + _teasers(newest[:PER_PAGE], "home", ctx.base)
        + "</main></div>"
        + sidebar(_shortlinks(newest[:5]))
        + "</div>"
        + page_bottom()
    )


def render_feed(base: str, newest: Sequence[ArticleMeta]) -> str:
    """RSS 2.0 with canonical links and RFC 822 dates."""
    items = "".join(
        f"<item><title>{attr(m.title)}</title><link>{attr(base + m.path)}</link>"
        f'<guid isPermaLink="false">{base}/?p={m.post_id}</guid>'
        f"<pubDate>{format_datetime(m.published)}</pubDate>"
        f"<description>{attr(m.lead)}</description></item>"
        for m in newest
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{SITE_NAME}</title><link>{base}/</link><description>{esc(TAGLINE)}"
        f"</description><language>de-DE</language>{items}</channel></rss>"
    )
