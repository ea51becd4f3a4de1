"""A report becomes the FEM answering the faulty message, one FE code per group."""

from __future__ import annotations

import datetime as _dt

import pytest
from tests.support.validation_kit import INVALID, VALID, find, golden, xml

import ecrislib
from ecrislib.clock import FixedClock
from ecrislib.ids import SequentialIds
from ecrislib.validation import to_functional_error, validate

CLOCK = FixedClock(_dt.datetime(2026, 3, 1, 12, 0, tzinfo=_dt.timezone.utc))


def _broken_notification() -> bytes:
    tree = golden("notification.xml")
    find(tree, "//dm:PersonSex").text = "9"  # XSD-ENUM -> FE-00001
    find(tree, "//dm:ConvictionDecisionFinalDate").text = "2001-01-01"  # ECRIS-R-011 -> FE-00003
    find(tree, "(//dm:PersonName/dm:Forename)[1]").text = "  "  # XSD-LENGTH + XSD-PATTERN -> FE-00001
    return xml(tree)


def test_round_trip_and_self_validation() -> None:
    report = validate(_broken_notification())
    fem = to_functional_error(report, ids=SequentialIds(), clock=CLOCK)
    assert [e.code.id for e in fem.errors] == ["FE-00001", "FE-00003"]
    assert str(fem.metadata.response_to) == "GR-PL-NOT-000000000008101"
    assert str(fem.metadata.message_id).startswith("PL-GR-FEM-")
    data = ecrislib.serialize(fem)
    assert ecrislib.parse(data) == fem
    assert validate(data).clean


def test_custom_fe_codes_and_warnings() -> None:
    report = validate(INVALID / "rule-010-timestamp-offset.xml")
    with pytest.raises(ValueError, match="no issue"):
        to_functional_error(report, ids=SequentialIds(), clock=CLOCK)
    fem = to_functional_error(report, include_warnings=True, fe_codes={"ECRIS-R-010": "FE-00042"}, ids=SequentialIds(), clock=CLOCK)
    assert [e.code.id for e in fem.errors] == ["FE-00042"]
    text = fem.errors[0].additional_information.representations[0].value
    assert "ECRIS-R-010" in text and "MessageMetaDataTimestamp" in text


def test_unreadable_message_cannot_be_answered() -> None:
    with pytest.raises(ValueError, match="MessageID"):
        to_functional_error(validate(INVALID / "xml-syntax-truncated.xml"), ids=SequentialIds(), clock=CLOCK)


def test_long_reports_stay_within_the_remarks_limit() -> None:
    tree = golden("request-response-two-convictions.xml")
    for element in tree.xpath("//dm:Forename | //dm:Surname | //c:MultilingualTextLinguisticRepresentation", namespaces={"dm": "http://ec.europa.eu/ECRIS/domain-model-v1.0", "c": "http://ec.europa.eu/ECRIS/commons-v1.0"}):
        element.text = "<>"
    fem = to_functional_error(validate(xml(tree)), ids=SequentialIds(), clock=CLOCK)
    assert validate(ecrislib.serialize(fem)).clean
    assert all(len(e.additional_information.representations[0].value) <= 4000 for e in fem.errors)
    _ = VALID
