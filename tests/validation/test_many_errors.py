"""Messages with many errors: each error located right, the report capped, the verdict exact.

The documents are built by :mod:`tests.support.many_errors`: a valid request with ``n`` extra
aliases, each carrying one XSD-TYPE error.
"""

from __future__ import annotations

import pytest

import ecrislib
from ecrislib.validation import Severity, ValidationOptions

from tests.support.many_errors import AFTER_ALIASES, ALIAS_LINE, BAD_ALIAS, BASE_INFOS, PERSON, REQUEST, aliases


@pytest.mark.parametrize("default_namespace", [False, True], ids=["prefixed", "default-namespace"])
def test_every_schema_error_is_located(default_namespace: bool) -> None:
    report = ecrislib.validate(aliases(30, default_namespace=default_namespace))
    errors = report.errors
    assert [issue.rule_id for issue in errors] == ["XSD-TYPE"] * 30
    assert [issue.path for issue in errors] == [f"{PERSON}/PersonAlias[{k + 2}]/PersonBirthDate/DateYear" for k in range(1, 31)]
    assert [issue.line for issue in errors] == [ALIAS_LINE + k - 1 for k in range(1, 31)]
    assert all(issue.message == "the value of DateYear is not a valid value of its type" for issue in errors)


def test_a_report_lists_max_issues_then_counts_the_rest() -> None:
    report = ecrislib.validate(aliases(25), ValidationOptions(max_issues=10))
    assert len(report.issues) == 11
    listed, more = report.issues[:10], report.issues[10]
    # The most severe first: the ten earliest errors are listed, the four infos are not.
    assert [issue.line for issue in listed] == [ALIAS_LINE + k for k in range(10)]
    assert {issue.rule_id for issue in listed} == {"XSD-TYPE"}
    assert more.rule_id == "REPORT-MORE" and more.source == "report"
    assert more.severity is Severity.ERROR
    assert more.message == "19 more issues not listed (max_issues is 10); the worst of them is error"
    assert more.path is None and more.line is None
    assert not report.ok


def test_the_count_takes_the_severity_of_the_worst_issue_left_out() -> None:
    # 3 errors and 4 infos, room for 3: the errors are listed, the infos counted.
    report = ecrislib.validate(aliases(3), ValidationOptions(max_issues=3))
    assert [issue.rule_id for issue in report.issues] == ["XSD-TYPE"] * 3 + ["REPORT-MORE"]
    assert report.issues[-1].severity is Severity.INFO
    assert report.issues[-1].message.startswith("4 more issues not listed")
    # A valid message whose infos are cut stays valid and clean.
    valid = ecrislib.validate(aliases(0), ValidationOptions(max_issues=1))
    assert valid.ok and valid.clean
    assert [issue.rule_id for issue in valid.issues] == ["ECRIS-C-003", "REPORT-MORE"]


@pytest.mark.parametrize("cap", [1, 2, 5, 33, 34, 35, None])
def test_the_verdict_is_the_same_whatever_the_cap(cap: int | None) -> None:
    data = aliases(30)
    full = ecrislib.validate(data, ValidationOptions(max_issues=None))
    assert len(full.issues) == 30 + BASE_INFOS
    capped = ecrislib.validate(data, ValidationOptions(max_issues=cap))
    assert (capped.ok, capped.clean) == (full.ok, full.clean) == (False, False)
    listed = len(full.issues) if cap is None or cap >= len(full.issues) else cap
    assert len(capped.issues) == listed + (0 if listed == len(full.issues) else 1)
    assert capped.issues[:listed] == tuple(i for i in full.issues if i in capped.issues[:listed])


def test_default_cap_is_1000() -> None:
    report = ecrislib.validate(aliases(1200))
    assert len(report.issues) == 1001
    assert report.issues[-1].message.startswith(f"{1200 + BASE_INFOS - 1000} more issues not listed")


def test_max_issues_must_be_positive() -> None:
    with pytest.raises(ValueError):
        ValidationOptions(max_issues=0)
    with pytest.raises(TypeError):
        ValidationOptions(max_issues="10")  # type: ignore[arg-type]


def test_a_huge_broken_tree_is_reported_in_linear_time_without_locations() -> None:
    """Past LARGE_TREE elements and unlocated_above(max_issues) schema errors, the errors come
    from a streaming validation (lxml would spend minutes recording a path per error): same
    rules and messages, no path or line, and the verdict and count stay exact."""
    from ecrislib.validation.engine import LARGE_TREE, unlocated_above

    good = BAD_ALIAS.replace("19x0", "1970") * 2000  # 12,000 more elements, no error

    def large(errors: int) -> bytes:
        return (REQUEST[:AFTER_ALIASES] + good + BAD_ALIAS * errors + REQUEST[AFTER_ALIASES:]).encode()

    errors = unlocated_above(1000) + 1
    data = large(errors)
    assert data.count(b"</") > LARGE_TREE  # the tree is large: one end tag per element
    report = ecrislib.validate(data)
    listed, more = report.issues[:-1], report.issues[-1]
    assert len(listed) == 1000
    assert {(i.rule_id, i.path, i.line, i.message) for i in listed} == {
        ("XSD-TYPE", None, None, "the value of DateYear is not a valid value of its type")
    }
    assert more.message.startswith(f"{errors + BASE_INFOS - 1000} more issues not listed")
    assert not report.ok
    # One error fewer than the threshold: every error is located as usual.
    located = ecrislib.validate(large(errors - 1))
    assert located.issues[0].path == f"{PERSON}/PersonAlias[2003]/PersonBirthDate/DateYear"
    assert located.issues[0].line == ALIAS_LINE + 2000
    # No cap asked: the user wants every error located, whatever it costs.
    full = ecrislib.validate(data, ValidationOptions(max_issues=None))
    assert len(full.errors) == errors and full.errors[-1].line == ALIAS_LINE + 2000 + errors - 1


def test_one_issue_left_over_is_counted_in_the_singular() -> None:
    cap = BASE_INFOS - 1
    report = ecrislib.validate(aliases(0), ValidationOptions(max_issues=cap))
    assert report.issues[-1].message == f"1 more issue not listed (max_issues is {cap}); the worst of them is info"
