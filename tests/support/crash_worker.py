"""One simulated central authority in its own process, on its own journal (an SQLite file),
for the crash test (``test_crash.py``): the driver talks to it in JSON lines on stdin/stdout
and carries its messages, as ECRIS XML, to the other processes.

    python crash_worker.py CODE JOURNAL NOW SEED [DIE_AFTER_KIND DIE_AFTER_N]

With the last two arguments the process kills itself with SIGKILL right after its
``DIE_AFTER_N``-th commit of that kind (``send``, ``receive``, ``action``, ``attempt``,
``receipt``), before any work that waits for the commit.

Commands (one JSON object a line, each with ``"at"``: the network's time, to which the
authority's clock runs first) and what each answers:

* ``{"op": "advance"}``: only that;
* ``{"op": "deliver", "xml": text}``: a message arrived (answers with ``"ack"``: its ID, the
  transport receipt the driver carries back);
* ``{"op": "receipt", "id": text}``: a message this authority sent was delivered;
* ``{"op": "request", "to": code, "person": n}``: the embedding system asks ``to`` about its
  person number ``n`` (answers with ``"id"``);
* ``{"op": "report"}``: what the journal and the book say (answers with ``"report"``).

Every answer also carries ``"out"`` (the messages handed to the network: receiver and XML) and
``"next"`` (when the authority's next planned event is due, or null).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import sys
from typing import Any

from ecrislib.ids import MessageId
from ecrislib.model.common import PartialDate
from ecrislib.testing import factories
from ecrislib.transport import Authority, Delay, Policy, Profile
from ecrislib.transport import Receipt, UnknownEndpointError
from ecrislib.transport import VirtualClock
from ecrislib.transport import Journal
from ecrislib.transport import OutboxStatus
from ecrislib.register import MemoryRegister
from ecrislib.xml.codec import parse, serialize

LATENCY = dt.timedelta(seconds=2)
PEOPLE = 9  # per member state: 0-5 plain, 6 (vague birth town) is one of two namesakes, 8 foreign
PROFILE = Profile(
    name="crash-test bureau",
    deadline_delay=Delay(median=dt.timedelta(minutes=2), sigma=0.5),
    answer_delay=Delay(median=dt.timedelta(minutes=10), sigma=0.8),
    notification_delay=Delay(median=dt.timedelta(minutes=5), sigma=0.5),
    additional_info_delay=Delay(median=dt.timedelta(minutes=15), sigma=0.5),
    rai_probability=0.15,
    deny_probability=0.05,
)


def _person(code: str, n: int, town: str = "Brașov") -> Any:
    nationality = factories.COUNTRY_OF_MEMBER_STATE[code] if n != 8 else "CO-00-276-DEU"
    return factories.person(
        forename=f"F{min(n, 6)}",
        surname=f"S{code}",
        birth_date=PartialDate(1960 + min(n, 6), 1, 1),
        nationalities=(nationality,),
        birth_place=factories.place(town=town),
    )


def request_subject(code: str, n: int) -> tuple[Any, Any]:
    """Who a request about person ``n`` of ``code`` names, and the fuller identity behind it."""
    if n in (6, 7):
        return _person(code, n, town="necunoscut"), _person(code, n)
    return _person(code, n), None


def register(code: str) -> MemoryRegister:
    """The national register of ``code``: the same in every process that asks."""
    book = MemoryRegister()
    for n in range(6):
        book.add_person(_person(code, n), [factories.conviction(country=code, number=n + 1)] if n % 2 == 0 else [])
    book.add_person(_person(code, 6), [factories.conviction(country=code, number=7)])
    book.add_person(_person(code, 6, town="Cluj-Napoca"))  # the namesake: a RAI asks which one
    return book


class RelayNetwork:
    """What an :class:`Authority` needs of a network; sends wait in ``out`` for the driver."""

    def __init__(self, clock: VirtualClock) -> None:
        self.clock = clock
        self.out: list[tuple[str, str]] = []
        self.code = ""

    def register(self, endpoint: Any) -> RelayNetwork:
        self.code = endpoint.code
        return self

    def unregister(self, code: str) -> None:
        pass

    def endpoint(self, code: str) -> Any:
        raise UnknownEndpointError(f"{code} is in another process")

    def expected_latency(self, sender: str, receiver: str) -> dt.timedelta:
        return LATENCY

    def send(self, message: Any, data: bytes | None = None) -> None:  # the handle's send
        """Relay the bytes the authority serialised (the driver carries them as they are)."""
        self.out.append((message.receiver, (serialize(message) if data is None else data).decode("utf-8")))

    def ping(self, sender: str, receiver: str) -> bool:
        return False


def report(authority: Authority, journal_path: str) -> dict[str, Any]:
    """The facts the driver checks, from the book, the outbox and the journal's rows."""
    db = sqlite3.connect(journal_path)
    recorded_twice = [
        mid
        for (mid, count) in db.execute("SELECT message_id, COUNT(*) FROM messages GROUP BY message_id HAVING COUNT(*) > 1")
    ]
    db.close()
    exchanges = []
    for exchange in authority.book.exchanges.values():
        if exchange.kind.value != "request":
            continue
        types = exchange.types()
        rrs = authority.book.history(exchange=exchange, type="RRS")
        exchanges.append(
            {
                "id": str(exchange.id),
                "direction": exchange.direction.value,
                "state": exchange.state.value,
                "types": types,
                "answers": len(exchange.answers),
                "response": rrs[0].response_type.id if rrs else None,  # type: ignore[attr-defined]
                "announced": exchange.deadline.announced.isoformat() if exchange.deadline and exchange.deadline.announced else None,
            }
        )
    undelivered = [str(i.message.message_id) for i in authority.outbox.items.values() if i.status is not OutboxStatus.DELIVERED]
    return {
        "code": authority.code,
        "recorded_twice": recorded_twice,
        "exchanges": exchanges,
        "undelivered": undelivered,
        "orphans": len(authority.book.orphans),
    }


