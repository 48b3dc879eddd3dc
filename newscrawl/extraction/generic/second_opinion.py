"""A second opinion on a page's story text, from trafilatura, where the content finder is
unsure of its own.

- The finder found nothing: the body is taken from the second opinion rather than the page
  refused as `empty_body`.
- The finder's body is short, or its container holds little of the page's running text: the
  finder may have picked one part of a story spread over several containers. When the second
  opinion's text holds the finder's (`wider_story`) and is more than twice as much, it is taken;
  so it is when the two are different texts and the second opinion's speaks of what the
  headline and summary speak of, and the finder's does not (`on_topic`).

It runs only on those pages (measured share in `benchmarks/extraction_quality.py`'s note in the
README), on a copy of the parsed tree: trafilatura cleans the tree it is given, and the page's
other fields are read from the same Document.
"""

from __future__ import annotations

import copy
import re

from newscrawl.extraction.document import Document
from newscrawl.extraction.generic.hints import is_prompt
from newscrawl.extraction.text import collapse_whitespace

SHORT_BODY = 100  # words: a body this short is compared with the second opinion
OFF_TOPIC = 0.2  # ... and so is one using less than this share of the headline's words
_WORD = re.compile(r"\w+")
_HELD = 0.9  # share of the finder's word 4-grams the second opinion must hold
_COVERED = 0.5  # ... and the most of the second opinion's 4-grams the finder's may cover
_APART = 0.3  # texts sharing less than this share of 4-grams are different texts
# A second opinion holding the finder's text is taken when, beyond the page's summary, it
# uses this much more of the headline's and summary's words: the finder took a box beside
# the story (another story's card, a form) and the second opinion has the story as well.
ON_TOPIC_GAIN = 0.3
_LONG_WORD = re.compile(r"[^\W\d_]{4,}")


def short_body(paragraphs: list[str]) -> bool:
    return sum(len(_WORD.findall(p)) for p in paragraphs) < SHORT_BODY


def prefer_second_opinion(
    ours: list[str], theirs: list[str], title: str | None, lead: str | None
) -> bool:
    """Whether the second opinion's text is the better body: it holds ours and much more
    (`wider_story`), or it is another text altogether that speaks of what the headline and
    summary speak of where ours does not (`on_topic`), or it holds ours and speaks of the
    headline's topic much more (`ON_TOPIC_GAIN`)."""
    mine, other = _grams(ours), _grams(theirs)
    if _wider(mine, other):
        return True
    topic = on_topic(ours, title, lead)
    if _apart(mine, other) and on_topic(theirs, title, lead) > topic:
        return True
    beyond_summary = [p for p in theirs if p != lead]  # the summary itself is on topic
    return _holds(mine, other) and on_topic(beyond_summary, title, lead) - topic >= ON_TOPIC_GAIN


def on_topic(paragraphs: list[str], title: str | None, lead: str | None) -> float:
    """The share of the headline's and summary's words (4+ letters) the text uses."""
    wanted = set(_LONG_WORD.findall(f"{title or ''} {lead or ''}".lower()))
    if not wanted:
        return 0.0
    used = {w for p in paragraphs for w in _LONG_WORD.findall(p.lower())}
    return len(wanted & used) / len(wanted)


def wider_story(ours: list[str], theirs: list[str]) -> bool:
    """The second opinion holds the finder's text and more than twice as much besides: the
    finder took a part of the story for the whole."""
    return _wider(_grams(ours), _grams(theirs))


Grams = set[tuple[str, ...]]


def _wider(mine: Grams, other: Grams) -> bool:
    if not mine or not other:
        return bool(other) and not mine
    common = len(mine & other)
    return common >= _HELD * len(mine) and common < _COVERED * len(other)


def _holds(mine: Grams, other: Grams) -> bool:
    return bool(mine) and len(mine & other) >= _HELD * len(mine) and len(other) > len(mine)


def _apart(mine: Grams, other: Grams) -> bool:
    """Two texts with little in common: each holds under 30 % of the other's 4-grams."""
    if not mine or not other:
        return False
    common = len(mine & other)
    return common < _APART * len(mine) and common < _APART * len(other)


def _grams(paragraphs: list[str]) -> Grams:
    words = [w for p in paragraphs for w in _WORD.findall(p.lower())]
    if len(words) < 4:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + 4]) for i in range(len(words) - 3)}


def story_paragraphs(doc: Document, url: str, title: str | None = None) -> list[str]:
    """The story's paragraphs as trafilatura reads the page (no comments, no consent or
    sign-up prompts), or []."""
    import trafilatura  # only for the pages that need it: it loads dateparser & co.

    text = trafilatura.extract(copy.deepcopy(doc.root), url=url, include_comments=False)
    lines = [collapse_whitespace(line) for line in (text or "").splitlines()]
    paragraphs = [line for line in lines if line and not is_prompt(line)]
    if paragraphs and title and paragraphs[0] == collapse_whitespace(title):
        paragraphs = paragraphs[1:]  # the headline is a field, not the body's first line
    return paragraphs
