"""Chromium for the browser tests: skipped locally when absent, a failure when CI=true."""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest


def require_chromium() -> str:
    """The Chromium the browser tests launch (NEWSCRAWL_CHROMIUM, else one on PATH)."""
    configured = os.environ.get("NEWSCRAWL_CHROMIUM", "")
    found = configured if configured and Path(configured).is_file() else None
    found = found or shutil.which("chromium") or shutil.which("chromium-browser")
    if found and importlib.util.find_spec("scrapy_playwright") is not None:
        return found
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("Chromium and scrapy-playwright are required when CI=true (see .ci/run)")
    pytest.skip("no Chromium (apt-get install chromium, or set NEWSCRAWL_CHROMIUM)")
