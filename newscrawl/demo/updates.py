"""Stories updated after publication (`serve --updates`): each edition after the first also
changes a few of the stories the edition before showed, as a newsroom does.

An update is one of: a sharper headline, an added paragraph, a correction note, a replaced
featured picture. Each gives the story a later `modified_at` (the edition's time: half an hour
after its newest story), so its page (`<time class="updated">`, `article:modified_time`; like
the seed page, the demo carries no JSON-LD), its sitemap `lastmod` and its listing teaser
("aktualisiert am …") say so. Updates of edition e are
drawn from `random.Random(f"{seed}:updates:{e}")` among the newest stories of edition e-1 (the
ones a newsroom still works on), so an edition's updates never depend on later ones, and
edition 1 has none: the first edition is the site it always was.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Literal

from newscrawl.demo import textgen
from newscrawl.demo.model import ArticleContent, ArticleMeta, Para, Seg

UpdateKind = Literal["headline", "paragraph", "correction", "image"]
KINDS: tuple[UpdateKind, ...] = ("headline", "paragraph", "correction", "image")
PER_EDITION = 4  # stories updated by each edition after the first
RECENT = 40  # ... among the newest stories of the edition before
AFTER_NEWEST = timedelta(minutes=30)  # an edition's updates: after its newest story
CORRECTION = "Korrektur: In einer früheren Fassung dieses Artikels hieß es, "


@dataclass(frozen=True, slots=True)
class Update:
    edition: int
    kind: UpdateKind
    when: datetime  # the story's new modified_at


def plan_updates(
    seed: int, edition: int, visible: list[int], newest: list[datetime]
) -> dict[int, tuple[Update, ...]]:
    """The updates of every edition up to `edition`, by story index, oldest first.
    `visible[e - 1]` is how many stories edition e shows; `newest[e - 1]` the publication
    time of its newest story."""
    found: dict[int, list[Update]] = {}
    for e in range(2, edition + 1):
        rng = random.Random(f"{seed}:updates:{e}")
        before = visible[e - 2]
        candidates = range(max(0, before - RECENT), before)
        when = newest[e - 1] + AFTER_NEWEST
        for index in sorted(rng.sample(candidates, min(PER_EDITION, len(candidates)))):
            found.setdefault(index, []).append(Update(e, rng.choice(KINDS), when))
    return {index: tuple(updates) for index, updates in found.items()}


def updated_meta(meta: ArticleMeta, updates: tuple[Update, ...], seed: int) -> ArticleMeta:
    """The story's facts after its updates: a new headline, a new featured picture, the
    last update's time as `modified`."""
    if not updates:
        return meta
    title, picture = meta.title, meta.picture
    for update in updates:
        if update.kind == "headline":
            title = textgen.title(_rng(seed, meta.index, update))
        elif update.kind == "image":
            picture = update.edition
    last = updates[-1]
    return replace(meta, title=title, modified=last.when, picture=picture, updated_in=last.edition)


def updated_content(
    content: ArticleContent, updates: tuple[Update, ...], seed: int
) -> ArticleContent:
    """The story's body after its updates: an added paragraph or a correction note at its
    end, in the order they came."""
    added: list[Para] = []
    for update in updates:
        rng = _rng(seed, content.meta.index, update)
        if update.kind == "paragraph":
            text = " ".join(textgen.sentence(rng) for _ in range(rng.randint(2, 4)))
            added.append(Para((Seg("text", text),)))
        elif update.kind == "correction":
            sentence = textgen.sentence(rng)
            added.append(Para((Seg("text", CORRECTION + sentence[0].lower() + sentence[1:]),)))
    if not added:
        return content
    return replace(content, blocks=(*content.blocks, *added))


def _rng(seed: int, index: int, update: Update) -> random.Random:
    return random.Random(f"{seed}:{index}:update:{update.edition}")
