"""Facts the reader and the schema layer keep as data, checked against our XSDs (xmlschema)."""

from __future__ import annotations

import xmlschema

from ecrislib.validation import xsd
from ecrislib.xml.whitespace import TEMPORAL_ELEMENTS
from ecrislib.xml import names
from ecrislib.xml.binding import Choice, Complex, Leaf, Typed

XS = "{http://www.w3.org/2001/XMLSchema}"
TEMPORAL = {XS + name for name in ("date", "dateTime", "gYear", "gMonth", "gDay", "duration", "time")}


def _elements(schema: xmlschema.XMLSchema10) -> list[xmlschema.validators.XsdElement]:
    return [c for c in schema.maps.iter_components() if isinstance(c, xmlschema.validators.XsdElement)]


def _local(name: str) -> str:
    return name.rpartition("}")[2]


def test_temporal_elements_are_those_the_xsds_type_so() -> None:
    found = set()
    for schema in (xsd.xmlschema_schema(), xsd.xmlschema_crt_schema()):
        for element in _elements(schema):
            kind = element.type
            if kind.is_simple() and getattr(kind.primitive_type, "name", None) in TEMPORAL:
                found.add(_local(element.name))
    assert found == TEMPORAL_ELEMENTS


def _defaults(codec: object, seen: set[int], out: dict[str, str]) -> None:
    if id(codec) in seen:
        return
    seen.add(id(codec))
    children = []
    if isinstance(codec, Complex):
        children = list(codec.children)
    elif isinstance(codec, Typed):
        for inner in codec.by_type.values():
            _defaults(inner, seen, out)
    elif isinstance(codec, Choice):
        children = [child for child, _wrap, _unwrap in codec.options]
    for child in children:
        if isinstance(child.codec, Leaf) and child.codec.default is not None:
            out[child.tag] = child.codec.default
        _defaults(child.codec, seen, out)


def test_reader_defaults_are_the_schema_defaults() -> None:
    ours: dict[str, str] = {"{http://ec.europa.eu/ECRIS/commons-v1.0}DateYear": "1800"}  # inside PartialDateCodec
    for children in names.MESSAGE_DATA.values():
        _defaults(Complex(object, children), set(), ours)
    _defaults(names.METADATA, set(), ours)
    crt = "{http://ec.europa.eu/ECRIS/common-reference-tables-v1.0}"
    declared = {
        e.name: e.default for e in _elements(xsd.xmlschema_schema())
        if e.default is not None and not e.name.startswith(crt)  # CRT entries: ecrislib.codes.crt
    }
    assert ours == declared
