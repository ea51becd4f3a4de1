"""Shape of the XSD set itself: one file per namespace, forms, imports, global elements."""

from __future__ import annotations

import pytest
from lxml import etree
from tests.support.xsd_testkit import C, CRT, DM, MSG, SVC

from ecrislib.validation import xsd

XS = "http://www.w3.org/2001/XMLSchema"

FILES = {
    "commons-v1.0.xsd": (C, set()),
    "common-reference-tables-v1.0.xsd": (CRT, {C}),
    "domain-model-v1.0.xsd": (DM, {C, CRT}),
    "messages-v1.0.xsd": (MSG, {C, CRT, DM}),
    "service-v1.0.xsd": (SVC, {MSG}),
}


def _schema_doc(name: str) -> etree._Element:
    return etree.fromstring((xsd.schema_files() / name).read_bytes())


@pytest.mark.parametrize("name", sorted(FILES))
def test_file_header(name: str) -> None:
    root = _schema_doc(name)
    namespace, imported = FILES[name]
    assert root.get("targetNamespace") == namespace
    assert root.get("elementFormDefault") == "qualified"
    assert root.get("attributeFormDefault") == "unqualified"
    imports = {
        imp.get("namespace"): imp.get("schemaLocation") for imp in root.iter(f"{{{XS}}}import")
    }
    assert set(imports) == imported
    for location in imports.values():  # relative, and one of ours
        assert location in xsd.SCHEMA_FILE_NAMES
    assert not list(root.iter(f"{{{XS}}}include", f"{{{XS}}}redefine"))


@pytest.mark.parametrize("name", sorted(FILES))
def test_patterns_use_xsd_regex_syntax(name: str) -> None:
    """No Perl-only constructs such as ``(?:``, which XSD regular expressions lack."""
    for pattern in _schema_doc(name).iter(f"{{{XS}}}pattern"):
        assert "(?" not in pattern.get("value")


def _global_elements(namespace: str) -> set[str]:
    maps = xsd.xmlschema_schema().maps.elements
    return {etree.QName(n).localname for n in maps if etree.QName(n).namespace == namespace}


def test_global_elements() -> None:
    assert len(_global_elements(SVC)) == 15
    assert _global_elements(MSG) == set()
    assert _global_elements(DM) == {"Forename", "Surname", "SecondSurname"}
    assert _global_elements(C) == set()
    crt_maps = xsd.xmlschema_crt_schema().maps.elements
    assert {etree.QName(n).localname for n in crt_maps if etree.QName(n).namespace == CRT} == {
        "CommonReferenceTable"
    }


@pytest.mark.parametrize(
    ("type_name", "base"),
    [
        (f"{{{DM}}}ConvictionIDType", "ID"),
        (f"{{{DM}}}DecisionIDType", "ID"),
        (f"{{{DM}}}OffenceIDType", "ID"),
        (f"{{{DM}}}SanctionIDType", "ID"),
        (f"{{{MSG}}}MessageIDType", "ID"),
        (f"{{{MSG}}}BinaryAttachmentIDType", "ID"),
        (f"{{{CRT}}}FunctionalErrorCodeType", "ID"),
        (f"{{{DM}}}ConvictionReferenceType", "IDREF"),
        (f"{{{DM}}}DecisionReferenceType", "IDREF"),
        (f"{{{DM}}}OffenceReferenceType", "IDREF"),
        (f"{{{DM}}}SanctionReferenceType", "IDREF"),
    ],
)
def test_identity_types(type_name: str, base: str) -> None:
    simple_type = xsd.xmlschema_schema().maps.types[type_name]
    assert simple_type.is_derived(xsd.xmlschema_schema().maps.types[f"{{{XS}}}{base}"])


def test_loose_conviction_reference_is_a_plain_string() -> None:
    types = xsd.xmlschema_schema().maps.types
    loose = types[f"{{{DM}}}ConvictionExternalReferenceType"]
    assert not loose.is_derived(types[f"{{{XS}}}IDREF"])
    assert loose.is_derived(types[f"{{{XS}}}string"])
