"""Fixtures for tests, as public API.

* :mod:`ecrislib.testing.factories`: readable factories with sensible defaults (no extra
  dependency);
* :mod:`ecrislib.testing.strategies`: hypothesis strategies that draw valid messages of every
  type; ``ecrislib.testing.messages()`` is a shortcut. They need the ``test`` extra
  (``pip install 'ecrislib[test]'``).
"""

from __future__ import annotations

import importlib
from typing import Any

from . import factories

__all__ = ["factories", "messages", "strategies"]


def __getattr__(name: str) -> Any:
    if name in ("strategies", "messages"):
        try:
            strategies = importlib.import_module("ecrislib.testing.strategies")
        except ImportError as error:  # pragma: no cover - depends on the environment
            if error.name != "hypothesis":
                raise
            raise ImportError(
                "ecrislib.testing.strategies needs hypothesis: pip install 'ecrislib[test]'"
            ) from error
        return strategies if name == "strategies" else strategies.messages
    raise AttributeError(name)
