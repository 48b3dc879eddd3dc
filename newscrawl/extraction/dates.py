"""Dates from attributes and from German or English text, always with a UTC offset."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from email.utils import parsedate_to_datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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
# The months of French, Spanish, Italian, Portuguese and Dutch pages, written out, and the
# abbreviations that are no English or German word ("4 ago 2021", "12 janv. 2024")
_OTHER_MONTHS = (
    ("janvier janv enero ene gennaio janeiro januari", 1),
    ("février fevrier févr fevr febrero febbraio fevereiro februari", 2),
    ("mars marzo março maart", 3),
    ("avril avr abril aprile abr", 4),
    ("mayo maggio maio mei", 5),
    ("juin junio giugno junho giu", 6),
    ("juillet juil julio luglio julho lug", 7),
    ("août aout agosto ago augustus", 8),
    ("septembre septiembre setiembre settembre setembro", 9),
    ("octobre octubre ottobre outubro ott", 10),
    ("novembre noviembre novembro", 11),
    ("décembre decembre déc diciembre dicembre dezembro dic", 12),
)
_MONTHS.update({name: number for names, number in _OTHER_MONTHS for name in names.split()})
_WEEKDAYS = frozenset(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue",
     "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "montag", "dienstag",
     "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "mo", "di", "mi", "do", "fr",
     "sa", "so")
)  # fmt: skip
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))


def is_month(word: str) -> bool:
    """A month's name or abbreviation ("Dez.", "March", "août")."""
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


# The zones a page names after a shown time ("9:05 a.m. EST", "8:15 AM ET", "14:30 MESZ"):
# fixed offsets, or the zone whose offset on that day the name means (ET: EST or EDT)
_ZONE_NAMES = {
    "utc": "+00:00", "gmt": "+00:00", "bst": "+01:00", "cet": "+01:00", "mez": "+01:00",
    "cest": "+02:00", "mesz": "+02:00", "est": "-05:00", "edt": "-04:00", "cst": "-06:00",
    "cdt": "-05:00", "mst": "-07:00", "mdt": "-06:00", "pst": "-08:00", "pdt": "-07:00",
    "et": "America/New_York", "ct": "America/Chicago", "mt": "America/Denver",
    "pt": "America/Los_Angeles",
}  # fmt: skip
# a time after the date: "08:15 Uhr", "um 8.15", "at 9:05 a.m.", "9:40 PM" (12-hour clock)
_TIME = (
    r"(?:[,\s·•|–—-]+(?:um\s+|at\s+)?(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?"
    r"\s*(?:uhr|h|([ap])\.?\s?m\.?(?![a-z]))?"
    rf"(?:\s*\(?({'|'.join(_ZONE_NAMES)})\b\)?)?)?"
)
_DAY_MONTH_YEAR = re.compile(  # "5. März 2024", "5 Mar. 2024", "05-Mar-2024", "5 de mayo de 2024"
    rf"(\d{{1,2}})(?:\.?\s*|-|\s+de\s+)({_MONTH_NAMES})\.?(?:\s+|-|\s+de\s+)(\d{{4}}){_TIME}",
    re.IGNORECASE,
)
_MONTH_DAY_YEAR = re.compile(
    rf"({_MONTH_NAMES})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}}){_TIME}", re.IGNORECASE
)
_NUMERIC = re.compile(rf"(\d{{1,2}})\.(\d{{1,2}})\.(\d{{4}}){_TIME}", re.IGNORECASE)
# "05-03-2024": with dashes and the year last, the day comes first (the American order
# writes slashes, which stay unread: "03/05/2024" is either)
_NUMERIC_DASHED = re.compile(
    rf"(?<![\d-])(\d{{1,2}})-(\d{{1,2}})-(\d{{4}})(?![\d-]){_TIME}", re.IGNORECASE
)


@lru_cache(maxsize=64)
def zone_named(name: str) -> ZoneInfo | None:
    """The IANA zone of that name; None for a name no zone has."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


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
    (so that it is later read in the site's zone), or None. A date written year first
    ("2025-02-22") counts only after a label ("Last Updated: 2025-02-22"): at the start of a
    line it heads a change log's entry or a list of versions, not the page's date."""
    parsed = _read(value)
    if parsed is None and (label := _LABELLED.search(value)) is not None:
        parsed = _year_first(value[label.end() : label.end() + _LABEL_TO_DATE])
    return to_iso(parsed) if parsed is not None else None


