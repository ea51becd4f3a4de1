"""The report API, options (switches, severities, answered message, limits) and code strictness."""

from __future__ import annotations

import datetime as _dt
import json

import attrs
import pytest
from tests.support.validation_kit import INVALID, VALID, find, golden, xml

from ecrislib.codes import Provenance, bundled
from ecrislib.codes.table import Table
from ecrislib.errors import EcrisError, EcrisValidationError
from ecrislib.validation import RULES, Severity, ValidationOptions, validate
from ecrislib.xml.parser import ParserLimits


def test_report_api_and_json() -> None:
    report = validate(INVALID / "xsd-enum-urgency.xml")
    assert not report.ok and len(report.errors) == 1 and not report.warnings
    issue = report.errors[0]
    assert issue.rule_id == "XSD-ENUM" and issue.source == "xsd"
    assert issue.path == "/RequestMessage/MessageData/MessageDataUrgency"
    assert issue.line and issue.line > 1
    data = json.loads(report.to_json())
    assert data["ok"] is False and "XSD-ENUM" in {i["rule_id"] for i in data["issues"]}
    assert "message_id" not in data and not any("value" in i for i in data["issues"])
    with pytest.raises(EcrisValidationError) as raised:
        report.raise_for_errors()
    assert isinstance(raised.value, EcrisError) and raised.value.report is report
    assert "XSD-ENUM" in str(raised.value)
    assert validate(VALID / "request.xml").raise_for_errors().ok


def test_disable_and_severity_override() -> None:
    path = INVALID / "rule-011-final-before-decision.xml"
    assert "ECRIS-R-011" in validate(path).rule_ids
    assert "ECRIS-R-011" not in validate(path, ValidationOptions(disabled={"ECRIS-R-011"})).rule_ids
    assert validate(path, ValidationOptions(enabled={"ECRIS-R-001"})).ok
    softened = validate(path, ValidationOptions(severities={"ECRIS-R-011": "warning"}))
    assert softened.ok and softened.warnings[0].rule_id == "ECRIS-R-011"


def test_schema_rules_cannot_be_switched() -> None:
    with pytest.raises(ValueError, match="cannot be switched"):
        ValidationOptions(disabled={"XSD-PATTERN"})
    with pytest.raises(ValueError, match="unknown"):
        ValidationOptions(disabled={"ECRIS-R-999"})


def test_answered_message() -> None:
    import ecrislib

    request = ecrislib.parse((VALID / "request.xml").read_bytes())
    deadline = VALID / "request-deadline.xml"
    assert validate(deadline, ValidationOptions(answered_message=request)).clean
    other = ValidationOptions(answered_message="GB-RO-REQ-000000000000999")
    assert [i.rule_id for i in validate(deadline, other).errors] == ["ECRIS-R-004"]


def test_cancellation_keeps_direction() -> None:
    tree = golden("cancellation.xml")
    rt = find(tree, "//msg:MessageMetaDataResponseTo")
    sender, receiver, rest = rt.text.split("-", 2)
    rt.text = f"{receiver}-{sender}-{rest}"
    assert "ECRIS-R-003" in validate(xml(tree)).rule_ids


def test_parser_limit_becomes_an_issue() -> None:
    report = validate(VALID / "request.xml", ValidationOptions(limits=ParserLimits(max_bytes=1000)))
    assert report.rule_ids == {"XML-LIMIT"}


def _tables_with(entry_id: str, **changes: object):  # type: ignore[no-untyped-def]
    tables = bundled()
    table = tables.table_for(entry_id)
    entries = [attrs.evolve(e, **changes) if e.technical_id == entry_id else e for e in table]
    return tables.replace(Table(table.name, entries))


def test_code_not_valid_on_the_message_date() -> None:
    tables = _tables_with("O-00-160400", valid_to=_dt.date(2000, 1, 1))
    tree = golden("notification.xml")
    find(tree, "(//dm:OffenceCommonCategoryReference)[1]").text = "O-00-160400"
    report = validate(xml(tree), ValidationOptions(code_tables=tables))
    assert {i.rule_id for i in report.warnings} == {"ECRIS-C-002"}


def test_official_table_makes_unknown_codes_errors() -> None:
    official = Provenance(source="crt.xml", evidence="official-crt")
    tables = _tables_with("O-00-010000", provenance=official)
    path = INVALID / "codes-001-unknown-offence.xml"
    assert validate(path).warnings[0].rule_id == "ECRIS-C-001"
    report = validate(path, ValidationOptions(code_tables=tables))
    assert report.errors[0].rule_id == "ECRIS-C-001"
    relaxed = validate(path, ValidationOptions(code_tables=tables, code_strictness="warning"))
    assert relaxed.ok
    assert validate(path, ValidationOptions(check_codes=False)).clean


def test_catalogue_is_consistent() -> None:
    for rule in RULES.values():
        assert rule.severity in Severity
        assert rule.fe_code.startswith("FE-")
        assert rule.switchable == (rule.source in ("rule", "codes"))
