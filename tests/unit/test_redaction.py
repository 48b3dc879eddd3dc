"""A password in an address is replaced before the address reaches a message."""

from __future__ import annotations

import pytest

from newscrawl.redaction import without_password


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
    assert without_password(url) == shown
