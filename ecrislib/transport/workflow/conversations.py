"""Exchanges: every message of one conversation, correlated through ResponseTo, with a state.

An exchange starts with a REQ or a NOT and gathers everything that answers it, directly or
through a chain (a RAR answers a RAI that answers the REQ; a FEM may answer any of them; a CAN
withdraws the REQ, NOT, RRS or NRS it names). Its state follows the lifecycles of the business
rules (spec §2.4), seen from the side that keeps the book:

* request, outgoing: ``sent`` -> ``deadline-known`` -> [``info-requested`` -> ``info-answered``]
  -> ``answered`` / ``denied`` / ``problem`` -> ``closed``; ``error`` on a FEM, ``cancelled`` on
  a CAN, ``overdue`` while the deadline has passed without an answer, or while one of its
  messages cannot be delivered;
* request, incoming: ``received`` -> ``deadline-sent`` -> [``info-requested`` ->
  ``info-answered``] -> ``answered`` / ``denied`` / ``problem``;
* notification: ``sent`` / ``received`` -> ``acknowledged`` (or ``problem``).

States never move backwards when messages arrive out of order (a late RDL does not reopen an
answered request). A FEM whose errors all mean "send it again later" (the month-end window's
code, ``retry_later_codes``) leaves the state alone: the message is sent again, nothing failed.
Recording a message already in the book (a journal replay, a message sent again) changes
nothing. :meth:`Conversations.history` answers the questions tests ask.
"""

from __future__ import annotations

import datetime as _dt
import enum
from typing import TYPE_CHECKING, Callable, Iterable, Mapping

import attrs

from ..wire.base import ExchangeStateError
from .deadlines import DEFAULT_RULES, Deadline, DeadlineRules, WorkingCalendar, calendar

from ...model import messages as ms

if TYPE_CHECKING:
    from ...ids import MessageId
    from ...model.messages import Message

__all__ = ["Kind", "Direction", "State", "Exchange", "Entry", "Conversations", "RESPONSE_OUTCOMES", "FINISHED"]


class Kind(str, enum.Enum):
    REQUEST = "request"
    NOTIFICATION = "notification"


class Direction(str, enum.Enum):
    OUTGOING = "outgoing"
    INCOMING = "incoming"


class State(str, enum.Enum):
    SENT = "sent"
    RECEIVED = "received"
    DEADLINE_KNOWN = "deadline-known"
    DEADLINE_SENT = "deadline-sent"
    INFO_REQUESTED = "info-requested"
    INFO_ANSWERED = "info-answered"
    OVERDUE = "overdue"
    ANSWERED = "answered"
    DENIED = "denied"
    PROBLEM = "problem"
    ACKNOWLEDGED = "acknowledged"
    ERROR = "error"
    CANCELLED = "cancelled"
    CLOSED = "closed"

    def __str__(self) -> str:
        return self.value


_RANK = {
    State.SENT: 0, State.RECEIVED: 0, State.DEADLINE_KNOWN: 1, State.DEADLINE_SENT: 1,
    State.INFO_REQUESTED: 2, State.INFO_ANSWERED: 3, State.OVERDUE: 4,
    State.ANSWERED: 5, State.DENIED: 5, State.PROBLEM: 5, State.ACKNOWLEDGED: 5,
    State.ERROR: 6, State.CANCELLED: 6, State.CLOSED: 7,
}  # fmt: skip

#: States after which no answer is awaited.
FINISHED = frozenset(s for s, rank in _RANK.items() if rank >= 5)

#: Outcome of a request by the response type (RRT) of its RRS; any other code is a problem.
RESPONSE_OUTCOMES: Mapping[str, State] = {"RRT-00-00": State.ANSWERED, "RRT-00-01": State.DENIED}
#: NRT codes that acknowledge a notification; any other is a problem.
ACKNOWLEDGING: frozenset[str] = frozenset({"NRT-00-00"})


