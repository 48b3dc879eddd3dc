"""A password in an address is replaced before the address reaches a message."""

from __future__ import annotations

import logging

import pytest

from newscrawl.redaction import PasswordFilter, redact


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("redis://:pw@redis-host:6379/0", "redis://:***@redis-host:6379/0"),
        ("https://user:pa%40ss@example.org/x?y=1", "https://user:***@example.org/x?y=1"),
        ("https://example.org/", "https://example.org/"),
        ("https://user@example.org/", "https://user@example.org/"),  # no password: as it is
        ("http://[::1/", "http://[::1/"),  # unparseable: as it is
    ],
)
def test_passwords_are_replaced(url: str, shown: str) -> None:
    assert redact(url) == shown


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            "{'NEWSCRAWL_REDIS_URL': 'redis://:hunter2@127.0.0.1:9/0', 'LOG_LEVEL': 'INFO'}",
            "{'NEWSCRAWL_REDIS_URL': 'redis://:***@127.0.0.1:9/0', 'LOG_LEVEL': 'INFO'}",
        ),
        (
            "GET http://ed:p@ss@h.example/x and https://h.example/y",
            "GET http://ed:***@h.example/x and https://h.example/y",
        ),
        (
            "mail a@b.example, see https://h.example/@user",
            "mail a@b.example, see https://h.example/@user",
        ),
    ],
)
def test_passwords_in_any_text_are_replaced(text: str, shown: str) -> None:
    assert redact(text) == shown


def test_a_log_record_with_a_password_in_its_arguments_is_written_without_it() -> None:
    record = logging.LogRecord(
        "scrapy.crawler",
        logging.INFO,
        __file__,
        1,
        "Overridden settings:\n%(settings)s",
        ({"settings": "{'NEWSCRAWL_REDIS_URL': 'rediss://u:secret@r.example:6380'}"},),
        None,
    )
    assert PasswordFilter().filter(record)
    assert "secret" not in record.getMessage()
    assert "rediss://u:***@r.example:6380" in record.getMessage()
