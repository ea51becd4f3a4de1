from __future__ import annotations

from typing import Any, Callable

import pytest

import ecrislib


def _assert_wire_valid(network: Any) -> int:
    """Every message that crossed the wire is valid by ecrislib's validator."""
    count = 0
    for message in network.messages("sent"):
        report = ecrislib.validate(message)
        assert report.ok, (message.message_id, report.summary())
        count += 1
    return count


@pytest.fixture
def wire_valid() -> Callable[[Any], int]:
    return _assert_wire_valid
