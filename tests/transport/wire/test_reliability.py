"""Clock, faults, outbox retries, exactly-once processing, the durable journal and the plugin."""

from __future__ import annotations

import datetime as dt
import gc
import os
import stat
import subprocess
import sys
import weakref
from pathlib import Path
from typing import Callable

from ecrislib.testing import factories
from ecrislib.transport import Authority
from ecrislib.transport import VirtualClock
from ecrislib.transport import Event
from ecrislib.transport import State
from ecrislib.transport import DeadlineRules, calendar
from ecrislib.transport import FaultPlan, LinkFaults, Window
from ecrislib.transport import Journal
from ecrislib.transport import MemoryNetwork
from ecrislib.transport import DEFAULT_WINDOW


def test_virtual_clock_orders_events_and_jumps() -> None:
    clock = VirtualClock(seed=1)
    seen: list[str] = []
    clock.schedule(dt.timedelta(days=7), lambda: seen.append("week"))
    clock.schedule(dt.timedelta(seconds=1), lambda: seen.append("a"))
    clock.schedule(dt.timedelta(seconds=1), lambda: seen.append("b"))
    cancelled = clock.schedule(dt.timedelta(seconds=2), lambda: seen.append("never"))
    cancelled.cancel()
    clock.advance(dt.timedelta(seconds=1))
    assert seen == ["a", "b"]
    clock.run_until_idle()
    assert seen == ["a", "b", "week"] and clock.now() == VirtualClock().now() + dt.timedelta(days=7)


def test_realtime_mode_follows_the_wall_clock() -> None:
    clock = VirtualClock(realtime=True, speed=1000.0)
    seen: list[dt.datetime] = []
    clock.schedule(dt.timedelta(seconds=5), lambda: seen.append(clock.now()))  # 5 ms of real time
    clock.run_until_idle()
    assert seen and seen[0] >= VirtualClock().now() + dt.timedelta(seconds=5)


def test_working_days_and_rules() -> None:
    ro = calendar("RO")
    assert not ro.is_working_day(dt.date(2026, 1, 6))  # Epiphany, a public holiday in Romania
    assert calendar("GB").is_working_day(dt.date(2026, 1, 6))
    assert ro.add_working_days(dt.date(2026, 1, 5), 1) == dt.date(2026, 1, 8)
    rules = DeadlineRules(working_days_by_purpose={"P-00-001": 10, "P-00-004": 20}, default_working_days=15)
    assert [rules.working_days(p) for p in ("P-00-001001", "P-00-004001", "P-00-002001")] == [10, 20, 15]


def test_month_end_window_edges() -> None:
    utc = dt.timezone.utc
    assert not DEFAULT_WINDOW.contains(dt.datetime(2026, 1, 31, 21, 59, 59, tzinfo=utc))
    assert DEFAULT_WINDOW.contains(dt.datetime(2026, 1, 31, 21, 59, 59, 1, tzinfo=utc))
    assert DEFAULT_WINDOW.contains(dt.datetime(2026, 2, 1, 2, 0, 0, tzinfo=utc))
    assert not DEFAULT_WINDOW.contains(dt.datetime(2026, 2, 1, 2, 0, 1, tzinfo=utc))
    assert not DEFAULT_WINDOW.contains(dt.datetime(2026, 1, 30, 23, 0, tzinfo=utc))


def test_lost_message_is_retransmitted_and_duplicates_processed_once() -> None:
    clock = VirtualClock(seed=4)
    faults = FaultPlan(links={("GB", "RO"): LinkFaults(loss=0.5, duplication=0.5, reorder=1.0)})
    network = MemoryNetwork(clock, faults=faults)
    gb = Authority("GB", network)
    ro = Authority("RO", network)
    requests = [gb.request(factories.person(), "RO") for _ in range(20)]
    clock.run_until_idle()
    kinds = [e.kind for e in network.events]
    assert "lost" in kinds and "duplicated" in kinds
    assert ro.inbox.duplicates > 0
    for request in requests:
        assert gb.exchange(request.message_id).state is State.ANSWERED
        assert len(ro.book.history(exchange=request.message_id, type="REQ")) == 1  # processed once
        assert gb.outbox.items[request.message_id].status.value == "delivered"
    assert max(item.attempts for item in gb.outbox.items.values()) > 1


