"""libxml2 schema errors in ecrislib's own words, with an ``XSD-*`` rule ID each.

libxml2's messages quote the offending value (``[facet 'pattern'] The value 'Jan' is not
accepted ...``), so they are never copied into an issue text: each error is classified by its
libxml2 error type, located (readable element path, line), and described from the element and
attribute *names* only. The raw message is kept as ``value`` when values are revealed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Final

from lxml import etree

from ..xml.binding import readable_path
from .findings import Finding

__all__ = ["schema_findings", "classify"]

_BY_TYPE: Final = {
    "SCHEMAV_CVC_ELT_1": "XSD-ROOT",
    "SCHEMAV_CVC_PATTERN_VALID": "XSD-PATTERN",
    "SCHEMAV_CVC_LENGTH_VALID": "XSD-LENGTH",
    "SCHEMAV_CVC_MINLENGTH_VALID": "XSD-LENGTH",
    "SCHEMAV_CVC_MAXLENGTH_VALID": "XSD-LENGTH",
    "SCHEMAV_CVC_ENUMERATION_VALID": "XSD-ENUM",
    "SCHEMAV_CVC_MININCLUSIVE_VALID": "XSD-RANGE",
    "SCHEMAV_CVC_MAXINCLUSIVE_VALID": "XSD-RANGE",
    "SCHEMAV_CVC_MINEXCLUSIVE_VALID": "XSD-RANGE",
    "SCHEMAV_CVC_MAXEXCLUSIVE_VALID": "XSD-RANGE",
    "SCHEMAV_CVC_TOTALDIGITS_VALID": "XSD-RANGE",
    "SCHEMAV_CVC_FRACTIONDIGITS_VALID": "XSD-RANGE",
    "SCHEMAV_CVC_DATATYPE_VALID_1_2_1": "XSD-TYPE",
    "SCHEMAV_CVC_DATATYPE_VALID_1_2_2": "XSD-TYPE",
    "SCHEMAV_CVC_DATATYPE_VALID_1_2_3": "XSD-TYPE",
    "SCHEMAV_CVC_COMPLEX_TYPE_2_1": "XSD-TEXT",
    "SCHEMAV_CVC_COMPLEX_TYPE_2_3": "XSD-TEXT",
    "SCHEMAV_CVC_COMPLEX_TYPE_3_1": "XSD-ATTRIBUTE",
    "SCHEMAV_CVC_COMPLEX_TYPE_3_2_1": "XSD-ATTRIBUTE",
    "SCHEMAV_CVC_COMPLEX_TYPE_3_2_2": "XSD-ATTRIBUTE",
    "SCHEMAV_CVC_COMPLEX_TYPE_4": "XSD-ATTRIBUTE",
    "SCHEMAV_CVC_ATTRIBUTE_1": "XSD-ATTRIBUTE",
    "SCHEMAV_CVC_ATTRIBUTE_2": "XSD-ATTRIBUTE",
    "SCHEMAV_CVC_ATTRIBUTE_3": "XSD-ATTRIBUTE",
    "SCHEMAV_CVC_ATTRIBUTE_4": "XSD-ATTRIBUTE",
    "SCHEMAV_CVC_AU": "XSD-ATTRIBUTE",
    "SCHEMAV_CVC_TYPE_1": "XSD-XSI-TYPE",
    "SCHEMAV_CVC_TYPE_2": "XSD-XSI-TYPE",
    "SCHEMAV_CVC_ELT_2": "XSD-XSI-TYPE",
    "SCHEMAV_CVC_ELT_4_1": "XSD-XSI-TYPE",
    "SCHEMAV_CVC_ELT_4_2": "XSD-XSI-TYPE",
    "SCHEMAV_CVC_ELT_4_3": "XSD-XSI-TYPE",
}

_TEXTS: Final = {
    "XSD-ROOT": "{name} is not an ECRIS message root (the 15 roots are in the service namespace "
    "http://ec.europa.eu/ECRIS/service-v1.0)",
    "XSD-PATTERN": "the value of {name}{attr} does not match the pattern of its type",
    "XSD-LENGTH": "the value of {name}{attr} is too long, too short or blank for its type",
    "XSD-ENUM": "the value of {name}{attr} is not one of the values its type allows",
    "XSD-RANGE": "the value of {name}{attr} is outside the range its type allows",
    "XSD-TYPE": "the value of {name}{attr} is not a valid value of its type",
    "XSD-TEXT": "{name} holds text but only child elements are allowed in it",
    "XSD-ATTRIBUTE": "{name}{attr}: attribute missing, not allowed here, or invalid",
    "XSD-XSI-TYPE": "{name} needs a valid xsi:type naming one of its concrete types",
    "XSD-OTHER": "{name} breaks a rule of the schema",
}

# Names in libxml2 messages are Clark names or QNames; values are always quoted *after* them.
_ELEMENT = re.compile(r"^Element '(?:\{[^}]*\})?([^']+)'")
_ATTRIBUTE = re.compile(r"^Element '[^']*', attribute '(?:\{[^}]*\})?([^']+)'")
_EXPECTED = re.compile(r"Expected is (?:one of )?\( ([^)]*) \)")
_NAME = re.compile(r"(?:\{[^}]*\})?([A-Za-z_][\w.\-]*)")


def classify(type_name: str, message: str) -> str:
    """The ``XSD-*`` rule of one libxml2 error."""
    rule = _BY_TYPE.get(type_name)
    if rule is not None:
        return rule
    if type_name == "SCHEMAV_ELEMENT_CONTENT":
        return "XSD-MISSING" if "Missing child element" in message else "XSD-UNEXPECTED"
    if type_name.startswith("SCHEMAV_CVC_DATATYPE"):
        return "XSD-TYPE"
    return "XSD-OTHER"


def _expected_names(message: str) -> str:
    """Local names libxml2 says it expected: element names of the schema, never values."""
    found = _EXPECTED.search(message)
    if not found:
        return ""
    names = [m.group(1) for m in _NAME.finditer(found.group(1)) if m.group(1) != "#text"]
    return ", ".join(dict.fromkeys(names))


def _locate(root: Any, path: str | None, prefixes: dict[str, str]) -> Any:
    if not path:
        return None
    try:
        found = root.getroottree().xpath(path, namespaces=prefixes)
    except (etree.XPathError, TypeError, ValueError):
        return None
    return found[0] if isinstance(found, list) and found and isinstance(found[0], etree._Element) else None


def _fallback_path(path: str | None) -> str | None:
    if not path:
        return None
    return re.sub(r"(^|/)[^/:\[]+:", r"\1", path)


def _prefixes(root: Any) -> dict[str, str]:
    result: dict[str, str] = {}
    for element in root.iter():
        for prefix, uri in (element.nsmap or {}).items():
            if prefix:
                result.setdefault(prefix, uri)
    return result


def schema_findings(root: Any, error_log: Any, *, reveal_values: bool) -> Iterator[Finding]:
    """One finding per libxml2 schema error of ``error_log`` (already filled by a validation)."""
    prefixes: dict[str, str] | None = None
    for entry in error_log:
        message = entry.message or ""
        rule = classify(entry.type_name, message)
        name_match = _ELEMENT.match(message)
        name = name_match.group(1) if name_match else "an element"
        attr_match = _ATTRIBUTE.match(message)
        attr = f" (attribute {attr_match.group(1)})" if attr_match else ""
        if prefixes is None:
            prefixes = _prefixes(root)
        element = _locate(root, entry.path, prefixes)
        if rule == "XSD-MISSING":
            expected = _expected_names(message)
            text = f"{name} lacks a mandatory child element" + (f"; expected: {expected}" if expected else "")
        elif rule == "XSD-UNEXPECTED":
            expected = _expected_names(message)
            text = f"{name} is not allowed here (wrong order, wrong namespace, unknown or repeated)" + (
                f"; expected: {expected}" if expected else "; no more elements are allowed here"
            )
        else:
            text = _TEXTS[rule].format(name=name, attr=attr)
        yield Finding(
            rule,
            element,
            text,
            value=message.strip() if reveal_values else None,
            path=readable_path(element) if element is not None else _fallback_path(entry.path),
            line=entry.line or None,
            column=entry.column or None,
        )
