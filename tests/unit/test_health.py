"""A run's health figures, counted from its lines, and its drifts against the runs before it:
a redesign that stops the profile's selectors is named; an unchanged site, or a fall a small
run shows by chance, is not."""

from __future__ import annotations

from typing import Any

from newscrawl.health import HealthCounter, RunHealth, Tolerance, assess, never_matched


def line(
    body: int, authors: str | None = None, images: int = 0, title: str = "T"
) -> dict[str, Any]:
    return {
        "title": title,
        "authors": [] if authors is None else ["Anna Berg"],
        "body": "x" * body,
        "images": [{"url": f"https://a.example/{n}.jpg"} for n in range(images)],
        "published_at": "2026-12-01T10:00:00+01:00",
        "extraction": {"title": "profile", "authors": authors, "body": "profile"},
    }


def run_of(lines: list[dict[str, Any]]) -> RunHealth:
    counter = HealthCounter()
    for each in lines:
        counter.observe(each)
    return counter.result()


def healthy(articles: int = 40) -> RunHealth:
    """A run of the site as it was: authors by the profile on all but one article, 2,000
    characters of body, one picture each, 20 story links on each of 4 listing pages."""
    lines = [line(2000, "profile", 1) for _ in range(articles - 1)] + [line(2000, None, 1)]
    health = run_of(lines)
    health.listing_pages, health.listing_links = {"politik": 4}, {"politik": 80}
    return health


def test_a_runs_lines_are_counted_field_by_field() -> None:
    health = run_of([line(400, "profile", 2), line(100, "generic:json-ld"), line(1000, None)])
    assert health.articles == 3
    assert health.present["authors"] == 2
    assert health.by_profile["authors"] == 1 and health.by_generic["authors"] == 1
    assert health.present["title"] == 3 and health.by_profile["title"] == 3
    assert (health.body_median, health.body_p10, health.short_bodies) == (400, 100, 1)
    assert health.images == 2
    assert RunHealth.from_json(health.to_json()) == health


def test_articles_by_section_and_listing_pages_by_section_are_counted() -> None:
    counter = HealthCounter()
    for section in ("politik", "politik", None, "sport"):
        counter.observe({**line(800), "section": section})
    counter.listings("politik", 1, 20)
    counter.listings("politik", 2, 30)
    counter.listings("sport", 1, 0)
    health = counter.result()
    assert health.sections == {"politik": 2, "sport": 1, "(none)": 1}
    assert health.listing_pages == {"politik": 3, "sport": 1}
    assert health.listing_links == {"politik": 50, "sport": 0}


def test_an_unchanged_rerun_has_no_drift() -> None:
    assert assess("bna", healthy(), [healthy() for _ in range(5)]) == []


def test_a_redesign_that_stops_the_byline_selector_is_named() -> None:
    lines = [line(2000, "generic:html", 1) for _ in range(5)] + [line(2000, None, 1)] * 35
    drifts = assess("bna_germany", run_of(lines), [healthy() for _ in range(5)])
    named = {d.metric: d for d in drifts}
    assert set(named) == {"authors.present", "authors.profile"}
    assert named["authors.present"].message == (
        "bna_germany: authors present in 12% of 40 articles (baseline 98% over 5 runs); "
        "fields.authors matched nothing on 40, generic filled 5"
    )
    assert named["authors.profile"].figure == 0.0


def test_a_small_run_is_judged_by_how_unlikely_its_fall_is() -> None:
    baseline = [healthy() for _ in range(5)]
    none_of_five = [line(2000, None, 1) for _ in range(5)]
    assert {d.metric for d in assess("s", run_of(none_of_five), baseline)} >= {"authors.present"}
    # 1 of 2 where 39 of 40 had it: a fall of 48 points, but 5 % likely by chance
    one_of_two = [line(2000, "profile", 1), line(2000, None, 1)]
    assert assess("s", run_of(one_of_two), baseline) == []
    loose = Tolerance(share=0.25)
    was_80 = [run_of([line(2000, "profile", 1)] * 8 + [line(2000, None, 1)] * 2) for _ in range(5)]
    # 1 of 2 where 8 of 10 had it: a fall of 30 points, and 36 % likely by chance
    assert assess("s", run_of(one_of_two), was_80, loose) == []


def test_a_small_baseline_is_an_estimate_not_the_sites_true_share() -> None:
    """54 of 60 stories had an agency line in the first run (90 %), where the site gives some
    85 %; 6 of the next run's 12 have one. Taken as exactly 90 % the fall is 0.05 % likely
    (a page for nothing); with the baseline's own uncertainty it is 0.25 %: no drift. The
    same run with none of 12 is still one."""
    baseline = [run_of([line(2000, "profile", 1)] * 54 + [line(2000, None, 1)] * 6)]
    half = run_of([line(2000, "profile", 1)] * 6 + [line(2000, None, 1)] * 6)
    assert assess("s", half, baseline) == []
    none = run_of([line(2000, None, 1)] * 12)
    assert {d.metric for d in assess("s", none, baseline)} == {"authors.present", "authors.profile"}


