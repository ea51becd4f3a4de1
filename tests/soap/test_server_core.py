"""The pure server core: golden envelopes written by hand from the spec (SOAP 1.2 part 1 and
2, wire-format section 2) and every refusal, each a SOAP 1.2 Fault that quotes no value."""

from __future__ import annotations

import pytest
from lxml import etree

import ecrislib
from ecrislib.errors import CodecError
from ecrislib.soap.envelope import SoapFault, action_of, content_type, envelope, read_envelope
from ecrislib.soap.server import ServerLimits, SoapService
from ecrislib.testing import factories
from ecrislib.transport import Arrival
from ecrislib.xml.codec import SerializeOptions, serialize

from tests.support.soap_kit import GOLDEN, Recorder

ENV = "http://www.w3.org/2003/05/soap-envelope"
IS_ALIVE = next(p for p in GOLDEN if p.name == "is-alive.xml").read_bytes()  # RO -> GB
BODY = IS_ALIVE.split(b"?>", 1)[1].strip()
ACTION = 'application/soap+xml; charset=UTF-8; action="http://ec.europa.eu/ECRIS/isAlive"'

# Written by hand: what a CXF or .NET client puts on the wire for deliverRequest.
REQUEST = next(p for p in GOLDEN if p.name == "request.xml")  # GB -> RO
GOLDEN_REQUEST = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope">\n'
    b"  <soap:Header/>\n"
    b"  <soap:Body>\n    " + REQUEST.read_bytes().split(b"?>", 1)[1].strip() + b"\n  </soap:Body>\n"
    b"</soap:Envelope>\n"
)
DELIVER_REQUEST = {"content-type": 'application/soap+xml;charset=UTF-8;action="http://ec.europa.eu/ECRIS/deliverRequest"'}


def _fault(body: bytes) -> tuple[str, str]:
    root = etree.fromstring(body)
    return root.findtext(f"{{{ENV}}}Body/{{{ENV}}}Fault/{{{ENV}}}Code/{{{ENV}}}Value"), root.findtext(f"{{{ENV}}}Body/{{{ENV}}}Fault/{{{ENV}}}Reason/{{{ENV}}}Text")


@pytest.fixture
def ro() -> Recorder:
    return Recorder("RO")


@pytest.fixture
def service(ro: Recorder) -> SoapService:
    return SoapService(ro)


def test_golden_request_is_accepted_with_202_and_an_empty_body(service: SoapService, ro: Recorder) -> None:
    response = service.handle("POST", DELIVER_REQUEST, GOLDEN_REQUEST)
    assert (response.status, response.body) == (202, b"")
    assert ro.messages == [ecrislib.parse(REQUEST.read_bytes())]


def test_soapaction_header_alone_is_accepted(service: SoapService, ro: Recorder) -> None:
    headers = {"content-type": "application/soap+xml; charset=UTF-8", "soapaction": '"http://ec.europa.eu/ECRIS/deliverRequest"'}
    assert service.handle("POST", headers, GOLDEN_REQUEST).status == 202


def test_our_request_envelope_is_the_golden_shape() -> None:
    message = ecrislib.parse(REQUEST.read_bytes())
    expected = b"<?xml version='1.0' encoding='UTF-8'?>\n" + f'<env:Envelope xmlns:env="{ENV}"><env:Body>'.encode() + ecrislib.serialize(message).split(b"?>\n", 1)[1] + b"</env:Body></env:Envelope>"
    assert envelope(message) == expected
    assert read_envelope(envelope(message), action="http://ec.europa.eu/ECRIS/deliverRequest") == message


def test_is_alive_is_answered_with_an_is_alive_envelope() -> None:
    gb = Recorder("GB")
    response = SoapService(gb).handle("POST", {"content-type": ACTION}, f'<e:Envelope xmlns:e="{ENV}"><e:Body>'.encode() + BODY + b"</e:Body></e:Envelope>")
    assert response.status == 200
    assert dict(response.headers)["content-type"].startswith("application/soap+xml")
    root = etree.fromstring(response.body)
    assert root.tag == f"{{{ENV}}}Envelope"
    answer = ecrislib.parse(etree.tostring(root[0][0]))
    assert answer.ROOT == "IsAliveMessage" and answer.is_alive
    assert (answer.sender, answer.receiver) == ("GB", "RO")
    assert gb.messages == []


SECRET = "Testescu"  # the surname in request.xml: no fault may quote it


