"""Helpers of the validation tests: the golden and invalid corpora (with its manifest), parsed and written back."""

from __future__ import annotations

import copy
import csv
from pathlib import Path

from lxml import etree

DATA = Path(__file__).resolve().parents[1] / "data"
VALID = DATA / "valid"
INVALID = DATA / "invalid"

NS = {
    "svc": "http://ec.europa.eu/ECRIS/service-v1.0",
    "msg": "http://ec.europa.eu/ECRIS/messages-v1.0",
    "dm": "http://ec.europa.eu/ECRIS/domain-model-v1.0",
    "c": "http://ec.europa.eu/ECRIS/commons-v1.0",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}

#: Info-level rules a valid golden message may still report: codes the bundled tables cannot
#: verify (empty or sample tables). They are about our tables, not about the message.
ALLOWED_INFOS = frozenset({"ECRIS-C-003"})

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_CACHE: dict[str, etree._ElementTree] = {}


def golden(name: str) -> etree._ElementTree:
    """A fresh mutable copy of a golden file's tree."""
    if name not in _CACHE:
        _CACHE[name] = etree.parse(str(VALID / name), _PARSER)
    return copy.deepcopy(_CACHE[name])


def xml(tree: etree._ElementTree) -> bytes:
    """Serialise and reparse-ready bytes (line numbers then match the bytes)."""
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def find(tree: etree._ElementTree, path: str) -> etree._Element:
    found = tree.xpath(path, namespaces=NS)
    assert found, path
    return found[0]


def manifest() -> list[dict[str, str]]:
    with open(INVALID / "MANIFEST.csv", encoding="utf-8") as file:
        return list(csv.DictReader(file))

