"""The command line (demo, roundtrip) and the promise that ``import ecrislib`` loads nothing
heavy: the model, lxml, the schemas and the code tables load on first use."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import ecrislib
from ecrislib import cli

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "valid"


def test_import_loads_nothing_heavy() -> None:
    code = (
        "import sys, ecrislib, json; "
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('ecrislib', 'lxml', 'xmlschema', 'pycountry', 'attr')))))"
    )
    loaded = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    assert loaded == ["ecrislib", "ecrislib._lazy", "ecrislib.errors"]


def test_public_names_resolve_and_match_the_model() -> None:
    import ecrislib.model

    assert set(ecrislib._MODEL_NAMES) == set(ecrislib.model.__all__)
    for name in ecrislib.__all__:
        assert getattr(ecrislib, name) is not None, name


def test_demo_prints_the_exchange_and_round_trips(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli.main(["demo", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "GB -> RO  RequestMessage GB-RO-REQ-000000000004201 (sent)" in out
    assert "RO -> GB  RequestDeadlineMessage RO-GB-RDL-000000000007301 (received)  deadline 2026-01-21" in out
    # Romania answers on its next working day: 6 and 7 January are public holidays there
    assert "Thu 08 Jan 2026 09:30 UTC  RO -> GB  RequestResponseMessage RO-GB-RRS-" in out
    assert "public holidays in Romania skipped: 2026-01-06, 2026-01-07" in out
    assert out.count("GB -> RO  RequestMessage GB-RO-REQ-") == 2
    assert out.count("RO -> GB  RequestResponseMessage RO-GB-RRS-") == 2
    assert "exchange GB-RO-REQ-000000000004201: answered" in out
    assert "exchange GB-RO-REQ-000000000004202: answered" in out
    # the story, in order: ask; the coded answer read in English; ask again; the clerk's Romanian
    # view of the follow-up; the detailed answer with the sentences in words
    steps = [
        "1. The UK asks Romania (GB-RO-REQ-000000000004201); Romania's deadline notice gives 2026-01-21.",
        "2. Romania answers with the coded convictions (RO-GB-RRS-000000000007302). What the UK reads, in English:",
        "3. The UK asks for the details (GB-RO-REQ-000000000004202), referring to the first exchange; deadline 2026-01-22.",
        "4. What Romania's clerk reads: the UK's follow-up request (GB-RO-REQ-000000000004202), in Romanian:",
        "5. The detailed answer arrives (RO-GB-RRS-000000000007304). What the UK reads, in English:",
    ]
    places = [out.index(step) for step in steps]
    assert places == sorted(places)
    coded, romanian, detailed = out[places[1] : places[2]], out[places[3] : places[4]], out[places[4] :]
    assert "Sexual assault of a minor (O-00-101100)" in coded and "Intentional killing (O-00-080100)" in coded
    assert "12 June 1995" in coded and "Imprisonment" not in coded  # coded convictions, no sentences yet
    assert "Cerere GB-RO-REQ-000000000004202" in romanian and "Data nașterii: 11 februarie 1974" in romanian
    assert "Observații: Further to our request GB-RO-REQ-000000000004201" in romanian
    assert "Imprisonment (S-00-001001)" in detailed and "16 years (P16Y)" in detailed
    assert "Agresiune sexuală asupra unui minor [Romanian (ro)]" in detailed
    assert "RO-C-000000199500243 (Intentional killing): Imprisonment, 16 years (P16Y)" in detailed
    assert "messages: 6 exchanged as ECRIS XML; all valid, all round trips exact" in out
    written = sorted(tmp_path.glob("*.xml"))
    assert len(written) == 6
    assert [type(ecrislib.parse(path)).__name__ for path in written] == [
        "RequestMessage", "RequestMessage", "RequestDeadlineMessage", "RequestDeadlineMessage",
        "RequestResponseMessage", "RequestResponseMessage",
    ]  # fmt: skip


def test_demo_runs_as_a_module() -> None:
    result = subprocess.run([sys.executable, "-m", "ecrislib", "demo"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "all valid, all round trips exact" in result.stdout
    again = subprocess.run([sys.executable, "-m", "ecrislib", "demo"], capture_output=True, text=True, timeout=120)
    assert again.stdout == result.stdout  # deterministic


def test_roundtrip_command_reports_same_documents(capsys) -> None:  # type: ignore[no-untyped-def]
    paths = [str(p) for p in sorted(GOLDEN.glob("*.xml"))[:3]]
    assert cli.main(["roundtrip", *paths]) == 0
    assert capsys.readouterr().out.count("same document") == 3


def test_roundtrip_command_reports_unreadable_files(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<svc:Nope xmlns:svc='http://ec.europa.eu/ECRIS/service-v1.0'/>")
    assert cli.main(["roundtrip", str(bad)]) == 1
    assert "cannot read" in capsys.readouterr().out
