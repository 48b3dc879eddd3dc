"""Lazy article content: paragraphs, sub-headings, figures, related boxes, ads, comments.

The generator continues the article's own random stream after `build_meta`, and only ever
refers to *older* articles (index < i), so the result is identical in every edition.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import replace
from typing import Literal, get_args

from newscrawl.demo import textgen
from newscrawl.demo import vocab as v
from newscrawl.demo.index import build_meta
from newscrawl.demo.model import (
    Ad,
    ArticleContent,
    ArticleMeta,
    Block,
    Comment,
    Damage,
    Figure,
    Heading,
    Para,
    Related,
    RelatedLink,
    Seg,
)
from newscrawl.demo.syndication import syndicate
from newscrawl.demo.updates import Update, updated_content, updated_meta

UPDATE_NOTE = "Diese Geschichte wurde aktualisiert."
RELATED_QUERY = "?utm_source=related&utm_medium=widget"
_CLOSE_PUNCT = ".,:;!?“"
_DAMAGES: tuple[Damage, ...] = get_args(Damage)
InlineKind = Literal["link", "em", "strong"]
RelatedMarkup = Literal["su", "lesen", "mehr", "group"]


def _sentence_segs(rng: random.Random, count: int) -> list[Seg]:
    """Sentences joined by spaces, occasionally by a bare `<br>` (no whitespace around)."""
    sentences = [textgen.sentence(rng) for _ in range(count)]
    br_at = rng.randrange(1, count) if rng.random() < 0.15 else -1
    segs: list[Seg] = []
    text = sentences[0]
    for k, sent in enumerate(sentences[1:], start=1):
        if k == br_at:
            segs += [Seg("text", text), Seg("br")]
            text = sent
        else:
            text += " " + sent
    return [*segs, Seg("text", text)]


def _wrap(segs: list[Seg], kind: InlineKind, href: str, rng: random.Random) -> list[Seg]:
    """Wrap 1-3 words of a text segment into an inline element; punctuation stays outside."""
    spots = [k for k, s in enumerate(segs) if s.kind == "text" and len(s.text.split(" ")) >= 4]
    if not spots:
        return segs
    k = rng.choice(spots)
    words = segs[k].text.split(" ")
    size = rng.randint(2, 3) if kind == "link" else rng.randint(1, 2)
    start = rng.randrange(len(words) - size + 1)
    picked = " ".join(words[start : start + size])
    core = picked.lstrip("„").rstrip(_CLOSE_PUNCT)
    if not core or "" in words[start : start + size]:
        return segs
    lead_p = picked[: picked.index(core)]
    trail = picked[picked.index(core) + len(core) :]
    before = " ".join(words[:start]) + (" " if start else "") + lead_p
    rest = words[start + size :]
    after = trail + (" " + " ".join(rest) if rest else "")
    new = [Seg("text", before)] if before else []
    new.append(Seg(kind, core, href))
    if after:
        new.append(Seg("text", after))
    return segs[:k] + new + segs[k + 1 :]


def _paragraph(rng: random.Random, metas: Sequence[ArticleMeta], older: int) -> Para:
    """One body paragraph; about half carry inline links/emphasis, some get whitespace noise."""
    segs = _sentence_segs(rng, rng.randint(2, 5))
    if rng.random() < 0.5:
        for _ in range(rng.randint(1, 2)):
            kind: InlineKind = rng.choice(("link", "em", "strong") if older else ("em", "strong"))
            href = metas[rng.randrange(older)].path if kind == "link" else ""
            segs = _wrap(segs, kind, href, rng)
    damage: Damage = rng.choices(_DAMAGES, weights=(70, 15, 15))[0]
    return Para(tuple(segs), damage)


def _figure(rng: random.Random, meta: ArticleMeta, number: int) -> Figure:
    path = f"/wp-content/uploads/{meta.published:%Y/%m}/{meta.slug}-{number}.jpg"
    return Figure(
        path=path,
        caption=textgen.caption(rng),
        credit=textgen.credit(rng) if rng.random() < 0.8 else None,
        markup=rng.choice(("block", "classic")),
        lazy=rng.random() < 0.3,
    )


def _related(rng: random.Random, metas: Sequence[ArticleMeta], older: int) -> Related:
    """A 'see also' box pointing at 1-3 of the `older` first articles."""
    markup: RelatedMarkup = rng.choice(get_args(RelatedMarkup))
    count = 1 if markup in ("su", "mehr") else rng.randint(1, 3)
    targets = [metas[j] for j in rng.sample(range(older), min(count, older))]
    links = tuple(
        RelatedLink(
            path=m.path,
            title=m.title,
            absolute=rng.random() < 0.5,
            query=RELATED_QUERY if rng.random() < 0.3 else "",
        )
        for m in targets
    )
    return Related(markup, links)


def _ads(rng: random.Random) -> list[Ad]:
    ads = [
        Ad(rng.choice(("adsense", "werbung")), rng.randint(100, 999))
        for _ in range(rng.randint(1, 2))
    ]
    if rng.random() < 0.3:
        ads.append(Ad("sponsored", 0, textgen.ad_text(rng)))
    return ads


def _text_blocks(
    rng: random.Random, metas: Sequence[ArticleMeta], older: int
) -> list[Para | Heading]:
    """Body paragraphs, with 1-2 sub-headings in 30 % of the articles."""
    blocks: list[Para | Heading] = [
        _paragraph(rng, metas, older) for _ in range(rng.randint(5, 12))
    ]
    if rng.random() < 0.3:
        for pos in sorted(rng.sample(range(1, len(blocks)), rng.randint(1, 2)), reverse=True):
            blocks.insert(pos, Heading(textgen.subheading(rng)))
    return blocks


def _interleave(rng: random.Random, text: list[Para | Heading], extras: list[Block]) -> list[Block]:
    """Put each extra block into a random gap between two text blocks."""
    gaps: dict[int, list[Block]] = {}
    for extra in extras:
        gaps.setdefault(rng.randint(1, len(text) - 1), []).append(extra)
    out: list[Block] = []
    for k, block in enumerate(text):
        out += gaps.get(k, [])
        out.append(block)
    return out


def build_content(
    meta: ArticleMeta, rng: random.Random, metas: Sequence[ArticleMeta]
) -> ArticleContent:
    """All lazily generated parts of an article; `metas` must cover indexes below meta's."""
    older = meta.index  # only articles 0 .. index-1 may be linked
    headline_h2 = rng.random() < 0.5
    text = _text_blocks(rng, metas, older)
    extras: list[Block] = [_figure(rng, meta, n + 1) for n in range(rng.randint(0, 3))]
    if older:
        extras += [_related(rng, metas, older) for _ in range(rng.randint(1, 3))]
    extras += _ads(rng)
    rng.shuffle(extras)
    blocks = _interleave(rng, text, extras)
    if meta.modified is not None:
        blocks.append(Para((Seg("text", UPDATE_NOTE),)))
    comments = tuple(
        Comment(textgen.person_name(rng), rng.choice(v.COMMENTS)) for _ in range(rng.randint(0, 5))
    )
    return ArticleContent(meta, headline_h2, tuple(blocks), comments)


def article_content(
    seed: int,
    index: int,
    metas: Sequence[ArticleMeta],
    copies: bool = False,
    updates: tuple[Update, ...] = (),
) -> ArticleContent:
    """Regenerate article `index` from scratch (meta draws first, then content draws), with
    the `updates` later editions made to it (updates.py).

    With `copies`, some articles become near-copies or follow-ups of older ones (syndication).
    """
    meta, rng = build_meta(seed, index)
    # the sections the site's index gave it (a site with fewer sections maps the draw)
    meta = updated_meta(replace(meta, sections=metas[index].sections), updates, seed)
    content = updated_content(build_content(meta, rng, metas), updates, seed)
    if not copies:
        return content
    return syndicate(seed, content, lambda j: article_content(seed, j, metas, copies=True))
