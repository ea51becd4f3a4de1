"""Section 9 of the wire-format spec, seen through ``validate()``: each case gets a sensible
rule ID in the report, including the two cases libxml2 misses and our ID check catches."""

from __future__ import annotations

import copy

import pytest
from lxml import etree
from tests.support.validation_kit import NS, find, golden, xml

from ecrislib.validation import validate

PERSON = "/svc:RequestMessage/msg:MessageData/msg:MessageDataPerson"
CONVICTION = "/svc:NotificationMessage/msg:MessageData/msg:MessageDataConviction"


def _rename(element: etree._Element, prefix: str) -> None:
    element.tag = f"{{{NS[prefix]}}}{etree.QName(element).localname}"


def _rules(tree: etree._ElementTree) -> frozenset[str]:
    report = validate(xml(tree))
    assert not report.ok
    return report.rule_ids


def test_root_in_msg_namespace() -> None:
    tree = golden("request.xml")
    _rename(tree.getroot(), "msg")
    assert "XSD-ROOT" in _rules(tree)


@pytest.mark.parametrize(("name", "value"), [("DateMonth", "05"), ("DateDay", "07")])
def test_month_or_day_without_dashes(name: str, value: str) -> None:
    tree = golden("request.xml")
    find(tree, f"{PERSON}/dm:PersonBirthDate//c:{name}").text = value
    assert "XSD-TYPE" in _rules(tree)


@pytest.mark.parametrize("path", [f"{PERSON}/dm:PersonBirthDate/c:DateYear", "//msg:MessageDataRequestPurpose/c:MultilingualTextLinguisticRepresentation"])
def test_commons_element_in_dm_namespace(path: str) -> None:
    tree = golden("request.xml")
    _rename(find(tree, path), "dm")
    assert _rules(tree) & {"XSD-UNEXPECTED", "XSD-MISSING"}


def test_plain_text_in_multilingual() -> None:
    tree = golden("request.xml")
    purpose = find(tree, "//msg:MessageDataRequestPurpose")
    for child in list(purpose):
        purpose.remove(child)
    purpose.text = "Criminal proceedings"
    assert "XSD-TEXT" in _rules(tree)


def test_person_in_dm_namespace() -> None:
    tree = golden("request.xml")
    _rename(find(tree, PERSON), "dm")
    assert "XSD-UNEXPECTED" in _rules(tree)


def test_offence_id_before_title() -> None:
    tree = golden("notification.xml")
    offence = find(tree, f"{CONVICTION}/dm:ConvictionOffence[1]")
    offence.insert(0, find(offence, "dm:OffenceID"))
    assert "XSD-UNEXPECTED" in _rules(tree)


@pytest.mark.parametrize("value", ["false", "yes", "Unknown"])
def test_yes_no_unknown_case(value: str) -> None:
    tree = golden("request.xml")
    find(tree, "//msg:MessageDataUrgency").text = value
    assert "XSD-ENUM" in _rules(tree)


@pytest.mark.parametrize("value", ["GB-RO-RRS-000000000007301", "gb-RO-REQ-000000000007301", "GB-RO-REQ-00000000007301"])
def test_bad_message_id(value: str) -> None:
    tree = golden("request.xml")
    find(tree, "//msg:MessageMetaDataMessageID").text = value
    assert _rules(tree) & {"XSD-PATTERN", "XSD-LENGTH"}


def test_response_to_on_notification() -> None:
    tree = golden("notification.xml")
    metadata = find(tree, "//msg:MessageMetaData")
    etree.SubElement(metadata, f"{{{NS['msg']}}}MessageMetaDataResponseTo").text = "PL-GR-REQ-000000000000001"
    assert "XSD-UNEXPECTED" in _rules(tree)


@pytest.mark.parametrize("name", ["PersonSex", "PersonBirthPlace", "PersonNationalityReference"])
def test_missing_person_element(name: str) -> None:
    tree = golden("request.xml")
    person = find(tree, PERSON)
    for child in person.findall(f"{{{NS['dm']}}}{name}"):
        person.remove(child)
    assert _rules(tree) & {"XSD-UNEXPECTED", "XSD-MISSING"}


def test_blank_name() -> None:
    tree = golden("request.xml")
    find(tree, f"{PERSON}/dm:PersonName/dm:Forename").text = "   "
    assert "XSD-LENGTH" in _rules(tree)


@pytest.mark.parametrize("value", ["Jan <Maria>", "Jan > Maria"])
def test_angle_brackets(value: str) -> None:
    tree = golden("request.xml")
    find(tree, f"{PERSON}/dm:PersonName/dm:Forename").text = value
    assert "XSD-PATTERN" in _rules(tree)


