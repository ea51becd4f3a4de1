"""The Common Reference Table document: a small three-language table, valid for both libraries."""

from __future__ import annotations

import copy

import pytest
from lxml import etree
from tests.support.xsd_testkit import (
    CRT_FILE,
    NS,
    assert_rejected,
    assert_valid,
    find,
    load,
    lxml_errors,
    xmlschema_errors,
)

SUBDIVISION = "crt:CountrySubdivisions/crt:CountrySubdivision"

#: The sections of crt:CommonReferenceTable, in document order (ecris-v1-element-trees.txt).
SECTIONS = [
    "CentralAuthorities",
    "Languages",
    "Countries",
    "Currencies",
    "CountrySubdivisions",
    "Cities",
    "OffenceCategories",
    "OffenceLevelsOfParticipation",
    "OffenceLevelsOfCompletion",
    "SanctionCategories",
    "SanctionTypesOfSuspension",
    "SanctionNatures",
    "RequestPurposeCategories",
    "IdentificationDocumentCategories",
    "DecisionChangeTypes",
    "RequestResponses",
    "NotificationResponses",
    "RequestAdditionalInfoResponses",
    "FunctionalErrors",
    "Faults",
    "SanctionToSanctionsRelationshipTypes",
    "RequestingAuthorityTypes",
    "SanctionAlternativeTypes",
]


def test_table_is_valid() -> None:
    tree = load(CRT_FILE)
    assert [etree.QName(e).localname for e in tree.getroot()] == SECTIONS
    names = "//c:MultilingualTextLinguisticRepresentation/@languageCode"
    languages = set(tree.xpath(names, namespaces=NS))
    assert languages == {"en", "fr", "de"}
    assert_valid(tree, crt=True)


def test_every_section_is_required() -> None:
    tree = load(CRT_FILE)
    root = tree.getroot()
    root.remove(find(tree, "/crt:CommonReferenceTable/crt:Faults"))
    assert_rejected(tree, ("Faults", "SanctionToSanctionsRelationshipTypes"), crt=True)


def test_sections_keep_their_order() -> None:
    tree = load(CRT_FILE)
    root = tree.getroot()
    root.insert(0, find(tree, "/crt:CommonReferenceTable/crt:Languages"))
    assert_rejected(tree, ("Languages", "CentralAuthorities"), crt=True)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("crt:Countries/crt:Country[1]/crt:CountryTechnicalIdentifier", "CO-00-616-PL"),
        ("crt:OffenceCategories/crt:OffenceCategory/crt:OffenceCategoryCode", "160400"),
        (f"{SUBDIVISION}/crt:CountrySubdivisionType", "province"),
        (f"{SUBDIVISION}/crt:CountrySubdivisionCode", "PL-M7X"),
        ("crt:SanctionCategories/crt:SanctionCategory/crt:SanctionCategory", "800"),
        ("crt:RequestResponses/crt:RequestResponse/crt:RequestResponseTypeCode", "RRT-00"),
    ],
    ids=[
        "country-id",
        "offence-code",
        "subdivision-type",
        "subdivision-code",
        "sanction-code",
        "rrt-code",
    ],
)
def test_malformed_entry_is_rejected(path: str, value: str) -> None:
    tree = load(CRT_FILE)
    element = find(tree, f"/crt:CommonReferenceTable/{path}")
    element.text = value
    assert_rejected(tree, etree.QName(element).localname, crt=True)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (f"{SUBDIVISION}/crt:CountrySubdivisionTechnicalIdentifier", "CS-00-FR-971"),
        (f"{SUBDIVISION}/crt:CountrySubdivisionCode", "FR-971"),
        ("crt:SanctionCategories/crt:SanctionCategory/crt:SanctionCategory", "12000"),
    ],
    ids=["subdivision-id-digits", "subdivision-code-digits", "sanction-code-5-digits"],
)
def test_alternative_code_forms_are_accepted(path: str, value: str) -> None:
    """The CRT's ``(?:digits|letters)`` groups, written as plain XSD groups, accept both forms."""
    tree = load(CRT_FILE)
    find(tree, f"/crt:CommonReferenceTable/{path}").text = value
    assert_valid(tree, crt=True)


def test_functional_error_codes_are_ids_in_the_table_too() -> None:
    """FunctionalErrorCodeType derives from xsd:ID: a repeated code is caught by xmlschema only."""
    tree = load(CRT_FILE)
    section = find(tree, "/crt:CommonReferenceTable/crt:FunctionalErrors")
    section.append(copy.deepcopy(section[0]))
    assert lxml_errors(tree, crt=True) == []
    assert any("FE-00001" in m for m in xmlschema_errors(tree, crt=True))
