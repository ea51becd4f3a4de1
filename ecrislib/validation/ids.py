"""Document-wide xsd:ID uniqueness and xsd:IDREF targets: what libxml2 does not check.

libxml2 validates the *form* of ID and IDREF values but neither that an ID is unique in the
document nor that an IDREF names an existing ID; a Xerces-class validator (xmlschema) does.
This module closes that gap for the ECRIS schema, whose ID and IDREF elements are listed below
(derived from the XSDs; ``tests/validation/test_ids.py`` checks the lists against xmlschema).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Final

from .findings import Finding

__all__ = ["ID_ELEMENTS", "IDREF_ELEMENTS", "check_ids"]

#: Local names of elements whose type derives from xsd:ID, in the order they are checked: a
#: fixed order (metadata first, then as a message holds them), so that of two elements sharing
#: a value the same one is the repeat in every process (a set's order follows the hash seed).
ID_ELEMENTS: Final = (
    "MessageMetaDataMessageID",
    "MessageMetaDataResponseTo",
    "ConvictionID",
    "DecisionID",
    "OffenceID",
    "SanctionID",
    "BinaryAttachmentID",
    "FunctionalErrorCode",
    "MessageDataBinaryIDRequested",
)

#: xsd:IDREF elements: local name -> local names of the parents where it is an IDREF
#: (``ECRISConvictionReference`` is a plain string inside ``OtherAffectedConviction``).
IDREF_ELEMENTS: Final[Mapping[str, frozenset[str]]] = {
    "Decision": frozenset({"ConvictionRelationship"}),
    "Offence": frozenset({"ConvictionRelationship"}),
    "Sanction": frozenset({"ConvictionRelationship"}),
    "SourceSanction": frozenset({"ConvictionRelationship"}),
    "DestinationSanction": frozenset({"ConvictionRelationship"}),
    "SourceConviction": frozenset({"MessageDataOtherAffectedConviction", "ConvictionRelationship"}),
    "ECRISConvictionReference": frozenset({"MessageDataUpdatedConvictionReference"}),
}


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _token(element: Any) -> str:
    """The value as xsd:ID sees it (whiteSpace collapse: surrounding blanks do not count)."""
    return (element.text or "").strip()


def check_ids(by_name: Mapping[str, Sequence[Any]]) -> Iterator[Finding]:
    """``ID-DUPLICATE`` for every repeat of an ID value, ``ID-DANGLING`` for every IDREF without
    a target. ``by_name`` maps local names to the document's elements (built once per run)."""
    seen: dict[str, Any] = {}
    for name in ID_ELEMENTS:
        for element in by_name.get(name, ()):
            value = _token(element)
            if not value:
                continue  # the schema reports the empty value
            first = seen.get(value)
            if first is None:
                seen[value] = element
                continue
            yield Finding(
                "ID-DUPLICATE",
                element,
                f"{_local(element.tag)} repeats an identifier already used by {_local(first.tag)}"
                + (f" on line {first.sourceline}" if first.sourceline else "")
                + "; xsd:ID values must be unique in the whole message",
                value=value,
            )
    if by_name.keys().isdisjoint(IDREF_ELEMENTS):
        return  # most messages (all small ones) have no reference: no loop over the names
    for name, parents in IDREF_ELEMENTS.items():
        for element in by_name.get(name, ()):
            parent = element.getparent()
            if parent is None or _local(parent.tag) not in parents:
                continue
            value = _token(element)
            if value and value not in seen:
                yield Finding(
                    "ID-DANGLING",
                    element,
                    f"{name} refers to an identifier that no element of this message carries",
                    value=value,
                )
