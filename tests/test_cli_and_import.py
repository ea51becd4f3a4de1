"""The command line (demo, roundtrip) and the promise that ``import ecrislib`` loads nothing
heavy: the model, lxml, the schemas and the code tables load on first use."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import ecrislib
from ecrislib import cli

GOLDEN = Path(__file__).parent / "data" / "valid"


def test_import_loads_nothing_heavy() -> None:
    code = (
        "import sys, ecrislib, json; "
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('ecrislib', 'lxml', 'xmlschema', 'pycountry', 'attr')))))"
    )
    loaded = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    assert loaded == ["ecrislib", "ecrislib.errors"]


def test_public_names_resolve_and_match_the_model() -> None:
    import ecrislib.model

    assert set(ecrislib._MODEL_NAMES) == set(ecrislib.model.__all__)
    for name in ecrislib.__all__:
        assert getattr(ecrislib, name) is not None, name


def test_demo_prints_the_exchange_and_round_trips(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli.main(["demo", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "GB -> RO  RequestMessage GB-RO-REQ-" in out
    assert "RO -> GB  RequestResponseMessage RO-GB-RRS-" in out
    assert "O-00-101100" in out and "O-00-080100" in out and "P16Y" in out
    assert "round trips: all exact" in out
    written = sorted(tmp_path.glob("*.xml"))
    assert len(written) == 2
    assert {type(ecrislib.parse(path)).__name__ for path in written} == {"RequestMessage", "RequestResponseMessage"}


def test_demo_runs_as_a_module() -> None:
    result = subprocess.run([sys.executable, "-m", "ecrislib", "demo"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "round trips: all exact" in result.stdout


def test_roundtrip_command_reports_same_documents(capsys) -> None:  # type: ignore[no-untyped-def]
    paths = [str(p) for p in sorted(GOLDEN.glob("*.xml"))[:3]]
    assert cli.main(["roundtrip", *paths]) == 0
    assert capsys.readouterr().out.count("same document") == 3


def test_roundtrip_command_reports_unreadable_files(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<svc:Nope xmlns:svc='http://ec.europa.eu/ECRIS/service-v1.0'/>")
    assert cli.main(["roundtrip", str(bad)]) == 1
    assert "cannot read" in capsys.readouterr().out
