"""The engine skips a check when none of the elements it reads (``rules.READS``) is in the
message. That is a pure speed change: without those elements a check finds nothing, and the
reports with and without skipping are the same."""

from __future__ import annotations

from pathlib import Path

import pytest

import ecrislib
from ecrislib.validation import ValidationOptions, engine
from ecrislib.validation.rules import CHECKS, READS
from ecrislib.validation.rules.base import Context
from ecrislib.xml import parser

DATA = Path(__file__).resolve().parents[1] / "data"
MESSAGES = sorted(p for p in DATA.rglob("*.xml") if "syntax" not in p.name and "security" not in p.name)


@pytest.mark.parametrize("path", MESSAGES, ids=lambda p: p.name)
def test_a_check_finds_nothing_without_the_elements_it_reads(path: Path) -> None:
    """Each check runs on the message's index less the names it declares (the rest of the
    tree as it is): it must find nothing, or skipping it would lose findings."""
    root = parser.load(path.read_bytes())
    by_name = engine.index(root)
    for check, reads in READS.items():
        without = {name: elements for name, elements in by_name.items() if name not in reads}
        ctx = Context(root, without, ValidationOptions(), engine.INDEXED_NAMES)
        assert list(check(ctx)) == [], f"{check.__module__}.{check.__name__} reads more than {sorted(reads)}"


def test_every_business_check_declares_what_it_reads() -> None:
    """Only the code check (which also reads attributes) runs on every message."""
    assert {check.__name__ for check in set(CHECKS.values()) - set(READS)} == {"check_codes"}
    assert all(reads <= engine.INDEXED_NAMES for reads in READS.values())


@pytest.mark.parametrize("path", MESSAGES, ids=lambda p: p.name)
def test_reports_with_and_without_skipping_are_the_same(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = path.read_bytes()
    options = [ValidationOptions(reveal_values=True), ValidationOptions(disabled={"ECRIS-R-010"}, max_issues=2)]
    skipping = [ecrislib.validate(data, o).to_json() for o in options]
    monkeypatch.setattr(engine, "READS", {})  # plans made from now on run every check
    fresh = [ValidationOptions(reveal_values=True), ValidationOptions(disabled={"ECRIS-R-010"}, max_issues=2)]
    assert [ecrislib.validate(data, o).to_json() for o in fresh] == skipping