def test_two_convictions_in_a_notification() -> None:
    tree = golden("notification.xml")
    first = find(tree, CONVICTION)
    first.addnext(copy.deepcopy(first))
    rules = _rules(tree)
    assert "XSD-UNEXPECTED" in rules
    assert "ID-DUPLICATE" in rules  # the copy repeats every ID too


@pytest.mark.parametrize(("name", "value"), [("PositiveDecimalFraction", "0"), ("PositiveDecimalUnit", "150.50")])
def test_bad_amount(name: str, value: str) -> None:
    tree = golden("notification.xml")
    find(tree, f"//c:{name}").text = value
    assert "XSD-TYPE" in _rules(tree)


def test_duration_exact_first() -> None:
    tree = golden("notification.xml")
    period = find(tree, f"{CONVICTION}/dm:ConvictionSanction/dm:SanctionSentencedPeriod")
    period.insert(0, find(period, "dm:DurationExact"))
    assert "XSD-UNEXPECTED" in _rules(tree)


@pytest.mark.parametrize("code", ["PL", "POL"])
def test_language_code(code: str) -> None:
    tree = golden("request.xml")
    find(tree, f"{PERSON}/dm:PersonName/dm:Forename").set("languageCode", code)
    report = validate(xml(tree))
    assert "XSD-PATTERN" in report.rule_ids
    assert "attribute languageCode" in report.by_rule("XSD-PATTERN")[0].message


def test_relationship_without_xsi_type() -> None:
    tree = golden("notification.xml")
    relationship = find(tree, f"{CONVICTION}/dm:ConvictionRelationship[1]")
    del relationship.attrib[f"{{{NS['xsi']}}}type"]
    assert "XSD-XSI-TYPE" in _rules(tree)


def test_cancellation_of_a_deadline() -> None:
    tree = golden("cancellation.xml")
    find(tree, "//msg:MessageMetaDataResponseTo").text = "DE-PL-RDL-000000000000103"
    assert "XSD-PATTERN" in _rules(tree)


# -- the cases only a strict validator catches: our ID check ------------------------------------


def test_dangling_updated_conviction_reference() -> None:
    tree = golden("notification-update-ecris-reference.xml")
    find(tree, "//msg:MessageDataUpdatedConvictionReference/msg:ECRISConvictionReference").text = "GR-C-000000000099999"
    report = validate(xml(tree))
    assert report.rule_ids == {"ID-DANGLING"} | {i.rule_id for i in report.infos}


def test_relationship_to_unknown_offence() -> None:
    tree = golden("notification.xml")
    find(tree, "//dm:ConvictionRelationship[@xsi:type='dm:SanctionToOffencesRelationshipType']/dm:Offence").text = "O-00099"
    assert "ID-DANGLING" in _rules(tree)


def test_repeated_fe_code() -> None:
    tree = golden("functional-error.xml")
    codes = tree.xpath("//msg:FunctionalErrorCode", namespaces=NS)
    codes[1].text = codes[0].text
    assert "ID-DUPLICATE" in _rules(tree)


@pytest.mark.parametrize(("first", "second"), [("D-00001", "D-00004"), ("O-00001", "O-00003"), ("S-00001", "S-00003")])
def test_id_reused_across_convictions(first: str, second: str) -> None:
    tree = golden("request-response-two-convictions.xml")
    convictions = tree.xpath("//msg:MessageDataConviction", namespaces=NS)
    for element in convictions[1].iter():
        if element.text == second:
            element.text = first
    assert "ID-DUPLICATE" in _rules(tree)


def test_timestamp_without_offset_is_schema_valid_but_warned() -> None:
    tree = golden("request.xml")
    find(tree, "//msg:MessageMetaDataTimestamp").text = "2024-03-05T10:15:00"
    report = validate(xml(tree))
    assert report.ok
    assert [i.rule_id for i in report.warnings] == ["ECRIS-R-010"]


def test_base64_that_libxml2_lets_through_is_reported() -> None:
    """libxml2 accepts ``2024-02-30`` as xsd:base64Binary; xmlschema does not, nor do we."""
    tree = golden("request-push.xml")
    find(tree, "//msg:MessageDataFingerprintsPush/msg:BinaryAttachmentContent").text = "2024-02-30"
    report = validate(xml(tree))
    assert [issue.rule_id for issue in report.errors] == ["XSD-TYPE"]
    assert "2024" not in str(report)
