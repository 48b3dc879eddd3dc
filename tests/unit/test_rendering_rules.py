"""needs_js rules: validated with the profile, matched per page, and no Playwright unless used."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from newscrawl.extraction.profile import ProfileError
from newscrawl.extraction.rendering import JsRule, PageActions, rule_for_listing, rule_for_page
from newscrawl.sites import get_profile

BNA = get_profile("bna_germany")


def test_the_bna_profile_renders_only_the_ticker() -> None:
    rules = BNA.needs_js
    assert rule_for_listing(rules, "ticker", "http://x/kategorie/ticker/") is not None
    assert rule_for_listing(rules, "politik", "http://x/kategorie/politik/page/2/") is None
    assert rule_for_page(rules, "http://x/ticker/2024/02/05/a-1/") is not None
    assert rule_for_page(rules, "http://x/2024/02/05/a-1/") is None


def test_all_sections_and_all_pages() -> None:
    everything = (JsRule(sections=("*",), url_patterns=(r"^/",)),)
    assert rule_for_listing(everything, "any", "http://x/a/") is everything[0]
    assert rule_for_page(everything, "http://x/2024/01/01/a/") is everything[0]


@pytest.mark.parametrize(
    ("rule", "named"),
    [
        (JsRule(), "needs_js[0]: name sections or url_patterns"),
        (JsRule(sections=("nope",)), "needs_js[0].sections: unknown section 'nope'"),
        (JsRule(url_patterns=("([",)), "needs_js[0].url_patterns"),
        (JsRule(sections=("*",), actions=PageActions(wait_for="a[")), "actions: wait_for"),
        (JsRule(sections=("*",), actions=PageActions(max_rounds=0)), "max_rounds"),
        (JsRule(sections=("*",), actions=PageActions(timeout_ms=10**9)), "timeout_ms"),
    ],
)
def test_a_broken_rule_fails_the_profile_naming_the_field(rule: JsRule, named: str) -> None:
    with pytest.raises(ProfileError, match=r"site profile 'bna_germany': ") as error:
        replace(BNA, needs_js=(rule,))
    assert named in str(error.value)


PLAIN_SPIDER = """
import sys
from scrapy.utils.test import get_crawler
from newscrawl.spiders.sites import BnaGermanySpider
from newscrawl import settings as project
values = {k: getattr(project, k) for k in dir(project) if k.isupper()}
values["NEWSCRAWL_STATE_DIR"] = sys.argv[1]  # the run's state and lock: not the project's
crawler = get_crawler(BnaGermanySpider, values)
spider = BnaGermanySpider.from_crawler(crawler, base_url="http://127.0.0.1:9/")
handlers = crawler.settings.getdict("DOWNLOAD_HANDLERS")
browser = sorted(s for s in map(str, handlers.values()) if "playwright" in s)
loaded = sorted(m for m in sys.modules if "playwright" in m)
print(repr((browser, loaded)))
"""


def test_a_crawl_that_renders_nothing_never_imports_playwright(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PLAIN_SPIDER, str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "([], [])"
