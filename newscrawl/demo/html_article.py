"""Article page HTML (WordPress-like, with the boilerplate traps the crawler must survive)."""

from __future__ import annotations

from urllib.parse import quote

from newscrawl.demo.html_blocks import render_block
from newscrawl.demo.html_common import (
    SITE_NAME,
    PageContext,
    attr,
    esc,
    head,
    page_bottom,
    page_top,
    sidebar,
)
from newscrawl.demo.model import (
    SECTION_NAMES,
    ArticleContent,
    ArticleMeta,
    Comment,
    german_date,
    german_datetime,
    slugify,
)

NEWSLETTER = "Die wichtigsten Nachrichten des Tages jeden Morgen kostenlos in Ihrem Postfach."


def _head_meta(meta: ArticleMeta, base: str) -> str:
    url = base + meta.path
    out = (
        f'<link rel="canonical" href="{attr(url)}">'
        f'<link rel="shortlink" href="{base}/?p={meta.post_id}">'
        f'<meta name="description" content="{attr(meta.lead)}">'
        '<meta property="og:type" content="article">'
        f'<meta property="og:title" content="{attr(meta.title)}">'
        f'<meta property="og:url" content="{attr(url)}">'
    )
    if meta.machine_date:
        out += f'<meta property="article:published_time" content="{meta.published.isoformat()}">'
        if meta.modified is not None:
            out += f'<meta property="article:modified_time" content="{meta.modified.isoformat()}">'
    return out


def _posted_on(meta: ArticleMeta) -> str:
    """Machine dates for 80 %; the rest only show '19. Juni 2024, 08:15 Uhr'."""
    times = [("entry-date published", meta.published)]
    if meta.modified is not None:
        times.append(("updated", meta.modified))
    if meta.machine_date:
        tags = [
            f'<time class="{cls}" datetime="{dt.isoformat()}">{german_date(dt)}</time>'
            for cls, dt in times
        ]
    else:
        tags = [f'<time class="{cls}">{german_datetime(dt)}</time>' for cls, dt in times]
    return f'<span class="posted-on">{"".join(tags)}</span>'


def _byline(meta: ArticleMeta) -> str:
    cards = [
        f'<span class="author vcard"><a class="url fn n" href="/author/{slugify(name)}/">'
        f"{esc(name)}</a></span>"
        for name in meta.byline.display
    ]
    prefix = "" if meta.byline.outlet is not None else "Von "
    return f'<span class="byline">{prefix}{" und ".join(cards)}</span>'


def _entry_header(meta: ArticleMeta) -> str:
    primary = meta.section
    cats = ", ".join(
        f'<a href="/kategorie/{s}/" rel="category tag">{SECTION_NAMES[s]}</a>'
        for s in meta.sections
    )
    return (
        '<header class="entry-header"><div class="breadcrumbs"><a href="/">Startseite</a> » '
        f'<a href="/kategorie/{primary}/">{SECTION_NAMES[primary]}</a> » '
        f'<span class="breadcrumb_last">{esc(meta.title)}</span></div>'
        f'<h1 class="entry-title">{esc(meta.title)}</h1><div class="entry-meta">'
        f'{_posted_on(meta)}{_byline(meta)}<span class="cat-links">{cats}</span></div></header>'
    )


def _boxes(url: str) -> str:
    """Share and newsletter boxes at the end of the entry content."""
    q = quote(url, safe="")
    return (
        '<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Teilen mit:</h3><ul>'
        f'<li><a href="https://twitter.com/intent/tweet?url={q}">X</a></li>'
        f'<li><a href="https://www.facebook.com/sharer.php?u={q}">Facebook</a></li></ul></div>'
        f'<div class="newsletter-box"><h3>Newsletter</h3><p>{NEWSLETTER}</p>'
        '<form action="/newsletter/"><input type="email" name="email"><button>Abonnieren'
        "</button></form></div>"
    )


def _entry_content(content: ArticleContent, base: str) -> str:
    meta = content.meta
    title = esc(meta.title)
    repeat = (
        f'<h2 class="wp-block-heading">{title}</h2>'
        if content.headline_h2
        else f"<p><strong>{title}</strong></p>"
    )
    if meta.byline.agency is not None:
        repeat += f'<p class="source-line">{esc(meta.byline.agency)}</p>'
    blocks = "".join(render_block(b, base) for b in content.blocks)
    return f'<div class="entry-content">{repeat}{blocks}{_boxes(base + meta.path)}</div>'


def _footer_and_author(meta: ArticleMeta) -> str:
    tags = ", ".join(f'<a href="/tag/{slugify(t)}/" rel="tag">{esc(t)}</a>' for t in meta.tags)
    who = meta.byline.display[0]
    if meta.byline.outlet is not None:
        about = f"{who} ist eine Nachrichtenquelle, deren Beiträge wir mit Genehmigung übernehmen."
    else:
        about = f"{who} schreibt für {SITE_NAME} über {SECTION_NAMES[meta.section]}."
    return (
        f'<footer class="entry-footer"><span class="tags-links">Schlagwörter: {tags}</span>'
        f'</footer><div class="author-box"><h4 class="author-title">Über {esc(who)}</h4>'
        f"<p>{esc(about)}</p></div>"
    )


def _comments(comments: tuple[Comment, ...]) -> str:
    items = "".join(
        f'<li class="comment"><div class="comment-author">{esc(c.author)}</div>'
        f'<div class="comment-content"><p>{esc(c.text)}</p></div></li>'
        for c in comments
    )
    title = "1 Kommentar" if len(comments) == 1 else f"{len(comments)} Kommentare"
    listing = f'<h2 class="comments-title">{title}</h2><ol class="comment-list">{items}</ol>'
    return (
        f'<div id="comments" class="comments-area">{listing if comments else ""}'
        '<div id="respond" class="comment-respond"><h3>Schreibe einen Kommentar</h3>'
        '<form action="/wp-comments-post.php"><textarea name="comment"></textarea>'
        "<button>Kommentar abschicken</button></form></div></div>"
    )


def _summary_and_featured(meta: ArticleMeta, base: str) -> str:
    """Lead box and featured image (the image has neither caption nor credit)."""
    return (
        f'<div class="entry-summary td-post-sub-title"><p>{esc(meta.lead)}</p></div>'
        f'<figure class="post-thumbnail"><img src="{attr(base + meta.featured_path)}" '
        f'alt="{attr(meta.title)}" width="1200" height="675"></figure>'
    )


def render_article(content: ArticleContent, ctx: PageContext, recent: list[ArticleMeta]) -> str:
    """The full article page; `recent` feeds the sidebar (older articles, edition-independent)."""
    meta, base = content.meta, ctx.base
    categories = " ".join(f"category-{s}" for s in meta.sections)
    classes = (
        f"post-{meta.post_id} post type-post status-publish format-standard "
        f"has-post-thumbnail {categories}"
    )
    return (
        head(f"{meta.title} – {SITE_NAME}", _head_meta(meta, base))
        + page_top(ctx, f"post-template-default single single-post postid-{meta.post_id}")
        + '<div id="content" class="site-content"><div id="primary" class="content-area">'
        f'<main id="main" class="site-main"><article id="post-{meta.post_id}" class="{classes}">'
        + _entry_header(meta)
        + _summary_and_featured(meta, base)
        + _entry_content(content, base)
        + _footer_and_author(meta)
        + "</article>"
        + _comments(content.comments)
        + "</main></div>"
        + sidebar((m.path, m.title) for m in recent)
        + "</div>"
        + page_bottom()
    )
