"""Spider arguments (`-a name=value`) for incremental crawls, parsed and checked once."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

_DURATION = re.compile(r"^(\d+)\s*([hdw])$")
# A site's name (`-a site=`): the slug of its feed folder, state and lock.
SITE_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
_UNITS = {"h": "hours", "d": "days", "w": "weeks"}


class SpiderArgumentError(ValueError):
    pass


def parse_bool(name: str, value: object) -> bool:
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise SpiderArgumentError(f"-a {name}={value!r}: expected true or false")


def parse_since(value: str, now: datetime | None = None) -> date:
    """`2024-06-01` or a duration back from now: `12h`, `7d`, `2w`."""
    text = value.strip().lower()
    match = _DURATION.match(text)
    if match:
        try:
            back = timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
            return ((now or datetime.now(UTC)) - back).date()
        except OverflowError:
            raise SpiderArgumentError(
                f"-a since={value!r}: reaches back before the year 1; expected a duration like "
                "7d or a date like 2024-06-01"
            ) from None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise SpiderArgumentError(
            f"-a since={value!r}: expected a date like 2024-06-01 or a duration like 7d"
        ) from None


@dataclass(frozen=True)
class CrawlOptions:
    full: bool = False  # walk every listing page and refetch every article
    reemit: bool = False  # emit articles again even if an earlier run emitted them (implies full)
    since: date | None = None  # skip articles published before this day
    js: bool = False  # render the profile's needs_js pages in Chromium (else skip them)
    recheck: timedelta | None = None  # fetch known stories published this recently again
    site: str | None = None  # the site's name where the default (profile or host) won't do
    sections: tuple[str, ...] = ()  # only these sections' listings (slugs, or generic: paths)

    @classmethod
    def from_arguments(
        cls, arguments: dict[str, object], own: tuple[str, ...] = ("base_url",)
    ) -> CrawlOptions:
        """`own`: the spider's other arguments. A name neither knows is refused: a misspelled
        `-a sinse=7d` would otherwise crawl everything, silently."""
        known = (*own, *OPTION_NAMES)
        for name in arguments:
            if name not in known and not name.startswith("_"):  # `_job` etc.: schedulers'
                close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
                hint = f"; did you mean -a {close[0]}=…?" if close else ""
                raise SpiderArgumentError(
                    f"-a {name}: not an argument of this spider (it takes {', '.join(known)}){hint}"
                )
        since = arguments.get("since")
        reemit = parse_bool("reemit", arguments.get("reemit", False))
        return cls(
            # emitting again what was emitted means fetching again what was fetched
            full=reemit or parse_bool("full", arguments.get("full", False)),
            reemit=reemit,
            since=parse_since(str(since)) if since else None,
            js=parse_bool("js", arguments.get("js", False)),
            recheck=parse_window(str(recheck)) if (recheck := arguments.get("recheck")) else None,
            site=parse_site(arguments.get("site")),
            sections=parse_sections(arguments.get("sections")),
        )


def parse_window(value: str) -> timedelta:
    """`-a recheck=48h`: a duration back from now (`12h`, `7d`, `2w`)."""
    match = _DURATION.match(value.strip().lower())
    if match is None or int(match.group(1)) == 0:
        raise SpiderArgumentError(f"-a recheck={value!r}: expected a duration like 48h or 7d")
    try:
        return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
    except OverflowError:
        raise SpiderArgumentError(f"-a recheck={value!r}: too long a window") from None


def parse_site(value: object) -> str | None:
    """`-a site=bna`: two entries of one profile (or two generic sites on one host) keep
    their feeds, state and locks apart under their own names."""
    if value is None:
        return None
    text = str(value).strip()
    if not SITE_NAME.match(text):
        raise SpiderArgumentError(
            f"-a site={value!r}: expected a slug (lower-case letters, digits, '_', '-', '.'; "
            "at most 64)"
        )
    return text


def parse_sections(value: object) -> tuple[str, ...]:
    """`-a sections=welt,politik`: comma-separated, each once."""
    if value is None:
        return ()
    sections = tuple(part.strip() for part in str(value).split(",") if part.strip())
    if not sections:
        raise SpiderArgumentError(f"-a sections={value!r}: expected one or more, comma-separated")
    if len(set(sections)) != len(sections):
        raise SpiderArgumentError(f"-a sections={value!r}: a section is named twice")
    return sections


OPTION_NAMES = ("full", "reemit", "since", "js", "recheck", "site", "sections")