@attrs.frozen
class Entry:
    """One message in the book: when, which way, and the message."""

    at: _dt.datetime
    direction: Direction
    message: Message = attrs.field(repr=False)
    exchange: MessageId | None

    @property
    def type(self) -> str:
        return self.message.message_id.type.value


@attrs.define(eq=False)
class Exchange:
    """One conversation (a request or a notification and all that answers it)."""

    id: MessageId
    kind: Kind
    direction: Direction
    counterpart: str
    started: _dt.datetime
    progress: State
    deadline: Deadline | None = None
    messages: list[Message] = attrs.field(factory=list, repr=False)
    overdue: bool = False
    was_overdue: bool = False
    #: one of its messages is still undelivered after the outbox's overdue threshold
    undelivered: bool = False
    #: RRS/NRS answers received or sent, in order (a duplicate answer would show here)
    answers: list[MessageId] = attrs.field(factory=list)

    @property
    def state(self) -> State:
        if self.undelivered or (self.overdue and self.progress not in FINISHED):
            return State.OVERDUE
        return self.progress

    @property
    def finished(self) -> bool:
        return self.progress in FINISHED

    def move(self, state: State) -> None:
        if _RANK[state] >= _RANK[self.progress] or self.progress is State.OVERDUE:
            self.progress = state
        if self.finished:
            self.overdue = False

    def types(self) -> list[str]:
        return [m.message_id.type.value for m in self.messages]