@pytest.mark.parametrize(
    "headers, body, status, code",
    [
        # wrong action: isAlive's action on a RequestMessage
        ({"content-type": ACTION}, GOLDEN_REQUEST, 400, "env:Sender"),
        # no action at all (soapActionRequired)
        ({"content-type": "application/soap+xml; charset=UTF-8"}, GOLDEN_REQUEST, 400, "env:Sender"),
        # SOAPAction header contradicting the action parameter
        ({**DELIVER_REQUEST, "soapaction": "http://ec.europa.eu/ECRIS/deliverNotification"}, GOLDEN_REQUEST, 400, "env:Sender"),
        # SOAP 1.1 media type
        ({"content-type": "text/xml; charset=UTF-8"}, GOLDEN_REQUEST, 415, "env:VersionMismatch"),
        # SOAP 1.1 envelope
        (DELIVER_REQUEST, GOLDEN_REQUEST.replace(ENV.encode(), b"http://schemas.xmlsoap.org/soap/envelope/"), 500, "env:VersionMismatch"),
        # a DOCTYPE inside the envelope
        (DELIVER_REQUEST, GOLDEN_REQUEST.replace(b"\n<soap:Envelope", b'\n<!DOCTYPE x [<!ENTITY s "' + SECRET.encode() + b'">]><soap:Envelope'), 400, "env:Sender"),
        # not well-formed
        (DELIVER_REQUEST, GOLDEN_REQUEST[:-40], 400, "env:Sender"),
        # two elements in the Body
        (DELIVER_REQUEST, GOLDEN_REQUEST.replace(b"</soap:Body>", b"<x/></soap:Body>"), 400, "env:Sender"),
        # a Body root that is no ECRIS operation
        (DELIVER_REQUEST, f'<e:Envelope xmlns:e="{ENV}"><e:Body><Hello>{SECRET}</Hello></e:Body></e:Envelope>'.encode(), 400, "env:Sender"),
        # a header block we must understand
        (DELIVER_REQUEST, GOLDEN_REQUEST.replace(b"<soap:Header/>", b'<soap:Header><h:Sec xmlns:h="urn:x" soap:mustUnderstand="true"/></soap:Header>'), 500, "env:MustUnderstand"),
        # content the schema does not allow (an unknown element after the surname)
        (DELIVER_REQUEST, GOLDEN_REQUEST.replace(b"Testescu</dm:Surname>", b"Testescu</dm:Surname><dm:Nickname>Testescu</dm:Nickname>"), 400, "env:Sender"),
        # addressed to another member state
        (DELIVER_REQUEST, GOLDEN_REQUEST.replace(b"GB-RO-REQ", b"GB-DE-REQ"), 400, "env:Sender"),
        # text in the Envelope, whose content is elements only (SOAP 1.2 part 1, 5.1)
        (DELIVER_REQUEST, GOLDEN_REQUEST.replace(b"<soap:Header/>", SECRET.encode() + b"<soap:Header/>"), 400, "env:Sender"),
        (DELIVER_REQUEST, GOLDEN_REQUEST.replace(b"<soap:Header/>", b"<soap:Header/>" + SECRET.encode()), 400, "env:Sender"),
        # a no-break space in the Body is text, not XML whitespace
        (DELIVER_REQUEST, GOLDEN_REQUEST.replace(b"</soap:Body>", "\u00a0".encode() + b"</soap:Body>"), 400, "env:Sender"),
    ],
    ids=["wrong-action", "no-action", "soapaction-differs", "soap11-media-type", "soap11-envelope", "doctype", "truncated", "two-children", "unknown-root", "must-understand", "invalid-content", "other-receiver", "text-in-envelope", "text-after-header", "nbsp-in-body"],
)
def test_refusals_are_soap_faults_without_values(service: SoapService, ro: Recorder, headers: dict[str, str], body: bytes, status: int, code: str) -> None:
    response = service.handle("POST", headers, body)
    assert response.status == status
    assert dict(response.headers)["content-type"].startswith("application/soap+xml")
    value, reason = _fault(response.body)
    assert value == code
    assert reason and SECRET not in reason and SECRET.encode() not in response.body
    assert ro.messages == []


def test_oversized_body_is_refused_before_parsing(ro: Recorder) -> None:
    service = SoapService(ro, limits=ServerLimits(max_bytes=1000))
    response = service.handle("POST", DELIVER_REQUEST, GOLDEN_REQUEST)
    assert response.status == 413 and _fault(response.body)[0] == "env:Sender"


def test_endpoint_down_is_503_receiver(ro: Recorder, service: SoapService) -> None:
    ro.alive = False
    response = service.handle("POST", DELIVER_REQUEST, GOLDEN_REQUEST)
    assert response.status == 503 and _fault(response.body)[0] == "env:Receiver"


def test_endpoint_failure_is_a_receiver_fault_not_a_traceback(ro: Recorder, service: SoapService) -> None:
    def broken(message: object) -> None:
        raise RuntimeError(SECRET)

    ro.on_message = broken  # type: ignore[method-assign]
    response = service.handle("POST", DELIVER_REQUEST, GOLDEN_REQUEST)
    assert response.status == 500 and _fault(response.body)[0] == "env:Receiver"
    assert SECRET.encode() not in response.body


def test_client_certificate_rules(ro: Recorder) -> None:
    service = SoapService(ro, require_peer=True)
    assert service.handle("POST", DELIVER_REQUEST, GOLDEN_REQUEST).status == 403  # no certificate
    refused = service.handle("POST", DELIVER_REQUEST, GOLDEN_REQUEST, peer="DE")  # DE's certificate, GB's message
    assert refused.status == 403 and _fault(refused.body)[0] == "env:Sender"
    assert ro.messages == []
    assert service.handle("POST", DELIVER_REQUEST, GOLDEN_REQUEST, peer="GB").status == 202


