"""One-way SOAP delivery over loopback HTTP, as a ratio to a raw POST of the same bytes.

    python benchmarks/bench_soap.py [--rounds N] [--messages M]

Each round sends M one-way messages (a notification) over one keep-alive connection twice,
interleaved: (a) the floor, ``httpx.Client.post`` of the envelope bytes to a trivial ASGI app
that reads the body and answers 202, served by the same uvicorn runner; (b) ours,
``SoapTransport.send`` of the message (envelope written, POSTed, answer read) to
``SoapAsgi`` + ``SoapService`` (envelope read by the hardened parser, action checked, message
parsed into the model, handed to the endpoint). Each server runs in its own process (uvicorn
in a thread of a child interpreter), as a peer would: in one process the server's CPU work
and the client's would queue for the same GIL. Reports messages per second of each and the
ratio of time per message (median and spread over rounds). Goal (issue 11): ratio <= 1.5.
Timings are reported, never asserted.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

import attrs
import httpx

from ecrislib.ids import MessageType, SequentialIds
from ecrislib.model.messages import Metadata
from ecrislib.soap.asgi import SoapAsgi
from ecrislib.soap.client import SoapTransport
from ecrislib.soap.envelope import action_of, content_type, envelope, read_envelope
from ecrislib.soap.http_server import HttpServer
from ecrislib.soap.partners import Partners
from ecrislib.soap.server import SoapService
from ecrislib.testing import factories
from ecrislib.transport import VirtualClock


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


def child(kind: str) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen([sys.executable, __file__, "--serve", kind], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    return process, process.stdout.readline().strip()  # type: ignore[union-attr]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--serve", choices=("floor", "ours"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return

    template = factories.notification(sender="GB", receiver="RO")
    data = envelope(template)
    headers = {"content-type": content_type(action_of(template.ROOT))}
    floor_process, floor_url = child("floor")
    ours_process, ours_url = child("ours")
    clock = VirtualClock()
    ids = SequentialIds()
    transport = SoapTransport(Partners.of({"RO": ours_url + "/ecris/RO"}), clock)
    transport.register(Sink.__new__(type("GB", (Sink,), {"code": "GB"})))
    messages = [attrs.evolve(template, metadata=Metadata.new("GB", "RO", MessageType.NOT, ids=ids, clock=clock)) for _ in range(args.messages)]
    floor_times, our_times = [], []
    try:
        with httpx.Client(trust_env=False) as client:
            for _ in range(2):  # warm up both
                client.post(floor_url + "/", content=data, headers=headers)
                transport.send("GB", messages[0])
            for _ in range(args.rounds):
                start = time.perf_counter()
                for _ in range(args.messages):
                    client.post(floor_url + "/", content=data, headers=headers)
                floor_times.append((time.perf_counter() - start) / args.messages)
                start = time.perf_counter()
                for message in messages:
                    transport.send("GB", message)
                our_times.append((time.perf_counter() - start) / args.messages)
                clock.run_until_idle()
    finally:
        transport.close()
        for process in (floor_process, ours_process):
            process.communicate(timeout=30)
    codec = []
    for _ in range(args.rounds):  # where the difference goes: the envelope written and read in-process
        start = time.perf_counter()
        for message in messages:
            read_envelope(envelope(message), action=action_of(message.ROOT))
        codec.append((time.perf_counter() - start) / args.messages)
    ratios = [ours / floor for ours, floor in zip(our_times, floor_times)]
    print(f"envelope: {len(data)} bytes; {args.rounds} interleaved rounds of {args.messages} one-way messages over loopback")
    print(f"floor (raw httpx POST, trivial ASGI app): {1 / statistics.median(floor_times):.0f} messages/s")
    print(f"ours  (SoapTransport -> SoapService):     {1 / statistics.median(our_times):.0f} messages/s")
    print(f"of which writing and reading the envelope (model <-> XML, in-process): {statistics.median(codec) * 1e6:.0f} us per message")
    print(f"time per message: floor {statistics.median(floor_times) * 1e6:.0f} us, ours {statistics.median(our_times) * 1e6:.0f} us")
    print(f"time per message, ours / floor: median {statistics.median(ratios):.2f}, min {min(ratios):.2f}, max {max(ratios):.2f} (goal <= 1.5)")


if __name__ == "__main__":
    main()
