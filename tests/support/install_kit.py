"""A throw-away virtual environment with one ecrislib install in it, for the packaging tests.

The dependencies come from this environment's site-packages as a plain path entry (its own
.pth files, such as an editable install of ecrislib, are not processed), so nothing is
downloaded and only the install under test provides ``ecrislib``.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from pathlib import Path


def venv_with(target: Path, venv: Path) -> tuple[Path, Path]:
    """Make ``venv`` and ``pip install --no-deps target`` (a source tree or a wheel) into it;
    returns its python and its site-packages folder."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    purelib = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                  capture_output=True, text=True, check=True).stdout.strip())  # fmt: skip
    (purelib / "ecrislib-test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    install = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", str(target)],
                             capture_output=True, text=True, timeout=600)  # fmt: skip
    assert install.returncode == 0, install.stderr
    return python, purelib
