"""Validation of ECRIS messages: XSD, identifiers, business rules and code tables.

>>> import ecrislib
>>> from ecrislib.testing import factories
>>> report = ecrislib.validate(factories.request())
>>> report.ok
True

See ``docs/validation.md`` for the rule catalogue, the options and the command line.
"""

from __future__ import annotations

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
