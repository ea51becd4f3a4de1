"""``ecrislib validate``: files, folders, zip archives, stdin, JSON lines, exit flags, --jobs."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from validation_kit import INVALID, VALID

from ecrislib.cli import main
from ecrislib.validation.cli import ExitFlag


def test_folder_of_goldens_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "-q", str(VALID)]) == 0
    count = len(list(VALID.glob("*.xml")))
    assert f"{count} inputs: {count} valid" in capsys.readouterr().out


def test_exit_flags_combine(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["validate", str(INVALID / "xsd-enum-urgency.xml"), str(INVALID / "rule-010-timestamp-offset.xml"), str(tmp_path / "missing.xml")])
    assert status == ExitFlag.ERRORS | ExitFlag.WARNINGS | ExitFlag.UNREADABLE
    out = capsys.readouterr().out
    assert "XSD-ENUM" in out and "UNREADABLE" in out


def test_usage_error_flag() -> None:
    with pytest.raises(SystemExit) as raised:
        main(["validate", "--format", "yaml", "x.xml"])
    assert raised.value.code == ExitFlag.USAGE
    assert main(["validate", "--disable", "XSD-PATTERN", "x.xml"]) == ExitFlag.USAGE


def test_zip_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archive = tmp_path / "batch.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(VALID / "request.xml", "a/request.xml")
        zf.write(INVALID / "rule-002-response-to-type.xml", "b.xml")
    (tmp_path / "broken.zip").write_bytes(b"not a zip")
    status = main(["validate", "--format", "json", str(archive), str(tmp_path / "broken.zip")])
    assert status == ExitFlag.ERRORS | ExitFlag.UNREADABLE
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines[-1]["summary"]["files"] == 3
    by_source = {line["source"]: line for line in lines[:-1]}
    assert by_source[f"{archive}!b.xml"]["ok"] is False
    assert by_source[f"{archive}!a/request.xml"]["ok"] is True


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    data = (INVALID / "rule-014-birth-in-future.xml").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["validate", "-"]) == ExitFlag.ERRORS
    assert "<stdin>: INVALID" in capsys.readouterr().out


def test_jobs_two_same_results(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(INVALID, tmp_path / "invalid")
    shutil.copytree(VALID, tmp_path / "valid")
    one = main(["validate", "--format", "json", str(tmp_path)])
    first = sorted(capsys.readouterr().out.splitlines())
    two = main(["validate", "--format", "json", "--jobs", "2", "--chunk-size", "5", str(tmp_path)])
    second = sorted(capsys.readouterr().out.splitlines())
    assert one == two and first == second


def test_subprocess_run() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ecrislib", "validate", str(INVALID / "rule-020-conviction-country.xml")],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == ExitFlag.ERRORS
    assert "ECRIS-R-020" in result.stdout
    assert result.stderr == ""  # no progress bar when stderr is not a terminal
