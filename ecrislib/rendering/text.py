"""The readable record as plain text for a terminal (80 columns)."""

from __future__ import annotations

import functools
import textwrap

from .record import Field, Record, Section, convention_texts

__all__ = ["to_text"]

WIDTH = 80


#: The characters textwrap treats as whitespace (it turns each into a space, drops them at line
#: ends and breaks lines at them); a paragraph with none of them inside but the plain space, no
#: whitespace at its ends, and short enough, is one line as it is.
_TEXTWRAP_SPACE = frozenset("\t\n\x0b\x0c\r")


def _fits(paragraph: str, prefix: str) -> bool:
    return (
        0 < len(paragraph) <= WIDTH - len(prefix)
        and not paragraph[0].isspace()  # textwrap may drop a whitespace-only chunk at either end
        and not paragraph[-1].isspace()
        and _TEXTWRAP_SPACE.isdisjoint(paragraph)
    )


def _filled(paragraph: str, first: str, rest: str) -> list[str] | None:
    """What textwrap gives for a paragraph of words parted by single plain spaces, each word
    short enough for a line of its own, filled greedily as textwrap fills it; None for any other
    paragraph (textwrap's whitespace, a word it would break or a chunk it would drop)."""
    words = paragraph.split(" ")
    longest = WIDTH - max(len(first), len(rest))
    for word in words:
        if len(word) > longest or not word.strip():  # "" is a doubled or end space
            return None
    if not _TEXTWRAP_SPACE.isdisjoint(paragraph):
        return None
    lines: list[str] = []
    line = first + words[0]
    for word in words[1:]:
        if len(line) + 1 + len(word) <= WIDTH:
            line = f"{line} {word}"
        else:
            lines.append(line)
            line = rest + word
    lines.append(line)
    return lines


def _wrap(text: str, first: str, rest: str) -> list[str]:
    """Wrap ``text`` (which may hold line breaks, e.g. a full address) under its label."""
    lines: list[str] = []
    prefix = first
    for paragraph in text.splitlines() or [""]:
        if _fits(paragraph, prefix):  # what textwrap gives for it, without its 7 us
            lines.append(prefix + paragraph)
            prefix = rest
            continue
        filled = _filled(paragraph, prefix, rest)  # the same, without textwrap's chunking
        if filled is not None:
            lines.extend(filled)
            prefix = rest
            continue
        wrapped = textwrap.wrap(
            paragraph, WIDTH, initial_indent=prefix, subsequent_indent=rest, break_long_words=True, break_on_hyphens=False
        ) or [prefix.rstrip()]
        lines.extend(wrapped)
        prefix = rest
    return lines


def _field(field: Field, indent: str) -> list[str]:
    first = f"{indent}{field.label}: "
    rest = " " * len(first) if len(first) <= 32 else indent + "    "
    lines: list[str] = []
    for number, value in enumerate(field.values):
        lines.extend(_wrap(str(value), first if number == 0 else rest, rest))
    return lines


def _section(section: Section, depth: int) -> list[str]:
    indent = "  " * depth
    lines = [""] if depth <= 1 else []
    lines.append(f"{indent}{section.title}")
    if depth <= 1:
        lines.append(f"{indent}{('=' if depth == 0 else '-') * min(len(section.title), WIDTH - len(indent))}")
    for child in section.children:
        if isinstance(child, Section):
            lines.extend(_section(child, depth + 1))
        else:
            lines.extend(_field(child, indent + "  "))
    return lines


def to_text(record: Record) -> str:
    """The record as text lines of at most 80 columns (longer words are broken)."""
    lines = _wrap(record.title, "", "")
    lines.append("#" * min(WIDTH, max(len(line) for line in lines)))
    reader = record.chrome.get("reader_language")
    lines.append(f"{reader.text if reader else 'Reader' + chr(39) + 's language'}: {record.reader}")
    if record.warnings:
        said = record.chrome.get("warning")
        label = (said.text if said else "Warning").upper()
        lines.extend(["", f"!!! {label} !!!"])
        for warning in record.warnings:
            lines.extend(_wrap(warning.text, "!!! ", "!!! "))
    for section in record.sections:
        lines.extend(_section(section, 0))
    said = record.chrome.get("notes")
    notes = said.text if said else "Notes"
    lines.extend(["", notes, "=" * len(notes)])
    conventions = convention_texts(record.lang)
    for number, note in enumerate(record.notes, 1):
        first = f"{number}. "
        lines.extend(_convention_lines(note.text, first) if note.text in conventions else _wrap(note.text, first, "   "))
    return "\n".join(lines) + "\n"


@functools.lru_cache(maxsize=64)
def _convention_lines(text: str, first: str) -> tuple[str, ...]:
    """The lines of one of the conventions every record ends with: long paragraphs, the same
    on every page of a language, which took a third of a small record's text to wrap. Only
    ecrislib's own texts are kept here, never a value from a message."""
    return tuple(_wrap(text, first, "   "))
