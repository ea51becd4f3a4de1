"""``ecrislib validate``: files, folders, zip archives, stdin, JSON lines, exit flags, --jobs."""

from __future__ import annotations

import io
import json
import multiprocessing
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from tests.support.validation_kit import INVALID, VALID

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


def test_jobs_workers_inherit_the_model() -> None:
    # The parent loads the engine (and with it the model's attrs classes) before the pool
    # forks: workers do not pay for it again on their first chunk. -X importtime is inherited
    # by the workers and logs each process's imports to the shared stderr.
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "ecrislib", "validate", "-q", "--jobs", "2", "--chunk-size", "2", str(VALID)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stdout
    built = [line for line in result.stderr.splitlines() if line.rpartition("|")[2].strip() == "ecrislib.model.conviction"]
    # forked workers inherit the parent's modules; spawned ones (forkserver, spawn) load them
    # once each, in the pool's initializer
    assert len(built) == (1 if multiprocessing.get_start_method() == "fork" else 3), built


def test_subprocess_run() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ecrislib", "validate", str(INVALID / "rule-020-conviction-country.xml")],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == ExitFlag.ERRORS
    assert "ECRIS-R-020" in result.stdout
    assert result.stderr == ""  # no progress bar when stderr is not a terminal


def test_issues_per_file_are_capped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.support.many_errors import aliases  # a request with n XSD-TYPE errors

    bad = tmp_path / "many.xml"
    bad.write_bytes(aliases(250))
    assert main(["validate", str(bad)]) == ExitFlag.ERRORS
    out = capsys.readouterr().out.splitlines()
    # the default cap: 100 issues listed, then one line counting the rest (150 errors, 4 infos)
    assert out[0] == f"{bad}: INVALID (101 errors, 0 warnings, 0 infos)"
    assert len(out) == 1 + 101 + 1
    assert out[-2] == "  ERROR REPORT-MORE (document): 154 more issues not listed (max_issues is 100); the worst of them is error"
    assert main(["validate", "--max-issues", "3", "--format", "json", str(bad)]) == ExitFlag.ERRORS
    result = json.loads(capsys.readouterr().out.splitlines()[0])
    assert [issue["rule_id"] for issue in result["issues"]] == ["XSD-TYPE"] * 3 + ["REPORT-MORE"]
    assert main(["validate", "--max-issues", "all", "-q", str(bad)]) == ExitFlag.ERRORS
    assert len(capsys.readouterr().out.splitlines()) == 1 + 250 + 1  # infos left out by -q
    with pytest.raises(SystemExit) as raised:
        main(["validate", "--max-issues", "0", str(bad)])
    assert raised.value.code == ExitFlag.USAGE


class _Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def _redraw_at_each_update(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bar redraws at most every 0.1 s; a warm run can be quicker than that."""
    import ecrislib.progress

    class Eager(ecrislib.progress.Progress):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **{**kwargs, "min_interval": 0})

    monkeypatch.setattr(ecrislib.progress, "Progress", Eager)


def test_progress_bar_on_a_terminal_has_total_rate_and_eta(monkeypatch: pytest.MonkeyPatch) -> None:
    _redraw_at_each_update(monkeypatch)
    out, err = io.StringIO(), _Terminal()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    files = sorted(VALID.glob("*.xml"))
    assert main(["validate", str(VALID)]) == 0
    bar = err.getvalue()
    assert f" 0/{len(files)} [" in bar  # the total, from the start
    assert re.search(rf" [1-9][0-9]*/{len(files)} \[00:00<00:00, +[0-9.]+input/s\]", bar)  # rate and time left
    # the results, and nothing else, on stdout
    lines = out.getvalue().splitlines()
    heads = [line for line in lines if not line.startswith("  ")]  # a line per input, its issues indented
    assert len(heads) == len(files) + 1
    assert all(head.startswith(f"{path}: valid (0 errors, 0 warnings, ") for path, head in zip(files, heads))
    assert heads[-1] == f"{len(files)} inputs: {len(files)} valid, 0 with warnings only, 0 with errors, 0 unreadable"
    assert "\r" not in out.getvalue() and "input/s" not in out.getvalue()


def test_progress_bar_never_garbles_results_on_the_same_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    _redraw_at_each_update(monkeypatch)
    screen = _Terminal()  # stdout and stderr both the terminal, as in an interactive run
    monkeypatch.setattr(sys, "stdout", screen)
    monkeypatch.setattr(sys, "stderr", screen)
    assert main(["validate", str(VALID)]) == 0
    text = screen.getvalue()
    results = [f"{path}: valid (" for path in sorted(VALID.glob("*.xml"))]
    for start in results:
        at = text.index(start)
        # what the terminal got on this line before the result: bar drawings, each starting with
        # a carriage return; the result starts at column 0 after one made of spaces wiped the last
        segments = text[text.rfind("\n", 0, at) + 1 : at].split("\r")
        assert segments[-1] == "", segments
        drawn = [segment for segment in segments[:-1] if segment.strip()]
        if drawn:
            assert segments[-2].strip() == "" and len(segments[-2]) >= len(drawn[-1].rstrip()), segments


def test_no_progress_bar_off_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(VALID)]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("format", ["text", "json"])
def test_jobs_print_in_input_order(tmp_path: Path, capsys: pytest.CaptureFixture[str], format: str) -> None:
    """Output is deterministic: with workers, results come out in the order of the inputs, as
    with one process, unreadable inputs in their place too (not in the order workers finish)."""
    shutil.copytree(INVALID, tmp_path / "invalid")
    shutil.copytree(VALID, tmp_path / "valid")
    paths = [str(tmp_path / "valid"), str(tmp_path / "missing.xml"), str(tmp_path / "invalid")]
    one = main(["validate", "--format", format, *paths])
    first = capsys.readouterr().out
    two = main(["validate", "--format", format, "--jobs", "2", "--chunk-size", "1", *paths])
    second = capsys.readouterr().out
    assert one == two
    assert first == second
    assert first.count("\n") > 40
