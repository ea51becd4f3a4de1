"""``ecrislib render FILE... --lang L [--format html] [-o OUT]``."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from ecrislib.cli import main

from tests.support.render_helpers import VALID, squash

TWO = str(VALID / "request-response-two-convictions.xml")


def test_text_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", TWO, "--lang", "el"]) == 0
    assert "Τελεσθείσα πράξη (LC-00-C)" in squash(capsys.readouterr().out)


def test_html_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "record.html"
    assert main(["render", TWO, "--lang", "ro", "--format", "html", "-o", str(out)]) == 0
    page = lxml.html.document_fromstring(out.read_text("utf-8"))
    assert page.get("lang") == "ro" and not page.xpath("//script")


def test_several_files_are_merged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import attrs

    from ecrislib.xml.codec import parse, serialize

    romanian = parse(Path(TWO).read_bytes())
    again = attrs.evolve(romanian, metadata=attrs.evolve(romanian.metadata, message_id="RO-GB-RRS-000000000003128"), convictions=())
    second = tmp_path / "second.xml"
    second.write_bytes(serialize(again))
    assert main(["render", TWO, str(second)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Convictions: 2 from 2 replies")


def test_replies_about_different_people_are_not_merged(capsys: pytest.CaptureFixture[str]) -> None:
    denied = str(VALID / "request-response-denied.xml")
    assert main(["render", TWO, denied]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "cannot merge" in captured.err and "different people" in captured.err
    assert "Traceback" not in captured.err


def test_language_tags_are_normalised_and_unknown_ones_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", TWO, "--lang", "el-GR", "--format", "html"]) == 0
    assert lxml.html.document_fromstring(capsys.readouterr().out).get("lang") == "el"
    assert main(["render", TWO, "--lang", "xx"]) == 8  # a usage error (ecrislib.exit_status.USAGE)
    captured = capsys.readouterr()
    assert captured.out == "" and "language 'xx'" in captured.err


def test_merging_other_messages_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", TWO, str(VALID / "notification.xml")]) == 1


def test_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<x/>", "utf-8")
    assert main(["render", str(bad)]) == 1
    assert "cannot read" in capsys.readouterr().err


def test_an_invalid_file_renders_under_a_warning(capsys: pytest.CaptureFixture[str]) -> None:
    invalid = VALID.parent / "invalid" / "rule-011-final-before-decision.xml"
    assert main(["render", str(invalid), "--lang", "de"]) == 0
    out = capsys.readouterr().out
    assert "!!! WARNUNG !!!" in out and "ECRIS-R-011" in out
