"""Syndicated near-copies and their hard negatives (served with `--copies`).

Which article is a copy of which depends only on (seed, index), never on the number of
articles or the edition, so the relation is the same in every edition and a repost in
edition 2 can point back at a story of edition 1:

- i % 10 == 3: a near-copy of an earlier original (a repost 13-33 articles later) with a new
  headline and lead (its own metadata), and 1-2 realistic edits to the text: a reworded first
  sentence, a paragraph removed or added, a boilerplate line appended;
- i % 30 == 23: a second copy of the same story as i - 10;
- i % 10 == 7: a follow-up on an earlier story (same topic, its opening paragraph quoted as
  background, otherwise new text): NOT a duplicate;
- i % 10 in (1, 5): an original carrying a long shared agency paragraph: NOT duplicates of
  each other.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable, Sequence
from functools import lru_cache

from newscrawl.demo import textgen
from newscrawl.demo.model import ArticleContent, Block, Heading, Para, Seg

TextBlock = Para | Heading
REPOST_NOTES = (
    "Dieser Artikel erschien zuerst bei unserem Partnerportal.",
    "Mit Material der Nachrichtenagenturen.",
    "Die Meldung wurde um weitere Einzelheiten ergänzt.",
)
_NOT_ORIGINAL = (3, 7)


def _earlier_original(seed: int, i: int, gap: int, tag: str) -> int | None:
    rng = random.Random(f"{seed}:{i}:{tag}")
    j = i - gap - rng.randint(0, 20)
    if j % 10 in _NOT_ORIGINAL:
        j -= 1
    return j if j >= 0 else None


def copy_of(seed: int, i: int) -> int | None:
    """The original article that article i is a near-copy of, if any."""
    if i % 30 == 23:
        return copy_of(seed, i - 10)
    return _earlier_original(seed, i, 13, "copy") if i % 10 == 3 else None


def follow_up_of(seed: int, i: int) -> int | None:
    return _earlier_original(seed, i, 5, "follow-up") if i % 10 == 7 else None


@lru_cache(maxsize=16)
def agency_note(seed: int) -> Para:
    """One long paragraph shared verbatim by many unrelated stories."""
    rng = random.Random(f"{seed}:agency-note")
    return Para((Seg("text", " ".join(textgen.sentence(rng) for _ in range(5))),))


def _text(content: ArticleContent) -> list[TextBlock]:
    return [b for b in content.blocks if isinstance(b, Para | Heading)]


def _with_text(content: ArticleContent, text: list[TextBlock], copy: int | None) -> ArticleContent:
    """Swap the text blocks, keeping figures, boxes and ads where they were."""
    rest = iter(text)
    blocks: list[Block] = []
    for block in content.blocks:
        if not isinstance(block, Para | Heading):
            blocks.append(block)
        elif (new := next(rest, None)) is not None:
            blocks.append(new)
    blocks.extend(rest)
    return dataclasses.replace(content, blocks=tuple(blocks), copy_of=copy)


def _reword_first(text: list[TextBlock], rng: random.Random) -> None:
    k = next((n for n, b in enumerate(text) if isinstance(b, Para)), None)
    if k is not None:
        old = text[k]
        assert isinstance(old, Para)
        text[k] = Para((Seg("text", textgen.sentence(rng) + " "), *old.segs[1:]), old.damage)


def _drop_one(text: list[TextBlock], rng: random.Random) -> None:
    if len(text) > 4:
        del text[rng.randrange(1, len(text))]


def _add_one(text: list[TextBlock], rng: random.Random) -> None:
    sentences = " ".join(textgen.sentence(rng) for _ in range(rng.randint(2, 4)))
    text.insert(rng.randint(1, len(text)), Para((Seg("text", sentences),)))


def _append_note(text: list[TextBlock], rng: random.Random) -> None:
    text.append(Para((Seg("text", rng.choice(REPOST_NOTES)),)))


EDITS: tuple[Callable[[list[TextBlock], random.Random], None], ...] = (
    _reword_first,
    _drop_one,
    _add_one,
    _append_note,
)


def syndicate(
    seed: int, content: ArticleContent, original: Callable[[int], ArticleContent]
) -> ArticleContent:
    """Apply the copy / follow-up / shared-note relation of this article to its content."""
    i = content.meta.index
    rng = random.Random(f"{seed}:{i}:edits")
    source = copy_of(seed, i)
    if source is not None:
        text = _text(original(source))
        for edit in rng.sample(EDITS, rng.randint(1, 2)):
            edit(text, rng)
        return _with_text(content, text, source)
    earlier = follow_up_of(seed, i)
    if earlier is not None:
        text = _text(content)
        background = next((b for b in _text(original(earlier)) if isinstance(b, Para)), None)
        if background is not None:
            text.insert(1, background)
        return _with_text(content, text, None)
    if i % 10 in (1, 5):
        return _with_text(content, [*_text(content), agency_note(seed)], None)
    return content


def copies_in(seed: int, indexes: Sequence[int]) -> dict[int, int]:
    """copy index -> original index, for the visible articles."""
    return {i: j for i in indexes if (j := copy_of(seed, i)) is not None}
