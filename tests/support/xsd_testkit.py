"""Shared helpers for the XSD conformance tests: test documents, and both validators' verdicts.

The documents are in ``tests/schema/data``.
"""

from __future__ import annotations

import copy
from pathlib import Path

from lxml import etree

from ecrislib.validation import xsd

DATA = Path(__file__).resolve().parents[1] / "schema" / "data"

SVC = "http://ec.europa.eu/ECRIS/service-v1.0"
MSG = "http://ec.europa.eu/ECRIS/messages-v1.0"
DM = "http://ec.europa.eu/ECRIS/domain-model-v1.0"
C = "http://ec.europa.eu/ECRIS/commons-v1.0"
CRT = "http://ec.europa.eu/ECRIS/common-reference-tables-v1.0"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
NS = {"svc": SVC, "msg": MSG, "dm": DM, "c": C, "crt": CRT, "xsi": XSI}

#: The 15 message roots and the hand-written instance of each.
MESSAGE_FILES = {
    "RequestMessage": "request.xml",
    "RequestPushMessage": "request_push.xml",
    "RequestDeadlineMessage": "request_deadline.xml",
    "RequestResponseMessage": "request_response.xml",
    "RequestResponsePushMessage": "request_response_push.xml",
    "NotificationMessage": "notification.xml",
    "NotificationPushMessage": "notification_push.xml",
    "NotificationResponseMessage": "notification_response.xml",
    "NotificationResponsePushMessage": "notification_response_push.xml",
    "RequestAdditionalInfoMessage": "request_additional_info.xml",
    "RequestAdditionalInfoResponseMessage": "request_additional_info_response.xml",
    "RequestAdditionalInfoResponsePushMessage": "request_additional_info_response_push.xml",
    "FunctionalErrorMessage": "functional_error.xml",
    "CancellationMessage": "cancellation.xml",
    "IsAliveMessage": "is_alive.xml",
}
CRT_FILE = "common_reference_table.xml"

_PARSER = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
_CACHE: dict[str, etree._ElementTree] = {}


def load(name: str) -> etree._ElementTree:
    """A fresh, mutable copy of a test document (parsed once per session)."""
    if name not in _CACHE:
        _CACHE[name] = etree.parse(str(DATA / name), _PARSER)
    return copy.deepcopy(_CACHE[name])


def find(tree: etree._ElementTree, path: str) -> etree._Element:
    """The single element at ``path`` (XPath with the svc/msg/dm/c/crt/xsi prefixes)."""
    found = tree.xpath(path, namespaces=NS)
    assert len(found) == 1, f"{path!r} matched {len(found)} elements"
    return found[0]


def lxml_errors(tree: etree._ElementTree, *, crt: bool = False) -> list[str]:
    """libxml2's error messages for ``tree`` (empty when valid)."""
    schema = xsd.lxml_crt_schema() if crt else xsd.lxml_schema()
    if schema.validate(tree):
        return []
    return [entry.message for entry in schema.error_log]


def xmlschema_errors(tree: etree._ElementTree, *, crt: bool = False) -> list[str]:
    """xmlschema's errors for ``tree`` as text (reason and path; empty when valid)."""
    schema = xsd.xmlschema_crt_schema() if crt else xsd.xmlschema_schema()
    return [f"{err.reason} (path {err.path})" for err in schema.iter_errors(tree)]


def assert_valid(tree: etree._ElementTree, *, crt: bool = False) -> None:
    """Both validators accept ``tree``."""
    assert lxml_errors(tree, crt=crt) == []
    assert xmlschema_errors(tree, crt=crt) == []


def assert_rejected(
    tree: etree._ElementTree, expect: str | tuple[str, ...], *, crt: bool = False
) -> None:
    """Both validators reject ``tree``, each with an error that mentions ``expect``.

    ``expect`` (an element name, or several names of which any will do) makes sure the document
    fails for the reason under test, not because of a side effect of the mutation.
    """
    wanted = (expect,) if isinstance(expect, str) else expect
    lx = lxml_errors(tree, crt=crt)
    xs = xmlschema_errors(tree, crt=crt)
    assert lx, "lxml accepted the document"
    assert xs, "xmlschema accepted the document"
    assert any(w in m for m in lx for w in wanted), lx
    assert any(w in m for m in xs for w in wanted), xs


def assert_rejected_by_xmlschema_only(tree: etree._ElementTree, expect: str) -> None:
    """libxml2 accepts ``tree`` (it ignores ID/IDREF identity rules) and xmlschema rejects it."""
    assert lxml_errors(tree) == [], "libxml2 now checks this too: revisit the ID check docs"
    xs = xmlschema_errors(tree)
    assert xs, "xmlschema accepted the document"
    assert any(expect in m for m in xs), xs

