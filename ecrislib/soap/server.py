"""The SOAP server core: one ECRIS endpoint behind a pure function of an HTTP request.

:meth:`SoapService.handle` takes the method, query, headers and body of a request (and the
member state its client certificate proves, when TLS is on) and returns a :class:`Response`
(status, headers, body). It does no I/O of its own, so the same core runs under Starlette,
FastAPI, any ASGI server (:mod:`.asgi`) or any WSGI server (:mod:`.wsgi`), and is tested
without sockets.

What it does, in order: refuses a body larger than ``limits.max_bytes`` before reading it
(the adapters stop reading there too), checks the media type and the ``action`` parameter
(and a ``SOAPAction`` header, if one is sent), reads the envelope through the hardened parser,
checks that the action names the operation of the Body's root, reads the message, checks that
it is addressed to this endpoint and, with mutual TLS, that its sender is the certificate's
member state, and hands it over (HTTP 202, empty body) with the Body's bytes and element
(:class:`~ecrislib.transport.wire.base.Arrival`, to the endpoint's ``on_arrival`` if it has one,
else the model to :meth:`Endpoint.on_message`), so the endpoint validates and journals what
arrived without writing the message again; or, for
``isAlive``, answers the endpoint's ``IsAliveMessage`` (HTTP 200). Every refusal is a SOAP 1.2
Fault naming the rule, never a value of the message. Business errors are not faults: the
endpoint answers them later with a FunctionalErrorMessage, as the one-way contract says.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
from typing import TYPE_CHECKING, Callable, Final, Mapping

import attrs

from ..model.messages import IsAliveMessage
from ..xml.parser import ParserLimits
from ..transport.wire.base import deliver
from .envelope import CONTENT_TYPE, SoapFault, content_type, envelope, fault_envelope, read_request
from .wsdl import wsdl_for, xsd_for

if TYPE_CHECKING:
    from ..ids import IdSource
    from ..clock import Clock
    from ..model.messages import Message
    from ..transport.wire.base import Endpoint

__all__ = ["ServerLimits", "Response", "SoapService", "DEFAULT_SERVER_LIMITS"]

log = logging.getLogger("ecrislib.soap")

_ACTION = re.compile(r'(?:^|;)\s*action\s*=\s*(?:"([^"]*)"|([^;\s]*))', re.IGNORECASE)
_XML: Final = (("content-type", "application/soap+xml; charset=UTF-8"),)


@attrs.frozen(kw_only=True)
class ServerLimits:
    """How much a request may be: ``max_bytes`` of body (checked before reading, from the
    ``Content-Length`` and while reading) and the parser's depth limit."""

    max_bytes: int = attrs.field(default=16 * 1024 * 1024, validator=attrs.validators.gt(0))
    max_depth: int = attrs.field(default=256, validator=attrs.validators.gt(0))
    #: the same limits as the parser takes them (built once: building them costs ~10 us)
    parser: ParserLimits = attrs.field(init=False, eq=False, repr=False)

    @parser.default
    def _parser_limits(self) -> ParserLimits:
        return ParserLimits(max_bytes=self.max_bytes, max_depth=self.max_depth)


DEFAULT_SERVER_LIMITS: Final = ServerLimits()


@attrs.frozen
class Response:
    """An HTTP answer: status, headers (lower-case names) and body bytes."""

    status: int
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""


_ACCEPTED: Final = Response(202)


def _summary(message: Message) -> str:
    return f"{message.sender}->{message.receiver} {message.ROOT} {message.message_id}"


def _fault_summary(fault: SoapFault) -> str:
    return f"fault {fault.status} {fault.code}: {fault.reason}"


def fault_response(fault: SoapFault) -> Response:
    """The HTTP answer carrying ``fault``."""
    return Response(fault.status, _XML, fault_envelope(fault))


def too_large(limits: ServerLimits) -> SoapFault:
    """The refusal of a body over ``limits.max_bytes`` (HTTP 413)."""
    return SoapFault("Sender", f"the body is larger than {limits.max_bytes} bytes", 413)


def _action(headers: Mapping[str, str]) -> str | None:
    """The SOAP action of the request: the ``action`` media-type parameter, which a
    ``SOAPAction`` header, if sent, must repeat."""
    media = headers.get("content-type", "")
    if media.split(";", 1)[0].strip().lower() != CONTENT_TYPE:
        if media.split(";", 1)[0].strip().lower() == "text/xml":
            raise SoapFault("VersionMismatch", "text/xml is SOAP 1.1; this endpoint speaks SOAP 1.2 (application/soap+xml)", 415)
        raise SoapFault("Sender", "the content type must be application/soap+xml", 415)
    found = _ACTION.search(media.split(";", 1)[1] if ";" in media else "")
    action = (found.group(1) if found.group(1) is not None else found.group(2)) if found else None
    header = headers.get("soapaction")
    if header is not None:
        header = header.strip().strip('"')
        if action is None:
            action = header
        elif header and header != action:
            raise SoapFault("Sender", "the SOAPAction header and the action parameter differ")
    return action or None


