"""Fixtures for the rendering tests."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.render_helpers import load


@pytest.fixture
def two_convictions() -> Any:
    return load("request-response-two-convictions.xml")
