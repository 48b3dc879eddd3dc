"""The crawler's protections against the hostile web, one rule at a time (no network)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from newscrawl.extensions.failures import failure_code
from newscrawl.extraction.garbled import garbled_reason
from newscrawl.middlewares.addresses import (
    AddressRule,
    ForbiddenAddressMiddleware,
    is_internal_address,
)
from newscrawl.middlewares.retry import backoff_delay
from newscrawl.runstatus import OK, decide, error_count
from newscrawl.spiders.guards import GROWING_URLS, MAX_PAGES, NO_NEW_LINKS, PagingGuard
from newscrawl.urls import absolute_url


@pytest.mark.parametrize(
    "address",
    [
        "169.254.169.254",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "127.0.0.2",
        "0.0.0.0",
        "100.64.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:10.0.0.1",
        "224.0.0.1",
    ],
)
def test_internal_addresses_are_recognised(address: str) -> None:
    assert is_internal_address(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1::1", "8.8.8.8"])
def test_public_addresses_are_not(address: str) -> None:
    assert not is_internal_address(address)


class _Spider:
    name = "site"
    base_url = "http://127.0.0.1:8000/"


def _middleware(**settings: Any) -> ForbiddenAddressMiddleware:
    crawler = get_crawler(settings_dict=settings)
    crawler.spider = _Spider()  # type: ignore[assignment]
    return ForbiddenAddressMiddleware(crawler)


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://127.0.0.1:22/",  # the site's host, another port
        "http://127.0.0.2:8000/",
        "http://localhost:8000/",
        "http://[::1]:8000/",
        "http://[::ffff:169.254.169.254]/",
        "file:///etc/passwd",
    ],
)
def test_forbidden_targets_are_refused_before_scheduling(url: str) -> None:
    middleware = _middleware()
    with pytest.raises(IgnoreRequest, match="forbidden_"):
        middleware.request_scheduled(Request(url))
    assert middleware.crawler.stats is not None


@pytest.mark.parametrize("location", ["file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://h/"])
def test_a_redirect_to_another_scheme_is_refused_as_forbidden_scheme(location: str) -> None:
    """Scrapy leaves such a redirect unfollowed and hands the 302 on: listed `http_302` until
    now, though it is the same refusal as a link to that scheme."""
    middleware = _middleware()
    request = Request("http://127.0.0.1:8000/2024/01/01/x/")
    response = HtmlResponse(request.url, status=302, headers={"Location": location})
    with pytest.raises(IgnoreRequest, match="forbidden_scheme"):
        middleware.process_response(request, response)
    assert middleware.crawler.stats is not None
    assert middleware.crawler.stats.get_value("newscrawl/blocked/forbidden_scheme") == 1
    elsewhere = HtmlResponse(request.url, status=302, headers={"Location": "/2024/01/02/y/"})
    assert middleware.process_response(request, elsewhere) is elsewhere


@pytest.mark.parametrize("url", ["http://::1:8000/", "http:///no-host/", "https://:443/"])
def test_a_url_without_a_host_is_refused(url: str) -> None:
    """Fail closed: w3lib < 2.5 writes http://[::1]:8000/ as http://::1:8000/, whose host no
    parser finds; newer w3lib refuses to build such a Request at all."""
    rule = AddressRule("http://127.0.0.1:8000/", frozenset())
    assert rule.url_refusal(url) == "forbidden_address: no host"


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000/2024/01/01/x/", "https://example.org/"])
def test_the_site_itself_and_public_hosts_pass(url: str) -> None:
    _middleware().request_scheduled(Request(url))


def test_allowed_private_hosts_and_the_off_switch() -> None:
    _middleware(NEWSCRAWL_ALLOWED_PRIVATE_HOSTS=["10.0.0.1"]).request_scheduled(
        Request("http://10.0.0.1/")
    )
    _middleware(NEWSCRAWL_BLOCK_PRIVATE_ADDRESSES=False).request_scheduled(
        Request("http://169.254.169.254/")
    )


def test_backoff_doubles_up_to_the_cap_and_honours_retry_after() -> None:
    assert [backoff_delay(n, 0.5, 3.0) for n in (1, 2, 3, 4)] == [0.5, 1.0, 2.0, 3.0]
    assert backoff_delay(1, 0.5, 10.0, "7") == 7.0
    assert backoff_delay(1, 0.5, 10.0, "600") == 10.0
    assert backoff_delay(2, 0.5, 10.0, "Wed, 21 Oct 2099 07:28:00 GMT") == 10.0  # an HTTP date
    assert backoff_delay(2, 0.5, 10.0, "Wed, 21 Oct 2020 07:28:00 GMT") == 0.0  # already past
    assert backoff_delay(2, 0.5, 10.0, "soon") == 1.0  # garbled: the backoff


def test_paging_guard_stops_at_pages_without_new_links() -> None:
    guard = PagingGuard()
    assert guard.check("s", "/s/", ["a", "b"], "/s/page/2/") is None
    assert guard.check("s", "/s/page/2/", ["c"], "/s/page/3/") is None
    assert guard.check("s", "/s/page/3/", ["a", "c"], "/s/page/4/") == NO_NEW_LINKS
    assert guard.check("other", "/o/", [], "/o/page/2/") == NO_NEW_LINKS


def test_paging_guard_stops_at_growing_urls_and_page_caps() -> None:
    guard = PagingGuard(max_growing=3)
    url = "/k/archiv/"
    verdicts = []
    for month in range(5):
        longer = f"{url}2024/{month:02d}/"
        verdicts.append(guard.check("k", url, [f"link-{month}"], longer))
        url = longer
    assert verdicts == [None, None, GROWING_URLS, GROWING_URLS, GROWING_URLS]
    capped = PagingGuard(max_pages=2)
    assert capped.check("s", "/p/9/", ["a"], "/p/10/") is None
    assert capped.check("s", "/p/10/", ["b"], "/p/11/") == MAX_PAGES


def test_page_numbers_growing_a_digit_are_not_a_trap() -> None:
    guard = PagingGuard(max_growing=2)
    pages = [f"/s/page/{n}/" for n in range(8, 13)]
    for n, (here, there) in enumerate(itertools.pairwise(pages)):
        assert guard.check("s", here, [f"x{n}"], there) is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Die Stra\ufffde in M\ufffdnchen", "replacement_character"),
        (
            "\u201eGr\u00fc\u00dfe\u201c, sagte die B\u00fcrgermeisterin \ufffd aus M\u00fcnchen",
            None,
        ),
        ("Gr\x9f\x9fe", "control_characters"),
        ("Ã¼ber die BrÃ¼cke", "utf8_misread"),
        ("verĂ¶ffentlicht", "utf8_misread"),
        ("â€žZitatâ€œ", "utf8_misread"),
        ("Straße, Café, naïve, „Zitat“ – 5 € ½, groß“ sagte", None),
    ],
)
def test_mojibake_is_recognised_and_real_text_is_not(text: str, reason: str | None) -> None:
    assert garbled_reason([text]) == reason


def test_one_broken_entity_does_not_make_a_whole_article_garbled() -> None:
    body = "Die Stra\u00dfe \u00fcber die Br\u00fccke f\u00fchrt nach K\u00f6ln. " * 20
    assert garbled_reason(["Titel", body + "Preis: 5 \ufffd."]) is None
    assert garbled_reason(["Titel", body.replace("\u00fc", "\ufffd")]) == "replacement_character"


def test_failure_codes_name_the_reason() -> None:
    assert failure_code(Failure(IgnoreRequest("forbidden_address: 10.0.0.1"))) == (
        "forbidden_address"
    )
    assert failure_code(Failure(IgnoreRequest("max redirections reached"))) == (
        "too_many_redirects"
    )
    assert failure_code(Failure(IgnoreRequest("Forbidden by robots.txt"))) == "robots_txt"


def test_permanent_4xx_and_refusals_do_not_count_as_errors() -> None:
    stats = {
        "finish_reason": "finished",
        "newscrawl/pages/listing": 6,
        "newscrawl/links/articles": 20,
        "downloader/request_count": 20,
        "downloader/exception_count": 6,
        "downloader/exception_type_count/scrapy.exceptions.IgnoreRequest": 5,
        "httperror/response_ignored_count": 4,
        "httperror/response_ignored_status_count/404": 3,
        "httperror/response_ignored_status_count/410": 1,
    }
    assert error_count(stats) == 1
    assert decide(stats, 0.2).code == OK
    assert error_count({**stats, "newscrawl/undelivered/http_503": 2}) == 3


def test_hostile_hrefs_resolve_to_nothing_or_to_a_clean_url() -> None:
    base = "http://127.0.0.1:8000/a/"
    assert absolute_url(base, "http://[") is None
    assert absolute_url(base, "http://x:99999/") is None
    assert absolute_url(base, "b c#frag") == "http://127.0.0.1:8000/a/b%20c"


def test_no_control_server_is_switched_on() -> None:
    """Scrapy 2.19's RemoteControl runs Python sent to it over HTTP; telnet likewise."""
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    assert settings.getbool("REMOTE_CONTROL_ENABLED") is False
    assert settings.getbool("TELNETCONSOLE_ENABLED") is False


def test_what_is_switched_off_is_taken_out_of_scrapys_base_lists() -> None:
    """Switched off is not enough: Scrapy imports every listed component to read the list
    (RemoteControl imports aiohttp; the cookies middleware tldextract). Switched on from the
    command line, each stays; the other base components stay whatever Scrapy's version
    lists (tests/integration/test_lean_start.py reads what a crawl imports)."""
    from scrapy.settings import default_settings
    from scrapy.utils.project import get_project_settings

    from newscrawl.startup import SWITCHED_COMPONENTS, UnusedComponentsAddon

    off = get_project_settings()
    UnusedComponentsAddon().update_settings(off)
    on = get_project_settings()
    on.set("REMOTE_CONTROL_ENABLED", True, "cmdline")
    on.set("COOKIES_ENABLED", True, "cmdline")
    UnusedComponentsAddon().update_settings(on)
    for _, base, component in SWITCHED_COMPONENTS:
        listed = set(getattr(default_settings, base))  # RemoteControl: Scrapy 2.19 and later
        assert set(off.getdict(base)) == listed - {component}
        assert set(on.getdict(base)) == listed
