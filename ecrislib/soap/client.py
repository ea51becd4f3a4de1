"""The SOAP client: :class:`SoapTransport`, the :class:`~ecrislib.transport.wire.base.Transport`
that POSTs each message to its receiver's endpoint.

``send`` wraps the message in a SOAP 1.2 envelope and POSTs it, with the operation's action in
the content type, to the receiver's URL from the :class:`~.partners.Partners` directory (with
the partner's pinned CA and our client certificate). What the answer means:

* HTTP 202: delivered. The sender's :meth:`Endpoint.on_receipt` gets the
  :class:`~ecrislib.transport.wire.base.Receipt` as the clock's next event, which stops the
  outbox's retries;
* a connection error, a timeout, a 5xx or a Receiver fault: not delivered, nothing raised;
  the outbox sends it again on its back-off (the receiving inbox drops the copies it already has);
* a Sender fault (4xx): the message is refused and sending it again cannot help:
  :class:`~.envelope.SoapFaultError` is raised, which the outbox records as an error, and the
  fault is kept in :attr:`SoapTransport.refusals`.

Authorities built on a :class:`~ecrislib.transport.wire.memory.MemoryNetwork` run on this transport
unchanged (it offers the same ``clock``, ``register``, ``endpoint``, ``ping`` and ``unregister``);
run the clock with a :class:`~.driver.ClockDriver`, on whose thread every call is made.
"""

from __future__ import annotations

import datetime as _dt
import logging
from typing import TYPE_CHECKING, Callable, Final

import attrs
import httpx

from ..transport.wire.base import (
    DuplicateEndpointError,
    EndpointDownError,
    Receipt,
    SenderMismatchError,
    UnknownEndpointError,
)
from ..transport.wire.memory import EndpointHandle
from ..xml.parser import ParserLimits
from .envelope import SoapFault, SoapFaultError, action_of, content_type, envelope, read_fault, read_response
from .partners import Partner, Partners
from .tls import client_context

if TYPE_CHECKING:
    from ..model.messages import IsAliveMessage, Message
    from ..transport.wire.base import Endpoint
    from ..transport.wire.clock import VirtualClock

__all__ = ["Timeouts", "SoapTransport"]

log = logging.getLogger("ecrislib.soap")

_RESPONSE_LIMITS: Final = ParserLimits(max_bytes=1024 * 1024)


@attrs.frozen(kw_only=True)
class Timeouts:
    """Seconds to wait: to connect, and for the answer."""

    connect: float = 5.0
    read: float = 30.0

    def httpx(self) -> httpx.Timeout:
        return httpx.Timeout(self.read, connect=self.connect)


DEFAULT_TIMEOUTS: Final = Timeouts()


