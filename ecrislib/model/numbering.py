"""Message-wide numbering of decision, offence and sanction IDs.

``D-``/``O-``/``S-`` IDs are xsd:IDs: unique across the whole message, not per conviction. A
response built from several stored convictions (each numbered from ``D-00001``) must be
renumbered before it is sent; :func:`renumber` does that and rewrites every relationship so
that it still points at the same decision, offence or sanction.
"""

from __future__ import annotations

from typing import Any, Iterable, TypeVar

import attrs

from ..ids import DecisionId, OffenceId, SanctionId
from .conviction import (
    Conviction,
    Decision,
    DecisionToOffences,
    DecisionToSanctions,
    Offence,
    Relationship,
    Sanction,
    SanctionToOffences,
    SanctionToSanctions,
)
from .messages import Message

__all__ = ["renumber", "renumber_convictions", "has_unique_entity_ids"]

M = TypeVar("M", bound=Message)


def renumber_convictions(convictions: Iterable[Conviction], start: int = 1) -> tuple[Conviction, ...]:
    """The convictions with decisions, offences and sanctions numbered ``start``, ``start+1``...
    across all of them (one counter per kind), relationships rewritten to match."""
    counters = {"D": start, "O": start, "S": start}

    def take(kind: str) -> int:
        number = counters[kind]
        counters[kind] = number + 1
        return number

    result = []
    for conviction in convictions:
        decisions = {d.id: DecisionId(take("D")) for d in conviction.decisions}
        offences = {o.id: OffenceId(take("O")) for o in conviction.offences}
        sanctions = {s.id: SanctionId(take("S")) for s in conviction.sanctions}
        result.append(
            attrs.evolve(
                conviction,
                decisions=tuple(attrs.evolve(d, id=decisions[d.id]) for d in conviction.decisions),
                offences=tuple(attrs.evolve(o, id=offences[o.id]) for o in conviction.offences),
                sanctions=tuple(attrs.evolve(s, id=sanctions[s.id]) for s in conviction.sanctions),
                relationships=tuple(
                    _relink(r, decisions, offences, sanctions) for r in conviction.relationships
                ),
            )
        )
    return tuple(result)


def _relink(
    relationship: Relationship,
    decisions: dict[DecisionId, DecisionId],
    offences: dict[OffenceId, OffenceId],
    sanctions: dict[SanctionId, SanctionId],
) -> Relationship:
    # A reference to an ID the conviction does not have is left as it is: the validator
    # reports it; renumbering must not hide it.
    def d(i: DecisionId) -> DecisionId:
        return decisions.get(i, i)

    def o(i: OffenceId) -> OffenceId:
        return offences.get(i, i)

    def s(i: SanctionId) -> SanctionId:
        return sanctions.get(i, i)

    if isinstance(relationship, DecisionToOffences):
        return DecisionToOffences(decision=d(relationship.decision), offences=tuple(map(o, relationship.offences)))
    if isinstance(relationship, DecisionToSanctions):
        return DecisionToSanctions(decision=d(relationship.decision), sanctions=tuple(map(s, relationship.sanctions)))
    if isinstance(relationship, SanctionToOffences):
        return SanctionToOffences(sanction=s(relationship.sanction), offences=tuple(map(o, relationship.offences)))
    if isinstance(relationship, SanctionToSanctions):
        return SanctionToSanctions(
            source=s(relationship.source),
            destinations=tuple(map(s, relationship.destinations)),
            relation_type=relationship.relation_type,
        )
    return relationship  # OtherAffectedConviction: it names convictions, which keep their IDs


def renumber(message: M) -> M:
    """The message with message-wide unique decision, offence and sanction IDs."""
    # Only some message classes carry convictions: the field is found by name, so the change
    # goes through a plain mapping rather than a keyword that M does not declare.
    changes: dict[str, Any] = {}
    if hasattr(message, "convictions"):
        changes["convictions"] = renumber_convictions(message.convictions)
    elif hasattr(message, "conviction"):
        changes["conviction"] = renumber_convictions([message.conviction])[0]
    return attrs.evolve(message, **changes) if changes else message


def has_unique_entity_ids(convictions: Iterable[Conviction]) -> bool:
    """Whether no decision, offence or sanction ID repeats across ``convictions``."""
    seen: set[object] = set()
    for conviction in convictions:
        entities: tuple[Decision | Offence | Sanction, ...] = (
            *conviction.decisions, *conviction.offences, *conviction.sanctions
        )
        for entity in entities:
            if entity.id in seen:
                return False
            seen.add(entity.id)
    return True
