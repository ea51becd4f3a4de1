"""Re-export of :mod:`ecrislib.xml.schemas` under its former name (kept for callers and docs
that import ``ecrislib.validation.xsd``); the loader itself lives in one place only."""

from __future__ import annotations

from ..xml import schemas as _schemas
from ..xml.schemas import *  # noqa: F403 - the whole public API, by definition

__all__ = list(_schemas.__all__)