# "Last Updated: 2025-02-22": the ISO order written in a text, after a label
_YEAR_FIRST = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?![\d-])")


def _year_first(text: str) -> datetime | None:
    match = _YEAR_FIRST.match(text)
    if match is None:
        return None
    year, month, day = (int(part) for part in match.groups())
    try:
        return datetime(year, month, day)
    except ValueError:
        return None


# The words that label a date as the page's publication, or as its last change
PUBLISHED_LABEL = r"published|posted|veröffentlicht|erschienen|publié|publiziert"
UPDATED_LABEL = r"(?:last\s+)?updated|modified|reviewed|aktualisiert|geändert|stand|mis à jour"
# A date the text labels as the page's own: "Published: 3 March 2021", "Last updated: June
# 2022" (a month alone means its first day), "Veröffentlicht am 3. März 2021"
_LABELLED = re.compile(
    rf"\b(?:({PUBLISHED_LABEL})|{UPDATED_LABEL})\s*(?:on|am|le|:)?\s*:?\s*", re.IGNORECASE
)
_MONTH_YEAR = re.compile(rf"({_MONTH_NAMES})\.?,?\s+(\d{{4}})\b", re.IGNORECASE)
_LABEL_TO_DATE = 40  # characters after a label its date must start within


def labelled_date(text: str, *, published_only: bool = False) -> str | None:
    """The date that a label names as the page's publication in `text`, else (unless
    `published_only`) the one it names as the page's update (ISO 8601: a day alone where the
    text names no time, without an offset where it names no zone), or None."""
    found: dict[bool, str] = {}
    for match in _LABELLED.finditer(text):
        after = text[match.end() : match.end() + _LABEL_TO_DATE]
        value = _date_at_start(after)
        if value is not None:
            found.setdefault(match.group(1) is not None, value)
            if True in found:
                break
    return found.get(True) or (None if published_only else found.get(False))


def _date_at_start(text: str) -> str | None:
    for pattern, order in _TEXT_FORMS:
        match = pattern.match(text)
        if match is not None:
            built = _build(match, order)
            if built is None:
                return None
            return to_iso(built) if match.group(4) is not None else built.date().isoformat()
    match = _MONTH_YEAR.match(text)
    if match is not None:
        return f"{int(match.group(2)):04d}-{_MONTHS[match.group(1).lower()]:02d}-01"
    found = _year_first(text)
    return found.date().isoformat() if found is not None else None


def refines(shown: str, stated: str) -> bool:
    """Does the date a page `stated` in its metadata say more exactly what the date it
    `shown` beside the headline says? Either the same wall-clock time with another offset
    (a theme printing local time with a bogus `+00:00` in `<time datetime>`, where
    `article:published_time` carries the site's real offset); or, for a shown day without a
    time, the same day with its time and offset ("22:12+08:00" rather than midnight); or, for
    a shown time without an offset, the same moment on a clock of some zone ("9:05 a.m. EST"
    beside a `datePublished` of 14:05:12Z: the shown time is local, the metadata's exact),
    or the same moment to the minute, which the metadata gives to the second."""
    seen, meant = _read(shown), _read(stated)
    if seen is None or meant is None:
        return False
    if seen.replace(tzinfo=None) == meant.replace(tzinfo=None):
        return seen.utcoffset() != meant.utcoffset() and meant.tzinfo is not None
    if seen.tzinfo is not None and meant.tzinfo is not None:  # the moment, to the second
        return seen != meant and abs(seen - meant) < timedelta(minutes=1)
    if seen.tzinfo is None and seen.time() == time(0):  # a day without a time
        return meant.date() == seen.date() and meant.time() != time(0)
    if seen.tzinfo is not None or meant.tzinfo is None:
        return False
    return _local_time_of(seen, meant)


