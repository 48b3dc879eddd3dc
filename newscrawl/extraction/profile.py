"""The declarative description of a known site.

It lives in `extraction` (not `sites`) because extraction receives a profile as an argument
and must not import site modules; `newscrawl.sites` re-exports it for profile authors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newscrawl.extraction.document import SelectorError, selector
from newscrawl.extraction.rendering import JsRule, js_problems

Selectors = tuple[str, ...]


class ProfileError(ValueError):
    """A profile that cannot work; the message names the profile and the field."""


@dataclass(frozen=True, slots=True)
class Section:
    slug: str
    path: str  # relative to the site's base URL, e.g. "kategorie/politik/"


@dataclass(frozen=True, slots=True)
class FieldSelectors:
    """Alternatives per field, tried in order; `sel::attr(name)` reads an attribute."""

    title: Selectors = ()
    lead: Selectors = ()
    published: Selectors = ()
    modified: Selectors = ()
    authors: Selectors = ()
    source: Selectors = ()
    tags: Selectors = ()
    sections: Selectors = ()
    body: Selectors = ()
    featured_image: Selectors = ()
    image_credit: Selectors = ()


@dataclass(frozen=True, slots=True)
class SiteProfile:
    slug: str
    name: str
    sections: tuple[Section, ...]
    article_path: str  # regex matched against the URL path of an article page
    listing_links: Selectors  # <a> elements on a section page that lead to articles
    pagination: Selectors  # <a> elements that lead to the next listing page
    fields: FieldSelectors
    domains: tuple[str, ...] = ()  # extra hosts besides the base URL's own
    # the site's feeds and sitemaps (RSS/Atom, a sitemap or its index, a news sitemap),
    # relative to the base URL like sections; read besides the sitemaps robots.txt names
    feeds: tuple[str, ...] = ()
    # a teaser's note that its story was updated ("aktualisiert am 18.04.2024"): the story
    # linked in the same teaser is fetched again when the note's date is later than what the
    # state knows of it (spiders/base.py `_rechecks`)
    listing_updated: Selectors = ()
    strip_ads: Selectors = ()
    strip_related: Selectors = ()
    strip_boilerplate: Selectors = ()
    strip_text: tuple[str, ...] = ()  # regexes: paragraphs matching one are not body
    timezone: str = "UTC"
    language: str | None = None
    needs_js: tuple[JsRule, ...] = ()  # pages rendered in a browser (see rendering.py)
    # this site's own pace, as Scrapy settings of its spider (POLITENESS_SETTINGS), e.g.
    # {"DOWNLOAD_DELAY": 3.0}; robots.txt and Retry-After still apply on top
    politeness: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        validate_profile(self)

    @property
    def article_path_re(self) -> re.Pattern[str]:
        return _compiled(self.article_path)


def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _all_selectors(profile: SiteProfile) -> list[tuple[str, str]]:
    named = [
        ("listing_links", profile.listing_links),
        ("pagination", profile.pagination),
        ("listing_updated", profile.listing_updated),
        ("strip_ads", profile.strip_ads),
        ("strip_related", profile.strip_related),
        ("strip_boilerplate", profile.strip_boilerplate),
    ]
    named += [(f"fields.{f.name}", getattr(profile.fields, f.name)) for f in fields(profile.fields)]
    return [(name, sel) for name, group in named for sel in group]


# What a profile's `politeness` may set, with the smallest value each takes.
POLITENESS_SETTINGS = {
    "DOWNLOAD_DELAY": 0.0,
    "DOWNLOAD_DELAY_JITTER": 0.0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
    "AUTOTHROTTLE_ENABLED": None,  # true or false
    "AUTOTHROTTLE_MAX_DELAY": 0.0,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": 0.1,
}


def _politeness_problem(name: str, value: object) -> str | None:
    if name not in POLITENESS_SETTINGS:
        known = ", ".join(POLITENESS_SETTINGS)
        return f"politeness: {name!r} is not one of {known}"
    low = POLITENESS_SETTINGS[name]
    if low is None:
        return None if isinstance(value, bool) else f"politeness: {name} must be true or false"
    if isinstance(value, bool) or not isinstance(value, int | float) or value < low:
        return f"politeness: {name} must be a number of at least {low:g}, not {value!r}"
    if isinstance(low, int) and not isinstance(value, int):
        return f"politeness: {name} must be a whole number, not {value!r}"
    return None


def validate_profile(profile: SiteProfile) -> None:
    """Fail at load time, naming the field, rather than silently extracting nothing."""

    def fail(what: str) -> ProfileError:
        return ProfileError(f"site profile {profile.slug!r}: {what}")

    if not re.fullmatch(r"[a-z][a-z0-9_]*", profile.slug):
        raise fail("slug must be lowercase letters, digits and underscores")
    for name, css in _all_selectors(profile):
        try:
            selector(css)
        except SelectorError as exc:
            raise fail(f"{name}: invalid selector {css!r}: {exc}") from exc
    for name, pattern in [("article_path", profile.article_path)] + [
        ("strip_text", p) for p in profile.strip_text
    ]:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise fail(f"{name}: invalid regex {pattern!r}: {exc}") from exc
    for section in profile.sections:
        if "://" in section.path or section.path.startswith("/"):
            raise fail(f"sections: {section.slug!r} path must be relative to the base URL")
    for feed in profile.feeds:
        if "://" in feed or feed.startswith("/"):
            raise fail(f"feeds: {feed!r} must be relative to the base URL")
    if not profile.sections:
        raise fail("sections: at least one section is needed")
    slugs = [section.slug for section in profile.sections]
    repeated = sorted({slug for slug in slugs if slugs.count(slug) > 1})
    if repeated:  # the state records walked sections by slug: two would share one record
        raise fail(f"sections: slug {repeated[0]!r} is used by more than one section")
    for problem in js_problems(profile.needs_js, (s.slug for s in profile.sections)):
        raise fail(problem)
    for name, value in profile.politeness.items():
        wrong = _politeness_problem(name, value)
        if wrong is not None:
            raise fail(wrong)
    try:
        ZoneInfo(profile.timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise fail(f"timezone: unknown time zone {profile.timezone!r}") from exc
