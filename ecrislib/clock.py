"""Clocks: where "now" comes from when ecrislib stamps a new message.

Inject a :class:`FixedClock` (or the transport's virtual clock) to get byte-identical output in
tests; :class:`SystemClock` is the real time, always with a UTC offset.
"""

from __future__ import annotations

import datetime as _dt
from typing import Protocol

__all__ = ["Clock", "SystemClock", "FixedClock"]


class Clock(Protocol):
    def now(self) -> _dt.datetime:
        """The current time, timezone-aware."""
        ...


class SystemClock:
    """The machine's clock, in UTC."""

    def now(self) -> _dt.datetime:
        return _dt.datetime.now(_dt.timezone.utc)


class FixedClock:
    """Always the same instant, optionally moving on by ``step`` at every reading."""

    def __init__(self, at: _dt.datetime, step: _dt.timedelta = _dt.timedelta(0)) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware datetime")
        self._at = at
        self._step = step

    def now(self) -> _dt.datetime:
        current = self._at
        self._at = current + self._step
        return current
