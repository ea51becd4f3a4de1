"""Reply by purpose: the RRS a requested state's law requires, composed from its register.

:func:`decide` works out the answer and says why; :func:`reply` builds the message. The steps,
from FD 2009/315 Art. 7 and the DTS schema (``docs/compose.md`` says where the spec is silent):

1. A request for a purpose other than criminal proceedings, to a state whose policy does not
   answer such requests, is denied (``RRT-00-01``).
2. The requested person is identified in the register. Nobody: a reply without convictions
   (``RRT-00-00``). Several entries equally likely: a request problem, "several persons found"
   (``RRT-00-05``), so that the requester can send more identity data.
3. The entry's convictions whose retention end date has not passed are candidates, oldest first.
   For criminal proceedings all of them are sent. For any other purpose, a conviction from
   another member state that may not be retransmitted is left out and its convicting state is
   named in ``OtherMemberState``, so the requester can ask it directly. "May not be
   retransmitted" is ``ConvictionIsTransmittable=No``, or a convicting state that always
   restricts (ES, PT), or an ``UNKNOWN`` flag from a state not known to leave its convictions
   free.
4. A conviction flagged ``ConvictionNonCriminalRuling=Yes`` is sent only when the policy says so
   (the spec makes it voluntary).
5. With convictions left the answer is "convictions"; otherwise "no convictions"; both are
   ``RRT-00-00``.
"""

from __future__ import annotations

import datetime as _dt
import enum

import attrs

from ..clock import Clock, FixedClock
from ..errors import ModelError
from ..ids import IdSource
from ..model.common import YesNoUnknown
from ..model.conviction import Conviction
from ..model.messages import ContactPerson, RequestMessage, RequestResponseMessage
from ..model.person import Person
from ..register.base import NationalRegister
from ..register.identify import Choice, Hit, best_hit
from .messages import response
from .policy import ReplyPolicy, Retransmission

__all__ = ["ReplyOutcome", "ReplyDecision", "decide", "reply", "RESPONSE_TYPE"]


class ReplyOutcome(str, enum.Enum):
    """The four business outcomes one RRS message type covers."""

    CONVICTIONS = "convictions"
    NO_CONVICTIONS = "no-convictions"
    DENIAL = "denial"
    PROBLEM = "problem"


#: The RRT code of each outcome (the problem is "several persons found").
RESPONSE_TYPE: dict[ReplyOutcome, str] = {
    ReplyOutcome.CONVICTIONS: "RRT-00-00",
    ReplyOutcome.NO_CONVICTIONS: "RRT-00-00",
    ReplyOutcome.DENIAL: "RRT-00-01",
    ReplyOutcome.PROBLEM: "RRT-00-05",
}


@attrs.frozen
class ReplyDecision:
    """What the reply will say, and why: the identification hits, the convictions sent, the
    ones withheld and the states named instead."""

    outcome: ReplyOutcome
    person: Person = attrs.field(repr=False)
    convictions: tuple[Conviction, ...] = attrs.field(default=(), repr=False)
    other_member_states: tuple[str, ...] = ()
    withheld: tuple[Conviction, ...] = attrs.field(default=(), repr=False)
    hits: tuple[Hit, ...] = ()
    entry: int | None = None

    @property
    def response_type(self) -> str:
        return RESPONSE_TYPE[self.outcome]


def _restricted(conviction: Conviction, policy: ReplyPolicy) -> bool:
    """Whether the conviction may not be retransmitted for a purpose other than criminal
    proceedings: its state always restricts, or its flag says so; an ``UNKNOWN`` flag counts
    as a restriction unless the state is known not to restrict (a central authority does not
    risk an unlawful retransmission; the requester can still ask the convicting state)."""
    practice = policy.retransmission_of(conviction.id.country)
    if practice is Retransmission.CRIMINAL_PURPOSES_ONLY:
        return True
    flag = conviction.is_transmittable
    if flag is YesNoUnknown.UNKNOWN:
        return practice is not Retransmission.NOT_RESTRICTED
    return flag is YesNoUnknown.NO


def decide(request: RequestMessage, register: NationalRegister, policy: ReplyPolicy, *, today: _dt.date) -> ReplyDecision:
    """The reply the requested state owes ``request``, from ``register``, on ``today``."""
    me = policy.member_state
    if request.receiver != me:
        raise ModelError("policy.member_state", "the policy is not the requested state's")
    criminal = policy.is_criminal(request.purpose_category.id)
    if not criminal and not policy.own.answers_other_purposes:
        return ReplyDecision(ReplyOutcome.DENIAL, request.person)
    hits = register.identify(request.person)
    choice, hit = best_hit(hits)
    if choice is Choice.SEVERAL:
        return ReplyDecision(ReplyOutcome.PROBLEM, request.person, hits=hits)
    if hit is None:
        return ReplyDecision(ReplyOutcome.NO_CONVICTIONS, request.person, hits=hits)
    sent: list[Conviction] = []
    withheld: list[Conviction] = []
    others: list[str] = []
    for conviction in register.convictions(hit.entry, on=today):
        if conviction.non_criminal_ruling is YesNoUnknown.YES and not policy.send_non_criminal_rulings:
            withheld.append(conviction)
            continue
        country = conviction.id.country
        if not criminal and country != me and _restricted(conviction, policy):
            withheld.append(conviction)
            if country not in others:
                others.append(country)
            continue
        sent.append(conviction)
    outcome = ReplyOutcome.CONVICTIONS if sent else ReplyOutcome.NO_CONVICTIONS
    return ReplyDecision(
        outcome,
        register.person(hit.entry),
        tuple(sent),
        tuple(sorted(others)),
        tuple(withheld),
        hits,
        hit.entry,
    )


def reply(
    request: RequestMessage,
    register: NationalRegister,
    policy: ReplyPolicy,
    *,
    ids: IdSource,
    clock: Clock,
    contact_person: ContactPerson | None = None,
    push: bool = False,
) -> RequestResponseMessage:
    """The RRS answering ``request``, as :func:`decide` works it out on the clock's day;
    ``push`` for a requester whose endpoint is PUSH."""
    now = clock.now()
    decision = decide(request, register, policy, today=now.date())
    return response(
        request,
        person=decision.person,
        convictions=decision.convictions,
        response_type=decision.response_type,
        other_member_states=decision.other_member_states,
        contact_person=contact_person,
        ids=ids,
        clock=FixedClock(now),
        push=push,
    )

