"""The archive commands, and the Dask path giving the same files and figures as one process."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.support import archive_kit
from ecrislib.archive.stats import compute_statistics, load_index
from ecrislib.cli import main


@pytest.fixture(scope="module")
def small(world: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """200 messages of the simulated network and one broken member, in a zip."""
    folder = tmp_path_factory.mktemp("small")
    items = archive_kit.xml_items(world["messages"][:200])
    return archive_kit.write_zip(folder / "small.zip", [*items[:100], ("broken.xml", b"<not-closed"), *items[100:]])


@pytest.fixture(scope="module")
def scheduler() -> Any:
    """A running two-worker cluster, reached by address as a remote one would be."""
    import distributed

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        yield cluster.scheduler_address


def _run(capsys: Any, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_index_then_stats_on_one_machine(small: Path, tmp_path: Path, capsys: Any) -> None:
    status, out, err = _run(capsys, "archive", "index", str(small), "-o", str(tmp_path / "idx"), "--chunk-size", "64")
    assert status == 1  # the broken XML is indexed as an invalid message (XML-SYNTAX), nothing unreadable
    assert "201 messages indexed in 4 partitions" in out and "200 valid, 1 invalid, 0 skipped" in out
    assert err == ""  # no progress bar off a terminal
    status, out, _err = _run(capsys, "stats", str(tmp_path / "idx"), "--format", "json", "--html", str(tmp_path / "r.html"))
    assert status == 0
    assert json.loads(out) == json.loads(compute_statistics(load_index(str(tmp_path / "idx"))).to_json())
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    status, out, _err = _run(capsys, "stats", str(tmp_path / "idx"))
    assert out.startswith("figure,month,type,sender,receiver,")


def test_the_dask_path_writes_the_same_partitions_and_figures(small: Path, tmp_path: Path, capsys: Any, scheduler: str) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    assert _run(capsys, "archive", "index", str(small), "-o", str(one), "--chunk-size", "64")[0] == 1
    assert _run(capsys, "archive", "index", str(small), "-o", str(two), "--chunk-size", "64", "--scheduler", "local:2")[0] == 1
    files = sorted(p.name for p in one.iterdir())
    assert files == sorted(p.name for p in two.iterdir()) == [f"part-0000{n}.parquet" for n in range(4)]
    for name in files:
        assert (one / name).read_bytes() == (two / name).read_bytes()
    plain = _run(capsys, "stats", str(one), "--format", "csv")
    distributed = _run(capsys, "stats", str(two), "--format", "csv", "--scheduler", scheduler)
    assert plain == distributed and plain[0] == 0


def test_archive_validate_alone_and_on_dask_print_the_same(small: Path, capsys: Any, scheduler: str) -> None:
    assert scheduler.startswith("tcp://")
    alone = _run(capsys, "archive", "validate", str(small), "--format", "json")
    on_dask = _run(capsys, "archive", "validate", str(small), "--format", "json", "--scheduler", scheduler)
    assert alone == on_dask
    status, out, _err = alone
    lines = [json.loads(line) for line in out.splitlines()]
    from ecrislib import validate

    with zipfile.ZipFile(small) as zf:  # the plain API, member by member, as the reference
        reports = [validate(zf.read(name)) for name in zf.namelist()]
    warned = sum(1 for r in reports if r.ok and r.warnings)
    assert warned > 0
    assert lines[-1]["summary"] == {"members": 201, "valid": 200 - warned, "warnings": warned, "errors": 1, "unreadable": 0}
    assert status == 1 | 2
    assert [r["source"] for r in lines[:-1] if not r["ok"]] == [f"{small}!broken.xml"]


def test_exit_statuses(small: Path, tmp_path: Path, capsys: Any) -> None:
    status, out, _err = _run(capsys, "archive", "validate", "-q", str(tmp_path / "missing.zip"), str(small))
    assert status == 1 | 2 | 4 and f"{tmp_path / 'missing.zip'}: SKIPPED (no such file or directory)" in out
    assert f"{small}!broken.xml: INVALID XML-SYNTAX\n" in out
    assert all(line.endswith((" ECRIS-R-033", "XML-SYNTAX", "directory)")) for line in out.splitlines()[:-1])  # -q: problems only
    assert _run(capsys, "archive", "index", str(small), "-o", str(tmp_path / "i"))[0] == 1
    status, _out, err = _run(capsys, "archive", "index", str(small), "-o", str(tmp_path / "i"))
    assert status == 8 and "already holds an index" in err  # never mixes two indexes
    assert _run(capsys, "stats", str(tmp_path / "empty"))[0] == 4
    status, _out, err = _run(capsys, "archive", "validate", str(small), "--scheduler", "local:0")
    assert status == 8 and err.count("\n") == 1
    with pytest.raises(SystemExit) as exit_info:
        main(["archive", "index", str(small), "-o", str(tmp_path / "j"), "--chunk-size", "0"])
    assert exit_info.value.code == 8


@pytest.mark.parametrize(("hidden", "argv", "extra"), [
    ("pyarrow", ["archive", "index", "{zip}", "-o", "{tmp}/x"], "archive"),
    ("pandas", ["stats", "{tmp}"], "archive"),
    ("distributed", ["archive", "validate", "{zip}", "--scheduler", "local:1"], "dask"),
])  # fmt: skip
def test_a_missing_extra_is_one_line_naming_it(hidden: str, argv: list[str], extra: str, small: Path, tmp_path: Path,
                                                capsys: Any, monkeypatch: Any) -> None:
    import sys

    for name in list(sys.modules):
        if name == hidden or name.startswith(hidden + "."):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, hidden, None)  # import now fails, as when not installed
    (tmp_path / "part-00000.parquet").write_bytes(b"")
    status, _out, err = _run(capsys, *[a.format(zip=small, tmp=tmp_path) for a in argv])
    assert status == 8
    assert err.count("\n") == 1 and f"'{extra}' extra" in err and f"ecrislib[{extra}]" in err
