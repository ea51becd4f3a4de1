"""Every file of tests/data/invalid triggers the rule MANIFEST.csv tags it with."""

from __future__ import annotations

import pytest
from tests.support.validation_kit import INVALID, manifest

from ecrislib.validation import RULES, validate

CASES = manifest()


def test_manifest_lists_every_file_and_known_rules() -> None:
    listed = {row["file"] for row in CASES}
    assert listed == {p.name for p in INVALID.glob("*.xml")}
    assert all(row["rule_id"] in RULES for row in CASES)


def test_every_rule_family_is_covered() -> None:
    tagged = {row["rule_id"] for row in CASES}
    # Rules a single file cannot show under default options: XML-LIMIT (needs a limit, see
    # test_report.py), XSD-RANGE/XSD-OTHER (no ECRIS type produces them), ECRIS-R-004 (needs
    # the answered message), ECRIS-C-002 (needs a table with validity dates), REPORT-MORE (needs
    # more than max_issues issues, see test_thread_safety_and_limits.py) are unit-tested.
    untagged = set(RULES) - tagged
    assert untagged <= {"XML-LIMIT", "XSD-RANGE", "XSD-OTHER", "ECRIS-R-004", "ECRIS-C-002", "REPORT-MORE"}, untagged


@pytest.mark.parametrize("row", CASES, ids=[row["file"] for row in CASES])
def test_negative_file_triggers_its_rule(row) -> None:  # type: ignore[no-untyped-def]
    report = validate(INVALID / row["file"])
    assert row["rule_id"] in report.rule_ids, str(report)
    issue = report.by_rule(row["rule_id"])[0]
    assert issue.severity == RULES[row["rule_id"]].severity or issue.rule_id.startswith("ECRIS-C")
    if not row["rule_id"].startswith("XML-"):
        assert issue.path and issue.path.startswith("/") and issue.line
