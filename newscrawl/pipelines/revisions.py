"""A story delivered before and fetched again (a re-check, `-a full=true`) is a revision when
a reader sees a change (revisions.py): it gets the next `revision`, `revision_of` (the last
line's content hash) and `changes`, and passes the duplicate stages, which would otherwise
drop it as a copy of itself. Unchanged, it goes on as before: the URL stage drops it as
`duplicate_url`, done with.

The state keeps each delivered line's version for NEWSCRAWL_REVISION_DAYS after its
delivery (recorded with the feed, extensions/state.py); a story changed after that has no
version to be diffed against and is taken for the known story it is.
"""

from __future__ import annotations

from typing import Any, ClassVar

from newscrawl.extensions.state import store_for
from newscrawl.extraction.chain import Finished
from newscrawl.pipelines.base import Stage
from newscrawl.revisions import changes, decode, version_of


class RevisionPipeline(Stage):
    area: ClassVar[str] = "revisions"

    def process_item(self, item: Any, spider: Any = None) -> Any:
        article = item.article if isinstance(item, Finished) else None
        if article is None:
            return item
        kept = store_for(self.crawler).version(article.id)
        if kept is None:
            return item
        before = decode(kept)
        found = changes(before, version_of(article.to_record()))
        if found is None:
            self.count("unchanged")
            return item
        article.revision = int(before.get("revision") or 1) + 1
        article.revision_of = before.get("content_hash")
        article.changes = found
        item.revises = True
        self.count("changed")
        return item
