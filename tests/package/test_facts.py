"""The one module of ECRIS v1.0 facts: it agrees with the schemas, and every table that used to
repeat it now reads it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from ecrislib import facts

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas" / "ecris-v1.0"
XSD = "{http://www.w3.org/2001/XMLSchema}"

# The operation table of the wire format (section 3), copied by hand.
WIRE_FORMAT_TABLE = """
deliverRequest RequestMessage REQ
deliverRequestPush RequestPushMessage REQ
deliverRequestDeadline RequestDeadlineMessage RDL
deliverRequestResponse RequestResponseMessage RRS
deliverRequestResponsePush RequestResponsePushMessage RRS
deliverNotification NotificationMessage NOT
deliverNotificationPush NotificationPushMessage NOT
deliverNotificationResponse NotificationResponseMessage NRS
deliverNotificationResponsePush NotificationResponsePushMessage NRS
deliverRequestAdditionalInfo RequestAdditionalInfoMessage RAI
deliverRequestAdditionalInfoResponse RequestAdditionalInfoResponseMessage RAR
deliverRequestAdditionalInfoResponsePush RequestAdditionalInfoResponsePushMessage RAR
deliverFunctionalError FunctionalErrorMessage FEM
deliverCancellation CancellationMessage CAN
isAlive IsAliveMessage IAL
"""


def test_roots_operations_and_type_codes_are_those_of_the_wire_format() -> None:
    rows = [line.split() for line in WIRE_FORMAT_TABLE.strip().splitlines()]
    assert [(r.operation, r.name, r.type_code.value) for r in facts.ROOTS] == [tuple(row) for row in rows]
    assert facts.SOAP_ACTIONS["NotificationMessage"] == "http://ec.europa.eu/ECRIS/deliverNotification"
    assert [r.name for r in facts.ROOTS if r.push] == [
        "RequestPushMessage",
        "RequestResponsePushMessage",
        "NotificationPushMessage",
        "NotificationResponsePushMessage",
        "RequestAdditionalInfoResponsePushMessage",
    ]


def test_roots_are_the_global_elements_of_the_service_schema_in_order() -> None:
    tree = etree.parse(str(SCHEMAS / "service-v1.0.xsd"))
    declared = [element.get("name") for element in tree.getroot().iterchildren(f"{XSD}element")]
    assert list(facts.ROOT_NAMES) == declared


def test_unknown_root_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        facts.root("RequestMessageType")


# Schema simple type -> CRT section, by hand from the element trees.
XSD_REFERENCE_TYPES = {
    "CountryExternalReferenceType": "Countries",
    "CurrencyExternalReferenceType": "Currencies",
    "CountrySubdivisionExternalReferenceType": "CountrySubdivisions",
    "CityExternalReferenceType": "Cities",
    "OffenceExternalReferenceType": "OffenceCategories",
    "OffenceLevelOfCompletionExternalReferenceType": "OffenceLevelsOfCompletion",
    "OffenceLevelOfParticipationExternalReferenceType": "OffenceLevelsOfParticipation",
    "SanctionExternalReferenceType": "SanctionCategories",
    "SanctionNatureExternalReferenceType": "SanctionNatures",
    "SanctionAlternativeTypeExternalReferenceType": "SanctionAlternativeTypes",
    "SanctionTypeOfSuspensionExternalReferenceType": "SanctionTypesOfSuspension",
    "SanctionToSanctionsRelationshipTypeExternalReferenceType": "SanctionToSanctionsRelationshipTypes",
    "DecisionChangeTypeExternalReferenceType": "DecisionChangeTypes",
    "IdentificationDocumentCategoryExternalReferenceType": "IdentificationDocumentCategories",
    "RequestPurposeExternalReferenceType": "RequestPurposeCategories",
    "RequestingAuthorityTypeExternalReferenceType": "RequestingAuthorityTypes",
    "RequestResponseTypeExternalReferenceType": "RequestResponses",
    "NotificationResponseTypeExternalReferenceType": "NotificationResponses",
    "RequestAdditionalInfoTypeExternalReferenceType": "RequestAdditionalInfoResponses",
    "FunctionalErrorCodeType": "FunctionalErrors",
    "CentralAuthorityTechnicalIdentifierType": "CentralAuthorities",
}


def _xsd_patterns(file: str) -> dict[str, str]:
    tree = etree.parse(str(SCHEMAS / file))
    found = {}
    for simple in tree.getroot().iter(f"{XSD}simpleType"):
        pattern = simple.find(f"{XSD}restriction/{XSD}pattern")
        if simple.get("name") and pattern is not None:
            found[simple.get("name")] = pattern.get("value")
    return found


def _same_language(ours: re.Pattern[str], theirs: str) -> bool:
    # Our patterns only differ in spelling: non-capturing groups and no "{1}".
    return ours.pattern.replace("(?:", "(") == theirs.replace("{1}", "")


def test_technical_identifier_patterns_are_the_schema_patterns() -> None:
    patterns = _xsd_patterns("common-reference-tables-v1.0.xsd")
    for xsd_type, section in XSD_REFERENCE_TYPES.items():
        assert _same_language(facts.TECHNICAL_ID_PATTERNS[section], patterns[xsd_type]), section
    assert patterns["MemberStateCodeType"] == facts.MEMBER_STATE_PATTERN.pattern


def _without_groups(pattern: re.Pattern[str]) -> str:
    return re.sub(r"\(([^?][^)]*)\)", r"\1", pattern.pattern)


def test_identifier_patterns_are_the_schema_patterns_with_groups() -> None:
    declared = set(_xsd_patterns("domain-model-v1.0.xsd").values())
    for pattern in (facts.CONVICTION_ID_PATTERN, facts.DECISION_ID_PATTERN, facts.OFFENCE_ID_PATTERN, facts.SANCTION_ID_PATTERN):
        assert _without_groups(pattern) in declared
    messages = set(_xsd_patterns("messages-v1.0.xsd").values())
    assert _without_groups(facts.ATTACHMENT_ID_PATTERN) in messages
    assert facts.TECHNICAL_ID_PATTERNS["Languages"].pattern in set(_xsd_patterns("commons-v1.0.xsd").values())


def test_type_codes_are_those_of_the_schema_message_id() -> None:
    # The widest MessageID pattern of the schema lists every type code.
    codes = max((re.findall(r"[A-Z]{3}", p) for p in _xsd_patterns("messages-v1.0.xsd").values()), key=len)
    assert sorted(codes) == sorted(t.value for t in facts.MessageType)
    assert {r.type_code for r in facts.ROOTS} == set(facts.MessageType)


def test_the_model_classes_agree_with_the_facts() -> None:
    from ecrislib.model.messages import MESSAGE_CLASSES

    assert [(c.__name__, c.ROOT, c.TYPE, c.PUSH) for c in MESSAGE_CLASSES] == [
        (r.message_class, r.name, r.type_code, r.push) for r in facts.ROOTS
    ]


def _references(codec: Any, seen: set[int], found: dict[str, str]) -> None:
    """Walk the codec's names table: element local name -> table of each reference leaf."""
    from ecrislib.model.references import Reference
    from ecrislib.xml import binding

    if id(codec) in seen:
        return
    seen.add(id(codec))
    children: list[Any] = []
    if isinstance(codec, binding.Complex):
        children = list(codec.children)
    elif isinstance(codec, binding.Typed):
        for complex_codec in codec.by_type.values():
            _references(complex_codec, seen, found)
    elif isinstance(codec, binding.Choice):
        children = [child for child, _wrap, _unwrap in codec.options]
    for child in children:
        parse = getattr(child.codec, "parse", None)
        if isinstance(parse, type) and issubclass(parse, Reference):
            found[child.tag.rpartition("}")[2]] = parse.TABLE
        else:
            _references(child.codec, seen, found)


