"""The demo site, started once per session as its own process."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from helpers.demo import DemoSite, start_demo, stop_demo


@pytest.fixture(scope="session")
def demo_site() -> Iterator[DemoSite]:
    site = start_demo()
    yield site
    stop_demo(site)
