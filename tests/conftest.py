"""Fixtures shared by all tests; helpers live in tests/helpers (importable as `helpers`)."""

from __future__ import annotations

import pytest
from helpers.pipelines import PipelineChain


@pytest.fixture
def pipelines() -> PipelineChain:
    return PipelineChain()
