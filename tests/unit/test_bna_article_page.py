"""A saved BNA-style article page through extraction and every pipeline, vs. the expected line."""

from __future__ import annotations

import copy

from helpers.pipelines import BNA_PAGE, PipelineChain, expected_record, fetched

from newscrawl.schema import article_validator

PAGE = BNA_PAGE.read_text("utf-8")
FETCHED = (
    "https://bna.example/2024/06/19/stadtrat-radwege/?utm_source=newsletter&fbclid=abc#comments"
)


def crawl_line(pipelines: PipelineChain) -> dict[str, object]:
    draft = fetched(FETCHED, PAGE, section="welt")
    record = pipelines.run(draft).to_record()
    record.pop("crawled_at")
    return record


def test_page_gives_the_expected_line(pipelines: PipelineChain) -> None:
    assert crawl_line(pipelines) == expected_record()


def test_line_validates_against_the_shipped_schema(pipelines: PipelineChain) -> None:
    draft = fetched(FETCHED, PAGE)
    record = pipelines.run(draft).to_record()
    assert list(article_validator().iter_errors(record)) == []


def test_no_widget_ad_credit_or_caption_text_in_body(pipelines: PipelineChain) -> None:
    body = str(crawl_line(pipelines)["body"])
    for unwanted in (
        "Siehe auch",
        "Lesen Sie auch",
        "Mehr zum Thema",
        "interessieren",
        "Anzeige",
        "Werbung",
        "Sponsored",
        "Kappeler",
        "Getty",
        "Radfahrer vor dem Rathaus",
        "Teilen mit",
        "Newsletter",
        "Juli 13",
        "Kommentare",
        "Stadtrat beschließt",
    ):
        assert unwanted not in body


def test_the_same_page_under_another_link_is_dropped_as_duplicate_url(
    pipelines: PipelineChain,
) -> None:
    pipelines.run(fetched(FETCHED, PAGE))
    shortlink = "https://bna.example/?p=4711"
    assert pipelines.drop_reason(fetched(shortlink, PAGE)) == "duplicate_url"
    assert pipelines.stat("newscrawl/dropped/duplicate_url") == 1


def test_a_repost_with_the_same_body_is_dropped_as_duplicate_content(
    pipelines: PipelineChain,
) -> None:
    pipelines.run(fetched(FETCHED, PAGE))
    repost = PAGE.replace("2024/06/19/stadtrat-radwege/", "2024/06/21/radwege-repost/")
    url = "https://bna.example/2024/06/21/radwege-repost/"
    assert pipelines.drop_reason(fetched(url, repost)) == "duplicate_content"


def test_a_broken_body_selector_falls_back_to_the_generic_body(pipelines: PipelineChain) -> None:
    broken = copy.copy(PAGE).replace('class="entry-content"', 'class="nothing-here"')
    record = pipelines.run(fetched(FETCHED, broken)).to_record()
    expected = expected_record()
    assert record["extraction"]["body"] == "generic:content"
    assert record["extraction"]["title"] == "profile"
    assert expected["body"].split("\n\n")[0] in record["body"]


def test_a_page_without_body_is_dropped_with_a_reason(pipelines: PipelineChain) -> None:
    empty = (
        "<html><body><article><h1 class='entry-title'>Nur ein Titel</h1></article></body></html>"
    )
    draft = fetched(FETCHED, empty)
    assert pipelines.drop_reason(draft) == "empty_body"
    assert pipelines.stat("newscrawl/dropped/empty_body") == 1


def test_reemit_lets_an_earlier_runs_article_through_but_not_twice_in_one_run() -> None:
    from helpers.pipelines import PipelineChain

    from newscrawl.spiders.options import CrawlOptions

    chain = PipelineChain()
    chain.store.add("url", expected_record()["id"])
    chain.crawler.spider = type("S", (), {"options": CrawlOptions(reemit=True)})()
    chain.run(fetched(FETCHED, PAGE))
    assert chain.drop_reason(fetched(FETCHED, PAGE)) == "duplicate_url"


def test_a_bogus_utc_offset_in_the_themes_time_takes_the_metadatas(
    pipelines: PipelineChain,
) -> None:
    """The tagDiv theme family writes local time with "+00:00" in `<time datetime>`, which the
    profile's first selector reads; article:published_time has the same wall-clock time with
    the real offset: the same rule as on the generic path takes it."""
    bogus = PAGE.replace(
        'class="entry-date published" datetime="2024-06-19T08:15:00+02:00"',
        'class="entry-date published" datetime="2024-06-19T08:15:00+00:00"',
    )
    assert bogus != PAGE
    record = pipelines.run(fetched(FETCHED, bogus, section="welt")).to_record()
    assert record["published_at"] == "2024-06-19T08:15:00+02:00"
    assert record["extraction"]["published_at"] == "generic:opengraph"
