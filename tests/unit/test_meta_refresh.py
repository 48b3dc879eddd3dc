"""Meta refresh: followed as by Scrapy, but a page without one is not decoded to find out."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from newscrawl.middlewares.refresh import CheapMetaRefreshMiddleware

URL = "https://news.example/old/"
REFRESH = (
    '<html><head><meta http-equiv="Refresh" content="0; url=/new/"></head><body></body></html>'
)


class UndecodableResponse(HtmlResponse):
    """Fails the test if anything decodes the body."""

    @property
    def text(self) -> str:
        raise AssertionError("the body was decoded")


def _middleware() -> CheapMetaRefreshMiddleware:
    return CheapMetaRefreshMiddleware.from_crawler(get_crawler())


def test_a_page_without_refresh_passes_undecoded() -> None:
    body = ("<html><head><title>Grüße</title></head><body>" + "<p>Text</p>" * 5000).encode()
    response = UndecodableResponse(URL, body=body, headers={"Content-Type": "text/html"})
    assert _middleware().process_response(Request(URL), response) is response


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252", "utf-16"])
def test_a_refresh_is_followed_in_any_encoding(encoding: str) -> None:
    response = HtmlResponse(
        URL,
        body=REFRESH.encode(encoding),
        headers={"Content-Type": f"text/html; charset={encoding}"},
    )
    result = _middleware().process_response(Request(URL), response)
    assert isinstance(result, Request) and result.url == "https://news.example/new/"


def test_the_word_refresh_elsewhere_falls_back_to_scrapy() -> None:
    body = b"<html><head><title>Refresh your browser</title></head><body></body></html>"
    response = HtmlResponse(URL, body=body, headers={"Content-Type": "text/html"})
    assert _middleware().process_response(Request(URL), response) is response