def same_moment(one: str, other: str) -> bool:
    """Do two statements of a date say the same? The same day where either names no time
    (a midnight counts as none); else the same instant to the minute where both name an
    offset; else the same wall-clock time, or the naive one being the other's instant on a
    clock of some zone ("9:05 a.m." beside 14:05Z)."""
    first, second = _read(one), _read(other)
    if first is None or second is None:
        return False
    if first.time() == time(0) or second.time() == time(0):
        return first.date() == second.date()
    if first.tzinfo is not None and second.tzinfo is not None:
        return abs(first - second) < timedelta(minutes=1)
    if first.tzinfo is not None:
        first, second = second, first
    wall = second.replace(tzinfo=None, second=0, microsecond=0)
    if first.replace(second=0, microsecond=0) == wall:
        return True
    return second.tzinfo is not None and _local_time_of(first, second)


_ZONE_STEP = timedelta(minutes=15)  # UTC offsets are whole quarter hours
_MAX_OFFSET = timedelta(hours=14)


def _local_time_of(local: datetime, instant: datetime) -> bool:
    """The naive `local` is `instant` read on a clock of some UTC offset (to the minute)."""
    moment = instant.astimezone(UTC).replace(tzinfo=None, second=0, microsecond=0)
    gap = local.replace(second=0, microsecond=0) - moment
    return abs(gap) <= _MAX_OFFSET and gap % _ZONE_STEP == timedelta(0)


def _read(value: str) -> datetime | None:
    """The date in a text, aware where the text names its offset, else naive."""
    value = value.strip().strip("\"'").strip()  # some CMSs print the JSON string's quotes
    if not value:
        return None
    return _parse_iso(value) or _parse_rfc2822(value) or _parse_text(value)


# An RSS date (RFC 2822): "Thu, 18 Apr 2024 16:14:00 +0200", "18 Apr 2024 14:14 GMT"
_RFC2822 = re.compile(
    r"(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?"
    r"\s*(?:[+-]\d{4}|[A-Z]{1,5})"
)


def _parse_rfc2822(value: str) -> datetime | None:
    """An RSS date with its offset or zone (the standard library reads it: email.utils)."""
    if not _RFC2822.fullmatch(value):
        return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None


def to_iso(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat()


def _parse_iso(value: str) -> datetime | None:
    text = value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


_TEXT_FORMS = (
    (_DAY_MONTH_YEAR, "dmy"), (_MONTH_DAY_YEAR, "mdy"), (_NUMERIC, "dny"), (_NUMERIC_DASHED, "dny")
)  # fmt: skip


def month_first_reading(value: str) -> str | None:
    """The other reading of a numeric date the text writes day first ("09.10.2024",
    "09-10-2024": 9 October, as `written_date` reads it): the month first (10 September, as
    some American sites write it with dots), as an ISO 8601 day, where that is another valid
    day; None for any other text."""
    if _parse_iso(value.strip()) or _parse_rfc2822(value.strip()):
        return None
    match, order = _text_form(value)
    if match is None or order != "dny":
        return None
    first, second, year = (int(match.group(n)) for n in (1, 2, 3))
    if first == second or first > 12:
        return None
    try:
        return date(year, first, second).isoformat()
    except ValueError:
        return None


def _parse_text(value: str) -> datetime | None:
    match, order = _text_form(value)
    return _build(match, order) if match is not None else None


def _text_form(value: str) -> tuple[re.Match[str] | None, str]:
    """The first of the written forms found in the text, and its order of day and month."""
    for pattern, order in _TEXT_FORMS:
        match = pattern.search(value)
        if match:
            return match, order
    return None, ""


def _build(match: re.Match[str], order: str) -> datetime | None:
    first, second, year = match.group(1), match.group(2), int(match.group(3))
    if order == "dmy":
        day, month = int(first), _MONTHS[second.lower()]
    elif order == "mdy":
        day, month = int(second), _MONTHS[first.lower()]
    else:
        day, month = int(first), int(second)
    hour, minute, second_ = (int(g) if g else 0 for g in match.group(4, 5, 6))
    meridiem = (match.group(7) or "").lower()
    if meridiem and 1 <= hour <= 12:
        hour = hour % 12 + (12 if meridiem == "p" else 0)
    zone = _ZONE_NAMES.get((match.group(8) or "").lower())
    try:
        moment = datetime(year, month, day, hour, minute, second_)
    except ValueError:
        return None
    if zone is None:
        return moment
    if zone[0] in "+-":
        return datetime.fromisoformat(moment.isoformat() + zone)
    return moment.replace(tzinfo=ZoneInfo(zone))
