"""The text renderer's short-line fast path gives exactly what textwrap gives (differential)."""

from __future__ import annotations

import textwrap

from hypothesis import given
from hypothesis import strategies as st

from ecrislib.rendering import text

CHARACTERS = st.sampled_from(list("ab-é ") + ["\t", "\n", "\r", "\x0b", "\x0c", "\u00a0", "\u2028", "\u3000", "Ω"])


def _textwrap_only(value: str, first: str, rest: str) -> list[str]:
    lines: list[str] = []
    prefix = first
    for paragraph in value.splitlines() or [""]:
        wrapped = textwrap.wrap(
            paragraph, text.WIDTH, initial_indent=prefix, subsequent_indent=rest, break_long_words=True, break_on_hyphens=False
        ) or [prefix.rstrip()]
        lines.extend(wrapped)
        prefix = rest
    return lines


@given(st.text(CHARACTERS, max_size=120), st.sampled_from(["", "  Name: ", "    Decision date: ", " " * 40]))
def test_wrap_is_textwrap(value: str, label: str) -> None:
    rest = " " * len(label)
    assert text._wrap(value, label, rest) == _textwrap_only(value, label, rest)


def test_a_short_line_is_kept_as_written() -> None:
    assert text._wrap("Tribunalul Brașov  (first instance)", "  Court: ", "         ") == ["  Court: Tribunalul Brașov  (first instance)"]


#: Mostly words parted by spaces (the greedy path), now and then a character that turns it down.
WORDY = st.sampled_from(list("abcdefé-") * 8 + [" "] * 16 + ["\u00a0", "\u3000", "\t"])


@given(st.text(WORDY, min_size=60, max_size=400), st.sampled_from(["", "1. ", "!!! ", "  Name: ", " " * 40, "x" * 79]), st.sampled_from(["", "   ", " " * 12]))
def test_filled_paragraphs_are_textwrap(value: str, first: str, rest: str) -> None:
    """Long paragraphs of words take the greedy filling path; it must agree with textwrap."""
    assert text._wrap(value, first, rest) == _textwrap_only(value, first, rest)
