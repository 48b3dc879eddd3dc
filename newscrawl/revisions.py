"""What changed between two versions of a story: the `changes` of a revision line.

A story fetched again after it was emitted is a revision when a reader would see a
difference: its title, lead, authors, source, publication date, pictures or body. A new
`modified_at` alone (a CMS touching the page) is no revision, but it is reported beside a
real change. The body is compared paragraph by paragraph (`difflib`'s matching of the two
paragraph lists): a paragraph added, removed, or changed in place (one replaced by one).
"""

from __future__ import annotations

import difflib
import json
import zlib
from datetime import UTC, datetime, timedelta
from typing import Any

# Fields compared as wholes, each reported with its value before and after
COMPARED = ("title", "lead", "authors", "source", "published_at", "modified_at", "images")
# A change to one of these alone is no revision (see the module's docstring)
NOT_A_REVISION = frozenset({"modified_at"})
PARAGRAPH_BREAK = "\n\n"


def version_of(record: dict[str, Any]) -> dict[str, Any]:
    """What a later fetch of the story is compared with: the compared fields and the body
    as paragraphs (a feed line's values, JSON-ready)."""
    kept = {name: record.get(name) for name in COMPARED}
    kept["body"] = paragraphs(str(record.get("body") or ""))
    return kept


def paragraphs(body: str) -> list[str]:
    return [p for p in body.split(PARAGRAPH_BREAK) if p]


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any] | None:
    """The changes from `before` to `after` (both `version_of` a line), or None when a
    reader sees none. Fields: {"before": …, "after": …}; the body: {"added": [{"at", "text"}],
    "removed": [{"at", "text"}], "changed": [{"at", "before", "after"}]}, where `at` is the
    paragraph's position (from 0) in the new body, for a removed one in the old body."""
    found: dict[str, Any] = {}
    for name in COMPARED:
        if before.get(name) != after.get(name):
            found[name] = {"before": before.get(name), "after": after.get(name)}
    body = body_changes(before.get("body") or [], after.get("body") or [])
    if body is not None:
        found["body"] = body
    return found if set(found) - NOT_A_REVISION else None


def body_changes(old: list[str], new: list[str]) -> dict[str, list[dict[str, Any]]] | None:
    """Paragraphs added, removed and changed in place between two bodies, or None."""
    added: list[dict[str, Any]] = []
    removed: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        paired = min(i2 - i1, j2 - j1) if op == "replace" else 0
        for k in range(paired):
            changed.append({"at": j1 + k, "before": old[i1 + k], "after": new[j1 + k]})
        removed += [{"at": i, "text": old[i]} for i in range(i1 + paired, i2)]
        added += [{"at": j, "text": new[j]} for j in range(j1 + paired, j2)]
    if not (added or removed or changed):
        return None
    return {"added": added, "removed": removed, "changed": changed}


# --- what the state keeps of a delivered line ----------------------------------------------


def encode(
    record: dict[str, Any], etag: str | None = None, last_modified: str | None = None
) -> bytes:
    """What the state keeps of a delivered line to diff its next version against: its
    revision, content hash, when it was fetched, the compared fields and the body's
    paragraphs (zlib'd JSON, about a third of the body's size)."""
    kept = {
        "revision": record.get("revision", 1),
        "content_hash": record.get("content_hash"),
        "fetched_at": record.get("crawled_at"),  # when we last looked
        # the page's validators, for a re-check's conditional request (a 304 costs nothing)
        "etag": etag,
        "last_modified": last_modified,
    }
    kept.update(version_of(record))
    return pack(kept)


def pack(kept: dict[str, Any]) -> bytes:
    return zlib.compress(json.dumps(kept, ensure_ascii=False).encode("utf-8"), 6)


def decode(blob: bytes) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(zlib.decompress(blob).decode("utf-8"))
    return found


def expiry(days: float, now: datetime | None = None) -> str:
    """When a version kept now is forgotten (the stores' UTC format)."""
    moment = (now or datetime.now(UTC)) + timedelta(days=days)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