class SoapService:
    """An :class:`~ecrislib.transport.wire.base.Endpoint` served over SOAP 1.2.

    ``require_peer``: refuse requests that no client certificate vouches for (mutual TLS).
    ``ids`` and ``clock`` build the isAlive answer of an endpoint that has no
    ``answer_is_alive(message)`` method of its own. ``address``, when given, is the public
    address the WSDL announces (otherwise the adapters derive it from the request).
    ``on_exchange`` is called with a one-line, data-free summary of every request.
    """

    def __init__(
        self,
        endpoint: Endpoint,
        *,
        limits: ServerLimits = DEFAULT_SERVER_LIMITS,
        require_peer: bool = False,
        address: str | None = None,
        ids: IdSource | None = None,
        clock: Clock | None = None,
        on_exchange: Callable[[str], None] | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.limits = limits
        self.require_peer = require_peer
        self.address = address
        self._ids = ids
        self._clock = clock
        self._ids_lock = threading.Lock()  # adapters may call handle() from several threads
        self.on_exchange = on_exchange

    # -- the core ----------------------------------------------------------------------------
    def handle(
        self,
        method: str,
        headers: Mapping[str, str],
        body: bytes,
        *,
        query: str = "",
        address: str = "",
        peer: str | None = None,
    ) -> Response:
        """Answer one HTTP request. ``headers`` have lower-case names; ``address`` is the
        endpoint's URL as the client reached it (used for the WSDL unless ``self.address``
        is set); ``peer`` is the member state of a verified client certificate."""
        if method == "GET":
            return self._get(query, self.address or address)
        if method != "POST":
            return fault_response(SoapFault("Sender", "only POST (and GET ?wsdl) are served", 405))
        try:
            response, summary = self._post(headers, body, peer)
        except SoapFault as fault:
            response, summary = fault_response(fault), functools.partial(_fault_summary, fault)
        if self.on_exchange is not None:  # the line is written only for someone who reads it
            self.on_exchange(f"{self.endpoint.code} {summary()}")
        return response

    def _get(self, query: str, address: str) -> Response:
        if query.lower() == "wsdl":
            return Response(200, (("content-type", "text/xml; charset=UTF-8"),), wsdl_for(address))
        if query.startswith("xsd="):
            data = xsd_for(query[4:], address)
            if data is not None:
                return Response(200, (("content-type", "text/xml; charset=UTF-8"),), data)
        return Response(404, (("content-type", "text/plain; charset=UTF-8"),), b"not found: this endpoint serves ?wsdl and its ?xsd= files\n")

    def _post(self, headers: Mapping[str, str], body: bytes, peer: str | None) -> tuple[Response, Callable[[], str]]:
        if len(body) > self.limits.max_bytes:
            raise too_large(self.limits)
        if self.require_peer and peer is None:
            raise SoapFault("Sender", "a client certificate is required", 403)
        action = _action(headers)
        arrival = read_request(body, self.limits.parser, action=action)
        message = arrival.message
        endpoint = self.endpoint
        if message.receiver != endpoint.code:
            raise SoapFault("Sender", f"{message.message_id} is addressed to {message.receiver}, not to this endpoint ({endpoint.code})")
        if peer is not None and message.sender != peer:
            raise SoapFault("Sender", f"{message.message_id} names {message.sender} as its sender; the client certificate is {peer}'s", 403)
        if not endpoint.is_alive():
            raise SoapFault("Receiver", f"the endpoint {endpoint.code} is not available", 503)
        if isinstance(message, IsAliveMessage):
            try:
                answer = self._is_alive(message)
            except Exception as error:  # as for on_message below
                log.warning("endpoint %s failed on %s: %s", endpoint.code, message.message_id, type(error).__name__)
                raise SoapFault("Receiver", f"the endpoint could not answer {message.message_id}", 503) from None
            return Response(200, (("content-type", content_type()),), envelope(answer)), lambda: f"200 {_summary(message)} -> {answer.message_id}"
        try:
            deliver(endpoint, arrival)
        except Exception as error:  # the endpoint's failure must not reach the client as a traceback
            log.warning("endpoint %s failed on %s: %s", endpoint.code, message.message_id, type(error).__name__)
            raise SoapFault("Receiver", f"the endpoint could not take {message.message_id}; send it again later") from None
        return _ACCEPTED, lambda: f"202 {_summary(message)}"

    def _is_alive(self, message: IsAliveMessage) -> IsAliveMessage:
        answer = getattr(self.endpoint, "answer_is_alive", None)
        if answer is not None:
            return answer(message)  # type: ignore[no-any-return]
        from ..clock import SystemClock
        from ..ids import MessageType, SequentialIds
        from ..model.messages import Metadata

        with self._ids_lock:
            if self._ids is None:
                self._ids = SequentialIds()
            metadata = Metadata.new(message.receiver, message.sender, MessageType.IAL, ids=self._ids, clock=self._clock or SystemClock())
        return IsAliveMessage(metadata=metadata, is_alive=True)
