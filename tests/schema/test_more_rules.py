"""Further [H] rules of the wire-format spec (sections 3 to 7), beyond the section 9 list."""

from __future__ import annotations

import pytest
from lxml import etree
from tests.support.xsd_testkit import (
    DM,
    MSG,
    XSI,
    assert_rejected,
    assert_valid,
    find,
    load,
    lxml_errors,
    xmlschema_errors,
)

PERSON = "/svc:RequestMessage/msg:MessageData/msg:MessageDataPerson"
CONVICTION = "/svc:NotificationMessage/msg:MessageData/msg:MessageDataConviction"
CODES = ["REQ", "RDL", "RRS", "NOT", "NRS", "RAI", "RAR", "IAL", "CAN", "FEM"]


# --- metadata (section 3) --------------------------------------------------------------------


def test_response_to_is_required_on_a_correlating_message() -> None:
    tree = load("request_response.xml")
    metadata = find(tree, "/svc:RequestResponseMessage/msg:MessageMetaData")
    metadata.remove(find(metadata, "msg:MessageMetaDataResponseTo"))
    assert_rejected(tree, ("MessageMetaDataResponseTo", "MessageMetaData"))


def test_response_to_is_forbidden_on_is_alive() -> None:
    tree = load("is_alive.xml")
    metadata = find(tree, "/svc:IsAliveMessage/msg:MessageMetaData")
    etree.SubElement(metadata, f"{{{MSG}}}MessageMetaDataResponseTo").text = (
        "PL-BE-IAL-000000000000001"
    )
    assert_rejected(tree, "MessageMetaDataResponseTo")


@pytest.mark.parametrize("code", CODES)
def test_what_a_cancellation_can_target(code: str) -> None:
    tree = load("cancellation.xml")
    path = "/svc:CancellationMessage/msg:MessageMetaData/msg:MessageMetaDataResponseTo"
    find(tree, path).text = f"PL-BE-{code}-000000000000001"
    if code in {"REQ", "RRS", "NOT", "NRS"}:
        assert_valid(tree)
    else:
        assert_rejected(tree, "MessageMetaDataResponseTo")


@pytest.mark.parametrize("code", CODES)
def test_what_a_functional_error_can_answer(code: str) -> None:
    tree = load("functional_error.xml")
    path = "/svc:FunctionalErrorMessage/msg:MessageMetaData/msg:MessageMetaDataResponseTo"
    find(tree, path).text = f"PL-BE-{code}-000000000000001"
    if code == "IAL":
        assert_rejected(tree, "MessageMetaDataResponseTo")
    else:
        assert_valid(tree)


@pytest.mark.parametrize("code", CODES)
def test_which_codes_a_correlating_message_id_can_carry(code: str) -> None:
    tree = load("request_response.xml")
    path = "/svc:RequestResponseMessage/msg:MessageMetaData/msg:MessageMetaDataMessageID"
    find(tree, path).text = f"PL-BE-{code}-000000000000201"
    if code in {"NRS", "RAI", "RAR", "FEM", "RRS", "RDL"}:
        assert_valid(tree)
    else:
        assert_rejected(tree, "MessageMetaDataMessageID")


def test_message_data_cannot_be_swapped_with_xsi_type() -> None:
    tree = load("request_deadline.xml")
    find(tree, "/svc:RequestDeadlineMessage/msg:MessageData").set(
        f"{{{XSI}}}type", "msg:CancellationMessageDataType"
    )
    assert_rejected(tree, ("MessageData", "CancellationMessageDataType"))


# --- message catalogue (section 4) -----------------------------------------------------------


def test_notification_needs_a_conviction() -> None:
    tree = load("notification_push.xml")
    data = find(tree, "/svc:NotificationPushMessage/msg:MessageData")
    data.remove(find(data, "msg:MessageDataConviction"))
    assert_rejected(tree, ("MessageDataConviction", "MessageDataFingerprintsPush"))


@pytest.mark.parametrize(
    ("filename", "root", "wrong"),
    [
        ("request.xml", "RequestMessage", "MessageDataFingerprintsPush"),
        ("request_push.xml", "RequestPushMessage", "MessageDataFingerprints"),
    ],
)
def test_plain_and_push_fingerprints_do_not_mix(filename: str, root: str, wrong: str) -> None:
    tree = load(filename)
    data = find(tree, f"/svc:{root}/msg:MessageData")
    attachment = data[-1]
    attachment.tag = f"{{{MSG}}}{wrong}"
    assert_rejected(tree, wrong)


