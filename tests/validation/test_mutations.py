"""Hypothesis breaks valid generated messages in one way each; the expected rule must fire."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from tests.support.validation_kit import NS

import ecrislib
from ecrislib.testing.strategies import messages
from ecrislib.validation import validate
from ecrislib.validation.ids import ID_ELEMENTS, IDREF_ELEMENTS


def _tree(message) -> etree._Element:  # type: ignore[no-untyped-def]
    return etree.fromstring(ecrislib.serialize(message))


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def drop_required(root: etree._Element, draw) -> set[str]:  # type: ignore[no-untyped-def]
    metadata = root.find(f"{{{NS['msg']}}}MessageMetaData")
    metadata.remove(metadata.find(f"{{{NS['msg']}}}MessageMetaDataTimestamp"))
    return {"XSD-UNEXPECTED", "XSD-MISSING"}


def swap(root: etree._Element, draw) -> set[str]:  # type: ignore[no-untyped-def]
    metadata = root.find(f"{{{NS['msg']}}}MessageMetaData")
    metadata.insert(0, metadata[1])
    return {"XSD-UNEXPECTED", "XSD-MISSING"}


def break_pattern(root: etree._Element, draw) -> set[str]:  # type: ignore[no-untyped-def]
    element = root.find(f".//{{{NS['msg']}}}MessageMetaDataMessageID")
    element.text = element.text.lower()
    return {"XSD-PATTERN"}


def duplicate_id(root: etree._Element, draw) -> set[str]:  # type: ignore[no-untyped-def]
    ids = [e for e in root.iter() if isinstance(e.tag, str) and _local(e) in ID_ELEMENTS]
    first, second = ids[0], draw(st.sampled_from(ids[1:])) if len(ids) > 1 else None
    if second is None:  # one ID only (a REQ without fingerprints, an IAL): add a ResponseTo
        second = etree.SubElement(first.getparent(), f"{{{NS['msg']}}}MessageMetaDataResponseTo")
    second.text = first.text
    return {"ID-DUPLICATE"}


def dangle(root: etree._Element, draw) -> set[str]:  # type: ignore[no-untyped-def]
    refs = [e for e in root.iter() if isinstance(e.tag, str) and _local(e) in IDREF_ELEMENTS
            and _local(e.getparent()) in IDREF_ELEMENTS[_local(e)]]
    if not refs:
        return break_pattern(root, draw)
    target = draw(st.sampled_from(refs))
    text = target.text
    target.text = text[: text.rfind("-") + 1] + "9" * (len(text) - text.rfind("-") - 1)
    return {"ID-DANGLING"}


def angle_text(root: etree._Element, draw) -> set[str]:  # type: ignore[no-untyped-def]
    texts = root.xpath("//dm:Forename | //dm:Surname | //c:MultilingualTextLinguisticRepresentation", namespaces=NS)
    if not texts:
        return break_pattern(root, draw)
    draw(st.sampled_from(texts)).text = "a < b"
    return {"XSD-PATTERN"}


def wrong_namespace(root: etree._Element, draw) -> set[str]:  # type: ignore[no-untyped-def]
    data = root.find(f"{{{NS['msg']}}}MessageData")
    data.tag = f"{{{NS['dm']}}}MessageData"
    return {"XSD-UNEXPECTED", "XSD-MISSING"}


def wrong_root_namespace(root: etree._Element, draw) -> set[str]:  # type: ignore[no-untyped-def]
    root.tag = f"{{{NS['msg']}}}{_local(root)}"
    return {"XSD-ROOT"}


MUTATIONS = [drop_required, swap, break_pattern, duplicate_id, dangle, angle_text, wrong_namespace, wrong_root_namespace]


@given(messages(), st.sampled_from(MUTATIONS), st.data())  # examples: the profile's
def test_mutation_is_flagged(message, mutation, data) -> None:  # type: ignore[no-untyped-def]
    root = _tree(message)
    expected = mutation(root, data.draw)
    report = validate(etree.tostring(root))
    assert not report.ok
    assert report.rule_ids & expected, (mutation.__name__, str(report))

