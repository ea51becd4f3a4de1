"""Public names that load on first use: the one helper behind every package's ``__getattr__``.

``import ecrislib`` must stay light (the model alone is some sixty attrs classes, the schemas
and code tables are heavier still), yet ``ecrislib.validate`` must just work. A package lists
its public names and the module each lives in, and this helper imports that module when a
name is first read, then keeps the value in the package so the next read is a plain look-up.
Type checkers do not run ``__getattr__``: each package also imports the same names under
``TYPE_CHECKING`` (a test keeps the two lists equal).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    namespace: dict[str, Any],
    exports: Mapping[str, str],
    *,
    extras: Mapping[str, str] | None = None,
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for the package whose ``globals()`` is ``namespace``.

    ``exports`` maps each lazy name to its module, absolute or relative to the package
    (``".engine"``). A name that is the last part of its module's name (``"ids": ".ids"``) is
    that module itself. ``extras`` maps a module to the extra it needs (``".strategies": "test"``):
    when a dependency of that module is missing, the error says which extra to install.
    """
    package = namespace["__name__"]
    needs = dict(extras or {})

    def __getattr__(name: str) -> Any:
        module_name = exports.get(name)
        if module_name is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        try:
            module = importlib.import_module(module_name, package)
        except ImportError as error:
            extra = needs.get(module_name)
            if extra is None or (error.name or "").partition(".")[0] == "ecrislib":
                raise
            raise ImportError(f"{package}.{name} needs {error.name}: pip install 'ecrislib[{extra}]'") from error
        value = module if module.__name__.rpartition(".")[2] == name else getattr(module, name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(exports))

    return __getattr__, __dir__
