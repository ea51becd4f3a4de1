"""One-way SOAP delivery over loopback HTTP, as a ratio to a raw POST of the same bytes.

    python benchmarks/bench_soap.py [--rounds N] [--messages M] [--message notification|request]

Each round sends M one-way messages (a notification of 4 KB, or with ``--message request`` a
request of 2 KB: small messages are most of real traffic) over one keep-alive connection three
times, interleaved: (a) the floor, ``httpx.Client.post`` of the envelope bytes to a trivial
ASGI app that reads the body and answers 202, served by the same uvicorn runner; (b) ours as
an authority sends, ``SoapTransport.send`` of the message with the bytes its outbox holds
(serialised once by the sender, for its journal, whatever the transport: the envelope wraps
them), POSTed, answer read, to ``SoapAsgi`` + ``SoapService`` (envelope read by the hardened
parser, action checked, message parsed into the model, handed to the endpoint); (c) the same
with the model alone (the envelope serialises it). Each server runs in its own process
(uvicorn in a thread of a child interpreter), as a peer would: in one process the server's
CPU work and the client's would queue for the same GIL. Reports messages per second of each
and the ratio of time per message to the floor's (median and spread over rounds), and the
in-process cost of writing and of reading the message. Goal (issue 11): ratio (b) <= 1.5.
Where the difference goes: the CPU time each server process spends per message (read from
``/proc`` on Linux), beside the in-process cost of writing and of reading the message (in a
tight loop, where caches stay warm: inside the server the same instructions run slower).
Timings are reported, never asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from typing import Callable

import attrs
import httpx

from ecrislib.ids import SequentialIds
from ecrislib.model.messages import Message, Metadata
from ecrislib.soap.asgi import SoapAsgi
from ecrislib.soap.client import SoapTransport
from ecrislib.soap.envelope import action_of, content_type, envelope, read_envelope
from ecrislib.soap.http_server import HttpServer
from ecrislib.soap.partners import Partners
from ecrislib.soap.server import SoapService
from ecrislib.testing import factories
from ecrislib.transport import VirtualClock
from ecrislib.xml.codec import serialize


class Sink:
    code = "RO"

    def __init__(self) -> None:
        self.count = 0

    def on_message(self, message: object) -> None:
        self.count += 1

    def on_receipt(self, receipt: object) -> None:
        pass

    def is_alive(self) -> bool:
        return True


async def trivial(scope, receive, send) -> None:  # type: ignore[no-untyped-def]
    """The floor: read the body, answer 202."""
    more = True
    while more:
        event = await receive()
        more = event.get("more_body", False)
    await send({"type": "http.response.start", "status": 202, "headers": [(b"content-length", b"0")]})
    await send({"type": "http.response.body", "body": b""})


def serve(kind: str) -> None:
    """Child process: serve the floor or ours, print the URL, stop when stdin closes."""
    app = trivial if kind == "floor" else SoapAsgi({"/ecris/RO": SoapService(Sink())}, threaded=False)
    server = HttpServer(app).start()
    print(server.url, flush=True)
    sys.stdin.read()
    server.stop()


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of process ``pid`` so far (Linux's /proc), or None elsewhere."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def child(kind: str) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen([sys.executable, __file__, "--serve", kind], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    return process, process.stdout.readline().strip()  # type: ignore[union-attr]


#: The one-way messages the benchmark can send, each built the same way every run.
_TEMPLATES: dict[str, Callable[[], Message]] = {
    "notification": lambda: factories.notification(sender="GB", receiver="RO"),
    "request": lambda: factories.request(sender="GB", receiver="RO"),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--message", choices=tuple(_TEMPLATES), default="notification", help="what is sent: a notification (4 KB envelope) or a request (2 KB, small traffic)")
    parser.add_argument("--serve", choices=("floor", "ours"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return

    template = _TEMPLATES[args.message]()
    data = envelope(template)
    headers = {"content-type": content_type(action_of(template.ROOT))}
    floor_process, floor_url = child("floor")
    ours_process, ours_url = child("ours")
    clock = VirtualClock()
    ids = SequentialIds()
    transport = SoapTransport(Partners.of({"RO": ours_url + "/ecris/RO"}), clock)
    transport.register(Sink.__new__(type("GB", (Sink,), {"code": "GB"})))
    kind = template.message_id.type
    messages = [attrs.evolve(template, metadata=Metadata.new("GB", "RO", kind, ids=ids, clock=clock)) for _ in range(args.messages)]
    outbox = [(message, serialize(message)) for message in messages]  # what each sender's outbox holds
    floor_times, our_times, model_times = [], [], []
    floor_cpu: list[float] = []
    floor_client: list[float] = []  # the client's CPU (this process) per message
    our_client: list[float] = []
    our_cpu: list[float] = []
    try:
        with httpx.Client(trust_env=False) as client:
            for _ in range(2):  # warm up both
                client.post(floor_url + "/", content=data, headers=headers)
                transport.send("GB", messages[0])
            for _ in range(args.rounds):
                before = cpu_seconds(floor_process.pid)
                start, cpu = time.perf_counter(), time.process_time()
                for _ in range(args.messages):
                    client.post(floor_url + "/", content=data, headers=headers)
                floor_times.append((time.perf_counter() - start) / args.messages)
                floor_client.append((time.process_time() - cpu) / args.messages)
                after = cpu_seconds(floor_process.pid)
                if before is not None and after is not None:
                    floor_cpu.append((after - before) / args.messages)
                before = cpu_seconds(ours_process.pid)
                start, cpu = time.perf_counter(), time.process_time()
                for message, wire in outbox:
                    transport.send("GB", message, wire)
                our_times.append((time.perf_counter() - start) / args.messages)
                our_client.append((time.process_time() - cpu) / args.messages)
                after = cpu_seconds(ours_process.pid)
                if before is not None and after is not None:
                    our_cpu.append((after - before) / args.messages)
                clock.run_until_idle()
                start = time.perf_counter()
                for message in messages:
                    transport.send("GB", message)
                model_times.append((time.perf_counter() - start) / args.messages)
                clock.run_until_idle()
    finally:
        transport.close()
        for process in (floor_process, ours_process):
            process.communicate(timeout=30)
    writing, reading = [], []
    for _ in range(args.rounds):  # where the difference goes: the message written and read in-process
        start = time.perf_counter()
        wrapped = [envelope(message) for message in messages]
        writing.append((time.perf_counter() - start) / args.messages)
        start = time.perf_counter()
        for message, body in zip(messages, wrapped):
            read_envelope(body, action=action_of(message.ROOT))
        reading.append((time.perf_counter() - start) / args.messages)
    ratios = [ours / floor for ours, floor in zip(our_times, floor_times)]
    model_ratios = [ours / floor for ours, floor in zip(model_times, floor_times)]
    print(f"{args.message} envelope: {len(data)} bytes; {args.rounds} interleaved rounds of {args.messages} one-way messages over loopback")
    print(f"floor (raw httpx POST, trivial ASGI app):           {1 / statistics.median(floor_times):.0f} messages/s")
    print(f"ours  (SoapTransport -> SoapService, outbox bytes): {1 / statistics.median(our_times):.0f} messages/s")
    print(f"ours  (the same, the envelope serialising):         {1 / statistics.median(model_times):.0f} messages/s")
    print(f"in-process, per message: serialising {statistics.median(writing) * 1e6:.0f} us, reading the envelope into the model {statistics.median(reading) * 1e6:.0f} us")
    if floor_cpu and our_cpu:
        print(f"server CPU per message (its process, from /proc): floor {statistics.median(floor_cpu) * 1e6:.0f} us, ours {statistics.median(our_cpu) * 1e6:.0f} us")
    print(f"client CPU per message (this process): floor {statistics.median(floor_client) * 1e6:.0f} us, ours {statistics.median(our_client) * 1e6:.0f} us")
    print(f"time per message: floor {statistics.median(floor_times) * 1e6:.0f} us, ours {statistics.median(our_times) * 1e6:.0f} us, serialising {statistics.median(model_times) * 1e6:.0f} us")
    print(f"time per message, ours / floor: median {statistics.median(ratios):.2f}, min {min(ratios):.2f}, max {max(ratios):.2f} (goal <= 1.5)")
    print(f"time per message, ours serialising / floor: median {statistics.median(model_ratios):.2f}, min {min(model_ratios):.2f}, max {max(model_ratios):.2f}")


if __name__ == "__main__":
    main()
