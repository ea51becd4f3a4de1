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

import pytest

ROOT = Path(__file__).resolve().parents[2]
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


# Public names a user reaches through ``import ecrislib`` (most load lazily at run time): a type
# checker must see their real types, not ``Any``.
PUBLIC = [
    "ecrislib.parse", "ecrislib.serialize", "ecrislib.validate", "ecrislib.render",
    "ecrislib.ValidationReport", "ecrislib.RequestMessage", "ecrislib.MessageId",
    "ecrislib.codes.bundled", "ecrislib.rendering.readable_record", "ecrislib.compose.request",
]


@pytest.fixture(scope="module")
def mypy_run(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    """One mypy --strict run over every page's examples and a module revealing PUBLIC."""
    folder = tmp_path_factory.mktemp("doc_types")
    modules = []
    for page in PAGES:
        code = python_of(page.read_text(encoding="utf-8"))
        if code.strip():
            module = folder / f"doc_{page.stem.replace('-', '_')}.py"
            module.write_text(code, encoding="utf-8")
            modules.append(module)
    assert len(modules) >= 8, "the python examples of the guides were not found"
    reveal = folder / "public_api.py"
    reveal.write_text("import ecrislib\nimport ecrislib.codes\nimport ecrislib.compose\nimport ecrislib.rendering\n"
                      + "".join(f"reveal_type({name})\n" for name in PUBLIC), encoding="utf-8")  # fmt: skip
    env = dict(os.environ)
    if (ROOT / "ecrislib" / "__init__.py").is_file():  # a checkout: check against its sources
        env["MYPYPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--follow-imports=silent",
         "--cache-dir", str(ROOT / ".mypy_cache"), *map(str, modules), str(reveal)],
        cwd=folder, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip


def test_no_example_reads_the_repository_test_data() -> None:
    """The guides' examples run from an installed wheel, where there is no tests/ folder."""
    readers = [page.name for page in PAGES if re.search(r"tests/data|[\"']tests[\"']", python_of(page.read_text(encoding="utf-8")))]
    assert readers == []


def test_every_doc_example_type_checks(mypy_run: subprocess.CompletedProcess[str]) -> None:
    errors = [line for line in mypy_run.stdout.splitlines() if ": error:" in line]
    assert mypy_run.returncode == 0 and not errors, mypy_run.stdout + mypy_run.stderr


def test_the_public_api_has_real_types(mypy_run: subprocess.CompletedProcess[str]) -> None:
    revealed = [line.partition("Revealed type is ")[2] for line in mypy_run.stdout.splitlines() if "public_api.py" in line and "Revealed type" in line]
    assert len(revealed) == len(PUBLIC), mypy_run.stdout + mypy_run.stderr
    # Not Any, and no Any in a parameter or the result either (``source: bytes | Any`` is Any).
    untyped = [name for name, shown in zip(PUBLIC, revealed) if re.search(r"\bAny\b", shown)]
    assert untyped == []
