"""The validation report: what is wrong, where, which rule says so, and how bad it is.

Issue texts are written by ecrislib and name elements, rule IDs and counts only; a value from
the message (a name, a date, a number) is kept in :attr:`ValidationIssue.value` and only when
the caller asked for it (``ValidationOptions(reveal_values=True)``), because reports end up in
logs and tickets while the messages hold personal data.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Iterator
from typing import Any, Literal

import attrs

from ..errors import EcrisValidationError

__all__ = ["Severity", "Source", "ValidationIssue", "ValidationReport"]

#: Which checker found an issue.
Source = Literal["xml", "xsd", "ids", "rule", "codes", "report"]


class Severity(str, enum.Enum):
    """How bad an issue is: an ``error`` breaks the standard, a ``warning`` is probably wrong,
    an ``info`` is worth knowing (e.g. a code that could not be checked)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def __str__(self) -> str:
        return self.value

    @property
    def rank(self) -> int:
        """2 for errors, 1 for warnings, 0 for infos (for sorting and thresholds)."""
        return _RANK[self]


_RANK = {Severity.ERROR: 2, Severity.WARNING: 1, Severity.INFO: 0}


@attrs.frozen(kw_only=True)
class ValidationIssue:
    """One finding. ``path`` is a readable element path such as
    ``/NotificationMessage/MessageData/MessageDataPerson/PersonBirthDate``; ``value`` is only
    filled when values were revealed on purpose, and is left out of ``str()``."""

    rule_id: str
    severity: Severity = attrs.field(converter=Severity)
    message: str
    source: Source
    path: str | None = None
    line: int | None = None
    column: int | None = None
    value: str | None = attrs.field(default=None, repr=False)

    def __str__(self) -> str:
        where = self.path or "(document)"
        if self.line is not None:
            where += f" (line {self.line}" + (f", column {self.column})" if self.column else ")")
        return f"{self.severity.value.upper()} {self.rule_id} {where}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; ``value`` appears only when it was revealed."""
        data: dict[str, Any] = {
            "rule_id": self.rule_id,
            "severity": self.severity.value,
            "source": self.source,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }
        if self.value is not None:
            data["value"] = self.value
        return data


def _sort_key(issue: ValidationIssue) -> tuple[bool, int, int, str]:
    # REPORT-MORE (the count of issues past ``max_issues``) always comes last.
    return (issue.rule_id == "REPORT-MORE", issue.line if issue.line is not None else 0, -issue.severity.rank, issue.rule_id)


def _sorted_issues(issues: Iterable[ValidationIssue]) -> tuple[ValidationIssue, ...]:
    return tuple(sorted(issues, key=_sort_key))


@attrs.frozen(kw_only=True)
class ValidationReport:
    """The outcome of :func:`ecrislib.validate`: ``ok`` when there is no error.

    A report is true when it is :attr:`ok` (``if validate(data): ...``), whatever the number
    of issues ``len(report)`` counts; :attr:`clean` also refuses warnings.

    ``root`` (e.g. ``"NotificationMessage"``) and ``message_id`` are kept so that a report can
    be answered with a functional-error message; the message ID is technical routing data
    (member states, type, a serial number), not personal data, but it is still left out of
    ``str()`` and of :meth:`to_dict` unless values were revealed.
    """

    issues: tuple[ValidationIssue, ...] = attrs.field(converter=_sorted_issues)
    root: str | None = None
    message_id: str | None = attrs.field(default=None, repr=False)
    source_name: str | None = None
    reveal_values: bool = attrs.field(default=False, repr=False)

    @property
    def ok(self) -> bool:
        """True when no issue is an error (warnings and infos allowed)."""
        return not any(issue.severity is Severity.ERROR for issue in self.issues)

    @property
    def clean(self) -> bool:
        """True when there is neither an error nor a warning (infos allowed)."""
        return not any(issue.severity is not Severity.INFO for issue in self.issues)

    @property
    def errors(self) -> tuple[ValidationIssue, ...]:
        return tuple(i for i in self.issues if i.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[ValidationIssue, ...]:
        return tuple(i for i in self.issues if i.severity is Severity.WARNING)

    @property
    def infos(self) -> tuple[ValidationIssue, ...]:
        return tuple(i for i in self.issues if i.severity is Severity.INFO)

    @property
    def rule_ids(self) -> frozenset[str]:
        """Every rule that reported something (handy in tests and filters)."""
        return frozenset(i.rule_id for i in self.issues)

    def __iter__(self) -> Iterator[ValidationIssue]:
        return iter(self.issues)

    def __len__(self) -> int:
        """The number of issues (errors, warnings and infos)."""
        return len(self.issues)

    def __bool__(self) -> bool:
        """``if report:`` means "the message is ok" (:attr:`ok`: no error; warnings allowed).

        Without it Python would take the truth from ``len()``, so that a clean report (no
        issue) were false and an invalid one true: the opposite of what the line reads.
        """
        return self.ok

    def by_rule(self, rule_id: str) -> tuple[ValidationIssue, ...]:
        return tuple(i for i in self.issues if i.rule_id == rule_id)

    def summary(self) -> str:
        """``"2 errors, 1 warning, 0 infos"``."""
        e, w, i = len(self.errors), len(self.warnings), len(self.infos)
        return f"{e} error{'s' * (e != 1)}, {w} warning{'s' * (w != 1)}, {i} info{'s' * (i != 1)}"

    def __str__(self) -> str:
        head = f"{self.source_name or self.root or 'message'}: {'valid' if self.ok else 'INVALID'} ({self.summary()})"
        return "\n".join([head, *(f"  {issue}" for issue in self.issues)])

    def raise_for_errors(self) -> ValidationReport:
        """Raise :class:`~ecrislib.errors.EcrisValidationError` when there is an error; else
        return the report (so ``validate(x).raise_for_errors()`` chains)."""
        errors = self.errors
        if errors:
            rules = sorted({i.rule_id for i in errors})
            first = errors[0]
            raise EcrisValidationError(
                f"{len(errors)} validation error{'s' * (len(errors) != 1)} ({', '.join(rules)}); first: {first}",
                self,
            )
        return self

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "source": self.source_name,
            "root": self.root,
            "ok": self.ok,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "infos": len(self.infos),
            "issues": [issue.to_dict() for issue in self.issues],
        }
        if self.reveal_values and self.message_id is not None:
            data["message_id"] = self.message_id
        return data

    def to_json(self, **kwargs: Any) -> str:
        """The report as JSON (``kwargs`` go to :func:`json.dumps`, e.g. ``indent=2``)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)
