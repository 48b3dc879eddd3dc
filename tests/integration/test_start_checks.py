"""Wrong settings and unusable directories stop a real `scrapy crawl` before its first request,
with a message naming the setting (or directory), the value and what is expected."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from helpers.demo import OWN_SERVER, ROOT, SCRAPY, DemoSite, crawl_env, last_log_line, run_crawl

pytestmark = pytest.mark.integration


def assert_refused_before_any_request(result: object, output: Path, *needles: str) -> None:
    assert getattr(result, "returncode", None) == 1
    stderr = str(getattr(result, "stderr", ""))
    last = last_log_line(result)  # type: ignore[arg-type]
    assert "exit 1" in last
    for needle in needles:
        assert needle in last, last
    assert "Spider opened" not in stderr
    assert "Traceback" not in stderr
    assert not (output / "bna_germany").exists()


@pytest.mark.parametrize(
    ("setting", "needles"),
    [
        ("NEWSCRAWL_MAX_ERROR_RATE=abc", ("NEWSCRAWL_MAX_ERROR_RATE='abc'", "a number")),
        ("NEWSCRAWL_NEAR_DUPLICATE_THRESHOLD=abc", ("NEWSCRAWL_NEAR_DUPLICATE_THRESHOLD='abc'",)),
        ("NEWSCRAWL_NEAR_DUPLICATE_THRESHOLD=5", ("THRESHOLD='5'", "at most 1")),
        ("NEWSCRAWL_NEAR_DUPLICATE_POLICY=keep", ("NEWSCRAWL_NEAR_DUPLICATE_POLICY='keep'",)),
        ("NEWSCRAWL_MAX_LISTING_PAGES=-3", ("NEWSCRAWL_MAX_LISTING_PAGES='-3'", "whole number")),
        ("NEWSCRAWL_BLOCK_PRIVATE_ADDRESSES=maybe", ("'maybe'", "true or false")),
        ("CONCURRENT_REQUESTS=abc", ("CONCURRENT_REQUESTS='abc'", "whole number")),
        ("DOWNLOAD_TIMEOUT=abc", ("DOWNLOAD_TIMEOUT='abc'", "a number")),
        ("DOWNLOAD_MAXSIZE=-5", ("DOWNLOAD_MAXSIZE='-5'", "at least 0")),
        ("LOG_LEVEL=LOUD", ("LOG_LEVEL='LOUD'", "'debug'")),
        ("NEWSCRAWL_POLITENESS=maybe", ("NEWSCRAWL_POLITENESS='maybe'", "on or off")),
        (
            "NEWSCRAWL_NEAR_DUPLICATE_TRESHOLD=0.3",
            ("NEWSCRAWL_NEAR_DUPLICATE_TRESHOLD", "did you mean NEWSCRAWL_NEAR_DUPLICATE_THRE"),
        ),
    ],
)
def test_a_wrong_setting_is_refused_at_start_naming_it(
    demo_site: DemoSite, tmp_path: Path, setting: str, needles: tuple[str, ...]
) -> None:
    result = run_crawl(demo_site.base_url, tmp_path, "-s", setting, timeout=60)
    assert_refused_before_any_request(result, tmp_path, *needles)


def test_a_state_dir_that_is_a_file_is_refused(demo_site: DemoSite, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    result = run_crawl(
        demo_site.base_url, tmp_path, "-s", f"NEWSCRAWL_STATE_DIR={blocker}", timeout=60
    )
    assert_refused_before_any_request(result, tmp_path, "NEWSCRAWL_STATE_DIR", str(blocker))


def test_a_state_dir_under_a_file_is_refused(demo_site: DemoSite, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    state = blocker / "state"
    result = run_crawl(
        demo_site.base_url, tmp_path, "-s", f"NEWSCRAWL_STATE_DIR={state}", timeout=60
    )
    assert_refused_before_any_request(result, tmp_path, "NEWSCRAWL_STATE_DIR", "cannot be created")


def test_an_output_dir_that_cannot_be_created_is_refused(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_crawl(
        demo_site.base_url, blocker / "out", "-s", f"NEWSCRAWL_STATE_DIR={tmp_path}/s", timeout=60
    )
    assert result.returncode == 1
    assert "feed directory" in last_log_line(result)
    assert "Spider opened" not in result.stderr


def test_too_little_free_space_is_refused(demo_site: DemoSite, tmp_path: Path) -> None:
    result = run_crawl(demo_site.base_url, tmp_path, "-s", "NEWSCRAWL_MIN_FREE_MB=1e12", timeout=60)
    assert_refused_before_any_request(result, tmp_path, "MB free", "NEWSCRAWL_MIN_FREE_MB")


@pytest.mark.parametrize("spider", ["bna_germany", "generic"])
def test_an_address_with_a_password_is_refused_and_the_password_never_shown(
    demo_site: DemoSite, tmp_path: Path, spider: str
) -> None:
    address = demo_site.base_url.replace("http://", "http://editor:s3cret-pw@")
    result = run_crawl(address, tmp_path, timeout=60, spider=spider)
    assert_refused_before_any_request(result, tmp_path, "carries a user name or password")
    assert "s3cret-pw" not in result.stderr + result.stdout
    assert "editor:***@" in last_log_line(result)


def test_a_redis_password_is_never_shown(demo_site: DemoSite, tmp_path: Path) -> None:
    result = run_crawl(
        demo_site.base_url,
        tmp_path,
        "-s",
        "NEWSCRAWL_REDIS_URL=redis://:hunter2-pw@127.0.0.1:9/0",
        timeout=60,
    )
    assert result.returncode == 1
    assert "cannot reach Redis at redis://:***@127.0.0.1:9/0" in result.stderr
    # Nowhere: not in Scrapy's own "Overridden settings" line either, nor in the summary.
    assert "hunter2-pw" not in result.stderr + result.stdout
    for written in tmp_path.rglob("*"):
        if written.is_file():
            assert b"hunter2-pw" not in written.read_bytes(), written


@pytest.mark.parametrize(
    "url", ["unix:///etc/passwd", "redis://:pw@", "redis://h:99999/0", "redis://h/db", "http://h/"]
)
def test_a_redis_url_that_names_no_redis_is_refused_in_one_line(
    demo_site: DemoSite, tmp_path: Path, url: str
) -> None:
    result = run_crawl(demo_site.base_url, tmp_path, "-s", f"NEWSCRAWL_REDIS_URL={url}", timeout=60)
    assert_refused_before_any_request(result, tmp_path, "NEWSCRAWL_REDIS_URL", "redis://HOST")
    assert ":pw@" not in result.stderr


@pytest.mark.parametrize(
    ("argument", "needle"),
    [
        ("base_url=http://127.0.0.1:99999/", "cannot be read"),
        ("base_url=http://[::1/", "cannot be read"),
        ("base_url=http://127.0.0.1/a\nb/", "space or a control character"),
        ("base_url=http://127.0.0.1/" + "a" * 10_000, "longer than 2048"),
    ],
)
def test_an_unreadable_address_is_refused_in_one_line(
    tmp_path: Path, argument: str, needle: str
) -> None:
    result = subprocess.run(
        [SCRAPY, "crawl", "bna_germany", "-a", argument, *OWN_SERVER],
        cwd=ROOT,
        env=crawl_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert_refused_before_any_request(result, tmp_path, needle)


def test_a_since_too_far_back_is_refused_in_one_line(demo_site: DemoSite, tmp_path: Path) -> None:
    result = run_crawl(demo_site.base_url, tmp_path, "-a", "since=99999999999d", timeout=60)
    assert_refused_before_any_request(result, tmp_path, "before the year 1")