def test_code_elements_are_the_references_of_the_names_table() -> None:
    from ecrislib.xml import binding, names

    found: dict[str, str] = {}
    seen: set[int] = set()
    wrapped = [binding.Complex(object, children) for children in names.MESSAGE_DATA.values()]
    for codec in wrapped:
        _references(codec, seen, found)
    # The metadata and every named codec of the table, so nothing is missed.
    for value in vars(names).values():
        if isinstance(value, binding.Codec):
            _references(value, seen, found)
    assert found == dict(facts.CODE_ELEMENTS)


def test_the_tables_that_repeated_these_names_now_read_them() -> None:
    from ecrislib.codes.sections import SECTIONS
    from ecrislib.model import references
    from ecrislib.transport import OPERATIONS
    from ecrislib.validation.rules.base import ROOT_TYPES
    from ecrislib.validation.rules.codes import CODE_ELEMENTS

    assert ROOT_TYPES is facts.ROOT_TYPES
    assert OPERATIONS is facts.OPERATIONS
    assert CODE_ELEMENTS is facts.CODE_ELEMENTS
    assert [s.name for s in SECTIONS] == list(facts.TECHNICAL_ID_PATTERNS)
    for name in references.__all__:
        cls = getattr(references, name)
        if isinstance(cls, type) and issubclass(cls, references.Reference) and cls is not references.Reference:
            assert cls.PATTERN is facts.TECHNICAL_ID_PATTERNS[cls.TABLE], name


@pytest.mark.parametrize(
    ("section", "identifier", "parent"),
    [
        ("OffenceCategories", "O-00-080101", "O-00-080100"),
        ("OffenceCategories", "O-00-080100", "O-00-080000"),
        ("OffenceCategories", "O-00-080000", None),
        ("SanctionCategories", "S-00-008002", "S-00-008000"),
        ("SanctionCategories", "S-00-012000", None),
        ("RequestPurposeCategories", "P-00-001002", "P-00-001000"),
        ("RequestPurposeCategories", "P-00-001000", None),
        ("OffenceCategories", "O-00-0801", None),  # not an identifier of that section
        ("Countries", "CO-00-616-POL", None),
    ],
)
def test_parents_are_read_from_the_codes(section: str, identifier: str, parent: str | None) -> None:
    from ecrislib.codes.sections import derive_parent

    assert derive_parent(section, identifier) == parent


def test_facts_is_a_leaf() -> None:
    code = (
        "import sys, ecrislib; before = set(sys.modules); import ecrislib.facts; "
        "print(sorted(m for m in set(sys.modules) - before if m.startswith('ecrislib')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['ecrislib.facts']"
