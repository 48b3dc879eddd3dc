"""Fixtures shared by all tests; helpers live in tests/helpers (importable as `helpers`)."""

from __future__ import annotations

import os

import pytest
from helpers.pipelines import PipelineChain


@pytest.fixture
def pipelines() -> PipelineChain:
    return PipelineChain()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """Under CI=true a skipped browser test is a failure: CI installs Chromium, so a skip
    there means the browser path went untested."""
    outcome = yield
    report = outcome.get_result()
    ci = os.environ.get("CI", "").lower() == "true"
    if ci and report.skipped and item.get_closest_marker("browser") is not None:
        report.outcome = "failed"
        report.longrepr = f"CI=true: browser test {item.nodeid} was skipped ({report.longrepr})"
