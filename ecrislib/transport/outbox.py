"""No lost data: a sender outbox that retransmits until the receiver's transport receipt, and
an inbox that processes each message ID exactly once.

One-way SOAP gives the sender one signal only: the receiving server accepted the call (HTTP
202). The outbox treats that :class:`~.base.Receipt` as the proof of delivery; without it the
message is sent again, with exponential back-off (and a seeded jitter), up to ``max_attempts``
(then the item is in error, for a human). Because a receipt can be lost after the message
arrived, receivers see duplicates, and :class:`Inbox` drops them by message ID. Messages whose
arrival would fall in the month-end window are held back until it is over. Item states follow
BG's national system: ``pending``, ``sent``, ``delivered``, ``error``.
"""

from __future__ import annotations

import datetime as _dt
import enum
import logging
from typing import TYPE_CHECKING, Callable

import attrs

from .base import Receipt, TransportError
from .month_end import DEFAULT_WINDOW, MonthEndWindow

if TYPE_CHECKING:
    from ..ids import MessageId
    from ..model.messages import Message
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
        base = min(self.initial * (self.factor ** (attempt - 1)), self.maximum)
        return base * (1 + self.jitter * draw)


class OutboxStatus(str, enum.Enum):
    PENDING = "pending"
    SENT = "sent"
    DELIVERED = "delivered"
    ERROR = "error"


@attrs.define(eq=False)
class OutboxItem:
    message: Message = attrs.field(repr=False)
    status: OutboxStatus = OutboxStatus.PENDING
    attempts: int = 0
    timer: Event | None = attrs.field(default=None, repr=False)

    @property
    def retransmissions(self) -> int:
        return max(self.attempts - 1, 0)


class Outbox:
    """Outgoing messages of one endpoint until each is delivered."""

    def __init__(
        self,
        code: str,
        send: Callable[[Message], None],
        clock: VirtualClock,
        *,
        backoff: Backoff | None = None,
        max_attempts: int | None = 30,
        month_end: MonthEndWindow | None = DEFAULT_WINDOW,
        latency_margin: _dt.timedelta = _dt.timedelta(minutes=1),
        journal: Journal | None = None,
    ) -> None:
        self.code = code
        self._send = send
        self.clock = clock
        self.backoff = backoff or Backoff()
        self.max_attempts = max_attempts
        self.month_end = month_end
        self.latency_margin = latency_margin
        self.journal = journal
        self.items: dict[MessageId, OutboxItem] = {}

    def submit(self, message: Message) -> OutboxItem:
        """Queue ``message`` and try to send it now."""
        item = OutboxItem(message)
        self.items[message.message_id] = item
        if self.journal is not None:
            self.journal.outbox_put(message, item.status.value, item.attempts)
        self._attempt(item)
        return item

    def _attempt(self, item: OutboxItem) -> None:
        if item.status in (OutboxStatus.DELIVERED, OutboxStatus.ERROR):
            return
        now = self.clock.now()
        if self.month_end is not None and self.month_end.contains(now + self.latency_margin):
            resume = self.month_end.end_of(now + self.latency_margin)
            item.timer = self.clock.schedule_at(resume, lambda: self._attempt(item), "outbox-after-month-end")
            return
        item.attempts += 1
        try:
            self._send(item.message)
        except TransportError:
            item.status = OutboxStatus.ERROR
            log.warning("outbox %s: %s refused by the transport", self.code, item.message.message_id)
            self._save(item)
            return
        item.status = OutboxStatus.SENT
        if self.max_attempts is not None and item.attempts >= self.max_attempts:
            item.timer = self.clock.schedule(self.backoff.wait(item.attempts, 0), lambda: self._give_up(item), "outbox-give-up")
        else:
            wait = self.backoff.wait(item.attempts, self.clock.rng.random())
            item.timer = self.clock.schedule(wait, lambda: self._attempt(item), "outbox-retry")
        self._save(item)

    def _give_up(self, item: OutboxItem) -> None:
        if item.status is OutboxStatus.SENT:
            item.status = OutboxStatus.ERROR
            log.warning("outbox %s: %s undelivered after %d attempts", self.code, item.message.message_id, item.attempts)
            self._save(item)

    def _save(self, item: OutboxItem) -> None:
        if self.journal is not None:
            self.journal.outbox_update(item.message.message_id, item.status.value, item.attempts)

    def on_receipt(self, receipt: Receipt) -> bool:
        """The receiver has the message: stop retrying. True the first time."""
        item = self.items.get(receipt.message_id)
        if item is None or item.status is OutboxStatus.DELIVERED:
            return False
        item.status = OutboxStatus.DELIVERED
        if item.timer is not None:
            item.timer.cancel()
        self._save(item)
        return True

    def resume(self, messages: list[tuple[Message, str, int]]) -> None:
        """After a restart: take back the undelivered items of a journal and send them again."""
        for message, status, attempts in messages:
            item = OutboxItem(message, OutboxStatus(status), attempts)
            self.items[message.message_id] = item
            if item.status in (OutboxStatus.PENDING, OutboxStatus.SENT):
                self._attempt(item)

    def in_status(self, status: OutboxStatus) -> list[OutboxItem]:
        return [item for item in self.items.values() if item.status is status]


class Inbox:
    """Message IDs already processed: a duplicate is acknowledged but not processed again."""

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