def test_additional_information_request_needs_at_least_one_item() -> None:
    tree = load("request_additional_info.xml")
    data = find(tree, "/svc:RequestAdditionalInfoMessage/msg:MessageData")
    for item in data.findall(f"{{{MSG}}}MessageDataAdditionalInformationRequested"):
        data.remove(item)
    assert_rejected(tree, ("MessageDataAdditionalInformationRequested", "BinaryIDRequested"))


def test_additional_information_items_are_an_enumeration() -> None:
    tree = load("request_additional_info.xml")
    items = tree.xpath("//msg:MessageDataAdditionalInformationRequested", namespaces={"msg": MSG})
    items[0].text = "fingerprints"
    assert_rejected(tree, "MessageDataAdditionalInformationRequested")


def test_contact_person_needs_an_email() -> None:
    tree = load("cancellation.xml")
    contact = find(tree, "/svc:CancellationMessage/msg:MessageData/msg:MessageDataContactPerson")
    contact.remove(find(contact, "msg:ContactPersonEmail"))
    assert_rejected(tree, ("ContactPersonEmail", "MessageDataContactPerson"))


def test_contact_person_names_are_in_dm_namespace() -> None:
    tree = load("cancellation.xml")
    path = "/svc:CancellationMessage/msg:MessageData/msg:MessageDataContactPerson/dm:Forename"
    find(tree, path).tag = f"{{{MSG}}}Forename"
    assert_rejected(tree, "Forename")


@pytest.mark.parametrize(("value", "ok"), [("12345678", True), ("1234567", False)])
def test_phone_number_length(value: str, ok: bool) -> None:
    tree = load("request.xml")
    path = "/svc:RequestMessage/msg:MessageData/msg:MessageDataContactPerson"
    find(tree, f"{path}/msg:ContactPersonPhoneNumber").text = value
    if ok:
        assert_valid(tree)
    else:
        assert_rejected(tree, "ContactPersonPhoneNumber")


# --- domain model (section 5) ----------------------------------------------------------------


def test_relationship_cannot_name_the_abstract_type() -> None:
    tree = load("notification.xml")
    relationship = find(tree, f"{CONVICTION}/dm:ConvictionRelationship[1]")
    relationship.set(f"{{{XSI}}}type", "c:AbstractRelationshipType")
    assert_rejected(tree, ("ConvictionRelationship", "AbstractRelationshipType"))


def test_relationship_may_name_the_conviction_to_convictions_type() -> None:
    # ConvictionToConvictionsRelationshipType extends c:AbstractRelationshipType (wire format,
    # "what a peer may legally send"), so it is a valid xsi:type with its own content.
    tree = load("notification.xml")
    conviction = find(tree, CONVICTION)
    relationship = find(tree, f"{CONVICTION}/dm:ConvictionRelationship[1]")
    relationship.set(f"{{{XSI}}}type", "msg:ConvictionToConvictionsRelationshipType")
    for child in list(relationship):
        relationship.remove(child)
    own_id = find(conviction, "dm:ConvictionID").text
    etree.SubElement(relationship, f"{{{MSG}}}SourceConviction").text = own_id
    destination = etree.SubElement(relationship, f"{{{MSG}}}DestinationConviction")
    etree.SubElement(destination, f"{{{MSG}}}ECRISConvictionReference").text = "PL-C-000000000000777"
    assert_valid(tree)


@pytest.mark.parametrize("value", [None, "SSR-00-2", "SSR-AAA"], ids=["missing", "short", "code"])
def test_sanction_to_sanctions_needs_its_relationship_type(value: str | None) -> None:
    tree = load("notification.xml")
    relationship = find(
        tree,
        f"{CONVICTION}/dm:ConvictionRelationship"
        "[@xsi:type='dm:SanctionToSanctionsRelationshipType']",
    )
    if value is None:
        del relationship.attrib["relationshipTypeReference"]
    else:
        relationship.set("relationshipTypeReference", value)
    assert_rejected(tree, "relationshipTypeReference")