class Conversations:
    """The book of one party (``owner``) or of a whole network (``owner=None``: every
    message is seen from its sender's side)."""

    def __init__(
        self,
        owner: str | None = None,
        *,
        rules: DeadlineRules = DEFAULT_RULES,
        calendars: Callable[[str], WorkingCalendar] = calendar,
        retry_later_codes: frozenset[str] = frozenset(),
    ) -> None:
        self.owner = owner
        self.retry_later_codes = retry_later_codes
        self.rules = rules
        self.calendars = calendars
        self.exchanges: dict[MessageId, Exchange] = {}
        self.entries: list[Entry] = []
        self._root: dict[MessageId, MessageId] = {}
        self.orphans: list[Entry] = []

    # -- recording ---------------------------------------------------------------------------
    def _direction(self, message: Message) -> Direction:
        if self.owner is None or message.sender == self.owner:
            return Direction.OUTGOING
        return Direction.INCOMING

    def record(self, message: Message, at: _dt.datetime) -> Exchange | None:
        """Add ``message`` (sent or received at ``at``) and move its exchange's state."""
        kind = message.message_id.type.value
        direction = self._direction(message)
        if message.message_id in self._root:
            return self.exchanges.get(self._root[message.message_id])
        if kind == "IAL":
            self.entries.append(Entry(at, direction, message, None))
            return None
        if kind in ("REQ", "NOT"):
            exchange = self.exchanges.get(message.message_id)
            if exchange is None:
                exchange = self._start(message, direction, at)
        else:
            root = self._root.get(message.metadata.response_to)  # type: ignore[arg-type]
            exchange = self.exchanges.get(root) if root is not None else None
        entry = Entry(at, direction, message, exchange.id if exchange else None)
        self.entries.append(entry)
        if exchange is None:
            self.orphans.append(entry)
            return None
        self._root[message.message_id] = exchange.id
        exchange.messages.append(message)
        self._advance(exchange, message, direction, at)
        return exchange

    def _start(self, message: Message, direction: Direction, at: _dt.datetime) -> Exchange:
        is_request = message.message_id.type.value == "REQ"
        outgoing = direction is Direction.OUTGOING
        exchange = Exchange(
            id=message.message_id,
            kind=Kind.REQUEST if is_request else Kind.NOTIFICATION,
            direction=direction,
            counterpart=message.receiver if outgoing else message.sender,
            started=at,
            progress=State.SENT if outgoing else State.RECEIVED,
        )
        if isinstance(message, ms.RequestMessage):
            purpose = message.purpose_category.id
            exchange.deadline = Deadline(purpose, self.calendars(message.receiver), self.rules)
            exchange.deadline.start(at)
        self.exchanges[message.message_id] = exchange
        self._root[message.message_id] = message.message_id
        return exchange

    def _advance(self, exchange: Exchange, message: Message, direction: Direction, at: _dt.datetime) -> None:
        kind = message.message_id.type.value
        outgoing_book = exchange.direction is Direction.OUTGOING
        if isinstance(message, ms.RequestDeadlineMessage):
            if exchange.deadline is not None:
                exchange.deadline.announce(message.deadline)
            exchange.move(State.DEADLINE_KNOWN if outgoing_book else State.DEADLINE_SENT)
        elif kind == "RAI":
            exchange.move(State.INFO_REQUESTED)
        elif kind == "RAR":
            if exchange.deadline is not None:
                exchange.deadline.restart(at)
            exchange.move(State.INFO_ANSWERED)
        elif isinstance(message, ms.RequestResponseMessage):
            exchange.answers.append(message.message_id)
            if exchange.deadline is not None and exchange.deadline.is_overdue(at):
                exchange.was_overdue = True  # answered, but late
            code = message.response_type.id
            exchange.move(RESPONSE_OUTCOMES.get(code, State.PROBLEM))
        elif isinstance(message, ms.NotificationResponseMessage):
            exchange.answers.append(message.message_id)
            code = message.response_type.id
            exchange.move(State.ACKNOWLEDGED if code in ACKNOWLEDGING else State.PROBLEM)
        elif isinstance(message, ms.FunctionalErrorMessage):
            codes = {error.code.id for error in message.errors}
            if not codes <= self.retry_later_codes:
                exchange.move(State.ERROR)
        elif kind == "CAN":
            exchange.move(State.CANCELLED)
        if exchange.deadline is not None and exchange.overdue and not exchange.deadline.is_overdue(at):
            exchange.overdue = False

    def close(self, exchange_id: MessageId) -> Exchange:
        """The requester has read the outcome: the exchange is closed."""
        exchange = self.exchanges[exchange_id]
        if not exchange.finished:
            raise ExchangeStateError("only a finished exchange can be closed")
        exchange.progress = State.CLOSED
        return exchange

    def check_overdue(self, now: _dt.datetime) -> list[Exchange]:
        """Mark and return the requests whose deadline has passed without an answer."""
        late = []
        for exchange in self.exchanges.values():
            if exchange.deadline is None or exchange.finished:
                continue
            if exchange.deadline.is_overdue(now):
                exchange.overdue = exchange.was_overdue = True
                late.append(exchange)
        return late

    # -- questions ---------------------------------------------------------------------------
    def __getitem__(self, exchange_id: MessageId) -> Exchange:
        return self.exchanges[exchange_id]

    def __len__(self) -> int:
        return len(self.exchanges)

    def exchange_of(self, message_id: MessageId) -> Exchange | None:
        root = self._root.get(message_id)
        return self.exchanges.get(root) if root is not None else None

    def history(
        self,
        *,
        exchange: MessageId | Exchange | None = None,
        type: str | Iterable[str] | None = None,
        sender: str | None = None,
        receiver: str | None = None,
        direction: Direction | None = None,
    ) -> list[Message]:
        """The messages that match every given filter, in the order they were recorded."""
        wanted = None if type is None else ({type} if isinstance(type, str) else set(type))
        target = exchange.id if isinstance(exchange, Exchange) else exchange
        out = []
        for entry in self.entries:
            m = entry.message
            if target is not None and entry.exchange != target:
                continue
            if wanted is not None and entry.type not in wanted:
                continue
            if sender is not None and m.sender != sender:
                continue
            if receiver is not None and m.receiver != receiver:
                continue
            if direction is not None and entry.direction is not direction:
                continue
            out.append(m)
        return out
