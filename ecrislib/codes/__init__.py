"""ECRIS code tables: offences, penalties, countries, languages... with labels in every language.

ECRIS messages carry codes (technical identifiers such as ``O-00-080100``) that every country
reads in its own language through common reference tables. This package holds those tables::

    from ecrislib.codes import bundled
    tables = bundled()                      # built on first use, then cached
    tables.label("O-00-080100", "de")       # falls back to English, and says so
    tables["SanctionCategories"].get("8002")

Importing this package loads nothing: names are resolved on first access, and the bundled
tables (CSV files, pycountry) are read on the first call of :func:`bundled`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .bundle import build_bundled, bundled
    from .crt import dump_crt, load_crt, read_crt
    from .entry import DEFAULT_VALID_FROM, DEFAULT_VALID_TO, Attributes, Entry
    from .labels import Label, Labels, fold
    from .member_states import (
        EU_MEMBER_STATES,
        EU_OFFICIAL_LANGUAGES,
        MEMBER_STATES,
        UNKNOWN_COUNTRY,
        UNKNOWN_MEMBER_STATE,
        country_member_state,
        is_member_state,
        member_state_country,
    )
    from .provenance import Evidence, Provenance
    from .national import NationalEntry, NationalTable, NationalTableError, NationalTables, example_table
    from .registry import CodeTables
    from .sections import SECTION_NAMES, Section
    from .table import Table

_EXPORTS: dict[str, str] = {
    "bundled": ".bundle",
    "build_bundled": ".bundle",
    "load_crt": ".crt",
    "dump_crt": ".crt",
    "read_crt": ".crt",
    "DEFAULT_VALID_FROM": ".entry",
    "DEFAULT_VALID_TO": ".entry",
    "Attributes": ".entry",
    "Entry": ".entry",
    "Label": ".labels",
    "Labels": ".labels",
    "fold": ".labels",
    "EU_MEMBER_STATES": ".member_states",
    "EU_OFFICIAL_LANGUAGES": ".member_states",
    "MEMBER_STATES": ".member_states",
    "UNKNOWN_COUNTRY": ".member_states",
    "UNKNOWN_MEMBER_STATE": ".member_states",
    "country_member_state": ".member_states",
    "is_member_state": ".member_states",
    "member_state_country": ".member_states",
    "CodeTables": ".registry",
    "Evidence": ".provenance",
    "Provenance": ".provenance",
    "NationalEntry": ".national",
    "NationalTable": ".national",
    "NationalTableError": ".national",
    "NationalTables": ".national",
    "example_table": ".national",
    "SECTION_NAMES": ".sections",
    "Section": ".sections",
    "Table": ".table",
}

__all__ = [
    "Attributes",
    "CodeTables",
    "DEFAULT_VALID_FROM",
    "DEFAULT_VALID_TO",
    "EU_MEMBER_STATES",
    "EU_OFFICIAL_LANGUAGES",
    "Entry",
    "Evidence",
    "Label",
    "Labels",
    "MEMBER_STATES",
    "NationalEntry",
    "NationalTable",
    "NationalTableError",
    "NationalTables",
    "Provenance",
    "SECTION_NAMES",
    "Section",
    "Table",
    "UNKNOWN_COUNTRY",
    "UNKNOWN_MEMBER_STATE",
    "build_bundled",
    "bundled",
    "country_member_state",
    "dump_crt",
    "example_table",
    "fold",
    "is_member_state",
    "load_crt",
    "member_state_country",
    "read_crt",
]

__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)