def main(argv: list[str]) -> int:
    code, path, now, seed = argv[1], argv[2], dt.datetime.fromisoformat(argv[3]), int(argv[4])
    die_kind, die_after = (argv[5], int(argv[6])) if len(argv) > 6 else ("", 0)
    commits = 0

    def after_commit(kind: str) -> None:
        nonlocal commits
        if kind == die_kind:
            commits += 1
            if commits == die_after:
                os.kill(os.getpid(), signal.SIGKILL)

    clock = VirtualClock(now, seed=seed)
    network = RelayNetwork(clock)
    authority = Authority(
        code,
        network,  # type: ignore[arg-type]
        Policy(profile=PROFILE, validator=None),
        register=register(code),
        # "off": a commit is durable once the OS has it, which is what a SIGKILL tests
        journal=Journal(path, synchronous="off", after_commit=after_commit),
    )
    out = sys.stdout
    for line in sys.stdin:
        command = json.loads(line)
        op = command["op"]
        answer: dict[str, Any] = {}
        clock.run_until(dt.datetime.fromisoformat(command["at"]))  # first, time moves on
        if op == "deliver":
            message = parse(command["xml"].encode("utf-8"))
            authority.on_message(message)
            answer["ack"] = str(message.message_id)
        elif op == "receipt":
            authority.on_receipt(Receipt(MessageId.parse(command["id"]), "", clock.now()))
        elif op == "request":
            person, identity = request_subject(command["to"], command["person"])
            answer["id"] = str(authority.request(person, command["to"], identity=identity).message_id)
        elif op == "report":
            answer["report"] = report(authority, path)
        answer["out"], network.out = network.out, []
        at = clock.next_event_at()
        answer["next"] = at.isoformat() if at is not None else None
        out.write(json.dumps(answer) + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
