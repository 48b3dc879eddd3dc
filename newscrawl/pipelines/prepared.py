"""What the pure stages leave behind when they ran ahead, in an extraction worker process.

Pure stages (extraction, canonical URL, stripping, body text, normalising, the text and schema
checks) need nothing but the item. With NEWSCRAWL_EXTRACT_PROCESSES > 0 they run in worker
processes on other cores, in settings order, and return a `Prepared`; in the crawler process
each pure pipeline then only replays what it did there (its stats, its drop with the same
reason), while the stateful stages (duplicate URL, duplicate content, near-duplicates) run as
always. So stats, drop reasons and output are the same either way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class StageDrop(Exception):
    """A pure stage rejects the item: `reason` names the drop, `log` is worth a warning."""

    def __init__(self, reason: str, log: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.log = log


@dataclass(slots=True)
class Prepared:
    """The result of the pure stages for one page (picklable: it crosses processes)."""

    url: str  # the fetched URL (for messages)
    url_key: str | None  # article id of the settled URL; None when extraction failed
    item: Any  # the Article after the last pure stage, or the item at the drop
    events: list[tuple[str, str, int]] = field(default_factory=list)  # (stage, event, value)
    drop: tuple[str, str, str | None] | None = None  # (stage, reason, log message)
    signature: bytes | None = None  # near-duplicate MinHash of the final body
    # its LSH band keys, with the (bands, rows) they were cut by: the index uses them when
    # its own banding is the same
    band_keys: tuple[tuple[int, int], list[int]] | None = None
