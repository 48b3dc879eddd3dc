"""The one exception for a page that extraction will not return as an article."""

from __future__ import annotations


class NotAnArticle(ValueError):
    """A page refused by extraction, for the reason a crawl would drop it.

    `reason` is the crawl's drop reason (`newscrawl/dropped/<reason>`): `not_article` (no
    story by the recogniser), `not_site_article` (a profiled page without the profile's title
    or body), `unparseable_page`, `too_deep`, `too_slow`, `empty_body`, `missing_title`,
    `garbled_text`, `invalid_schema`, `bot_challenge` (a bot wall's challenge page served
    in place of the page), `soft_404` (a "not found" page served as found) and `truncated`
    (the bytes end inside the article: extraction/truncation.py): the article
    is not delivered, not refused. `detail` is the finer code where there is one (the
    recogniser's evidence, such as `og_type_website`; the kind of garbling); `message` is
    for a log line.
    """

    def __init__(self, reason: str, detail: str | None = None, message: str | None = None) -> None:
        super().__init__(reason, detail, message)  # args: so it pickles across processes
        self.reason = reason
        self.detail = detail
        self.message = message

    def __str__(self) -> str:
        return self.message or (f"{self.reason}: {self.detail}" if self.detail else self.reason)
