"""A site's health: what one run's delivered articles looked like, and whether that drifted
from the runs before it (a redesign that breaks extraction while output keeps flowing).

Pure: `HealthCounter` reads delivered lines, `RunHealth` is one run's figures (kept by the
state store as JSON), `assess` compares a run with the runs before it and returns its drifts.

Kinds of drift:
- a field present in far fewer articles than before, or filled far less often by the site's
  profile (its selectors stopped matching: the generic fallback may keep it flowing);
- bodies much shorter (median, or the shortest tenth), fewer images per article;
- a drop reason much more frequent than before;
- more listing pages giving no story link at all, in a section or over all of them (the
  listing selectors stopped matching).
A fall in a share counts when it is larger than the tolerance *and* unlikely by chance for
this run's number of articles and the baseline's (a beta-binomial tail below 0.1 %), so a
cron run of five new stories is judged as fairly as one of five hundred. A first run has no
baseline; absolute floors flag it instead (bodies under 300 characters, titles or dates
missing on over 20 % of the articles, a profile's title, date or body selectors that never
matched).
"""

from __future__ import annotations

import math
import statistics
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from newscrawl.extraction.provenance import LISTING, PROFILE
from newscrawl.items import EXTRACTION_FIELDS

# characters: a body this short is a teaser or a cut-off page. A wide character (Chinese,
# Japanese, Korean) counts as three: one carries about a short word, so 100 of them say as
# much as 300 Latin letters (a Korean note of 150 syllables is not a teaser)
SHORT_BODY = 300
FLOOR_SHARE = 0.2  # first runs: more than this share of short bodies, missing titles/dates
CHANCE = 0.001  # a fall in a share this unlikely under the baseline's share is no accident
FORMAT = 1  # of RunHealth.to_json
# the spiders count each section's listing pages and their story links in these stats
LISTING_PAGES_STAT = "newscrawl/listing_pages/"  # + section
LISTING_LINKS_STAT = "newscrawl/listing_links/"  # + section
LISTING_EMPTY_STAT = "newscrawl/listing_empty/"  # + section: pages without a story link
ALL_SECTIONS = "all"  # the metric `listing.all`: the listing pages of every section together
NO_SECTION = "(none)"  # RunHealth.sections' key for articles without a section
KEPT_VALUES = 1000  # per-article body lengths and picture counts a run's figures keep


@dataclass
class RunHealth:
    """What one run's delivered articles looked like (and its drops and listing pages)."""

    articles: int = 0
    present: dict[str, int] = field(default_factory=dict)  # field -> articles that have it
    by_profile: dict[str, int] = field(default_factory=dict)  # filled by the site's profile
    by_generic: dict[str, int] = field(default_factory=dict)  # filled by the generic fallback
    body_median: float = 0.0  # characters
    body_p10: float = 0.0
    short_bodies: int = 0  # under SHORT_BODY characters (wide ones counted three times)
    images: int = 0
    dropped: dict[str, int] = field(default_factory=dict)  # drop reason -> pages
    listing_pages: dict[str, int] = field(default_factory=dict)  # section -> pages read
    listing_links: dict[str, int] = field(default_factory=dict)  # section -> article links
    listing_empty: dict[str, int] = field(default_factory=dict)  # section -> pages without
    sections: dict[str, int] = field(default_factory=dict)  # the line's section -> articles
    # per article, sorted (at most KEPT_VALUES, spread evenly): what the body and picture
    # drifts compare with the baseline's
    body_lengths: list[int] = field(default_factory=list)
    image_counts: list[int] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT, **self.__dict__}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RunHealth:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


