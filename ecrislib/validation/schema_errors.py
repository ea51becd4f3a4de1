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


class _Locator:
    """Finds the element and readable path of libxml2's error paths in linear total time.

    libxml2 names the node of an error with ``xmlGetNodePath``: ``prefix:name`` steps (``*``
    for a namespaced element without prefix, among all element siblings), with ``[n]`` where
    same-named siblings exist. Each step is resolved through an index of the parent's children
    built once per parent, so every error costs its depth, not a search of the document (one
    XPath per error made reports quadratic in the number of errors).
    """

    __slots__ = ("_root", "_children", "_suffix", "_resolved")

    def __init__(self, root: Any) -> None:
        self._root = root
        # parent -> {libxml2 step name: children in order}, "*" -> all element children
        self._children: dict[Any, dict[str, list[Any]]] = {}
        # child -> "[n]" among the siblings of the same tag, when it has such siblings
        self._suffix: dict[Any, str] = {}
        # libxml2 path (or a prefix of one) -> element, None when it resolves to nothing
        self._resolved: dict[str, Any] = {}

    def _index(self, parent: Any) -> dict[str, list[Any]]:
        found = self._children.get(parent)
        if found is None:
            found = {"*": []}
            by_tag: dict[str, list[Any]] = {}
            for child in parent:
                if isinstance(child.tag, str):
                    found["*"].append(child)
                    name = _step_name(child)
                    if name != "*":
                        found.setdefault(name, []).append(child)
                    by_tag.setdefault(child.tag, []).append(child)
            for same in by_tag.values():
                if len(same) > 1:
                    self._suffix.update((child, f"[{number}]") for number, child in enumerate(same, 1))
            self._children[parent] = found
        return found

    def element(self, path: str | None) -> Any:
        """The element ``path`` names, or ``None`` when it cannot be resolved. Resolved paths
        are kept, so errors under a common ancestor resolve only the steps below it."""
        if not path or not path.startswith("/"):
            return None
        found = self._resolved.get(path, _UNSEEN)
        if found is _UNSEEN:
            cut = path.rfind("/")
            parent = None if cut == 0 else self.element(path[:cut])
            found = None if cut and parent is None else self._step(parent, path[cut + 1 :])
            self._resolved[path] = found
        return found

    def _step(self, node: Any, step: str) -> Any:
        """The child of ``node`` (the root when ``node`` is ``None``) that ``step`` names."""
        name, bracket, rest = step.partition("[")
        if bracket:
            if not rest.endswith("]") or not rest[:-1].isdigit():
                return None
            position = int(rest[:-1])
        else:
            position = 1
        if node is None:
            candidates = [self._root] if name in ("*", _step_name(self._root)) else []
        elif not bracket and name != "*":
            # No [n]: the only child of that name. Found in C, without indexing the parent.
            found = node.find("{*}" + name.rpartition(":")[2])
            if found is not None and _step_name(found) == name:
                return found
            candidates = self._index(node).get(name, [])
        else:
            candidates = self._index(node).get(name, [])
        return candidates[position - 1] if 0 < position <= len(candidates) else None

    def readable_path(self, path: str, element: Any) -> str:
        """``/Root/Child[2]/Leaf`` by local names, from libxml2's path and the element found."""
        if "*" not in path:
            return _PREFIXED_STEP.sub("/", path)
        steps = []
        node = element
        while node is not None:
            parent = node.getparent()
            name = etree.QName(node).localname
            if parent is not None and node is not self._root:
                self._index(parent)
                name += self._suffix.get(node, "")
            steps.append(name)
            if node is self._root:
                break
            node = parent
        return "/" + "/".join(reversed(steps))


_UNSEEN: Final = object()


def _step_name(element: Any) -> str:
    """How ``xmlGetNodePath`` names ``element`` in a step (before any ``[n]``)."""
    qname = etree.QName(element)
    local: str = qname.localname
    if qname.namespace is None:
        return local
    return f"{element.prefix}:{local}" if element.prefix else "*"


_PREFIXED_STEP = re.compile(r"/[A-Za-z_][A-Za-z0-9_.-]*:")  # replaced by "/" (see xml.binding)


def _fallback_path(path: str | None) -> str | None:
    if not path:
        return None
    return _PREFIXED_STEP.sub("/", path)


def schema_findings(root: Any, error_log: Any, *, reveal_values: bool) -> Iterator[Finding]:
    """One finding per libxml2 schema error of ``error_log`` (already filled by a validation)."""
    locator = _Locator(root)
    for entry in error_log:
        message = entry.message or ""
        rule = classify(entry.type_name, message)
        name_match = _ELEMENT.match(message)
        name = name_match.group(1) if name_match else "an element"
        attr_match = _ATTRIBUTE.match(message)
        attr = f" (attribute {attr_match.group(1)})" if attr_match else ""
        element = locator.element(entry.path)
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
            path=locator.readable_path(entry.path, element) if element is not None else _fallback_path(entry.path),
            line=entry.line or None,
            column=entry.column or None,
        )
