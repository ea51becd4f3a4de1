"""Lazy public names: one helper for every package, and type checkers see every name.

Each package that loads names on first use lists them twice: in its lazy table (what runs) and
under ``TYPE_CHECKING`` (what type checkers read). These tests keep the two lists and
``__all__`` equal, so a public name is never ``Any`` to a type checker.
"""

from __future__ import annotations

import ast
import importlib
import sys
from pathlib import Path
from types import ModuleType

import pytest

from ecrislib._lazy import lazy_exports

ROOT = Path(__file__).resolve().parents[2]

# Package -> the name of its lazy table.
LAZY_PACKAGES = {
    "ecrislib": "_LAZY",
    "ecrislib.codes": "_EXPORTS",
    "ecrislib.validation": "_LAZY",
    "ecrislib.testing": "_LAZY",
    "ecrislib.transport": "_LAZY",
}


def _type_checking_names(package: ModuleType) -> set[str]:
    """The names imported under ``if TYPE_CHECKING:`` in the package's ``__init__``."""
    assert package.__file__ is not None
    tree = ast.parse(Path(package.__file__).read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for statement in ast.walk(node):
                if isinstance(statement, (ast.Import, ast.ImportFrom)):
                    for alias in statement.names:
                        if alias.name == "*":  # ``from .model import *``: that module's __all__
                            assert isinstance(statement, ast.ImportFrom) and statement.module
                            source = importlib.import_module("." * statement.level + statement.module, package.__name__)
                            names.update(source.__all__)
                        else:
                            names.add(alias.asname or alias.name)
    return names


@pytest.mark.parametrize("name", sorted(LAZY_PACKAGES))
def test_type_checking_block_lists_exactly_the_lazy_names(name: str) -> None:
    package = importlib.import_module(name)
    lazy = getattr(package, LAZY_PACKAGES[name])
    assert _type_checking_names(package) == set(lazy)
    assert set(lazy) <= set(package.__all__)
    assert set(package.__all__) <= set(lazy) | set(vars(package)), "a name of __all__ that is nowhere"


@pytest.mark.parametrize("name", sorted(LAZY_PACKAGES))
def test_every_lazy_name_is_the_object_of_its_module(name: str) -> None:
    package = importlib.import_module(name)
    for public, module_name in getattr(package, LAZY_PACKAGES[name]).items():
        module = importlib.import_module(module_name, name)
        expected = module if module.__name__.rpartition(".")[2] == public else getattr(module, public)
        assert getattr(package, public) is expected, public
    assert set(getattr(package, LAZY_PACKAGES[name])) <= set(dir(package))


def test_the_public_api_names_validate_and_render() -> None:
    import ecrislib
    from ecrislib.rendering import render
    from ecrislib.validation import ValidationReport, validate

    assert ecrislib.validate is validate and ecrislib.render is render
    assert ecrislib.ValidationReport is ValidationReport
    assert {"validate", "ValidationReport", "render", "facts"} <= set(ecrislib.__all__)


def test_an_unknown_name_is_an_attribute_error() -> None:
    namespace = {"__name__": "ecrislib"}
    getattr_, dir_ = lazy_exports(namespace, {"facts": ".facts"})
    with pytest.raises(AttributeError, match="module 'ecrislib' has no attribute 'nothing'"):
        getattr_("nothing")
    assert dir_() == ["__name__", "facts"]
    assert getattr_("facts") is sys.modules["ecrislib.facts"] and namespace["facts"] is sys.modules["ecrislib.facts"]


def test_a_missing_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "ecrislib.testing.strategies", raising=False)
    monkeypatch.setitem(sys.modules, "hypothesis", None)  # importing it now fails
    getattr_, _dir = lazy_exports({"__name__": "ecrislib.testing"}, {"messages": ".strategies"}, extras={".strategies": "test"})
    with pytest.raises(ImportError, match=r"^ecrislib.testing.messages needs hypothesis: pip install 'ecrislib\[test\]'$"):
        getattr_("messages")
