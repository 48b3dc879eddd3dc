"""The browser gate's reading of proxy requests (no socket, no browser)."""

from __future__ import annotations

from newscrawl.browser.gate import forwarded_head, parse_target
from newscrawl.middlewares.addresses import AddressRule


def test_connect_and_absolute_targets_are_read_with_their_ports() -> None:
    tunnel = parse_target(b"CONNECT", b"127.0.0.2:8443")
    assert tunnel is not None and (tunnel.scheme, tunnel.host, tunnel.port) == (
        "https",
        "127.0.0.2",
        8443,
    )
    assert tunnel.tunnel
    plain = parse_target(b"GET", b"http://[::1]/x?y=1")
    assert plain is not None and (plain.host, plain.port, plain.tunnel) == ("::1", 80, False)
    assert parse_target(b"GET", b"/relative") is None
    assert parse_target(b"CONNECT", b"host:99999") is None


def test_plain_requests_are_forwarded_in_origin_form_and_closed_after_one_response() -> None:
    head = (
        b"GET http://127.0.0.1:8000/a/b?c=d HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n"
        b"Proxy-Connection: keep-alive\r\nConnection: keep-alive\r\nAccept: */*\r\n\r\n"
    )
    out = forwarded_head(head)
    assert out.startswith(b"GET /a/b?c=d HTTP/1.1\r\n")
    assert b"Proxy-Connection" not in out and b"keep-alive" not in out
    assert out.endswith(b"Accept: */*\r\nConnection: close\r\n\r\n")


def test_the_gate_judges_by_the_crawl_rule_host_and_port() -> None:
    rule = AddressRule("http://127.0.0.1:8000/", frozenset())
    assert rule.refusal("http", "127.0.0.1", 8000) is None  # the site itself
    assert rule.refusal("http", "127.0.0.1", 8001) is not None  # its host, another port
    assert rule.refusal("https", "127.0.0.2", 8000) is not None
    assert rule.refusal("ftp", "127.0.0.1", 8000) is not None
    assert rule.refusal("http", "localhost", 8000) is not None
    assert rule.needs_resolving("news.example", 443)
    assert rule.address_refusal("news.example", "10.1.2.3") is not None
    assert rule.address_refusal("news.example", "93.184.216.34") is None
