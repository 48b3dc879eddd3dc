"""The sites file of a many-sites run (`scrapy crawl sites -a sites=sites.toml`): a TOML list
of `[[site]]` tables, read and checked whole before any request.

    [[site]]
    base_url = "https://www.bna-germany.example/"
    profile = "bna_germany"          # a profile slug, or "generic"
    name = "bna"                     # optional: the slug of its feed folder, state and lock
    sections = ["welt", "politik"]   # optional: profile section slugs, or for generic the
                                     # listing pages to start from (paths under base_url)
    delay = 2.0                      # optional: seconds between requests to its host
    concurrency = 1                  # optional: requests in flight to its host at once

`name` defaults to the profile slug, or for a generic entry to the host's slug
(`www.example.org` -> `example_org`). Two entries may share a profile or a host, but not a
name: a default that two entries would share is refused, naming both. Every other mistake
(a missing or unknown field, a wrong type, an unknown profile or section) is refused naming
the entry and the field.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newscrawl.sites import all_profiles
from newscrawl.spiders.base import BaseUrlError, check_base_url
from newscrawl.spiders.options import SITE_NAME
from newscrawl.urls import site_slug

GENERIC = "generic"
_FIELDS = ("base_url", "profile", "name", "sections", "delay", "concurrency")
MAX_SITES = 1000  # a sites file is a list someone keeps by hand or generates: bounded
MAX_FILE_BYTES = 4 * 1024 * 1024


class SitesFileError(ValueError):
    """The sites file cannot be used; the message names the file, the entry and the field."""


@dataclass(frozen=True, slots=True)
class SiteEntry:
    number: int  # 1-based position in the file, for messages
    base_url: str
    profile: str  # a profile slug or "generic"
    name: str
    sections: tuple[str, ...] = ()
    delay: float | None = None
    concurrency: int | None = None

    def arguments(self) -> dict[str, str]:
        """Its spider arguments (`-a`), as one site's `scrapy crawl` would take them."""
        found = {"url" if self.profile == GENERIC else "base_url": self.base_url}
        found["site"] = self.name
        if self.sections:
            found["sections"] = ",".join(self.sections)
        return found


def read_sites_file(path: str | Path) -> list[SiteEntry]:
    """Every entry of the sites file at `path`, checked; SitesFileError for the first fault."""
    where = Path(path)
    try:
        size = where.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SitesFileError(f"{where}: {size} bytes, more than a sites file may hold")
        data = tomllib.loads(where.read_text("utf-8"))
    except OSError as exc:
        raise SitesFileError(f"{where}: cannot be read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise SitesFileError(f"{where}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise SitesFileError(f"{where}: not valid TOML: {exc}") from None
    return sites_from(data, str(where))


def sites_from(data: dict[str, Any], where: str) -> list[SiteEntry]:
    unknown = sorted(set(data) - {"site"})
    if unknown:
        raise SitesFileError(
            f"{where}: unknown top-level key {unknown[0]!r} (each site is a [[site]] table)"
        )
    tables = data.get("site")
    if not isinstance(tables, list) or not tables:
        raise SitesFileError(f"{where}: no [[site]] table: list each site as [[site]]")
    if len(tables) > MAX_SITES:
        raise SitesFileError(f"{where}: {len(tables)} sites, more than {MAX_SITES} in one run")
    entries = [_entry(table, number, where) for number, table in enumerate(tables, 1)]
    _refuse_shared_names(entries, where)
    return entries


def _entry(table: Any, number: int, where: str) -> SiteEntry:
    def wrong(field: str, why: str) -> SitesFileError:
        return SitesFileError(f"{where}, site {number}: {field}: {why}")

    if not isinstance(table, dict):
        raise wrong("[[site]]", "not a table")
    unknown = sorted(set(table) - set(_FIELDS))
    if unknown:
        raise wrong(unknown[0], f"unknown field (known: {', '.join(_FIELDS)})")
    for field in ("base_url", "profile"):
        if field not in table:
            raise wrong(field, "missing")
    base_url = _text(table["base_url"], "base_url", wrong)
    try:
        base_url = check_base_url(base_url, "sites")
    except BaseUrlError as exc:
        raise wrong("base_url", str(exc)) from None
    profile = _text(table["profile"], "profile", wrong)
    profiles = all_profiles()
    if profile != GENERIC and profile not in profiles:
        known = ", ".join([*sorted(profiles), GENERIC])
        raise wrong("profile", f"{profile!r} is no profile (known: {known})")
    sections = _sections(table.get("sections"), profile, base_url, wrong)
    name = table.get("name")
    if name is None:
        name = profile if profile != GENERIC else site_slug(urlsplit(base_url).hostname or "")
    else:
        name = _text(name, "name", wrong)
        if not SITE_NAME.match(name):
            raise wrong(
                "name",
                f"{name!r} is no slug: lower-case letters, digits, '_', '-', '.' (at most 64)",
            )
    delay = table.get("delay")
    if delay is not None and (
        isinstance(delay, bool) or not isinstance(delay, int | float) or not 0 <= delay <= 3600
    ):
        raise wrong("delay", f"{delay!r} is not a number of seconds from 0 to 3600")
    concurrency = table.get("concurrency")
    if concurrency is not None and (
        isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1
    ):
        raise wrong("concurrency", f"{concurrency!r} is not a whole number of at least 1")
    return SiteEntry(
        number,
        base_url,
        profile,
        name,
        sections,
        None if delay is None else float(delay),
        concurrency,
    )


def _text(value: Any, field: str, wrong: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise wrong(field, f"{value!r} is not a non-empty string")
    return value.strip()


def _sections(value: Any, profile: str, base_url: str, wrong: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not value:
        raise wrong("sections", "not a non-empty list of strings")
    sections = tuple(_text(item, "sections", wrong) for item in value)
    if len(set(sections)) != len(sections):
        raise wrong("sections", "a section is listed twice")
    if profile == GENERIC:
        for path in sections:
            if "://" in path or path.startswith("//") or "," in path:
                raise wrong("sections", f"{path!r} is not a path under {base_url}")
        return sections
    known = [section.slug for section in all_profiles()[profile].sections]
    for slug in sections:
        if slug not in known:
            raise wrong(
                "sections", f"{slug!r} is no section of {profile} (known: {', '.join(known)})"
            )
    return sections


def _refuse_shared_names(entries: list[SiteEntry], where: str) -> None:
    """Feeds, state and lock are kept per name: two entries may never share one."""
    first: dict[str, SiteEntry] = {}
    for entry in entries:
        other = first.setdefault(entry.name, entry)
        if other is not entry:
            raise SitesFileError(
                f"{where}: sites {other.number} ({other.base_url}) and {entry.number} "
                f"({entry.base_url}) would both be named {entry.name!r}: give each its own "
                "`name`"
            )
