"""Turn a validation report into the functional-error message (FEM) that answers the message.

Each issue maps to an FE code: the rule's default (:data:`~ecrislib.validation.catalogue.FE_CODES`,
ecrislib's own assumption since the official FE list is not public) unless ``fe_codes`` maps
its rule ID (or its FE code) to another. An FE code is an xsd:ID, so it may appear only once
per FEM: issues are grouped by code, and each group's additional information lists the rules,
paths and ecrislib's value-free texts, never a value from the faulty message.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

from .catalogue import RULES
from .report import Severity, ValidationReport
from .rules.base import parse_message_id

if TYPE_CHECKING:  # pragma: no cover
    from ..clock import Clock
    from ..ids import IdSource
    from ..model.messages import FunctionalErrorMessage

__all__ = ["to_functional_error", "MAX_ADDITIONAL_INFORMATION"]

#: The remarks limit of the schema for FunctionalErrorAdditionalInformation.
MAX_ADDITIONAL_INFORMATION: Final = 4000


def _fe_code(rule_id: str, fe_codes: Mapping[str, str]) -> str:
    default = RULES[rule_id].fe_code
    return fe_codes.get(rule_id) or fe_codes.get(default) or default


def _text(lines: list[str]) -> str:
    """Join lines within the schema's 4000 characters, saying how many were left out."""
    out: list[str] = []
    size = 0
    for index, line in enumerate(lines):
        line = line.replace("<", "(").replace(">", ")")  # the schema bans < and > in text
        rest = len(lines) - index - 1
        reserve = len(f"\n... and {rest} more") if rest else 0
        if size + len(line) + 1 + reserve > MAX_ADDITIONAL_INFORMATION:
            out.append(f"... and {len(lines) - index} more")
            break
        out.append(line)
        size += len(line) + 1
    return "\n".join(out)


def to_functional_error(
    report: ValidationReport,
    *,
    ids: IdSource,
    clock: Clock,
    fe_codes: Mapping[str, str] | None = None,
    include_warnings: bool = False,
    language: str = "en",
) -> FunctionalErrorMessage:
    """The FEM answering the message ``report`` is about, one FE code per group of issues.

    ``fe_codes`` maps rule IDs (``"XSD-PATTERN"``) or default FE codes (``"FE-00001"``) to the
    codes of your Common Reference Table. Only errors are reported unless ``include_warnings``.
    Raises ``ValueError`` when there is nothing to report or the faulty message's ID could not
    be read (a FEM must name the message it answers). The new message's ID and timestamp come
    from ``ids`` and ``clock``: pass ``RandomIds()`` and ``SystemClock()`` for live traffic,
    fixed sources in tests.
    """
    from ..ids import MessageType
    from ..model.common import MultilingualText
    from ..model.messages import FunctionalError, FunctionalErrorMessage, Metadata
    from ..model.references import FunctionalErrorCode

    answered = parse_message_id(report.message_id)
    if answered is None:
        raise ValueError("the faulty message's MessageID could not be read, so no FEM can answer it")
    if answered[2] == "IAL":
        raise ValueError("an IsAlive message cannot be answered with a functional error")
    wanted = {Severity.ERROR, Severity.WARNING} if include_warnings else {Severity.ERROR}
    issues = [issue for issue in report.issues if issue.severity in wanted]
    if not issues:
        raise ValueError("the report has no issue to answer with a functional error")
    groups: dict[str, list[str]] = {}
    for issue in issues:
        code = _fe_code(issue.rule_id, fe_codes or {})
        where = issue.path or "(document)"
        if issue.line is not None:
            where += f" line {issue.line}"
        groups.setdefault(code, []).append(f"{issue.rule_id} {where}: {issue.message}")
    sender, receiver = answered[1], answered[0]
    metadata = Metadata.new(
        sender,
        receiver,
        MessageType.FEM,
        ids=ids,
        clock=clock,
        response_to=report.message_id,  # type: ignore[arg-type]
    )
    errors = tuple(
        FunctionalError(
            code=FunctionalErrorCode(code),
            additional_information=MultilingualText.of(_text(lines), language),
        )
        for code, lines in groups.items()
    )
    return FunctionalErrorMessage(metadata=metadata, errors=errors)
