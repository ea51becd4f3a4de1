"""The exactly-once journal, in one process: an authority "dies" right after every single
commit of a small network's run (each kind, each occurrence), is created again on its journal,
and the network runs to quiet. Every point must end the same: each request answered once,
each deadline message there, the notification filed and acknowledged once, nothing
undelivered, nothing in error. The subprocess test with real SIGKILLs is ``test_crash.py``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Callable

import pytest

from ecrislib.testing import factories
from ecrislib.transport import Authority, Delay, Policy, Profile
from ecrislib.transport import VirtualClock
from ecrislib.transport import COMMIT_KINDS, Journal
from ecrislib.transport import MemoryNetwork
from ecrislib.transport import OutboxStatus
from ecrislib.register import MemoryRegister

PROFILE = Profile(
    name="quick",
    deadline_delay=Delay(median=dt.timedelta(minutes=2)),
    answer_delay=Delay(median=dt.timedelta(minutes=10)),
    notification_delay=Delay(median=dt.timedelta(minutes=5)),
    additional_info_delay=Delay(median=dt.timedelta(minutes=15)),
)
BRASOV = factories.person()
VAGUE = factories.person(birth_place=factories.place(town="necunoscut"))
CONVICTION = factories.conviction(country="GB")


class Died(BaseException):
    """Stands for SIGKILL: raised right after a commit, before anything that waits for it."""


def ro_register() -> MemoryRegister:
    register = MemoryRegister()
    register.add_person(BRASOV, [factories.conviction(number=1)])
    register.add_person(factories.person(birth_place=factories.place(town="Cluj-Napoca")))  # a namesake
    register.add_person(factories.person(forename="Ioana"))
    return register


def run(tmp_path: Path, die: tuple[str, str, int] | None) -> dict[str, Any]:
    """The scenario; ``die=(code, kind, n)`` kills ``code`` after its n-th ``kind`` commit."""
    clock = VirtualClock(seed=3)
    network = MemoryNetwork(clock)
    commits: dict[str, dict[str, int]] = {"GB": {}, "RO": {}}
    dead: list[str] = []

    def hook(code: str) -> Callable[[str], None]:
        def after_commit(kind: str) -> None:
            counted = commits[code][kind] = commits[code].get(kind, 0) + 1
            if die is not None and (code, kind, counted) == die and not dead:
                dead.append(code)
                raise Died

        return after_commit

    def start(code: str) -> Authority:
        journal = Journal(tmp_path / f"{code}.sqlite", synchronous="off", after_commit=hook(code))
        register = ro_register() if code == "RO" else MemoryRegister()
        return Authority(code, network, Policy(profile=PROFILE, validator=None), register=register, journal=journal)

    authorities = {code: start(code) for code in ("GB", "RO")}

    def guarded(action: Callable[[], Any]) -> None:
        try:
            action()
        except Died:
            code = dead[0]
            authorities[code].stop()  # what a killed process leaves: the journal only
            authorities[code].journal.close()  # type: ignore[union-attr]
            clock.advance(dt.timedelta(minutes=7))  # down for a while; messages to it are lost
            authorities[code] = start(code)

    requests: list[Any] = []
    guarded(lambda: requests.append(authorities["GB"].request(factories.person(forename="Ioana"), "RO")))
    guarded(lambda: requests.append(authorities["GB"].request(VAGUE, "RO", identity=BRASOV)))  # RAI, RAR
    guarded(lambda: requests.append(authorities["GB"].request(factories.person(nationalities=("CO-00-276-DEU",)), "RO")))
    guarded(lambda: authorities["GB"].notify(factories.person(), CONVICTION, "RO"))
    for _ in range(10):  # each crash interrupts the run once
        guarded(clock.run_until_idle)
    return {"authorities": authorities, "requests": requests, "commits": commits, "dead": dead}


def check(result: dict[str, Any]) -> None:
    gb, ro = result["authorities"]["GB"], result["authorities"]["RO"]
    sent = [e for e in gb.book.exchanges.values() if e.kind.value == "request"]
    assert len(sent) == 3  # each request call committed (a death comes after a commit)
    for exchange in sent:
        types = exchange.types()
        assert len(exchange.answers) == 1, types  # answered exactly once
        assert ro.exchange(exchange.id).answers == exchange.answers
        refused = gb.book.history(exchange=exchange, type="RRS")[0].response_type.id == "RRT-00-02"
        assert types.count("RDL") == (0 if refused else 1 + types.count("RAR")), types  # each deadline
        assert refused or exchange.deadline.announced is not None
        assert exchange.state.value in ("answered", "problem"), (types, exchange.state)
    notification = next(e for e in gb.book.exchanges.values() if e.kind.value == "notification")
    assert notification.state.value == "acknowledged" and len(notification.answers) == 1
    assert ro.register.conviction(CONVICTION.id) == CONVICTION  # filed once, and still filed after a restart
    for authority in (gb, ro):
        assert all(item.status is OutboxStatus.DELIVERED for item in authority.outbox.items.values())
        assert authority.book.orphans == [] and authority.overdue() == []


def test_the_run_without_a_crash(tmp_path: Path) -> None:
    result = run(tmp_path, None)
    check(result)
    assert set(result["commits"]["GB"]) == set(COMMIT_KINDS)  # the scenario has every kind of step
    gb = result["authorities"]["GB"]
    assert gb.exchange(result["requests"][1].message_id).types() == ["REQ", "RDL", "RAI", "RAR", "RDL", "RRS"]


def _points() -> list[tuple[str, str, int]]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        commits = run(Path(tmp), None)["commits"]
    return [(code, kind, n) for code in ("GB", "RO") for kind in COMMIT_KINDS for n in range(1, commits[code].get(kind, 0) + 1)]


@pytest.mark.parametrize("die", _points(), ids=lambda p: f"{p[0]}-{p[1]}-{p[2]}")
def test_a_crash_right_after_any_commit_loses_and_repeats_nothing(tmp_path: Path, die: tuple[str, str, int]) -> None:
    result = run(tmp_path, die)
    assert result["dead"] == [die[0]]
    check(result)


def test_restart_sends_again_only_when_the_transport_is_up(tmp_path: Path) -> None:
    """A restarted outbox does not send from inside the constructor (where the peer may not be
    registered yet) and a refusal is retried: the request arrives once the peer is there."""
    clock = VirtualClock(seed=1)
    network = MemoryNetwork(clock)
    path = tmp_path / "gb.sqlite"
    gb = Authority("GB", network, Policy(validator=None), journal=Journal(path))
    request = gb.request(factories.person(), "RO")  # RO is not there: refused, retried
    clock.advance(dt.timedelta(minutes=2))
    gb.stop()
    gb.journal.close()  # type: ignore[union-attr]
    again = Authority("GB", network, Policy(validator=None), journal=Journal(path))  # before RO exists
    ro = Authority("RO", network, Policy(validator=None))
    clock.run_until_idle()
    assert again.exchange(request.message_id).state.value == "answered"
    assert len(ro.book.history(type="REQ")) == 1
    again.journal.close()  # type: ignore[union-attr]


def test_month_end_hold_back_uses_the_link_latency() -> None:
    """A ten-minute link: a request sent at 21:55 on 31 March would arrive inside the window;
    it is held back and arrives after it, and the exchange ends answered."""
    clock = VirtualClock(dt.datetime(2026, 3, 31, 21, 55, tzinfo=dt.timezone.utc))
    network = MemoryNetwork(clock, link_latency={("GB", "RO"): dt.timedelta(minutes=10)})
    gb = Authority("GB", network, Policy(validator=None))
    ro = Authority("RO", network, Policy(validator=None))
    request = gb.request(factories.person(), "RO")
    clock.run_until_idle()
    arrived = [e.at for e in network.events if e.kind == "delivered" and e.message_id == request.message_id]
    assert arrived[0] == dt.datetime(2026, 4, 1, 2, 10, 1, 1, tzinfo=dt.timezone.utc)
    assert ro.inbox.duplicates == len(arrived) - 1  # retries sent before the first copy arrived
    assert gb.book.history(type="FEM") == [] and ro.book.history(type="FEM") == []
    assert gb.exchange(request.message_id).state.value == "answered"


def test_a_wider_safety_margin_holds_back_earlier() -> None:
    clock = VirtualClock(dt.datetime(2026, 3, 31, 21, 40, tzinfo=dt.timezone.utc))
    network = MemoryNetwork(clock)
    gb = Authority("GB", network, Policy(validator=None, latency_margin=dt.timedelta(minutes=30)))
    Authority("RO", network, Policy(validator=None))
    request = gb.request(factories.person(), "RO")
    clock.run_until_idle()
    sent = [e.at for e in network.events if e.kind == "sent" and e.message_id == request.message_id]
    assert sent[0] > dt.datetime(2026, 4, 1, 2, 0, tzinfo=dt.timezone.utc)


def test_a_deadline_message_follows_every_rar_before_the_answer() -> None:
    """After a RAR the period restarts (FD Art. 8): a new RDL is due, and it must reach the
    requester even when the bureau answers faster than it announces deadlines."""
    clock = VirtualClock(seed=5)
    network = MemoryNetwork(clock)
    fast_answer = Profile(
        name="answers before it announces",
        deadline_delay=Delay(median=dt.timedelta(hours=2)),
        answer_delay=Delay(median=dt.timedelta(minutes=1)),
    )
    gb = Authority("GB", network, Policy(validator=None))
    ro = Authority("RO", network, Policy(profile=fast_answer, validator=None), register=ro_register())
    request = gb.request(VAGUE, "RO", identity=BRASOV)
    clock.run_until_idle()
    exchange = gb.exchange(request.message_id)
    assert exchange.types() == ["REQ", "RDL", "RAI", "RAR", "RDL", "RRS"]
    assert exchange.deadline.announced == gb.book.history(type="RDL")[-1].deadline
    assert ro.exchange(request.message_id).state.value == "answered"


def test_a_cancelled_exchange_stops_its_retries() -> None:
    clock = VirtualClock(seed=2)
    network = MemoryNetwork(clock)
    gb = Authority("GB", network, Policy(validator=None))
    Authority("IT", network, Policy(profile="down", validator=None))
    request = gb.request(factories.person(nationalities=("CO-00-380-ITA",)), "IT")
    clock.advance(dt.timedelta(minutes=10))
    gb.cancel(request)
    assert gb.outbox.items[request.message_id].status is OutboxStatus.WITHDRAWN
    attempts = gb.outbox.items[request.message_id].attempts
    clock.advance(dt.timedelta(days=1))
    assert gb.outbox.items[request.message_id].attempts == attempts
    assert gb.exchange(request.message_id).state.value == "cancelled"
