"""Several demo sites side by side: each with its own seed, size, sections and loopback host
(`serve --host 127.0.0.2 --sections sport,politik`), its truth its own."""

from __future__ import annotations

import re

import pytest

from newscrawl.demo.index import SiteIndex
from newscrawl.demo.server import DemoHTTPServer, is_loopback
from newscrawl.demo.site import DemoSite
from newscrawl.demo.truth import records_for

BASE = "http://127.0.0.2:8000"
MENU = re.compile(r'<li class="menu-item"><a href="/kategorie/([a-z]+)/">')


def test_a_site_with_fewer_sections_files_every_story_under_them() -> None:
    site = DemoSite(50, 7, sections=("sport", "politik"))
    assert list(site.index.by_section) == ["sport", "politik"]
    records = records_for(site.index, BASE)
    assert len(records) == 50
    assert {s for record in records for s in record["sections"]} == {"sport", "politik"}
    assert all(record["section"] == record["sections"][0] for record in records)
    home = site.render("/", BASE)[2].decode()
    assert MENU.findall(home) == ["sport", "politik"]
    assert site.render("/kategorie/welt/", BASE)[0] == 404
    story = records[0]["url"].removeprefix(BASE)
    page = site.render(story, BASE)[2].decode()
    assert MENU.findall(page) == ["sport", "politik"]
    for section in records[0]["sections"]:
        assert f'/kategorie/{section}/" rel="category tag"' in page


def test_a_story_reads_the_same_whatever_sections_its_site_has() -> None:
    whole = {r["url"]: r for r in records_for(SiteIndex(40, 7), BASE)}
    fewer = {r["url"]: r for r in records_for(SiteIndex(40, 7, sections=("kultur",)), BASE)}
    assert whole.keys() == fewer.keys()
    for url, record in fewer.items():
        assert record["sections"] == ["kultur"]
        assert {k: v for k, v in record.items() if k not in ("section", "sections")} == {
            k: v for k, v in whole[url].items() if k not in ("section", "sections")
        }


def test_sections_must_be_the_demo_s_own_and_distinct() -> None:
    for wrong in ((), ("sport", "sport"), ("feuilleton",)):
        with pytest.raises(ValueError, match="sections must be distinct"):
            SiteIndex(10, 1, sections=wrong)


def test_the_server_takes_any_loopback_host_and_no_other() -> None:
    assert is_loopback("127.0.0.2") and is_loopback("127.255.0.9")
    assert not is_loopback("10.0.0.1") and not is_loopback("localhost")
    with pytest.raises(ValueError, match="loopback only"):
        DemoHTTPServer(DemoSite(10, 1), 0, "0.0.0.0")
    server = DemoHTTPServer(DemoSite(10, 1), 0, "127.0.0.3")
    try:
        assert server.base_url.startswith("http://127.0.0.3:")
    finally:
        server.server_close()
