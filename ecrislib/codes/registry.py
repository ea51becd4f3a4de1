"""The set of all code tables a program works with.

A :class:`CodeTables` object is explicit and immutable: the bundled tables, an official CRT, or
one laid over the other. Nothing is global; code that needs tables receives one of these.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Literal, TypeVar, overload

from ecrislib.errors import UnknownCodeError, UnknownCodeTableError

from .entry import Entry
from .labels import Label
from .sections import SECTION_NAMES, section_for_identifier

if TYPE_CHECKING:
    from .search import Hit
from .table import Table

__all__ = ["CodeTables"]

_T = TypeVar("_T")


class CodeTables:
    """All 23 CRT sections as :class:`Table` objects (a section not given is an empty table)."""

    __slots__ = ("_tables", "memo")

    def __init__(self, tables: Iterable[Table] | Mapping[str, Table] = ()) -> None:
        given = list(tables.values()) if isinstance(tables, Mapping) else list(tables)
        by_name: dict[str, Table] = {}
        for table in given:
            if table.name in by_name:
                raise ValueError(f"code table {table.name} given twice")
            by_name[table.name] = table
        self._tables: dict[str, Table] = {
            name: by_name.get(name) or Table(name) for name in SECTION_NAMES
        }
        #: Values derived from these (immutable) tables by other layers, computed once per
        #: tables object: e.g. validation keeps table status and code look-ups here. Holds only
        #: immutable values, each a pure function of the tables, so threads that fill the same
        #: key at once store equal values (dict item access is atomic).
        self.memo: dict[str, object] = {}

    # -- tables -----------------------------------------------------------------------------

    def __getitem__(self, name: str) -> Table:
        """The table called ``name`` (a CRT section name such as ``"Countries"``; case ignored)."""
        found = self._tables.get(name)
        if found is not None:
            return found
        from .search import table_name

        return self._tables[table_name(name)]

    def __iter__(self) -> Iterator[Table]:
        return iter(self._tables.values())

    def __len__(self) -> int:
        return len(self._tables)

    @property
    def names(self) -> tuple[str, ...]:
        """The table names, in CRT order."""
        return SECTION_NAMES

    def entries(self) -> Iterator[Entry]:
        """Every entry of every table, in CRT order."""
        for table in self._tables.values():
            yield from table

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CodeTables):
            return NotImplemented
        return self._tables == other._tables

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        filled = sum(1 for t in self._tables.values() if t)
        total = sum(len(t) for t in self._tables.values())
        return f"<CodeTables: {filled} of {len(self._tables)} tables filled, {total} entries>"

    # -- look-up ----------------------------------------------------------------------------

    def table_for(self, identifier: str) -> Table | None:
        """The table whose identifier pattern ``identifier`` has (``O-00-…`` -> OffenceCategories)."""
        found = section_for_identifier(identifier.strip())
        return None if found is None else self._tables[found.name]

    @overload
    def get(self, identifier: str, default: None = None, *, on: _dt.date | None = None) -> Entry | None: ...

    @overload
    def get(self, identifier: str, default: _T, *, on: _dt.date | None = None) -> Entry | _T: ...

    def get(self, identifier: str, default: object = None, *, on: _dt.date | None = None) -> object:
        """The entry with this technical identifier, in whichever table it belongs, else ``default``.

        The table is chosen by the identifier's form; legal codes are ambiguous across tables
        (``"8002"``, ``"C"``), so look them up in a table: ``tables["SanctionCategories"].get("8002")``.
        An identifier no pattern recognises (SOAP fault codes) is searched in every table.
        """
        if not isinstance(identifier, str):
            return default
        key = identifier.strip()
        for candidate in dict.fromkeys((key, key.upper())):
            table = self.table_for(candidate)
            if table is not None:
                entry = table.get(candidate, on=on)
                if entry is not None and entry.technical_id == candidate:
                    return entry
        for table in self._tables.values():
            for entry in table.versions(key):
                if entry.technical_id == key:
                    return table.get(key, on=on) or default
        return default

    def lookup(self, identifier: str, *, on: _dt.date | None = None) -> Entry:
        """Like :meth:`get`, but raise :class:`~ecrislib.errors.UnknownCodeError` (a ``LookupError``)
        for an unknown identifier."""
        entry = self.get(identifier, on=on)
        if entry is None:
            raise UnknownCodeError(f"{identifier!r} is not a technical identifier of any code table")
        return entry

    def label(
        self,
        identifier: str,
        lang: str = "en",
        fallback: Sequence[str] | str = ("en",),
        *,
        on: _dt.date | None = None,
    ) -> Label:
        """The label of ``identifier`` in ``lang``, falling back to ``fallback`` languages and then
        to the raw identifier; :class:`Label` says which language was used, so a caller can show
        the fallback (e.g. "Rape [en]" in a Maltese screen, or the bare code)."""
        entry = self.get(identifier, on=on)
        if entry is None:
            return Label(text=identifier, lang=None, requested=lang.lower(), technical_id=identifier)
        return entry.label(lang, fallback)

    def search(
        self,
        query: str,
        lang: str | None = "en",
        *,
        tables: Iterable[str] | None = None,
        limit: int | None = None,
    ) -> list[Entry]:
        """Entries matching ``query`` (a legal code, an identifier or words of the label in
        ``lang``), best first, ignoring case and diacritics (``"romania"`` finds "România" with
        ``lang="ro"``); see :mod:`ecrislib.codes.search` for the ranking. ``tables`` limits the
        search to the tables with those names (case ignored).
        """
        return [hit.entry for hit in self.ranked_search(query, lang, tables=tables)][:limit]

    def ranked_search(self, query: str, lang: str | None = "en", *, tables: Iterable[str] | None = None) -> list[Hit]:
        """Every match of ``query`` as a :class:`~ecrislib.codes.search.Hit` (entry, rank, matched text), best first."""
        from .search import rank_entries, table_name

        names = SECTION_NAMES if tables is None else tuple(dict.fromkeys(table_name(n) for n in tables))
        return rank_entries((entry for name in names for entry in self._tables[name]), query, lang)

    def find_code(self, code: str, *, on: _dt.date | None = None) -> list[Entry]:
        """Every entry whose technical identifier, legal code or alias is ``code``, one per table.

        ``"0801 00"`` and ``"080100"`` find ``O-00-080100``; ``"8002"`` finds sanction category
        ``S-00-008002``. More than one entry means the code is ambiguous across tables.
        """
        entry = self.get(code, on=on)
        if entry is not None:
            return [entry]
        found = []
        for table in self._tables.values():
            match = table.get(code, on=on)
            if match is not None:
                found.append(match)
        return found

    # -- new registries ---------------------------------------------------------------------

    def valid_on(self, day: _dt.date) -> CodeTables:
        """The tables with only the entries valid on ``day`` (the table version of that day)."""
        return CodeTables(table.valid_on(day) for table in self._tables.values())

    def overlay(self, other: CodeTables, *, mode: Literal["merge", "replace"] = "merge") -> CodeTables:
        """These tables with ``other`` (typically an official CRT) laid over them.

        ``"merge"``: an entry of ``other`` overrides ours with the same identifier, keeping the
        labels (languages) and attributes it lacks from ours; new entries are added.
        ``"replace"``: every non-empty table of ``other`` replaces ours wholesale.
        Empty tables of ``other`` never remove anything.
        """
        if mode not in ("merge", "replace"):
            raise ValueError("mode must be 'merge' or 'replace'")
        return CodeTables(
            mine.overlay(other[mine.name], replace=mode == "replace") for mine in self._tables.values()
        )

    def replace(self, *tables: Table) -> CodeTables:
        """A copy with the given tables substituted for ours."""
        by_name = dict(self._tables)
        for table in tables:
            by_name[table.name] = table
        return CodeTables(by_name)
