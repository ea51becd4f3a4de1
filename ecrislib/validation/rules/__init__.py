"""Business and code rules, one module per family; ``CHECKS`` maps each rule ID to its check."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from . import codes, correlation, dates, identifiers, notification
from .base import Check, Context

__all__ = ["CHECKS", "Check", "Context"]

CHECKS: Final[Mapping[str, Check]] = {
    **correlation.CHECKS,
    **dates.CHECKS,
    **identifiers.CHECKS,
    **notification.CHECKS,
    **codes.CHECKS,
}
