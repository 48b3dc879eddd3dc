"""HTML of the blocks inside `entry-content`: paragraphs, headings, figures, boxes, ads.

Whitespace damage is applied here and only here, so the truth (built from the same segments)
never sees it.
"""

from __future__ import annotations

from newscrawl.demo.html_common import attr, esc
from newscrawl.demo.model import Ad, Block, Figure, Heading, Para, Related, Seg

LAZY_GIF = "data:image/gif;base64,R0lGODlhAQABAAAAACw="


def _damaged(text: str, damage: str, counter: list[int]) -> str:
    """Invisible whitespace noise: line breaks + indentation, or `&nbsp;` for some spaces."""
    if damage == "none":
        return text
    words = text.split(" ")
    out = words[0]
    for word in words[1:]:
        counter[0] += 1
        n = counter[0]
        if damage == "newlines" and n % 6 == 0:
            out += "\n        " + word
        elif damage == "nbsp" and n % 5 == 2:
            out += ("&nbsp;" if n % 2 else " &nbsp;") + word
        else:
            out += " " + word
    return out


def _seg(seg: Seg, base: str) -> str:
    text = esc(seg.text)
    if seg.kind == "br":
        return "<br>"
    if seg.kind == "link":
        return f'<a href="{attr(base + seg.href)}">{text}</a>'
    if seg.kind in ("em", "strong"):
        return f"<{seg.kind}>{text}</{seg.kind}>"
    return text


def _para(para: Para, base: str) -> str:
    counter = [0]
    inner = "".join(
        _damaged(esc(s.text), para.damage, counter) if s.kind == "text" else _seg(s, base)
        for s in para.segs
    )
    if para.damage == "newlines":
        return f"<p>\n    {inner}\n  </p>"
    return f"<p>{inner}</p>"


def _figure(fig: Figure, base: str) -> str:
    url = attr(base + fig.path)
    if fig.lazy:
        img = f'<img src="{LAZY_GIF}" data-src="{url}" class="lazyload" alt="" width="1024">'
    else:
        img = f'<img src="{url}" alt="" width="1024" height="576">'
    if fig.markup == "block":
        credit = f'<span class="image-credit">{esc(fig.credit)}</span> ' if fig.credit else ""
        return (
            f'<figure class="wp-block-image size-large">{img}'
            f'<figcaption class="wp-element-caption">{credit}{esc(fig.caption)}</figcaption>'
            "</figure>"
        )
    credit = f" (Foto: {esc(fig.credit)})" if fig.credit else ""
    return (
        f'<div class="wp-caption aligncenter">{img}'
        f'<p class="wp-caption-text">{esc(fig.caption)}{credit}</p></div>'
    )


def _related(box: Related, base: str) -> str:
    hrefs = [attr((base if ln.absolute else "") + ln.path + ln.query) for ln in box.links]
    titles = [esc(ln.title) for ln in box.links]
    items = "".join(f'<li><a href="{h}">{t}</a></li>' for h, t in zip(hrefs, titles, strict=True))
    if box.markup == "su":
        return (
            f'<div class="related-post su-related"><a href="{hrefs[0]}"><span class='
            f'"related-label">Siehe auch</span><span class="related-title">{titles[0]}</span>'
            "</a></div>"
        )
    if box.markup == "mehr":
        return f'<p><strong>Mehr zum Thema:</strong> <a href="{hrefs[0]}">{titles[0]}</a></p>'
    if box.markup == "lesen":
        return (
            '<aside class="lesen-sie-auch"><strong>Lesen Sie auch:</strong>'
            f"<ul>{items}</ul></aside>"
        )
    return (
        '<div class="wp-block-group"><p>Das könnte Sie auch interessieren</p>'
        f"<ul>{items}</ul></div>"
    )


def _ad(ad: Ad) -> str:
    if ad.kind == "adsense":
        return (
            '<div class="code-block code-block-3"><span class="ad-label">Anzeige</span>'
            f'<ins class="adsbygoogle" data-ad-client="ca-pub-0000" data-ad-slot="{ad.slot}">'
            "</ins><script>(adsbygoogle = window.adsbygoogle || []).push({});</script></div>"
        )
    if ad.kind == "werbung":
        return (
            '<div class="werbung ad-container"><p class="ad-label">Werbung</p><iframe '
            f'src="https://ads.example-network.test/slot?id={ad.slot}" width="300" '
            'height="250"></iframe></div>'
        )
    return (
        '<div class="sponsored-teaser"><span>Sponsored</span> '
        f'<a href="https://partner.example-shop.test/angebot">{esc(ad.text)}</a></div>'
    )


def render_block(block: Block, base: str) -> str:
    if isinstance(block, Para):
        return _para(block, base)
    if isinstance(block, Heading):
        return f'<h2 class="wp-block-heading">{esc(block.text)}</h2>'
    if isinstance(block, Figure):
        return _figure(block, base)
    if isinstance(block, Related):
        return _related(block, base)
    return _ad(block)
