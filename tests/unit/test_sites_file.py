"""The sites file of a many-sites run: read whole and checked before any request; each
mistake named by entry and field; names unique (feeds, state and lock are kept per name)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from helpers.run import with_run
from scrapy.http import TextResponse
from scrapy.utils.test import get_crawler

from newscrawl import settings as project
from newscrawl.extensions.run import run_of
from newscrawl.spiders.generic import GenericSpider
from newscrawl.spiders.options import CrawlOptions, SpiderArgumentError
from newscrawl.spiders.sites import BnaGermanySpider  # type: ignore[attr-defined]
from newscrawl.spiders.sites_file import SiteEntry, SitesFileError, read_sites_file

GOOD = """
[[site]]
base_url = "http://127.0.0.2:8001"
profile = "bna_germany"

[[site]]
base_url = "http://127.0.0.3:8002/"
profile = "bna_germany"
name = "bna-mirror"
sections = ["welt", "politik"]
delay = 2
concurrency = 1

[[site]]
base_url = "https://www.news.example/"
profile = "generic"
sections = ["/politik/", "wirtschaft/"]
delay = 0.5
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sites.toml"
    path.write_text(text, "utf-8")
    return path


def test_a_good_file_gives_each_site_its_name_arguments_and_pace(tmp_path: Path) -> None:
    entries = read_sites_file(_write(tmp_path, GOOD))
    assert entries == [
        SiteEntry(1, "http://127.0.0.2:8001/", "bna_germany", "bna_germany"),
        SiteEntry(
            2, "http://127.0.0.3:8002/", "bna_germany", "bna-mirror", ("welt", "politik"), 2.0, 1
        ),
        SiteEntry(
            3,
            "https://www.news.example/",
            "generic",
            "news_example",
            ("/politik/", "wirtschaft/"),
            0.5,
        ),
    ]
    assert entries[1].arguments() == {
        "base_url": "http://127.0.0.3:8002/",
        "site": "bna-mirror",
        "sections": "welt,politik",
    }
    assert entries[2].arguments()["url"] == "https://www.news.example/"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no [[site]] table"),
        ("[site]\nbase_url = 'http://a.example/'\n", "no [[site]] table"),
        ("sites = 1\n", "unknown top-level key 'sites'"),
        ("[[site]]\nprofile = 'generic'\n", "site 1: base_url: missing"),
        ("[[site]]\nbase_url = 'http://a.example/'\n", "site 1: profile: missing"),
        (
            "[[site]]\nbase_url = 'http://a.example/'\nprofile = 'generic'\nbase = 1\n",
            "site 1: base: unknown field",
        ),
        ("[[site]]\nbase_url = 'ftp://a.example/'\nprofile = 'generic'\n", "site 1: base_url:"),
        ("[[site]]\nbase_url = 7\nprofile = 'generic'\n", "site 1: base_url: 7 is not"),
        (
            "[[site]]\nbase_url = 'http://a.example/'\nprofile = 'bna'\n",
            "site 1: profile: 'bna' is no profile (known: bna_germany, generic)",
        ),
        (
            "[[site]]\nbase_url = 'http://a.example/'\nprofile = 'bna_germany'\n"
            "sections = ['welt', 'sports']\n",
            "site 1: sections: 'sports' is no section of bna_germany",
        ),
        (
            "[[site]]\nbase_url = 'http://a.example/'\nprofile = 'generic'\n"
            "sections = ['https://b.example/x/']\n",
            "site 1: sections: 'https://b.example/x/' is not a path",
        ),
        (
            "[[site]]\nbase_url = 'http://a.example/'\nprofile = 'generic'\nsections = []\n",
            "site 1: sections: not a non-empty list",
        ),
        (
            "[[site]]\nbase_url = 'http://a.example/'\nprofile = 'generic'\nname = 'My Site'\n",
            "site 1: name: 'My Site' is no slug",
        ),
        (
            "[[site]]\nbase_url = 'http://a.example/'\nprofile = 'generic'\ndelay = -1\n",
            "site 1: delay: -1 is not a number of seconds",
        ),
        (
            "[[site]]\nbase_url = 'http://a.example/'\nprofile = 'generic'\ndelay = true\n",
            "site 1: delay: True is not a number",
        ),
        (
            "[[site]]\nbase_url = 'http://a.example/'\nprofile = 'generic'\nconcurrency = 0\n",
            "site 1: concurrency: 0 is not a whole number",
        ),
        (
            "[[site]]\nbase_url = 'http://a.example/'\nprofile = 'generic'\n"
            "[[site]]\nbase_url = 'http://b.example/'\nprofile = 'generic'\nconcurrency = 1.5\n",
            "site 2: concurrency: 1.5 is not a whole number",
        ),
        ("[[site]]\nbase_url = 'http://a.example/\n", "not valid TOML"),
    ],
)
def test_each_mistake_is_refused_naming_the_entry_and_the_field(
    tmp_path: Path, text: str, message: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(SitesFileError) as refused:
        read_sites_file(path)
    assert str(refused.value).startswith(str(path))
    assert message in str(refused.value)


def test_a_default_name_two_entries_would_share_is_refused_naming_both(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "[[site]]\nbase_url = 'http://127.0.0.1:8001/'\nprofile = 'generic'\n"
        "[[site]]\nbase_url = 'http://127.0.0.1:8002/'\nprofile = 'generic'\n",
    )
    with pytest.raises(SitesFileError) as refused:
        read_sites_file(path)
    assert str(refused.value) == (
        f"{path}: sites 1 (http://127.0.0.1:8001/) and 2 (http://127.0.0.1:8002/) would both "
        "be named '127_0_0_1': give each its own `name`"
    )
    named = path.read_text() + "name = 'second'\n"
    assert [e.name for e in read_sites_file(_write(tmp_path, named))] == ["127_0_0_1", "second"]


def test_a_missing_or_unreadable_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(SitesFileError, match="cannot be read"):
        read_sites_file(tmp_path / "nowhere.toml")
    latin = tmp_path / "latin.toml"
    latin.write_bytes("[[site]]\nname = 'Stra\xdfe'\n".encode("latin-1"))
    with pytest.raises(SitesFileError, match="not UTF-8"):
        read_sites_file(latin)


def test_one_site_takes_a_name_and_sections_as_spider_arguments() -> None:
    options = CrawlOptions.from_arguments({"site": "bna-mirror", "sections": "welt, politik"})
    assert (options.site, options.sections) == ("bna-mirror", ("welt", "politik"))
    for wrong, message in (
        ({"site": "BNA Mirror"}, "expected a slug"),
        ({"sections": " , "}, "expected one or more"),
        ({"sections": "welt,welt"}, "named twice"),
    ):
        with pytest.raises(SpiderArgumentError, match=message):
            CrawlOptions.from_arguments(wrong)


def _spider(spider_class: Any, **arguments: str) -> Any:
    values = {k: getattr(project, k) for k in dir(project) if k.isupper()}
    crawler = get_crawler(spider_class, {**values, "NEWSCRAWL_STATE_DIR": "none"})
    spider = spider_class.from_crawler(crawler, **arguments)
    with_run(crawler, spider)
    return spider


async def _first_requests(spider: Any) -> list[str]:
    return [request.url async for request in spider.start()]


def test_a_profiled_spider_walks_only_the_sections_it_is_given() -> None:
    spider = _spider(
        BnaGermanySpider,
        base_url="http://127.0.0.2:8001/",
        site="bna-mirror",
        sections="welt,politik",
    )
    assert spider.site == "bna-mirror"
    assert run_of(spider.crawler).identity.startswith("bna-mirror-")  # its own state and lock
    listings = [u for u in asyncio.run(_first_requests(spider)) if "/kategorie/" in u]
    assert listings == [
        "http://127.0.0.2:8001/kategorie/politik/",
        "http://127.0.0.2:8001/kategorie/welt/",
    ]
    with pytest.raises(SpiderArgumentError, match="'sports' is no section of bna_germany"):
        BnaGermanySpider(base_url="http://127.0.0.2:8001/", sections="sports")


def test_a_generic_spider_walks_the_listings_it_is_given_instead_of_its_menus() -> None:
    spider = _spider(GenericSpider, url="http://127.0.0.2:8001/", sections="/politik/,wirtschaft/")
    assert spider.site == "127_0_0_2"
    home = TextResponse(
        "http://127.0.0.2:8001/",
        body=b"<html><body><nav><a href='/kultur/'>Kultur</a></nav>"
        b"<article><h2><a href='/2024/06/01/story/'>A story</a></h2></article></body></html>",
    )
    requests = list(spider.parse_home(home))
    listings = [r.url for r in requests if r.callback == spider.parse_listing]
    assert listings == ["http://127.0.0.2:8001/politik/", "http://127.0.0.2:8001/wirtschaft/"]
    with pytest.raises(SpiderArgumentError, match="is not a path under"):
        GenericSpider(url="http://127.0.0.2:8001/", sections="https://other.example/")
