"""Without the soap extra, ecrislib.soap says in one line which extra to install, and the core
library and its command line do not need it."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import importlib.abc, sys
class NoWeb(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("httpx", "starlette", "uvicorn"):
            raise ModuleNotFoundError(name)
        return None
sys.meta_path.insert(0, NoWeb())
import importlib.util
importlib.util.find_spec = (lambda real: lambda name, *a: None if name in ("httpx", "starlette", "uvicorn") else real(name, *a))(importlib.util.find_spec)
import ecrislib, ecrislib.cli
ecrislib.cli.build_parser()
assert not any(m.split(".")[0] in ("httpx", "starlette", "uvicorn") for m in sys.modules)
try:
    import ecrislib.soap
except ImportError as error:
    print(error)
"""


def test_missing_extra_is_one_line_naming_it() -> None:
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines() == ["ecrislib.soap needs the 'soap' extra (httpx, starlette, uvicorn are missing): pip install 'ecrislib[soap]'"]


def test_core_import_does_not_load_web_modules() -> None:
    code = "import sys, ecrislib, ecrislib.cli; ecrislib.cli.build_parser(); print(sorted(m for m in sys.modules if m.split('.')[0] in ('httpx','starlette','uvicorn','ecrislib.soap')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]", result.stderr
