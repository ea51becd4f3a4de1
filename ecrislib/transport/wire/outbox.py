"""No lost data: a sender outbox that retransmits until the receiver's transport receipt, and
an inbox that processes each message ID exactly once.

One-way SOAP gives the sender one signal only: the receiving server accepted the call (HTTP
202). The outbox treats that :class:`~.base.Receipt` as the proof of delivery; without it the
message is sent again, with capped exponential back-off (and a seeded jitter), for as long as it
takes: until the receipt, or until the item is withdrawn (its exchange was cancelled). A
refusal by the transport (a peer not registered yet, a gateway saying no) is retried the same
way, never final, unless the receiver refused the message itself
(:class:`~.base.MessageRefusedError`, a SOAP ``Sender`` fault): the item is then ``refused``,
reported in the log and by :meth:`Outbox.refused`, and its exchange shows as undelivered. An item still undelivered after ``overdue_after`` attempts is *overdue*: it
says so (``item.overdue``, a warning in the log) and keeps trying.

Because a receipt can be lost after the message arrived, receivers see duplicates, and
:class:`Inbox` drops them by message ID. Messages whose arrival would fall in the month-end
window are held back until it is over; the arrival time is the send time plus the link's
latency (``latency``, from the transport when it knows it) plus a safety margin. Item states
follow BG's national system: ``pending``, ``sent``, ``delivered``, plus ``withdrawn`` and ``refused``.

With a :class:`~.journal.Journal`, every change of an item is written in the current step, and
a message is handed to the network only once the step that queued it is committed.
"""

from __future__ import annotations

import datetime as _dt
import enum
import logging
from typing import TYPE_CHECKING, Callable

import attrs

from .base import MessageRefusedError, Receipt, TransportError
from .month_end import DEFAULT_WINDOW, MonthEndWindow

if TYPE_CHECKING:
    from ...ids import MessageId
    from ...model.messages import Message
    from .clock import Event, VirtualClock
    from .journal import Journal

__all__ = ["Backoff", "OutboxStatus", "OutboxItem", "Outbox", "Inbox"]

log = logging.getLogger("ecrislib.transport")


@attrs.frozen(kw_only=True)
class Backoff:
    """Wait ``initial * factor**(attempt-1)``, at most ``maximum``, plus up to ``jitter`` of it."""

    initial: _dt.timedelta = _dt.timedelta(seconds=30)
    factor: float = 2.0
    maximum: _dt.timedelta = _dt.timedelta(hours=1)
    jitter: float = 0.1

    def wait(self, attempt: int, draw: float) -> _dt.timedelta:
        # in float seconds, capped before it becomes a timedelta: no overflow, however long
        # the retries go on
        exponent = min(max(attempt - 1, 0), 60)
        seconds = min(self.initial.total_seconds() * (self.factor**exponent), self.maximum.total_seconds())
        return _dt.timedelta(seconds=seconds * (1 + self.jitter * draw))


class OutboxStatus(str, enum.Enum):
    PENDING = "pending"
    SENT = "sent"
    DELIVERED = "delivered"
    #: no longer sent: the exchange it belongs to was cancelled
    WITHDRAWN = "withdrawn"
    #: refused by the receiver as such (a SOAP Sender fault): not sent again, and reported
    REFUSED = "refused"


_DONE = (OutboxStatus.DELIVERED, OutboxStatus.WITHDRAWN, OutboxStatus.REFUSED)


@attrs.define(eq=False)
class OutboxItem:
    message: Message = attrs.field(repr=False)
    #: the message's ECRIS XML, serialised once by the sender (None: the transport serialises)
    data: bytes | None = attrs.field(default=None, kw_only=True, repr=False)
    status: OutboxStatus = OutboxStatus.PENDING
    attempts: int = 0
    #: undelivered after ``Outbox.overdue_after`` attempts (still being retried)
    overdue: bool = False
    timer: Event | None = attrs.field(default=None, repr=False)


