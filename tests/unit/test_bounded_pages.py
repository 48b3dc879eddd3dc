"""One hostile page cannot bloat a feed line: lists are capped (and the cut counted), text
loses control characters, over-long URLs are not taken (no network; the saved BNA page with
one hostile change each)."""

from __future__ import annotations

import io
import time
from datetime import date
from types import SimpleNamespace

import pytest
from helpers.pipelines import BNA_PAGE, PipelineChain
from lxml import etree
from scrapy.exporters import XmlItemExporter

from newscrawl.extraction.authors import authors_and_source
from newscrawl.extraction.fetched import FetchedPage
from newscrawl.extraction.limits import PageLimits
from newscrawl.spiders.options import CrawlOptions
from newscrawl.urls import MAX_URL_LENGTH, absolute_url

PAGE = BNA_PAGE.read_text("utf-8")
URL = "https://bna.example/2024/06/19/stadtrat-radwege/"


def line(
    page: str, pipelines: PipelineChain, limits: PageLimits | None = None
) -> dict[str, object]:
    limited = {"limits": limits} if limits is not None else {}
    page_in = FetchedPage(URL, page.encode(), "bna_germany", "welt", **limited)  # type: ignore[arg-type]
    return pipelines.run(page_in).to_record()


def test_authors_are_deduplicated_in_linear_time() -> None:
    byline = ", ".join(f"Autor{k} Name{k}" for k in range(100_000))
    started = time.process_time()
    authors, _ = authors_and_source([byline, byline], None)
    assert len(authors) == 100_000
    assert time.process_time() - started < 5  # quadratic took 66 s; linear well under 1 s


def test_a_byline_of_thousands_is_cut_to_the_limit_and_counted(pipelines: PipelineChain) -> None:
    names = ", ".join(f"Vorname{k} Nachname{k}" for k in range(5_000))
    page = PAGE.replace(
        '<span class="byline">Von ',
        f'<span class="byline">Von <span class="author">{names}</span>, ',
    )
    record = line(page, pipelines, PageLimits(max_authors=20))
    assert len(record["authors"]) == 20
    assert record["authors"][0] == "Vorname0 Nachname0"
    assert pipelines.stat("newscrawl/normalize/cut/authors") == 5_000 + 2 - 20


def test_control_characters_never_reach_the_line(pipelines: PipelineChain) -> None:
    page = PAGE.replace("</h1>", "\x07\x1b[31m</h1>", 1).replace(
        "Der Bau soll", "Der Bau\x07 soll\x1b", 1
    )
    record = line(page, pipelines)
    for field in ("title", "body"):
        text = str(record[field])
        assert not any(ord(c) < 32 and c not in "\n\t\r" for c in text), field
    assert "Der Bau soll im Frühjahr beginnen." in str(record["body"])


def test_soft_hyphens_and_zero_width_spaces_never_split_a_word_of_the_line(
    pipelines: PipelineChain,
) -> None:
    page = PAGE.replace("Der Bau soll", "Der Bau\u00ad\u200b soll", 1).replace(
        "Frühjahr", "Früh\u00adjahr", 1
    )
    record = line(page, pipelines)
    assert "Der Bau soll im Frühjahr beginnen." in str(record["body"])
    assert not any(c in str(record["body"]) for c in "\u00ad\u200b\u2060\ufeff")


def test_a_megabyte_canonical_is_ignored(pipelines: PipelineChain) -> None:
    huge = URL + "x" * 1_000_000
    page = PAGE.replace("</head>", f'<link rel="canonical" href="{huge}"></head>', 1)
    record = line(page, pipelines)
    assert len(str(record["url"])) < MAX_URL_LENGTH


def test_over_long_links_are_not_followed() -> None:
    assert absolute_url("https://a.example/", "/x" * 2000) is None
    assert absolute_url("https://a.example/", "/ok/") == "https://a.example/ok/"


def test_a_page_nested_past_the_parser_depth_is_refused_not_cut(pipelines: PipelineChain) -> None:
    deep = "<div>" * 5_000 + "<p>Tief.</p>" + "</div>" * 5_000
    page = PAGE.replace("Der Bau soll", deep + "Der Bau soll", 1)
    fetched = FetchedPage(URL, page.encode(), "bna_germany", "welt")
    assert pipelines.drop_reason(fetched) == "too_deep"


def test_a_page_past_its_time_budget_is_refused_in_the_crawler_process_too(
    pipelines: PipelineChain,
) -> None:
    fetched = FetchedPage(
        URL, PAGE.encode(), "bna_germany", "welt", limits=PageLimits(budget_seconds=1e-9)
    )
    assert pipelines.drop_reason(fetched) == "too_slow"
    fine = FetchedPage(URL, PAGE.encode(), "bna_germany", "welt")
    assert PipelineChain().run(fine).title


def test_one_body_at_many_urls_is_not_taken_as_reposts(pipelines: PipelineChain) -> None:
    """Two copies are a repost (done with); from the third URL on, one body for many URLs is
    a page that is not the article: `same_body`, undelivered, tried again next run."""
    reasons = []
    for n in range(4):
        url = f"https://bna.example/2024/06/19/seite-{n}/"
        page = PAGE.replace("https://bna.example/2024/06/19/stadtrat-radwege/", url)
        one = FetchedPage(url, page.encode(), "bna_germany", "welt")
        if n == 0:
            pipelines.run(one)
        else:
            reasons.append(pipelines.drop_reason(one))
    assert reasons == ["duplicate_content", "same_body", "same_body"]


