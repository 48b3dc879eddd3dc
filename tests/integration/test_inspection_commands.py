"""Scrapy's own commands work against the demo site and record nothing: `parse` shows the
article through the spider's default callback, `fetch` prints the page, `shell` opens it
(with a profiled spider too); no state, feed or summary appears anywhere."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from helpers.demo import ROOT, SCRAPY, DemoSite, crawl_env

pytestmark = pytest.mark.integration


def scrapy(*args: str, work: Path, out: Path) -> subprocess.CompletedProcess[str]:
    (work / "scrapy.cfg").write_text((ROOT / "scrapy.cfg").read_text())
    return subprocess.run(
        [SCRAPY, *args], cwd=work, env=crawl_env(out), capture_output=True, text=True, timeout=120
    )


def test_parse_fetch_and_shell_work_and_record_nothing(demo_site: DemoSite, tmp_path: Path) -> None:
    work, out = tmp_path / "work", tmp_path / "out"
    work.mkdir()
    article = demo_site.truth()[0]
    parsed = scrapy("parse", "--spider=bna_germany", article["url"], work=work, out=out)
    assert parsed.returncode == 0, parsed.stderr[-2000:]
    assert "Scraped Items" in parsed.stdout and article["title"][:30] in parsed.stdout
    listing = f"{demo_site.base_url}kategorie/politik/"
    fetched = scrapy("fetch", "--nolog", listing, work=work, out=out)
    assert "<title>Politik" in fetched.stdout
    shell = scrapy("shell", listing, "-c", "response.status", work=work, out=out)
    assert shell.stdout.strip() == "200"
    code = "spider.base_url"
    with_spider = scrapy("shell", "--spider=bna_germany", listing, "-c", code, work=work, out=out)
    assert with_spider.stdout.strip() == demo_site.base_url
    generic = scrapy("parse", "--spider=generic", article["url"], work=work, out=out)
    assert generic.returncode == 0, generic.stderr[-2000:]
    assert "NotImplementedError" not in generic.stderr
    assert article["title"][:30] in generic.stdout
    generic_shell = scrapy("shell", "--spider=generic", listing, "-c", code, work=work, out=out)
    assert generic_shell.returncode == 0, generic_shell.stderr[-2000:]
    assert generic_shell.stdout.strip() == demo_site.base_url
    assert sorted(p.name for p in work.iterdir()) == ["scrapy.cfg"]
    assert not out.exists()  # no feed, no summary, no state
