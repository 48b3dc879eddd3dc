"""Which pages of a site need a browser, and what to do on them before reading the HTML.

Pure data and matching, so a profile stays declarative and testable: the crawler decides
per request whether to render it (`rule_for_listing`, `rule_for_page`); the browser code
(`newscrawl.browser`) turns a rule's `PageActions` into clicks and waits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from newscrawl.extraction.document import SelectorError, selector

ALL_SECTIONS = "*"


@dataclass(frozen=True, slots=True)
class PageActions:
    """What a rendered page needs before its HTML is complete; every step is bounded.

    `wait_for`: a CSS selector that must be present (waited up to `timeout_ms`).
    `load_more`: a button clicked again and again until it is gone or a click brings
    nothing new (no new elements within `timeout_ms`), at most `max_rounds` times.
    `scroll`: scroll to the bottom until the page stops growing, at most `max_rounds` times.
    """

    wait_for: str | None = None
    load_more: str | None = None
    scroll: bool = False
    max_rounds: int = 20
    timeout_ms: int = 5_000


@dataclass(frozen=True, slots=True)
class JsRule:
    """Pages rendered in headless Chromium: listing pages of the named sections (`"*"`:
    every section) and any page whose URL path matches one of `url_patterns` (regex search;
    `r"^/"` matches every page of the site)."""

    sections: tuple[str, ...] = ()
    url_patterns: tuple[str, ...] = ()
    actions: PageActions = field(default_factory=PageActions)

    def matches_path(self, url: str) -> bool:
        path = urlsplit(url).path or "/"
        return any(re.search(pattern, path) for pattern in self.url_patterns)


def rule_for_listing(rules: Iterable[JsRule], section: str, url: str) -> JsRule | None:
    """The first rule that renders this listing page of `section`, if any."""
    for rule in rules:
        if section in rule.sections or ALL_SECTIONS in rule.sections or rule.matches_path(url):
            return rule
    return None


def rule_for_page(rules: Iterable[JsRule], url: str) -> JsRule | None:
    """The first rule that renders this (article) page, if any: URL patterns only."""
    for rule in rules:
        if rule.matches_path(url):
            return rule
    return None


def js_problems(rules: Iterable[JsRule], section_slugs: Iterable[str]) -> list[str]:
    """What is wrong with the rules, each naming the part (empty when they are fine)."""
    known = {*section_slugs, ALL_SECTIONS}
    problems: list[str] = []
    for number, rule in enumerate(rules):
        where = f"needs_js[{number}]"
        if not rule.sections and not rule.url_patterns:
            problems.append(f"{where}: name sections or url_patterns")
        unknown = [s for s in rule.sections if s not in known]
        problems += [f"{where}.sections: unknown section {s!r}" for s in unknown]
        problems += [f"{where}.url_patterns: {p}" for p in _regex_problems(rule.url_patterns)]
        problems += [f"{where}.actions: {p}" for p in _action_problems(rule.actions)]
    return problems


def _regex_problems(patterns: Iterable[str]) -> list[str]:
    problems = []
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            problems.append(f"invalid regex {pattern!r}: {exc}")
    return problems


def _action_problems(actions: PageActions) -> list[str]:
    problems = []
    for name in ("wait_for", "load_more"):
        css = getattr(actions, name)
        if css is None:
            continue
        try:
            selector(css)
        except SelectorError as exc:
            problems.append(f"{name}: invalid selector {css!r}: {exc}")
    if not 1 <= actions.max_rounds <= 1000:
        problems.append(f"max_rounds must be 1..1000, not {actions.max_rounds}")
    if not 100 <= actions.timeout_ms <= 120_000:
        problems.append(f"timeout_ms must be 100..120000, not {actions.timeout_ms}")
    return problems
