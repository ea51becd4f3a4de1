"""Whether the compiled reader (:mod:`ecrislib.xml._reader`) is in use, and why not.

The wheel built where a C compiler is found carries a compiled reader of content models,
which reads the usual case of each content model from libxml2's nodes without lxml proxies
(see its docstring). It
reads libxml2's and lxml's structures as the lxml it was compiled against lays them out, so
it is used only under that same lxml version; without it (no compiler at install time, another
lxml, or ``ECRISLIB_NO_EXTENSIONS=1`` in the environment when ecrislib is imported), ecrislib
reads with the generated Python readers alone. Both give the same results: the compiled reader
only ever stands in front of a generated reader, and hands it anything unusual.

>>> from ecrislib.xml import accelerated
>>> accelerated.ACTIVE in (True, False) and isinstance(accelerated.REASON, str)
True
"""

from __future__ import annotations

import os
from typing import Any, Callable, Final, Sequence

from lxml import etree

__all__ = ["ACTIVE", "REASON", "reader"]


def _load() -> tuple[Any, str]:
    if os.environ.get("ECRISLIB_NO_EXTENSIONS", "") not in ("", "0"):
        return None, "ECRISLIB_NO_EXTENSIONS is set"
    try:
        from . import _reader
    except ImportError:
        return None, "not compiled (the wheel was built without a C compiler)"
    if _reader.COMPILED_FOR_LXML != etree.__version__:
        return None, f"compiled for lxml {_reader.COMPILED_FOR_LXML}, lxml {etree.__version__} is installed (reinstall ecrislib to compile it again)"
    return _reader, f"compiled for lxml {_reader.COMPILED_FOR_LXML}"


_MODULE, _WHY = _load()
#: Whether content models are read by the compiled reader.
ACTIVE: Final = _MODULE is not None
#: Why (or why not), in a few words.
REASON: Final = _WHY

Read = Callable[[Any, Any], dict[str, Any]]


def reader(slots: Sequence[Any], nested: Sequence[Any], generated: Read) -> Read:
    """The read function of a content model of ``slots``
    (:class:`~ecrislib.xml.compiled.Slot`): the compiled reader in front of ``generated``
    when it is in use, else ``generated`` itself. ``nested``: per slot, how the compiled
    reader reads that child itself (``binding._compiled_read``), else None."""
    if _MODULE is None:
        return generated
    compiled: Read = _MODULE.Reader(slots, nested, generated)
    return compiled
