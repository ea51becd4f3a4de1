"""The in-memory ECRIS network: endpoints by member-state code, delivery on a virtual clock.

Each ``send`` is checked like a real central authority's gateway would: the message ID must
name the sending endpoint, and the receiver it names must be registered; otherwise the send is
refused with a typed error and recorded, and nothing is delivered. Accepted messages cross the
link after its latency (plus injected faults), reach the receiver's ``on_message`` and, unless
the receipt is lost, come back as a :class:`~.base.Receipt` (the HTTP 202 of the one-way call)
to the sender's ``on_receipt``.

What travels is bytes, as on a real link: a message is serialised once, by its sender (or
here, when the sender hands over a model object alone), and an endpoint with ``on_bytes`` reads
those bytes itself on arrival (the simulated authorities parse and validate them once); any
other endpoint gets the message parsed from them. Events keep the sender's model object for
tests and transcripts only.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Callable, Iterator

import attrs

from .base import (
    DuplicateEndpointError,
    Endpoint,
    EndpointDownError,
    Receipt,
    SenderMismatchError,
    UnknownEndpointError,
    operation,
)
from ...errors import XmlError
from ...xml import codec
from .faults import FaultPlan

if TYPE_CHECKING:
    from ...ids import IdSource, MessageId
    from ...model.messages import IsAliveMessage, Message
    from .clock import VirtualClock
    from .network import Network

__all__ = ["MemoryNetwork", "WireEvent", "EndpointHandle"]

@attrs.frozen
class WireEvent:
    """One thing that happened on the wire; carries IDs and codes, and the message itself
    only for tests (never log ``message``: it holds personal data)."""

    at: _dt.datetime
    kind: str
    sender: str
    receiver: str
    message_id: MessageId | None
    root: str
    message: Message | None = attrs.field(default=None, repr=False, eq=False)
    reason: str = ""

    def line(self) -> str:
        """A one-line, data-free transcript entry."""
        reason = f" ({self.reason})" if self.reason else ""
        return f"{self.at.isoformat()} {self.kind} {self.sender}->{self.receiver} {self.root} {self.message_id}{reason}"


class EndpointHandle:
    """What an endpoint holds to send: the network, bound to its own member-state code."""

    def __init__(self, network: Network, code: str) -> None:
        self.network = network
        self.code = code

    def send(self, message: Message, data: bytes | None = None) -> None:
        """Send ``message``; ``data``: its ECRIS XML, when the sender has serialised it already."""
        self.network.send(self.code, message, data)

    def is_alive(self, message: IsAliveMessage) -> IsAliveMessage:
        if message.sender != self.code:
            raise SenderMismatchError(f"{message.message_id} does not name {self.code} as its sender")
        return self.network.is_alive(message)


class MemoryNetwork:
    """A :class:`~.base.Transport` whose wire is the virtual clock's event queue."""

    def __init__(
        self,
        clock: VirtualClock,
        *,
        latency: _dt.timedelta = _dt.timedelta(seconds=2),
        link_latency: dict[tuple[str, str], _dt.timedelta] | None = None,
        faults: FaultPlan | None = None,
        ids: IdSource | None = None,
        keep_messages: bool = True,
    ) -> None:
        self.clock = clock
        self.latency = latency
        self.link_latency = dict(link_latency or {})
        self.faults = faults or FaultPlan()
        self.keep_messages = keep_messages
        self._ids = ids
        self._endpoints: dict[str, Endpoint] = {}
        self.events: list[WireEvent] = []
        #: bytes carried by the deliveries (each delivered copy counts)
        self.bytes_delivered = 0

    # -- endpoints ---------------------------------------------------------------------------
    def register(self, endpoint: Endpoint) -> EndpointHandle:
        code = endpoint.code
        if code in self._endpoints:
            raise DuplicateEndpointError(f"an endpoint is already registered for {code}")
        self._endpoints[code] = endpoint
        return EndpointHandle(self, code)

    def unregister(self, code: str) -> None:
        self._endpoints.pop(code, None)

    def endpoint(self, code: str) -> Endpoint:
        try:
            return self._endpoints[code]
        except KeyError:
            raise UnknownEndpointError(f"no endpoint registered for {code}") from None

    # -- history -----------------------------------------------------------------------------
    def _record(self, kind: str, message: Message, reason: str = "", *, sender: str | None = None) -> None:
        event = WireEvent(
            self.clock.now(),
            kind,
            sender or message.sender,
            message.receiver,
            message.message_id,
            message.ROOT,
            message if self.keep_messages else None,
            reason,
        )
        self.events.append(event)

    @property
    def refused(self) -> list[WireEvent]:
        return [e for e in self.events if e.kind == "refused"]

    def messages(self, kind: str = "delivered") -> Iterator[Message]:
        """The messages of every event of ``kind`` (default: each delivered copy), in order."""
        return (e.message for e in self.events if e.kind == kind and e.message is not None)

    def transcript(self) -> list[str]:
        """Every wire event as a data-free line (compare or hash it across runs)."""
        return [e.line() for e in self.events]

    # -- sending -----------------------------------------------------------------------------
    def expected_latency(self, sender: str, receiver: str) -> _dt.timedelta:
        """The longest a message from ``sender`` takes to reach ``receiver`` (the link's
        latency, its fixed fault delay and, if it reorders, its extra delay): what an outbox
        needs to hold a message back from the month-end window."""
        link = self.faults.link(sender, receiver)
        base = self.link_latency.get((sender, receiver), self.latency)
        return base + link.delay + (link.extra_delay if link.reorder else _dt.timedelta(0))

    def is_down(self, code: str) -> bool:
        endpoint = self._endpoints.get(code)
        return endpoint is None or self.faults.is_down(code, self.clock.now()) or not endpoint.is_alive()

    def send(self, sender: str, message: Message, data: bytes | None = None) -> None:
        """Carry ``message`` to its receiver as ``data``, its ECRIS XML (serialised here, once,
        when not given)."""
        if message.sender != sender:
            self._record("refused", message, "sender mismatch", sender=sender)
            raise SenderMismatchError(f"{message.message_id} does not name {sender} as its sender")
        if sender not in self._endpoints:
            self._record("refused", message, "unknown sender")
            raise UnknownEndpointError(f"no endpoint registered for the sender {sender}")
        if message.receiver not in self._endpoints:
            self._record("refused", message, "unknown receiver")
            raise UnknownEndpointError(f"no endpoint registered for the receiver {message.receiver}")
        self._record("sent", message, operation(message))
        wire = codec.serialize(message) if data is None else data
        self._cross(message, sender, message.receiver, lambda _m: self._arrive(message, wire), is_receipt=False)

    def _cross(self, message: Message, source: str, target: str, arrive: Callable[[Message], None], *, is_receipt: bool) -> None:
        link = self.faults.link(source, target)
        rng = self.clock.rng
        copies = link.copies(rng)
        if copies == 0:
            self._record("receipt-lost" if is_receipt else "lost", message)
            return
        if copies == 2 and not is_receipt:
            self._record("duplicated", message)
        base = self.link_latency.get((source, target), self.latency)
        for _ in range(copies if not is_receipt else 1):
            delay = base + link.added_delay(rng)
            self.clock.schedule(delay, lambda: arrive(message), "receipt" if is_receipt else "delivery")

    def _arrive(self, message: Message, data: bytes) -> None:
        receiver = message.receiver
        if self.is_down(receiver):
            self._record("unreachable", message)
            return
        self._record("delivered", message)
        self.bytes_delivered += len(data)
        endpoint = self._endpoints[receiver]
        on_bytes = getattr(endpoint, "on_bytes", None)
        if on_bytes is not None:
            on_bytes(data)
        else:
            try:
                arrived = codec.parse(data)
            except XmlError as error:  # a receiver without a reader of its own refuses it
                self._record("unreadable", message, type(error).__name__)
                return
            endpoint.on_message(arrived)
        receipt = Receipt(message.message_id, receiver, self.clock.now())
        self._cross(message, receiver, message.sender, lambda _m: self._receipt(message, receipt), is_receipt=True)

    def _receipt(self, message: Message, receipt: Receipt) -> None:
        endpoint = self._endpoints.get(message.sender)
        if endpoint is None:
            return
        self._record("receipt", message)
        endpoint.on_receipt(receipt)

    # -- isAlive (synchronous) ---------------------------------------------------------------
    def is_alive(self, message: IsAliveMessage) -> IsAliveMessage:
        """Answer an IsAlive call at once; raises :class:`EndpointDownError` when unreachable."""
        from ...ids import MessageType
        from ...model.messages import IsAliveMessage, Metadata

        if message.receiver not in self._endpoints:
            self._record("refused", message, "unknown receiver")
            raise UnknownEndpointError(f"no endpoint registered for the receiver {message.receiver}")
        if self.is_down(message.receiver):
            self._record("unreachable", message)
            raise EndpointDownError(f"{message.receiver} does not answer isAlive")
        self._record("is-alive", message)
        answer = getattr(self._endpoints[message.receiver], "answer_is_alive", None)
        if answer is not None:
            return answer(message)  # type: ignore[no-any-return]
        metadata = Metadata.new(message.receiver, message.sender, MessageType.IAL, ids=self._id_source(), clock=self.clock)
        return IsAliveMessage(metadata=metadata, is_alive=True)

    def _id_source(self) -> IdSource:
        """The network's own IDs (for the isAlive messages it composes itself)."""
        if self._ids is None:
            from ...ids import SequentialIds

            self._ids = SequentialIds()
        return self._ids

    def ping(self, sender: str, receiver: str) -> bool:
        """Whether ``receiver`` answers isAlive now (a convenience over :meth:`is_alive`)."""
        from ...compose import is_alive

        try:
            return self.is_alive(is_alive(sender=sender, receiver=receiver, alive=True, ids=self._id_source(), clock=self.clock)).is_alive
        except EndpointDownError:
            return False
