"""A mutation engine for the differential test: valid ECRIS messages edited in one way each.

Each operator makes one edit of a kind a real peer's software may produce, legal or not
(whitespace, empty elements, ``xsi:type``, schema-location hints, time zones, wide years,
encodings, reordering, deletion, duplication, values at length boundaries, stray text,
``xml:space``, comments). The engine does not decide whether the result is valid: the
strict validator (xmlschema on our XSD, which follows the XSD 1.0 specification) is the
oracle, and the differential test checks ecrislib against it.

Deterministic: the same seed gives the same mutants.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from lxml import etree

XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"

#: XSD built-in types whose whitespace facet is fixed to ``collapse`` and that libxml2 still
#: refuses when padded (the one known libxml2 deviation on the reading side).
PADDED_DATE_PRIMITIVES = frozenset(
    f"{{http://www.w3.org/2001/XMLSchema}}{name}"
    for name in ("date", "dateTime", "gYear", "gMonth", "gDay", "duration", "time", "gYearMonth", "gMonthDay")
)


class Mutant(NamedTuple):
    kind: str
    data: bytes


def _elements(root: Any) -> list[Any]:
    return [e for e in root.iter() if isinstance(e.tag, str)]


def _leaves(root: Any) -> list[Any]:
    return [e for e in _elements(root) if len(e) == 0 and e is not root]


def _pad(rng: random.Random) -> tuple[str, str]:
    choices = [" ", "  ", "\n", "\n      ", "\t", "\r\n  ", ""]
    before, after = rng.choice(choices), rng.choice(choices)
    if not before and not after:
        before = " "
    return before, after


def pad_text(root: Any, rng: random.Random, schema: Any) -> str | None:
    leaves = [e for e in _leaves(root) if e.text]
    if not leaves:
        return None
    element = rng.choice(leaves)
    before, after = _pad(rng)
    element.text = before + element.text + after
    return "pad-text"


def pad_attribute(root: Any, rng: random.Random, schema: Any) -> str | None:
    found = [(e, k) for e in _elements(root) for k in e.keys()
             if not k.startswith("{http://www.w3.org/2000/xmlns/}")]
    if not found:
        return None
    element, key = rng.choice(found)
    before, after = _pad(rng)
    element.set(key, before + element.get(key) + after)
    return "pad-attribute"


def _valued_leaf(root: Any, rng: random.Random) -> Any | None:
    """A random leaf with a non-blank value, or None."""
    leaves = [e for e in _leaves(root) if e.text and e.text.strip()]
    return rng.choice(leaves) if leaves else None


def empty_leaf(root: Any, rng: random.Random, schema: Any) -> str | None:
    element = _valued_leaf(root, rng)
    if element is None:
        return None
    element.text = rng.choice([None, "", " ", "\n  "])
    return "empty-leaf"


def declaration(schema: Any, element: Any) -> Any:
    """The xmlschema declaration of ``element``, found by its path from the root (or None)."""
    path = []
    node = element
    while node is not None:
        path.append(node.tag)
        node = node.getparent()
    try:
        return schema.find("/".join(reversed(path)))
    except Exception:  # noqa: BLE001 - an element below an xsi:type-typed one has no static path
        return None


def _prefixed(element: Any, clark: str) -> str | None:
    namespace, local = clark[1:].split("}", 1)
    for prefix, uri in (element.nsmap or {}).items():
        if uri == namespace and prefix:
            return f"{prefix}:{local}"
    return None


def xsi_type_declared(root: Any, rng: random.Random, schema: Any) -> str | None:
    """``xsi:type`` naming the declared type itself (always legal)."""
    candidates = [e for e in _elements(root) if e.get(f"{{{XSI}}}type") is None]
    rng.shuffle(candidates)
    for element in candidates[:8]:
        decl = declaration(schema, element)
        name = getattr(getattr(decl, "type", None), "name", None)
        if name and name.startswith("{"):
            written = _prefixed(element, name)
            if written:
                element.set(f"{{{XSI}}}type", written)
                return "xsi-type-declared"
    return None


def xsi_type_other(root: Any, rng: random.Random, schema: Any) -> str | None:
    """``xsi:type`` naming another global type: legal only when validly derived and the
    content fits it; the oracle decides."""
    element = rng.choice(_elements(root))
    names = sorted(n for n in _global_types(schema) if _prefixed(element, n))
    if not names:
        return None
    element.set(f"{{{XSI}}}type", _prefixed(element, rng.choice(names)) or "")
    return "xsi-type-other"


_TYPES: dict[int, list[str]] = {}


def _global_types(schema: Any) -> list[str]:
    key = id(schema)
    if key not in _TYPES:
        found = []
        for each in schema.maps.types:
            if isinstance(each, str) and not each.startswith("{http://www.w3.org/2001/XMLSchema}"):
                found.append(each)
        _TYPES[key] = sorted(found)
    return _TYPES[key]


def schema_location(root: Any, rng: random.Random, schema: Any) -> str | None:
    element = rng.choice(_elements(root))
    if rng.random() < 0.5:
        element.set(f"{{{XSI}}}schemaLocation", "http://ec.europa.eu/ECRIS/messages-v1.0 messages-v1.0.xsd")
    else:
        element.set(f"{{{XSI}}}noNamespaceSchemaLocation", "local.xsd")
    return "schema-location"


def _typed_leaves(root: Any, schema: Any, primitives: frozenset[str]) -> list[Any]:
    found = []
    for element in _leaves(root):
        decl = declaration(schema, element)
        kind = getattr(decl, "type", None)
        primitive = getattr(kind, "primitive_type", None)
        if primitive is not None and getattr(primitive, "name", None) in primitives:
            found.append(element)
    return found


def time_zone(root: Any, rng: random.Random, schema: Any) -> str | None:
    leaves = [e for e in _typed_leaves(root, schema, PADDED_DATE_PRIMITIVES) if e.text and "P" not in e.text]
    if not leaves:
        return None
    element = rng.choice(leaves)
    text = element.text.strip()
    if text.endswith("Z"):
        text = text[:-1]
    elif len(text) > 6 and text[-6] in "+-" and text[-3] == ":":
        text = text[:-6]
    element.text = text + rng.choice(["Z", "+02:00", "-05:30", "+14:00", "-14:00", "+15:00", "+02:60", "+2:00"])
    return "time-zone"


#: Years outside 1..9999 are read where the model keeps the lexical form or the number
#: (dateTime, gYear); an ``xsd:date`` becomes a ``datetime.date``, so it is not mutated so.
WIDE_YEAR_PRIMITIVES = frozenset(
    f"{{http://www.w3.org/2001/XMLSchema}}{name}" for name in ("dateTime", "gYear")
)


def wide_year(root: Any, rng: random.Random, schema: Any) -> str | None:
    leaves = [e for e in _typed_leaves(root, schema, WIDE_YEAR_PRIMITIVES)
              if e.text and e.text.strip()[:4].isdigit()]
    if not leaves:
        return None
    element = rng.choice(leaves)
    text = element.text.strip()
    element.text = rng.choice(["-", "1", "0", "-1", "00"]) + text if rng.random() < 0.8 else "0000" + text[4:]
    return "wide-year"


def swap_siblings(root: Any, rng: random.Random, schema: Any) -> str | None:
    pairs = [e for e in _elements(root) if e.getnext() is not None and isinstance(e.getnext().tag, str)]
    if not pairs:
        return None
    element = rng.choice(pairs)
    following = element.getnext()
    element.addprevious(following)
    return "swap-siblings"


def delete_element(root: Any, rng: random.Random, schema: Any) -> str | None:
    element = rng.choice(_elements(root)[1:])
    element.getparent().remove(element)
    return "delete-element"


def duplicate_element(root: Any, rng: random.Random, schema: Any) -> str | None:
    element = rng.choice(_elements(root)[1:])
    element.addnext(copy.deepcopy(element))
    return "duplicate-element"


def boundary_text(root: Any, rng: random.Random, schema: Any) -> str | None:
    element = _valued_leaf(root, rng)
    if element is None:
        return None
    length = rng.choice([1, 2, 7, 8, 20, 21, 30, 31, 50, 51, 200, 201, 320, 321, 400, 401, 600, 601])
    letter = rng.choice(["x", "A", "7", "é", "Ω"])
    element.text = letter * length
    return "boundary-text"


def text_between(root: Any, rng: random.Random, schema: Any) -> str | None:
    parents = [e for e in _elements(root) if len(e)]
    element = rng.choice(parents)
    child = rng.choice([c for c in element if isinstance(c.tag, str)] or [None])
    if child is None:
        return None
    child.tail = (child.tail or "") + rng.choice(["x", " stray ", "0"])
    return "text-between"


def xml_space(root: Any, rng: random.Random, schema: Any) -> str | None:
    rng.choice(_elements(root)).set(f"{{{XML_NS}}}space", rng.choice(["preserve", "default"]))
    return "xml-space"


def comment(root: Any, rng: random.Random, schema: Any) -> str | None:
    element = rng.choice(_elements(root))
    node = etree.Comment(" a peer's note ") if rng.random() < 0.7 else etree.ProcessingInstruction("peer", "note")
    element.insert(rng.randrange(len(element) + 1), node)
    return "comment"


def unknown_attribute(root: Any, rng: random.Random, schema: Any) -> str | None:
    rng.choice(_elements(root)).set(rng.choice(["id", "languageCode", "translated"]), rng.choice(["en", "true", "x"]))
    return "attribute"


Operator = Callable[[Any, random.Random, Any], "str | None"]

OPERATORS: tuple[Operator, ...] = (
    pad_text, pad_text, pad_text, pad_attribute, empty_leaf, empty_leaf, xsi_type_declared,
    xsi_type_declared, xsi_type_other, schema_location, time_zone, time_zone, wide_year,
    swap_siblings, delete_element, delete_element, duplicate_element, duplicate_element,
    boundary_text, boundary_text, text_between, xml_space, comment, unknown_attribute,
)

_ENCODINGS = ("UTF-16", "UTF-16LE-BOM", "ISO-8859-1", "UTF-8-BOM", "UTF-8")


def encode(root: Any, encoding: str) -> bytes:
    """The document written in ``encoding``, with a matching declaration (and BOM where named)."""
    if encoding == "UTF-8-BOM":
        return b"\xef\xbb\xbf" + etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    if encoding == "UTF-16LE-BOM":
        text = etree.tostring(root, encoding="unicode")
        return b"\xff\xfe" + ("<?xml version='1.0' encoding='UTF-16'?>\n" + text).encode("utf-16-le")
    return etree.tostring(root, xml_declaration=True, encoding=encoding)


def mutants(source: bytes, rng: random.Random, count: int, schema: Any) -> Iterator[Mutant]:
    """``count`` mutants of ``source``: one or two edits each, in a random encoding now and then."""
    original = etree.fromstring(source)
    for _ in range(count):
        root = copy.deepcopy(original)
        kinds = []
        for _edit in range(1 if rng.random() < 0.7 else 2):
            kind = rng.choice(OPERATORS)(root, rng, schema)
            if kind:
                kinds.append(kind)
        encoding = rng.choice(_ENCODINGS) if rng.random() < 0.15 else "UTF-8"
        if encoding != "UTF-8":
            kinds.append(f"encoding-{encoding}")
        yield Mutant("+".join(kinds) or "none", encode(root, encoding))
