"""National offence and penalty tables mapped to the common categories.

Each member state keeps a list of its national offences and penalties, each mapped to a common
category of Annex A or B (Decision 2009/316/JHA, Art. 4(3)). With such a table registered, a
sender builds an :class:`~ecrislib.model.Offence` from its national code in one call: national
code, national title (in the table's language) and common category come from the table, so they
cannot drift apart. The reverse look-up answers "which national offences fall under 0801 00?".

Tables are explicit objects (no registry in a module global): build a :class:`NationalTables`
and pass it where it is needed.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from importlib import resources
from typing import TYPE_CHECKING, Any, Literal

import attrs

from ecrislib.errors import CodeLookupError, EcrisError, UnknownCodeError, UnknownCodeTableError
from ecrislib.facts import TECHNICAL_ID_PATTERNS

if TYPE_CHECKING:
    from ecrislib.model import Offence, Sanction

    from .registry import CodeTables

__all__ = [
    "Kind",
    "NationalEntry",
    "NationalTable",
    "NationalTables",
    "NationalTableError",
    "example_table",
    "common_category_id",
    "EXAMPLE_TABLE",
]

Kind = Literal["offence", "sanction"]

#: The example table shipped with ecrislib (fictional; NOT an official national table).
EXAMPLE_TABLE = "ro-offences-example.csv"

_OFFENCE_ID = TECHNICAL_ID_PATTERNS["OffenceCategories"]
_SANCTION_ID = TECHNICAL_ID_PATTERNS["SanctionCategories"]
_OFFENCE_CODE = re.compile(r"([0-9]{4})\s*([0-9]{2})")
_SANCTION_CODE = re.compile(r"[0-9]{4,5}")
_TABLE_OF_KIND = {"offence": "OffenceCategories", "sanction": "SanctionCategories"}


class NationalTableError(EcrisError, ValueError):
    """A national table that cannot be read, or whose mapping does not fit the code tables."""


def common_category_id(kind: Kind, value: str) -> str:
    """The technical identifier of a common category given by identifier or by legal code.

    ``"0801 00"`` -> ``O-00-080100`` (offences); ``"8002"`` -> ``S-00-008002`` (sanctions). Table
    version ``00``, the only one in use.
    """
    text = value.strip()
    if kind == "offence":
        if _OFFENCE_ID.fullmatch(text):
            return text
        match = _OFFENCE_CODE.fullmatch(text)
        if match:
            return f"O-00-{match.group(1)}{match.group(2)}"
    elif kind == "sanction":
        if _SANCTION_ID.fullmatch(text):
            return text
        if _SANCTION_CODE.fullmatch(text):
            return f"S-00-{int(text):06d}"
    else:
        raise ValueError("kind must be 'offence' or 'sanction'")
    raise NationalTableError(f"{value!r} is not a common {kind} category (identifier or legal code)")


@attrs.frozen(kw_only=True)
class NationalEntry:
    """One national offence or penalty: its code, title (and language) and common category.

    ``legal_provisions`` (offences) and ``nature`` (sanctions, a ``N-00-…`` identifier) are
    defaults used when the caller does not give them.
    """

    country: str
    kind: Kind
    code: str
    title: str
    language: str
    common_category: str
    legal_provisions: str | None = None
    nature: str | None = None
    note: str = ""


def _read_rows(text: str) -> list[dict[str, str]]:
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    return [{(k or "").strip(): (v or "").strip() for k, v in row.items()} for row in reader]


def _entry_dict(entries: Mapping[str, NationalEntry]) -> dict[str, NationalEntry]:
    return dict(entries)


@attrs.frozen
class NationalTable:
    """One member state's table of one kind (offences or penalties), keyed by national code.

    ``source`` says where it was read from and ``example`` marks the example shipped with
    ecrislib, which is fictional and must not be used for real records.
    """

    country: str
    kind: Kind
    entries: Mapping[str, NationalEntry] = attrs.field(converter=_entry_dict)
    source: str = "<mapping>"
    example: bool = False

    @classmethod
    def from_rows(
        cls,
        rows: Iterable[Mapping[str, str]],
        *,
        country: str,
        kind: Kind,
        language: str | None = None,
        source: str = "<rows>",
        example: bool = False,
    ) -> NationalTable:
        """Rows with ``national_code``, ``title``, ``common_category`` (identifier or legal
        code) and optionally ``language``, ``legal_provisions``, ``nature``, ``note``."""
        if kind not in _TABLE_OF_KIND:
            raise ValueError("kind must be 'offence' or 'sanction'")
        entries: dict[str, NationalEntry] = {}
        for number, row in enumerate(rows, 1):
            code = (row.get("national_code") or "").strip()
            title = (row.get("title") or "").strip()
            lang = (row.get("language") or language or "").strip().lower()
            category = (row.get("common_category") or "").strip()
            if not (code and title and lang and category):
                raise NationalTableError(f"{source}, row {number}: national_code, title, language and common_category are required")
            if code in entries:
                raise NationalTableError(f"{source}, row {number}: national code {code!r} given twice")
            try:
                category_id = common_category_id(kind, category)
            except NationalTableError as error:
                raise NationalTableError(f"{source}, row {number}: {error}") from None
            entries[code] = NationalEntry(
                country=country,
                kind=kind,
                code=code,
                title=title,
                language=lang,
                common_category=category_id,
                legal_provisions=(row.get("legal_provisions") or "").strip() or None,
                nature=(row.get("nature") or "").strip() or None,
                note=(row.get("note") or "").strip(),
            )
        return cls(country, kind, entries, source, example)

    @classmethod
    def from_csv(
        cls,
        source: str | os.PathLike[str],
        *,
        country: str,
        kind: Kind,
        language: str | None = None,
        example: bool = False,
    ) -> NationalTable:
        """Read a CSV file (UTF-8; lines starting with ``#`` are comments). ``source`` is a
        path: a national table is a file the user keeps, unlike CRT documents passed as data."""
        with open(source, encoding="utf-8", newline="") as handle:
            rows = _read_rows(handle.read())
        return cls.from_rows(rows, country=country, kind=kind, language=language, source=os.fspath(source), example=example)

    @classmethod
    def from_mapping(
        cls,
        mapping: Mapping[str, tuple[str, str] | Mapping[str, str]],
        *,
        country: str,
        kind: Kind,
        language: str,
        source: str = "<mapping>",
    ) -> NationalTable:
        """From Python: ``{"national code": ("title", "common category"), ...}`` or
        ``{"national code": {"title": ..., "common_category": ..., ...}}``."""
        rows = []
        for code, value in mapping.items():
            if isinstance(value, tuple):
                title, category = value
                row: dict[str, str] = {"title": title, "common_category": category}
            else:
                row = dict(value)
            rows.append({"national_code": code, **row})
        return cls.from_rows(rows, country=country, kind=kind, language=language, source=source)

    def __iter__(self) -> Iterator[NationalEntry]:
        return iter(self.entries.values())

    def __len__(self) -> int:
        return len(self.entries)


def example_table() -> NationalTable:
    """The EXAMPLE table shipped with ecrislib: a few fictional-but-plausible Romanian offences.

    It is not an official national table; use it to try the API, never for real records.
    """
    resource = resources.files("ecrislib.codes").joinpath("data").joinpath("national").joinpath(EXAMPLE_TABLE)
    rows = _read_rows(resource.read_text("utf-8"))
    return NationalTable.from_rows(
        rows, country="RO", kind="offence", source=f"ecrislib example {EXAMPLE_TABLE} (EXAMPLE, not official)", example=True
    )


class NationalTables:
    """The national tables a program works with; immutable (``with_table`` returns a new one)."""

    __slots__ = ("_tables",)

    def __init__(self, tables: Iterable[NationalTable] = ()) -> None:
        by_key: dict[tuple[str, str], NationalTable] = {}
        for table in tables:
            key = (table.country, table.kind)
            if key in by_key:
                raise NationalTableError(f"two {table.kind} tables for {table.country}")
            by_key[key] = table
        self._tables = by_key

    def with_table(self, table: NationalTable) -> NationalTables:
        """These tables plus ``table`` (replacing one of the same country and kind)."""
        kept = [t for k, t in self._tables.items() if k != (table.country, table.kind)]
        return NationalTables([*kept, table])

    def __iter__(self) -> Iterator[NationalTable]:
        return iter(self._tables.values())

    def __len__(self) -> int:
        return len(self._tables)

    def __repr__(self) -> str:
        return f"<NationalTables: {', '.join(f'{c} {k} ({len(t)})' for (c, k), t in self._tables.items())}>"

    # -- look-up --------------------------------------------------------------------------

    def table(self, kind: Kind, country: str | None = None) -> NationalTable:
        """The table of ``kind`` for ``country`` (optional when only one country has one)."""
        candidates = [t for (c, k), t in self._tables.items() if k == kind and (country is None or c == country)]
        if not candidates:
            raise UnknownCodeTableError(f"no national {kind} table" + (f" for {country}" if country else ""))
        if len(candidates) > 1:
            raise CodeLookupError(f"several national {kind} tables: say which country")
        return candidates[0]

    def entry(self, kind: Kind, code: str, country: str | None = None) -> NationalEntry:
        """The national entry with this code; :class:`~ecrislib.errors.UnknownCodeError` (a
        ``LookupError``) when there is none."""
        table = self.table(kind, country)
        try:
            return table.entries[code]
        except KeyError:
            raise UnknownCodeError(f"{code!r} is not in the national {kind} table of {table.country}") from None

    def entries_for(self, category: str, *, kind: Kind | None = None) -> list[NationalEntry]:
        """Reverse look-up: the national entries mapped to a common category (identifier or
        legal code, e.g. ``"O-00-080100"`` or ``"0801 00"``), from every registered table."""
        found: list[NationalEntry] = []
        for table in self._tables.values():
            if kind is not None and table.kind != kind:
                continue
            try:
                wanted = common_category_id(table.kind, category)
            except NationalTableError:
                continue
            found.extend(entry for entry in table if entry.common_category == wanted)
        return found

    def check(self, codes: CodeTables) -> list[str]:
        """Problems with the mappings: a common category not in ``codes``. Empty when all is well."""
        problems = []
        for table in self._tables.values():
            common = codes[_TABLE_OF_KIND[table.kind]]
            for entry in table:
                if common.get(entry.common_category) is None:
                    problems.append(
                        f"{table.source}: {entry.country} {entry.kind} {entry.code!r} maps to "
                        f"{entry.common_category}, which is not in {common.name}"
                    )
        return problems

    def validate(self, codes: CodeTables) -> None:
        """Raise :class:`NationalTableError` listing every category missing from ``codes``."""
        problems = self.check(codes)
        if problems:
            raise NationalTableError("; ".join(problems))

    # -- building model objects -------------------------------------------------------------

    def offence(self, code: str, *, country: str | None = None, **fields: Any) -> Offence:
        """An :class:`~ecrislib.model.Offence` for a national offence code.

        National code, title (in the table's language) and common category come from the table;
        pass ``id`` (``"O-00001"`` or an ``OffenceId``) and anything else as keyword arguments.
        ``legal_provisions`` defaults to the table's, the Yes/No/UNKNOWN flags to ``UNKNOWN``.
        """
        from ecrislib.ids import OffenceId
        from ecrislib.model import MultilingualText, Offence, OffenceCategoryRef, YesNoUnknown

        entry = self.entry("offence", code, country)
        values: dict[str, Any] = {
            "national_code": entry.code,
            "national_title": MultilingualText.of(entry.title, entry.language),
            "common_category": OffenceCategoryRef(entry.common_category),
            "is_continuous": YesNoUnknown.UNKNOWN,
            "responsibility_exemption": YesNoUnknown.UNKNOWN,
            "recidivism": YesNoUnknown.UNKNOWN,
        }
        if entry.legal_provisions:
            values["legal_provisions"] = entry.legal_provisions
        values.update(fields)
        if isinstance(values.get("id"), str):
            values["id"] = OffenceId.parse(values["id"])
        if "legal_provisions" not in values:
            raise TypeError(f"national offence {code!r} has no legal provisions in its table: pass legal_provisions=")
        return Offence(**values)

    def sanction(self, code: str, *, country: str | None = None, **fields: Any) -> Sanction:
        """A :class:`~ecrislib.model.Sanction` for a national penalty code.

        National code, title and common category come from the table; ``nature`` defaults to the
        table's, else ``N-00-Z`` (unknown, the schema default); ``specific_to_minor`` to
        ``UNKNOWN``. Pass ``id`` (``"S-00001"``) and the periods, fines... as keyword arguments.
        """
        from ecrislib.ids import SanctionId
        from ecrislib.model import MultilingualText, Sanction, SanctionCategoryRef, SanctionNatureRef, YesNoUnknown

        entry = self.entry("sanction", code, country)
        values: dict[str, Any] = {
            "national_code": entry.code,
            "national_title": MultilingualText.of(entry.title, entry.language),
            "common_category": SanctionCategoryRef(entry.common_category),
            "nature": SanctionNatureRef(entry.nature or "N-00-Z"),
            "specific_to_minor": YesNoUnknown.UNKNOWN,
        }
        values.update(fields)
        if isinstance(values.get("id"), str):
            values["id"] = SanctionId.parse(values["id"])
        if isinstance(values.get("nature"), str):
            values["nature"] = SanctionNatureRef(values["nature"])
        return Sanction(**values)
