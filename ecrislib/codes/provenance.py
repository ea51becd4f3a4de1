"""Where a code-table entry comes from, and how far it is verified.

Most of the reference data ecrislib ships is unverified, and a user must be able to see that:
every entry carries a :class:`Provenance`. It is a module of its own, below entries and labels,
so that both can name it without importing each other.
"""

from __future__ import annotations

import enum
from typing import Final

import attrs

__all__ = ["Evidence", "Provenance"]


class Evidence(str, enum.Enum):
    """How far an entry (code and label) is verified; the values of the data's ``evidence`` column."""

    #: Code and English label read in a quotation of the adopted Official Journal text.
    ADOPTED = "adopted"
    #: Code and label read in the Commission proposal COM(2008)332.
    PROPOSAL = "proposal"
    #: Code seen in real ECRIS traffic or national code; label from that system or recollection.
    IN_USE = "in-use"
    #: A default value of the official schemas; its meaning may be assumed.
    SCHEMA_DEFAULT = "schema-default"
    #: Written from recollection of the adopted annex, NOT checked against the Official Journal.
    RECALLED = "recalled"
    #: Taken from ISO 3166 / 4217 / 639 data (through pycountry).
    ISO = "iso"
    #: Read from a Common Reference Table document.
    OFFICIAL_CRT = "official-crt"
    #: Built by ecrislib from other facts (e.g. one central authority per member state).
    DERIVED = "derived"

    def __str__(self) -> str:
        return self.value

    @property
    def description(self) -> str:
        """What this level of evidence means, for display next to an unverified label."""
        return _DESCRIPTIONS[self]


_DESCRIPTIONS: Final[dict[Evidence, str]] = {
    Evidence.ADOPTED: "read in a quotation of the adopted Official Journal text",
    Evidence.PROPOSAL: "read in the Commission proposal COM(2008)332",
    Evidence.IN_USE: "code seen in real ECRIS use; label from a national system or recollection",
    Evidence.SCHEMA_DEFAULT: "a default value of the official schemas; meaning may be assumed",
    Evidence.RECALLED: "written from recollection of the adopted annex; not checked",
    Evidence.ISO: "taken from ISO data (pycountry)",
    Evidence.OFFICIAL_CRT: "read from a Common Reference Table document",
    Evidence.DERIVED: "derived by ecrislib from other facts; not official",
}


_VERIFIED: Final = frozenset({Evidence.ADOPTED, Evidence.ISO, Evidence.OFFICIAL_CRT})


@attrs.frozen(kw_only=True)
class Provenance:
    """Where an entry comes from and how much to trust it.

    ``source`` names the document (a file of the bundled data, a CRT document's path, the ISO
    standard); ``note`` says anything specific to the entry (e.g. "identifier by analogy").
    """

    source: str
    evidence: Evidence = attrs.field(converter=Evidence)
    note: str = ""

    @property
    def verified(self) -> bool:
        """True when code and label were read in an authoritative text (adopted act, ISO, CRT)."""
        return self.evidence in _VERIFIED

    @property
    def official(self) -> bool:
        """True only for entries read from a Common Reference Table document."""
        return self.evidence is Evidence.OFFICIAL_CRT
