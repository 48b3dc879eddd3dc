from __future__ import annotations

import dataclasses
import json
from importlib import resources

import pytest

from newscrawl.extraction.profile import FieldSelectors, ProfileError, Section, SiteProfile
from newscrawl.items import SCHEMA_VERSION, Article, output_fields
from newscrawl.sites import all_profiles, get_profile
from newscrawl.spiders.base import BaseUrlError, check_base_url


def make_profile(**changes: object) -> SiteProfile:
    base: dict[str, object] = {
        "slug": "example",
        "name": "Example",
        "sections": (Section("news", "news/"),),
        "article_path": r"^/\d+/",
        "listing_links": ("a.teaser",),
        "pagination": ("a.next",),
        "fields": FieldSelectors(title=("h1",), body=("article",)),
    }
    base.update(changes)
    return SiteProfile(**base)  # type: ignore[arg-type]


def test_registry_discovers_the_bna_profile() -> None:
    assert "bna_germany" in all_profiles()
    assert get_profile("bna_germany").timezone == "Europe/Berlin"


def test_unknown_profile_names_the_known_ones() -> None:
    with pytest.raises(ProfileError, match="bna_germany"):
        get_profile("nope")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"fields": FieldSelectors(title=("h1[",))}, "fields.title"),
        ({"strip_ads": ("div>>>",)}, "strip_ads"),
        ({"article_path": "(["}, "article_path"),
        ({"sections": (Section("x", "https://other.example/x/"),)}, "sections"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"feeds": ("https://other.example/feed/",)}, "feeds: .* relative"),
        ({"feeds": ("/feed/",)}, "feeds: .* relative"),
        ({"slug": "Bad Slug"}, "slug"),
        ({"sections": (Section("welt", "welt/"), Section("welt", "ausland/"))}, "'welt' is used"),
        ({"politeness": {"DOWNLOAD_DELAI": 2}}, "'DOWNLOAD_DELAI' is not one of"),
        ({"politeness": {"DOWNLOAD_DELAY": -1}}, "DOWNLOAD_DELAY must be a number"),
        ({"politeness": {"DOWNLOAD_DELAY": "2"}}, "DOWNLOAD_DELAY must be a number"),
        ({"politeness": {"CONCURRENT_REQUESTS_PER_DOMAIN": 1.5}}, "must be a whole number"),
        ({"politeness": {"AUTOTHROTTLE_ENABLED": "yes"}}, "must be true or false"),
    ],
)
def test_broken_profile_fails_at_load_naming_the_field(
    change: dict[str, object], message: str
) -> None:
    with pytest.raises(ProfileError, match=message):
        make_profile(**change)


def test_json_schema_mirrors_the_article_dataclass() -> None:
    text = resources.files("newscrawl.schema").joinpath("article.schema.json").read_text()
    schema = json.loads(text)
    assert set(schema["properties"]) == set(output_fields())
    assert set(schema["required"]) == {f.name for f in dataclasses.fields(Article)}
    assert schema["properties"]["schema_version"]["const"] == SCHEMA_VERSION


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "example.org",
        "ftp://example.org/",
        "http://",
        "http://example.org:99999/",  # port out of range
        "http://[::1/",  # an unclosed IPv6 literal
        "http://example.org/a\nb/",  # a newline inside
        "http://example.org/" + "a" * 10_000,  # 10 kB
    ],
)
def test_bad_base_url_is_a_clear_error(value: str | None) -> None:
    with pytest.raises(BaseUrlError, match="base_url"):
        check_base_url(value, "bna_germany")


def test_base_url_is_normalised_to_a_trailing_slash() -> None:
    assert check_base_url("http://127.0.0.1:8080", "x") == "http://127.0.0.1:8080/"
    assert check_base_url("https://site.example/news", "x") == "https://site.example/news/"


def test_a_profiles_own_pace_is_its_spiders_setting_and_reported_as_the_profiles() -> None:
    from scrapy.utils.test import get_crawler

    from newscrawl.politeness.hosts import HostPoliteness
    from newscrawl.spiders.sites import _spider_for

    profile = make_profile(politeness={"DOWNLOAD_DELAY": 3.0, "CONCURRENT_REQUESTS_PER_DOMAIN": 1})
    assert profile.politeness["DOWNLOAD_DELAY"] == 3.0
    spider_class = _spider_for("bna_germany")
    assert spider_class.custom_settings == {}  # BNA-Germany takes the defaults
    pace = type("Paced", (spider_class,), {"custom_settings": dict(profile.politeness)})
    crawler = get_crawler(pace, {"DOWNLOAD_DELAY": 1.0})
    report = HostPoliteness(crawler).host("news.example")
    assert (report.floor.seconds, report.floor.source) == (3.0, "profile")
