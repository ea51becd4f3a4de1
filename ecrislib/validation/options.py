"""What a validation run checks and how severely: one frozen value, shareable across threads."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal

import attrs

from ..xml.parser import ParserLimits
from .catalogue import RULES
from .report import Severity

if TYPE_CHECKING:  # pragma: no cover
    from ..codes.registry import CodeTables

__all__ = ["ValidationOptions", "CodeStrictness"]

#: How a code missing from its table is reported: ``"auto"`` is a warning while only bundled
#: (unofficial) tables are loaded and an error once the table comes from an official CRT.
CodeStrictness = Literal["auto", "info", "warning", "error"]


def _rule_ids(value: Iterable[str] | None) -> frozenset[str] | None:
    if value is None:
        return None
    ids = frozenset([value] if isinstance(value, str) else value)
    for rule_id in ids:
        if rule_id not in RULES:
            raise ValueError(f"unknown validation rule {rule_id!r}")
        if not RULES[rule_id].switchable:
            raise ValueError(f"rule {rule_id} states what the schema requires and cannot be switched")
    return ids


def _severities(value: Mapping[str, Severity | str]) -> Mapping[str, Severity]:
    result = {}
    for rule_id, severity in value.items():
        _rule_ids([rule_id])
        result[rule_id] = Severity(severity)
    return result  # a plain dict: options must pickle (CLI worker processes)


def _answered_id(value: Any) -> str | None:
    """The ID of the answered message from a model message, a MessageId or a string."""
    if value is None:
        return None
    metadata = getattr(value, "metadata", None)
    if metadata is not None:
        return str(metadata.message_id)
    return str(value)


def _positive_or_none(_options: object, _attribute: object, value: object) -> None:
    if value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"max_issues must be an int or None, not {type(value).__name__}")
    if value < 1:
        raise ValueError("max_issues must be at least 1")


@attrs.frozen(kw_only=True)
class ValidationOptions:
    """Options of :func:`ecrislib.validate`.

    Attributes:
        disabled: business or code rules not to run (XML, XSD and ID rules always run).
        enabled: when given, the only business and code rules that run.
        severities: severity overrides per business or code rule.
        reveal_values: put the offending value in ``issue.value`` (and libxml2's raw message
            for schema errors). Off by default: values are personal data.
        limits: parser limits (size, depth); ``reveal_values`` here wins over the limits' own.
        code_tables: the tables to check codes against; ``None`` loads the bundled tables on
            first use.
        check_codes: run the code-table rules at all.
        code_strictness: see :data:`CodeStrictness`.
        answered_message: the message this one answers (a model message, a ``MessageId`` or an
            ID string); when given, ``ECRIS-R-004`` checks that ResponseTo names it.
        max_issues: most issues listed in one report (``None``: no cap). Past it, the most
            severe issues are kept and one last ``REPORT-MORE`` issue says how many more were
            found, with the severity of the worst of them, so ``report.ok`` stays exact.

    Options are immutable and may be shared by any number of threads. The engine keeps the
    checks it plans for them on the object itself (computed from the options alone, so two
    threads planning at once store the same value).
    """

    disabled: frozenset[str] = attrs.field(default=frozenset(), converter=_rule_ids)
    enabled: frozenset[str] | None = attrs.field(default=None, converter=_rule_ids)
    severities: Mapping[str, Severity] = attrs.field(factory=dict, converter=_severities)
    reveal_values: bool = False
    limits: ParserLimits | None = None
    code_tables: CodeTables | None = attrs.field(default=None, eq=False)
    check_codes: bool = True
    code_strictness: CodeStrictness = attrs.field(
        default="auto", validator=attrs.validators.in_(("auto", "info", "warning", "error"))
    )
    answered_message: str | None = attrs.field(default=None, converter=_answered_id)
    max_issues: int | None = attrs.field(default=1000, validator=_positive_or_none)
    #: The engine's plan for these options (which checks run, which rules are off); not an option.
    _plan: Any = attrs.field(default=None, init=False, eq=False, repr=False, hash=False)

    def runs(self, rule_id: str) -> bool:
        """Whether a business or code rule runs under these options."""
        if rule_id in self.disabled:
            return False
        if self.enabled is not None and rule_id not in self.enabled:
            return False
        if RULES[rule_id].source == "codes" and not self.check_codes:
            return False
        return True

    def parser_limits(self) -> ParserLimits:
        base = self.limits or ParserLimits()
        if base.reveal_values != self.reveal_values:
            base = attrs.evolve(base, reveal_values=self.reveal_values)
        return base

    def tables(self) -> CodeTables:
        """The code tables to use (bundled ones, built once per process, unless given)."""
        if self.code_tables is not None:
            return self.code_tables
        from ..codes import bundled

        return bundled()