def test_a_megabyte_headline_is_cut_to_the_title_cap_and_counted(pipelines: PipelineChain) -> None:
    words = "Stadtrat " * 120_000  # about a megabyte
    page = PAGE.replace("Stadtrat beschließt neue Radwege für die Innenstadt", words.strip())
    record = line(page, pipelines)
    title = str(record["title"])
    assert 900 <= len(title) <= 1_000
    assert title.startswith("Stadtrat Stadtrat") and title.endswith("Stadtrat")  # a word boundary
    assert pipelines.stat("newscrawl/normalize/cut/title") == 1


def test_bidi_overrides_and_noncharacters_never_reach_the_line(pipelines: PipelineChain) -> None:
    page = PAGE.replace("Stadtrat beschließt", "Stadtrat \u202ebeschließt\u202c", 1).replace(
        "Der Bau soll", "Der &#xFFFE;Bau\u2066 soll&#xFDD0;", 1
    )
    record = line(page, pipelines)
    assert record["title"] == "Stadtrat beschließt neue Radwege für die Innenstadt"
    assert "Der Bau soll im Frühjahr beginnen." in str(record["body"])


def test_a_title_of_only_a_bidi_override_is_no_title(pipelines: PipelineChain) -> None:
    title = "Stadtrat beschließt neue Radwege für die Innenstadt"
    page = PAGE.replace(title, "\u202e")  # <h1>, <title> and og:title alike
    fetched = FetchedPage(URL, page.encode(), "bna_germany", "welt")
    assert pipelines.drop_reason(fetched) == "missing_title"


@pytest.mark.parametrize(
    "written",
    ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00", "1066-10-14T09:00:00+00:00"],
)
def test_a_date_outside_the_plausible_window_is_left_out_and_said_so(
    pipelines: PipelineChain, written: str
) -> None:
    page = PAGE.replace("2024-06-19T08:15:00+02:00", written)
    record = line(page, pipelines)
    assert record["published_at"] is None
    assert record["extraction"]["published_at"] == "rejected:implausible"  # type: ignore[index]
    assert pipelines.stat("newscrawl/normalize/implausible/published_at") == 1


def test_a_date_in_the_window_is_kept(pipelines: PipelineChain) -> None:
    page = PAGE.replace("2024-06-19T08:15:00+02:00", "1912-04-15T02:20:00-03:00")
    record = line(page, pipelines)
    assert record["published_at"] == "1912-04-15T02:20:00-03:00"


def test_an_xml_feed_of_a_page_with_noncharacters_stays_well_formed(
    pipelines: PipelineChain,
) -> None:
    """U+FFFE is no XML character: one of them in a line made a whole `-o feed.xml`
    unreadable by any XML parser, with exit 0."""
    page = PAGE.replace("Der Bau soll", "Der Bau &#xFFFE;soll\uffff", 1)
    record = line(page, pipelines)
    out = io.BytesIO()
    exporter = XmlItemExporter(out)
    exporter.start_exporting()
    exporter.export_item(record)
    exporter.finish_exporting()
    parsed = etree.fromstring(out.getvalue())
    assert "Der Bau soll im Frühjahr beginnen." in parsed.findtext("item/body", "")


def test_an_article_older_than_since_by_its_own_date_is_skipped_not_lost(
    pipelines: PipelineChain,
) -> None:
    """Its URL names no date, so only the page says how old it is (2024-06-19 here)."""
    undated = "https://bna.example/stadtrat-radwege/"
    page = PAGE.replace(URL, undated)
    spider = SimpleNamespace(options=CrawlOptions(since=date(2024, 7, 1)))
    pipelines.crawler.spider = spider  # type: ignore[assignment]
    assert pipelines.drop_reason(FetchedPage(undated, page.encode(), "bna_germany", "welt")) == (
        "older_than_since"
    )
    assert pipelines.stat("newscrawl/dropped/older_than_since") == 1
    spider.options = CrawlOptions(since=date(2024, 6, 19))  # the same day is not older
    assert pipelines.run(FetchedPage(undated, page.encode(), "bna_germany", "welt")).title


def test_one_line_never_mixes_utc_offsets(pipelines: PipelineChain) -> None:
    """The update time given in UTC is written in the publication time's offset: the same
    instant, so a reader comparing the two strings compares like with like."""
    page = PAGE.replace("2024-06-20T10:05:00+02:00", "2024-06-20T08:05:00Z")
    record = line(page, pipelines)
    assert record["published_at"] == "2024-06-19T08:15:00+02:00"
    assert record["modified_at"] == "2024-06-20T10:05:00+02:00"


def test_a_change_after_the_clocks_went_forward_keeps_the_summer_offset(
    pipelines: PipelineChain,
) -> None:
    """Published on 30 March 2024 at 22:15 in Berlin (+01:00) and changed the next morning at
    06:36, after the clocks went forward (+02:00), as the page states it: the line says
    06:36+02:00, the time a reader in Berlin saw, not the same instant as 05:36+01:00."""
    page = PAGE.replace("2024-06-19T08:15:00+02:00", "2024-03-30T22:15:00+01:00").replace(
        "2024-06-20T10:05:00+02:00", "2024-03-31T06:36:00+02:00"
    )
    record = line(page, pipelines)
    assert record["published_at"] == "2024-03-30T22:15:00+01:00"
    assert record["modified_at"] == "2024-03-31T06:36:00+02:00"
    utc = page.replace("2024-03-31T06:36:00+02:00", "2024-03-31T04:36:00Z")  # the same instant
    assert line(utc, PipelineChain())["modified_at"] == "2024-03-31T06:36:00+02:00"
