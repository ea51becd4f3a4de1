"""Virtual time: a clock with an event queue, so a week of exchanges runs in milliseconds.

:class:`VirtualClock` implements :class:`ecrislib.clock.Clock` (``now()``) and is what every
simulated part schedules its work on. Time moves only when asked (``advance``, ``run_until``,
``run_until_idle``), events at the same instant run in the order they were scheduled, and all
randomness of a simulation comes from its ``rng`` (a ``random.Random(seed)``), never from the
global generator or the wall clock: the same seed gives the same run.

``realtime=True`` makes the clock follow the wall clock instead (``speed`` times faster):
``run_until_idle`` then sleeps until each event is due, for demonstrations against real code.
"""

from __future__ import annotations

import datetime as _dt
import heapq
import itertools
import random
import time as _time
from typing import Callable

import attrs

from .base import SimulationError, TransportConfigError

__all__ = ["VirtualClock", "Event", "DEFAULT_START"]

#: A Monday morning, UTC: where simulations start unless told otherwise.
DEFAULT_START = _dt.datetime(2026, 2, 2, 9, 0, tzinfo=_dt.timezone.utc)


@attrs.define(eq=False)
class Event:
    """A scheduled callback; ``cancel()`` it to stop it from running."""

    at: _dt.datetime
    seq: int
    action: Callable[[], None]
    label: str = ""
    cancelled: bool = False

    def cancel(self) -> None:
        self.cancelled = True

    def __lt__(self, other: Event) -> bool:
        return (self.at, self.seq) < (other.at, other.seq)


class VirtualClock:
    """A clock whose time moves by events, deterministic for a seed."""

    def __init__(
        self,
        start: _dt.datetime = DEFAULT_START,
        *,
        seed: int = 0,
        realtime: bool = False,
        speed: float = 1.0,
    ) -> None:
        if start.tzinfo is None:
            raise TransportConfigError("VirtualClock needs a timezone-aware start")
        self._now = start
        self._queue: list[Event] = []
        self._seq = itertools.count()
        self.seed = seed
        self.rng = random.Random(seed)
        self.realtime = realtime
        self.speed = speed
        self._wall_start = _time.monotonic()
        self._start = start

    # -- Clock -------------------------------------------------------------------------------
    def now(self) -> _dt.datetime:
        if self.realtime:
            elapsed = (_time.monotonic() - self._wall_start) * self.speed
            self._now = max(self._now, self._start + _dt.timedelta(seconds=elapsed))
        return self._now

    # -- scheduling --------------------------------------------------------------------------
    def schedule(self, delay: _dt.timedelta, action: Callable[[], None], label: str = "") -> Event:
        """Run ``action`` after ``delay`` (never in the past)."""
        return self.schedule_at(self.now() + max(delay, _dt.timedelta(0)), action, label)

    def schedule_at(self, at: _dt.datetime, action: Callable[[], None], label: str = "") -> Event:
        event = Event(max(at, self._now), next(self._seq), action, label)
        heapq.heappush(self._queue, event)
        return event

    @property
    def pending(self) -> int:
        """How many events are waiting (cancelled ones included until they are reached)."""
        return sum(not e.cancelled for e in self._queue)

    def next_event_at(self) -> _dt.datetime | None:
        while self._queue and self._queue[0].cancelled:
            heapq.heappop(self._queue)
        return self._queue[0].at if self._queue else None

    # -- running -----------------------------------------------------------------------------
    def _run_next(self) -> None:
        event = heapq.heappop(self._queue)
        if event.cancelled:
            return
        if self.realtime:
            wait = (event.at - self.now()).total_seconds() / self.speed
            if wait > 0:
                _time.sleep(wait)
        self._now = max(self._now, event.at)
        event.action()

    def run_until(self, until: _dt.datetime | Callable[[], bool], *, max_events: int = 10_000_000) -> None:
        """Run events up to the instant ``until`` (then set the time to it), or until the
        predicate ``until()`` is true (checked before each event)."""
        count = 0
        if callable(until):
            while not until():
                if self.next_event_at() is None:
                    raise SimulationError("run_until: nothing left to run and the condition is still false")
                self._run_next()
                count += 1
                if count > max_events:
                    raise SimulationError("run_until: too many events")
            return
        while (at := self.next_event_at()) is not None and at <= until:
            self._run_next()
            count += 1
            if count > max_events:
                raise SimulationError("run_until: too many events")
        self._now = max(self._now, until)

    def advance(self, delta: _dt.timedelta) -> None:
        """Move time on by ``delta``, running everything due on the way."""
        self.run_until(self.now() + delta)

    def run_until_idle(self, *, limit: _dt.timedelta | None = None, max_events: int = 10_000_000) -> None:
        """Run every event, including those the events schedule, until none is left (or time
        would pass ``now + limit``)."""
        stop = self.now() + limit if limit is not None else None
        count = 0
        while (at := self.next_event_at()) is not None:
            if stop is not None and at > stop:
                self._now = stop
                return
            self._run_next()
            count += 1
            if count > max_events:
                raise SimulationError("run_until_idle: too many events (a loop of messages?)")
