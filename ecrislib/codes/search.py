"""Ranked search over code tables: codes first, then labels by how well they match, then synonyms.

A clerk types what they know: a legal code (``0801 00``, ``080100``), a technical identifier, a
word of the label (``killing``), the start of a word (``kill``), with or without accents, or the
everyday word for an offence (``murder``, which the tables call "intentional killing"). Every
query token must match; results are ranked so the best reading comes first:

====  ===========================================================================
rank  match
====  ===========================================================================
0     the legal code or technical identifier (blanks and case ignored)
1     the whole label
2     the label starts with the query
3     every query word is a word of the label
4     every query word starts a word of the label (``kill`` -> "killing")
5     the same through a synonym (``murder`` -> "intentional killing")
6     the query inside a word (``intentional`` inside "unintentional")
====  ===========================================================================

Within a rank, shorter labels (fewer words) come first, then CRT order.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable, Sequence
from importlib import resources

import attrs

from ..errors import UnknownCodeTableError
from .entry import Entry
from .labels import fold
from .sections import SECTION_NAMES

__all__ = ["normalise_key", "Hit", "rank_entries", "table_name", "synonyms", "RANKS"]

_BLANKS = re.compile(r"\s+")


def normalise_key(key: str) -> str:
    """The tolerant form of a look-up key: no blanks, upper case, ``Ø`` written ``0``."""
    return _BLANKS.sub("", key).upper().replace("Ø", "0")


#: What each rank means (for the CLI and the docs).
RANKS: tuple[str, ...] = (
    "code",
    "label",
    "label start",
    "all words",
    "word starts",
    "synonym",
    "inside a word",
)

_WORDS = re.compile(r"\w+")


@attrs.frozen
class Hit:
    """One search result: the entry, its rank (see :data:`RANKS`) and the text that matched
    (the label, the code, or for a synonym the words searched instead)."""

    entry: Entry
    rank: int
    matched: str

    @property
    def why(self) -> str:
        return RANKS[self.rank]


def table_name(name: str) -> str:
    """The CRT section name for ``name``, ignoring case (``offencecategories`` -> ``OffenceCategories``).

    Raises :class:`~ecrislib.errors.UnknownCodeTableError` (also a ``KeyError``) naming the known
    tables when there is none.
    """
    wanted = name.strip().casefold()
    for known in SECTION_NAMES:
        if known.casefold() == wanted:
            return known
    raise UnknownCodeTableError(f"unknown code table {name!r}; known: {', '.join(SECTION_NAMES)}")


@functools.lru_cache(maxsize=1)
def synonyms() -> dict[str, tuple[str, ...]]:
    """Everyday words (folded) and what the tables call them, from ``data/synonyms.csv``."""
    text = resources.files("ecrislib.codes").joinpath("data", "synonyms.csv").read_text("utf-8")
    found: dict[str, list[str]] = {}
    for row in csv.DictReader(line for line in text.splitlines() if not line.startswith("#")):
        found.setdefault(fold(row["word"]), []).append(row["search_as"])
    return {word: tuple(values) for word, values in found.items()}


def _label_rank(folded: str, words: Sequence[str], needle: str, tokens: Sequence[str]) -> int | None:
    if folded == needle:
        return 1
    if folded.startswith(needle) and (len(folded) == len(needle) or not folded[len(needle)].isalnum()):
        return 2
    if all(token in words for token in tokens):
        return 3
    if all(any(word.startswith(token) for word in words) for token in tokens):
        return 4
    if needle in folded:
        return 6
    return None


def _texts(entry: Entry, lang: str | None) -> list[str]:
    if lang is None:
        return [text for text in entry.labels.values() if text]
    text = entry.labels.get(lang.lower())
    return [text] if text else []


def _expansions(needle: str) -> tuple[str, ...]:
    table = synonyms()
    found = list(table.get(needle, ()))
    for word in _WORDS.findall(needle):
        found.extend(table.get(word, ()))
    return tuple(dict.fromkeys(fold(text) for text in found))


def rank_entries(entries: Iterable[Entry], query: str, lang: str | None = "en") -> list[Hit]:
    """Every entry matching ``query``, best first (see the module's table of ranks)."""
    needle = fold(query)
    tokens = _WORDS.findall(needle)
    if not needle:
        return []
    key = normalise_key(query)
    expansions = [(text, _WORDS.findall(text)) for text in _expansions(needle) if text != needle]
    scored: list[tuple[int, int, int, Hit]] = []
    for order, entry in enumerate(entries):
        if key and key in (normalise_key(entry.technical_id), normalise_key(entry.code or "")):
            scored.append((0, 0, order, Hit(entry, 0, entry.code or entry.technical_id)))
            continue
        best: tuple[int, int, str] | None = None
        for text in _texts(entry, lang):
            folded = fold(text)
            words = _WORDS.findall(folded)
            rank = _label_rank(folded, words, needle, tokens) if tokens else None
            matched = text
            if rank is None:
                for expansion, expansion_tokens in expansions:
                    if expansion_tokens and _label_rank(folded, words, expansion, expansion_tokens) in (1, 2, 3, 4):
                        rank, matched = 5, expansion
                        break
            if rank is not None and (best is None or (rank, len(words)) < best[:2]):
                best = (rank, len(words), matched)
        if best is not None:
            scored.append((best[0], best[1], order, Hit(entry, best[0], best[2])))
    scored.sort(key=lambda item: item[:3])
    return [hit for *_, hit in scored]
