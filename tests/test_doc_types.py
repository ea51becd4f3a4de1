"""The examples in the guides and the README type-check under ``mypy --strict``.

A user copies an example into typed code: if the example passes a list where the API declares
a tuple, or a ``set`` where it declares a ``frozenset``, their type checker fails where ours
did not. Each page's ``python`` and ``pycon`` blocks become one module (doctest lines are unwrapped; the
blocks of a page share one namespace, as when pytest runs them), and mypy checks them all
against the package's own annotations.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]
_BLOCK = re.compile(r"^```(?:python|pycon)\n(.*?)^```", re.DOTALL | re.MULTILINE)


def python_of(markdown: str) -> str:
    """The code of a page's ``python`` blocks, doctest prompts removed and output dropped."""
    parts = []
    for block in _BLOCK.findall(markdown):
        lines = block.splitlines()
        if any(line.startswith(">>>") for line in lines):
            lines = [line[4:] for line in lines if line.startswith((">>> ", "... ", ">>>", "..."))]
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def test_doctest_prompts_are_unwrapped_and_output_dropped() -> None:
    page = "Text.\n\n```python\n>>> x = (1,\n...      2)\n>>> x\n(1, 2)\n```\n\n```python\ny: int = 3\n```\n"
    assert python_of(page) == "x = (1,\n     2)\nx\n\ny: int = 3\n"


def test_every_doc_example_type_checks(tmp_path: Path) -> None:
    modules = []
    for page in PAGES:
        code = python_of(page.read_text(encoding="utf-8"))
        if code.strip():
            module = tmp_path / f"doc_{page.stem.replace('-', '_')}.py"
            module.write_text(code, encoding="utf-8")
            modules.append(module)
    assert modules, "no python examples found in the docs"
    env = dict(os.environ)
    if (ROOT / "ecrislib" / "__init__.py").is_file():  # a checkout: check against its sources
        env["MYPYPATH"] = str(ROOT)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--follow-imports=silent",
         "--cache-dir", str(ROOT / ".mypy_cache"), *map(str, modules)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
