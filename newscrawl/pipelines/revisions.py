"""A story delivered before and fetched again (a re-check, `-a full=true`) is a revision when
a reader sees a change (revisions.py): it gets the next `revision`, `revision_of` (the last
line's content hash) and `changes`, and passes the duplicate stages, which would otherwise
drop it as a copy of itself. Unchanged, it goes on as before: the URL stage drops it as
`duplicate_url`, done with, and its kept version notes the change stamp that brought it back
(spiders/base.py measures a sitemap's `lastmod` against the kept version's dates and that).

The state keeps each delivered line's version for NEWSCRAWL_REVISION_DAYS after its
delivery (recorded with the feed, extensions/state.py); a story changed after that has no
version to be diffed against and is taken for the known story it is.
"""

from __future__ import annotations

from typing import Any, ClassVar

from scrapy.crawler import Crawler

from newscrawl.config import config_of
from newscrawl.extensions.run import run_of
from newscrawl.extraction.chain import Finished
from newscrawl.pipelines.base import Stage
from newscrawl.revisions import changes, decode, expiry, pack, version_of


class RevisionPipeline(Stage):
    area: ClassVar[str] = "revisions"

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.days = config_of(crawler).revision_days

    def process_item(self, item: Any, spider: Any = None) -> Any:
        article = item.article if isinstance(item, Finished) else None
        if article is None:
            return item
        store = run_of(self.crawler).store
        kept = store.version(article.id)
        if kept is None:
            return item
        before = decode(kept)
        record = article.to_record()
        found = changes(before, version_of(record))
        if found is None:  # looked at again for a change it does not show: noted, so the
            # same lastmod (a comment, a CMS touch) does not bring it back every run
            self.count("unchanged")
            before["fetched_at"] = record["crawled_at"]
            before["checked"] = item.changed or before.get("checked")
            before["etag"], before["last_modified"] = item.etag, item.last_modified
            store.remember_version(article.id, pack(before), expiry(self.days))
            return item
        article.revision = int(before.get("revision") or 1) + 1
        article.revision_of = before.get("content_hash")
        article.changes = found
        item.revises = True
        self.count("changed")
        return item
