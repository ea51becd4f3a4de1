"""Fingerprints follow the receiving endpoint's mode: pushed inline, pulled by ID, or not sent."""

from __future__ import annotations

import ecrislib
from ecrislib.model.common import AdditionalInformation
from ecrislib.testing import factories
from ecrislib.transport import Authority, Policy
from ecrislib.transport import VirtualClock
from ecrislib.transport import State
from ecrislib.transport import MemoryNetwork

NIST = b"NIST-1.0 fictional test prints " * 40


def _world(mode: str):  # type: ignore[no-untyped-def]
    clock = VirtualClock(seed=3)
    network = MemoryNetwork(clock)
    gb = Authority("GB", network)
    ro = Authority("RO", network, Policy(fingerprint_mode=mode))  # type: ignore[arg-type]
    person = factories.person()
    ro.register.add_person(person, [factories.conviction()])
    return clock, network, gb, ro, person


def test_push_endpoint_receives_the_file_inline(wire_valid) -> None:  # type: ignore[no-untyped-def]
    clock, network, gb, ro, person = _world("push")
    request = gb.request(person, "RO", fingerprints=NIST)
    clock.run_until_idle()
    assert isinstance(request, ecrislib.RequestPushMessage)
    assert request.fingerprints is not None and request.fingerprints.content == NIST
    assert ro.fingerprints_received == {request.fingerprints.id: NIST}
    assert gb.exchange(request.message_id).types() == ["REQ", "RDL", "RRS"]
    assert gb.exchange(request.message_id).state is State.ANSWERED
    wire_valid(network)


def test_pull_endpoint_asks_for_the_file_by_id(wire_valid) -> None:  # type: ignore[no-untyped-def]
    clock, network, gb, ro, person = _world("pull")
    request = gb.request(person, "RO", fingerprints=NIST)
    clock.run_until_idle()
    assert type(request) is ecrislib.RequestMessage
    assert request.fingerprints is not None and request.fingerprints.content is None  # metadata only
    exchange = gb.exchange(request.message_id)
    assert exchange.types() == ["REQ", "RDL", "RAI", "RAR", "RDL", "RRS"]
    rai = gb.book.history(exchange=exchange, type="RAI")[0]
    assert rai.information_requested == (AdditionalInformation.FINGERPRINTS,)
    assert rai.binary_id_requested == request.fingerprints.id
    rar = gb.book.history(exchange=exchange, type="RAR")[0]
    assert isinstance(rar, ecrislib.RequestAdditionalInfoResponsePushMessage)
    assert ro.fingerprints_received == {request.fingerprints.id: NIST}
    assert exchange.state is State.ANSWERED
    wire_valid(network)


def test_endpoint_without_fingerprints_gets_none(wire_valid) -> None:  # type: ignore[no-untyped-def]
    clock, network, gb, ro, person = _world("none")
    request = gb.request(person, "RO", fingerprints=NIST)
    clock.run_until_idle()
    assert request.fingerprints is None and ro.fingerprints_received == {}
    assert gb.exchange(request.message_id).state is State.ANSWERED
    wire_valid(network)
