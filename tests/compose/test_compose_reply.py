"""Reply by purpose, written from FD 2009/315 Art. 7 as the business rules summarise it (2.2,
2.3, 3.1): everything for criminal proceedings; for other purposes, convictions from other member
states whose retransmission is restricted are left out and their state named in OtherMemberState
(ConvictionIsTransmittable; ES and PT always restrict); own convictions follow the requested
state's law; non-criminal rulings only voluntarily; the four response types."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from ecrislib import compose
from ecrislib.clock import FixedClock
from ecrislib.compose import ReplyOutcome, ReplyPolicy, Retransmission, StatePolicy, bundled_policy, bundled_states
from ecrislib.errors import ModelError
from ecrislib.ids import SequentialIds
from ecrislib.model import common as cm
from ecrislib.register import MemoryRegister, SearchKey, SqliteRegister
from ecrislib.testing import factories

Y, N, U = cm.YesNoUnknown.YES, cm.YesNoUnknown.NO, cm.YesNoUnknown.UNKNOWN
CRIMINAL, EMPLOYMENT = "P-00-001001", "P-00-002001"
TODAY = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)
POLICY = bundled_policy("RO")


def _conviction(country, number, year, transmittable=Y, **fields):
    return factories.conviction(country=country, number=number, decision_date=dt.date(year, 1, 10), is_transmittable=transmittable, **fields)


OWN = _conviction("RO", 1, 1995)
OWN_RESTRICTED_FLAG = _conviction("RO", 2, 1996, N)  # own conviction: national law decides, not the flag
FROM_DE = _conviction("DE", 3, 2001)  # transmittable
FROM_FR = _conviction("FR", 4, 2002, N)  # restricted by its flag
FROM_ES = _conviction("ES", 5, 2003, Y)  # ES always restricts, whatever the flag
FROM_IT = _conviction("IT", 6, 2004, U)  # unknown flag, practice unknown: restricted
ALL = (OWN, OWN_RESTRICTED_FLAG, FROM_DE, FROM_FR, FROM_ES, FROM_IT)


@pytest.fixture(params=["memory", "sqlite"])
def register(request, tmp_path):
    made = MemoryRegister() if request.param == "memory" else SqliteRegister(tmp_path / "ro.sqlite")
    entry = made.add_person(factories.person(forename="Ion", surname="Popescu"))
    for conviction in ALL:
        made.record(entry, conviction)
    yield made
    made.close()


def _request(purpose=CRIMINAL, **person_fields):
    values = {"forename": "ION", "surname": "POPESCU", **person_fields}
    return factories.request(sender="FR", receiver="RO", purpose_category=purpose, person=factories.person(**values))


def _ids(convictions):
    return [c.id for c in convictions]


def test_criminal_proceedings_get_every_conviction(register):
    decision = compose.decide(_request(CRIMINAL), register, POLICY, today=TODAY.date())
    assert decision.outcome is ReplyOutcome.CONVICTIONS
    assert _ids(decision.convictions) == _ids(ALL)
    assert decision.other_member_states == ()
    assert decision.hits[0].produced_by is SearchKey.NAME


def test_other_purposes_leave_restricted_foreign_convictions_out_and_name_their_states(register):
    decision = compose.decide(_request(EMPLOYMENT), register, POLICY, today=TODAY.date())
    assert decision.outcome is ReplyOutcome.CONVICTIONS
    assert _ids(decision.convictions) == _ids([OWN, OWN_RESTRICTED_FLAG, FROM_DE])
    assert decision.other_member_states == ("ES", "FR", "IT")
    assert _ids(decision.withheld) == _ids([FROM_FR, FROM_ES, FROM_IT])


def test_a_state_known_not_to_restrict_lets_an_unknown_flag_through(register):
    states = {**bundled_states(), "IT": StatePolicy("IT", Retransmission.NOT_RESTRICTED, uncertain=False, source="test")}
    policy = ReplyPolicy(member_state="RO", states=states)
    decision = compose.decide(_request(EMPLOYMENT), register, policy, today=TODAY.date())
    assert FROM_IT.id in _ids(decision.convictions)
    assert decision.other_member_states == ("ES", "FR")


def test_only_restricted_convictions_make_a_no_convictions_reply_that_names_the_states(tmp_path):
    register = MemoryRegister()
    entry = register.add_person(factories.person(forename="Ion", surname="Popescu"))
    register.record(entry, FROM_FR)
    register.record(entry, FROM_ES)
    decision = compose.decide(_request(EMPLOYMENT), register, POLICY, today=TODAY.date())
    assert decision.outcome is ReplyOutcome.NO_CONVICTIONS
    assert decision.convictions == ()
    assert decision.other_member_states == ("ES", "FR")
    assert decision.response_type == "RRT-00-00"


def test_nobody_found_is_a_reply_without_convictions(register):
    decision = compose.decide(_request(CRIMINAL, forename="Vasile"), register, POLICY, today=TODAY.date())
    assert (decision.outcome, decision.response_type, decision.convictions, decision.hits) == (ReplyOutcome.NO_CONVICTIONS, "RRT-00-00", (), ())


def test_a_state_that_answers_criminal_proceedings_only_denies_other_purposes(register):
    states = {"RO": StatePolicy("RO", answers_other_purposes=False, uncertain=False, source="test")}
    policy = ReplyPolicy(member_state="RO", states=states)
    denied = compose.decide(_request(EMPLOYMENT), register, policy, today=TODAY.date())
    assert (denied.outcome, denied.response_type, denied.convictions) == (ReplyOutcome.DENIAL, "RRT-00-01", ())
    assert compose.decide(_request(CRIMINAL), register, policy, today=TODAY.date()).outcome is ReplyOutcome.CONVICTIONS


def test_namesakes_nothing_tells_apart_are_a_request_problem(register):
    register.add_person(factories.person(forename="Ion", surname="Popescu"))
    decision = compose.decide(_request(CRIMINAL), register, POLICY, today=TODAY.date())
    assert (decision.outcome, decision.response_type, decision.convictions) == (ReplyOutcome.PROBLEM, "RRT-00-05", ())
    assert len(decision.hits) == 2


def test_namesake_born_elsewhere_does_not_get_the_record(register):
    register.add_person(factories.person(forename="Ion", surname="Popescu", birth_place=factories.place(town="Iași")))
    decision = compose.decide(_request(CRIMINAL), register, POLICY, today=TODAY.date())
    assert decision.outcome is ReplyOutcome.CONVICTIONS and decision.entry == 1


def test_partial_birth_date_in_the_request_still_finds_the_person(register):
    decision = compose.decide(_request(CRIMINAL, birth_date=cm.PartialDate(1970)), register, POLICY, today=TODAY.date())
    assert decision.outcome is ReplyOutcome.CONVICTIONS
    assert decision.hits[0].keys == (SearchKey.NAME, SearchKey.BIRTH_DATE, SearchKey.BIRTH_PLACE, SearchKey.NATIONALITY)


def test_identity_number_finds_the_person_under_another_spelling(tmp_path):
    register = MemoryRegister()
    entry = register.add_person(factories.person(forename="Ion", surname="Popescu", identity_number="1700514080011"))
    register.record(entry, OWN)
    decision = compose.decide(_request(CRIMINAL, forename="John", surname="Popesku", identity_number="1700514080011"), register, POLICY, today=TODAY.date())
    assert decision.hits[0].produced_by is SearchKey.IDENTITY_NUMBER
    assert _ids(decision.convictions) == [OWN.id]


def test_expired_retention_and_non_criminal_rulings_are_not_sent():
    register = MemoryRegister()
    entry = register.add_person(factories.person(forename="Ion", surname="Popescu"))
    expired = _conviction("DE", 7, 1990, retention_period_end_date=dt.date(2020, 1, 1))
    ruling = _conviction("RO", 8, 1991, non_criminal_ruling=Y)
    for conviction in (expired, ruling, OWN):
        register.record(entry, conviction)
    decision = compose.decide(_request(CRIMINAL), register, POLICY, today=TODAY.date())
    assert _ids(decision.convictions) == [OWN.id]
    voluntary = attrs.evolve(POLICY, send_non_criminal_rulings=True)
    assert _ids(compose.decide(_request(CRIMINAL), register, voluntary, today=TODAY.date()).convictions) == [ruling.id, OWN.id]


def test_reply_builds_the_rrs(register):
    request = _request(EMPLOYMENT)
    rrs = compose.reply(request, register, POLICY, ids=SequentialIds(), clock=FixedClock(TODAY))
    assert (rrs.sender, rrs.receiver, rrs.metadata.response_to) == ("RO", "FR", request.message_id)
    assert str(rrs.message_id) == "RO-FR-RRS-000000000000001"
    assert rrs.response_type.id == "RRT-00-00"
    assert rrs.other_member_states == ("ES", "FR", "IT")
    assert [c.id for c in rrs.convictions] == [OWN.id, OWN_RESTRICTED_FLAG.id, FROM_DE.id]
    assert [d.id.number for c in rrs.convictions for d in c.decisions] == [1, 2, 3]
    assert str(rrs.person.name.surname) == "Popescu"  # as the register knows the person


def test_reply_to_a_push_endpoint(register):
    rrs = compose.reply(_request(), register, POLICY, ids=SequentialIds(), clock=FixedClock(TODAY), push=True)
    assert rrs.ROOT == "RequestResponsePushMessage"


def test_the_policy_must_be_the_requested_state_s(register):
    with pytest.raises(ModelError):
        compose.decide(_request(), register, bundled_policy("BG"), today=TODAY.date())


def test_bundled_table_has_provenance_and_marks_uncertainty():
    states = bundled_states()
    assert states["ES"].retransmission is Retransmission.CRIMINAL_PURPOSES_ONLY and not states["ES"].uncertain
    assert states["PT"].retransmission is Retransmission.CRIMINAL_PURPOSES_ONLY
    assert {code for code, s in states.items() if s.retransmission is Retransmission.MAY_RESTRICT} == {"BG", "EE", "SE"}
    assert all(s.source for s in states.values())
    assert POLICY.state("FR") == StatePolicy("FR")  # no row: unknown, and marked uncertain
    assert POLICY.state("FR").uncertain
