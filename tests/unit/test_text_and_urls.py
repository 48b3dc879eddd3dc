from __future__ import annotations

from datetime import date

import lxml.html
import pytest

from newscrawl.extraction.text import element_text
from newscrawl.urls import (
    canonicalize_url,
    date_in_url,
    dated_story_path,
    is_site_root,
)


def text_of(fragment: str) -> str:
    return element_text(lxml.html.fragment_fromstring(fragment, create_parent="div"))


@pytest.mark.parametrize(
    ("fragment", "reader_sees"),
    [
        ("<p>Krieg in der <a>Ukraine</a><br>Dies ist</p>", "Krieg in der Ukraine Dies ist"),
        ("<p>in <strong>Berlin</strong>, sagte er</p>", "in Berlin, sagte er"),
        ("<p>ein   neues\n\t Netz&nbsp;heute</p>", "ein neues Netz heute"),
        ("<p>Wort<span>teil</span></p>", "Wortteil"),
        ("<div><p>Erster</p><p>Zweiter</p></div>", "Erster Zweiter"),
        ("<p>sichtbar<script>var x = 1;</script></p>", "sichtbar"),
    ],
)
def test_text_is_what_a_reader_sees(fragment: str, reader_sees: str) -> None:
    assert text_of(fragment) == reader_sees


@pytest.mark.parametrize(
    ("link", "canonical"),
    [
        ("http://Site.example/a/?utm_source=x&utm_medium=y", "http://site.example/a/"),
        ("http://site.example/a/?fbclid=abc#comments", "http://site.example/a/"),
        ("http://site.example/a/?id=3&gclid=z", "http://site.example/a/?id=3"),
        ("https://site.example:443/a/#respond", "https://site.example/a/"),
        ("http://127.0.0.1:8123/a/", "http://127.0.0.1:8123/a/"),
    ],
)
def test_canonical_url_drops_tracking_and_fragment(link: str, canonical: str) -> None:
    assert canonicalize_url(link) == canonical


@pytest.mark.parametrize(
    ("url", "dated"),
    [
        ("https://blog.example/2025/03/04/radwege-werden-breiter/", True),
        ("https://blog.example/news/2025/12/19/what-people-love.html", True),
        ("https://blog.example/2025/03/04/", False),  # the day's archive
        ("https://blog.example/2025/03/04/2/", False),  # its second page
        ("https://blog.example/2025/03/radwege/", False),  # a month: too loose
        ("https://blog.example/2025/13/40/radwege/", False),  # no such day
        ("https://shop.example/item/2025-03-04/", False),
        ("http://[bad/2025/03/04/radwege/", False),  # malformed: no date, no error
        ("https://blog.example/2025-03/04/radwege.htm", True),  # month's directory, day's
        ("https://blog.example/blog/2025-03-04-radwege-werden-breiter", True),  # in the slug
        ("https://amt.example/meldung/2025/20250304-radwege.html", True),
        ("https://blog.example/the-year-in-cycling-20251218", True),
        ("https://blog.example/briefe/2010-10-26-18", True),  # a post's number beside it
        ("https://blog.example/archiv/2025-03-04", False),  # the day's archive
        ("https://shop.example/item/120250304-radwege", False),  # a number, no date
        ("https://shop.example/item/20251399-radwege", False),  # no such day
    ],
)
def test_a_date_before_a_slug_is_a_storys_address(url: str, dated: bool) -> None:
    assert dated_story_path(url) is dated


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("https://blog.example/2025/03/04/radwege/", date(2025, 3, 4)),
        ("https://blog.example/2025-03/04/radwege.htm", date(2025, 3, 4)),
        ("https://blog.example/radwege-20251218", date(2025, 12, 18)),
        ("https://blog.example/radwege_2025_12_18.html", date(2025, 12, 18)),
        ("https://blog.example/archiv/2025-03-04", date(2025, 3, 4)),  # dated, no story's
        ("https://shop.example/item/120250304-radwege", None),
        ("https://blog.example/2025/03/radwege/", None),
        ("https://paper.example/articles/2014-2-19-tuition-rises/", date(2014, 2, 19)),
        ("https://paper.example/articles/2014-12-9-budget", date(2014, 12, 9)),
        ("https://mirror.example/2019/03/15/braums/index.html", date(2019, 3, 15)),
    ],
)
def test_the_date_in_an_address(url: str, day: date | None) -> None:
    """Read by incremental runs to stop paging at stories older than --since."""
    assert date_in_url(url) == day


@pytest.mark.parametrize(
    ("url", "root"),
    [
        ("https://news.example/", True),
        ("https://news.example", True),
        ("https://news.example/?p=5031", False),
        ("https://news.example/#top", True),
        ("https://news.example/#/artikel/radwege-123", False),  # a script-built site's route
        ("https://news.example/#!/story/123", False),
        ("https://news.example/index.html", False),
        ("https://news.example/politik/", False),
        ("/", False),  # no site named
        ("http://[bad/", False),
    ],
)
def test_a_sites_front_page_is_known_by_its_address(url: str, root: bool) -> None:
    assert is_site_root(url) is root
