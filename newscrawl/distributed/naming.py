"""Settings of a distributed crawl, read the same way by every component that needs them."""

from __future__ import annotations

import os
import re
import socket
from typing import Any

_WORKER = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def redis_url(settings: Any) -> str | None:
    """NEWSCRAWL_REDIS_URL from `-s` or the environment; None: not distributed."""
    value = settings.get("NEWSCRAWL_REDIS_URL") or os.environ.get("NEWSCRAWL_REDIS_URL")
    return str(value) if value else None


def worker_id(settings: Any) -> str:
    """NEWSCRAWL_WORKER_ID (setting or environment), else `<host>-<pid>`; used in file names."""
    value = settings.get("NEWSCRAWL_WORKER_ID") or os.environ.get("NEWSCRAWL_WORKER_ID")
    value = str(value) if value else f"{socket.gethostname()}-{os.getpid()}"
    if not valid_worker_id(value):
        raise ValueError(f"NEWSCRAWL_WORKER_ID {value!r}: use letters, digits, '.', '_', '-'")
    return value


def valid_worker_id(value: str) -> bool:
    return bool(_WORKER.match(value))
