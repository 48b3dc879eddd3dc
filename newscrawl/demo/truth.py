"""Ground truth: the records a perfect crawl of the demo site must output.

Computed from the generator's own data objects (never by parsing HTML), so it is independent
of the crawler's extraction code by construction.
"""

from __future__ import annotations

import hashlib
from typing import Any

from newscrawl.demo.content import article_content
from newscrawl.demo.index import SiteIndex, visible_count
from newscrawl.demo.model import ArticleContent, body_text

SITE = "bna_germany"
SCHEMA_VERSION = 2
FIELDS: tuple[str, ...] = (
    "id",
    "url",
    "site",
    "section",
    "sections",
    "title",
    "lead",
    "authors",
    "source",
    "published_at",
    "modified_at",
    "language",
    "body",
    "images",
    "tags",
    "word_count",
    "content_hash",
    "schema_version",
    "revision",
    "revision_of",
    "changes",
)


def _images(content: ArticleContent, base: str) -> list[dict[str, str | None]]:
    """Featured image (no caption/credit) followed by in-text figures in document order."""
    meta = content.meta
    images: list[dict[str, str | None]] = [
        {"url": base + meta.featured_path, "caption": None, "credit": None}
    ]
    images += [
        {"url": base + fig.path, "caption": fig.caption, "credit": fig.credit}
        for fig in content.figures
    ]
    return images


def record(content: ArticleContent, base_url: str) -> dict[str, Any]:
    """The truth record of one article, keys in feed order."""
    base = base_url.rstrip("/")
    meta = content.meta
    url = base + meta.path
    body = body_text(content)
    return {
        "id": hashlib.sha256(url.encode()).hexdigest()[:16],
        "url": url,
        "site": SITE,
        "section": meta.section,
        "sections": list(meta.sections),
        "title": meta.title,
        "lead": meta.lead,
        "authors": list(meta.byline.authors),
        "source": meta.byline.source,
        "published_at": meta.published.isoformat(),
        "modified_at": None if meta.modified is None else meta.modified.isoformat(),
        "language": "de",
        "body": body,
        "images": _images(content, base),
        "tags": list(meta.tags),
        "word_count": len(body.split()),
        "content_hash": hashlib.sha256(body.encode()).hexdigest(),
        "schema_version": SCHEMA_VERSION,
        "revision": 1,  # the story's first line (a later change: truth --since-edition)
        "revision_of": None,
        "changes": None,
    }


def records_for(index: SiteIndex, base_url: str) -> list[dict[str, Any]]:
    """Truth for an already built index (avoids rebuilding it), sorted by URL."""
    contents = [
        article_content(
            index.seed, m.index, index.metas, index.copies, index.updates.get(m.index, ())
        )
        for m in index.metas
    ]
    out = [record(content, base_url) for content in contents]
    if index.copies:
        ids = [str(rec["id"]) for rec in out]
        for content, rec in zip(contents, out, strict=True):
            rec["duplicate_of"] = None if content.copy_of is None else ids[content.copy_of]
    return sorted(out, key=lambda r: str(r["url"]))


def truth_records(
    base_url: str, articles: int = 240, seed: int = 1, edition: int = 1, *, copies: bool = False
) -> list[dict[str, Any]]:
    """Ground truth of the site served at `base_url`, one dict per visible article.

    With `copies`, every record also has `duplicate_of`: the id of the story it is a
    syndicated near-copy of, or null for an original (follow-ups are originals).
    """
    return records_for(SiteIndex(articles, seed, edition, copies=copies), base_url)


# --- what a cron run emits after an earlier one ------------------------------------------

# The fields a revision line reports before/after (the body is reported paragraph by paragraph)
REVISED_FIELDS = ("title", "lead", "authors", "source", "published_at", "modified_at", "images")


def since_edition(index: SiteIndex, earlier: SiteIndex, base_url: str) -> list[dict[str, Any]]:
    """What a cron run on `index`'s edition must emit after a finished run on `earlier`'s
    (cron having run on every edition up to that one): every story new since, and every
    story updated since as its next revision, sorted by URL.

    A story's revision counts the lines runs emitted of it: 1 in the edition it appeared,
    one more for each later edition up to `earlier`'s that updated it, and this one. Its
    changes follow from what the updates did (demo/updates.py): the fields that differ,
    and the paragraphs appended to the body (an added paragraph, a correction note, and
    the "aktualisiert" note a first update brings), at their places in the new body.
    """
    before = {str(r["url"]): r for r in records_for(earlier, base_url)}
    out = []
    for rec in records_for(index, base_url):
        old = before.get(str(rec["url"]))
        if old is None:
            out.append(rec)
            continue
        path = str(rec["url"])[len(base_url.rstrip("/")) :]
        story = index.by_path[path]
        updates = index.updates.get(story, ())
        if not any(u.edition > earlier.edition for u in updates):
            continue
        first = _first_edition(index, story)
        seen = sum(1 for u in updates if first < u.edition <= earlier.edition)
        out.append({**rec, "revision": 2 + seen, "revision_of": old["content_hash"],
                    "changes": _changes(old, rec)})  # fmt: skip
    return out


def _first_edition(index: SiteIndex, story: int) -> int:
    edition = 1
    while story >= visible_count(index.articles, edition):
        edition += 1
    return edition


def _changes(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {
        name: {"before": old[name], "after": new[name]}
        for name in REVISED_FIELDS
        if old[name] != new[name]
    }
    before, after = str(old["body"]).split("\n\n"), str(new["body"]).split("\n\n")
    if after != before:
        assert after[: len(before)] == before, "demo updates only append paragraphs"
        added = [{"at": k, "text": after[k]} for k in range(len(before), len(after))]
        found["body"] = {"added": added, "removed": [], "changed": []}
    return found
