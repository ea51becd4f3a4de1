"""Pausing CPython's cyclic garbage collector around allocation-heavy work that makes no cycles.

Validating or rendering a large message creates hundreds of thousands of short-lived objects
(lxml element proxies, findings, record values, strings) and no reference cycles; every 700 of
them the collector scans the young generation, and now and then the whole heap, for nothing:
about a quarter of the validation time, and of the text rendering, at 1,000 convictions
(measured). Parse gains nothing: what it allocates survives as the model, and is scanned once
the collector is back on. The pause is taken only in a single-threaded process, where nothing
else can switch the collector on or off meanwhile, and only when the collector was on, and the
caller's state is restored on the way out, error or not.
"""

from __future__ import annotations

import gc
import threading
from typing import Any

__all__ = ["collector_paused"]


class _Paused:
    """The context of :func:`collector_paused`: a plain class rather than a generator-based
    context manager, so that the pause costs about a microsecond, even on an is-alive message."""

    __slots__ = ("_paused",)

    def __enter__(self) -> None:
        self._paused = gc.isenabled() and threading.active_count() == 1
        if self._paused:
            gc.disable()

    def __exit__(self, *exc: Any) -> None:
        if self._paused:
            gc.enable()


def collector_paused() -> _Paused:
    """No cyclic collection inside the block (single-threaded processes only); a no-op otherwise."""
    return _Paused()
