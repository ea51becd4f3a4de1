"""The code tables ecrislib ships: our reference data (CSV) plus ISO data (pycountry).

Built on first use of :func:`bundled` and cached, so importing ecrislib reads no file. Every
entry keeps the provenance given in ``data/README.md``: most offence and penalty labels are
recalled, not verified, and an official Common Reference Table should be laid over these tables
whenever one is available (:meth:`CodeTables.overlay`).
"""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Iterator
from importlib import resources
from typing import Final

from .entry import Attributes, Entry
from .provenance import Evidence, Provenance
from .member_states import MEMBER_STATES, central_authority_id, member_state_name
from .registry import CodeTables
from .table import Table

__all__ = ["DATA_FILES", "build_bundled", "bundled", "read_data_file"]

#: The bundled CSV files and the legal or practical source each one describes.
DATA_FILES: Final[dict[str, str]] = {
    "offence-categories.csv": "Council Decision 2009/316/JHA, Annex A",
    "offence-parameters.csv": "Council Decision 2009/316/JHA, Annex A parameters",
    "sanction-categories.csv": "Council Decision 2009/316/JHA, Annex B",
    "other-tables.csv": "values of other CRT tables seen in real use",
}

# The Annex A letter Ø is written as the digit 0 in the CRT and on the wire.
_ANNEX_LETTER_NONE: Final = "Ø"

_PARAMETER_TABLES: Final[dict[str, str]] = {
    "level_of_completion": "OffenceLevelsOfCompletion",
    "level_of_participation": "OffenceLevelsOfParticipation",
}


def read_data_file(name: str) -> Iterator[dict[str, str]]:
    """Rows of one bundled CSV file (from the installed package, never the working directory)."""
    if name not in DATA_FILES:
        raise KeyError(f"no bundled data file {name!r}")
    resource = resources.files("ecrislib.codes").joinpath("data").joinpath(name)
    with resource.open("rb") as raw, io.TextIOWrapper(raw, encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _provenance(file: str, row: dict[str, str]) -> Provenance:
    return Provenance(
        source=f"ecrislib bundled data {file} ({DATA_FILES[file]})",
        evidence=Evidence(row["evidence"].strip()),
        note=(row.get("note") or "").strip(),
    )


def _category_entries(file: str, table: str) -> list[Entry]:
    """Annex A or Annex B categories; the CSV gives parents by legal code."""
    rows = list(read_data_file(file))
    id_of_code = {row["code"]: row["technical_identifier"] for row in rows}
    return [
        Entry(
            table=table,
            technical_id=row["technical_identifier"],
            code=row["code"],
            labels={"en": row["label_en"]} if row["label_en"] else {},
            open_category=row["open_category"].strip().lower() == "true",
            parent=id_of_code[row["parent_code"]] if row["parent_code"] else None,
            provenance=_provenance(file, row),
        )
        for row in rows
    ]


def _parameter_entries() -> dict[str, list[Entry]]:
    """Levels of completion and participation (the parameters with a technical identifier)."""
    file = "offence-parameters.csv"
    out: dict[str, list[Entry]] = {name: [] for name in _PARAMETER_TABLES.values()}
    for row in read_data_file(file):
        table = _PARAMETER_TABLES.get(row["group"])
        if table is None or not row["technical_identifier"]:
            # Exemption (S) and recidivism (R) travel as Yes/No elements, not as table entries.
            continue
        labels = {lang: row[f"label_{lang}"] for lang in ("en", "el") if row.get(f"label_{lang}")}
        out[table].append(
            Entry(
                table=table,
                technical_id=row["technical_identifier"],
                code=row["letter"].replace(_ANNEX_LETTER_NONE, "0"),
                labels=labels,
                provenance=_provenance(file, row),
            )
        )
    return out


def _other_entries() -> dict[str, list[Entry]]:
    file = "other-tables.csv"
    out: dict[str, list[Entry]] = {}
    for row in read_data_file(file):
        out.setdefault(row["table"], []).append(
            Entry(
                table=row["table"],
                technical_id=row["technical_identifier"],
                code=row["code"] or None,
                labels={"en": row["label_en"]} if row["label_en"] else {},
                provenance=_provenance(file, row),
            )
        )
    return out


def _with_iso(iso_entries: list[Entry], extra: list[Entry]) -> list[Entry]:
    """ISO entries plus our rows: a row ISO lacks is added (the unknown country); for a row ISO
    has, the ISO entry stays (it has every language) and our evidence is added to its note."""
    by_id = {e.technical_id: e for e in iso_entries}
    added: list[Entry] = []
    for row in extra:
        known = by_id.get(row.technical_id)
        if known is None:
            numeric = row.technical_id.split("-")[2]
            added.append(
                Entry(
                    table=row.table,
                    technical_id=row.technical_id,
                    code=row.code,
                    labels=row.labels,
                    attributes=Attributes(numeric=numeric),
                    provenance=row.provenance,
                )
            )
            continue
        note = f"{known.provenance.note}; also {row.provenance.evidence} in {row.provenance.source}"
        if row.provenance.note:
            note += f": {row.provenance.note}"
        by_id[row.technical_id] = Entry(
            table=known.table,
            technical_id=known.technical_id,
            code=known.code,
            labels=known.labels,
            attributes=known.attributes,
            provenance=Provenance(
                source=known.provenance.source, evidence=known.provenance.evidence, note=note
            ),
        )
    return sorted([*by_id.values(), *added], key=lambda e: e.technical_id)


def _central_authorities() -> list[Entry]:
    provenance = Provenance(
        source="ecrislib, derived from the ECRIS member-state list",
        evidence=Evidence.DERIVED,
        note="not an official CRT entry: one central authority per member state, name made up",
    )
    return [
        Entry(
            table="CentralAuthorities",
            technical_id=central_authority_id(code),
            labels={"en": f"Central authority of {member_state_name(code)}"},
            attributes=Attributes(member_state=code),
            provenance=provenance,
        )
        for code in sorted(MEMBER_STATES)
    ]


def build_bundled() -> CodeTables:
    """Build the bundled tables afresh (reads the CSV files and pycountry's ISO data).

    Most callers want :func:`bundled`, which builds once and caches.
    """
    from . import iso

    other = _other_entries()
    tables: list[Table] = [
        Table("CentralAuthorities", _central_authorities()),
        Table("Languages", iso.languages()),
        Table("Countries", _with_iso(iso.countries(), other.pop("Countries", []))),
        Table("Currencies", _with_iso(iso.currencies(), other.pop("Currencies", []))),
        Table("OffenceCategories", _category_entries("offence-categories.csv", "OffenceCategories")),
        Table("SanctionCategories", _category_entries("sanction-categories.csv", "SanctionCategories")),
    ]
    tables.extend(Table(name, entries) for name, entries in _parameter_entries().items())
    tables.extend(Table(name, entries) for name, entries in other.items())
    return CodeTables(tables)


_lock = threading.Lock()
_cached: CodeTables | None = None


def bundled() -> CodeTables:
    """The bundled tables, built on first call (thread-safe) and shared afterwards.

    The object is immutable, so sharing it is safe; derive new registries from it with
    :meth:`CodeTables.overlay` or :meth:`CodeTables.valid_on`.
    """
    global _cached
    tables = _cached
    if tables is None:
        with _lock:
            if _cached is None:
                _cached = build_bundled()
            tables = _cached
    return tables
