"""Page chrome shared by all HTML pages: head, cookie banner, top bar, masthead, sidebar."""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field

from newscrawl.demo import vocab as v

HTML = "text/html; charset=UTF-8"
SITE_NAME = "BNA-Germany"
TAGLINE = "Nachrichten aus Deutschland und der Welt – unabhängig eingeordnet"
ADSENSE = (
    '<script async src="https://pagead2.googlesyndication.com/pagead/js/adsbygoogle.js"></script>'
)
STYLE = (
    "<style>body{font-family:Georgia,serif;margin:0}.top-bar{background:#222;color:#eee;"
    "padding:4px 12px}.site-header{padding:12px}.menu{list-style:none;display:flex;gap:12px}"
    ".cookie-notice{position:fixed;bottom:0;background:#ffd}.widget-area{float:right;"
    "width:30%}.ad-label{font-size:10px;color:#999}</style>"
)


@dataclass(frozen=True, slots=True)
class Response:
    """What the server sends: status, content type, body and extra headers (every part of the
    site builds these; `site.py` routes to them)."""

    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    stream: bool = False  # sent without a Content-Length, the connection closed at its end


def esc(text: str) -> str:
    """Escape text content."""
    return html.escape(text, quote=False)


def attr(text: str) -> str:
    """Escape an attribute value."""
    return html.escape(text, quote=True)


@dataclass(frozen=True, slots=True)
class PageContext:
    """Per-request facts: the base URL the site is served under and the top-bar date."""

    base: str
    topbar: str
    sections: tuple[str, ...] = tuple(slug for slug, _ in v.SECTIONS)  # the site's menu


def head(title: str, meta: str = "") -> str:
    """Document start up to and including `</head>`; `meta` is extra head markup."""
    return (
        '<!DOCTYPE html><html lang="de-DE"><head><meta charset="UTF-8">'
        f"<title>{esc(title)}</title>{meta}{ADSENSE}{STYLE}</head>"
    )


def _nav(sections: tuple[str, ...]) -> str:
    names = dict(v.SECTIONS)
    items = ['<li class="menu-item"><a href="/">Startseite</a></li>']
    items += [
        f'<li class="menu-item"><a href="/kategorie/{slug}/">{esc(names[slug])}</a></li>'
        for slug in sections
    ]
    return (
        '<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">'
        f"{''.join(items)}</ul></nav>"
    )


def page_top(ctx: PageContext, body_class: str) -> str:
    """`<body>` start: cookie banner, top bar with the view date, masthead with navigation."""
    return (
        f'<body class="{attr(body_class)}"><div id="cookie-notice" class="cookie-notice">'
        "Wir verwenden Cookies, um Ihnen die bestmögliche Nutzung unserer Webseite zu "
        'ermöglichen. <a href="/datenschutz/">Mehr erfahren</a> <button>Akzeptieren</button>'
        f'</div><div class="top-bar"><span class="top-bar-date">{esc(ctx.topbar)}</span></div>'
        '<header id="masthead" class="site-header"><div class="site-branding">'
        f'<p class="site-title"><a href="/" rel="home">{SITE_NAME}</a></p>'
        f'<p class="site-description">{esc(TAGLINE)}</p></div>{_nav(ctx.sections)}</header>'
    )


def sidebar(links: Iterable[tuple[str, str]]) -> str:
    """The 'Neueste Beiträge' widget; `links` are (href, title) pairs."""
    items = "".join(f'<li><a href="{attr(href)}">{esc(title)}</a></li>' for href, title in links)
    return (
        '<aside id="secondary" class="widget-area"><section class="widget '
        'widget_recent_entries"><h2 class="widget-title">Neueste Beiträge</h2>'
        f"<ul>{items}</ul></section></aside>"
    )


def page_bottom() -> str:
    """Site footer and document end."""
    return (
        '<footer id="colophon" class="site-footer"><div class="site-info">'
        '<a href="/impressum/">Impressum</a> | <a href="/datenschutz/">Datenschutz</a>'
        f"<p>© 2024 {SITE_NAME}</p></div></footer></body></html>"
    )


def simple_page(ctx: PageContext, title: str, text: str) -> str:
    """A plain static page (imprint, privacy notice, 404)."""
    return (
        head(f"{title} – {SITE_NAME}")
        + page_top(ctx, "page")
        + '<div id="content" class="site-content"><div id="primary" class="content-area">'
        f'<main id="main" class="site-main"><h1 class="page-title">{esc(title)}</h1>'
        f"<p>{esc(text)}</p></main></div></div>" + page_bottom()
    )
