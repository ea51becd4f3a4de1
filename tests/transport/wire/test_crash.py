"""Crash test: authorities in their own processes, each on its own journal (an SQLite file),
killed with SIGKILL at random points and right after each kind of commit, restarted in any
order, and the network run to quiet. Then nothing may be missing or doubled: every request
answered exactly once, every deadline message there (one RDL, plus one after each RAR),
nothing processed twice, nothing undelivered and no exchange in ``error``.

How the processes talk: each runs ``crash_worker.py`` (a simulated :class:`Authority` on a
:class:`Journal`), and this driver is the network between them. It keeps the time (every
process's virtual clock follows it), carries messages as ECRIS XML with a two-second latency,
and carries each transport receipt back once the receiver has answered the delivery (that is,
once it committed its handling). A message to a dead process is lost; so is a receipt to one.

By default a bounded run (20 kills, some 20 seconds); ``ECRISLIB_SLOW=1`` adds one with at least
200 kills. ``python tests/transport/test_crash.py KILLS REQUESTS`` runs one by hand and prints
the figures.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.support import crash_worker

WORKER = Path(crash_worker.__file__)  # run as a script, one process per authority
CODES = ("BE", "PL", "RO")
KINDS = ("send", "receive", "action", "attempt", "receipt")
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)
LATENCY = dt.timedelta(seconds=2)
PEOPLE = 9


class Node:
    """One authority's process, and what the driver knows of it."""

    def __init__(self, code: str, journal: Path) -> None:
        self.code = code
        self.journal = journal
        self.proc: subprocess.Popen[str] | None = None
        self.next: dt.datetime | None = None
        self.restart_at: dt.datetime | None = None
        self.armed = ""  # the commit kind it is set to die after

    @property
    def alive(self) -> bool:
        return self.proc is not None


