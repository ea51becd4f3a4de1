"""Section 9 of the wire-format spec: what the official schemas reject or accept, one test each.

Every test starts from a valid hand-written instance (see ``data/``), breaks one thing, and checks
that both libxml2 (lxml) and xmlschema reject it for that reason. The last group are the cases
that only a strict validator (xmlschema) catches: libxml2 does not check that xsd:ID values are
unique nor that xsd:IDREF values point somewhere, which is why ecrislib has its own ID check.
"""

from __future__ import annotations

import copy

import pytest
from lxml import etree
from tests.support.xsd_testkit import (
    DM,
    MSG,
    XSI,
    assert_rejected,
    assert_rejected_by_xmlschema_only,
    assert_valid,
    find,
    load,
)

BIRTH_DATE = "/svc:RequestMessage/msg:MessageData/msg:MessageDataPerson/dm:PersonBirthDate"
PERSON = "/svc:RequestMessage/msg:MessageData/msg:MessageDataPerson"
CONVICTION = "/svc:NotificationMessage/msg:MessageData/msg:MessageDataConviction"


def _rename(element: etree._Element, namespace: str) -> None:
    """Move ``element`` to another namespace, keeping its local name."""
    element.tag = etree.QName(namespace, etree.QName(element).localname).text


# --- rejected by both validators ------------------------------------------------------------


def test_root_in_msg_namespace_is_rejected() -> None:
    tree = load("request.xml")
    _rename(tree.getroot(), MSG)
    assert_rejected(tree, "RequestMessage")


@pytest.mark.parametrize(
    ("element", "value"),
    [("c:DateMonthDay/c:DateMonth", "05"), ("c:DateMonthDay/c:DateDay", "07")],
    ids=["month-05", "day-07"],
)
def test_month_or_day_without_dashes_is_rejected(element: str, value: str) -> None:
    tree = load("request.xml")
    find(tree, f"{BIRTH_DATE}/{element}").text = value
    assert_rejected(tree, element.rsplit(":", 1)[1])


@pytest.mark.parametrize(
    "path",
    [
        f"{BIRTH_DATE}/c:DateYear",
        "/svc:RequestMessage/msg:MessageData/msg:MessageDataRequestPurpose"
        "/c:MultilingualTextLinguisticRepresentation",
    ],
    ids=["DateYear", "MultilingualTextLinguisticRepresentation"],
)
def test_commons_element_in_dm_namespace_is_rejected(path: str) -> None:
    tree = load("request.xml")
    element = find(tree, path)
    _rename(element, DM)
    assert_rejected(tree, etree.QName(element).localname)


def test_plain_text_inside_multilingual_element_is_rejected() -> None:
    tree = load("request.xml")
    purpose = find(tree, "/svc:RequestMessage/msg:MessageData/msg:MessageDataRequestPurpose")
    for child in list(purpose):
        purpose.remove(child)
    purpose.text = "Criminal proceedings"
    assert_rejected(tree, "MessageDataRequestPurpose")


def test_message_data_person_in_dm_namespace_is_rejected() -> None:
    tree = load("request.xml")
    _rename(find(tree, PERSON), DM)
    assert_rejected(tree, "MessageDataPerson")


def test_offence_id_before_national_category_title_is_rejected() -> None:
    tree = load("notification.xml")
    offence = find(tree, f"{CONVICTION}/dm:ConvictionOffence[dm:OffenceID='O-00002']")
    offence_id = find(offence, "dm:OffenceID")
    offence.insert(0, offence_id)  # moves it before NationalCategoryTitle
    assert_rejected(tree, "OffenceID")


@pytest.mark.parametrize("value", ["false", "yes", "Unknown"])
def test_yes_no_unknown_is_case_exact(value: str) -> None:
    tree = load("request.xml")
    find(tree, "/svc:RequestMessage/msg:MessageData/msg:MessageDataUrgency").text = value
    assert_rejected(tree, "MessageDataUrgency")


@pytest.mark.parametrize(
    "message_id",
    [
        "BE-PL-RRS-000000000000101",  # a correlating code on an initiating message
        "BE-PL-XYZ-000000000000101",  # not a type code at all
        "be-PL-REQ-000000000000101",  # lower-case letters
        "BE-PL-REQ-00000000000101",  # 14 digits
    ],
    ids=["wrong-type-code", "unknown-type-code", "lower-case", "14-digits"],
)
def test_malformed_message_id_is_rejected(message_id: str) -> None:
    tree = load("request.xml")
    path = "/svc:RequestMessage/msg:MessageMetaData/msg:MessageMetaDataMessageID"
    find(tree, path).text = message_id
    assert_rejected(tree, "MessageMetaDataMessageID")


def test_response_to_on_notification_is_rejected() -> None:
    tree = load("notification.xml")
    metadata = find(tree, "/svc:NotificationMessage/msg:MessageMetaData")
    etree.SubElement(metadata, f"{{{MSG}}}MessageMetaDataResponseTo").text = (
        "BE-PL-REQ-000000000000101"
    )
    assert_rejected(tree, "MessageMetaDataResponseTo")


@pytest.mark.parametrize(
    "element", ["PersonSex", "PersonBirthPlace", "PersonNationalityReference"]
)
def test_missing_mandatory_person_element_is_rejected(element: str) -> None:
    tree = load("request.xml")
    person = find(tree, PERSON)
    for child in person.findall(f"{{{DM}}}{element}"):
        person.remove(child)
    assert_rejected(tree, element)


@pytest.mark.parametrize("value", ["", "   ", "\n\t "], ids=["empty", "spaces", "whitespace"])
def test_blank_name_is_rejected(value: str) -> None:
    tree = load("request.xml")
    find(tree, f"{PERSON}/dm:PersonName/dm:Forename").text = value
    assert_rejected(tree, "Forename")


