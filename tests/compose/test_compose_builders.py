"""The production builders: parties, correlation rules (ResponseTo, type codes, which type may
answer which), message-wide numbering, and no invented content."""

from __future__ import annotations

import datetime as dt

import pytest

from ecrislib import compose, serialize
from ecrislib.clock import FixedClock
from ecrislib.errors import ModelError
from ecrislib.ids import ConvictionId, DecisionId, MessageId, SequentialIds
from ecrislib.model import common as cm
from ecrislib.model import conviction as cv
from ecrislib.model import messages as ms
from ecrislib.model import references as rf
from ecrislib.testing import factories

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)


def _sources():
    return SequentialIds(), FixedClock(T0, dt.timedelta(minutes=1))


def _request(ids, clock, sender="FR", receiver="RO"):
    return compose.request(
        sender=sender,
        receiver=receiver,
        person=factories.person(),
        purpose_category="P-00-001001",
        purpose=cm.MultilingualText.of("Instruction préparatoire", "fr"),
        requesting_authority=ms.RequestingAuthority(type=rf.RequestingAuthorityTypeRef("RAT-00-C"), name=cm.MultilingualText.of("Tribunal judiciaire de Lyon", "fr")),
        consent=cm.YesNoUnknown.UNKNOWN,
        urgency=cm.YesNoUnknown.NO,
        ids=ids,
        clock=clock,
    )


def test_request_carries_exactly_the_content_given():
    ids, clock = _sources()
    request = _request(ids, clock)
    assert str(request.message_id) == "FR-RO-REQ-000000000000001"
    assert request.metadata.response_to is None
    assert request.metadata.timestamp.text.startswith("2026-03-02T09:00:00")
    assert str(request.requesting_authority.name) == "Tribunal judiciaire de Lyon"
    assert str(request.purpose) == "Instruction préparatoire"
    assert request.case_reference_number is None and request.contact_person is None


@pytest.mark.parametrize("sender, receiver, field", [("XX", "RO", "sender"), ("FR", "EL", "receiver"), ("RO", "RO", "receiver"), ("ZZ", "RO", "sender")])
def test_parties_must_be_two_different_member_states(sender, receiver, field):
    ids, clock = _sources()
    with pytest.raises(ModelError) as raised:
        _request(ids, clock, sender=sender, receiver=receiver)
    assert raised.value.field == field


def test_factories_refuse_fictional_parties_too():
    with pytest.raises(ModelError):
        factories.request(sender="XX")
    with pytest.raises(ModelError):
        factories.request(sender="RO", receiver="RO")
    with pytest.raises(ModelError):
        factories.is_alive(sender="GB", receiver="GB")


def test_answers_go_back_and_name_what_they_answer():
    ids, clock = _sources()
    request = _request(ids, clock)
    rdl = compose.deadline(request, dt.date(2026, 3, 16), ids=ids, clock=clock)
    rai = compose.additional_info_request(request, requested=["BirthPlace"], ids=ids, clock=clock)
    rar = compose.additional_info_response(rai, response_type="ART-00-00", person=request.person, ids=ids, clock=clock)
    rrs = compose.response(request, person=request.person, convictions=(), response_type="RRT-00-00", ids=ids, clock=clock)
    fem = compose.functional_error(rrs, ["FE-00001"], ids=ids, clock=clock)
    can = compose.cancellation(request, ids=ids, clock=clock)
    assert [str(m.message_id) for m in (rdl, rai, rrs, can)] == [
        "RO-FR-RDL-000000000000001",
        "RO-FR-RAI-000000000000002",
        "RO-FR-RRS-000000000000003",
        "FR-RO-CAN-000000000000004",
    ]
    assert str(rar.message_id) == "FR-RO-RAR-000000000000002"
    assert str(fem.message_id) == "FR-RO-FEM-000000000000003"
    assert rdl.metadata.response_to == request.message_id
    assert rar.metadata.response_to == rai.message_id
    assert fem.metadata.response_to == rrs.message_id
    assert can.metadata.response_to == request.message_id


def test_only_the_answers_the_business_rules_allow():
    ids, clock = _sources()
    request = _request(ids, clock)
    note = factories.notification(sender="GR", receiver="RO", ids=ids, clock=clock)
    rdl = compose.deadline(request, dt.date(2026, 3, 16), ids=ids, clock=clock)
    with pytest.raises(ModelError, match="a RDL cannot answer a NOT"):
        compose.deadline(note, dt.date(2026, 3, 16), ids=ids, clock=clock)
    with pytest.raises(ModelError, match="a NRS cannot answer a REQ"):
        compose.notification_response(request, response_type="NRT-00-00", ids=ids, clock=clock)  # type: ignore[arg-type]
    with pytest.raises(ModelError, match="a RAR cannot answer a REQ"):
        compose.additional_info_response(request, response_type="ART-00-00", ids=ids, clock=clock)  # type: ignore[arg-type]
    with pytest.raises(ModelError, match="a CAN cannot withdraw a RDL"):
        compose.cancellation(rdl, ids=ids, clock=clock)
    nrs = compose.notification_response(note, response_type="NRT-00-00", ids=ids, clock=clock)
    assert (nrs.sender, nrs.receiver, nrs.metadata.response_to) == ("RO", "GR", note.message_id)


