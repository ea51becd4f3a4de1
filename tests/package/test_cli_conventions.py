"""The conventions every ``ecrislib`` subcommand keeps: ``--version``; one exit-status table
(in ``--help`` and in the docs) with usage errors on their own status; a one-line message and
no traceback for a user's mistake; quiet when the reader of a pipe goes away."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

import pytest

import ecrislib
from ecrislib import exit_status
from ecrislib.cli import main

ROOT = Path(__file__).resolve().parents[2]
VALID = ROOT / "tests" / "data" / "valid"
REQUEST = str(VALID / "request.xml")


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    return subprocess.run([sys.executable, "-m", "ecrislib", *args], capture_output=True, text=True, timeout=120, env=env, cwd=cwd)


def test_version_is_the_distribution_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["--version"])
    assert raised.value.code == 0
    assert capsys.readouterr().out == f"ecrislib {importlib.metadata.version('ecrislib')}\n"
    assert ecrislib.__version__ == importlib.metadata.version("ecrislib")


@pytest.mark.parametrize(
    "argv",
    [
        ["--bogus"],
        [],  # no command
        ["nope"],  # unknown command
        ["validate", "--bogus", REQUEST],
        ["validate"],  # PATH missing
        ["validate", "--jobs", "two", REQUEST],
        ["render", REQUEST, "--format", "pdf"],
        ["codes", "search"],
        ["codes", "frobnicate"],
        ["demo", "--bogus"],
        ["roundtrip"],
        ["serve"],  # --country missing
        ["archive", "validate"],  # ARCHIVE missing
        ["stats", "--bogus", "x"],
    ],
)
def test_usage_errors_exit_with_the_usage_status_not_argparse_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(argv)
    assert raised.value.code == exit_status.USAGE == 8
    err = capsys.readouterr().err
    assert "error:" in err and "usage:" in err


def test_usage_status_is_apart_from_the_validate_bits() -> None:
    from ecrislib.validation.cli import ExitFlag

    bits = ExitFlag.ERRORS | ExitFlag.WARNINGS | ExitFlag.UNREADABLE
    assert exit_status.USAGE & bits == 0 and int(ExitFlag.USAGE) == exit_status.USAGE
    assert len({exit_status.FAILURE, exit_status.USAGE, exit_status.INTERRUPTED, exit_status.PIPE_CLOSED}) == 4


def test_help_shows_the_exit_status_table(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["--help"])
    assert raised.value.code == 0
    out = capsys.readouterr().out
    assert "exit status:" in out
    for status, command, words in [("0", "all", "done"), ("1", "validate, archive", "ERRORS"), ("2", "validate, archive", "WARNINGS"),
                                   ("4", "validate, archive, stats", "UNREADABLE"),
                                   ("1", "render, roundtrip, codes, demo, serve, stats", "failed"),
                                   ("8", "all", "usage error"), ("130", "all", "interrupted"),
                                   ("141", "all", "closed early")]:
        assert any(line.split()[:1] == [status] and command in line and words in line for line in out.splitlines()), status


def test_every_subcommand_help_points_to_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    for command in (["validate"], ["render"], ["codes"], ["codes", "search"], ["demo"], ["roundtrip"], ["serve"],
                    ["archive"], ["archive", "validate"], ["stats"]):
        with pytest.raises(SystemExit):
            main([*command, "--help"])
        assert "exit status:" in capsys.readouterr().out, command


def test_the_docs_show_the_same_table() -> None:
    assert exit_status.markdown() in (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")


# ---------------------------------------------------------------- user errors: a line, no traceback


def test_render_to_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "missing" / "record.txt"
    assert main(["render", REQUEST, "-o", str(target)]) == exit_status.FAILURE
    err = capsys.readouterr().err
    assert err == f"ecrislib render: cannot write {target}: No such file or directory\n"
    assert not target.parent.exists()


def test_demo_out_that_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    assert main(["demo", "--out", str(blocker)]) == exit_status.FAILURE
    captured = capsys.readouterr()
    assert captured.err == f"ecrislib demo: cannot write to {blocker}: File exists\n"
    assert captured.out == ""  # refused before the story is told


def test_demo_out_makes_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "new" / "folder"
    assert main(["demo", "--out", str(target)]) == 0
    assert len(list(target.glob("*.xml"))) == 6
    capsys.readouterr()


def test_codes_export_to_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "missing" / "crt.xml"
    assert main(["codes", "export", "-o", str(target)]) == exit_status.FAILURE
    assert f"ecrislib codes: cannot write {target}: No such file or directory\n" in capsys.readouterr().err


def test_a_missing_crt_file_is_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.xml"
    for argv in (["codes", "search", "murder"], ["codes", "show", "O-00-080100"], ["render", REQUEST]):
        assert main([*argv, "--crt", str(missing)]) == exit_status.FAILURE, argv
        err = capsys.readouterr().err
        assert err.startswith(("ecrislib codes: ", f"{missing}: cannot use as code tables: "))
        assert err.endswith(f"{missing}: No such file or directory\n") or err.endswith("tables: No such file or directory\n"), argv


def test_interrupt_is_one_line_and_130(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import ecrislib.demo

    def interrupted(**_: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(ecrislib.demo, "run", interrupted)
    assert main(["demo"]) == exit_status.INTERRUPTED == 130
    assert capsys.readouterr().err == "ecrislib demo: interrupted\n"


def test_no_traceback_in_a_real_process(tmp_path: Path) -> None:
    for args in (["render", REQUEST, "-o", str(tmp_path / "x" / "y.txt")], ["codes", "search", "a", "--crt", "nope.xml"],
                 ["--bogus"], ["validate", "--severity", "ECRIS-R-010", REQUEST]):
        result = _run(*args, cwd=tmp_path)
        assert result.returncode in (exit_status.FAILURE, exit_status.USAGE), args
        assert "Traceback" not in result.stderr, (args, result.stderr)
        assert result.stderr.splitlines()[-1].startswith("ecrislib"), (args, result.stderr)  # the line that says why


# ---------------------------------------------------------------- quiet when piped


@pytest.mark.parametrize(
    "args",
    [["validate", str(VALID)], ["validate", "--jobs", "2", "--chunk-size", "4", str(VALID)],
     ["codes", "search", "a", "--limit", "2000"], ["demo", "--xml"]],
)
def test_closing_the_pipe_early_is_quiet(args: list[str]) -> None:
    import fcntl

    read_end, write_end = os.pipe()
    # A one-page pipe: every command here writes far more, so it is still writing when the
    # reader goes away, whatever the machine's speed.
    fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 4096)
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    with subprocess.Popen([sys.executable, "-m", "ecrislib", *args], stdout=write_end, stderr=subprocess.PIPE,
                          env=env) as process:  # fmt: skip
        os.close(write_end)
        with os.fdopen(read_end, "rb") as reader:
            first = reader.readline()
        # closed, as head closes it after its lines
        assert process.stderr is not None
        err = process.stderr.read()
        status = process.wait(timeout=120)
    assert first
    assert err == b"", err.decode()
    assert status == exit_status.PIPE_CLOSED


# ---------------------------------------------------------------- validate's inputs and options


def test_a_folder_without_xml_is_unreadable_not_zero_inputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("not a message")
    assert main(["validate", str(tmp_path)]) == 4
    out = capsys.readouterr().out
    assert out.startswith(f"{tmp_path}: UNREADABLE (no *.xml or *.zip file in this folder)\n")
    assert "1 inputs" in out or "1 input" in out


def test_a_zip_without_xml_is_unreadable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import zipfile

    archive = tmp_path / "empty.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("readme.txt", "nothing here")
    assert main(["validate", str(archive)]) == 4
    assert f"{archive}: UNREADABLE (no *.xml member in this zip archive)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("ECRIS-R-010", "argument --severity: ECRIS-R-010: expected RULE=LEVEL, LEVEL one of error, warning, info"),
        ("ECRIS-R-010=loud", "argument --severity: ECRIS-R-010=loud: expected RULE=LEVEL, LEVEL one of error, warning, info"),
        ("=warning", "argument --severity: =warning: expected RULE=LEVEL, LEVEL one of error, warning, info"),
    ],
)
def test_severity_needs_rule_and_level(value: str, says: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["validate", "--severity", value, REQUEST])
    assert raised.value.code == exit_status.USAGE
    err = capsys.readouterr().err
    assert says in err and "unpack" not in err


def test_max_bytes_sets_the_size_limit(capsys: pytest.CaptureFixture[str]) -> None:
    size = Path(REQUEST).stat().st_size
    assert main(["validate", "--format", "json", "--max-bytes", str(size), REQUEST]) == 0
    capsys.readouterr()
    assert main(["validate", "--format", "json", "--max-bytes", str(size - 1), REQUEST]) == 1
    out = capsys.readouterr().out
    assert '"rule_id": "XML-LIMIT"' in out
    with pytest.raises(SystemExit) as raised:
        main(["validate", "--max-bytes", "0", REQUEST])
    assert raised.value.code == exit_status.USAGE


@pytest.mark.parametrize("port", ["99999", "-1", "http"])
def test_serve_refuses_a_port_out_of_range_as_usage(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:  # it was an OverflowError traceback from bind()
        main(["serve", "--country", "RO", "--port", port])
    assert raised.value.code == exit_status.USAGE
    assert "argument --port: " in capsys.readouterr().err
