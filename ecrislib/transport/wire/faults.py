"""Fault injection per link: loss, duplication, extra delay, reordering, endpoints down.

A :class:`FaultPlan` is data: the faults of each directed link (``("GB", "RO")``), a default
for the others, and windows during which an endpoint is unreachable. The network draws every
decision from the simulation's seeded generator, so a plan and a seed always give the same run.
Loss and duplication apply to each crossing of a link: a message and its transport receipt are
lost independently (a lost receipt makes the sender retransmit a message that did arrive,
which is how duplicates happen in real life).
"""

from __future__ import annotations

import datetime as _dt
import random
from typing import Mapping

import attrs

from .base import TransportConfigError

__all__ = ["LinkFaults", "FaultPlan", "Window", "NO_FAULTS"]


@attrs.frozen
class Window:
    """A half-open interval of time ``[start, end)``."""

    start: _dt.datetime
    end: _dt.datetime

    def __contains__(self, at: _dt.datetime) -> bool:
        return self.start <= at < self.end


@attrs.frozen(kw_only=True)
class LinkFaults:
    """What can go wrong on one link: probabilities in [0, 1] and durations."""

    loss: float = 0.0
    duplication: float = 0.0
    #: probability that a crossing takes ``extra_delay`` longer (which reorders messages)
    reorder: float = 0.0
    extra_delay: _dt.timedelta = _dt.timedelta(minutes=5)
    #: a fixed delay added to every crossing
    delay: _dt.timedelta = _dt.timedelta(0)

    def __attrs_post_init__(self) -> None:
        for name in ("loss", "duplication", "reorder"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise TransportConfigError(f"{name} must be a probability between 0 and 1")

    def copies(self, rng: random.Random) -> int:
        """How many copies of one crossing arrive: 0 (lost), 1, or 2 (duplicated)."""
        if self.loss and rng.random() < self.loss:
            return 0
        if self.duplication and rng.random() < self.duplication:
            return 2
        return 1

    def added_delay(self, rng: random.Random) -> _dt.timedelta:
        extra = self.delay
        if self.reorder and rng.random() < self.reorder:
            extra += self.extra_delay * rng.random()
        return extra


NO_FAULTS = LinkFaults()


@attrs.frozen(kw_only=True)
class FaultPlan:
    """Faults of a whole network: per link, a default, and endpoint down windows."""

    default: LinkFaults = NO_FAULTS
    links: Mapping[tuple[str, str], LinkFaults] = attrs.field(factory=dict)
    down: Mapping[str, tuple[Window, ...]] = attrs.field(factory=dict)

    def link(self, sender: str, receiver: str) -> LinkFaults:
        return self.links.get((sender, receiver), self.default)

    def is_down(self, code: str, at: _dt.datetime) -> bool:
        return any(at in window for window in self.down.get(code, ()))
