"""SOAP 1.2 envelopes of ECRIS calls: write one around a message, read one through the hardened
parser, and the SOAP 1.2 Fault.

ECRIS is document/literal: the Body holds exactly one element, the message root, and the
operation follows from that root (:data:`ecrislib.transport.wire.base.OPERATIONS`). Writing is a
byte concatenation around the bytes the sender serialised (its outbox's, journaled as they are),
so the Body is byte for byte what the sender keeps and the message is never written twice.
Reading goes through :func:`ecrislib.xml.parser.load` (no DTD, no entities, size and depth
limits) and refuses anything that is not one SOAP 1.2 envelope with one Body child; every
refusal is a :class:`SoapFault` whose reason names elements and rules, never a value. A request
is read once: :func:`read_request` gives the message with the Body's bytes and element, which
the receiver validates and journals instead of writing the message again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, Literal

from lxml import etree

from ..errors import CodecError, EcrisError, XmlError
from ..transport.wire.base import OPERATIONS, SOAP_ACTION_BASE, Arrival, MessageRefusedError
from ..xml.codec import SerializeOptions, parse_element, serialize
from ..xml import parser
from ..xml.whitespace import XML_SPACE

if TYPE_CHECKING:
    from ..model.messages import Message
    from ..xml.parser import ParserLimits

__all__ = [
    "SOAP12_NS",
    "SOAP11_NS",
    "CONTENT_TYPE",
    "SoapFault",
    "SoapFaultError",
    "content_type",
    "envelope",
    "fault_envelope",
    "read_envelope",
    "read_request",
    "read_fault",
    "read_response",
    "action_of",
]

#: The SOAP 1.2 envelope namespace (the ``soap12`` WSDL binding puts it on the wire).
SOAP12_NS: Final = "http://www.w3.org/2003/05/soap-envelope"
#: SOAP 1.1's envelope namespace: recognised only to answer with a VersionMismatch fault.
SOAP11_NS: Final = "http://schemas.xmlsoap.org/soap/envelope/"
#: The media type of SOAP 1.2 over HTTP.
CONTENT_TYPE: Final = "application/soap+xml"

_ENVELOPE: Final = f'<env:Envelope xmlns:env="{SOAP12_NS}"><env:Body>'.encode()
_CLOSE: Final = b"</env:Body></env:Envelope>"
_DECLARATION: Final = b"<?xml version='1.0' encoding='UTF-8'?>\n"
_OPEN: Final = _DECLARATION + _ENVELOPE
_E = "{%s}" % SOAP12_NS
_BODY: Final = _E + "Body"
_SVC = "{http://ec.europa.eu/ECRIS/service-v1.0}"

FaultCode = Literal["Sender", "Receiver", "VersionMismatch", "MustUnderstand"]


class SoapFault(EcrisError):
    """A refusal to be answered with a SOAP 1.2 Fault: ``code`` (``Sender`` when the request is
    at fault, ``Receiver`` when the server is), a ``reason`` that quotes no value, and the
    HTTP ``status`` of the answer (SOAP 1.2 part 2, 7.5.1: Sender 400, the others 500; more
    precise statuses where HTTP has one: 403, 405, 413, 415, 503)."""

    def __init__(self, code: FaultCode, reason: str, status: int | None = None) -> None:
        self.code = code
        self.reason = reason
        self.status = status if status is not None else (400 if code == "Sender" else 500)
        super().__init__(f"{code}: {reason}")


class SoapFaultError(MessageRefusedError):
    """A peer answered a call with a SOAP Fault (``code``, ``reason``, HTTP ``status``).
    Raised to the outbox only for a ``Sender`` fault, which means the message itself is
    refused: sending it again cannot help (a ``Receiver`` fault or a 5xx is retried)."""

    def __init__(self, code: str, reason: str, status: int) -> None:
        self.code = code
        self.reason = reason
        self.status = status
        super().__init__(f"HTTP {status}, SOAP fault {code}: {reason}")


def action_of(root: str) -> str:
    """The SOAP action of the operation carrying the root element ``root``."""
    return SOAP_ACTION_BASE + OPERATIONS[root]


def content_type(action: str | None = None) -> str:
    """The ``Content-Type`` of a SOAP 1.2 message, with its ``action`` parameter."""
    base = f"{CONTENT_TYPE}; charset=UTF-8"
    return f'{base}; action="{action}"' if action else base


def envelope(message: Message, data: bytes | None = None) -> bytes:
    """The SOAP 1.2 envelope carrying ``message`` as its Body (UTF-8 bytes). ``data``: the
    message as its sender serialised it (UTF-8 ECRIS XML, as :func:`serialize` writes), wrapped
    as it is without its XML declaration; without it, the message is serialised here."""
    return _OPEN + (serialize(message, _BARE) if data is None else _without_declaration(data)) + _CLOSE


def _without_declaration(data: bytes) -> bytes:
    """``data`` after its XML declaration (and the whitespace after it), if it has one."""
    if data.startswith(_DECLARATION):
        return data[len(_DECLARATION):]
    if not data.startswith(b"<?xml"):
        return data
    end = data.find(b"?>")
    encoding = data[:end].lower().partition(b"encoding")[2].strip(b" \t\r\n=\"'")
    if end < 0 or (encoding and not encoding.startswith((b"utf-8", b"utf8"))):
        raise CodecError("the message's XML declaration is not UTF-8's; a SOAP envelope carries UTF-8", rule="soap.encoding")
    return data[end + 2:].lstrip(b" \t\r\n")


_BARE: Final = SerializeOptions(xml_declaration=False)


def fault_envelope(fault: SoapFault) -> bytes:
    """The envelope of a SOAP 1.2 Fault."""
    root = etree.Element(_E + "Envelope", nsmap={"env": SOAP12_NS})
    body = etree.SubElement(root, _E + "Body")
    element = etree.SubElement(body, _E + "Fault")
    value = etree.SubElement(etree.SubElement(element, _E + "Code"), _E + "Value")
    value.text = f"env:{fault.code}"
    text = etree.SubElement(etree.SubElement(element, _E + "Reason"), _E + "Text")
    text.set("{http://www.w3.org/XML/1998/namespace}lang", "en")
    text.text = fault.reason
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _body_child(data: bytes, limits: ParserLimits | None) -> etree._Element:
    try:
        root = parser.load(data, limits)
    except XmlError as error:
        raise SoapFault("Sender", f"the envelope is not acceptable XML ({error.rule})") from None
    if root.tag == "{%s}Envelope" % SOAP11_NS:
        raise SoapFault("VersionMismatch", "SOAP 1.1 envelope; this endpoint speaks SOAP 1.2")
    if root.tag != _E + "Envelope":
        raise SoapFault("Sender", "the document is not a SOAP 1.2 Envelope")
    if len(root) == 1 and not root.text:  # the usual envelope: a Body holding one element, nothing else
        body = root[0]
        if body.tag == _BODY and len(body) == 1 and not body.text and not body.tail:
            only = body[0]
            if isinstance(only.tag, str) and not only.tail:
                return only
    if (root.text or "").strip(XML_SPACE) or any((child.tail or "").strip(XML_SPACE) for child in root):
        raise SoapFault("Sender", "the Envelope holds text outside its elements")
    children = [child for child in root if isinstance(child.tag, str)]
    if children and children[0].tag == _E + "Header":
        header = children.pop(0)
        for block in header:
            if isinstance(block.tag, str) and block.get(_E + "mustUnderstand") in ("true", "1"):
                raise SoapFault("MustUnderstand", f"header block {etree.QName(block).localname} is not understood")
    if len(children) != 1 or children[0].tag != _E + "Body":
        raise SoapFault("Sender", "the Envelope must hold one Body (after an optional Header)")
    body = children[0]
    if (body.text or "").strip(XML_SPACE) or any((c.tail or "").strip(XML_SPACE) for c in body):
        raise SoapFault("Sender", "the Body holds text outside its element")
    content = [child for child in body if isinstance(child.tag, str)]
    if len(content) != 1:
        raise SoapFault("Sender", f"the Body must hold exactly one element, not {len(content)}")
    return content[0]


def read_envelope(data: bytes, limits: ParserLimits | None = None, *, action: str | None) -> Message:
    """The ECRIS message in a SOAP 1.2 request envelope, checked against the call's ``action``
    (``None`` when the request named none: refused, since ``soapActionRequired`` is true).
    Raises :class:`SoapFault`."""
    return _request_message(_body_child(data, limits), action)


def read_request(data: bytes, limits: ParserLimits | None = None, *, action: str | None) -> Arrival:
    """:func:`read_envelope`, with what the message was read from: the Body's element (taken
    out of the envelope, so paths start at the message root) and its bytes as they arrived."""
    element = _body_child(data, limits)
    message = _request_message(element, action)
    body = _body_bytes(data)
    if body is None:  # another stack's envelope: the Body's element, with the namespaces in scope
        body = etree.tostring(element, encoding="UTF-8", xml_declaration=True, with_tail=False)
    parent = element.getparent()
    if parent is not None:  # always: the Body
        parent.remove(element)
    return Arrival(message, body, element)


def _body_bytes(data: bytes) -> bytes | None:
    """The Body's content exactly as received, when the envelope is laid out as
    :func:`envelope` writes it (nothing declared around the Body but the ``env`` prefix, which
    the content does not use): those bytes are then a document of their own."""
    start = len(_OPEN) if data.startswith(_OPEN) else len(_ENVELOPE) if data.startswith(_ENVELOPE) else 0
    end = data.rfind(_CLOSE)
    if not start or end < start or data[end + len(_CLOSE):].strip(b" \t\r\n"):
        return None
    body = data[start:end]
    return None if b"env:" in body else body


def _request_message(element: etree._Element, action: str | None) -> Message:
    tag = element.tag
    local = tag[len(_SVC):] if isinstance(tag, str) and tag.startswith(_SVC) else None
    if local is None or local not in OPERATIONS:
        raise SoapFault("Sender", "the Body's element is not the root of an ECRIS operation")
    if action is None:
        raise SoapFault("Sender", f"no SOAP action: {OPERATIONS[local]} requires one")
    if action != action_of(local):
        raise SoapFault("Sender", f"the SOAP action does not name {OPERATIONS[local]}, the operation of {local}")
    try:
        return parse_element(element)
    except XmlError as error:
        where = f" at {error.path}" if error.path else ""
        raise SoapFault("Sender", f"{local} is not a valid ECRIS message{where} ({error.rule})") from None


def read_response(data: bytes, limits: ParserLimits | None = None) -> Message:
    """The ECRIS message in a SOAP 1.2 response envelope (isAlive's answer)."""
    element = _body_child(data, limits)
    try:
        return parse_element(element)
    except XmlError as error:
        raise SoapFault("Receiver", f"the response is not a valid ECRIS message ({error.rule})") from None


def read_fault(data: bytes, status: int, limits: ParserLimits | None = None) -> SoapFaultError:
    """The :class:`SoapFaultError` an answer with a Fault (or without one) stands for."""
    try:
        element = _body_child(data, limits)
    except SoapFault:
        element = None
    if element is None or element.tag != _E + "Fault":
        return SoapFaultError("Receiver" if status >= 500 else "Sender", f"HTTP {status} without a SOAP Fault", status)
    value = element.findtext(f"{_E}Code/{_E}Value") or ""
    code = value.rpartition(":")[2] or "Receiver"
    reason = (element.findtext(f"{_E}Reason/{_E}Text") or "")[:500]
    return SoapFaultError(code, reason, status)
