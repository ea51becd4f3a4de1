"""Labels of code-table entries: per-language names, the result of a label look-up, text folding.

Labels are keyed by language code, never by English text, and the language is chosen per call:
there is no process-wide "current language".
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from .provenance import Provenance

__all__ = ["Label", "LabelMapping", "Labels", "LayeredLabels", "fold", "to_labels"]


class LabelMapping(Mapping[str, str]):
    """Read-only mapping language code -> label; the common type of all label containers.

    Subclasses may compute labels lazily (ISO names load one language catalogue on first use).
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict(self.items())!r})"


class Labels(LabelMapping):
    """Labels held in memory (bundled data, CRT documents). Language codes are lower-cased."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, str] | None = None) -> None:
        items = {} if data is None else dict(data)
        for key, value in items.items():
            if not isinstance(key, str) or not isinstance(value, str):
                raise TypeError("labels map language codes (str) to labels (str)")
        self._data: dict[str, str] = {k.lower(): v for k, v in items.items()}

    def __getitem__(self, lang: str) -> str:
        return self._data[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, lang: object) -> bool:
        return lang in self._data


class LayeredLabels(LabelMapping):
    """``top`` labels over ``bottom`` ones: what an official table's entry looks like after it is
    laid over a bundled entry (the official names win, the other languages are kept)."""

    __slots__ = ("top", "bottom")

    def __init__(self, top: Mapping[str, str], bottom: Mapping[str, str]) -> None:
        self.top = to_labels(top)
        self.bottom = to_labels(bottom)

    def __getitem__(self, lang: str) -> str:
        if lang in self.top:
            return self.top[lang]
        return self.bottom[lang]

    def __contains__(self, lang: object) -> bool:
        return lang in self.top or lang in self.bottom

    def __iter__(self) -> Iterator[str]:
        yield from self.top
        for lang in self.bottom:
            if lang not in self.top:
                yield lang

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __repr__(self) -> str:
        return f"LayeredLabels(top={self.top!r}, bottom={self.bottom!r})"


def to_labels(value: Mapping[str, str]) -> LabelMapping:
    """Converter for entry fields: keep a label container as it is, copy any other mapping."""
    if isinstance(value, LabelMapping):
        return value
    return Labels(value)


def fold(text: str) -> str:
    """Text for insensitive comparison: no case, no diacritics (NFKD, combining marks dropped,
    casefold), blanks collapsed. ``fold("România") == fold("ROMANIA")``.

    Letters that are not composed with a diacritic (Danish ``ø``, Polish ``ł``) stay distinct.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


@attrs.frozen(kw_only=True)
class Label:
    """The result of a label look-up, so that a caller can show the fallback it got.

    ``lang`` is the language of ``text``; it differs from ``requested`` when a fallback language
    was used, and it is ``None`` when no label exists and ``text`` is the raw technical
    identifier. ``provenance`` is that of the label (``None`` for an identifier no table knows).
    """

    text: str
    lang: str | None
    requested: str
    technical_id: str
    provenance: Provenance | None = None

    @property
    def is_fallback(self) -> bool:
        """True when the label is not in the requested language (or is the raw code)."""
        return self.lang != self.requested

    @property
    def is_code(self) -> bool:
        """True when no label was found and ``text`` is the technical identifier itself."""
        return self.lang is None

    def __str__(self) -> str:
        return self.text
