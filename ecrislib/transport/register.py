"""A national criminal register, as a simulated central authority keeps it.

People with their convictions, filed from notifications (an update keeps the conviction ID and
replaces the stored conviction; a decision with DecisionDeleteConvictionFromRegister=Yes
removes it) or loaded from fixtures and factories. Identification is by name and birth date,
then, when several people match, by birth town and identity number, as a bureau would after
asking for more identity data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

import attrs

if TYPE_CHECKING:
    from ..ids import ConvictionId, MessageId
    from ..model.conviction import Conviction
    from ..model.person import Person

__all__ = ["Record", "Register"]


def _key(person: Person) -> tuple[str, str, str]:
    return (
        person.name.forename.value.casefold(),
        person.name.surname.value.casefold(),
        str(person.birth_date),
    )


@attrs.define(eq=False)
class Record:
    """One person of the register and their convictions by conviction ID."""

    person: Person = attrs.field(repr=False)
    convictions: dict[ConvictionId, Conviction] = attrs.field(factory=dict, repr=False)
    #: which notification filed each conviction (a cancellation of it undoes the filing)
    filed_by: dict[MessageId, ConvictionId] = attrs.field(factory=dict, repr=False)


class Register:
    """People and convictions of one member state."""

    def __init__(self) -> None:
        self.records: list[Record] = []

    def add(self, person: Person, convictions: Iterable[Conviction] = ()) -> Record:
        record = Record(person, {c.id: c for c in convictions})
        self.records.append(record)
        return record

    def __len__(self) -> int:
        return len(self.records)

    def find(self, person: Person) -> list[Record]:
        """The records that match ``person``: same name and birth date, narrowed by birth town
        and identity number when those are given and several records match."""
        matches = [r for r in self.records if _key(r.person) == _key(person)]
        if len(matches) > 1 and person.identity_number:
            narrowed = [r for r in matches if r.person.identity_number == person.identity_number]
            matches = narrowed or matches
        if len(matches) > 1:
            town = str(person.birth_place.town_name).casefold()
            narrowed = [r for r in matches if str(r.person.birth_place.town_name).casefold() == town]
            matches = narrowed or matches
        return matches

    def conviction(self, conviction_id: ConvictionId) -> Conviction | None:
        for record in self.records:
            if conviction_id in record.convictions:
                return record.convictions[conviction_id]
        return None

    def file(self, person: Person, conviction: Conviction, by: MessageId | None = None) -> Record:
        """Store ``conviction`` (replacing an earlier version with the same ID)."""
        self.remove(conviction.id)
        matches = [r for r in self.records if _key(r.person) == _key(person)]
        record = matches[0] if len(matches) == 1 else self.add(person)
        record.convictions[conviction.id] = conviction
        if by is not None:
            record.filed_by[by] = conviction.id
        return record

    def remove(self, conviction_id: ConvictionId) -> bool:
        removed = False
        for record in self.records:
            removed |= record.convictions.pop(conviction_id, None) is not None
        return removed

    def unfile(self, notification_id: MessageId) -> bool:
        """Undo what the notification ``notification_id`` filed (it was cancelled)."""
        for record in self.records:
            conviction_id = record.filed_by.pop(notification_id, None)
            if conviction_id is not None:
                return record.convictions.pop(conviction_id, None) is not None
        return False
