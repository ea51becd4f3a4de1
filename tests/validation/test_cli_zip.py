"""``ecrislib validate`` over a zip: the same results as over the same files in a folder, each
member read once in one pass over the archive, oversized and broken members reported alone."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from ecrislib.validation.cli import ExitFlag
from ecrislib.cli import main

DATA = Path(__file__).resolve().parents[1] / "data"
NAMES = ["valid/request.xml", "valid/is-alive.xml", "invalid/rule-014-birth-in-future.xml", "invalid/xsd-enum-urgency.xml"]


def _results(output: str, prefix: str) -> dict[str, dict[str, object]]:
    lines = [json.loads(line) for line in output.splitlines()]
    results = {}
    for line in lines[:-1]:
        source = str(line.pop("source"))
        assert source.startswith(prefix)
        results[source[len(prefix) :]] = line
    return results


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_zip_gives_what_the_folder_gives(tmp_path: Path, capsys: pytest.CaptureFixture[str], jobs: str) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    archive = tmp_path / "batch.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in NAMES:
            target = name.replace("/", "-")
            (folder / target).write_bytes((DATA / name).read_bytes())
            zf.write(DATA / name, target)
    folder_status = main(["validate", "--format", "json", "--jobs", jobs, str(folder)])
    from_folder = _results(capsys.readouterr().out, f"{folder}/")
    zip_status = main(["validate", "--format", "json", "--jobs", jobs, str(archive)])
    from_zip = _results(capsys.readouterr().out, f"{archive}!")
    assert zip_status == folder_status == ExitFlag.ERRORS
    assert from_zip == from_folder
    assert len(from_zip) == len(NAMES)


def test_oversized_and_broken_members_are_reported_and_the_others_validated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archive = tmp_path / "batch.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("huge.xml", b"<a>" + b" " * (17 * 1024 * 1024) + b"</a>")  # over the 16 MiB default
        zf.writestr("broken.xml", (DATA / "valid/request.xml").read_bytes())
        zf.write(DATA / "valid/is-alive.xml", "fine.xml")
    raw = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as zf:
        info = zf.getinfo("broken.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    raw[start + 10] ^= 0xFF  # damage the compressed data of one member
    archive.write_bytes(bytes(raw))
    status = main(["validate", "--format", "json", str(archive)])
    results = _results(capsys.readouterr().out, f"{archive}!")
    assert status == ExitFlag.ERRORS | ExitFlag.UNREADABLE
    assert results["huge.xml"]["ok"] is False
    assert results["huge.xml"]["issues"] == [{"rule_id": "XML-LIMIT", "severity": "error", "message": "zip member is over the size limit"}]
    assert results["broken.xml"]["unreadable"] is True
    assert results["fine.xml"]["ok"] is True
