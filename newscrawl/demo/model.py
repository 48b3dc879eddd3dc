"""Data objects shared by the HTML renderer and the ground-truth writer.

Both outputs are derived from these objects, so they cannot drift apart: the renderer turns
segments into markup (and adds whitespace damage), the truth turns the very same segments
into the text a reader sees (`reader_text`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from newscrawl.demo.vocab import MONTHS, SECTIONS

BERLIN = ZoneInfo("Europe/Berlin")
# The JavaScript-only section (`serve --js`, see js_section.py) is named here but is not
# one of SECTIONS, so it never enters the navigation or the regular index.
SECTION_NAMES: dict[str, str] = {**dict(SECTIONS), "ticker": "Newsticker"}
SegKind = Literal["text", "link", "em", "strong", "br"]
Damage = Literal["none", "newlines", "nbsp"]

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_SPACES = re.compile(r"\s+")


def slugify(text: str) -> str:
    """WordPress-like slug; umlauts are transliterated so URLs stay ASCII."""
    return _NON_ALNUM.sub("-", text.lower().translate(_UMLAUTS)).strip("-")


def collapse(text: str) -> str:
    """What a reader sees of a whitespace run: one space (nbsp included), trimmed."""
    return _SPACES.sub(" ", text).strip()


def german_date(dt: datetime) -> str:
    """Visible date of an article, e.g. '19. Juni 2024'."""
    return f"{dt.day}. {MONTHS[dt.month - 1]} {dt.year}"


def german_datetime(dt: datetime) -> str:
    """Visible date with clock time, used where the page has no machine-readable date."""
    return f"{german_date(dt)}, {dt:%H:%M} Uhr"


def topbar_date(dt: date) -> str:
    """The site's odd top-bar format, e.g. 'Juli 13, 2024' (a trap for date sniffers)."""
    return f"{MONTHS[dt.month - 1]} {dt.day}, {dt.year}"


@dataclass(frozen=True, slots=True)
class Seg:
    """One inline piece of a paragraph; `href` is a root-relative path for links."""

    kind: SegKind
    text: str = ""
    href: str = ""


@dataclass(frozen=True, slots=True)
class Para:
    """A body paragraph; `damage` is invisible whitespace noise added only in the HTML."""

    segs: tuple[Seg, ...]
    damage: Damage = "none"


@dataclass(frozen=True, slots=True)
class Heading:
    """A sub-heading inside the article text; it counts as a body paragraph."""

    text: str


@dataclass(frozen=True, slots=True)
class Figure:
    """An in-text image; `markup` picks block-editor or classic caption HTML."""

    path: str
    caption: str
    credit: str | None
    markup: Literal["block", "classic"]
    lazy: bool


@dataclass(frozen=True, slots=True)
class RelatedLink:
    """A link to an older article; `absolute` and `query` vary how the URL is written."""

    path: str
    title: str
    absolute: bool
    query: str


@dataclass(frozen=True, slots=True)
class Related:
    """A 'see also' box; never body text."""

    markup: Literal["su", "lesen", "mehr", "group"]
    links: tuple[RelatedLink, ...]


@dataclass(frozen=True, slots=True)
class Ad:
    """An advertisement slot; never body text."""

    kind: Literal["adsense", "werbung", "sponsored"]
    slot: int
    text: str = ""


Block = Para | Heading | Figure | Related | Ad


@dataclass(frozen=True, slots=True)
class Byline:
    """Who wrote it: either an outlet in the author slot, or people (+ optional agency)."""

    authors: tuple[str, ...]
    outlet: str | None
    agency: str | None

    @property
    def source(self) -> str | None:
        """The truth `source`: the outlet for republished pieces, else the agency line."""
        return self.outlet if self.outlet is not None else self.agency

    @property
    def display(self) -> tuple[str, ...]:
        """Names printed in the byline author slots."""
        return (self.outlet,) if self.outlet is not None else self.authors


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """Cheap per-article facts, built eagerly for the whole index."""

    index: int
    title: str
    lead: str
    slug: str
    published: datetime
    modified: datetime | None
    sections: tuple[str, ...]
    byline: Byline
    machine_date: bool
    tags: tuple[str, ...]
    picture: int = 0  # the featured picture's version: replaced by an update (updates.py)
    updated_in: int = 0  # the edition that last updated the story (0: none did)

    @property
    def post_id(self) -> int:
        """WordPress post id, used by `/?p=<id>` shortlinks."""
        return 1000 + self.index

    @property
    def path(self) -> str:
        """Canonical root-relative path `/YYYY/MM/DD/slug/` (local publication date)."""
        return f"/{self.published:%Y/%m/%d}/{self.slug}/"

    @property
    def featured_path(self) -> str:
        """Root-relative URL of the featured image (no caption, no credit)."""
        version = f"-{self.picture}" if self.picture else ""
        return f"/wp-content/uploads/{self.published:%Y/%m}/{self.slug}-featured{version}.jpg"

    @property
    def section(self) -> str:
        """The primary section slug."""
        return self.sections[0]


@dataclass(frozen=True, slots=True)
class Comment:
    """A reader comment below the article (boilerplate for the crawler)."""

    author: str
    text: str


@dataclass(frozen=True, slots=True)
class ArticleContent:
    """Everything inside an article page that is built lazily."""

    meta: ArticleMeta
    headline_h2: bool
    blocks: tuple[Block, ...]
    comments: tuple[Comment, ...] = field(default=())
    copy_of: int | None = None  # index of the story this one is a syndicated near-copy of

    @property
    def figures(self) -> list[Figure]:
        """In-text figures in document order."""
        return [b for b in self.blocks if isinstance(b, Figure)]


def reader_text(block: Para | Heading) -> str:
    """Text of a paragraph as a reader sees it: `<br>` is a space, whitespace collapsed."""
    if isinstance(block, Heading):
        return collapse(block.text)
    return collapse("".join(" " if s.kind == "br" else s.text for s in block.segs))


def body_text(content: ArticleContent) -> str:
    """The truth body: paragraphs and sub-headings joined by blank lines."""
    parts = [reader_text(b) for b in content.blocks if isinstance(b, Para | Heading)]
    return "\n\n".join(p for p in parts if p)
