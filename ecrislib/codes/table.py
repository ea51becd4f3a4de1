"""One code table (one CRT section): look-up by identifier or legal code, hierarchy, validity.

Look-up accepts, in this order:

1. the technical identifier exactly as carried on the wire (``O-00-160400``);
2. the same ignoring case and blanks (``o-00-160400``);
3. the legal code, ignoring blanks and case: ``"1604 00"``, ``"160400"`` and ``"1604  00"`` all
   find ``O-00-160400``; ``"8002"`` finds ``S-00-008002``; the Annex A letter ``Ø`` and the
   digit ``0`` it is written as in the CRT are the same;
4. a table's aliases: ISO alpha-2 and numeric codes for countries (``"RO"``, ``"642"``),
   the numeric code for currencies, the member-state code for central authorities.

Incomplete codes are refused rather than guessed (``"1604"`` is not ``1604 00``).
A table is immutable; filtering (:meth:`Table.valid_on`) returns a new table.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator
from typing import TypeVar, overload

import attrs

from ecrislib.errors import ModelError, UnknownCodeError

from .entry import Entry
from .search import normalise_key, rank_entries
from .sections import Section, section

__all__ = ["Table"]

_T = TypeVar("_T")
class Table:
    """The entries of one CRT section, indexed by technical identifier, code and aliases.

    Several entries may share a technical identifier when a table has versions over time;
    :meth:`get` then returns the one valid on the given day, or the latest one.
    """

    __slots__ = ("_section", "_entries", "_by_id", "_keys")

    def __init__(self, name: str, entries: Iterable[Entry] = ()) -> None:
        self._section: Section = section(name)
        given = list(entries)
        for entry in given:
            if entry.table != name:
                raise ModelError("Entry.table", f"entry of table {entry.table!r} put in table {name!r}")
        children: dict[str, list[str]] = {}
        for entry in given:
            if entry.parent is not None:
                siblings = children.setdefault(entry.parent, [])
                if entry.technical_id not in siblings:
                    siblings.append(entry.technical_id)
        fixed: list[Entry] = []
        for entry in given:
            kids = tuple(children.get(entry.technical_id, ()))
            fixed.append(entry if entry.children == kids else attrs.evolve(entry, children=kids))
        self._entries: tuple[Entry, ...] = tuple(fixed)
        self._by_id: dict[str, list[Entry]] = {}
        self._keys: dict[str, str] = {}
        for entry in self._entries:
            self._by_id.setdefault(entry.technical_id, []).append(entry)
        # Identifiers first, so that a code can never shadow another entry's identifier.
        for entry in self._entries:
            self._keys.setdefault(normalise_key(entry.technical_id), entry.technical_id)
        for entry in self._entries:
            keys = [entry.code] + [getattr(entry.attributes, a) for a in self._section.aliases]
            for key in keys:
                if isinstance(key, str) and key:
                    self._keys.setdefault(normalise_key(key), entry.technical_id)

    # -- basic protocol ---------------------------------------------------------------------

    @property
    def name(self) -> str:
        """The CRT section name (``"OffenceCategories"``)."""
        return self._section.name

    @property
    def section(self) -> Section:
        """The description of the CRT section (element names, identifier pattern)."""
        return self._section

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __bool__(self) -> bool:
        return bool(self._entries)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._resolve(key) is not None

    def __getitem__(self, key: str) -> Entry:
        entry = self.get(key)
        if entry is None:
            raise UnknownCodeError(f"{key!r} is not in code table {self.name}")
        return entry

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Table):
            return NotImplemented
        return self.name == other.name and self._entries == other._entries

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<Table {self.name}: {len(self._entries)} entries>"

    # -- look-up ----------------------------------------------------------------------------

    def _resolve(self, key: str) -> list[Entry] | None:
        found = self._by_id.get(key)
        if found is None:
            technical_id = self._keys.get(normalise_key(key))
            found = None if technical_id is None else self._by_id[technical_id]
        return found

    @overload
    def get(self, key: str, default: None = None, *, on: _dt.date | None = None) -> Entry | None: ...

    @overload
    def get(self, key: str, default: _T, *, on: _dt.date | None = None) -> Entry | _T: ...

    def get(self, key: str, default: object = None, *, on: _dt.date | None = None) -> object:
        """The entry for ``key`` (identifier, code or alias; see the module doc), else ``default``.

        With ``on``, only a version valid on that day counts; without it, the latest version.
        """
        if not isinstance(key, str):
            return default
        versions = self._resolve(key)
        if not versions:
            return default
        if on is not None:
            for entry in versions:
                if entry.is_valid_on(on):
                    return entry
            return default
        return max(versions, key=lambda e: e.valid_from) if len(versions) > 1 else versions[0]

    def lookup(self, key: str, *, on: _dt.date | None = None) -> Entry:
        """Like :meth:`get`, but raise :class:`~ecrislib.errors.UnknownCodeError` (a ``LookupError``)
        when nothing matches (pycountry style)."""
        entry = self.get(key, on=on)
        if entry is None:
            raise UnknownCodeError(f"{key!r} is not in code table {self.name}")
        return entry

    def versions(self, key: str) -> tuple[Entry, ...]:
        """Every version of the entry ``key`` names, in table order."""
        return tuple(self._resolve(key) or ()) if isinstance(key, str) else ()

    def ids(self) -> tuple[str, ...]:
        """The technical identifiers, each once, in table order."""
        return tuple(self._by_id)

    # -- hierarchy --------------------------------------------------------------------------

    def parent(self, key: str) -> Entry | None:
        """The category above ``key`` (``None`` for a top-level entry or an unknown key)."""
        entry = self.get(key)
        if entry is None or entry.parent is None:
            return None
        return self.get(entry.parent)

    def parents(self, key: str) -> tuple[Entry, ...]:
        """All categories above ``key``, the nearest first."""
        chain: list[Entry] = []
        seen: set[str] = set()
        current = self.parent(key)
        while current is not None and current.technical_id not in seen:
            chain.append(current)
            seen.add(current.technical_id)
            current = self.parent(current.technical_id)
        return tuple(chain)

    def children(self, key: str) -> tuple[Entry, ...]:
        """The entries directly below ``key``, in table order."""
        entry = self.get(key)
        if entry is None:
            return ()
        found = (self.get(child) for child in entry.children)
        return tuple(child for child in found if child is not None)

    def roots(self) -> tuple[Entry, ...]:
        """The top-level entries (no parent in this table), in table order."""
        return tuple(e for e in self._entries if e.parent is None or e.parent not in self._by_id)

    # -- filtering, search, combination ------------------------------------------------------

    def valid_on(self, day: _dt.date) -> Table:
        """A table with only the entries valid on ``day``."""
        return Table(self.name, (e for e in self._entries if e.is_valid_on(day)))

    def search(self, query: str, lang: str | None = "en", *, limit: int | None = None) -> list[Entry]:
        """Entries matching ``query`` (code, identifier, or words of the label in ``lang``), best
        first, ignoring case and diacritics (ranks: :mod:`ecrislib.codes.search`). ``lang=None``
        searches every language (for ISO tables that reads every translation catalogue once).
        """

        return [hit.entry for hit in rank_entries(self._entries, query, lang)][:limit]

    def overlay(self, other: Table, *, replace: bool = False) -> Table:
        """This table with ``other`` laid over it.

        Merge (default): ``other``'s entries win over ours with the same identifier (all our
        versions of it are replaced); labels and attributes they lack are kept from ours; entries
        only one side has are kept. ``replace=True``: a non-empty ``other`` replaces us wholly.
        """
        if other.name != self.name:
            raise ValueError(f"cannot lay table {other.name} over table {self.name}")
        if not other:
            return self
        if replace:
            return other
        incoming = {e.technical_id for e in other}
        merged: list[Entry] = []
        placed: set[str] = set()
        for entry in self._entries:
            tid = entry.technical_id
            if tid not in incoming:
                merged.append(entry)
            elif tid not in placed:
                placed.add(tid)
                base = self.get(tid)
                assert base is not None
                merged.extend(new.merged_over(base) for new in other.versions(tid))
        merged.extend(e for e in other if e.technical_id not in placed)
        return Table(self.name, merged)
