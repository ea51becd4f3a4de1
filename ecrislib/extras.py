"""Imports of optional extras, each failing with one line that names the extra to install.

Heavy optional libraries (pyarrow, pandas, matplotlib, dask) are imported only inside the
functions that need them, through :func:`require`, so ``import ecrislib`` stays light and a
missing extra is a :class:`~ecrislib.errors.MissingExtraError`, never a bare ``ImportError``
from deep inside a call.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from .errors import MissingExtraError

__all__ = ["require"]


def require(extra: str, module: str, feature: str) -> ModuleType:
    """Import ``module`` or raise :class:`MissingExtraError` naming ``extra``.

    >>> require("archive", "json", "the index").__name__
    'json'
    >>> require("archive", "no_such_module_here", "the index")
    Traceback (most recent call last):
    ...
    ecrislib.errors.MissingExtraError: the index needs the 'archive' extra (no_such_module_here is missing): pip install 'ecrislib[archive]'
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(extra, module, feature) from None
