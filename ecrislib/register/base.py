"""The national register interface, and the logic both implementations share.

A register holds people (*entries*) with their convictions, and the history of every
conviction: each notification that stored, updated or deleted it, each cancellation, each
expiry. The current state of a conviction is always the fold of its history, so a cancelled
notification is undone exactly, whatever came after it.

Applying a received message is idempotent by message ID: a notification or cancellation
delivered twice is applied once, and the second call answers what the first one did (with
``duplicate=True``). Each application is one transaction.
"""

from __future__ import annotations

import abc
import datetime as _dt
import enum
from contextlib import AbstractContextManager
from typing import Iterable, Protocol, Sequence, runtime_checkable

import attrs

from ..errors import RegisterError
from ..ids import ConvictionId, MessageId, MessageType
from ..model.common import YesNoUnknown
from ..model.conviction import Conviction
from ..model.messages import CancellationMessage, Message, NotificationMessage
from ..model.person import Person
from .identify import Choice, Hit, Profile, best_hit, identify, profile

__all__ = ["Action", "Applied", "HistoryEvent", "NationalRegister", "RegisterLogic"]


class Action(str, enum.Enum):
    """What happened to a conviction (or to a received message)."""

    RECORDED = "recorded"  # entered by the register's own state
    STORED = "stored"  # first notification of a foreign conviction
    UPDATED = "updated"  # a later notification with the same conviction ID
    DELETED = "deleted"  # a decision with DecisionDeleteConvictionFromRegister=Yes
    CANCELLED = "cancelled"  # the notification that did it was cancelled by its sender
    EXPIRED = "expired"  # the retention end date passed
    IGNORED = "ignored"  # a cancellation of something that is not a notification

    def __str__(self) -> str:
        return self.value


@attrs.frozen
class Applied:
    """What applying one received message did; ``duplicate`` when it had been applied before."""

    message_id: MessageId
    action: Action
    conviction_id: ConvictionId | None = None
    entry: int | None = None
    duplicate: bool = False


@attrs.frozen
class HistoryEvent:
    """One step in the life of a stored conviction, in the order the register applied them."""

    conviction_id: ConvictionId
    entry: int
    action: Action
    message_id: MessageId | None = None
    #: the conviction as this step left it (``None`` for a deletion, cancellation or expiry)
    version: Conviction | None = attrs.field(default=None, repr=False)
    #: the message that did this step was cancelled later: the step no longer counts
    cancelled: bool = False


_SETS = (Action.RECORDED, Action.STORED, Action.UPDATED)


@runtime_checkable
class NationalRegister(Protocol):
    """People and convictions of one member state's criminal register, and what it received."""

    def add_person(self, person: Person, convictions: Iterable[Conviction] = ()) -> int:
        """A new entry for ``person`` with the register's own ``convictions`` (see
        :meth:`record`); its number."""
        ...

    def entries(self) -> tuple[int, ...]: ...

    def person(self, entry: int) -> Person: ...

    def record(self, entry: int, conviction: Conviction) -> None:
        """Enter a conviction of the register's own courts (or replace it, by its ID)."""
        ...

    def conviction(self, conviction_id: ConvictionId) -> Conviction | None:
        """The current version of a conviction, if the register holds it."""
        ...

    def convictions(self, entry: int, *, on: _dt.date | None = None) -> tuple[Conviction, ...]:
        """The entry's current convictions, oldest decision first; with ``on``, only those
        whose retention end date has not passed on that day."""
        ...

    def identify(self, person: Person) -> tuple[Hit, ...]:
        """The entries ``person`` may be, best first (see :mod:`ecrislib.register.identify`)."""
        ...

    def apply_notification(self, notification: NotificationMessage) -> Applied: ...

    def apply_cancellation(self, cancellation: CancellationMessage) -> Applied: ...

    def history(self, conviction_id: ConvictionId) -> tuple[HistoryEvent, ...]: ...

    def received(self, message_id: MessageId) -> Message | None:
        """The notification or cancellation applied under ``message_id``, as it was received."""
        ...

    def retention_end(self, conviction_id: ConvictionId) -> _dt.date | None: ...

    def expire(self, on: _dt.date) -> tuple[ConvictionId, ...]:
        """Delete the convictions whose retention end date is before ``on``; their IDs."""
        ...

    def close(self) -> None: ...


def _fold(events: Iterable[HistoryEvent]) -> Conviction | None:
    state: Conviction | None = None
    for event in events:
        if event.cancelled:
            continue
        if event.action in _SETS:
            state = event.version
        elif event.action in (Action.DELETED, Action.EXPIRED):
            state = None
    return state


def _retained(conviction: Conviction, on: _dt.date | None) -> bool:
    end = conviction.retention_period_end_date
    return on is None or end is None or end >= on


