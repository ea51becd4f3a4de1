"""Business and code rules, one module per family; ``CHECKS`` maps each rule ID to its check.

``READS`` maps a check to the indexed element names it reads: a message with none of them
cannot break its rules, so the engine does not run it. A check without an entry always runs
(the code check, which also reads ``languageCode`` attributes, and decides for itself).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from . import codes, correlation, dates, identifiers, notification
from .base import Check, Context

__all__ = ["CHECKS", "READS", "Check", "Context"]

CHECKS: Final[Mapping[str, Check]] = {
    **correlation.CHECKS,
    **dates.CHECKS,
    **identifiers.CHECKS,
    **notification.CHECKS,
    **codes.CHECKS,
}

READS: Final[Mapping[Check, frozenset[str]]] = {
    **correlation.READS,
    **dates.READS,
    **identifiers.READS,
    **notification.READS,
}
