"""The article index: cheap metadata for every article of an edition, built eagerly.

Article i draws everything from `random.Random(f"{seed}:{i}")`, so its metadata (and, via
`content`, its page) never depends on the number of articles or the edition. The index only
decides which articles are visible and how they are grouped into listings.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from newscrawl.demo import textgen
from newscrawl.demo import vocab as v
from newscrawl.demo.model import BERLIN, ArticleMeta, Byline, slugify
from newscrawl.demo.updates import plan_updates, updated_meta

START = datetime(2024, 2, 5, 6, 0, tzinfo=BERLIN).astimezone(UTC)
STEP = timedelta(hours=7)
SECTION_SLUGS: tuple[str, ...] = tuple(slug for slug, _ in v.SECTIONS)


def visible_count(articles: int, edition: int) -> int:
    """Articles shown by an edition: each later edition adds K = max(12, min(30, N // 100))."""
    return articles + (edition - 1) * max(12, min(30, articles // 100))


def _ambiguous(dt: datetime) -> bool:
    """True for local times that occur twice (autumn DST change)."""
    return dt.replace(fold=1 - dt.fold).utcoffset() != dt.utcoffset()


def _sections(rng: random.Random) -> tuple[str, ...]:
    primary = rng.choice(SECTION_SLUGS)
    if rng.random() < 0.3:
        return primary, rng.choice([s for s in SECTION_SLUGS if s != primary])
    return (primary,)


def _byline(rng: random.Random) -> Byline:
    """70 % republished (outlet in the author slot), 30 % people, half of those + agency."""
    if rng.random() < 0.7:
        return Byline(authors=(), outlet=rng.choice(v.OUTLETS), agency=None)
    names = [textgen.person_name(rng)]
    if rng.random() < 0.4:
        second = textgen.person_name(rng)
        if second != names[0]:
            names.append(second)
    agency = rng.choice(v.AGENCIES) if rng.random() < 0.5 else None
    return Byline(authors=tuple(names), outlet=None, agency=agency)


def _dates(rng: random.Random, i: int) -> tuple[datetime, datetime | None]:
    """Monotonic publication time (i * 7 h + 0-6 h) and an optional later modification."""
    published = (START + i * STEP + timedelta(minutes=rng.randrange(360))).astimezone(BERLIN)
    if rng.random() < 0.25:
        return published, published + timedelta(minutes=rng.randint(60, 30 * 60))
    return published, None


def on_site(meta: ArticleMeta, sections: tuple[str, ...]) -> ArticleMeta:
    """`meta` on a site that has only `sections`: each drawn section becomes one of the
    site's (the n-th of the vocabulary -> the site's n-th, cycling). The draws themselves are
    the same on every site, so a story's content does not depend on the site's menu."""
    if sections == SECTION_SLUGS:
        return meta
    mapped = [sections[SECTION_SLUGS.index(slug) % len(sections)] for slug in meta.sections]
    return replace(meta, sections=tuple(dict.fromkeys(mapped)))


def build_meta(seed: int, i: int) -> tuple[ArticleMeta, random.Random]:
    """Metadata of article i plus its generator, positioned for the lazy content draws."""
    rng = random.Random(f"{seed}:{i}")
    sections = _sections(rng)
    title = textgen.title(rng)
    lead = textgen.lead(rng)
    published, modified = _dates(rng, i)
    byline = _byline(rng)
    times = [published] if modified is None else [published, modified]
    machine = rng.random() < 0.8 or any(_ambiguous(t) for t in times)
    tags = tuple(rng.sample(v.TAGS, rng.randint(2, 5)))
    meta = ArticleMeta(
        index=i,
        title=title,
        lead=lead,
        slug=f"{slugify(title)}-{i}",
        published=published,
        modified=modified,
        sections=sections,
        byline=byline,
        machine_date=machine,
        tags=tags,
    )
    return meta, rng


class SiteIndex:
    """All visible articles of one edition, with the lookups the router needs."""

    def __init__(
        self,
        articles: int = 240,
        seed: int = 1,
        edition: int = 1,
        *,
        copies: bool = False,
        orphans: int = 0,
        updates: bool = False,
        sections: tuple[str, ...] = SECTION_SLUGS,
    ) -> None:
        if articles < 1 or edition < 1:
            raise ValueError("articles and edition must be >= 1")
        unknown = [slug for slug in sections if slug not in SECTION_SLUGS]
        if unknown or not sections or len(set(sections)) != len(sections):
            raise ValueError(
                f"sections must be distinct, from {', '.join(SECTION_SLUGS)} (got {sections})"
            )
        self.sections = sections  # the sections this site has, in its menu's order
        self.articles, self.seed, self.edition = articles, seed, edition
        self.copies = copies  # serve syndicated near-copies (see syndication.py)
        count = visible_count(articles, edition)
        metas = [on_site(build_meta(seed, i)[0], sections) for i in range(count)]
        shown = [visible_count(articles, e) for e in range(1, edition + 1)]
        newest = [metas[n - 1].published for n in shown]
        # with `updates`: stories updated by the editions after the first (updates.py)
        self.updates = plan_updates(seed, edition, shown, newest) if updates else {}
        self.metas: list[ArticleMeta] = [
            updated_meta(m, self.updates.get(m.index, ()), seed) for m in metas
        ]
        self.by_path: dict[str, int] = {m.path: m.index for m in self.metas}
        # Orphans: published, but linked from no listing, the home page or a sidebar; only
        # the sitemaps and the feed name them (spread evenly over the site's history).
        step = max(1, count // (orphans + 1)) if orphans else 0
        self.orphans = frozenset(range(step, count, step)[:orphans]) if orphans else frozenset()
        self.by_section: dict[str, list[int]] = {slug: [] for slug in sections}
        for meta in reversed(self.metas):
            if meta.index in self.orphans:
                continue
            for slug in meta.sections:
                self.by_section[slug].append(meta.index)

    @property
    def view_date(self) -> date:
        """'Today' on the site: the day after the newest visible article."""
        return self.metas[-1].published.date() + timedelta(days=1)

    def newest(self, count: int) -> list[ArticleMeta]:
        """The `count` newest visible articles, newest first."""
        return self.metas[: -count - 1 : -1]

    def newest_listed(self, count: int) -> list[ArticleMeta]:
        """The `count` newest articles a listing, the home page or a sidebar may link (no
        orphan), newest first."""
        listed = (m for m in reversed(self.metas) if m.index not in self.orphans)
        return [m for _, m in zip(range(count), listed, strict=False)]

    def by_post_id(self, post_id: int) -> ArticleMeta | None:
        """Resolve a WordPress shortlink id to a visible article."""
        i = post_id - 1000
        return self.metas[i] if 0 <= i < len(self.metas) else None
