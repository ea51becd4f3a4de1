"""The soak simulation shared by the default-suite test and the opt-in larger run
(``ECRISLIB_SOAK=1`` or ``python tests/support/soak.py N``)."""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
import time
from typing import Any

from ecrislib.model.common import PartialDate
from ecrislib.testing import factories
from ecrislib.transport import PROFILES, Authority, Policy, sampled_validator
from ecrislib.transport import VirtualClock
from ecrislib.transport import Direction
from ecrislib.transport import FaultPlan, LinkFaults, Window
from ecrislib.transport import MemoryNetwork

STATES = sorted(c for c in factories.COUNTRY_OF_MEMBER_STATE if c != "GB")  # the 27
START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.timezone.utc)


def simulate(exchanges: int, seed: int = 1) -> dict[str, Any]:
    clock = VirtualClock(START, seed=seed)
    rng = clock.rng
    faults = FaultPlan(
        default=LinkFaults(loss=0.10, duplication=0.05, reorder=0.2, extra_delay=dt.timedelta(seconds=30)),
        down={"DE": (Window(START + dt.timedelta(days=1, hours=2), START + dt.timedelta(days=1, hours=8)),)},
    )
    network = MemoryNetwork(clock, faults=faults, keep_messages=False)
    authorities: dict[str, Authority] = {}
    people: dict[str, list[Any]] = {}
    for index, code in enumerate(STATES):
        profile = PROFILES["manual"] if index % 3 == 0 else PROFILES["late"] if index % 9 == 4 else PROFILES["automated"]
        authority = Authority(code, network, Policy(profile=profile, validator=sampled_validator(0.005)))
        nationality = factories.COUNTRY_OF_MEMBER_STATE[code]
        pool = []
        for n in range(40):
            person = factories.person(forename=f"F{n}", surname=f"S{code}", birth_date=PartialDate(1950 + n, 1, 1), nationalities=(nationality,))
            convictions = [factories.conviction(country=code, number=n + 1)] if n % 5 == 0 else []
            authority.register.add_person(person, convictions)
            pool.append(person)
        authorities[code] = authority
        people[code] = pool
    requests = []
    spread = dt.timedelta(days=5).total_seconds()

    def fire(sender: str, receiver: str, person: Any) -> None:
        requests.append(authorities[sender].request(person, receiver))

    for _ in range(exchanges):
        sender, receiver = rng.sample(STATES, 2)
        person = rng.choice(people[receiver])
        clock.schedule(dt.timedelta(seconds=rng.random() * spread), lambda s=sender, r=receiver, p=person: fire(s, r, p), "start")

    def daily_overdue_check() -> None:
        for authority in authorities.values():
            authority.overdue()
        if clock.pending > 1:
            clock.schedule(dt.timedelta(days=1), daily_overdue_check, "overdue-check")

    clock.schedule(dt.timedelta(hours=15), daily_overdue_check, "overdue-check")
    clock.run_until_idle()
    return {"clock": clock, "network": network, "authorities": authorities, "requests": requests}


def check(result: dict[str, Any]) -> str:
    """Assert the soak's promises; the transcript's hash."""
    network, authorities, requests = result["network"], result["authorities"], result["requests"]
    answers: dict[Any, set[Any]] = {}
    first_answer_at = {code: _first_answer_times(authority) for code, authority in authorities.items()}
    for request in requests:
        requester = authorities[request.sender]
        exchange = requester.exchange(request.message_id)
        assert len(exchange.answers) == 1, (request.message_id, exchange.types())  # answered exactly once
        assert exchange.finished and exchange.state.value == "answered", (request.message_id, exchange.state)
        deadline = exchange.deadline
        assert deadline is not None and deadline.announced is not None  # every deadline known
        answered_at = first_answer_at[request.sender][exchange.id]
        assert answered_at.date() <= deadline.date or exchange.was_overdue  # every deadline accounted
        answers.setdefault(request.message_id, set()).update(exchange.answers)
    for authority in authorities.values():
        assert all(item.status.value == "delivered" for item in authority.outbox.items.values())  # nothing lost
        assert authority.book.orphans == []
        responded = [e for e in authority.book.exchanges.values() if e.direction is Direction.INCOMING]
        assert all(len(e.answers) == 1 for e in responded)
    return hashlib.sha256("\n".join(network.transcript()).encode()).hexdigest()


def _first_answer_times(authority: Any) -> dict[Any, Any]:
    """When each exchange's first RRS was booked (one pass over the book, not one per request)."""
    first: dict[Any, Any] = {}
    for entry in authority.book.entries:
        if entry.type == "RRS":
            first.setdefault(entry.exchange, entry.at)
    return first


if __name__ == "__main__":  # pragma: no cover - the opt-in large run
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    began = time.perf_counter()
    outcome = simulate(size)
    digest = check(outcome)
    print(f"{size} exchanges, {len(outcome['network'].events)} wire events, {time.perf_counter() - began:.1f}s, transcript {digest}")
