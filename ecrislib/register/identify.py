"""Identification: which register entries an incoming person may be, scored, with the key that hit.

Names are compared folded: case and diacritics ignored, Greek and Cyrillic written in Latin
letters by the official romanisations (ELOT 743 for Greek, the Bulgarian Streamlined System for
Cyrillic), so ``Παπαδόπουλος``, ``PAPADOPOULOS`` and ``Papadópoulos`` are one name. A hit needs
either the same identity number (or identification document number), or a matching name (surname
and one forename, of the person, a former name or an alias) with a birth date that agrees as far
as both sides know it (``1970`` agrees with ``1970-05-14``; ``1970-05`` does not agree with
``1970-06-01``). A different identity number on both sides rules a candidate out. Birth place and
nationality only add to the score: they tell namesakes apart.

>>> fold_name("Παπαδόπουλος"), fold_name("Ştefănescu"), fold_name("Иванов")
('papadopoulos', 'stefanescu', 'ivanov')
"""

from __future__ import annotations

import enum
import unicodedata
from typing import Iterable, Sequence

import attrs

from ..model.common import PartialDate
from ..model.person import Person, PersonName

__all__ = ["SearchKey", "Hit", "Profile", "profile", "fold_name", "match", "identify", "best_hit", "Choice"]


class SearchKey(str, enum.Enum):
    """A piece of identity that agreed between the incoming person and an entry."""

    IDENTITY_NUMBER = "identity-number"
    NAME = "name"
    FORMER_NAME = "former-name"
    ALIAS = "alias"
    BIRTH_DATE = "birth-date"
    BIRTH_PLACE = "birth-place"
    NATIONALITY = "nationality"

    def __str__(self) -> str:
        return self.value


#: Points each agreeing key adds to a score out of 100 (a full birth date gets all its points,
#: a date known only in part on one side half of them).
WEIGHTS: dict[SearchKey, int] = {
    SearchKey.IDENTITY_NUMBER: 40,
    SearchKey.NAME: 30,
    SearchKey.FORMER_NAME: 25,
    SearchKey.ALIAS: 25,
    SearchKey.BIRTH_DATE: 15,
    SearchKey.BIRTH_PLACE: 10,
    SearchKey.NATIONALITY: 5,
}


@attrs.frozen
class Hit:
    """One register entry the person may be: its score (0-100), every key that agreed, and the
    key that made it a hit (the identity number, or the name kind that matched with the birth date)."""

    entry: int
    score: int
    keys: tuple[SearchKey, ...]
    produced_by: SearchKey


