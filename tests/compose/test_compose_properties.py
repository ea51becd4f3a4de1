"""Properties of the builders and of reply by purpose over generated content: answers obey the
correlation table, and every reply composed from a register is a valid message that sends or
withholds each retained conviction exactly once."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

import ecrislib
from ecrislib import compose
from ecrislib.clock import FixedClock
from ecrislib.compose import bundled_policy
from ecrislib.errors import ModelError
from ecrislib.ids import ANSWERS, MessageType, SequentialIds
from ecrislib.model import common as cm
from ecrislib.model.numbering import has_unique_entity_ids
from ecrislib.register import MemoryRegister
from ecrislib.testing import factories, strategies

TODAY = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)
# Generated messages are large: a fraction of the profile's examples (many with ECRISLIB_SLOW=1).
EXAMPLES = settings(max_examples=max(1, settings().max_examples * 2 // 5))


def _answer(kind, message, ids, clock):
    if kind is MessageType.RDL:
        return compose.deadline(message, dt.date(2026, 3, 16), ids=ids, clock=clock)
    if kind is MessageType.RRS:
        return compose.response(message, person=factories.person(), convictions=(), response_type="RRT-00-00", ids=ids, clock=clock)
    if kind is MessageType.NRS:
        return compose.notification_response(message, response_type="NRT-00-00", ids=ids, clock=clock)
    if kind is MessageType.RAI:
        return compose.additional_info_request(message, requested=["BirthPlace"], ids=ids, clock=clock)
    if kind is MessageType.RAR:
        return compose.additional_info_response(message, response_type="ART-00-00", ids=ids, clock=clock)
    if kind is MessageType.FEM:
        return compose.functional_error(message, ["FE-00001"], ids=ids, clock=clock)
    return compose.cancellation(message, ids=ids, clock=clock)


@EXAMPLES
@given(strategies.messages(), st.sampled_from(sorted(ANSWERS, key=str)))
def test_answers_follow_the_correlation_table(message, kind):
    ids, clock = SequentialIds(), FixedClock(TODAY)
    if message.message_id.type not in ANSWERS[kind]:
        with pytest.raises(ModelError):
            _answer(kind, message, ids, clock)
        return
    answer = _answer(kind, message, ids, clock)
    assert answer.metadata.response_to == message.message_id
    assert answer.message_id.type is kind
    if kind is MessageType.CAN:
        assert (answer.sender, answer.receiver) == (message.sender, message.receiver)
    else:
        assert (answer.sender, answer.receiver) == (message.receiver, message.sender)


@EXAMPLES
@given(st.lists(strategies.convictions(), min_size=0, max_size=4, unique_by=lambda c: c.id), st.sampled_from(["P-00-001001", "P-00-002001"]))
def test_every_reply_is_valid_and_accounts_for_each_conviction(convictions, purpose):
    register = MemoryRegister()
    person = factories.person()
    entry = register.add_person(person)
    for conviction in convictions:
        register.record(entry, conviction)
    request = factories.request(sender="FR", receiver="RO", person=person, purpose_category=purpose)
    policy = bundled_policy("RO")
    decision = compose.decide(request, register, policy, today=TODAY.date())
    answer = compose.reply(request, register, policy, ids=SequentialIds(), clock=FixedClock(TODAY))
    report = ecrislib.validate(answer)
    assert report.errors == ()
    assert has_unique_entity_ids(answer.convictions)
    retained = {c.id for c in convictions if c.retention_period_end_date is None or c.retention_period_end_date >= TODAY.date()}
    sent = [c.id for c in answer.convictions]
    withheld = [c.id for c in decision.withheld]
    assert sorted(sent + withheld) == sorted(retained)
    named = {c.id.country for c in decision.withheld if c.id.country != "RO" and c.non_criminal_ruling is not cm.YesNoUnknown.YES}
    assert set(answer.other_member_states) == named
    if purpose == "P-00-001001":
        assert answer.other_member_states == ()
