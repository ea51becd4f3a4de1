"""Golden files (hand-written from the spec, tests/data/valid): each is valid against our XSD,
parses, and writes back as the same document; together they cover every element and every
root type the codec knows."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

import ecrislib
from ecrislib.model.messages import MESSAGE_CLASSES
from ecrislib.validation import xsd
from ecrislib.xml import names
from ecrislib.xml.binding import Choice, Complex, Typed
from ecrislib.xml.compare import first_difference

VALID = Path(__file__).resolve().parents[1] / "data" / "valid"

GOLDEN = sorted(VALID.glob("*.xml"))


def test_there_are_golden_files() -> None:
    assert len(GOLDEN) >= len(MESSAGE_CLASSES)


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.name)
def test_golden_file_is_valid_against_our_schema(path: Path) -> None:
    schema = xsd.lxml_schema()
    document = etree.parse(str(path))
    assert schema.validate(document), schema.error_log.last_error
    # xmlschema also checks ID uniqueness and IDREF targets, which libxml2 does not.
    assert list(xsd.xmlschema_schema().iter_errors(path.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.name)
def test_golden_file_writes_back_as_the_same_document(path: Path) -> None:
    data = path.read_bytes()
    message = ecrislib.parse(data)
    assert first_difference(data, ecrislib.serialize(message)) is None
    assert ecrislib.parse(ecrislib.serialize(message)) == message


def test_every_root_type_has_a_golden_file() -> None:
    roots = {etree.QName(etree.parse(str(path)).getroot()).localname for path in GOLDEN}
    assert roots == {cls.ROOT for cls in MESSAGE_CLASSES}


def _element_tags(codec: object, seen: set[int]) -> set[str]:
    """Every element tag the codec reads below ``codec`` (the names table walked)."""
    if id(codec) in seen:
        return set()
    seen.add(id(codec))
    tags: set[str] = set()
    children = []
    if isinstance(codec, Complex):
        children = list(codec.children)
    elif isinstance(codec, Typed):
        for inner in codec.by_type.values():
            tags |= _element_tags(inner, seen)
    elif isinstance(codec, Choice):
        children = [child for child, _wrap, _unwrap in codec.options]
    for child in children:
        tags.add(child.tag)
        tags |= _element_tags(child.codec, seen)
    return tags


def test_golden_files_use_every_element_the_codec_knows() -> None:
    known: set[str] = set()
    for children in names.MESSAGE_DATA.values():
        known |= _element_tags(Complex(object, children), set())
    known |= _element_tags(names.METADATA, set())
    known |= {"{http://ec.europa.eu/ECRIS/commons-v1.0}" + local for local in ("DateYear", "DateMonthDay", "DateMonth", "DateDay", "MultilingualTextLinguisticRepresentation")}
    used = {element.tag for path in GOLDEN for element in etree.parse(str(path)).iter() if isinstance(element.tag, str)}
    assert known - used == set()


def test_golden_files_use_every_relationship_type() -> None:
    xsi_type = "{http://www.w3.org/2001/XMLSchema-instance}type"
    used = {
        element.get(xsi_type).split(":")[-1]
        for path in GOLDEN
        for element in etree.parse(str(path)).iter()
        if isinstance(element.tag, str) and element.get(xsi_type)
    }
    assert used == {local for _ns, local in names.RELATIONSHIP.by_type}