class Driver:
    def __init__(self, directory: Path, *, kills: int, requests: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.kills_wanted = kills
        self.now = START
        self.nodes = {code: Node(code, directory / f"{code}.sqlite") for code in CODES}
        self.wire: list[tuple[dt.datetime, int, str, str, str]] = []  # (at, seq, target, op, payload)
        self.seq = itertools.count()
        self.kills: dict[str, int] = {kind: 0 for kind in (*KINDS, "random")}
        self.starts = 0
        self.ops = 0
        self.pending_requests: list[tuple[dt.datetime, str, str, int]] = []
        self.deliveries: dict[str, int] = {}
        self.add_requests(requests, START)

    def add_requests(self, count: int, since: dt.datetime) -> None:
        """``count`` requests from random senders, spread over the two hours after ``since``."""
        for _ in range(count):
            sender, receiver = self.rng.sample(CODES, 2)
            at = since + dt.timedelta(seconds=self.rng.random() * 7200)
            self.pending_requests.append((at, sender, receiver, self.rng.randrange(PEOPLE)))
        self.pending_requests.sort()
        self.request_calls = getattr(self, "request_calls", 0) + count

    # -- processes ---------------------------------------------------------------------------
    @property
    def killed(self) -> int:
        return sum(self.kills.values())

    def start(self, node: Node) -> None:
        args = [sys.executable, str(WORKER), node.code, str(node.journal), self.now.isoformat(), str(self.rng.randrange(1 << 30))]
        node.armed = ""
        if self.killed < self.kills_wanted and self.rng.random() < 0.9:
            fewest = min(self.kills[kind] for kind in KINDS)  # every kind of commit gets its turn
            node.armed = self.rng.choice([kind for kind in KINDS if self.kills[kind] == fewest])
            args += [node.armed, str(self.rng.randint(1, 3))]
        self.starts += 1
        node.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        node.restart_at = None
        self.call(node, {"op": "advance"})

    def died(self, node: Node, reason: str) -> None:
        assert node.proc is not None
        node.proc.kill()
        node.proc.wait()
        node.proc.stdin.close()  # type: ignore[union-attr]
        node.proc.stdout.close()  # type: ignore[union-attr]
        node.proc = None
        node.next = None
        self.kills[reason] += 1
        node.restart_at = self.now + dt.timedelta(seconds=self.rng.random() * 1200)

    def call(self, node: Node, command: dict[str, Any]) -> dict[str, Any] | None:
        """Send one command; None if the process died on it (on purpose, or killed by us)."""
        assert node.proc is not None and node.proc.stdin is not None and node.proc.stdout is not None
        self.ops += 1
        command["at"] = self.now.isoformat()
        # A request call is the embedding system's: it is not killed at random, so that the
        # driver knows which requests were made (a hook may still kill right after its commit).
        kill_now = command["op"] != "request" and self.killed < self.kills_wanted and self.rng.random() < 0.02
        try:
            node.proc.stdin.write(json.dumps(command) + "\n")
            node.proc.stdin.flush()
            if kill_now:  # at a random point of the command's work (or just after it)
                time.sleep(self.rng.random() * 0.004)
                node.proc.send_signal(signal.SIGKILL)
            line = node.proc.stdout.readline()
        except BrokenPipeError:
            line = ""
        if not line.endswith("\n"):
            self.died(node, "random" if kill_now or not node.armed else node.armed)
            return None
        answer: dict[str, Any] = json.loads(line)
        for receiver, xml in answer["out"]:
            self.put(self.now + LATENCY, receiver, "deliver", xml)
        node.next = dt.datetime.fromisoformat(answer["next"]) if answer["next"] else None
        if kill_now:  # it had answered before the signal landed: it is dead all the same
            node.proc.wait()
            self.died(node, "random")
        return answer

    def put(self, at: dt.datetime, target: str, op: str, payload: str) -> None:
        heapq.heappush(self.wire, (at, next(self.seq), target, op, payload))

    # -- the network -------------------------------------------------------------------------
    def step(self) -> bool:
        """Move to the next instant anything happens and do it; False when all is quiet."""
        times = [n.next for n in self.nodes.values() if n.alive and n.next is not None]
        times += [n.restart_at for n in self.nodes.values() if not n.alive and n.restart_at is not None]
        if self.wire:
            times.append(self.wire[0][0])
        if not self.pending_requests and self.killed < self.kills_wanted:
            self.add_requests(len(CODES) * 3, self.now)  # work goes on until the kills are done
        if self.pending_requests:
            times.append(self.pending_requests[0][0])
        if not times:
            return False
        self.now = max(self.now, min(times))
        for node in self.rng.sample(list(self.nodes.values()), len(self.nodes)):  # any order
            if not node.alive and node.restart_at is not None and node.restart_at <= self.now:
                self.start(node)
        while self.pending_requests and self.pending_requests[0][0] <= self.now:
            _at, sender, receiver, person = self.pending_requests.pop(0)
            node = self.nodes[sender]
            if node.alive:
                self.call(node, {"op": "request", "to": receiver, "person": person})
            else:  # the embedding system finds its authority down and tries again later
                self.pending_requests.append((self.now + dt.timedelta(minutes=5), sender, receiver, person))
                self.pending_requests.sort()
        while self.wire and self.wire[0][0] <= self.now:
            _at, _seq, target, op, payload = heapq.heappop(self.wire)
            node = self.nodes[target]
            if not node.alive:
                continue  # lost: the sender's outbox tries again
            if op == "deliver":
                self.deliveries[payload] = self.deliveries.get(payload, 0) + 1
                answer = self.call(node, {"op": "deliver", "xml": payload})
                if answer is not None:
                    sender = answer["ack"][:2]
                    self.put(self.now + LATENCY, sender, "receipt", answer["ack"])
            else:
                self.call(node, {"op": "receipt", "id": payload})
        for node in self.nodes.values():
            if node.alive and node.next is not None and node.next <= self.now:
                self.call(node, {"op": "advance"})
        return True

    def run(self) -> dict[str, Any]:
        began = time.perf_counter()
        for node in self.nodes.values():
            self.start(node)
        while True:
            while self.step():
                assert self.now < START + dt.timedelta(days=60), "the network never came to quiet"
            dead = [n for n in self.nodes.values() if not n.alive]
            if not dead:
                break
            for node in dead:  # quiet only because someone is down: bring it back
                node.restart_at = self.now
        reports = {}
        for node in self.nodes.values():
            self.kills_wanted = self.killed  # no more kills while reporting
            answer = self.call(node, {"op": "report"})
            assert answer is not None
            reports[node.code] = answer["report"]
            assert node.proc is not None and node.proc.stdin is not None
            node.proc.stdin.close()
            node.proc.wait()
            node.proc.stdout.close()  # type: ignore[union-attr]
            node.proc = None
        figures = check(reports)
        figures.update(
            kills=self.killed,
            kills_by_kind=dict(self.kills),
            starts=self.starts,
            request_calls=self.request_calls,
            redelivered=sum(count > 1 for count in self.deliveries.values()),
            virtual_hours=round((self.now - START).total_seconds() / 3600, 1),
            wall_seconds=round(time.perf_counter() - began, 1),
        )
        return figures

    def close(self) -> None:
        for node in self.nodes.values():
            if node.proc is not None:
                node.proc.kill()
                node.proc.wait()


def check(reports: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The figures: requests, and what is lost, doubled, missing or silently in error."""
    outgoing = {e["id"]: e for r in reports.values() for e in r["exchanges"] if e["direction"] == "outgoing"}
    incoming = {e["id"]: e for r in reports.values() for e in r["exchanges"] if e["direction"] == "incoming"}
    lost = [i for i, e in outgoing.items() if e["answers"] == 0 or i not in incoming]
    double = [i for i, e in {**outgoing, **incoming}.items() if e["answers"] > 1]
    double += [m for r in reports.values() for m in r["recorded_twice"]]
    missing_deadlines = []
    for exchange_id, exchange in outgoing.items():
        types = exchange["types"]
        if exchange["response"] in ("RRT-00-01", "RRT-00-02"):  # refused at once: no deadline runs
            expected = 0
        else:  # one RDL, and a new one after each RAR (the period restarts)
            expected = 1 + types.count("RAR")
        if types.count("RDL") != expected or (expected and exchange["announced"] is None):
            (double if types.count("RDL") > expected else missing_deadlines).append(exchange_id)
    silent_errors = [i for i, e in {**outgoing, **incoming}.items() if e["state"] in ("error", "overdue")]
    silent_errors += [m for r in reports.values() for m in r["undelivered"]]
    return {
        "requests": len(outgoing),
        "lost": len(lost),
        "double": len(double),
        "missing_deadlines": len(missing_deadlines),
        "silent_errors": len(silent_errors),
        "rai_exchanges": sum("RAI" in e["types"] for e in outgoing.values()),
        "orphans": sum(r["orphans"] for r in reports.values()),
        "examples": (lost + double + missing_deadlines + silent_errors)[:5],
    }


def crash_run(directory: Path, kills: int, requests: int, seed: int) -> dict[str, Any]:
    driver = Driver(directory, kills=kills, requests=requests, seed=seed)
    try:
        return driver.run()
    finally:
        driver.close()


RUNS = [(20, 30, 1)] + ([(220, 450, 2)] if os.environ.get("ECRISLIB_SLOW") == "1" else [])


@pytest.mark.parametrize(("kills", "requests", "seed"), RUNS)
def test_nothing_lost_or_doubled_across_sigkills(tmp_path: Path, kills: int, requests: int, seed: int) -> None:
    figures = crash_run(tmp_path, kills, requests, seed)
    print(figures)
    assert figures["kills"] >= kills
    assert all(figures["kills_by_kind"][kind] > 0 for kind in KINDS), figures  # each kind of commit
    assert figures["requests"] == figures["request_calls"], figures  # every request call committed once
    assert figures["rai_exchanges"] > 0 and figures["redelivered"] > 0, figures  # RAR paths, duplicates
    assert (figures["lost"], figures["double"], figures["missing_deadlines"], figures["silent_errors"]) == (0, 0, 0, 0), figures
    assert figures["orphans"] == 0, figures


if __name__ == "__main__":  # pragma: no cover - a run by hand
    import tempfile

    kills_arg = int(sys.argv[1]) if len(sys.argv) > 1 else 220
    requests_arg = int(sys.argv[2]) if len(sys.argv) > 2 else 450
    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps(crash_run(Path(tmp), kills_arg, requests_arg, seed=int(sys.argv[3]) if len(sys.argv) > 3 else 2), indent=1))
