"""`extract_article` and a crawl's pipelines give the same record, or the same refusal
reason, for every article page of the demo site - its hostile variants included - and for
one published garbled (its UTF-8 text once read as Windows-1252), profiled and generic."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from helpers.pipelines import PipelineChain
from scrapy.exceptions import DropItem

from newscrawl.demo.site import DemoSite
from newscrawl.extraction import NotAnArticle, extract_article
from newscrawl.extraction.fetched import FetchedPage
from newscrawl.sites import get_profile

BASE = "http://127.0.0.1:8000"
PROFILE = get_profile("bna_germany")


def _charset(content_type: str) -> str | None:
    _, _, charset = content_type.partition("charset=")
    return charset.strip().lower() or None


def _pages() -> list[tuple[str, bytes, str | None]]:
    site = DemoSite(articles=120, faults=True)
    pages = []
    for meta in site.index.metas:
        response = site.respond(meta.path, BASE)
        if response.status == 200 and response.content_type.startswith("text/html"):
            pages.append((BASE + meta.path, response.body, _charset(response.content_type)))
    url, body, charset = pages[0]
    garbled = body.decode("utf-8").encode("utf-8").decode("cp1252", "replace").encode("utf-8")
    pages.append((url.replace("/2024/", "/2025/"), garbled, charset))
    return pages


def _crawl(chain: PipelineChain, page: FetchedPage) -> tuple[str, Any]:
    try:
        record = chain.run(page).to_record()
    except DropItem as drop:
        return "refused", str(drop).split(":", 1)[0]
    record.pop("crawled_at")
    return "record", record


def _library(url: str, body: bytes, generic: bool) -> tuple[str, Any]:
    try:
        article = extract_article(body, url, None if generic else PROFILE)
    except NotAnArticle as refused:
        return "refused", refused.reason
    record = article.to_record()
    record.pop("crawled_at")
    return "record", record


@pytest.mark.parametrize("generic", [False, True], ids=["profile", "generic"])
def test_every_demo_page_gives_the_same_record_or_refusal(generic: bool) -> None:
    outcomes: Counter[str] = Counter()
    for url, body, charset in _pages():
        if charset not in (None, "utf-8"):
            continue  # extract_article has no header: the page's bytes are all it gets
        site = "generic" if generic else PROFILE.slug
        page = FetchedPage(url, body, site, None, generic=generic, declared_encoding=charset)
        crawled = _crawl(PipelineChain(), page)  # a fresh state each time: no duplicates
        assert _library(url, body, generic) == crawled, url
        outcomes[crawled[1] if crawled[0] == "refused" else "record"] += 1
    assert outcomes["record"] > 100
    assert outcomes["garbled_text"] == 1
    assert len(outcomes) > 2, outcomes  # and other refusals besides
