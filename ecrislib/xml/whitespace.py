"""Padded values that the specification collapses and libxml2 refuses.

XSD 1.0 fixes the whitespace facet of every date, time and duration type, and of ``xs:QName``
(the type of ``xsi:type``), to ``collapse``. So ``<dm:DecisionDate> 2015-09-15 </dm:DecisionDate>``
and ``xsi:type=" dm:PersonType "`` are valid (xmlschema agrees); libxml2 checks such values
without collapsing them first and refuses them. Our schema layer follows the specification:
when libxml2 refuses a document that has such padded values, a copy with them collapsed is
validated again, and that verdict stands (paths and line numbers are the same in the copy).
Documents without padding (all usual ones) never pay for this.
"""

from __future__ import annotations

import copy
from typing import Any, Final

__all__ = ["TEMPORAL_ELEMENTS", "XML_SPACE", "validate_collapsed"]

#: Local names of the elements whose type is an XSD date, time or duration type (messages and
#: the Common Reference Table). A test checks this list against the XSDs.
TEMPORAL_ELEMENTS: Final = frozenset(
    {
        "DateYear", "DateMonth", "DateDay", "MessageMetaDataTimestamp", "MessageDataDeadline",
        "ConvictionDecisionDate", "ConvictionDecisionFinalDate", "ConvictionRetentionPeriodEndDate",
        "DecisionDate", "DecisionFinalDate", "PeriodStartDate", "PeriodEndDate", "PeriodDuration",
        "SanctionDurationSuspendedPart", "SanctionProbationDuration", "ValidFrom", "ValidTo",
    }
)  # fmt: skip
_TAGS: Final = tuple(f"{{*}}{name}" for name in sorted(TEMPORAL_ELEMENTS))
_XSI_TYPE: Final = "{http://www.w3.org/2001/XMLSchema-instance}type"
#: The whitespace of XML: space, tab, line feed, carriage return (not NBSP, not U+3000).
XML_SPACE: Final = " \t\n\r"


def _padded(text: str | None) -> bool:
    return bool(text) and text.strip(XML_SPACE) != text  # type: ignore[union-attr]


def _padded_values(root: Any) -> bool:
    if any(_padded(e.text) and len(e) == 0 for e in root.iter(*_TAGS)):
        return True
    return any(_padded(e.get(_XSI_TYPE)) for e in root.iter() if isinstance(e.tag, str) and e.attrib)


def validate_collapsed(root: Any, schema: Any) -> tuple[Any, Any] | None:
    """After ``schema`` refused ``root``: ``(tree, error_log)`` of a copy with padded temporal
    values and ``xsi:type`` names collapsed and validated again, or ``None`` when there is
    nothing to collapse."""
    if not _padded_values(root):
        return None
    collapsed = copy.deepcopy(root)
    for element in collapsed.iter(*_TAGS):
        if element.text and len(element) == 0:
            element.text = element.text.strip(XML_SPACE)
    for element in collapsed.iter():
        value = element.get(_XSI_TYPE) if isinstance(element.tag, str) else None
        if value is not None:
            element.set(_XSI_TYPE, value.strip(XML_SPACE))
    schema.validate(collapsed)
    return collapsed, schema.error_log
