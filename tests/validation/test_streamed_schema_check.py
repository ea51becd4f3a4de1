"""A large tree is first validated as a stream, which builds nothing: when the stream finds no
schema error, the message is valid without a tree validation. Both ways must give the same
report, on every message of the corpora, valid and invalid (and on the many-errors messages)."""

from __future__ import annotations

from pathlib import Path

import pytest

import ecrislib
from ecrislib.validation import ValidationOptions, engine

from tests.support.many_errors import aliases

DATA = Path(__file__).resolve().parents[1] / "data"
MESSAGES = sorted(DATA.rglob("*.xml"))


def _both(data: bytes, monkeypatch: pytest.MonkeyPatch, options: ValidationOptions | None = None) -> tuple[object, object]:
    as_tree = ecrislib.validate(data, options)
    with monkeypatch.context() as patched:
        patched.setattr(engine, "LARGE_TREE", 0)  # every tree counts as large: streamed first
        streamed_first = ecrislib.validate(data, options)
    return as_tree, streamed_first


@pytest.mark.parametrize("path", MESSAGES, ids=lambda p: p.name)
def test_streamed_first_gives_the_report_of_the_tree_validation(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    as_tree, streamed_first = _both(path.read_bytes(), monkeypatch)
    assert streamed_first == as_tree


@pytest.mark.parametrize("errors", [1, 3, 40])
def test_streamed_first_locates_a_few_schema_errors_as_the_tree_does(errors: int, monkeypatch: pytest.MonkeyPatch) -> None:
    as_tree, streamed_first = _both(aliases(errors), monkeypatch, ValidationOptions(max_issues=100))
    assert streamed_first == as_tree
    assert len(as_tree.errors) == errors  # type: ignore[attr-defined]
