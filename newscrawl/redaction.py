"""Passwords never reach a log line, a message, a summary or a feed."""

from __future__ import annotations

import logging
import re

# The password of a URL's user information anywhere in a text (`redis://:pw@host`,
# `http://user:pw@host/`): up to the last `@` before the host, so a raw `@` in it is covered.
_PASSWORD = re.compile(r"(\b[A-Za-z][A-Za-z0-9+.-]*://[^\s/@:'\"]*:)[^\s/'\"]+@")


def redact(text: str) -> str:
    """`text` (a URL, a message, a log line) with the password of every URL in it replaced
    by `***`: `redis://:pw@host/0` reads `redis://:***@host/0`."""
    return _PASSWORD.sub(r"\1***@", text) if "://" in text else text


class PasswordFilter(logging.Filter):
    """On a handler: every record it writes has its URLs' passwords replaced. Scrapy logs the
    settings a run overrides (`-s NEWSCRAWL_REDIS_URL=redis://:pw@host`) and libraries log
    URLs; no message of theirs can be changed at the source."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "://" in message:
            cleaned = redact(message)
            if cleaned != message:
                record.msg, record.args = cleaned, None
        return True


PASSWORDS_HIDDEN = PasswordFilter()


def hide_passwords_in_logs() -> None:
    """Put the filter on every handler of the root logger (where Scrapy's handler is)."""
    for handler in logging.getLogger().handlers:
        if PASSWORDS_HIDDEN not in handler.filters:
            handler.addFilter(PASSWORDS_HIDDEN)
