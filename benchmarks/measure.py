"""Interleaved timing: every round times each contender once, so a slow moment of a shared
machine falls on all of them alike, and a ratio is taken within each round, never across.

A ratio is reported as the median of the per-round ratios with its spread (lowest-highest);
the absolute figures are the medians of the per-round times. In-process timings are CPU time of
this process (``time.process_time``): on a shared machine, time spent waiting for a core is
not the code's, and wall time would put it on whichever contender was running.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

__all__ = ["Spread", "calibrate", "interleaved", "ratio"]


@dataclass(frozen=True)
class Spread:
    """A median with the lowest and highest value it was taken from."""

    median: float
    low: float
    high: float

    @classmethod
    def of(cls, values: list[float]) -> Spread:
        return cls(statistics.median(values), min(values), max(values))

    def text(self, digits: int = 2) -> str:
        return f"{self.median:.{digits}f} ({self.low:.{digits}f}-{self.high:.{digits}f})"


def calibrate(function: Callable[[], object], target: float) -> int:
    """How many calls of ``function`` take about ``target`` seconds (at least one)."""
    start = time.process_time()
    function()
    once = max(time.process_time() - start, 1e-6)
    return max(1, int(target / once))


def interleaved(contenders: Mapping[str, Callable[[], object]], rounds: int, target: float = 0.002) -> dict[str, list[float]]:
    """Seconds per call of each contender, one figure per round, rounds interleaved.

    Each contender is warmed and calibrated once (so that one measurement takes about
    ``target`` seconds), then every round times each contender once, in the same order. The
    collector runs between measurements, not inside them, as it would between two messages.
    """
    inner = {name: calibrate(function, target) for name, function in contenders.items()}
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, function in contenders.items():
            count = inner[name]
            gc.collect()
            start = time.process_time()
            for _ in range(count):
                function()
            times[name].append((time.process_time() - start) / count)
    return times


def ratio(times: Mapping[str, list[float]], name: str, floor: str) -> Spread:
    """``name`` against ``floor``, round by round."""
    return Spread.of([ours / base for ours, base in zip(times[name], times[floor])])
