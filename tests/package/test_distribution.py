"""The release artefacts: the sdist carries the tests and the docs, and its tests run against the
wheel built from it; the wheel carries the license and the metadata an index shows; the build
writes no warning.

One build per session (about 10 s, without network isolation: the test extra installs the
backend), shared by the tests below.
"""

from __future__ import annotations

import email.parser
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from tests.support.install_kit import venv_with

import ecrislib
from ecrislib.xml import accelerated

ROOT = Path(__file__).resolve().parents[2]
#: What a source tree holds besides the package: each must reach the sdist whole.
SHIPPED_FOLDERS = ("tests", "docs", "schemas", "benchmarks", "tools")
SHIPPED_FILES = ("LICENSE", "README.md", "CHANGELOG.md", "pyproject.toml", "setup.py", "MANIFEST.in")
# (and what an editable install compiles in place: the compiled reader and its C source)
_JUNK = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build", "dist", ".hypothesis", ".pytest_cache", "*.so", "*.c")


def _source_files(root: Path) -> set[str]:
    """The files of the package and the shipped folders, as relative POSIX paths."""
    found = set()
    for folder in ("ecrislib", *SHIPPED_FOLDERS):
        for path in (root / folder).rglob("*"):
            parts = path.relative_to(root).parts
            if path.is_file() and not any(p in ("__pycache__", ".hypothesis") or p.endswith(".pyc") for p in parts):
                found.add("/".join(parts))
    return found


class Built:
    def __init__(self, log: str, sdist: Path, wheel: Path, source: Path) -> None:
        self.log, self.sdist, self.wheel, self.source = log, sdist, wheel, source


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    source = tmp_path_factory.mktemp("source")
    for name in ("ecrislib", *SHIPPED_FOLDERS):
        shutil.copytree(ROOT / name, source / name, ignore=_JUNK)
    for name in SHIPPED_FILES:
        shutil.copy2(ROOT / name, source / name)
    dist = tmp_path_factory.mktemp("dist")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # it adds a notice to the log
    # sdist first, then the wheel from the unpacked sdist (build's default with both)
    result = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), str(source)],
                            capture_output=True, text=True, timeout=600, env=env)  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (sdist,), (wheel,) = dist.glob("*.tar.gz"), dist.glob("*.whl")
    return Built(result.stdout + result.stderr, sdist, wheel, source)


def test_the_build_writes_no_warning(built: Built) -> None:
    warnings = [line for line in built.log.splitlines() if "warning" in line.lower()]
    assert warnings == []


def test_the_sdist_holds_the_tests_docs_and_license(built: Built) -> None:
    with tarfile.open(built.sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    top = f"ecrislib-{ecrislib.__version__}"
    assert built.sdist.name == f"{top}.tar.gz"
    missing = _source_files(built.source) - names
    assert missing == set()
    assert set(SHIPPED_FILES) <= names and "PKG-INFO" in names
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc") or name.startswith(".venv")]


def test_the_wheel_has_the_license_and_the_metadata(built: Built) -> None:
    version = ecrislib.__version__
    info = f"ecrislib-{version}.dist-info"
    with zipfile.ZipFile(built.wheel) as wheel:
        names = set(wheel.namelist())
        metadata = email.parser.Parser().parsestr(wheel.read(f"{info}/METADATA").decode())
        license_text = wheel.read(f"{info}/licenses/LICENSE").decode()
    assert license_text == (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert license_text.startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2\n")
    assert metadata["Version"] == version
    assert metadata["License-Expression"] == "EUPL-1.2" and metadata.get_all("License-File") == ["LICENSE"]
    classifiers = set(metadata.get_all("Classifier") or ())
    assert {f"Programming Language :: Python :: 3.{minor}" for minor in (10, 11, 12, 13)} <= classifiers
    assert {"Development Status :: 3 - Alpha", "Typing :: Typed", "Intended Audience :: Developers"} <= classifiers
    assert any(c.startswith("Operating System :: ") for c in classifiers)
    assert any(c.startswith("Topic :: ") for c in classifiers)
    assert not any(c.startswith("License :: ") for c in classifiers)  # the SPDX expression says it
    urls = {name: url for name, _, url in (entry.partition(", ") for entry in metadata.get_all("Project-URL") or ())}
    assert {"Homepage", "Source", "Issues", "Changelog", "Documentation"} <= set(urls)
    assert all(url.startswith("https://") for url in urls.values())
    assert metadata["Requires-Python"] == ">=3.10"
    # the package data made it: schemas, code tables, catalogues, py.typed
    assert "ecrislib/py.typed" in names
    assert "ecrislib/_schemas/ecris-v1.0/messages-v1.0.xsd" in names
    assert any(name.startswith("ecrislib/codes/data/") and name.endswith(".csv") for name in names)
    assert "ecrislib/rendering/locales/ro/LC_MESSAGES/ecrislib.po" in names
    # the compiled reader, built here as in this environment, and its types
    assert "ecrislib/xml/_reader.pyi" in names and "ecrislib/xml/_reader.pyx" not in names
    assert any(name.startswith("ecrislib/xml/_reader.") and name.endswith(".so") for name in names) == accelerated.ACTIVE


def test_the_version_is_written_once() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject and "\nversion =" not in pyproject.split("[tool.setuptools.dynamic]")[0]
    assert 'version = { attr = "ecrislib.__version__" }' in pyproject


def test_the_sdist_tests_run_against_its_wheel(built: Built, tmp_path: Path) -> None:
    with tarfile.open(built.sdist) as archive:
        archive.extractall(tmp_path, filter="data")
    unpacked = tmp_path / f"ecrislib-{ecrislib.__version__}"
    python, purelib = venv_with(built.wheel, tmp_path / "venv")
    # PYTHONSAFEPATH: the unpacked folder's own ecrislib/ is not put first on sys.path, so the
    # tests import the installed wheel.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")} | {"PYTHONSAFEPATH": "1"}
    probe = subprocess.run([str(python), "-c", "import ecrislib, ecrislib.xml.accelerated as a; print(ecrislib.__file__, a.ACTIVE)"], cwd=unpacked,
                           capture_output=True, text=True, env=env, timeout=120)  # fmt: skip
    where, active = probe.stdout.split()
    assert where.startswith(str(purelib)), probe.stdout + probe.stderr
    assert active == str(accelerated.ACTIVE)  # the wheel's compiled reader works where ours does
    # a small part: the golden files (tests/data), the command line, a guide's examples
    tests = ["tests/xml/test_golden.py", "tests/package/test_cli_conventions.py::test_help_shows_the_exit_status_table", "docs/cli.md"]
    result = subprocess.run([str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests], cwd=unpacked,
                            capture_output=True, text=True, env=env, timeout=600)  # fmt: skip
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "skipped" not in result.stdout
