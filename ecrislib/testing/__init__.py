"""Fixtures for tests, as public API.

* :mod:`ecrislib.testing.factories`: readable factories with sensible defaults (no extra
  dependency);
* :mod:`ecrislib.testing.strategies`: hypothesis strategies that draw valid messages of every
  type; ``ecrislib.testing.messages()`` is a shortcut. They need the ``test`` extra
  (``pip install 'ecrislib[test]'``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports
from . import factories

if TYPE_CHECKING:
    from . import strategies
    from .strategies import messages

__all__ = ["factories", "messages", "strategies"]

# The strategies need hypothesis, which only the ``test`` extra installs.
_LAZY = {"strategies": ".strategies", "messages": ".strategies"}

__getattr__, __dir__ = lazy_exports(globals(), _LAZY, extras={".strategies": "test"})
