"""A national criminal register: people, their convictions, and the notifications received.

:class:`NationalRegister` is the interface a central authority's engine works against (for
example :func:`ecrislib.compose.reply`); :class:`MemoryRegister` and :class:`SqliteRegister`
implement it with the same rules. See ``docs/compose.md``.
"""

from __future__ import annotations

from .base import Action, Applied, HistoryEvent, NationalRegister
from .identify import Choice, Hit, SearchKey, best_hit, fold_name, identify
from .memory import MemoryRegister
from .sqlite import MIGRATIONS, SqliteRegister

__all__ = [
    "Action",
    "Applied",
    "Choice",
    "HistoryEvent",
    "Hit",
    "MIGRATIONS",
    "MemoryRegister",
    "NationalRegister",
    "SearchKey",
    "SqliteRegister",
    "best_hit",
    "fold_name",
    "identify",
]