class Outbox:
    """Outgoing messages of one endpoint until each is delivered."""

    def __init__(
        self,
        code: str,
        send: Callable[[Message, bytes | None], None],
        clock: VirtualClock,
        *,
        backoff: Backoff | None = None,
        overdue_after: int = 30,
        month_end: MonthEndWindow | None = DEFAULT_WINDOW,
        latency: Callable[[str], _dt.timedelta] | None = None,
        latency_margin: _dt.timedelta = _dt.timedelta(minutes=1),
        journal: Journal | None = None,
    ) -> None:
        self.code = code
        self._send = send
        self.clock = clock
        self.backoff = backoff or Backoff()
        self.overdue_after = overdue_after
        self.month_end = month_end
        self.latency = latency
        self.latency_margin = latency_margin
        self.journal = journal
        self.items: dict[MessageId, OutboxItem] = {}

    def _after_commit(self, action: Callable[[], None]) -> None:
        if self.journal is not None:
            self.journal.after_commit(action)
        else:
            action()

    def submit(self, message: Message, data: bytes | None = None) -> OutboxItem:
        """Queue ``message`` (``data``: its bytes, sent as they are) and send it as soon as the
        step that queued it is committed."""
        item = OutboxItem(message, data=data)
        self.items[message.message_id] = item
        if self.journal is not None:
            self.journal.outbox_put(message, item.status.value, item.attempts, data)
        self._after_commit(lambda: self._attempt(item))
        return item

    def arrival_window_end(self, message: Message, now: _dt.datetime) -> _dt.datetime | None:
        """When to send ``message`` so that it arrives after the month-end window, or None when
        sending it now is safe (arrival = now + the link's latency, give or take the margin)."""
        if self.month_end is None:
            return None
        latency = self.latency(message.receiver) if self.latency is not None else _dt.timedelta(0)
        for arrival in (now + latency, now + latency + self.latency_margin):
            if self.month_end.contains(arrival):
                return self.month_end.end_of(arrival)
        return None

    def _schedule(self, item: OutboxItem, at: _dt.datetime, label: str) -> None:
        self._stop_timer(item)
        item.timer = self.clock.schedule_at(at, lambda: self._attempt(item), label)

    @staticmethod
    def _stop_timer(item: OutboxItem) -> None:
        """Cancel the item's next attempt and let go of it (a delivered item keeps no timer)."""
        if item.timer is not None:
            item.timer.cancel()
            item.timer = None

    def stop_timers(self) -> None:
        """Cancel every planned attempt (the system stops; the journal keeps the items)."""
        for item in self.items.values():
            self._stop_timer(item)

    def _attempt(self, item: OutboxItem) -> None:
        if item.status in _DONE:
            return
        now = self.clock.now()
        resume = self.arrival_window_end(item.message, now)
        if resume is not None:
            self._schedule(item, resume, "outbox-after-month-end")
            return
        item.attempts += 1
        item.status = OutboxStatus.SENT
        if not item.overdue and item.attempts > self.overdue_after:
            item.overdue = True
            log.warning("outbox %s: %s overdue, undelivered after %d attempts", self.code, item.message.message_id, item.attempts - 1)
        wait = self.backoff.wait(item.attempts, self.clock.rng.random())
        self._schedule(item, now + wait, "outbox-retry")
        self._save(item, "attempt")
        self._after_commit(lambda: self._hand_over(item))

    def _hand_over(self, item: OutboxItem) -> None:
        if item.status in _DONE:
            return
        try:
            self._send(item.message, item.data)
        except MessageRefusedError as error:
            item.status = OutboxStatus.REFUSED
            self._stop_timer(item)
            self._save(item, "attempt")
            log.error("outbox %s: %s refused by the receiver (%s); not sent again", self.code, item.message.message_id, type(error).__name__)
        except TransportError as error:
            # Refused now (a peer not registered yet, a gateway saying no): the retry planned
            # in _attempt sends it again.
            log.warning("outbox %s: %s refused by the transport (%s); retrying", self.code, item.message.message_id, type(error).__name__)

    def _save(self, item: OutboxItem, kind: str) -> None:
        if self.journal is not None:
            with self.journal.transaction(kind):
                self.journal.outbox_update(item.message.message_id, item.status.value, item.attempts)

    def on_receipt(self, receipt: Receipt) -> bool:
        """The receiver has the message: stop retrying. True the first time."""
        item = self.items.get(receipt.message_id)
        if item is None or item.status in _DONE:
            return False
        item.status = OutboxStatus.DELIVERED
        item.overdue = False
        self._stop_timer(item)
        self._save(item, "receipt")
        return True

    def withdraw(self, message_id: MessageId) -> bool:
        """Stop sending ``message_id`` (its exchange was cancelled). True if it was undelivered."""
        item = self.items.get(message_id)
        if item is None or item.status in _DONE:
            return False
        item.status = OutboxStatus.WITHDRAWN
        self._stop_timer(item)
        self._save(item, "action")
        return True

    def send_again(self, message_id: MessageId, not_before: _dt.datetime) -> bool:
        """The receiver asked for ``message_id`` again later (the month-end functional error):
        send it again at ``not_before`` at the earliest (and after the window)."""
        item = self.items.get(message_id)
        if item is None or item.status is OutboxStatus.WITHDRAWN:
            return False
        item.status = OutboxStatus.PENDING
        self._save(item, "action")
        self._schedule(item, not_before, "outbox-send-again")
        return True

    def resume(self, messages: list[tuple[Message, str, int]]) -> None:
        """After a restart: take back the undelivered items of a journal. They are sent again
        from the clock's event loop, once the endpoint and its transport are up (not from
        here, while the endpoint is still being built)."""
        for message, status, attempts in messages:
            item = OutboxItem(message, OutboxStatus(status), attempts, overdue=attempts > self.overdue_after)
            self.items[message.message_id] = item
            if item.status not in _DONE:
                self._schedule(item, self.clock.now(), "outbox-resume")

    def in_status(self, status: OutboxStatus) -> list[OutboxItem]:
        return [item for item in self.items.values() if item.status is status]

    def refused(self) -> list[OutboxItem]:
        """Items the receiver refused as such (not sent again)."""
        return self.in_status(OutboxStatus.REFUSED)

    def overdue(self) -> list[OutboxItem]:
        """Items undelivered after ``overdue_after`` attempts (and still being retried)."""
        return [item for item in self.items.values() if item.overdue and item.status not in _DONE]


class Inbox:
    """Message IDs already processed: a duplicate is acknowledged but not processed again.

    With a journal, :meth:`accept` writes the ID in the current step, the one that records and
    handles the message: both are committed together or not at all."""

    def __init__(self, journal: Journal | None = None) -> None:
        self.journal = journal
        self.seen: set[MessageId] = set(journal.inbox_ids()) if journal is not None else set()
        self.duplicates = 0

    def accept(self, message_id: MessageId) -> bool:
        """True the first time ``message_id`` arrives, False for every copy after it."""
        if message_id in self.seen:
            self.duplicates += 1
            return False
        self.seen.add(message_id)
        if self.journal is not None:
            self.journal.inbox_add(message_id)
        return True
