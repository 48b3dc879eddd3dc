"""Every NEWSCRAWL_* value a component uses comes from the crawl's typed config, read once
per crawler: settings that name none of newscrawl's get settings.py's defaults, and a wrong
value stops the component with the setting's name, not a bare ValueError."""

from __future__ import annotations

import pytest
from scrapy.utils.test import get_crawler

from newscrawl.config import ConfigError, config_of
from newscrawl.middlewares.retry import BackoffRetryMiddleware
from newscrawl.pipelines.dedupe import NearDuplicatePipeline


def test_the_config_is_read_once_per_crawler_with_the_project_defaults() -> None:
    crawler = get_crawler(settings_dict={"NEWSCRAWL_MAX_LINKS_PER_PAGE": 7})
    config = config_of(crawler)
    assert config is config_of(crawler)
    assert config.max_links_per_page == 7
    assert config.revision_days == 30.0  # settings.py's default
    assert config_of(get_crawler()) is not config


def test_a_component_reads_its_settings_typed() -> None:
    crawler = get_crawler(settings_dict={"NEWSCRAWL_NEAR_DUPLICATE_POLICY": "mark"})
    assert NearDuplicatePipeline(crawler).policy == "mark"


def test_a_wrong_value_stops_the_component_naming_the_setting() -> None:
    crawler = get_crawler(settings_dict={"NEWSCRAWL_RETRY_BACKOFF": "abc"})
    with pytest.raises(ConfigError, match="NEWSCRAWL_RETRY_BACKOFF='abc': expected"):
        BackoffRetryMiddleware.from_crawler(crawler)


def test_a_reader_before_the_crawler_parses_its_setting_as_the_config_does() -> None:
    from scrapy.settings import Settings

    from newscrawl.config import read_setting
    from newscrawl.politeness.hosts import politeness_on

    assert politeness_on(Settings()) is True  # settings.py's default
    assert politeness_on(Settings({"NEWSCRAWL_POLITENESS": "off"})) is False
    assert read_setting(Settings({"NEWSCRAWL_ALLOWED_PRIVATE_HOSTS": "a.test,b.test"}),
                        "NEWSCRAWL_ALLOWED_PRIVATE_HOSTS") == ("a.test", "b.test")  # fmt: skip
    with pytest.raises(ConfigError, match="NEWSCRAWL_POLITENESS='offf': expected on or off"):
        politeness_on(Settings({"NEWSCRAWL_POLITENESS": "offf"}))  # was taken for "on"
