"""Dates from attributes and from German or English text, always with a UTC offset."""

from __future__ import annotations

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

_MONTHS = {
    "januar": 1,
    "jänner": 1,
    "january": 1,
    "jan": 1,
    "februar": 2,
    "february": 2,
    "feb": 2,
    "märz": 3,
    "maerz": 3,
    "march": 3,
    "mär": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mai": 5,
    "may": 5,
    "juni": 6,
    "june": 6,
    "jun": 6,
    "juli": 7,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "october": 10,
    "okt": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "dezember": 12,
    "december": 12,
    "dez": 12,
    "dec": 12,
}
_WEEKDAYS = frozenset(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue",
     "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "montag", "dienstag",
     "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "mo", "di", "mi", "do", "fr",
     "sa", "so")
)  # fmt: skip
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))


def is_month(word: str) -> bool:
    """A month's name or abbreviation, German or English ("Dez.", "March")."""
    return word.lower().rstrip(".") in _MONTHS


def is_weekday(word: str) -> bool:
    return word.lower().rstrip(".") in _WEEKDAYS


_WORDS = re.compile(r"[^\W\d_]+")


def words_of(text: str) -> list[str]:
    """The words (runs of letters) of a text."""
    return _WORDS.findall(text)


def undated_words(text: str) -> list[str]:
    """The words of a text that name no month or weekday ("Updated", "Ann" in "Updated Mon,
    3 March 2025", "Ann Lee, 3 Mar")."""
    return [w for w in words_of(text) if not (is_month(w) or is_weekday(w))]


_TIME = r"(?:[,\s]+(?:um\s+|at\s+)?(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*(?:uhr|h)?)?"
_DAY_MONTH_YEAR = re.compile(
    rf"(\d{{1,2}})\.?\s*({_MONTH_NAMES})\.?\s+(\d{{4}}){_TIME}", re.IGNORECASE
)
_MONTH_DAY_YEAR = re.compile(
    rf"({_MONTH_NAMES})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}}){_TIME}", re.IGNORECASE
)
_NUMERIC = re.compile(rf"(\d{{1,2}})\.(\d{{1,2}})\.(\d{{4}}){_TIME}")


def parse_date(value: str, timezone: str = "UTC") -> datetime | None:
    """An aware datetime, or None when the text holds no recognisable date.

    Naive values are read as local time of `timezone` (the site's own zone).
    """
    parsed = _read(value)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ZoneInfo(timezone))
    return parsed


def written_date(value: str) -> str | None:
    """The date a text states, as ISO 8601: with the text's own UTC offset, else without any
    (so that it is later read in the site's zone), or None."""
    parsed = _read(value)
    return to_iso(parsed) if parsed is not None else None


def refines(shown: str, stated: str) -> bool:
    """Does the date a page `stated` in its metadata say more exactly what the date it
    `shown` beside the headline says? Either the same wall-clock time with another offset
    (a theme printing local time with a bogus `+00:00` in `<time datetime>`, where
    `article:published_time` carries the site's real offset), or, for a shown day without a
    time, the same day with its time and offset ("22:12+08:00" rather than midnight)."""
    seen, meant = _read(shown), _read(stated)
    if seen is None or meant is None:
        return False
    if seen.replace(tzinfo=None) == meant.replace(tzinfo=None):
        return seen.utcoffset() != meant.utcoffset() and meant.tzinfo is not None
    date_only = seen.time() == time(0) and seen.tzinfo is None
    return date_only and meant.date() == seen.date() and meant.time() != time(0)


def _read(value: str) -> datetime | None:
    """The date in a text, aware where the text names its offset, else naive."""
    value = value.strip().strip("\"'").strip()  # some CMSs print the JSON string's quotes
    return (_parse_iso(value) or _parse_text(value)) if value else None


def to_iso(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat()


def _parse_iso(value: str) -> datetime | None:
    text = value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _parse_text(value: str) -> datetime | None:
    for pattern, order in ((_DAY_MONTH_YEAR, "dmy"), (_MONTH_DAY_YEAR, "mdy"), (_NUMERIC, "dny")):
        match = pattern.search(value)
        if match:
            return _build(match, order)
    return None


def _build(match: re.Match[str], order: str) -> datetime | None:
    first, second, year = match.group(1), match.group(2), int(match.group(3))
    if order == "dmy":
        day, month = int(first), _MONTHS[second.lower()]
    elif order == "mdy":
        day, month = int(second), _MONTHS[first.lower()]
    else:
        day, month = int(first), int(second)
    hour, minute, second_ = (int(g) if g else 0 for g in match.group(4, 5, 6))
    try:
        return datetime(year, month, day, hour, minute, second_)
    except ValueError:
        return None
