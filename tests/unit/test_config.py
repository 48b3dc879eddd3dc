"""The typed view of the NEWSCRAWL_* settings: every one known, checked, named when wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings

from newscrawl import settings as project_settings
from newscrawl.config import ConfigError, load_config
from newscrawl.preflight import feed_directories


def settings_with(**values: object) -> Settings:
    settings = get_project_settings()
    settings.setdict(values, priority="cmdline")
    return settings


def test_the_project_defaults_are_a_valid_config() -> None:
    config = load_config(get_project_settings())
    assert config.max_error_rate == 0.2
    assert config.near_duplicate_policy == "drop"
    assert config.allowed_private_hosts == ()


def test_every_default_in_settings_py_is_a_known_setting() -> None:
    names = [n for n in vars(project_settings) if n.startswith("NEWSCRAWL_")]
    settings = Settings()
    for name in names:
        settings.set(name, getattr(project_settings, name))
    load_config(settings)  # raises on an unknown name


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("NEWSCRAWL_MAX_ERROR_RATE", "1.5"),
        ("NEWSCRAWL_MAX_ERROR_RATE", "nan"),
        ("NEWSCRAWL_EXTRACT_PROCESSES", "two"),
        ("NEWSCRAWL_BROWSER_PAGES", "0"),
        ("NEWSCRAWL_BROWSER_PAGES", "2.5"),
        ("NEWSCRAWL_REDIS_URL", "localhost:6379"),
        ("NEWSCRAWL_WORKER_ID", "a b"),
        ("NEWSCRAWL_IDLE_TIMEOUT", "-1"),
    ],
)
def test_a_wrong_value_names_the_setting_and_the_value(name: str, value: str) -> None:
    with pytest.raises(ConfigError) as refused:
        load_config(settings_with(**{name: value}))
    assert f"{name}={value!r}" in str(refused.value)
    assert "expected" in str(refused.value)


def test_string_values_from_the_command_line_are_typed() -> None:
    config = load_config(
        settings_with(
            NEWSCRAWL_MAX_ERROR_RATE="0.5",
            NEWSCRAWL_BLOCK_PRIVATE_ADDRESSES="false",
            NEWSCRAWL_ALLOWED_PRIVATE_HOSTS="a.example, b.example",
            NEWSCRAWL_STATE_DIR="none",
        )
    )
    assert config.max_error_rate == 0.5
    assert config.block_private_addresses is False
    assert config.allowed_private_hosts == ("a.example", "b.example")
    assert config.state_dir is None


def test_backoff_cap_below_the_backoff_is_refused() -> None:
    with pytest.raises(ConfigError, match="NEWSCRAWL_RETRY_BACKOFF_MAX"):
        load_config(settings_with(NEWSCRAWL_RETRY_BACKOFF="5", NEWSCRAWL_RETRY_BACKOFF_MAX="1"))


def test_a_misspelled_setting_gets_a_suggestion() -> None:
    with pytest.raises(ConfigError, match="did you mean NEWSCRAWL_MAX_ERROR_RATE"):
        load_config(settings_with(NEWSCRAWL_MAX_EROR_RATE="0.1"))


def test_feed_directories_are_the_fixed_part_of_each_local_feed() -> None:
    settings = Settings(
        {
            "FEEDS": {
                "out/%(site)s/%(site)s-%(time)s.jsonl": {},
                "file:///srv/feeds/x-%(time)s.jsonl": {},
                "plain.jsonl": {},
                "stdout:": {},
                "s3://bucket/x.jsonl": {},
            }
        }
    )
    assert feed_directories(settings) == [Path("out"), Path("/srv/feeds"), Path(".")]
