from __future__ import annotations

import pytest

from newscrawl.extraction.authors import authors_and_source, source_line, split_names
from newscrawl.extraction.dates import refines
from newscrawl.extraction.normalize import iso_date


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2024-06-19T08:15:00+02:00", "2024-06-19T08:15:00+02:00"),
        ("2024-06-19T06:15:00Z", "2024-06-19T06:15:00+00:00"),
        ("19. Juni 2024, 08:15 Uhr", "2024-06-19T08:15:00+02:00"),
        ("3. März 2024 um 17:40 Uhr", "2024-03-03T17:40:00+01:00"),
        ("Juli 13, 2024", "2024-07-13T00:00:00+02:00"),
        ("19.06.2024 08:15", "2024-06-19T08:15:00+02:00"),
        ("kein Datum", None),
        ("31. Februar 2024", None),
        # a 12-hour clock, and a zone named after the time
        ("August 02, 2024 9:40 PM", "2024-08-02T21:40:00+02:00"),
        ("March 4, 2025 at 12:30 a.m.", "2025-03-04T00:30:00+01:00"),
        ("March 4, 2025 at 9:05 a.m. EST", "2025-03-04T09:05:00-05:00"),
        ("June 19, 2024 · 8:15 AM ET", "2024-06-19T08:15:00-04:00"),
        ("Dec 1, 2024 8:15 AM ET", "2024-12-01T08:15:00-05:00"),
        ("19.06.2024, 14:30 Uhr MESZ", "2024-06-19T14:30:00+02:00"),
        # an RSS item's pubDate (RFC 2822) keeps its offset
        ("Thu, 18 Apr 2024 16:14:00 +0530", "2024-04-18T16:14:00+05:30"),
        ("18 Apr 2024 14:14:00 GMT", "2024-04-18T14:14:00+00:00"),
        # dashes with the year last: the day first; slashes ("02/12/2025") say no order
        ("02-12-2025", "2025-12-02T00:00:00+01:00"),
        ("13-02-2025 5:11", "2025-02-13T05:11:00+01:00"),
        ("04-Aug-2021 5:11:10", "2021-08-04T05:11:10+02:00"),
        ("02/12/2025", None),
        ("Ref. 12-34-2025-1", None),
        # French, Spanish, Italian, Portuguese and Dutch months
        ("on 04-ago-2021 5:11:10", "2021-08-04T05:11:10+02:00"),
        ("4 de agosto de 2021", "2021-08-04T00:00:00+02:00"),
        ("12 janv. 2024", "2024-01-12T00:00:00+01:00"),
        ("3 giugno 2023, 10:15", "2023-06-03T10:15:00+02:00"),
        ("15 mei 2022", "2022-05-15T00:00:00+02:00"),
        ("5 décembre 2023", "2023-12-05T00:00:00+01:00"),
        ("2 years ago 2021", None),
    ],
)
def test_dates_become_iso_with_the_sites_offset(value: str, iso: str | None) -> None:
    assert iso_date(value, "Europe/Berlin") == iso


@pytest.mark.parametrize(
    ("bylines", "source_line", "authors", "source"),
    [
        (["CNN"], None, [], "CNN"),
        (["Von Anna Schmidt und Jonas Weber"], None, ["Anna Schmidt", "Jonas Weber"], None),
        (["Anna Schmidt"], "dpa", ["Anna Schmidt"], "dpa"),
        (["The Guardian"], None, [], "The Guardian"),
        (["Maria Klein", "AFP"], None, ["Maria Klein"], "AFP"),
        (["Redaktion Berlin"], None, [], "Redaktion Berlin"),
        ([], "Quelle: Reuters", [], "Reuters"),
        # a job title beside the names is no one's name; alone, it is the in-house byline
        (["By Priya Raman and Eli Ford, Staff Writers"], None, ["Priya Raman", "Eli Ford"], None),
        (["Staff Writer"], None, ["Staff Writer"], None),
        # degrees after a name are not an outlet; a known agency after it is
        (["Dylan Bailey, MS, RD, FAND"], None, ["Dylan Bailey"], None),
        (["Maria Chen, AP"], None, ["Maria Chen"], "AP"),
    ],
)
def test_people_are_authors_and_outlets_are_the_source(
    bylines: list[str], source_line: str | None, authors: list[str], source: str | None
) -> None:
    assert authors_and_source(bylines, source_line) == (authors, source)


@pytest.mark.parametrize(
    ("paragraph", "outlet"),
    [
        ("KNA", "KNA"),
        ("(dpa)", "dpa"),
        ("Quelle: Reuters", "Reuters"),
        ("dpa/AFP", "dpa/AFP"),
        ("AFP und dpa", "AFP/dpa"),
        ("[AP]", "AP"),
        ("Reuters.", "Reuters"),
        ("Quelle: Statistisches Bundesamt", None),  # the source of a chart, not of the story
        ("USA", None),
        ("Ende", None),
        ("The harbour reopened on Thursday.", None),
        ("Der Hafen ist wieder offen, meldet dpa.", None),
    ],
)
def test_a_source_line_names_only_known_outlets(paragraph: str, outlet: str | None) -> None:
    assert source_line(paragraph) == outlet


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("Sat, 20 Dec, 2025 - 06:36", []),  # a date that came along with the byline
        ("Von Anna Schmidt, Mo., 3. März", ["Anna Schmidt"]),
        ("Maria Klein, AFP", ["Maria Klein", "AFP"]),
        ("May Smith und Mo Farah", ["May Smith", "Mo Farah"]),  # names, not a month or a day
        ("98 Buck Social", ["98 Buck Social"]),
    ],
)
def test_pieces_of_a_date_are_no_names(byline: str, names: list[str]) -> None:
    assert split_names(byline) == names


@pytest.mark.parametrize(
    ("shown", "stated", "taken"),
    [
        # the same wall-clock time, the metadata with the real offset
        ("2017-09-22T16:41:52+00:00", "2017-09-22T16:41:52-05:00", True),
        # a shown day, the metadata's time on that day
        ("2019-03-15", "2019-03-15T22:12:00+08:00", True),
        # a local time shown without a zone: the metadata's instant on some clock
        ("March 4, 2025 at 9:05 a.m.", "2025-03-04T14:05:12Z", True),
        # the same moment to the minute, the metadata to the second
        ("March 4, 2025 at 9:05 a.m. EST", "2025-03-04T14:05:12Z", True),
        # another time: the shown date stands
        ("March 4, 2025 at 9:05 a.m.", "2025-03-04T14:17:00Z", False),
        ("March 4, 2025 at 9:05 a.m.", "2025-03-05T23:05:00Z", False),
        ("2019-03-15", "2019-03-16T22:12:00+08:00", False),
    ],
)
def test_the_metadata_refines_the_shown_date_only_where_both_mean_one_moment(
    shown: str, stated: str, taken: bool
) -> None:
    assert refines(shown, stated) is taken