# Greek (ELOT 743, simplified: no context rules beyond the digraphs below) and Cyrillic
# (Bulgarian Streamlined System; Russian letters added) in Latin letters.
_DIGRAPHS = {"ου": "ou", "αυ": "av", "ευ": "ev", "γγ": "ng", "γκ": "gk", "μπ": "mp", "ντ": "nt"}
_LETTERS = dict(
    zip(
        "αβγδεζηθικλμνξοπρσςτυφχψω",
        ["a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n", "x", "o", "p", "r", "s", "s", "t", "y", "f", "ch", "ps", "o"],
    )
)
_LETTERS.update(
    zip(
        "абвгдежзийклмнопрстуфхцчшщъьюяэыё",
        ["a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "h",
         "ts", "ch", "sh", "sht", "a", "y", "yu", "ya", "e", "y", "e"],
    )
)  # fmt: skip
# Latin letters that Unicode does not decompose into a base letter and a mark.
_LETTERS.update({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i", "ħ": "h"})


def fold_name(text: str) -> str:
    """A name for comparison: lower case, no diacritics, in Latin letters, words single-spaced."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    for digraph, latin in _DIGRAPHS.items():
        plain = plain.replace(digraph, latin)
    out = [_LETTERS.get(ch, ch) if ch.isalnum() else " " for ch in plain]
    return " ".join("".join(out).split())


def _number(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


def _numbers(person: Person) -> frozenset[str]:
    found = {_number(person.identity_number)} if person.identity_number else set()
    found.update(_number(d.number) for d in person.identification_documents)
    found.discard("")
    return frozenset(found)


_NameKey = tuple[SearchKey, str, frozenset[str]]


def _names(person: Person) -> tuple[_NameKey, ...]:
    """(kind, folded surname, folded forename words) for every name the person is known by."""
    found: list[_NameKey] = []

    def add(name: PersonName, kind: SearchKey) -> None:
        forenames = frozenset(fold_name(name.forename.value).split())
        found.append((kind, fold_name(name.surname.value), forenames))
        if name.second_surname is not None:
            found.append((kind, fold_name(f"{name.surname.value} {name.second_surname.value}"), forenames))

    add(person.name, SearchKey.NAME)
    forenames = [fold_name(person.name.forename.value), *(fold_name(f.value) for f in person.former_forenames)]
    surnames = [fold_name(person.name.surname.value), *(fold_name(s.value) for s in person.former_surnames)]
    if len(forenames) > 1 or len(surnames) > 1:
        found.extend((SearchKey.FORMER_NAME, surname, frozenset(forename.split())) for forename in forenames for surname in surnames)
    for alias in person.aliases:
        add(alias.name, SearchKey.ALIAS)
    return tuple(found)


@attrs.frozen
class Profile:
    """What identification compares of one person, folded once (people are immutable)."""

    names: tuple[_NameKey, ...]
    surnames: frozenset[str]
    numbers: frozenset[str]
    has_identity_number: bool
    birth_date: PartialDate
    town: str
    country: str
    nationalities: frozenset[str]


def profile(person: Person) -> Profile:
    names = _names(person)
    return Profile(
        names=names,
        surnames=frozenset(surname for _, surname, _ in names if surname),
        numbers=_numbers(person),
        has_identity_number=bool(person.identity_number),
        birth_date=person.birth_date,
        town=fold_name(str(person.birth_place.town_name)),
        country=person.birth_place.country.id,
        nationalities=frozenset(n.id for n in person.nationalities),
    )


_NAME_ORDER = (SearchKey.NAME, SearchKey.FORMER_NAME, SearchKey.ALIAS)


def _name_match(query: Profile, entry: Profile) -> SearchKey | None:
    """The best kind of name on which the two agree (NAME before FORMER_NAME before ALIAS)."""
    best: SearchKey | None = None
    for kind_q, surname_q, forenames_q in query.names:
        for kind_e, surname_e, forenames_e in entry.names:
            if surname_q and surname_q == surname_e and forenames_q & forenames_e:
                kind = max(kind_q, kind_e, key=_NAME_ORDER.index)
                if best is None or _NAME_ORDER.index(kind) < _NAME_ORDER.index(best):
                    best = kind
    return best


def _date_agreement(a: PartialDate, b: PartialDate) -> str:
    """``"full"``, ``"partial"``, ``"unknown"`` (a side has no date) or ``"conflict"``."""
    if a.is_unknown or b.is_unknown:
        return "unknown"
    for x, y in ((a.year, b.year), (a.month, b.month), (a.day, b.day)):
        if x is not None and y is not None and x != y:
            return "conflict"
    if a.day is not None and b.day is not None:
        return "full"
    return "partial"


_UNKNOWN_COUNTRY = "CO-00-999-XXX"


def match(query: Profile, entry: Profile, entry_id: int) -> Hit | None:
    """The hit ``entry`` is for ``query``, or ``None``."""
    same_number = bool(query.numbers & entry.numbers)
    if not same_number and (not (query.surnames & entry.surnames) or (query.has_identity_number and entry.has_identity_number)):
        return None  # no shared surname, or both have a national identity number and they differ
    keys: list[SearchKey] = []
    score = 0
    if same_number:
        keys.append(SearchKey.IDENTITY_NUMBER)
        score += WEIGHTS[SearchKey.IDENTITY_NUMBER]
    name = _name_match(query, entry)
    if name is not None:
        keys.append(name)
        score += WEIGHTS[name]
    dates = _date_agreement(query.birth_date, entry.birth_date)
    if dates in ("full", "partial"):
        keys.append(SearchKey.BIRTH_DATE)
        score += WEIGHTS[SearchKey.BIRTH_DATE] // (1 if dates == "full" else 2)
    if same_number:
        produced_by = SearchKey.IDENTITY_NUMBER
    elif name is not None and dates in ("full", "partial"):
        produced_by = name
    else:
        return None
    if query.town == entry.town and (query.country == entry.country or _UNKNOWN_COUNTRY in (query.country, entry.country)):
        keys.append(SearchKey.BIRTH_PLACE)
        score += WEIGHTS[SearchKey.BIRTH_PLACE]
    if query.nationalities & entry.nationalities:
        keys.append(SearchKey.NATIONALITY)
        score += WEIGHTS[SearchKey.NATIONALITY]
    ordered = tuple(k for k in SearchKey if k in keys)
    return Hit(entry=entry_id, score=score, keys=ordered, produced_by=produced_by)


def identify(query: Person | Profile, entries: Iterable[tuple[int, Person | Profile]]) -> tuple[Hit, ...]:
    """Every hit among ``entries`` (people, or their profiles), best first (ties by entry number)."""
    wanted = query if isinstance(query, Profile) else profile(query)
    hits = []
    for entry_id, candidate in entries:
        hit = match(wanted, candidate if isinstance(candidate, Profile) else profile(candidate), entry_id)
        if hit is not None:
            hits.append(hit)
    return tuple(sorted(hits, key=lambda h: (-h.score, h.entry)))


class Choice(enum.Enum):
    """What identification concluded."""

    NONE = "none"  # nobody matches
    ONE = "one"  # one entry is the person
    SEVERAL = "several"  # several entries match equally well: more identity data is needed


def best_hit(hits: Sequence[Hit]) -> tuple[Choice, Hit | None]:
    """The entry the person is, if the hits single one out: an identity-number hit, else the
    only hit, else the one scoring strictly higher than every other."""
    if not hits:
        return Choice.NONE, None
    by_number = [h for h in hits if h.produced_by is SearchKey.IDENTITY_NUMBER]
    if len(by_number) == 1:
        return Choice.ONE, by_number[0]
    if len(hits) == 1 or hits[0].score > hits[1].score:
        return Choice.ONE, hits[0]
    return Choice.SEVERAL, None
