"""Are two ECRIS documents the same? A comparison that ignores only what carries no data:
namespace prefixes, the XML declaration, indentation between elements, and whitespace inside
base64 content. Element names and namespaces, order, attributes (with ``xsi:type`` compared
by the type it names, not its prefix) and every text value must match exactly.
"""

from __future__ import annotations

import re
from typing import Any

from . import parser
from .namespaces import MSG, XSI, qname

__all__ = ["same_document", "first_difference"]

_XSI_TYPE = qname(XSI, "type")
_BASE64 = qname(MSG, "BinaryAttachmentContent")
_SPACE = re.compile(r"[ \t\n\r]+")


def _attributes(element: Any) -> dict[str, Any]:
    values: dict[str, Any] = dict(element.attrib)
    raw = values.get(_XSI_TYPE)
    if raw is not None:
        prefix, _, local = raw.strip().rpartition(":")
        values[_XSI_TYPE] = (element.nsmap.get(prefix or None), local)
    return values


def _text(element: Any) -> str:
    text = element.text or ""
    if len(element):
        return text.strip(" \t\n\r")  # indentation before the first child
    if element.tag == _BASE64:
        return _SPACE.sub("", text)
    return text


def _difference(a: Any, b: Any, path: str) -> str | None:
    here = f"{path}/{a.tag}"
    if a.tag != b.tag:
        return f"{path}: element {a.tag} against {b.tag}"
    if _attributes(a) != _attributes(b):
        return f"{here}: attributes differ"
    if _text(a) != _text(b):
        return f"{here}: text differs"
    children_a = [c for c in a if isinstance(c.tag, str)]
    children_b = [c for c in b if isinstance(c.tag, str)]
    for child_a, child_b in zip(children_a, children_b):
        if (child_a.tail or "").strip(" \t\n\r") or (child_b.tail or "").strip(" \t\n\r"):
            return f"{here}: mixed content"
        found = _difference(child_a, child_b, here)
        if found:
            return found
    if len(children_a) != len(children_b):
        return f"{here}: {len(children_a)} child elements against {len(children_b)}"
    return None


def first_difference(a: bytes, b: bytes) -> str | None:
    """Where two documents first differ (a path of Clark names, no values), or ``None``."""
    return _difference(parser.load(a), parser.load(b), "")


def same_document(a: bytes, b: bytes) -> bool:
    """True when ``a`` and ``b`` are the same ECRIS document (see the module docstring)."""
    return first_difference(a, b) is None
