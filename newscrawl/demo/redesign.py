"""`serve --redesign`: the article pages after a theme update. The body container, byline,
featured figure and category links get new class names and the byline moves below the
body; words, pictures and dates stay, so the truth is unchanged. Listing pages are untouched.
A profile's selectors written for the old theme stop matching: a crawl must say so (health.py)
while the generic fallback keeps the articles flowing.
"""

from __future__ import annotations

import re

from newscrawl.demo.html_common import Response
from newscrawl.demo.index import SiteIndex

RENAMED = (
    ('class="entry-content"', 'class="story-text"'),
    ('class="byline"', 'class="story-credit"'),
    ('class="author vcard"', 'class="writer-card"'),
    ('class="post-thumbnail"', 'class="story-figure"'),
    ('class="cat-links"', 'class="story-topics"'),
)
_SPAN = re.compile(r"<span\b|</span>")
_CREDIT = '<span class="story-credit">'
_BELOW_BODY = '<footer class="entry-footer">'


class Redesign:
    def __init__(self, index: SiteIndex) -> None:
        self.articles = frozenset(index.by_path)

    def apply(self, path: str, page: Response) -> Response:
        if path not in self.articles or page.status != 200:
            return page
        html = page.body.decode("utf-8")
        for old, new in RENAMED:
            html = html.replace(old, new)
        start = html.find(_CREDIT)
        end = _span_end(html, start) if start >= 0 else None
        if end is not None and _BELOW_BODY in html:
            byline = html[start:end]
            html = html[:start] + html[end:]
            html = html.replace(_BELOW_BODY, f"<p>{byline}</p>{_BELOW_BODY}", 1)
        return Response(page.status, page.content_type, html.encode("utf-8"), page.headers)


def _span_end(html: str, start: int) -> int | None:
    """Where the <span> opened at `start` closes (just past its </span>)."""
    depth = 0
    for tag in _SPAN.finditer(html, start):
        depth += 1 if tag.group(0) == "<span" else -1
        if depth == 0:
            return tag.end()
    return None
