"""docs/validation.md holds exactly the tables generated from the code."""

from __future__ import annotations

from pathlib import Path

from ecrislib.validation.catalogue import fe_markdown_table, markdown_table
from ecrislib.validation.cli import exit_flags_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "validation.md"


def test_rule_catalogue_is_current() -> None:
    assert markdown_table() in DOC.read_text(encoding="utf-8"), "run: python -m ecrislib.validation.catalogue --markdown"


def test_fe_codes_are_current() -> None:
    assert fe_markdown_table() in DOC.read_text(encoding="utf-8")


def test_exit_flags_are_current() -> None:
    assert exit_flags_markdown() in DOC.read_text(encoding="utf-8")