def test_wsdl_is_served_with_the_real_address(service: SoapService) -> None:
    response = service.handle("GET", {}, b"", query="wsdl", address="https://ecris.example:8443/ecris/RO")
    root = etree.fromstring(response.body)
    location = root.find(".//{http://schemas.xmlsoap.org/wsdl/soap12/}address").get("location")
    assert location == "https://ecris.example:8443/ecris/RO"
    imports = [e.get("schemaLocation") for e in root.iter("{http://www.w3.org/2001/XMLSchema}import")]
    assert imports == ["https://ecris.example:8443/ecris/RO?xsd=service-v1.0.xsd"]
    assert service.handle("GET", {}, b"", query="xsd=../../etc/passwd", address="http://x/").status == 404
    assert service.handle("PUT", {}, b"").status == 405


def test_wsdl_declares_the_15_operations_soap12_document_literal() -> None:
    from ecrislib.soap.wsdl import wsdl_text
    from ecrislib.transport import OPERATIONS

    root = etree.fromstring(wsdl_text())
    W, S12 = "{http://schemas.xmlsoap.org/wsdl/}", "{http://schemas.xmlsoap.org/wsdl/soap12/}"
    binding = root.find(f"{W}binding")
    assert binding.get("name") == "ecrisServiceBinding-v1.0"
    assert binding.find(f"{S12}binding").attrib == {"style": "document", "transport": "http://schemas.xmlsoap.org/soap/http"}
    actions = {op.get("name"): op.find(f"{S12}operation").get("soapAction") for op in binding.findall(f"{W}operation")}
    assert actions == {name: f"http://ec.europa.eu/ECRIS/{name}" for name in OPERATIONS.values()}
    assert all(op.find(f"{S12}operation").get("soapActionRequired") == "true" for op in binding.findall(f"{W}operation"))
    outputs = [op.get("name") for op in root.find(f"{W}portType").findall(f"{W}operation") if op.find(f"{W}output") is not None]
    assert outputs == ["isAlive"]
    assert [s.get("name") for s in root.findall(f"{W}service")] == ["ecrisService-v1.0_nofp"]
    assert root.findall(f".//{W}fault") == []


def test_sender_fault_round_trip() -> None:
    from ecrislib.soap.envelope import fault_envelope, read_fault

    error = read_fault(fault_envelope(SoapFault("Sender", "the SOAP action does not name deliverRequest")), 400)
    assert (error.code, error.reason, error.status) == ("Sender", "the SOAP action does not name deliverRequest", 400)
    assert read_fault(b"<html/>", 502).code == "Receiver"


class _ArrivalRecorder(Recorder):
    """An endpoint that takes what the server read (message, Body bytes, Body element)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.arrivals: list[Arrival] = []

    def on_arrival(self, arrival: Arrival) -> None:
        self.arrivals.append(arrival)


def test_the_envelope_carries_the_senders_bytes_and_the_receiver_gets_them_back() -> None:
    message = factories.notification(sender="GB", receiver="RO")
    data = serialize(message)
    assert envelope(message, data) == envelope(message)  # what it would write itself, byte for byte
    # Bytes the model would not write (indented): carried as they are, never written again.
    pretty = serialize(message, SerializeOptions(pretty=True))
    wrapped = envelope(message, pretty)
    body = pretty.split(b"?>", 1)[1].lstrip()
    assert wrapped.count(body) == 1 and wrapped.endswith(body + b"</env:Body></env:Envelope>")
    ro = _ArrivalRecorder("RO")
    response = SoapService(ro).handle("POST", {"content-type": content_type(action_of(message.ROOT))}, wrapped)
    assert response.status == 202 and ro.messages == []
    [arrival] = ro.arrivals
    assert arrival.message == message
    assert arrival.data == body  # the journal keeps exactly what arrived
    assert arrival.tree.getparent() is None and arrival.tree.tag == "{http://ec.europa.eu/ECRIS/service-v1.0}NotificationMessage"


def test_another_stacks_envelope_arrives_as_a_document_of_its_own() -> None:
    ro = _ArrivalRecorder("RO")
    assert SoapService(ro).handle("POST", DELIVER_REQUEST, GOLDEN_REQUEST).status == 202
    [arrival] = ro.arrivals
    assert ecrislib.parse(arrival.data) == ecrislib.parse(REQUEST.read_bytes()) == arrival.message
    assert ecrislib.validate(arrival.tree).ok


def test_bytes_declared_in_another_encoding_are_not_wrapped() -> None:
    message = factories.notification(sender="GB", receiver="RO")
    latin = serialize(message).replace(b"encoding='UTF-8'", b"encoding='ISO-8859-1'")
    with pytest.raises(CodecError, match="UTF-8"):
        envelope(message, latin)
