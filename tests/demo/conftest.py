"""Shared fixtures for the demo-site tests: the default site and its ground truth."""

from __future__ import annotations

from typing import Any

import pytest

from newscrawl.demo.site import DemoSite
from newscrawl.demo.truth import records_for

BASE = "http://127.0.0.1:8000"


@pytest.fixture(scope="session")
def site() -> DemoSite:
    """The default site (240 articles, seed 1, edition 1)."""
    return DemoSite()


@pytest.fixture(scope="session")
def base() -> str:
    """Base URL used for in-process rendering."""
    return BASE


@pytest.fixture(scope="session")
def truth(site: DemoSite) -> list[dict[str, Any]]:
    """Ground truth of the default site under BASE."""
    return records_for(site.index, BASE)