def test_work_done_lets_go_of_its_timers() -> None:
    """A long-running simulation keeps no event of a retry, a deadline or a plan once it is
    over: memory grows with the record (book, network log), not with the timers."""
    clock = VirtualClock(seed=4)
    scheduled: list[weakref.ref[Event]] = []  # every event of this run, without keeping it alive
    schedule_at = clock.schedule_at

    def noting(at: dt.datetime, action: Callable[[], None], label: str = "") -> Event:
        event = schedule_at(at, action, label)
        scheduled.append(weakref.ref(event))
        return event

    clock.schedule_at = noting  # type: ignore[method-assign]
    network = MemoryNetwork(clock, faults=FaultPlan(links={("GB", "RO"): LinkFaults(loss=0.5, duplication=0.5)}))
    gb, ro = Authority("GB", network), Authority("RO", network)
    for _ in range(10):
        gb.request(factories.person(), "RO")
    clock.run_until_idle()
    assert all(gb.exchange(e.id).state is State.ANSWERED for e in gb.book.exchanges.values())
    gc.collect()
    assert len(scheduled) > 50  # retries, deadlines, answers, receipts
    assert [ref() for ref in scheduled if ref() is not None] == []
    assert gb.outbox.items and ro.outbox.items  # they are still here, without their timers


def test_endpoint_down_for_a_window_then_delivered() -> None:
    clock = VirtualClock(seed=4)
    window = Window(clock.now(), clock.now() + dt.timedelta(hours=3))
    network = MemoryNetwork(clock, faults=FaultPlan(down={"RO": (window,)}))
    gb = Authority("GB", network)
    Authority("RO", network)
    assert gb.ping("RO") is False
    request = gb.request(factories.person(), "RO")
    clock.run_until_idle()
    assert gb.exchange(request.message_id).state is State.ANSWERED
    delivered = [e.at for e in network.events if e.kind == "delivered" and e.message_id == request.message_id]
    assert delivered[0] >= window.end


def test_journal_is_private_and_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "gb.sqlite"
    clock = VirtualClock(seed=9)
    network = MemoryNetwork(clock, faults=FaultPlan(down={"RO": (Window(clock.now(), clock.now() + dt.timedelta(hours=1)),)}))
    journal = Journal(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    gb = Authority("GB", network, journal=journal)
    ro = Authority("RO", network)
    request = gb.request(factories.person(), "RO")
    clock.advance(dt.timedelta(minutes=10))  # RO is down: not delivered yet
    gb.stop()  # the embedding system stops...
    journal.close()

    restarted = Authority("GB", network, journal=Journal(path))  # ...and starts again
    assert restarted.exchange(request.message_id).state is State.SENT
    clock.run_until_idle()
    assert restarted.exchange(request.message_id).state is State.ANSWERED
    assert len(ro.book.history(type="REQ")) == 1  # repeated nothing
    new = restarted.request(factories.person(), "RO")
    assert new.message_id.number == request.message_id.number + 1  # IDs continue
    restarted.journal.close()  # type: ignore[union-attr]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_journal_keeps_no_personal_data_in_logs(tmp_path: Path, caplog) -> None:  # type: ignore[no-untyped-def]
    import logging

    caplog.set_level(logging.DEBUG, logger="ecrislib.transport")
    clock = VirtualClock(seed=9)
    network = MemoryNetwork(clock)
    gb = Authority("GB", network, journal=Journal(tmp_path / "j.sqlite"))
    Authority("RO", network)
    gb.request(factories.person(forename="Zamfira", surname="Secretescu"), "RO")
    clock.run_until_idle()
    assert caplog.records
    assert "Zamfira" not in caplog.text and "Secretescu" not in caplog.text


def test_a_new_project_can_use_the_fixtures(tmp_path: Path) -> None:
    docs = (Path(__file__).parents[3] / "docs" / "transport.md").read_text(encoding="utf-8")
    block = docs.split("<!-- embedding-test -->")[1].split("<!-- /embedding-test -->")[0]
    code = block.split("```python")[1].split("```")[0]
    (tmp_path / "test_embedding.py").write_text(code, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


def test_deliberate_transport_errors_are_ecris_errors(tmp_path: Path) -> None:
    import pytest

    from ecrislib.errors import EcrisError
    from ecrislib.transport import ExchangeStateError, SimulationError, TransportConfigError, UnknownExchangeError

    with pytest.raises(TransportConfigError):
        VirtualClock(dt.datetime(2026, 2, 2, 9, 0))  # naive
    with pytest.raises(TransportConfigError):
        LinkFaults(loss=1.5)
    with pytest.raises(TransportConfigError):
        Journal(tmp_path / "j.sqlite", synchronous="sometimes")  # type: ignore[arg-type]
    with pytest.raises(TransportConfigError):
        DeadlineRules(working_days_by_purpose=[("P-00-001", 10)])  # type: ignore[arg-type]
    clock = VirtualClock()
    gb = Authority("GB", MemoryNetwork(clock))
    request = factories.request()
    with pytest.raises(UnknownExchangeError):
        gb.exchange(request.message_id)
    sent = gb.request(factories.person(), "RO")  # nobody is there: retried forever
    with pytest.raises(ExchangeStateError):
        gb.book.close(sent.message_id)
    with pytest.raises(SimulationError):
        clock.run_until(lambda: False, max_events=50)
    for error in (TransportConfigError, SimulationError, UnknownExchangeError, ExchangeStateError):
        assert issubclass(error, EcrisError)
