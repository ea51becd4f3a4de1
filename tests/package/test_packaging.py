"""A plain (non-editable) ``pip install .`` works, and so does ``import ecrislib`` from the
checkout's root next to such an install.

The XSDs live in the top-level ``schemas/`` folder; the wheel maps them into the package as
``ecrislib._schemas``. Run from a checkout's root, ``import ecrislib`` finds the checkout's
package (the working directory comes first on ``sys.path``), which has no ``_schemas``: the
loader must then read ``schemas/`` next to it. This once failed with ``No module named
'ecrislib._schemas'``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from tests.support.install_kit import venv_with

ROOT = Path(__file__).resolve().parents[2]

_PROBE = """
import json, ecrislib
from ecrislib.xml import schemas
report = ecrislib.validate(open("request.xml", "rb").read())
print(json.dumps({"ok": report.ok, "package": ecrislib.__file__, "schemas": str(schemas.schema_files()),
                  "files": sorted(p.name for p in schemas.schema_files().iterdir())}))
"""


def _copy_checkout(target: Path) -> Path:
    """The files a build reads, copied so that the build leaves nothing in the real checkout."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build")
    for name in ("ecrislib", "schemas"):
        shutil.copytree(ROOT / name, target / name, ignore=ignore)
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(ROOT / name, target / name)
    return target


def _probe(python: Path, cwd: Path) -> dict[str, object]:
    shutil.copy2(ROOT / "tests" / "data" / "valid" / "request.xml", cwd / "request.xml")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    result = subprocess.run([str(python), "-c", _PROBE], cwd=cwd, capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_installed_wheel_and_checkout_root_both_find_the_schemas(tmp_path: Path) -> None:
    checkout = _copy_checkout(tmp_path / "checkout")
    python, purelib = venv_with(checkout, tmp_path / "venv")
    expected_files = sorted(p.name for p in (ROOT / "schemas" / "ecris-v1.0").iterdir() if p.suffix in (".xsd", ".wsdl"))

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    installed = _probe(python, elsewhere)
    assert installed["ok"] is True
    assert str(installed["package"]).startswith(str(purelib))
    assert Path(str(installed["schemas"])) == purelib / "ecrislib" / "_schemas" / "ecris-v1.0"
    assert installed["files"] == expected_files  # every XSD and WSDL ships in the wheel

    from_root = _probe(python, checkout)
    assert from_root["ok"] is True
    assert Path(str(from_root["package"])) == checkout / "ecrislib" / "__init__.py"
    assert Path(str(from_root["schemas"])) == checkout / "schemas" / "ecris-v1.0"
