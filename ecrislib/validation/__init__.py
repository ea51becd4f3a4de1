"""Validation of ECRIS messages: XSD, identifiers, business rules and code tables.

>>> import ecrislib
>>> from ecrislib.testing import factories
>>> report = ecrislib.validate(factories.request())
>>> report.ok
True

See ``docs/validation.md`` for the rule catalogue, the options and the command line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .catalogue import FE_CODES, RULES, Rule
    from .engine import validate
    from .functional_error import to_functional_error
    from .options import ValidationOptions
    from .report import Severity, ValidationIssue, ValidationReport

__all__ = [
    "FE_CODES",
    "RULES",
    "Rule",
    "Severity",
    "ValidationIssue",
    "ValidationOptions",
    "ValidationReport",
    "to_functional_error",
    "validate",
]

# Loaded on first use, so that the command line can register ``validate`` without building
# the model, the schemas and the rules.
_LAZY = {
    "FE_CODES": ".catalogue",
    "RULES": ".catalogue",
    "Rule": ".catalogue",
    "validate": ".engine",
    "to_functional_error": ".functional_error",
    "ValidationOptions": ".options",
    "Severity": ".report",
    "ValidationIssue": ".report",
    "ValidationReport": ".report",
}

__getattr__, __dir__ = lazy_exports(globals(), _LAZY)
