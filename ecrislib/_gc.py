"""Pausing CPython's cyclic garbage collector around allocation-heavy work that makes no cycles.

Validating or rendering a large message creates hundreds of thousands of short-lived objects
(lxml element proxies, findings, strings) and no reference cycles; every 700 of them the
collector scans the young generation, and now and then the whole heap, for nothing: about a
quarter of the validation time at 1,000 convictions (measured). The pause is taken only in a
single-threaded process, where nothing else can switch the collector on or off meanwhile, and
only when the collector was on: the caller's state is restored in ``finally``.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

__all__ = ["collector_paused"]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection inside the block (single-threaded processes only); a no-op otherwise."""
    if not gc.isenabled() or threading.active_count() != 1:
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
