"""A national register in memory: for tests, simulations and as the reference the SQLite
register is compared with."""

from __future__ import annotations

import datetime as _dt
import threading
from contextlib import contextmanager
from typing import Iterator, Sequence

import attrs

from ..ids import ConvictionId, MessageId
from ..model.conviction import Conviction
from ..model.messages import Message
from ..model.person import Person
from .base import Applied, HistoryEvent, RegisterLogic

__all__ = ["MemoryRegister"]


class MemoryRegister(RegisterLogic):
    """A :class:`~ecrislib.register.NationalRegister` held in dictionaries; thread-safe. A
    failed operation leaves nothing behind (each one works on a copy it commits at the end)."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.RLock()
        self._persons: dict[int, Person] = {}
        self._holder: dict[ConvictionId, int] = {}
        self._convictions: dict[ConvictionId, Conviction] = {}
        self._events: dict[ConvictionId, list[HistoryEvent]] = {}
        self._done: dict[MessageId, Applied] = {}
        self._messages: dict[MessageId, Message] = {}

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._lock:
            saved = (
                dict(self._persons),
                dict(self._holder),
                dict(self._convictions),
                {k: list(v) for k, v in self._events.items()},
                dict(self._done),
                dict(self._messages),
            )
            try:
                yield
            except BaseException:
                self._persons, self._holder, self._convictions, self._events, self._done, self._messages = saved
                raise

    def _all_persons(self) -> Sequence[tuple[int, Person]]:
        with self._lock:
            return list(self._persons.items())

    def _insert_entry(self, person: Person) -> int:
        number = len(self._persons) + 1
        self._persons[number] = person
        return number

    def _entry_of(self, conviction_id: ConvictionId) -> int | None:
        return self._holder.get(conviction_id)

    def _current(self, entry: int) -> Sequence[Conviction]:
        with self._lock:
            return [c for cid, c in self._convictions.items() if self._holder[cid] == entry]

    def _current_one(self, conviction_id: ConvictionId) -> Conviction | None:
        return self._convictions.get(conviction_id)

    def _set_current(self, entry: int, conviction_id: ConvictionId, conviction: Conviction | None) -> None:
        self._holder[conviction_id] = entry
        if conviction is None:
            self._convictions.pop(conviction_id, None)
        else:
            self._convictions[conviction_id] = conviction

    def _append(self, event: HistoryEvent) -> None:
        self._events.setdefault(event.conviction_id, []).append(event)

    def _events_of(self, conviction_id: ConvictionId) -> Sequence[HistoryEvent]:
        with self._lock:
            return list(self._events.get(conviction_id, ()))

    def _cancel_events(self, message_id: MessageId) -> tuple[ConvictionId, ...]:
        touched: list[ConvictionId] = []
        for conviction_id, events in self._events.items():
            for index, event in enumerate(events):
                if event.message_id == message_id and not event.cancelled:
                    events[index] = attrs.evolve(event, cancelled=True)
                    if conviction_id not in touched:
                        touched.append(conviction_id)
        return tuple(touched)

    def _applied(self, message_id: MessageId) -> Applied | None:
        return self._done.get(message_id)

    def _remember(self, applied: Applied, message: Message | None) -> None:
        self._done[applied.message_id] = applied
        if message is not None:
            self._messages[applied.message_id] = message

    def _received(self, message_id: MessageId) -> Message | None:
        with self._lock:
            return self._messages.get(message_id)

    def _expiring(self, on: _dt.date) -> Sequence[tuple[int, ConvictionId]]:
        due = [
            (self._holder[cid], cid)
            for cid, c in self._convictions.items()
            if c.retention_period_end_date is not None and c.retention_period_end_date < on
        ]
        return sorted(due, key=lambda item: str(item[1]))

    def close(self) -> None:
        """Nothing to release."""
