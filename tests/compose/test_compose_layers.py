"""The builders and the register are production code: they stand below the simulation and the
test helpers, so nothing in them imports ``ecrislib.testing`` or ``ecrislib.transport``
(at module level or inside a function)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import ecrislib

ROOT = Path(ecrislib.__file__).parent
FORBIDDEN = ("ecrislib.testing", "ecrislib.transport")


def _imports(path: Path) -> set[str]:
    package = ".".join(("ecrislib", *path.relative_to(ROOT).parent.parts))
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


@pytest.mark.parametrize("path", sorted([*ROOT.glob("compose/*.py"), *ROOT.glob("register/*.py")]), ids=lambda p: p.name)
def test_no_upward_import(path):
    bad = sorted(name for name in _imports(path) if name.startswith(FORBIDDEN))
    assert bad == []


def test_the_check_sees_relative_imports():
    sample = ROOT / "testing" / "factories.py"
    assert "ecrislib.compose" in _imports(sample)
