"""Ground truth: exact keys, consistent derived fields, clean bodies, and agreement with the
rendered HTML (checked with lxml, as a reader would see the page)."""

from __future__ import annotations

import hashlib
import re
from typing import Any, cast

import lxml.html
import pytest

from newscrawl.demo.site import DemoSite

KEYS = [
    "id",
    "url",
    "site",
    "section",
    "sections",
    "title",
    "lead",
    "authors",
    "source",
    "published_at",
    "modified_at",
    "language",
    "body",
    "images",
    "tags",
    "word_count",
    "content_hash",
    "schema_version",
    "revision",
    "revision_of",
    "changes",
]
NOT_BODY = (
    "Siehe auch",
    "Lesen Sie auch",
    "Mehr zum Thema",
    "Das könnte Sie auch interessieren",
    "Anzeige",
    "Werbung",
    "Sponsored",
    "Teilen mit",
    "Newsletter",
    "Foto:",
    "Getty Images",
    "Kommentar",
    "Schreibe einen",
    "Abonnieren",
)
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:00\+0[12]:00$")


def _reader_text(element: lxml.html.HtmlElement) -> str:
    """Visible text of an element: `<br>` is a line break, whitespace runs collapse."""
    for br in element.iter("br"):
        br.tail = " " + (br.tail or "")
    return " ".join(element.text_content().split())


def _page_blocks(site: DemoSite, url: str, base: str) -> list[str]:
    html = site.render(url[len(base) :], base)[2]
    page = cast(lxml.html.HtmlElement, lxml.html.document_fromstring(html))
    (content,) = page.find_class("entry-content")
    return [_reader_text(el) for el in content.iter("p", "h2")]


def test_records_have_exactly_the_contract_keys(truth: list[dict[str, Any]]) -> None:
    assert len(truth) == 240
    assert [r["url"] for r in truth] == sorted(r["url"] for r in truth)
    for rec in truth:
        assert list(rec) == KEYS
        assert rec["id"] == hashlib.sha256(rec["url"].encode()).hexdigest()[:16]
        assert rec["content_hash"] == hashlib.sha256(rec["body"].encode()).hexdigest()
        assert rec["word_count"] == len(rec["body"].split())
        assert rec["site"] == "bna_germany" and rec["language"] == "de"
        assert rec["section"] == rec["sections"][0]
        assert ISO.match(rec["published_at"])
        assert rec["modified_at"] is None or rec["modified_at"] > rec["published_at"]


def test_trait_mix_is_present(truth: list[dict[str, Any]]) -> None:
    outlets = [r for r in truth if r["source"] and not r["authors"]]
    people = [r for r in truth if r["authors"]]
    assert 0.6 < len(outlets) / len(truth) < 0.8
    assert any(r["source"] for r in people) and any(r["source"] is None for r in people)
    assert any(len(r["authors"]) == 2 for r in people)
    assert any(r["modified_at"] for r in truth)
    assert {r["published_at"][-6:] for r in truth} == {"+01:00", "+02:00"}
    assert len({r["content_hash"] for r in truth}) == len(truth)


def test_bodies_hold_no_boilerplate_captions_or_credits(truth: list[dict[str, Any]]) -> None:
    for rec in truth:
        body = rec["body"]
        assert rec["title"] not in body
        for label in NOT_BODY:
            assert label not in body, (label, rec["url"])
        for image in rec["images"][1:]:
            assert image["caption"] not in body
            assert image["credit"] is None or image["credit"] not in body
        assert "\xa0" not in body and "  " not in body


@pytest.mark.parametrize("part", range(4))
def test_every_truth_paragraph_is_visible_in_entry_content(
    site: DemoSite, truth: list[dict[str, Any]], base: str, part: int
) -> None:
    for rec in truth[part::4]:
        blocks = _page_blocks(site, rec["url"], base)
        remaining = iter(blocks)
        for paragraph in rec["body"].split("\n\n"):
            assert paragraph in remaining, (rec["url"], paragraph)  # in document order


def test_images_and_byline_match_the_page(
    site: DemoSite, truth: list[dict[str, Any]], base: str
) -> None:
    for rec in truth[::5]:
        html = site.render(rec["url"][len(base) :], base)[2].decode()
        for image in rec["images"]:
            assert f'="{image["url"]}"' in html
        for name in rec["authors"] or [rec["source"]]:
            assert f'">{name}</a></span>' in html
        if rec["source"] and rec["authors"]:
            assert f'<p class="source-line">{rec["source"]}</p>' in html
