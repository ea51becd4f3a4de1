"""Reading one of our gettext catalogues (``locales/<lang>/LC_MESSAGES/ecrislib.po``) for the UI texts.

A readable record needs two things from a catalogue: its usable translations (a non-empty
singular ``msgstr``, not fuzzy, no ``msgctxt``) and the header comment that says whether it is
reviewed. Babel's reader builds a whole ``Catalog`` for that (importing it and reading one
catalogue took some 60 ms, most of a first render in a fresh process); this one reads the
``.po`` text in one pass. Babel stays the tool that writes the catalogues and checks them
against the template (``pybabel update``; the tests compare both readers on every catalogue).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import attrs

__all__ = ["PoCatalogue", "read_po"]

# The escapes of a PO string (as GNU gettext and Babel write them): \\ \" \n \t \r.
_ESCAPE = re.compile(r"\\(.)")
_ESCAPED = {"n": "\n", "t": "\t", "r": "\r"}
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")\s*$")


@attrs.frozen
class PoCatalogue:
    """What the UI texts use of a catalogue."""

    #: the comment lines (with their ``#``) before the header entry
    header_comment: str
    #: msgid -> msgstr of every usable translation, in file order
    messages: Mapping[str, str]


def _unquote(text: str) -> str:
    """The string a quoted line part stands for (from its first quote to its last, as Babel reads it)."""
    return _ESCAPE.sub(lambda m: _ESCAPED.get(m.group(1), m.group(1)), text[1:-1])


def read_po(text: str) -> PoCatalogue:
    """The header comment and the usable translations of a ``.po`` text."""
    header: list[str] = []
    messages: dict[str, str] = {}
    fields: dict[str, str] = {}
    fuzzy = False
    last: str | None = None  # the keyword a continuation line ("...") belongs to
    seen_entry = False

    def finish() -> None:
        nonlocal fields, fuzzy, last
        msgid, msgstr = fields.get("msgid"), fields.get("msgstr")
        if msgid and msgstr and not fuzzy and "msgctxt" not in fields and "msgid_plural" not in fields:
            messages[msgid] = msgstr
        fields, fuzzy, last = {}, False, None

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            if fields:
                finish()
            continue
        if line.startswith("#"):
            if fields:  # a comment opens the next entry
                finish()
            if not seen_entry:
                header.append(raw.rstrip())
            elif line.startswith("#,") and "fuzzy" in (flag.strip() for flag in line[2:].split(",")):
                fuzzy = True
            continue
        if line.startswith('"'):
            if last is not None:
                fields[last] += _unquote(line)
            continue
        found = _KEYWORD.match(line)
        if found is None:
            continue
        keyword, value = found.groups()
        if keyword in ("msgctxt", "msgid") and "msgstr" in fields:  # the next entry, no blank line between
            finish()
        seen_entry = True
        fields[keyword] = _unquote(value)
        last = keyword
    if fields:
        finish()
    return PoCatalogue("\n".join(header), messages)
