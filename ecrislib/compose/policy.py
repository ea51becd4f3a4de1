"""What a member state's law lets it send in a reply, kept as data.

Two facts per state matter to a reply (FD 2009/315 Art. 7):

* ``retransmission``: whether the state, as the *convicting* state, restricts the
  retransmission of its convictions to criminal proceedings: ``criminal-purposes-only``
  (always, ES and PT), ``may-restrict`` (case by case, through each conviction's
  ``ConvictionIsTransmittable`` flag: BG, EE, SE), ``not-restricted`` (known never to
  restrict: no public source names such a state, so no bundled row says it) or ``unknown``;
* ``answers_other_purposes``: whether the state, as the *requested* state, answers requests for
  purposes other than criminal proceedings at all (every state is believed to; a state that
  does not denies them).

The bundled table (``data/reply-policies.csv``) names its source on every row and marks rows the
sources leave unsure as ``uncertain``; states without a row get ``unknown`` and are marked
uncertain too. Build your own :class:`ReplyPolicy` when your law says more.

>>> from ecrislib.compose.policy import bundled_policy, Retransmission
>>> policy = bundled_policy("RO")
>>> policy.retransmission_of("ES"), policy.retransmission_of("BG"), policy.retransmission_of("FR")
(<Retransmission.CRIMINAL_PURPOSES_ONLY: 'criminal-purposes-only'>, <Retransmission.MAY_RESTRICT: 'may-restrict'>, <Retransmission.UNKNOWN: 'unknown'>)
>>> policy.is_criminal("P-00-001001"), policy.is_criminal("P-00-002001")
(True, False)
"""

from __future__ import annotations

import csv
import enum
import functools
import io
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType

import attrs

from ..codes.member_states import is_member_state
from ..errors import ModelError

__all__ = ["Retransmission", "StatePolicy", "ReplyPolicy", "bundled_states", "bundled_policy"]


class Retransmission(str, enum.Enum):
    """How a convicting state limits the retransmission of its convictions."""

    CRIMINAL_PURPOSES_ONLY = "criminal-purposes-only"
    MAY_RESTRICT = "may-restrict"
    NOT_RESTRICTED = "not-restricted"
    UNKNOWN = "unknown"


@attrs.frozen
class StatePolicy:
    """One row of the table: a state's reply-relevant law, where it comes from, how sure it is."""

    member_state: str
    retransmission: Retransmission = Retransmission.UNKNOWN
    answers_other_purposes: bool = True
    uncertain: bool = True
    source: str = "no public source found"


def _frozen_map(value: Mapping[str, StatePolicy]) -> Mapping[str, StatePolicy]:
    return MappingProxyType(dict(value))


@attrs.frozen(kw_only=True)
class ReplyPolicy:
    """How the requested state ``member_state`` composes replies.

    ``criminal_purposes``: the purpose-category prefixes that are criminal proceedings (by
    default ``P-00-001``, the CRT's category 001). ``send_non_criminal_rulings``: whether
    convictions flagged ``ConvictionNonCriminalRuling=Yes`` are sent (the spec makes that
    voluntary; off by default). ``states``: the table of every state's :class:`StatePolicy`.
    """

    member_state: str
    states: Mapping[str, StatePolicy] = attrs.field(converter=_frozen_map)
    criminal_purposes: frozenset[str] = frozenset({"P-00-001"})
    send_non_criminal_rulings: bool = False

    def __attrs_post_init__(self) -> None:
        if not is_member_state(self.member_state):
            raise ModelError("member_state", "not an ECRIS member-state code")

    def state(self, code: str) -> StatePolicy:
        return self.states.get(code) or StatePolicy(code)

    @property
    def own(self) -> StatePolicy:
        return self.state(self.member_state)

    def retransmission_of(self, convicting_state: str) -> Retransmission:
        return self.state(convicting_state).retransmission

    def is_criminal(self, purpose_category: str) -> bool:
        return any(purpose_category.startswith(prefix) for prefix in self.criminal_purposes)


def _yes(text: str) -> bool:
    if text not in ("yes", "no"):
        raise ValueError(f"expected yes or no, found {text!r}")
    return text == "yes"


@functools.lru_cache(maxsize=1)
def bundled_states() -> Mapping[str, StatePolicy]:
    """The bundled table, by member state (read once; immutable)."""
    text = resources.files(__package__).joinpath("data/reply-policies.csv").read_text(encoding="utf-8")
    rows = {}
    for row in csv.DictReader(io.StringIO(text)):
        rows[row["member_state"]] = StatePolicy(
            member_state=row["member_state"],
            retransmission=Retransmission(row["retransmission"]),
            answers_other_purposes=_yes(row["answers_other_purposes"]),
            uncertain=_yes(row["uncertain"]),
            source=row["source"],
        )
    return MappingProxyType(rows)


def bundled_policy(member_state: str) -> ReplyPolicy:
    """The reply policy of ``member_state`` from the bundled table."""
    return ReplyPolicy(member_state=member_state, states=bundled_states())
