"""One scenario per exchange type and outcome: the messages on the wire (valid by our
validator) and the exchange states on both sides."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from ecrislib.model.common import PartialDate, YesNoUnknown
from ecrislib.testing import factories
from ecrislib.transport import Authority, Delay, Policy, Profile
from ecrislib.transport import (
    EndpointDownError,
    SenderMismatchError,
    UnknownEndpointError,
    operation,
    soap_action,
)
from ecrislib.transport import VirtualClock
from ecrislib.transport import State
from ecrislib.transport import DeadlineRules
from ecrislib.transport import MemoryNetwork
from ecrislib.transport import DEFAULT_WINDOW
from ecrislib.transport import OutboxStatus



@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    clock = VirtualClock(seed=7)
    network = MemoryNetwork(clock)
    gb = Authority("GB", network)
    ro = Authority("RO", network)
    return clock, network, gb, ro


def test_operation_names_and_soap_actions() -> None:
    request = factories.request()
    assert operation(request) == "deliverRequest"
    assert soap_action(request) == "http://ec.europa.eu/ECRIS/deliverRequest"
    assert operation(factories.is_alive()) == "isAlive"


def test_request_with_convictions(world, wire_valid) -> None:  # type: ignore[no-untyped-def]
    clock, network, gb, ro = world
    person = factories.person()
    ro.register.add_person(person, [factories.conviction(number=1), factories.conviction(number=2, decision_date=dt.date(1996, 1, 2))])
    request = gb.request(person, "RO")
    clock.run_until_idle()
    out = gb.exchange(request.message_id)
    assert out.state is State.ANSWERED and out.types() == ["REQ", "RDL", "RRS"]
    rdl, rrs = gb.book.history(exchange=out, type=["RDL", "RRS"])
    assert out.deadline.date == rdl.deadline == dt.date(2026, 2, 16)  # 10 working days in RO
    assert len(rrs.convictions) == 2 and rrs.response_type.id == "RRT-00-00"
    # several stored convictions are renumbered message-wide
    assert [o.id.number for c in rrs.convictions for o in c.offences] == [1, 2]
    assert ro.exchange(request.message_id).state is State.ANSWERED
    assert wire_valid(network) == 3
    gb.book.close(out.id)
    assert out.state is State.CLOSED


def test_request_without_convictions(world, wire_valid) -> None:  # type: ignore[no-untyped-def]
    clock, network, gb, ro = world
    request = gb.request(factories.person(forename="Nobody"), "RO")
    clock.run_until_idle()
    rrs = gb.book.history(exchange=request.message_id, type="RRS")[0]
    assert rrs.convictions == () and rrs.response_type.id == "RRT-00-00"
    assert gb.exchange(request.message_id).state is State.ANSWERED
    wire_valid(network)


def test_not_a_national(world, wire_valid) -> None:  # type: ignore[no-untyped-def]
    clock, network, gb, ro = world
    request = gb.request(factories.person(nationalities=("CO-00-276-DEU",)), "RO")
    clock.run_until_idle()
    assert gb.exchange(request.message_id).types() == ["REQ", "RRS"]
    assert gb.book.history(type="RRS")[0].response_type.id == "RRT-00-02"
    assert gb.exchange(request.message_id).state is State.PROBLEM
    wire_valid(network)


def test_denial(wire_valid) -> None:  # type: ignore[no-untyped-def]
    clock = VirtualClock(seed=1)
    network = MemoryNetwork(clock)
    gb = Authority("GB", network)
    Authority("RO", network, Policy(profile=Profile(name="refuses", deny_probability=1.0)))
    request = gb.request(factories.person(), "RO")
    clock.run_until_idle()
    assert gb.book.history(type="RRS")[0].response_type.id == "RRT-00-01"
    assert gb.exchange(request.message_id).state is State.DENIED
    wire_valid(network)


def test_several_people_match_then_additional_information(world, wire_valid) -> None:  # type: ignore[no-untyped-def]
    clock, network, gb, ro = world
    brasov = factories.person()
    cluj = factories.person(birth_place=factories.place(town="Cluj-Napoca"))
    ro.register.add_person(brasov, [factories.conviction(number=1)])
    ro.register.add_person(cluj)
    # the request leaves the birth town vague; the UK knows it when asked
    vague = factories.person(birth_place=factories.place(town="necunoscut"))
    request = gb.request(vague, "RO", identity=brasov)
    clock.run_until(lambda: gb.exchange(request.message_id).state is State.INFO_REQUESTED)
    clock.run_until_idle()
    exchange = gb.exchange(request.message_id)
    assert exchange.types() == ["REQ", "RDL", "RAI", "RAR", "RDL", "RRS"]
    assert exchange.state is State.ANSWERED and exchange.deadline.restarts == 1
    rai = gb.book.history(type="RAI")[0]
    assert [str(i) for i in rai.information_requested] == ["BirthPlace", "IdentityNumber"]
    assert len(gb.book.history(type="RRS")[0].convictions) == 1
    # the deadline restarted from the RAR's arrival, and the new RDL says so
    assert exchange.deadline.date == gb.book.history(type="RDL")[-1].deadline
    wire_valid(network)


def test_several_people_still_ambiguous_after_rar(world) -> None:  # type: ignore[no-untyped-def]
    clock, network, gb, ro = world
    ro.register.add_person(factories.person())
    ro.register.add_person(factories.person())
    request = gb.request(factories.person(), "RO")
    clock.run_until_idle()
    assert gb.book.history(type="RRS")[0].response_type.id == "RRT-00-05"
    assert gb.exchange(request.message_id).state is State.PROBLEM


def test_non_transmittable_convictions_filtered_for_other_purposes(world, wire_valid) -> None:  # type: ignore[no-untyped-def]
    clock, network, gb, ro = world
    person = factories.person()
    own = factories.conviction(country="RO", number=1)
    spanish = factories.conviction(country="ES", number=9, is_transmittable=YesNoUnknown.NO)
    ro.register.add_person(person, [own, spanish])
    employment = gb.request(person, "RO", purpose_category="P-00-002001", purpose="Employment with children")
    criminal = gb.request(person, "RO")
    clock.run_until_idle()
    rrs_employment = gb.book.history(exchange=employment.message_id, type="RRS")[0]
    rrs_criminal = gb.book.history(exchange=criminal.message_id, type="RRS")[0]
    assert [str(c.id) for c in rrs_employment.convictions] == ["RO-C-000000000000001"]
    assert rrs_employment.other_member_states == ("ES",)
    assert len(rrs_criminal.convictions) == 2 and rrs_criminal.other_member_states == ()
    # 20 working days for other purposes, 10 for criminal proceedings
    assert gb.exchange(employment.message_id).deadline.date == dt.date(2026, 3, 2)
    assert gb.exchange(criminal.message_id).deadline.date == dt.date(2026, 2, 16)
    wire_valid(network)


def test_notification_filed_updated_and_deleted(world, wire_valid) -> None:  # type: ignore[no-untyped-def]
    clock, network, gb, ro = world
    gr = Authority("GR", network)
    person = factories.person()
    conviction = factories.conviction(country="GR", court="Court of Thessaloniki", language="el")
    notification = gr.notify(person, conviction, "RO")
    clock.run_until_idle()
    assert gr.exchange(notification.message_id).state is State.ACKNOWLEDGED
    assert ro.exchange(notification.message_id).state is State.ACKNOWLEDGED
    assert ro.register.conviction(conviction.id) == conviction
    update = factories.notification_update(notification, ids=gr.ids, clock=clock)
    gr.send(update)
    clock.run_until_idle()
    stored = ro.register.conviction(conviction.id)
    assert stored is not None and len(stored.decisions) == 2
    deletion = factories.notification_update(update, change_type="DCH-00-D", delete_from_register=YesNoUnknown.YES, ids=gr.ids, clock=clock)
    gr.send(deletion)
    clock.run_until_idle()
    assert ro.register.conviction(conviction.id) is None
    assert [m.response_type.id for m in gr.book.history(type="NRS")] == ["NRT-00-00"] * 3
    wire_valid(network)


def test_invalid_message_gets_a_functional_error(world) -> None:  # type: ignore[no-untyped-def]
    clock, network, gb, ro = world
    unborn = factories.person(birth_date=PartialDate(2030, 1, 1))  # born after the timestamp
    request = gb.request(unborn, "RO")
    clock.run_until_idle()
    fem = gb.book.history(type="FEM")[0]
    assert fem.metadata.response_to == request.message_id
    assert [e.code.id for e in fem.errors] == ["FE-00003"]
    assert gb.exchange(request.message_id).state is State.ERROR
    assert ro.book.history(type=["RDL", "RRS"]) == []


def test_injected_validator_is_used(world) -> None:  # type: ignore[no-untyped-def]
    clock, network, gb, _ro = world
    seen = []
    # The validator gets the message and the tree read from the bytes that arrived.
    Authority("FR", network, Policy(validator=lambda message, tree, ids, clock: seen.append((message.message_id, tree.tag)) or None))
    request = gb.request(factories.person(nationalities=("CO-00-250-FRA",)), "FR")
    clock.run_until_idle()
    assert seen == [(request.message_id, "{http://ec.europa.eu/ECRIS/service-v1.0}RequestMessage")]


def test_month_end_window_gets_its_functional_error(wire_valid) -> None:  # type: ignore[no-untyped-def]
    clock = VirtualClock(dt.datetime(2026, 2, 28, 22, 30, tzinfo=dt.timezone.utc))
    network = MemoryNetwork(clock)
    gb = Authority("GB", network, Policy(month_end=attrs.evolve(DEFAULT_WINDOW, enabled=False)))
    ro = Authority("RO", network)
    request = gb.request(factories.person(), "RO")  # GB does not hold it back: it arrives in the window
    clock.run_until_idle()
    fem = gb.book.history(type="FEM")[0]
    assert fem.errors[0].code.id == "FE-00099"
    assert str(fem.errors[0].additional_information).startswith("[LMS-1]")
    # the month-end FEM means "send it again after the window", which GB does: never `error`
    exchange = gb.exchange(request.message_id)
    assert exchange.state is State.ANSWERED and exchange.types()[:2] == ["REQ", "FEM"]
    window_end = dt.datetime(2026, 3, 1, 2, 0, 1, tzinfo=dt.timezone.utc)
    deadlines = [e.at for e in ro.book.entries if e.type == "RDL"]
    assert deadlines and deadlines[0] >= window_end
    assert len(ro.book.history(type="REQ")) == 1  # booked once, handled once
    wire_valid(network)


def test_outbox_holds_messages_back_during_the_month_end_window() -> None:
    clock = VirtualClock(dt.datetime(2026, 2, 28, 22, 30, tzinfo=dt.timezone.utc))
    network = MemoryNetwork(clock)
    gb = Authority("GB", network)
    Authority("RO", network)
    request = gb.request(factories.person(), "RO")
    clock.run_until_idle()
    sent = [e for e in network.events if e.kind == "sent" and e.message_id == request.message_id]
    assert sent[0].at == dt.datetime(2026, 3, 1, 2, 0, 1, 1, tzinfo=dt.timezone.utc)
    assert gb.exchange(request.message_id).state is State.ANSWERED


def test_cancellation_stops_the_answer(world, wire_valid) -> None:  # type: ignore[no-untyped-def]
    clock, network, gb, ro = world
    request = gb.request(factories.person(), "RO")
    clock.advance(dt.timedelta(seconds=3))  # delivered, not answered yet
    gb.cancel(request)
    clock.run_until_idle()
    assert gb.exchange(request.message_id).state is State.CANCELLED
    assert ro.exchange(request.message_id).state is State.CANCELLED
    assert gb.book.history(type="RRS") == []
    wire_valid(network)


def test_cancelled_notification_is_unfiled(world) -> None:  # type: ignore[no-untyped-def]
    clock, network, gb, ro = world
    conviction = factories.conviction(country="GB")
    notification = gb.notify(factories.person(), conviction, "RO")
    clock.run_until_idle()
    assert ro.register.conviction(conviction.id) is not None
    gb.cancel(notification)
    clock.run_until_idle()
    assert ro.register.conviction(conviction.id) is None
    assert gb.exchange(notification.message_id).state is State.CANCELLED


def test_is_alive_is_synchronous_and_down_endpoints_do_not_answer(world) -> None:  # type: ignore[no-untyped-def]
    clock, network, gb, ro = world
    Authority("IT", network, Policy(profile="down"))
    answer = gb.handle.is_alive(factories.is_alive(sender="GB", receiver="RO", clock=clock))
    assert answer.is_alive and answer.sender == "RO" and answer.receiver == "GB"
    assert gb.ping("RO") is True and gb.ping("IT") is False
    with pytest.raises(EndpointDownError):
        network.is_alive(factories.is_alive(sender="GB", receiver="IT"))


def test_refused_sends_are_typed_recorded_and_never_delivered(world) -> None:  # type: ignore[no-untyped-def]
    clock, network, gb, ro = world
    with pytest.raises(SenderMismatchError):
        gb.handle.send(factories.request(sender="RO", receiver="GB"))
    with pytest.raises(UnknownEndpointError):
        gb.handle.send(factories.request(sender="GB", receiver="PL"))
    clock.run_until_idle()
    assert [e.reason for e in network.refused] == ["sender mismatch", "unknown receiver"]
    assert list(network.messages("delivered")) == []
    # through the outbox, a refusal is not final: retried until the receiver is there
    request = gb.send(factories.request(sender="GB", receiver="PL", ids=gb.ids))
    clock.advance(dt.timedelta(minutes=10))
    assert [e.reason for e in network.refused][2:] == ["unknown receiver"] * gb.outbox.items[request.message_id].attempts
    assert gb.outbox.items[request.message_id].status is OutboxStatus.SENT
    Authority("PL", network)
    clock.run_until_idle()
    assert gb.outbox.items[request.message_id].status is OutboxStatus.DELIVERED
    assert gb.exchange(request.message_id).state is State.PROBLEM  # answered: not a Polish national


def test_late_authority_misses_the_deadline_and_overdue_is_reported() -> None:
    clock = VirtualClock(seed=3)
    network = MemoryNetwork(clock)
    gb = Authority("GB", network)
    Authority("RO", network, Policy(profile="late"))
    request = gb.request(factories.person(), "RO")
    clock.run_until(lambda: gb.exchange(request.message_id).state is State.DEADLINE_KNOWN)
    due = gb.exchange(request.message_id).deadline.date
    clock.run_until(dt.datetime.combine(due + dt.timedelta(days=1), dt.time(12), tzinfo=dt.timezone.utc))
    assert [e.id for e in gb.overdue()] == [request.message_id]
    assert gb.exchange(request.message_id).state is State.OVERDUE
    clock.run_until_idle()
    exchange = gb.exchange(request.message_id)
    assert exchange.state is State.ANSWERED and exchange.was_overdue


def test_manual_authority_answers_in_days_and_rdl_date_takes_precedence() -> None:
    clock = VirtualClock(seed=5)
    network = MemoryNetwork(clock)
    gb = Authority("GB", network)
    # a bureau that announces a deadline of its own (a later date than the computed one)
    Authority("RO", network, Policy(profile="manual", rules=DeadlineRules(working_days_by_purpose={"P-00-001": 15})))
    request = gb.request(factories.person(), "RO")
    exchange = gb.exchange(request.message_id)
    computed = exchange.deadline.date
    clock.run_until_idle()
    assert exchange.state is State.ANSWERED
    assert exchange.deadline.date == gb.book.history(type="RDL")[0].deadline > computed
    answered_at = [e.at for e in gb.book.entries if e.type == "RRS"][0]
    assert answered_at - exchange.started > dt.timedelta(hours=12)


def test_down_authority_is_unreachable_and_the_outbox_keeps_trying() -> None:
    clock = VirtualClock(seed=2)
    network = MemoryNetwork(clock)
    gb = Authority("GB", network, Policy(overdue_after=4))
    Authority("IT", network, Policy(profile="down"))
    request = gb.request(factories.person(nationalities=("CO-00-380-ITA",)), "IT")
    clock.advance(dt.timedelta(minutes=5))  # attempts at 0, 30 s, 1.5 min, 3.5 min
    assert gb.overdue() == [] and gb.exchange(request.message_id).state is State.SENT
    clock.advance(dt.timedelta(days=3))
    item = gb.outbox.items[request.message_id]
    unreachable = [e.at for e in network.events if e.message_id == request.message_id and e.kind == "unreachable"]
    assert len(unreachable) == item.attempts > 4 and item.status is OutboxStatus.SENT and item.overdue
    # capped exponential back-off: never more than an hour (plus 10% jitter) between attempts
    gaps = [b - a for a, b in zip(unreachable, unreachable[1:])]
    assert gaps == sorted(gaps[:7]) + gaps[7:] and max(gaps) <= dt.timedelta(hours=1.1)
    # undeliverable is visible: the exchange is overdue, not a silent error
    assert [e.id for e in gb.overdue()] == [request.message_id]
    assert gb.exchange(request.message_id).state is State.OVERDUE


def test_answer_next_working_day_uses_the_holiday_calendar() -> None:
    clock = VirtualClock(dt.datetime(2026, 1, 5, 14, 0, tzinfo=dt.timezone.utc))
    network = MemoryNetwork(clock)
    gb = Authority("GB", network)
    Authority("RO", network, Policy(profile=Profile(name="bureau", answer_next_working_day_at=dt.time(9, 30), deadline_delay=Delay(median=dt.timedelta(minutes=1)))))
    gb.request(factories.person(), "RO")
    clock.run_until_idle()
    answered = [e.at for e in gb.book.entries if e.type == "RRS"][0]
    assert answered.date() == dt.date(2026, 1, 8)  # 6 and 7 January are public holidays in Romania
