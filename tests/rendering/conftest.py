"""Fixtures for the rendering tests."""

from __future__ import annotations

from typing import Any

import pytest

from render_helpers import load  # type: ignore[import-not-found]


@pytest.fixture
def two_convictions() -> Any:
    return load("request-response-two-convictions.xml")
