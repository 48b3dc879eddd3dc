"""A published date says how sure it is: `extraction.published_at_confirmed_by` names a second
source that states the same moment, null where the date rests on one source alone."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from newscrawl.extraction import extract_article
from newscrawl.extraction.dates import same_moment
from newscrawl.items import Article
from newscrawl.sites import get_profile

SCHEMA = json.loads(
    (Path(__file__).parents[2] / "newscrawl/schema/article.schema.json").read_text("utf-8")
)
BODY = "<p>The council met on Tuesday evening and voted on the new cycle lanes for the centre.</p>"


@pytest.mark.parametrize(
    ("one", "other", "agree"),
    [
        ("2025-03-04T14:05:00Z", "2025-03-04T09:05:00-05:00", True),  # one instant
        ("2025-03-04T14:05:00Z", "2025-03-04T14:05:40+00:00", True),  # to the minute
        ("2025-03-04T14:05:00Z", "2025-03-04T15:05:00+00:00", False),
        ("2025-03-04", "2025-03-04T22:12:00+08:00", True),  # a day without a time
        ("2025-03-04", "2025-03-05T01:00:00+00:00", False),
        ("2025-03-04T09:05:00", "2025-03-04T14:05:00Z", True),  # a local time of that instant
        ("2025-03-04T09:05:00", "2025-03-04T09:05:00+01:00", True),  # its wall clock
        ("2025-03-04T09:07:00", "2025-03-04T14:05:00Z", False),
        ("March 4, 2025", "2025-03-04T10:00:00+01:00", True),
        ("kein Datum", "2025-03-04", False),
    ],
)
def test_two_statements_of_a_date_agree_on_the_moment(one: str, other: str, agree: bool) -> None:
    assert same_moment(one, other) is agree
    assert same_moment(other, one) is agree


def _page(head: str, shown: str = "") -> str:
    return (
        f"<html lang=en><head><title>Cycle lanes</title>{head}</head><body><article>"
        f"<h1>Council votes on cycle lanes</h1><p class=byline>{shown}</p>{BODY * 8}"
        "</article></body></html>"
    )


def _ld(**fields: str) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", **fields}
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


@pytest.mark.parametrize(
    ("html", "url", "published", "method", "confirmed"),
    [
        # the shown day (refined by JSON-LD to its instant) and JSON-LD say one moment
        (
            _page(_ld(datePublished="2025-03-04T14:05:00Z"), "March 4, 2025"),
            "https://example.org/news/cycle-lanes",
            "2025-03-04T14:05:00+00:00",
            "generic:json-ld",
            "generic:html",
        ),
        # JSON-LD alone: one source, a guess
        (
            _page(_ld(datePublished="2025-03-04T14:05:00Z")),
            "https://example.org/news/cycle-lanes",
            "2025-03-04T14:05:00+00:00",
            "generic:json-ld",
            None,
        ),
        # the date in the address confirms the metadata's day
        (
            _page(_ld(datePublished="2025-03-04T14:05:00Z")),
            "https://example.org/2025/03/04/cycle-lanes/",
            "2025-03-04T14:05:00+00:00",
            "generic:json-ld",
            "generic:url",
        ),
        # ... but not another day
        (
            _page(_ld(datePublished="2025-03-04T14:05:00Z")),
            "https://example.org/2025/03/02/cycle-lanes/",
            "2025-03-04T14:05:00+00:00",
            "generic:json-ld",
            None,
        ),
        # OpenGraph states the instant JSON-LD states, in another offset
        (
            _page(
                _ld(datePublished="2025-03-04T14:05:00Z")
                + '<meta property="article:published_time" content="2025-03-04T15:05:00+01:00">'
            ),
            "https://example.org/news/cycle-lanes",
            "2025-03-04T14:05:00+00:00",
            "generic:json-ld",
            "generic:opengraph",
        ),
        # the shown date wins over metadata naming another day, and nothing confirms it
        (
            _page(_ld(datePublished="2025-02-01T10:00:00Z"), "March 4, 2025"),
            "https://example.org/news/cycle-lanes",
            "2025-03-04T00:00:00+00:00",
            "generic:html",
            None,
        ),
    ],
)
def test_the_line_names_a_second_source_of_its_date(
    html: str, url: str, published: str, method: str, confirmed: str | None
) -> None:
    article = extract_article(html, url)
    assert article.published_at == published
    assert article.extraction["published_at"] == method
    assert article.extraction["published_at_confirmed_by"] == confirmed
    jsonschema.validate(article.to_record(), SCHEMA)


@pytest.mark.parametrize(
    ("shown", "stated", "published"),
    [
        # an American site writes the month first, with dots: its metadata states that day
        ("09.10.2024", "2024-09-10T16:07:00Z", "2024-09-10T16:07:00+00:00"),
        ("09-10-2024", "2024-09-10T16:07:00Z", "2024-09-10T16:07:00+00:00"),
        # the same text where the metadata states the day-first reading
        ("09.10.2024", "2024-10-09T06:00:00+02:00", "2024-10-09T06:00:00+02:00"),
        # metadata stating neither reading: the shown date, read day first, stands
        ("09.10.2024", "2024-03-01T10:00:00Z", "2024-10-09T00:00:00+00:00"),
        # one reading only (13 is no month), and a written month is never read otherwise
        ("13.10.2024", "2024-10-13T09:00:00Z", "2024-10-13T09:00:00+00:00"),
        ("October 9, 2024", "2024-09-10T16:07:00Z", "2024-10-09T00:00:00+00:00"),
    ],
)
def test_a_numeric_date_is_read_in_the_order_the_metadata_states(
    shown: str, stated: str, published: str
) -> None:
    html = _page(_ld(datePublished=stated), shown)
    article = extract_article(html, "https://example.org/news/cycle-lanes")
    assert article.published_at == published
    # the shown date, read in the order that gives the metadata's day, confirms it
    agreed = published[:10] == stated[:10]
    assert article.extraction["published_at_confirmed_by"] == ("generic:html" if agreed else None)


@pytest.mark.parametrize(
    ("shown", "published"),
    [
        # a date written year first after its label is the date the page shows
        ("Last Updated: 2025-02-22", "2025-02-22T00:00:00+00:00"),
        ("Published on 2024-6-9", "2024-06-09T00:00:00+00:00"),
        # without a label it heads a change log's entry: the metadata's date stands
        ("2021-08-09 Emphasizing non-requirements for the analysis", "2021-01-18T19:55:00+01:00"),
    ],
)
def test_a_date_written_year_first_counts_after_its_label(shown: str, published: str) -> None:
    head = '<meta property="article:published_time" content="2021-01-18T19:55+01:00">'
    article = extract_article(_page(head, shown), "https://example.org/news/cycle-lanes")
    assert article.published_at == published


def test_a_line_without_a_date_has_no_confirmation() -> None:
    article = extract_article(_page(""), "https://example.org/news/cycle-lanes")
    assert article.published_at is None
    assert article.extraction["published_at_confirmed_by"] is None


BNA = "https://bna.example"
BNA_PAGE = Path(__file__).parents[1] / "sites/bna_germany/stadtrat-radwege/page.html"


@pytest.mark.parametrize(
    ("without", "url", "confirmed"),
    [
        ("", f"{BNA}/2024/06/19/stadtrat-radwege/", "generic:opengraph"),
        ("article:published_time", f"{BNA}/2024/06/19/stadtrat-radwege/", "generic:url"),
        # the profile reads the <time> under the headline: the date shown there is the same
        # element, no second source
        ("article:published_time", f"{BNA}/politik/stadtrat-radwege/", None),
    ],
)
def test_a_profiles_date_is_not_confirmed_by_its_own_element(
    without: str, url: str, confirmed: str | None
) -> None:
    lines = BNA_PAGE.read_text("utf-8").splitlines()
    page = "\n".join(line for line in lines if not without or without not in line)
    article = extract_article(page, url, get_profile("bna_germany"))
    assert article.published_at == "2024-06-19T08:15:00+02:00"
    assert article.extraction["published_at"] == "profile"
    assert article.extraction["published_at_confirmed_by"] == confirmed


@pytest.mark.parametrize(
    ("selectors", "reads_shown"),
    [
        # the profile read the <time> under the headline: the shown date is that element,
        # which cannot confirm it, so the text beside the headline is not read for it
        (("article time.entry-date.published::attr(datetime)",), False),
        # the profile read <meta>: the date shown beside the headline may confirm it
        (("meta[property='article:published_time']::attr(content)",), True),
    ],
)
def test_the_shown_date_is_read_only_where_it_can_confirm(
    monkeypatch: pytest.MonkeyPatch, selectors: tuple[str, ...], reads_shown: bool
) -> None:
    from newscrawl.extraction.document import Document
    from newscrawl.extraction.fields import dates

    calls: list[object] = []
    real = dates._read_shown_dates

    def counted(*args: object) -> tuple[str | None, str | None]:
        calls.append(args)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(dates, "_read_shown_dates", counted)
    doc = Document.parse(BNA_PAGE.read_bytes(), f"{BNA}/politik/stadtrat-radwege/")
    found, confirmed = dates.read_published(doc, selectors, f"{BNA}/politik/stadtrat-radwege/")
    assert found.value is not None and found.value.startswith("2024-06-19")
    assert bool(calls) is reads_shown
    assert confirmed == ("generic:html" if reads_shown else "generic:opengraph")


@pytest.mark.parametrize(
    ("modified", "expected"),
    [
        ("2025-03-04T16:30:00+00:00", "2025-03-04T16:30:00+00:00"),  # changed later that day
        ("2025-03-04T14:05:30+00:00", None),  # the same moment, to the second elsewhere
        ("2025-03-04T14:05:00Z", None),
        ("2025-03-03T09:00:00+00:00", None),  # saved before a scheduled publication
    ],
)
def test_a_last_change_is_never_before_the_publication(modified: str, expected: str | None) -> None:
    html = _page(_ld(datePublished="2025-03-04T14:05:12Z", dateModified=modified))
    article = extract_article(html, "https://example.org/news/cycle-lanes")
    assert article.published_at == "2025-03-04T14:05:12+00:00"
    assert article.modified_at == expected
    assert article.extraction["modified_at"] == ("generic:json-ld" if expected else None)


def _graph(article: dict[str, str], page: dict[str, str]) -> str:
    nodes = [{"@type": "Article", "headline": "Council votes on cycle lanes", **article}]
    nodes.append({"@type": "WebPage", "@id": "https://example.org/news/cycle-lanes", **page})
    data = {"@context": "https://schema.org", "@graph": nodes}
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


@pytest.mark.parametrize(
    ("article", "page", "published", "modified"),
    [
        # Yoast's graph: the dates on the WebPage only
        (
            {},
            {"datePublished": "2021-01-27T06:00:00+00:00", "dateModified": "2021-04-15T00:07:20Z"},
            "2021-01-27T06:00:00+00:00",
            "2021-04-15T00:07:20+00:00",
        ),
        # the Article's own dates come first
        (
            {"datePublished": "2021-01-26T08:00:00+00:00"},
            {"datePublished": "2021-01-27T06:00:00+00:00"},
            "2021-01-26T08:00:00+00:00",
            None,
        ),
    ],
)
def test_the_page_objects_dates_stand_in_for_the_articles(
    article: dict[str, str], page: dict[str, str], published: str, modified: str | None
) -> None:
    extracted = extract_article(
        _page(_graph(article, page)), "https://example.org/news/cycle-lanes"
    )
    assert extracted.published_at == published
    assert extracted.modified_at == modified
    assert extracted.extraction["published_at"] == "generic:json-ld"


@pytest.mark.parametrize(
    ("foot", "published"),
    [
        # a guide's foot: the label's month, not the cited study's day
        ("<p><b>Last Updated: </b>June 2022</p>", "2022-06-01T00:00:00+00:00"),
        ("<p>Published: 3 March 2021 · Updated: 5 May 2022</p>", "2021-03-03T00:00:00+00:00"),
        ("<p>Veröffentlicht am 3. März 2021</p>", "2021-03-03T00:00:00+00:00"),
    ],
)
def test_a_labelled_date_is_taken_where_the_page_states_no_other(foot: str, published: str) -> None:
    cited = "<ul><li>Hirshberg MJ et al. Psychological Medicine. August 18, 2020.</li></ul>"
    html = (
        "<html lang=en><head><title>Meditation and mindfulness</title></head><body><main>"
        f"<h1>Meditation and mindfulness: what you need to know</h1>{BODY * 12}{cited}{foot}"
        "</main></body></html>"
    )
    article = extract_article(html, "https://example.org/health/meditation")
    assert article.published_at == published
    assert article.extraction["published_at"] == "generic:html"


def _sidebar(*days: str) -> str:
    rows = "".join(
        f'<div class="views-row"><span><a href="/news/{n}">Past president passes away</a>'
        f'</span><div><time datetime="{day}T12:00:00Z">{day}</time></div></div>'
        for n, day in enumerate(days)
    )
    return f'<div class="view-content">{rows}</div>'


@pytest.mark.parametrize(
    ("above", "below", "published"),
    [
        # the latest news in a sidebar before the headline: its dates are other stories'
        (
            _sidebar("2025-01-31", "2025-12-04"),
            '<time datetime="2017-03-01T12:00:00Z">03/01/2017</time>',
            "2017-03-01T12:00:00+00:00",
        ),
        # a dateline of the story's own, above its headline
        (
            '<div class="meta"><span class="date">March 4, 2025</span></div>',
            "",
            "2025-03-04T00:00:00+00:00",
        ),
    ],
)
def test_a_date_above_the_headline_in_a_list_of_teasers_is_not_the_storys(
    above: str, below: str, published: str
) -> None:
    html = (
        "<html lang=en><head><title>Candidate experience</title></head><body>"
        f"<aside>{above}</aside><h1>Candidate experience: consulting firm or carrier</h1>"
        f"<div class=node__meta>{below} by Agatha Caleo</div>{BODY * 8}</body></html>"
    )
    article = extract_article(html, "https://example.org/newsletter-article/candidate")
    assert article.published_at == published


def _saved(published: str, modified: str) -> str:
    return _ld(datePublished=published, dateModified=modified, dateCreated=published)


def _tools_story(head: str, foot: str) -> Article:
    """A guide with `head` in its <head> and `foot` after its text, extracted."""
    html = (
        f"<html lang=en><head><title>Free accounting tools</title>{head}</head><body><main>"
        f"<h1>Free accounting tools for small businesses</h1>{BODY * 10}{foot}</main></body></html>"
    )
    return extract_article(html, "https://example.org/run/finance/free-accounting-tools")


@pytest.mark.parametrize(
    ("head", "published", "method"),
    [
        # a CMS stamps publication and last change with its last save, to the second: the
        # story's foot tells the reader when it was published
        (
            _saved("2025-11-29T12:28:31-05:00", "2025-11-29T12:28:31-05:00"),
            "2025-08-13T00:00:00+00:00",
            "generic:html",
        ),
        # two instants: the metadata's publication stands
        (
            _saved("2025-11-29T12:28:31-05:00", "2025-11-30T09:00:12-05:00"),
            "2025-11-29T12:28:31-05:00",
            "generic:json-ld",
        ),
        # a story published and never changed, to the minute: the metadata stands
        (
            _saved("2025-11-29T12:28:00-05:00", "2025-11-29T12:28:00-05:00"),
            "2025-11-29T12:28:00-05:00",
            "generic:json-ld",
        ),
    ],
)
def test_a_publication_stamped_with_the_last_save_gives_way_to_the_labelled_day(
    head: str, published: str, method: str
) -> None:
    foot = '<div>Published <time pubdate datetime="2025-08-13">August 13, 2025</time></div>'
    article = _tools_story(head, foot)
    assert article.published_at == published
    assert article.extraction["published_at"] == method


def test_a_story_saved_once_keeps_its_instant_beside_a_label_of_the_same_day() -> None:
    saved = _saved("2025-11-29T12:28:31-05:00", "2025-11-29T12:28:31-05:00")
    article = _tools_story(saved, "<p>Published November 29, 2025</p>")
    assert article.published_at == "2025-11-29T12:28:31-05:00"
