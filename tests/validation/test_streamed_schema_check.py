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


def test_a_tree_the_stream_cannot_read_whole_is_judged_as_a_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    # An lxml tree handed to validate() may hold what libxml2's parser refuses (here an element
    # name over its 50,000-character cap, first in the message): the stream of its
    # serialisation stops there, before the schema saw anything, and is no clean stream.
    from lxml import etree

    from ecrislib.xml import parser

    root = parser.load((DATA / "valid" / "request-minimal.xml").read_bytes())
    root.insert(0, etree.Element("A" * 60_000))
    as_tree = ecrislib.validate(root)
    with monkeypatch.context() as patched:
        patched.setattr(engine, "LARGE_TREE", 0)
        streamed_first = ecrislib.validate(root)
    assert not as_tree.ok and any(issue.rule_id.startswith("XSD") for issue in as_tree.errors)
    assert streamed_first == as_tree
