"""`serve --maintenance`: the first request for each article is answered 200 with a
maintenance page instead of the article, as a misbehaving cache, proxy or CMS does during a
deployment. Every later request gets the article. A correct crawl delivers nothing wrong on
the first run and every article by the second: the page is not the article, so it must be
neither emitted nor remembered as done.
"""

from __future__ import annotations

import threading

from newscrawl.demo.html_common import HTML, Response
from newscrawl.demo.index import SiteIndex

PAGE = (
    '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">'
    "<title>Wartungsarbeiten</title></head><body><main><h1>Wartungsarbeiten</h1>"
    "<p>Wir führen gerade geplante Wartungsarbeiten durch. Bitte versuchen Sie es in wenigen "
    "Minuten erneut.</p></main></body></html>"
)


class MaintenanceResponder:
    def __init__(self, index: SiteIndex) -> None:
        self.articles = frozenset(index.by_path)
        self.seen: set[str] = set()
        self.lock = threading.Lock()

    def apply(self, path: str, normal: Response) -> Response:
        if path not in self.articles or normal.status != 200:
            return normal
        with self.lock:
            first = path not in self.seen
            self.seen.add(path)
        return Response(200, HTML, PAGE.encode()) if first else normal
