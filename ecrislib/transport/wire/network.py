"""The network a simulated authority runs on: the in-memory one or SOAP, one protocol.

Apart from :mod:`.base` because it names the clock, whose module uses the errors of
:mod:`.base` (one module importing the other both ways would be a circle).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from ...model.messages import IsAliveMessage, Message
    from .base import Endpoint
    from .clock import VirtualClock

__all__ = ["Handle", "Network"]


class Handle(Protocol):
    """What an endpoint holds to send: its network, bound to its member-state code."""

    code: str

    def send(self, message: Message, data: bytes | None = None) -> None:
        """Send ``message``; ``data``: its ECRIS XML, carried as it is (None: serialised by the network)."""

    def is_alive(self, message: IsAliveMessage) -> IsAliveMessage:
        """The synchronous isAlive call."""


@runtime_checkable
class Network(Protocol):
    """What a simulated authority runs on: the in-memory network, or the SOAP transport
    (:class:`ecrislib.soap.client.SoapTransport`), which offer the same calls on one clock."""

    @property
    def clock(self) -> VirtualClock:
        """The clock whose events deliver messages and receipts, and run retries and plans."""

    def register(self, endpoint: Endpoint) -> Handle:
        """Make ``endpoint`` reachable (the in-memory network) or able to send (SOAP)."""

    def unregister(self, code: str) -> None:
        """Take the endpoint of ``code`` off the network (it stopped)."""

    def endpoint(self, code: str) -> object:
        """What is known of the endpoint ``code`` (its ``fingerprint_mode``, if it says);
        raises :class:`~.base.UnknownEndpointError`."""

    def send(self, sender: str, message: Message, data: bytes | None = None) -> None:
        """Carry ``message`` from ``sender`` as ``data`` (its ECRIS XML; None: serialised here)."""

    def is_alive(self, message: IsAliveMessage) -> IsAliveMessage:
        """The synchronous isAlive call; raises :class:`~.base.EndpointDownError` when unreachable."""

    def ping(self, sender: str, receiver: str) -> bool:
        """Whether ``receiver`` answers isAlive now."""
