"""No value from a message ever reaches an issue text, str(report), JSON, a FEM or a log line."""

from __future__ import annotations

import ecrislib

import itertools
import logging

import pytest
from lxml import etree
from tests.support.validation_kit import NS, find, golden, xml

from ecrislib.validation import ValidationOptions, to_functional_error, validate

MARK = "QZCANARY"


def _planted(name: str) -> tuple[etree._ElementTree, list[str]]:
    """A golden tree whose every leaf text and every attribute value carries a marker."""
    tree = golden(name)
    markers = []
    counter = itertools.count()
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if len(element) == 0 and element.text and element.text.strip():
            marker = f"{MARK}{next(counter)}"
            element.text = marker
            markers.append(marker)
        for attribute in list(element.attrib):
            if attribute.endswith("}type"):
                continue
            marker = f"{MARK}{next(counter)}"
            element.set(attribute, marker)
            markers.append(marker)
    return tree, markers


def _names_only(name: str) -> etree._ElementTree:
    """A golden tree (still valid) whose names and free texts carry markers."""
    tree = golden(name)
    for index, element in enumerate(tree.xpath("//dm:Forename | //dm:Surname | //c:MultilingualTextLinguisticRepresentation", namespaces=NS)):
        element.text = f"{element.text} {MARK}n{index}"
    return tree


BREAKERS = {
    "all-leaves": lambda name: _planted(name)[0],
    "names-then-angle": lambda name: _set(_names_only(name), "(//dm:Forename)[1]", f"<{MARK}x>"),
    "names-then-blank-surname": lambda name: _set(_names_only(name), "(//dm:Surname)[1]", "  "),
    "names-then-future-birth": lambda name: _set(_names_only(name), "(//dm:PersonBirthDate/c:DateYear)[1]", "2999"),
    "names-then-no-offset": lambda name: _set(_names_only(name), "(//msg:MessageMetaDataTimestamp)[1]", "2020-01-01T00:00:00"),
}


def _set(tree: etree._ElementTree, path: str, value: str) -> etree._ElementTree:
    find(tree, path).text = value
    return tree


FILES = ["request.xml", "notification.xml", "request-response-two-convictions.xml", "functional-error.xml"]


# A FEM has no person: only the breaker that plants the marker in every leaf applies to it.
CASES = [(name, breaker) for name in FILES for breaker in sorted(BREAKERS) if breaker == "all-leaves" or name != "functional-error.xml"]


@pytest.mark.parametrize(("name", "breaker"), CASES)
def test_no_marker_in_any_output(name: str, breaker: str, caplog: pytest.LogCaptureFixture) -> None:
    tree = BREAKERS[breaker](name)
    caplog.set_level(logging.DEBUG)
    for source in (xml(tree), tree.getroot()):
        report = validate(source)
        assert report.issues
        texts = [str(report), report.to_json(), *(i.message for i in report.issues), *(str(i) for i in report.issues)]
        texts += [repr(report), *(repr(i) for i in report.issues)]
        assert all(i.value is None for i in report.issues)
        if report.message_id and report.message_id.startswith(tuple("ABCDEFGHIJKLMNOPRSTUVWXYZ")) and MARK not in report.message_id:
            texts.append(repr(to_functional_error(report, include_warnings=True, ids=ecrislib.SequentialIds(), clock=ecrislib.SystemClock())))
        try:
            report.raise_for_errors()
        except Exception as error:  # noqa: BLE001
            texts.append(str(error))
        texts += [record.getMessage() for record in caplog.records]
        assert not [t for t in texts if MARK in t]


def test_reveal_values_puts_markers_in_value_only() -> None:
    tree, markers = _planted("notification.xml")
    report = validate(xml(tree), ValidationOptions(reveal_values=True))
    values = " ".join(i.value or "" for i in report.issues)
    assert MARK in values
    assert not [i for i in report.issues if MARK in i.message]
    assert "value" in report.to_json()


def test_unreadable_xml_reports_no_value() -> None:
    data = f'<?xml version="1.0"?><svc:RequestMessage xmlns:svc="urn:x" a="{MARK}"><{MARK}></svc:RequestMessage>'.encode()
    report = validate(data)
    assert report.rule_ids == {"XML-SYNTAX"}
    assert MARK not in str(report) and MARK not in report.to_json()
