"""The codec's typed errors: an unknown root, namespace or element, or a value of the wrong
form is an error that names the element and the rule, never a silent default, never a dropped
element, and never quotes a value from the message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import ecrislib
from ecrislib.errors import (
    CodecError,
    MissingElementError,
    UnknownElementError,
    UnknownRootError,
    ValueFormatError,
    XmlError,
)

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "valid"
REQUEST = (GOLDEN / "request.xml").read_text(encoding="utf-8")
RESPONSE = (GOLDEN / "request-response-two-convictions.xml").read_text(encoding="utf-8")


def _mutate(text: str, old: str, new: str, count: int = 1) -> bytes:
    assert old in text, old
    return text.replace(old, new, count).encode("utf-8")


def _error(data: bytes) -> XmlError:
    with pytest.raises(XmlError) as caught:
        ecrislib.parse(data)
    return caught.value


def test_unknown_root_is_named() -> None:
    error = _error(b'<svc:SomethingMessage xmlns:svc="http://ec.europa.eu/ECRIS/service-v1.0"/>')
    assert isinstance(error, UnknownRootError)
    assert "svc:SomethingMessage" in str(error)


def test_root_in_the_messages_namespace_is_refused() -> None:
    data = _mutate(REQUEST, "<svc:RequestMessage", '<msg:RequestMessage').replace(b"</svc:RequestMessage>", b"</msg:RequestMessage>")
    error = _error(data)
    assert isinstance(error, UnknownRootError)
    assert "svc namespace" in str(error)


def test_other_ecris_version_is_refused_not_defaulted() -> None:
    data = REQUEST.replace("service-v1.0", "service-v2.0").encode()
    error = _error(data)
    assert isinstance(error, UnknownRootError)
    assert "not ECRIS v1.0" in str(error)


def test_element_in_wrong_namespace_is_named_with_its_path() -> None:
    # MessageDataPerson belongs to msg, not dm (spec section 9).
    data = _mutate(REQUEST, "<msg:MessageDataPerson>", "<dm:MessageDataPerson>").replace(b"</msg:MessageDataPerson>", b"</dm:MessageDataPerson>")
    error = _error(data)
    assert isinstance(error, UnknownElementError)
    assert "dm:MessageDataPerson" in str(error)
    assert error.path == "/RequestMessage/MessageData/MessageDataPerson"
    assert error.line is not None


def test_unknown_element_is_never_dropped() -> None:
    data = _mutate(REQUEST, "<msg:MessageDataUrgency>", "<msg:MessageDataMood>calm</msg:MessageDataMood><msg:MessageDataUrgency>")
    error = _error(data)
    assert isinstance(error, UnknownElementError)
    assert "msg:MessageDataMood is not allowed here" in str(error)


def test_elements_out_of_order_are_refused() -> None:
    # OffenceID placed before NationalCategoryTitle (spec section 9).
    text = RESPONSE
    start = text.index("<dm:ConvictionOffence>")
    block = text[start : text.index("</dm:ConvictionOffence>", start)]
    offence_id = re.search(r"\s*<dm:OffenceID>O-\d{5}</dm:OffenceID>", block).group(0)  # type: ignore[union-attr]
    moved = block.replace(offence_id, "").replace("<dm:ConvictionOffence>", "<dm:ConvictionOffence>" + offence_id, 1)
    error = _error(text.replace(block, moved).encode())
    assert isinstance(error, CodecError)
    assert "OffenceID" in str(error) or "NationalCategory" in str(error)


def test_missing_mandatory_element_is_named() -> None:
    data = re.sub(r"<dm:PersonSex>\d</dm:PersonSex>", "", REQUEST, count=1).encode()
    error = _error(data)
    assert isinstance(error, MissingElementError)
    assert "dm:PersonSex" in str(error)


def test_repeated_single_element_is_refused() -> None:
    data = _mutate(REQUEST, "<msg:MessageDataUrgency>", "<msg:MessageDataUrgency>No</msg:MessageDataUrgency><msg:MessageDataUrgency>")
    error = _error(data)
    assert isinstance(error, UnknownElementError)
    assert "repeated or out of order" in str(error)


@pytest.mark.parametrize(
    ("old", "new", "element"),
    [
        ("<c:DateMonth>--", "<c:DateMonth>", "c:DateMonth"),  # month written without --
        ("<msg:MessageDataUrgency>", "<msg:MessageDataUrgency>yes", "msg:MessageDataUrgency"),
        ("<dm:PersonSex>", "<dm:PersonSex>7", "dm:PersonSex"),
    ],
)
def test_value_of_wrong_form_is_a_value_error(old: str, new: str, element: str) -> None:
    text = REQUEST
    if new.endswith("yes"):
        text = re.sub(r"<msg:MessageDataUrgency>\w+</msg:MessageDataUrgency>", "<msg:MessageDataUrgency>yes</msg:MessageDataUrgency>", text)
        data = text.encode()
    elif new.endswith("7"):
        data = re.sub(r"<dm:PersonSex>\d</dm:PersonSex>", "<dm:PersonSex>7</dm:PersonSex>", text, count=1).encode()
    else:
        data = _mutate(text, old, new)
    error = _error(data)
    assert isinstance(error, ValueFormatError)
    assert element in str(error)


def test_bad_message_id_is_reported_without_the_value() -> None:
    data = re.sub(r"GB-RO-REQ-(\d{15})", r"GB-RO-XYZ-\1", REQUEST, count=1).encode()
    error = _error(data)
    assert isinstance(error, ValueFormatError)
    assert "MessageMetaDataMessageID" in str(error)
    assert "XYZ" not in str(error)
    assert error.value is None


def test_value_is_revealed_only_on_request() -> None:
    data = re.sub(r"<dm:PersonSex>\d</dm:PersonSex>", "<dm:PersonSex>QWERTY</dm:PersonSex>", REQUEST, count=1).encode()
    hidden = _error(data)
    assert "QWERTY" not in str(hidden) and hidden.value is None
    with pytest.raises(ValueFormatError) as caught:
        ecrislib.parse(data, limits=ecrislib.ParserLimits(reveal_values=True))
    assert caught.value.value == "QWERTY"
    assert "QWERTY" not in str(caught.value)


def test_name_with_angle_bracket_never_appears_in_the_error() -> None:
    marker = "Zyxwvu&lt;Secret"
    data = re.sub(r"(<dm:PersonName>\s*<dm:Forename[^>]*>)[^<]*", r"\g<1>" + marker, REQUEST, count=1).encode()
    error = _error(data)
    assert isinstance(error, ValueFormatError)
    assert "Zyxwvu" not in str(error) and "Secret" not in str(error)


def test_relationship_without_xsi_type_is_refused() -> None:
    text = RESPONSE
    data = re.sub(r'<dm:ConvictionRelationship xsi:type="[^"]+"', "<dm:ConvictionRelationship", text, count=1).encode()
    error = _error(data)
    assert isinstance(error, MissingElementError)
    assert "xsi:type" in str(error)


def test_relationship_type_is_read_through_any_prefix() -> None:
    # A peer may bind the domain namespace to another prefix; xsi:type is a QName.
    text = RESPONSE.replace('xmlns:dm="http://ec.europa.eu/ECRIS/domain-model-v1.0"', 'xmlns:dm="http://ec.europa.eu/ECRIS/domain-model-v1.0" xmlns:d2="http://ec.europa.eu/ECRIS/domain-model-v1.0"')
    text = text.replace('xsi:type="dm:', 'xsi:type="d2:')
    message = ecrislib.parse(text.encode())
    assert message == ecrislib.parse(RESPONSE.encode())


def test_unknown_relationship_type_is_named() -> None:
    data = re.sub(r'xsi:type="dm:\w+"', 'xsi:type="dm:ConvictionToConvictionsRelationshipType"', RESPONSE, count=1).encode()
    error = _error(data)
    assert isinstance(error, UnknownElementError)
    assert "xsi:type" in str(error)


def test_bare_text_in_multilingual_element_is_refused() -> None:
    data = re.sub(r"<msg:MessageDataRequestPurpose>.*?</msg:MessageDataRequestPurpose>", "<msg:MessageDataRequestPurpose>Vetting</msg:MessageDataRequestPurpose>", REQUEST, count=1, flags=re.S).encode()
    error = _error(data)
    assert isinstance(error, ValueFormatError)
    assert "MultilingualTextLinguisticRepresentation" in str(error)


def test_unexpected_attribute_is_not_dropped() -> None:
    data = _mutate(REQUEST, "<msg:MessageDataUrgency>", '<msg:MessageDataUrgency priority="high">')
    error = _error(data)
    assert isinstance(error, UnknownElementError)
    assert "priority" in str(error)


def test_schema_location_hint_on_the_root_is_accepted() -> None:
    data = _mutate(REQUEST, "<svc:RequestMessage ", '<svc:RequestMessage xsi:schemaLocation="http://ec.europa.eu/ECRIS/service-v1.0 service.xsd" ')
    assert ecrislib.parse(data) == ecrislib.parse(REQUEST.encode())


def test_comments_carry_no_data_and_are_ignored() -> None:
    data = _mutate(REQUEST, "<msg:MessageDataUrgency>", "<!-- checked by duty officer --><msg:MessageDataUrgency>")
    assert ecrislib.parse(data) == ecrislib.parse(REQUEST.encode())


def test_timestamp_without_offset_is_read_and_written_as_given() -> None:
    data = re.sub(r"(<msg:MessageMetaDataTimestamp>)[^<]+", r"\g<1>2020-11-02T09:00:00", REQUEST, count=1).encode()
    message = ecrislib.parse(data)
    assert message.metadata.timestamp.text == "2020-11-02T09:00:00"
    assert not message.metadata.timestamp.has_offset
    assert b"2020-11-02T09:00:00<" in ecrislib.serialize(message)


def test_response_to_on_a_notification_is_refused() -> None:
    notification = (GOLDEN / "notification.xml").read_text(encoding="utf-8")
    data = re.sub(
        r"(</msg:MessageMetaDataTimestamp>)",
        r"\1<msg:MessageMetaDataResponseTo>PL-GR-NRS-000000000000001</msg:MessageMetaDataResponseTo>",
        notification,
        count=1,
    ).encode()
    error = _error(data)
    assert isinstance(error, ValueFormatError)
    assert "response_to" in str(error)


def test_two_convictions_in_a_notification_are_refused() -> None:
    notification = (GOLDEN / "notification.xml").read_text(encoding="utf-8")
    start = notification.index("<msg:MessageDataConviction>")
    end = notification.index("</msg:MessageDataConviction>") + len("</msg:MessageDataConviction>")
    block = notification[start:end]
    error = _error(notification.replace(block, block + block).encode())
    assert isinstance(error, UnknownElementError)
    assert "msg:MessageDataConviction" in str(error)


def test_fraction_zero_is_refused() -> None:
    text = RESPONSE
    assert "<c:PositiveDecimalFraction>" in text
    data = re.sub(r"<c:PositiveDecimalFraction>\d+</c:PositiveDecimalFraction>", "<c:PositiveDecimalFraction>0</c:PositiveDecimalFraction>", text, count=1).encode()
    error = _error(data)
    assert isinstance(error, ValueFormatError)