class SoapTransport:
    """ECRIS over SOAP 1.2 to the partners of ``partners``, on ``clock`` (whose next event
    delivers receipts and whose outboxes retry)."""

    def __init__(
        self,
        partners: Partners,
        clock: VirtualClock,
        *,
        timeouts: Timeouts = DEFAULT_TIMEOUTS,
        on_exchange: Callable[[str], None] | None = None,
    ) -> None:
        self.partners = partners
        self.clock = clock
        self.timeouts = timeouts
        self.on_exchange = on_exchange
        self._endpoints: dict[str, Endpoint] = {}
        self._clients: dict[str, httpx.Client] = {}
        #: Sender faults, by message ID: these messages are not sent again
        self.refusals: dict[object, SoapFaultError] = {}

    # -- endpoints ---------------------------------------------------------------------------
    def register(self, endpoint: Endpoint) -> EndpointHandle:
        """Make ``endpoint`` a sender; the handle is the in-memory network's (``send``,
        ``is_alive`` bound to the endpoint's code), which needs only those two methods."""
        if endpoint.code in self._endpoints:
            raise DuplicateEndpointError(f"an endpoint is already registered for {endpoint.code}")
        self._endpoints[endpoint.code] = endpoint
        return EndpointHandle(self, endpoint.code)

    def unregister(self, code: str) -> None:
        self._endpoints.pop(code, None)

    def endpoint(self, code: str) -> Partner:
        """The partner ``code`` (its ``fingerprint_mode`` tells what a request may carry)."""
        try:
            return self.partners[code]
        except KeyError:
            raise UnknownEndpointError(f"no partner endpoint for {code}") from None

    def close(self) -> None:
        for client in self._clients.values():
            client.close()
        self._clients.clear()

    def __enter__(self) -> SoapTransport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _client(self, partner: Partner) -> httpx.Client:
        client = self._clients.get(partner.code)
        if client is None:
            verify: object = True
            if partner.url.startswith("https:"):
                verify = client_context(partner.ca, partner.cert, partner.key)
            client = self._clients[partner.code] = httpx.Client(verify=verify, timeout=self.timeouts.httpx(), trust_env=False)  # type: ignore[arg-type]
        return client

    def _post(self, message: Message, data: bytes | None = None) -> httpx.Response:
        partner = self.endpoint(message.receiver)
        headers = {"content-type": content_type(action_of(message.ROOT))}
        return self._client(partner).post(partner.url, content=envelope(message, data), headers=headers)

    def _log(self, line: str) -> None:
        log.info("%s", line)
        if self.on_exchange is not None:
            self.on_exchange(line)

    # -- Transport ---------------------------------------------------------------------------
    def send(self, sender: str, message: Message, data: bytes | None = None) -> None:
        """POST ``message`` in its envelope, whose Body is ``data`` (the sender's serialisation,
        journaled as it is) when given."""
        if message.sender != sender:
            raise SenderMismatchError(f"{message.message_id} does not name {sender} as its sender")
        if sender not in self._endpoints:
            raise UnknownEndpointError(f"no endpoint registered for the sender {sender}")
        refused = self.refusals.get(message.message_id)
        if refused is not None:
            raise refused
        summary = f"{message.sender}->{message.receiver} {message.ROOT} {message.message_id}"
        try:
            response = self._post(message, data)
        except httpx.HTTPError as error:
            self._log(f"not delivered {summary}: {type(error).__name__}; the outbox will retry")
            return
        if response.status_code == 202:
            receipt = Receipt(message.message_id, message.receiver, self.clock.now())
            self._log(f"delivered {summary}")
            endpoint = self._endpoints[sender]
            self.clock.schedule(_dt.timedelta(0), lambda: endpoint.on_receipt(receipt), "receipt")
            return
        fault = read_fault(response.content, response.status_code, _RESPONSE_LIMITS)
        if fault.code == "Receiver" or response.status_code >= 500:
            self._log(f"not delivered {summary}: {fault}; the outbox will retry")
            return
        self.refusals[message.message_id] = fault
        self._log(f"refused {summary}: {fault}")
        raise fault

    def is_alive(self, message: IsAliveMessage) -> IsAliveMessage:
        """POST an IsAliveMessage and return the partner's answer; EndpointDownError when the
        partner cannot be reached or answers with a fault."""
        try:
            response = self._post(message)
        except httpx.HTTPError as error:
            raise EndpointDownError(f"{message.receiver} does not answer isAlive ({type(error).__name__})") from None
        if response.status_code != 200:
            raise EndpointDownError(f"{message.receiver} answered isAlive with {read_fault(response.content, response.status_code, _RESPONSE_LIMITS)}")
        try:
            answer = read_response(response.content, _RESPONSE_LIMITS)
        except SoapFault as fault:
            raise EndpointDownError(f"{message.receiver} answered isAlive with an unreadable envelope ({fault.reason})") from None
        from ..model.messages import IsAliveMessage

        if not isinstance(answer, IsAliveMessage):
            raise EndpointDownError(f"{message.receiver} answered isAlive with a {answer.ROOT}")
        self._log(f"isAlive {message.sender}->{message.receiver} {message.message_id} -> {answer.message_id}")
        return answer

    def ping(self, sender: str, receiver: str) -> bool:
        """Whether ``receiver`` answers isAlive now."""
        from ..ids import MessageType, SequentialIds
        from ..model.messages import IsAliveMessage as IsAlive
        from ..model.messages import Metadata

        endpoint = self._endpoints.get(sender)
        ids = getattr(endpoint, "ids", None) or SequentialIds()
        metadata = Metadata.new(sender, receiver, MessageType.IAL, ids=ids, clock=self.clock)
        try:
            return self.is_alive(IsAlive(metadata=metadata, is_alive=True)).is_alive
        except EndpointDownError:
            return False
