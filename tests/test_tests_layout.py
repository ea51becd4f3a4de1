"""The tests' own house: ``tests/`` mirrors ``ecrislib/``, so a reader finds the tests of a module
where the module lives, and helpers live in one support package.

- a test module sits in ``tests/<sub>/`` for a subpackage ``ecrislib/<sub>/`` (at any depth), or
  in one of the few folders of :data:`CROSS_CUTTING`; only this file sits at the top;
- every other module (a kit, a builder, a worker script) is in ``tests/support/`` and is
  imported as ``tests.support.<name>``; conftest modules hold fixtures, next to their tests;
- every folder with Python in it is a package, so same-named modules never clash and pytest
  needs no folder on the module search path;
- no test edits the module search path (the packaging tests rely on it: their inner runs must
  import the installed wheel, not the checkout).
"""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
PACKAGE = TESTS.parent / "ecrislib"

#: Folders for what is not one subpackage, and why.
CROSS_CUTTING = {
    "package": "the package as a whole and its top-level modules: layers, packaging, docs, cli",
    "schema": "the XSD set itself (schemas/, shipped as ecrislib._schemas), read by lxml and xmlschema",
}
SUPPORT = "support"
#: Edits of the search path, written so that this file does not match itself.
_PATH_EDIT = re.compile(r"\bsys\s*\.\s*path\s*(\.\s*\w+\s*\(|\[[^\]]*\]\s*=|\+?=)")


_CONFTEST_IMPORT = re.compile(r"^\s*(from\s+[\w.]*conftest\s+import|import\s+[\w.]*conftest\b)", re.MULTILINE)


def _python_files() -> list[Path]:
    return sorted(p for p in TESTS.rglob("*.py") if "__pycache__" not in p.parts)


def _subpackages() -> set[str]:
    return {"/".join(init.parent.relative_to(PACKAGE).parts) for init in PACKAGE.rglob("__init__.py") if init.parent != PACKAGE}


def _folder(path: Path) -> str:
    return "/".join(path.parent.relative_to(TESTS).parts)


def test_every_test_module_mirrors_a_subpackage_or_a_cross_cutting_folder() -> None:
    allowed = _subpackages() | set(CROSS_CUTTING)
    misplaced = [
        str(path.relative_to(TESTS))
        for path in _python_files()
        if path.name.startswith("test_") and path != Path(__file__).resolve() and _folder(path) not in allowed
    ]
    assert misplaced == []


def test_helpers_live_only_in_the_support_package() -> None:
    def is_helper(path: Path) -> bool:
        return not path.name.startswith("test_") and path.name not in ("conftest.py", "__init__.py")

    stray = [str(path.relative_to(TESTS)) for path in _python_files() if is_helper(path) and _folder(path) != SUPPORT]
    assert stray == []
    assert (TESTS / SUPPORT / "__init__.py").is_file()
    from_conftest = [str(path.relative_to(TESTS)) for path in _python_files() if _CONFTEST_IMPORT.search(path.read_text(encoding="utf-8"))]
    assert from_conftest == []  # a conftest holds fixtures; what tests import is in tests.support


def test_every_folder_with_python_is_a_package() -> None:
    folders = {path.parent for path in _python_files()}
    missing = sorted(str(folder.relative_to(TESTS.parent)) for folder in folders if not (folder / "__init__.py").is_file())
    assert missing == []


def test_no_test_edits_the_module_search_path() -> None:
    editing = [str(path.relative_to(TESTS)) for path in _python_files() if _PATH_EDIT.search(path.read_text(encoding="utf-8"))]
    assert editing == []