@pytest.mark.parametrize("value", ["3", "M", "-1"])
def test_sex_is_iso_5218(value: str) -> None:
    tree = load("request.xml")
    find(tree, f"{PERSON}/dm:PersonSex").text = value
    assert_rejected(tree, "PersonSex")


def test_alias_needs_only_a_name_and_has_no_former_names() -> None:
    tree = load("request.xml")
    alias = find(tree, f"{PERSON}/dm:PersonAlias")
    assert_valid(tree)
    former = etree.SubElement(alias, f"{{{DM}}}PersonFormerSurname")
    former.text = "Old"
    assert_rejected(tree, "PersonFormerSurname")


@pytest.mark.parametrize(
    ("path", "limit"),
    [
        ("dm:PersonName/dm:Forename", 200),
        ("dm:PersonName/dm:FullName", 600),
        ("dm:PersonIdentityNumber", 50),
        ("dm:PersonBirthPlace/dm:PlaceTownName/c:MultilingualTextLinguisticRepresentation[1]", 200),
    ],
    ids=["name-200", "full-name-600", "identity-number-50", "town-name-200"],
)
def test_length_limits(path: str, limit: int) -> None:
    tree = load("request.xml")
    element = find(tree, f"{PERSON}/{path}")
    element.text = "x" * limit
    assert_valid(tree)
    element.text = "x" * (limit + 1)
    assert_rejected(tree, etree.QName(element).localname)


def test_conviction_id_pattern() -> None:
    tree = load("notification.xml")
    find(tree, f"{CONVICTION}/dm:ConvictionID").text = "PL-X-000000000066709"
    find(tree, "//msg:MessageDataUpdatedConvictionReference/msg:ECRISConvictionReference").text = (
        "PL-X-000000000066709"
    )
    find(tree, "//msg:SourceConviction").text = "PL-X-000000000066709"
    assert_rejected(tree, "ConvictionID")


def test_loose_reference_may_point_outside_the_document() -> None:
    """DestinationConviction's ECRIS reference is a plain string: xmlschema does not chase it."""
    tree = load("notification.xml")
    loose = find(tree, "//msg:DestinationConviction/msg:ECRISConvictionReference")
    assert loose.text != find(tree, f"{CONVICTION}/dm:ConvictionID").text
    assert_valid(tree)


@pytest.mark.parametrize(
    ("value", "ok"), [("1", True), ("999", True), ("0", False), ("1000", False)]
)
def test_multiplier_is_one_to_999(value: str, ok: bool) -> None:
    tree = load("notification.xml")
    find(tree, f"{CONVICTION}/dm:ConvictionSanction[1]/dm:SanctionMultiplier").text = value
    if ok:
        assert_valid(tree)
    else:
        assert_rejected(tree, "SanctionMultiplier")


# --- base types (section 6) ------------------------------------------------------------------


def test_day_without_month_is_impossible() -> None:
    tree = load("request.xml")
    birth = find(tree, f"{PERSON}/dm:PersonBirthDate")
    month_day = find(birth, "c:DateMonthDay")
    birth.remove(month_day)
    birth.append(find(month_day, "c:DateDay"))
    assert_rejected(tree, "DateDay")


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("line one\n  line two\n", True),
        ("x" * 4000, True),
        ("x" * 4001, False),
        (" \n\t ", False),
        ("a < b", False),
    ],
    ids=["line-breaks", "4000", "4001", "blank", "angle-bracket"],
)
def test_uncollapsed_remarks(text: str, ok: bool) -> None:
    tree = load("request.xml")
    path = "/svc:RequestMessage/msg:MessageData/msg:MessageDataRemarks"
    find(tree, f"{path}/c:MultilingualTextLinguisticRepresentation").text = text
    if ok:
        assert_valid(tree)
    else:
        assert_rejected(tree, "MultilingualTextLinguisticRepresentation")


def test_collapsed_text_ignores_surrounding_whitespace() -> None:
    tree = load("request.xml")
    find(tree, f"{PERSON}/dm:PersonName/dm:Forename").text = "\n   Jan   Maria \n"
    assert_valid(tree)


def test_translated_is_a_boolean() -> None:
    tree = load("request.xml")
    town = f"{PERSON}/dm:PersonBirthPlace/dm:PlaceTownName"
    find(tree, f"{town}/c:MultilingualTextLinguisticRepresentation[2]").set("translated", "Yes")
    assert lxml_errors(tree) and xmlschema_errors(tree)