def test_shorter_bodies_fewer_pictures_more_drops_and_emptier_listings_are_drifts() -> None:
    broken = run_of([line(500, "profile", 0) for _ in range(40)])
    broken.dropped = {"not_an_article": 30}
    broken.listing_pages, broken.listing_links = {"politik": 4}, {"politik": 8}
    broken.listing_empty = {"politik": 3}  # 3 of its 4 pages gave no story link
    drifts = {d.metric: d for d in assess("bna", broken, [healthy() for _ in range(5)])}
    assert set(drifts) == {
        "body.median",
        "body.p10",
        "images.per_article",
        "images.present",
        "dropped.not_an_article",
        "listing.politik",
    }
    assert drifts["body.median"].figure == 500 and drifts["body.median"].baseline == 2000
    assert drifts["dropped.not_an_article"].message == (
        "bna: 43% of 70 pages dropped as not_an_article (baseline 0% over 5 runs)"
    )
    assert drifts["listing.politik"].message == (
        "bna: 3 of 4 listing pages of politik gave no story link (baseline 0% of 20 over 5 runs)"
    )


def test_empty_listings_are_judged_per_section_and_over_every_section() -> None:
    """A cron run reads each section's first page: one empty page is no drift, every
    section's first page empty is one. Fewer links per page is none: a run that reads down to
    a short last page, or a worker that read only the last pages of a section, changed
    nothing."""
    sections = ("politik", "sport", "kultur", "welt")

    def listed(empty: int, links: int = 20) -> RunHealth:
        health = healthy()
        health.listing_pages = dict.fromkeys(sections, 1)
        health.listing_links = dict.fromkeys(sections, links)
        health.listing_empty = dict.fromkeys(sections[:empty], 1)
        for section in sections[:empty]:
            health.listing_links[section] = 0
        return health

    baseline = [listed(0) for _ in range(5)]
    assert assess("s", listed(1), baseline) == []
    drifts = assess("s", listed(4), baseline)
    assert [d.metric for d in drifts] == ["listing.all"]
    assert drifts[0].message == (
        "s: 4 of 4 listing pages of every section gave no story link (baseline 0% of 20 over "
        "5 runs)"
    )
    assert assess("s", listed(0, links=3), baseline) == []  # short last pages


def test_bodies_and_pictures_that_vary_widely_are_judged_by_chance_and_by_how_far() -> None:
    """A site whose stories run from 1,500 to 9,000 characters, and where one story in four
    has pictures (up to a gallery of 8): a dozen new stories that happen to be shorter, or to
    have a single picture among them, is no drift; the same dozen cut to a third is one."""
    lengths = [1500 + 125 * n for n in range(60)]  # 1,500 .. 8,875 characters
    pictures = [0, 0, 0, 8] * 15  # 2 per article on average
    baseline = [
        run_of([line(lengths[n], "profile", pictures[n]) for n in range(i, 60, 5)])
        for i in range(5)
    ]
    # shorter by chance (all under the baseline's median, none under half of it); one picture
    short_dozen = [line(2000 + 150 * n, "profile", 1 if n == 0 else 0) for n in range(12)]
    assert assess("s", run_of(short_dozen), baseline) == []
    cut = [line((2000 + 150 * n) // 3, "profile") for n in range(12)]
    assert {d.metric for d in assess("s", run_of(cut), baseline)} >= {"body.median"}


def test_a_short_body_in_korean_or_chinese_counts_its_wide_characters_three_times() -> None:
    """130 Hangul syllables say about as much as 390 Latin letters: not a teaser."""
    note = {**line(0), "body": "클래스 인스턴스 간의 메시지를 " * 10}  # 170 characters, 130 wide
    teaser = {**line(0), "body": "Kurz gemeldet: " * 11}  # 165 Latin characters
    assert run_of([note]).short_bodies == 0 and run_of([teaser]).short_bodies == 1
    chinese = {**line(0), "body": "中" * 99}
    assert run_of([chinese]).short_bodies == 1  # 99 wide characters: under 300


def test_a_first_run_is_held_to_absolute_floors() -> None:
    lines = [line(2000, "profile") for _ in range(7)] + [line(120, "profile") for _ in range(3)]
    lines[0]["published_at"] = None
    drifts = assess("new", run_of(lines), [])
    assert [d.metric for d in drifts] == ["body.short"]
    assert drifts[0].baseline is None and "30% of 10 bodies under 300" in drifts[0].message
    too_few = [run_of([line(2000, "profile")] * 10)]  # 10 articles: no baseline yet
    assert [d.metric for d in assess("new", run_of(lines), too_few)] == ["body.short"]


def test_a_profile_core_field_that_never_matched_is_named() -> None:
    lines = [line(2000, "generic:json-ld") for _ in range(12)]
    for each in lines:
        each["extraction"]["body"] = "generic:content"
    drifts = never_matched("bna", run_of(lines), ["title", "authors", "body"])
    # no byline by the profile on 12 stories may be agency copy; no body is a broken profile
    assert [d.metric for d in drifts] == ["body.profile"]
    assert drifts[0].message == (
        "bna: the profile's selectors for body matched none of 12 articles (generic filled 12)"
    )
