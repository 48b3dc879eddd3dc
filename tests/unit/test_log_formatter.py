"""Per-page DEBUG messages are not even built unless DEBUG is logged."""

from __future__ import annotations

import pytest
from scrapy import Spider
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from newscrawl.logformatter import QuietLogFormatter

URL = "https://news.example/a/"


@pytest.mark.parametrize(
    ("level", "logged"), [("INFO", False), ("WARNING", False), ("DEBUG", True), (10, True)]
)
def test_crawled_and_scraped_are_logged_only_at_debug(level: str | int, logged: bool) -> None:
    crawler = get_crawler(Spider, {"LOG_LEVEL": level})
    formatter = QuietLogFormatter.from_crawler(crawler)
    response = HtmlResponse(URL, body=b"<html></html>", request=Request(URL))
    spider = Spider("s")
    assert (formatter.crawled(response.request, response, spider) is not None) is logged
    assert (formatter.scraped({"a": 1}, response, spider) is not None) is logged


def test_the_project_uses_it() -> None:
    from newscrawl import settings

    assert settings.LOG_FORMATTER == "newscrawl.logformatter.QuietLogFormatter"
