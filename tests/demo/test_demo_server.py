"""The in-process server: keep-alive HTTP/1.1, Content-Length, HEAD, redirects, no logging."""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

import pytest

from newscrawl.demo.server import serve_in_thread
from newscrawl.demo.site import DemoSite


def test_keep_alive_connection_serves_many_requests(
    site: DemoSite, capsys: pytest.CaptureFixture[str]
) -> None:
    with serve_in_thread(site) as base_url:
        assert base_url.endswith("/")
        parts = urlsplit(base_url)
        conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=5)
        try:
            for target in ("/", "/?p=1001", "/kategorie/welt/page/2/", "/missing/"):
                conn.request("GET", target)
                response = conn.getresponse()
                body = response.read()
                assert response.version == 11
                assert int(response.headers["Content-Length"]) == len(body)
                assert response.status == (404 if target == "/missing/" else 200)
            conn.request("HEAD", "/kategorie/welt/page/1/")
            response = conn.getresponse()
            response.read()
            assert response.status == 301
            assert response.headers["Location"] == base_url + "kategorie/welt/"
        finally:
            conn.close()
    assert capsys.readouterr().err == ""


def test_pages_use_the_served_base_url(site: DemoSite) -> None:
    with serve_in_thread(site) as base_url:
        parts = urlsplit(base_url)
        conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=5)
        try:
            conn.request("GET", site.index.metas[3].path)
            html = conn.getresponse().read().decode()
        finally:
            conn.close()
    assert f'<link rel="canonical" href="{base_url}{site.index.metas[3].path[1:]}">' in html


def test_a_page_the_client_holds_is_answered_with_304(site: DemoSite) -> None:
    """Conditional GET, as a web server does it: a complete page carries an ETag; asked for
    with that ETag in If-None-Match, the server sends 304 and no body; with another, the page.
    Redirects and missing pages carry none."""
    with serve_in_thread(site) as base_url:
        parts = urlsplit(base_url)
        conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=5)
        try:
            conn.request("GET", "/kategorie/welt/")
            first = conn.getresponse()
            body = first.read()
            etag = first.headers["ETag"]
            assert etag and etag.startswith('"') and body
            for condition, status in ((etag, 304), (f'"other", W/{etag}', 304),
                                      ('"other"', 200), ("*", 304)):  # fmt: skip
                conn.request("GET", "/kategorie/welt/", headers={"If-None-Match": condition})
                response = conn.getresponse()
                assert (response.status, response.read() == b"") == (status, status == 304)
            for target in ("/kategorie/welt/page/1/", "/missing/"):
                conn.request("GET", target, headers={"If-None-Match": "*"})
                response = conn.getresponse()
                response.read()
                assert response.status in (301, 404) and response.headers["ETag"] is None
        finally:
            conn.close()
