"""What a run checks before its first request: its settings, and that the feed and state
directories can take a write.

A run that cannot write its feed or its state would fetch a whole site for nothing, and used
to end with exit 0 while delivering nothing; a run that starts knows where its output goes.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from newscrawl.config import Config, ConfigError, check_scrapy_settings, load_config
from newscrawl.delivery import leftover_parts, local_feed_path

logger = logging.getLogger(__name__)


def preflight(settings: Any) -> Config:
    """The run's Config, or ConfigError naming the setting or directory that cannot work."""
    config = load_config(settings)
    check_scrapy_settings(settings)
    for directory in feed_directories(settings):
        writable_directory(directory, "feed directory", config.min_free_mb)
        _warn_of_leftovers(directory)
    if config.state_dir is not None and config.redis_url is None:
        writable_directory(config.state_dir, "NEWSCRAWL_STATE_DIR", config.min_free_mb)
    return config


def feed_directories(settings: Any) -> list[Path]:
    """The fixed part of each local feed's directory (`output/` of `output/%(site)s/…`)."""
    directories: list[Path] = []
    for uri in settings.getdict("FEEDS"):
        path = local_feed_path(str(uri))
        if path is None:
            continue  # stdout:, s3://, …: not a local directory
        fixed = path.split("%(", 1)[0]
        directory = Path(fixed) if fixed.endswith("/") else Path(fixed).parent
        if directory not in directories:
            directories.append(directory)
    return directories


def writable_directory(directory: Path, what: str, min_free_mb: float) -> None:
    """Create `directory` if needed and prove a file can be written, synced and removed in it."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise ConfigError(f"{what} {directory} is a file, not a directory") from None
    except OSError as exc:
        raise ConfigError(f"{what} {directory} cannot be created: {_reason(exc)}") from None
    try:
        handle, probe = tempfile.mkstemp(prefix=".newscrawl-probe-", dir=directory)
        try:
            os.write(handle, b"probe\n")
            os.fsync(handle)
        finally:
            os.close(handle)
            os.unlink(probe)
    except OSError as exc:
        raise ConfigError(f"{what} {directory} cannot be written: {_reason(exc)}") from None
    free_mb = shutil.disk_usage(directory).free / 2**20
    if free_mb < min_free_mb:
        raise ConfigError(
            f"{what} {directory} has {free_mb:.1f} MB free, less than NEWSCRAWL_MIN_FREE_MB="
            f"{min_free_mb:g}: free some space or point it elsewhere{_leftovers(directory)}"
        )


def _leftovers(directory: Path) -> str:
    """What unfinished feeds of killed runs take in `directory`, as a clause of a message."""
    parts = leftover_parts(directory)
    if not parts:
        return ""
    size = sum(_size(path) for path in parts) / 2**20
    return (
        f"; {len(parts)} unfinished feed(s) of killed or failed runs take {size:.1f} MB there "
        f"(e.g. {parts[0]}): nothing of them was delivered, remove them"
    )


def _warn_of_leftovers(directory: Path) -> None:
    clause = _leftovers(directory)
    if clause:
        logger.warning("feed directory %s%s", directory, clause)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)
