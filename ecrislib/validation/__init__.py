"""Validation of ECRIS messages: XSD, identifiers, business rules and code tables.

>>> import ecrislib
>>> from ecrislib.testing import factories
>>> report = ecrislib.validate(factories.request())
>>> report.ok
True

See ``docs/validation.md`` for the rule catalogue, the options and the command line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
    "FE_CODES": "catalogue",
    "RULES": "catalogue",
    "Rule": "catalogue",
    "validate": "engine",
    "to_functional_error": "functional_error",
    "ValidationOptions": "options",
    "Severity": "report",
    "ValidationIssue": "report",
    "ValidationReport": "report",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'ecrislib.validation' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