@pytest.mark.parametrize("value", ["Jan <Maria>", "Jan < Maria", "Jan > Maria"])
def test_name_with_angle_bracket_is_rejected(value: str) -> None:
    tree = load("request.xml")
    find(tree, f"{PERSON}/dm:PersonName/dm:Forename").text = value  # serialised as &lt; &gt;
    assert_rejected(tree, "Forename")


def test_two_convictions_in_one_notification_are_rejected() -> None:
    tree = load("notification.xml")
    first = find(tree, CONVICTION)
    second = copy.deepcopy(first)
    # Renumber the copy so that the only fault is the second conviction, not duplicate IDs.
    for element in second.iter():
        if element.text and element.text.startswith(("D-0000", "O-0000", "S-0000")):
            element.text = element.text[:2] + "1" + element.text[3:]
    find(second, "dm:ConvictionID").text = "PL-C-000000000066710"
    first.addnext(second)
    assert_rejected(tree, "MessageDataConviction")


@pytest.mark.parametrize(
    ("element", "value"),
    [("c:PositiveDecimalFraction", "0"), ("c:PositiveDecimalUnit", "150.50")],
    ids=["fraction-0", "unit-decimal"],
)
def test_bad_amount_is_rejected(element: str, value: str) -> None:
    tree = load("notification.xml")
    amount = f"{CONVICTION}/dm:ConvictionSanction/dm:SanctionAmountOfIndividualFine"
    find(tree, f"{amount}/{element}").text = value
    assert_rejected(tree, element.rsplit(":", 1)[1])


def test_duration_exact_before_period_fields_is_rejected() -> None:
    tree = load("notification.xml")
    period = find(tree, f"{CONVICTION}/dm:ConvictionSanction/dm:SanctionSentencedPeriod")
    period.insert(0, find(period, "dm:DurationExact"))
    # libxml2 takes the early DurationExact as the last member and then trips on PeriodStartDate
    assert_rejected(tree, ("DurationExact", "PeriodStartDate"))


@pytest.mark.parametrize("code", ["PL", "Pl", "POL"])
def test_language_code_must_be_two_lower_case_letters(code: str) -> None:
    tree = load("request.xml")
    find(tree, f"{PERSON}/dm:PersonName/dm:Forename").set("languageCode", code)
    assert_rejected(tree, code)


def test_conviction_relationship_without_xsi_type_is_rejected() -> None:
    tree = load("notification.xml")
    relationship = find(tree, f"{CONVICTION}/dm:ConvictionRelationship[1]")
    del relationship.attrib[f"{{{XSI}}}type"]
    assert_rejected(tree, "ConvictionRelationship")


def test_cancellation_of_a_request_deadline_is_rejected() -> None:
    tree = load("cancellation.xml")
    path = "/svc:CancellationMessage/msg:MessageMetaData/msg:MessageMetaDataResponseTo"
    find(tree, path).text = "PL-BE-RDL-000000000000103"
    assert_rejected(tree, "MessageMetaDataResponseTo")


# --- rejected only by xmlschema (ID / IDREF identity) ----------------------------------------


def test_updated_conviction_reference_to_absent_conviction_is_rejected_by_xmlschema_only() -> None:
    tree = load("notification.xml")
    path = "/svc:NotificationMessage/msg:MessageData/msg:MessageDataUpdatedConvictionReference"
    find(tree, f"{path}/msg:ECRISConvictionReference").text = "PL-C-000000000099999"
    assert_rejected_by_xmlschema_only(tree, "PL-C-000000000099999")


def test_relationship_naming_unknown_offence_is_rejected_by_xmlschema_only() -> None:
    tree = load("notification.xml")
    relationship = (
        f"{CONVICTION}/dm:ConvictionRelationship[@xsi:type='dm:SanctionToOffencesRelationshipType']"
    )
    find(tree, f"{relationship}/dm:Offence").text = "O-00099"
    assert_rejected_by_xmlschema_only(tree, "O-00099")


def test_repeated_functional_error_code_is_rejected_by_xmlschema_only() -> None:
    tree = load("functional_error.xml")
    codes = tree.xpath("//msg:FunctionalErrorCode", namespaces={"msg": MSG})
    codes[1].text = codes[0].text
    assert_rejected_by_xmlschema_only(tree, "FE-00001")


@pytest.mark.parametrize(
    ("element", "first_id", "second_id"),
    [
        ("DecisionID", "D-00001", "D-00002"),
        ("OffenceID", "O-00001", "O-00002"),
        ("SanctionID", "S-00001", "S-00002"),
    ],
)
def test_id_reused_across_convictions_is_rejected_by_xmlschema_only(
    element: str, first_id: str, second_id: str
) -> None:
    """Numbering that restarts in each conviction of a request response breaks xsd:ID."""
    tree = load("request_response.xml")
    convictions = tree.xpath("//msg:MessageDataConviction", namespaces={"msg": MSG})
    assert len(convictions) == 2
    for element_in_second in convictions[1].iter():
        if element_in_second.text == second_id:  # the ID and the relationships naming it
            element_in_second.text = first_id
    assert_rejected_by_xmlschema_only(tree, first_id)


# --- accepted ----------------------------------------------------------------------------------


@pytest.mark.parametrize("timestamp", ["2024-03-05T10:15:00", "2024-03-05T10:15:00.123"])
def test_timestamp_without_time_zone_is_accepted(timestamp: str) -> None:
    tree = load("request.xml")
    path = "/svc:RequestMessage/msg:MessageMetaData/msg:MessageMetaDataTimestamp"
    find(tree, path).text = timestamp
    assert_valid(tree)