class HealthCounter:
    """Counts a run's delivered lines (feed lines as dicts), drops and listing pages."""

    def __init__(self) -> None:
        self.health = RunHealth()
        self._lengths: list[int] = []
        self._images: list[int] = []

    def observe(self, line: Mapping[str, Any]) -> None:
        health = self.health
        health.articles += 1
        methods = line.get("extraction") or {}
        for name in EXTRACTION_FIELDS:
            if not _present(line.get(name)):
                continue
            health.present[name] = health.present.get(name, 0) + 1
            method = str(methods.get(name) or "")
            if method in (PROFILE, LISTING):
                health.by_profile[name] = health.by_profile.get(name, 0) + 1
            elif method.startswith("generic:"):
                health.by_generic[name] = health.by_generic.get(name, 0) + 1
        body = str(line.get("body") or "")
        self._lengths.append(len(body))
        health.short_bodies += len(body) < SHORT_BODY and _weight(body) < SHORT_BODY
        health.images += len(line.get("images") or [])
        self._images.append(len(line.get("images") or []))
        section = str(line.get("section") or NO_SECTION)
        health.sections[section] = health.sections.get(section, 0) + 1

    def dropped(self, reason: str) -> None:
        self.health.dropped[reason] = self.health.dropped.get(reason, 0) + 1

    def listings(self, section: str, pages: int, article_links: int, empty: int = 0) -> None:
        """`pages` listing pages of `section` read, with `article_links` story links in all;
        `empty` of them had none."""
        health = self.health
        health.listing_pages[section] = health.listing_pages.get(section, 0) + pages
        health.listing_links[section] = health.listing_links.get(section, 0) + article_links
        if empty:
            health.listing_empty[section] = health.listing_empty.get(section, 0) + empty

    def result(self) -> RunHealth:
        lengths = sorted(self._lengths)
        if lengths:
            self.health.body_median = float(statistics.median(lengths))
            self.health.body_p10 = float(lengths[(len(lengths) - 1) // 10])
        self.health.body_lengths = _spread(lengths)
        self.health.image_counts = _spread(sorted(self._images))
        return self.health


def _spread(values: list[int]) -> list[int]:
    """At most KEPT_VALUES of the sorted `values`, evenly spread (their quantiles kept)."""
    if len(values) <= KEPT_VALUES:
        return values
    step = (len(values) - 1) / (KEPT_VALUES - 1)
    return [values[round(n * step)] for n in range(KEPT_VALUES)]


@dataclass(frozen=True)
class Drift:
    metric: str  # "authors.present", "body.median", "dropped.not_an_article", ...
    figure: float
    baseline: float | None  # None: an absolute floor (no baseline yet)
    message: str


@dataclass(frozen=True)
class Tolerance:
    share: float = 0.25  # a share falling by more than this (absolute)
    ratio: float = 0.5  # a median, a rate per article falling below this part of its baseline
    min_articles: int = 30  # in the baseline runs together, to have a baseline at all


def assess(
    site: str, run: RunHealth, before: Iterable[RunHealth], tolerance: Tolerance = Tolerance()
) -> list[Drift]:
    """The drifts of `run` against the runs `before` it (the baseline), or, without enough
    of them, against the absolute floors. A run that delivered nothing is not judged here
    (its exit status says so already)."""
    if run.articles == 0:
        return []
    past = [r for r in before if r.articles > 0]
    if sum(r.articles for r in past) < tolerance.min_articles:
        return _floors(site, run)
    drifts: list[Drift] = []
    total = sum(r.articles for r in past)
    runs = f"{len(past)} run{'s' if len(past) != 1 else ''}"
    for name in EXTRACTION_FIELDS:
        for kind, counts in (("present", "present"), ("profile", "by_profile")):
            had = sum(getattr(r, counts).get(name, 0) for r in past)
            was = had / total
            now_count = getattr(run, counts).get(name, 0)
            now = now_count / run.articles
            if was - now > tolerance.share and _unlikely(now_count, run.articles, had, total):
                what = "present" if kind == "present" else "filled by the profile"
                missed = run.articles - run.by_profile.get(name, 0)
                drifts.append(
                    Drift(
                        f"{name}.{kind}",
                        now,
                        was,
                        f"{site}: {name} {what} in {now:.0%} of {run.articles} articles "
                        f"(baseline {was:.0%} over {runs}); fields.{name} matched nothing on "
                        f"{missed}, generic filled {run.by_generic.get(name, 0)}",
                    )
                )
    base_lengths = [n for r in past for n in r.body_lengths]
    base_images = [n for r in past for n in r.image_counts]
    for metric, what, values, base, quantile in (
        ("body.median", "body length", run.body_lengths, base_lengths, 0.5),
        ("body.p10", "body length", run.body_lengths, base_lengths, 0.1),
        ("images.per_article", "pictures", run.image_counts, base_images, 0.5),
    ):
        drift = _fell(site, metric, what, values, base, quantile, runs, tolerance)
        if drift is not None:
            drifts.append(drift)
    for reason in sorted(set(run.dropped)):
        pages = run.articles + sum(run.dropped.values())
        now = run.dropped[reason] / pages
        past_pages = total + sum(sum(r.dropped.values()) for r in past)
        past_dropped = sum(r.dropped.get(reason, 0) for r in past)
        was = past_dropped / past_pages
        kept = pages - run.dropped[reason]
        if now - was > tolerance.share and _unlikely(
            kept, pages, past_pages - past_dropped, past_pages
        ):
            drifts.append(
                Drift(
                    f"dropped.{reason}",
                    now,
                    was,
                    f"{site}: {now:.0%} of {pages} pages dropped as {reason} (baseline {was:.0%} "
                    f"over {runs})",
                )
            )
    drifts += _empty_listings(site, run, past, runs, tolerance)
    return drifts


def _empty_listings(
    site: str, run: RunHealth, past: list[RunHealth], runs: str, tolerance: Tolerance
) -> list[Drift]:
    """Listing pages that gave no story link, far more often than before and unlikely by
    chance: per section, and over all sections together (a cron run reads a section's first
    page only: one empty page says little, every section's at once says much). Not the links
    per page: which pages a run reads (the first only, or down to a short last page; a
    worker's share of a distributed crawl) moves that figure without anything breaking."""
    drifts = []
    sections = sorted(run.listing_pages)
    for section in [*sections, *([ALL_SECTIONS] if len(sections) > 1 else [])]:
        pages = _of_section(run.listing_pages, section)
        empty = _of_section(run.listing_empty, section)
        before = sum(_of_section(r.listing_pages, section) for r in past)
        had = sum(_of_section(r.listing_empty, section) for r in past)
        if not pages or not before:
            continue
        now, was = empty / pages, had / before
        if now - was > tolerance.share and _unlikely(pages - empty, pages, before - had, before):
            where = "every section" if section == ALL_SECTIONS else section
            drifts.append(
                Drift(
                    f"listing.{section}",
                    now,
                    was,
                    f"{site}: {empty} of {pages} listing pages of {where} gave no story link "
                    f"(baseline {was:.0%} of {before} over {runs})",
                )
            )
    return drifts


def _of_section(counts: dict[str, int], section: str) -> int:
    return sum(counts.values()) if section == ALL_SECTIONS else counts.get(section, 0)


def _fell(
    site: str,
    metric: str,
    what: str,
    values: list[int],
    base: list[int],
    quantile: float,
    runs: str,
    tolerance: Tolerance,
) -> Drift | None:
    """Did the run's `quantile` (its median, its shortest tenth) fall under the tolerance's
    ratio of the baseline's (half, by default), with far more of its values under the
    baseline's than the baseline's own share, unlikely by chance? Judged as a share, like the
    fields: a run of a dozen stories is not one of a thousand, and a site whose stories vary
    widely in length or pictures is not paged for a dozen short ones by chance."""
    if not values or not base:
        return None  # figures kept before these were (a baseline of older runs)
    ordered = sorted(base)
    cut = ordered[round(quantile * (len(ordered) - 1))]
    if cut <= 0:
        return None
    figure = sorted(values)[round(quantile * (len(values) - 1))]
    if figure >= cut * tolerance.ratio:
        return None  # not fallen far enough to matter (half the baseline's, by default)
    under, had = sum(v < cut for v in values), sum(v < cut for v in base)
    now, was = under / len(values), had / len(base)
    if now - was <= tolerance.share:
        return None
    if not _unlikely(len(values) - under, len(values), len(base) - had, len(base)):
        return None
    name = "median" if quantile == 0.5 else f"{quantile:.0%} quantile"
    return Drift(
        metric,
        float(figure),
        float(cut),
        f"{site}: {what} under the baseline's {name} ({cut}) in {now:.0%} of {len(values)} "
        f"articles (baseline {was:.0%} over {runs}); the run's {name} is {figure}",
    )


def _floors(site: str, run: RunHealth) -> list[Drift]:
    """A run without a baseline: what no healthy news site gives."""
    drifts = []
    short = run.short_bodies / run.articles
    if short > FLOOR_SHARE:
        drifts.append(
            Drift(
                "body.short",
                short,
                None,
                f"{site}: {short:.0%} of {run.articles} bodies under {SHORT_BODY} characters "
                f"(floor {FLOOR_SHARE:.0%}; no baseline yet)",
            )
        )
    for name in ("title", "published_at"):
        missing = 1 - run.present.get(name, 0) / run.articles
        if missing > FLOOR_SHARE:
            drifts.append(
                Drift(
                    f"{name}.present",
                    1 - missing,
                    None,
                    f"{site}: {name} missing in {missing:.0%} of {run.articles} articles (floor "
                    f"{FLOOR_SHARE:.0%}; no baseline yet)",
                )
            )
    return drifts


# Fields every story has: a profile whose selectors for one of them filled no article of a
# run is broken. (Others may rightly be empty on every article of a small run: no story
# updated, agency copy without a person's byline.)
CORE_FIELDS = ("title", "published_at", "body")


def never_matched(site: str, run: RunHealth, profile_fields: Iterable[str]) -> list[Drift]:
    """Core fields the site's profile has selectors for that filled no article of the run."""
    if run.articles == 0:
        return []
    profile_fields = [name for name in profile_fields if name in CORE_FIELDS]
    return [
        Drift(
            f"{name}.profile",
            0.0,
            None,
            f"{site}: the profile's selectors for {name} matched none of {run.articles} "
            f"articles (generic filled {run.by_generic.get(name, 0)})",
        )
        for name in profile_fields
        if run.by_profile.get(name, 0) == 0
    ]


def _weight(text: str) -> int:
    """Characters, each wide (East Asian) one counted three times."""
    return len(text) + 2 * sum(unicodedata.east_asian_width(c) in "WF" for c in text)


def _present(value: Any) -> bool:
    return value not in (None, "", [], {})


def _unlikely(count: int, articles: int, had: int, of: int) -> bool:
    """At most `count` of `articles` have it, when `had` of the baseline's `of` had it: less
    likely than CHANCE. The baseline's share is itself an estimate (a few dozen articles may
    say 90 % where the site gives 85 %), so the chance is the beta-binomial's lower tail: the
    binomial's averaged over the shares the baseline leaves likely (Jeffreys' prior)."""
    if articles <= 0 or of <= 0:
        return False
    a, b = had + 0.5, of - had + 0.5
    whole = math.lgamma(articles + 1) - _log_beta(a, b)
    tail = sum(
        math.exp(
            whole
            - math.lgamma(k + 1)
            - math.lgamma(articles - k + 1)
            + _log_beta(k + a, articles - k + b)
        )
        for k in range(count + 1)
    )
    return tail < CHANCE


def _log_beta(a: float, b: float) -> float:
    return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