class RegisterLogic(abc.ABC):
    """The register's rules, over a handful of storage steps each implementation provides."""

    def __init__(self) -> None:
        # Each person folded for identification once; an entry whose person object changed (a
        # rolled-back transaction reuses its number) is folded again.
        self._profiles: dict[int, tuple[Person, Profile]] = {}

    # -- storage steps ---------------------------------------------------------------------
    @abc.abstractmethod
    def _transaction(self) -> AbstractContextManager[None]: ...

    @abc.abstractmethod
    def _all_persons(self) -> Sequence[tuple[int, Person]]: ...

    @abc.abstractmethod
    def _insert_entry(self, person: Person) -> int: ...

    @abc.abstractmethod
    def _entry_of(self, conviction_id: ConvictionId) -> int | None:
        """The entry that holds (or held) the conviction."""

    @abc.abstractmethod
    def _current(self, entry: int) -> Sequence[Conviction]: ...

    @abc.abstractmethod
    def _current_one(self, conviction_id: ConvictionId) -> Conviction | None: ...

    @abc.abstractmethod
    def _set_current(self, entry: int, conviction_id: ConvictionId, conviction: Conviction | None) -> None: ...

    @abc.abstractmethod
    def _append(self, event: HistoryEvent) -> None: ...

    @abc.abstractmethod
    def _events_of(self, conviction_id: ConvictionId) -> Sequence[HistoryEvent]: ...

    @abc.abstractmethod
    def _cancel_events(self, message_id: MessageId) -> tuple[ConvictionId, ...]:
        """Mark the events done by ``message_id`` cancelled; the convictions they touched."""

    @abc.abstractmethod
    def _applied(self, message_id: MessageId) -> Applied | None: ...

    @abc.abstractmethod
    def _remember(self, applied: Applied, message: Message | None) -> None: ...

    @abc.abstractmethod
    def _received(self, message_id: MessageId) -> Message | None: ...

    @abc.abstractmethod
    def _expiring(self, on: _dt.date) -> Sequence[tuple[int, ConvictionId]]: ...

    # -- the interface ---------------------------------------------------------------------
    def add_person(self, person: Person, convictions: Iterable[Conviction] = ()) -> int:
        with self._transaction():
            entry = self._insert_entry(person)
            for conviction in convictions:
                self.record(entry, conviction)
            return entry

    def entries(self) -> tuple[int, ...]:
        return tuple(entry for entry, _ in self._all_persons())

    def person(self, entry: int) -> Person:
        for number, person in self._all_persons():
            if number == entry:
                return person
        raise RegisterError(f"no entry {entry} in the register")

    def identify(self, person: Person) -> tuple[Hit, ...]:
        return identify(person, [(entry, self._profile(entry, known)) for entry, known in self._all_persons()])

    def _profile(self, entry: int, person: Person) -> Profile:
        cached = self._profiles.get(entry)
        if cached is None or cached[0] is not person:
            cached = self._profiles[entry] = (person, profile(person))
        return cached[1]

    def convictions(self, entry: int, *, on: _dt.date | None = None) -> tuple[Conviction, ...]:
        found = [c for c in self._current(entry) if _retained(c, on)]
        return tuple(sorted(found, key=lambda c: (c.decision_date, str(c.id))))

    def conviction(self, conviction_id: ConvictionId) -> Conviction | None:
        return self._current_one(conviction_id)

    def retention_end(self, conviction_id: ConvictionId) -> _dt.date | None:
        current = self._current_one(conviction_id)
        return current.retention_period_end_date if current is not None else None

    def history(self, conviction_id: ConvictionId) -> tuple[HistoryEvent, ...]:
        return tuple(self._events_of(conviction_id))

    def received(self, message_id: MessageId) -> Message | None:
        return self._received(message_id)

    def record(self, entry: int, conviction: Conviction) -> None:
        with self._transaction():
            self.person(entry)
            holder = self._entry_of(conviction.id)
            if holder is not None and holder != entry:
                raise RegisterError("the conviction ID is already held by another entry")
            self._step(HistoryEvent(conviction.id, entry, Action.RECORDED, version=conviction))

    def apply_notification(self, notification: NotificationMessage) -> Applied:
        with self._transaction():
            done = self._applied(notification.message_id)
            if done is not None:
                return attrs.evolve(done, duplicate=True)
            conviction = notification.conviction
            entry = self._entry_of(conviction.id)
            if entry is None:
                choice, hit = best_hit(self.identify(notification.person))
                entry = hit.entry if choice is Choice.ONE and hit is not None else self._insert_entry(notification.person)
            if any(d.delete_from_register is YesNoUnknown.YES for d in conviction.decisions):
                action = Action.DELETED
            elif self._current_one(conviction.id) is not None:
                action = Action.UPDATED
            else:
                action = Action.STORED
            version = None if action is Action.DELETED else conviction
            self._step(HistoryEvent(conviction.id, entry, action, notification.message_id, version))
            applied = Applied(notification.message_id, action, conviction.id, entry)
            self._remember(applied, notification)
            return applied

    def apply_cancellation(self, cancellation: CancellationMessage) -> Applied:
        with self._transaction():
            done = self._applied(cancellation.message_id)
            if done is not None:
                return attrs.evolve(done, duplicate=True)
            target = cancellation.metadata.response_to
            assert target is not None  # the model requires it
            if target.type is not MessageType.NOT:
                applied = Applied(cancellation.message_id, Action.IGNORED)
                self._remember(applied, cancellation)
                return applied
            touched = self._cancel_events(target)
            if not touched and self._applied(target) is None:
                # The notification has not arrived yet: when it does, it is already undone.
                self._remember(Applied(target, Action.CANCELLED), None)
            for conviction_id in touched:
                entry = self._entry_of(conviction_id)
                assert entry is not None
                self._step(HistoryEvent(conviction_id, entry, Action.CANCELLED, cancellation.message_id))
            applied = Applied(cancellation.message_id, Action.CANCELLED, touched[0] if touched else None)
            self._remember(applied, cancellation)
            return applied

    def expire(self, on: _dt.date) -> tuple[ConvictionId, ...]:
        with self._transaction():
            due = self._expiring(on)
            for entry, conviction_id in due:
                self._step(HistoryEvent(conviction_id, entry, Action.EXPIRED))
            return tuple(conviction_id for _, conviction_id in due)

    def _step(self, event: HistoryEvent) -> None:
        self._append(event)
        self._set_current(event.entry, event.conviction_id, _fold(self._events_of(event.conviction_id)))