def test_a_functional_error_names_each_code_once():
    ids, clock = _sources()
    request = _request(ids, clock)
    with pytest.raises(ModelError, match="at most once"):
        compose.functional_error(request, ["FE-00001", "FE-00001"], ids=ids, clock=clock)


def test_response_numbers_entities_across_the_message_and_names_other_states_once():
    ids, clock = _sources()
    request = _request(ids, clock)
    first = factories.conviction(country="RO", number=1)
    second = factories.conviction(country="DE", number=2, court="Landgericht Köln", language="de")
    rrs = compose.response(request, person=request.person, convictions=[first, second], response_type="RRT-00-00", other_member_states=["ES", "PT", "ES"], ids=ids, clock=clock)
    assert [d.id for c in rrs.convictions for d in c.decisions] == [DecisionId(1), DecisionId(2)]
    assert [s.id.number for c in rrs.convictions for s in c.sanctions] == [1, 2]
    links = rrs.convictions[1].relationships
    assert links[0] == cv.DecisionToOffences(decision=DecisionId(2), offences=(rrs.convictions[1].offences[0].id,))
    assert rrs.other_member_states == ("ES", "PT")
    with pytest.raises(ModelError, match="responding state itself"):
        compose.response(request, person=request.person, convictions=(), response_type="RRT-00-00", other_member_states=["RO"], ids=ids, clock=clock)


def test_notification_update_keeps_the_conviction_and_adds_the_next_decision():
    ids, clock = _sources()
    original = factories.notification(sender="GR", receiver="RO", ids=ids, clock=clock)
    pardon = cv.Decision(id=DecisionId(1), change_types=(rf.DecisionChangeTypeRef("DCH-00-O"),), date=dt.date(2026, 2, 1), delete_from_register=cm.YesNoUnknown.NO)
    update = compose.notification_update(original, pardon, ids=ids, clock=clock)
    assert str(update.message_id) == "GR-RO-NOT-000000000000002"
    assert update.conviction.id == original.conviction.id == ConvictionId("GR", 1)
    assert [d.id for d in update.conviction.decisions] == [DecisionId(1), DecisionId(2)]
    assert update.conviction.decisions[-1].change_types == (rf.DecisionChangeTypeRef("DCH-00-O"),)
    assert update.updated_conviction_reference == cv.EcrisConvictionReference(ConvictionId("GR", 1))


def test_a_state_notifies_only_its_own_convictions():
    ids, clock = _sources()
    with pytest.raises(ModelError) as raised:
        compose.notification(sender="FR", receiver="RO", person=factories.person(), conviction=factories.conviction(country="DE"), ids=ids, clock=clock)
    assert raised.value.field == "conviction.id"


def test_push_variants():
    ids, clock = _sources()
    prints = factories.fingerprints("FR", 1, content=b"NIST")
    request = compose.request_push(
        sender="FR", receiver="RO", person=factories.person(), purpose_category="P-00-001001", purpose=cm.MultilingualText.of("x", "fr"),
        requesting_authority=ms.RequestingAuthority(type=rf.RequestingAuthorityTypeRef("RAT-00-C"), name=cm.MultilingualText.of("y", "fr")),
        consent=cm.YesNoUnknown.NO, urgency=cm.YesNoUnknown.NO, ids=ids, clock=clock, fingerprints=prints,
    )  # fmt: skip
    assert type(request) is ms.RequestPushMessage and request.fingerprints.content == b"NIST"
    rrs = compose.response_push(request, person=request.person, convictions=(), response_type="RRT-00-00", ids=ids, clock=clock)
    assert type(rrs) is ms.RequestResponsePushMessage
    with pytest.raises(ModelError):
        compose.response(request, person=request.person, convictions=(), response_type="RRT-00-00", fingerprints=prints, ids=ids, clock=clock)


def test_same_sources_same_bytes():
    assert serialize(_request(*_sources())) == serialize(_request(*_sources()))


def test_factories_are_defaults_over_compose():
    request = factories.request()
    assert str(request.message_id) == "GB-RO-REQ-000000000000001"
    assert MessageId.parse("RO-GB-RRS-000000000000001") == factories.request_response(request).message_id
