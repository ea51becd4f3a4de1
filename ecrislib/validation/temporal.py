"""Padded date and time values: valid by the specification, refused by libxml2.

XSD 1.0 fixes the whitespace facet of every date, time and duration type to ``collapse``, so
``<dm:DecisionDate> 2015-09-15 </dm:DecisionDate>`` is valid (xmlschema agrees); libxml2
checks such values without collapsing them first and refuses them. Our schema layer follows
the specification: when libxml2 refuses a document that has padded temporal values, the
document is validated again as a copy with those values collapsed, and that verdict stands.
Documents without padding (all usual ones) never pay for this.
"""

from __future__ import annotations

import copy
from typing import Any, Final

__all__ = ["TEMPORAL_ELEMENTS", "validate_collapsed"]

#: Local names of the elements whose type is an XSD date, time or duration type (messages and
#: the Common Reference Table). A test checks this list against the XSDs.
TEMPORAL_ELEMENTS: Final = frozenset(
    {
        "DateYear", "DateMonth", "DateDay", "MessageMetaDataTimestamp", "MessageDataDeadline",
        "ConvictionDecisionDate", "ConvictionDecisionFinalDate", "ConvictionRetentionPeriodEndDate",
        "DecisionDate", "DecisionFinalDate", "PeriodStartDate", "PeriodEndDate", "PeriodDuration",
        "SanctionDurationSuspendedPart", "SanctionProbationDuration", "ValidFrom", "ValidTo",
    }
)
_TAGS: Final = tuple(f"{{*}}{name}" for name in sorted(TEMPORAL_ELEMENTS))
_SPACE: Final = " \t\n\r"


def validate_collapsed(root: Any, schema: Any) -> tuple[Any, Any] | None:
    """After ``schema`` refused ``root``: ``(tree, error_log)`` of a copy with padded temporal
    values collapsed and validated again, or ``None`` when there is nothing to collapse."""
    if not any(e.text and e.text.strip(_SPACE) != e.text and len(e) == 0 for e in root.iter(*_TAGS)):
        return None
    collapsed = copy.deepcopy(root)
    for element in collapsed.iter(*_TAGS):
        if element.text and len(element) == 0:
            element.text = element.text.strip(_SPACE)
    schema.validate(collapsed)
    return collapsed, schema.error_log
