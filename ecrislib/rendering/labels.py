"""Coded values in the reader's language, with the fallback made visible.

A message carries codes (``O-00-080100``); the reader needs a label. The chain is: the requested
language, then English, then the raw code, and the reader must always see which step gave the
text, because a fallback label is not the reader's language and a raw code is no label at all.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from ecrislib.codes import CodeTables, Provenance

__all__ = ["CodedLabel", "FALLBACK", "translate", "member_state_label"]

#: Languages tried after the requested one, in order (then the raw code).
FALLBACK: tuple[str, ...] = ("en",)


@attrs.frozen(kw_only=True)
class CodedLabel:
    """What a reader sees for one code: the text, the language it is in, and why.

    ``lang`` is ``None`` when no label was found and ``text`` is the code itself; ``known`` is
    False when the code is in no loaded table at all; ``not_valid_on`` is the date on which the
    entry was not valid (its label is still shown, since hiding it would drop data).
    """

    code: str
    text: str
    lang: str | None
    requested: str
    known: bool = True
    not_valid_on: _dt.date | None = None
    provenance: Provenance | None = None

    @property
    def is_fallback(self) -> bool:
        return self.lang != self.requested

    @property
    def is_code(self) -> bool:
        return self.lang is None

    @property
    def verified(self) -> bool:
        return self.provenance is not None and self.provenance.verified

    @property
    def marker(self) -> str:
        """The visible note on where the text comes from, empty when it needs none.

        ``"en, fallback from el"``, ``"code only: no label in el or en"``, ``"code only: not in
        the loaded tables"``; ``""`` for a label in the requested language.
        """
        parts: list[str] = []
        if not self.known:
            parts.append("code only: not in the loaded tables")
        elif self.is_code:
            tried = " or ".join(dict.fromkeys((self.requested, *FALLBACK)))
            parts.append(f"code only: no label in {tried}")
        elif self.is_fallback:
            parts.append(f"{self.lang}, fallback from {self.requested}")
        if self.not_valid_on is not None:
            parts.append(f"not valid on {self.not_valid_on.isoformat()}")
        return "; ".join(parts)

    def __str__(self) -> str:
        """``Intentional killing [en, fallback from el] (O-00-080100)``."""
        marker = f" [{self.marker}]" if self.marker else ""
        code = "" if self.is_code else f" ({self.code})"
        return f"{self.text}{marker}{code}"


#: Code labels are kept per tables object (in its ``memo``, never in a module global): a record
#: shows the same few dozen codes again and again, and a look-up is a pure function of the
#: immutable tables. Bounded: cleared when full.
_MEMO_KEY = "ecrislib.rendering.labels"
_LABELS_KEPT = 20_000


def translate(
    tables: CodeTables, code: str, lang: str, *, on: _dt.date | None = None
) -> CodedLabel:
    """The label of ``code`` for a reader of ``lang``, preferring the entry valid ``on`` that day."""
    memo = tables.memo.get(_MEMO_KEY)
    if memo is None:
        memo = tables.memo.setdefault(_MEMO_KEY, {})
    key = (code, lang, on)
    found: CodedLabel | None = memo.get(key)  # type: ignore[attr-defined]
    if found is None:
        found = _translate(tables, code, lang, on)
        if len(memo) >= _LABELS_KEPT:  # type: ignore[arg-type]
            memo.clear()  # type: ignore[attr-defined]
        memo[key] = found  # type: ignore[index]
    return found


def _translate(tables: CodeTables, code: str, lang: str, on: _dt.date | None) -> CodedLabel:
    requested = lang.lower()
    entry = tables.get(code, on=on) if on is not None else None
    not_valid_on = None
    if entry is None:
        entry = tables.get(code)
        if entry is not None and on is not None:
            not_valid_on = on
    if entry is None:
        return CodedLabel(code=code, text=code, lang=None, requested=requested, known=False)
    label = entry.label(requested, FALLBACK)
    return CodedLabel(
        code=code,
        text=label.text,
        lang=label.lang,
        requested=requested,
        not_valid_on=not_valid_on,
        provenance=label.provenance or entry.provenance,
    )


def member_state_label(tables: CodeTables, member_state: str, lang: str) -> CodedLabel:
    """A member-state code (``RO``, ``GR``) as its country's name; the code stays visible."""
    from ecrislib.codes import member_state_country

    try:
        country = member_state_country(member_state)
    except LookupError:
        return CodedLabel(code=member_state, text=member_state, lang=None, requested=lang.lower(), known=False)
    found = translate(tables, country, lang)
    return attrs.evolve(found, code=member_state)
