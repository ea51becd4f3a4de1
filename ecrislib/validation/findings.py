"""What a checker hands to the engine: a rule, an element and a value-free text.

Checkers never build :class:`ValidationIssue` objects themselves, so that severities, switches,
paths and the reveal-values policy are applied in one place (the engine).
"""

from __future__ import annotations

from typing import Any

import attrs

from .report import Severity

__all__ = ["Finding"]


@attrs.frozen
class Finding:
    """A rule broken at ``element`` (an lxml element, or ``None`` for the whole document).

    ``message`` must not contain any value taken from the document; ``value`` may, and is only
    kept when the caller asked for values. ``severity`` overrides the catalogue default (used by
    the code rules, whose severity depends on the loaded tables). ``path``/``line``/``column``
    override what the element gives (used for schema errors, located by libxml2).
    """

    rule_id: str
    element: Any
    message: str
    value: str | None = None
    severity: Severity | None = None
    path: str | None = None
    line: int | None = None
    column: int | None = None
