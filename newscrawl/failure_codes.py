"""The reason code of a download that failed (not a refusal): what the summary's `undelivered`
and `robots` report say. Pure, so every part of the run names a failure alike."""

from __future__ import annotations


def exception_code(error: object) -> str:
    """The reason code of a download that failed with `error` (not a refusal)."""
    name = type(error).__name__
    if "Timeout" in name or "TimedOut" in name:
        return "timeout"
    if "maxsize" in str(error) or "max size" in str(error):
        return "too_large"
    return name
