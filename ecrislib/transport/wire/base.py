"""The transport interface: what any ECRIS transport offers, in memory or over SOAP.

ECRIS v1.0 is one-way SOAP 1.2: one operation per root element (``deliverRequest``...), each
answered at HTTP level only (a 202 with an empty body), plus ``isAlive``, the only synchronous
operation. Business answers (RDL, RRS, FEM...) are separate messages sent back through the
partner's own endpoint. This module names that contract once so that the in-memory network
(:mod:`.memory`) and a future SOAP transport are interchangeable.

Why synchronous: the in-memory network is a discrete-event simulation driven by a virtual
clock, where ``send`` only schedules work and returns at once; an ``async`` API would add an
event loop and nothing else. The interface is small and callback-based (``send`` returns
nothing; the delivery receipt comes back through :meth:`Endpoint.on_receipt`), so an asyncio
SOAP transport can implement the same protocol with a background task per call, or offer an
``AsyncTransport`` twin with the same method names, without changing the endpoints.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import attrs

from ... import facts
from ...errors import EcrisError

if TYPE_CHECKING:
    from ...ids import MessageId
    from ...model.messages import IsAliveMessage, Message

__all__ = [
    "OPERATIONS",
    "SOAP_ACTION_BASE",
    "operation",
    "soap_action",
    "Receipt",
    "Arrival",
    "Endpoint",
    "deliver",
    "Transport",
    "TransportError",
    "MessageRefusedError",
    "UnknownEndpointError",
    "SenderMismatchError",
    "EndpointDownError",
    "DuplicateEndpointError",
    "TransportConfigError",
    "SimulationError",
    "UnknownExchangeError",
    "ExchangeStateError",
]

#: The WSDL operation that carries each root element.
OPERATIONS: Mapping[str, str] = facts.OPERATIONS

#: Every operation's SOAP action is this plus the operation name (``soapActionRequired``).
SOAP_ACTION_BASE = facts.SOAP_ACTION_BASE


def operation(message: Message) -> str:
    """The WSDL operation that carries ``message`` (``deliverRequest``, ..., ``isAlive``)."""
    return OPERATIONS[message.ROOT]


def soap_action(message: Message) -> str:
    """The SOAP 1.2 ``action`` of the call carrying ``message``."""
    return SOAP_ACTION_BASE + operation(message)


@attrs.frozen
class Receipt:
    """The transport-level acknowledgement of a one-way call (HTTP 202): the receiving
    endpoint has the message. It stops the sender's retries; it says nothing of the content."""

    message_id: MessageId
    receiver: str
    at: _dt.datetime


@attrs.frozen
class Arrival:
    """A message as a server read it on arrival: the model, ``data`` (its ECRIS XML, the bytes
    that arrived) and ``tree`` (the element the model was read from, detached from the
    envelope). The receiver validates ``tree`` and journals ``data``: nothing is written again."""

    message: Message
    data: bytes = attrs.field(repr=False)
    tree: Any = attrs.field(repr=False, eq=False)


class TransportError(EcrisError):
    """A message could not be handed to the network. Texts name codes and message IDs only."""


class MessageRefusedError(TransportError):
    """The receiver refused this message itself (a SOAP ``Sender`` fault, say): sending the same
    message again cannot help, so the outbox stops retrying it and reports it as refused, and
    its exchange shows as undelivered. Any other ``TransportError`` is retried."""


class UnknownEndpointError(TransportError):
    """No endpoint is registered for the receiver (or sender) named in the message ID."""


class SenderMismatchError(TransportError):
    """The message ID names another sender than the endpoint sending it."""


class EndpointDownError(TransportError):
    """The endpoint does not answer (synchronous calls only: IsAlive)."""


class DuplicateEndpointError(TransportError):
    """An endpoint is already registered for this member-state code."""


class TransportConfigError(EcrisError, ValueError):
    """A transport or simulation setting is out of range (a probability above 1, a naive
    start time, an unknown journal mode...)."""


class SimulationError(EcrisError, RuntimeError):
    """A simulation cannot go on as asked (nothing left to run, or an event limit reached)."""


class UnknownExchangeError(EcrisError, KeyError):
    """No exchange of this party contains the message ID."""


class ExchangeStateError(EcrisError, ValueError):
    """The exchange is not in a state that allows this (closing an unfinished one)."""


@runtime_checkable
class Endpoint(Protocol):
    """A member state's side of the network: what the transport calls.

    An endpoint may also offer ``on_arrival(arrival)``, taking an :class:`Arrival` (a SOAP
    server calls it, through :func:`deliver`, instead of ``on_message``), and ``on_bytes(data)``
    (the in-memory network hands it the bytes, which the endpoint reads itself)."""

    code: str

    def on_message(self, message: Message) -> None:
        """A message arrived (possibly a duplicate: the endpoint deduplicates by message ID)."""

    def on_receipt(self, receipt: Receipt) -> None:
        """A message this endpoint sent reached its receiver (the HTTP 202)."""

    def is_alive(self) -> bool:
        """Answer an IsAlive call: is this endpoint functional?"""


class Transport(Protocol):
    """What ECRIS endpoints need from a network; a SOAP transport implements the same."""

    def register(self, endpoint: Endpoint) -> None:
        """Make ``endpoint`` reachable under its member-state code."""

    def send(self, sender: str, message: Message) -> None:
        """Hand ``message`` (from endpoint ``sender``) to the network, POSTing it to the
        operation :func:`operation` names with :func:`soap_action`. The receiver is read from
        the message ID. Raises :class:`SenderMismatchError` or :class:`UnknownEndpointError`
        at once; a delivery is confirmed later through the sender's ``on_receipt``."""

    def is_alive(self, message: IsAliveMessage) -> IsAliveMessage:
        """The synchronous isAlive call; raises :class:`EndpointDownError` when unreachable."""


def deliver(endpoint: Endpoint, arrival: Arrival) -> None:
    """Hand ``arrival`` to ``endpoint``: to its ``on_arrival`` if it has one, else the model to
    its ``on_message``."""
    on_arrival = getattr(endpoint, "on_arrival", None)
    if on_arrival is not None:
        on_arrival(arrival)
    else:
        endpoint.on_message(arrival.message)
