"""Our client against our server in another process: ``ecrislib serve`` (a simulated Romania)
answers a whole REQ, RDL, RRS exchange, a FEM for an invalid request, and takes a CAN; a
Romania whose register holds two people of the same name asks for more (RAI) and answers once
it has the RAR. Over HTTP both ways (answers go to the URL of the partners file)."""

from __future__ import annotations

import json
import socket
import textwrap
import subprocess
import sys
from pathlib import Path

from ecrislib.model.common import PartialDate
from ecrislib.soap.network import ServedAuthorities, wall_clock_start
from ecrislib.soap.partners import Partners
from ecrislib.testing import factories
from ecrislib.transport import VirtualClock

SPEED = 3000.0  # simulated seconds per second: Romania's minutes pass in milliseconds


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_exchange_with_ecrislib_serve(tmp_path: Path) -> None:
    port = _free_port()
    clock = VirtualClock(wall_clock_start(), seed=1, realtime=True, speed=SPEED)
    with ServedAuthorities(["GB"], clock, partners=Partners.of({"RO": f"http://127.0.0.1:{port}/ecris/RO"})) as local:
        partners = tmp_path / "partners.json"
        partners.write_text(json.dumps({"partners": {"GB": {"url": local.url("GB")}}}))
        command = [sys.executable, "-m", "ecrislib", "serve", "--country", "RO", "--port", str(port), "--partners", str(partners), "--speed", str(SPEED)]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            first = process.stdout.readline()  # type: ignore[union-attr]
            assert first.startswith(f"RO: http://127.0.0.1:{port}/ecris/RO"), first
            gb = local.authorities["GB"]
            person = factories.person()
            request = gb.request(person, "RO")
            local.run_until(lambda: gb.exchange(request.message_id).finished, timeout=30)
            assert gb.exchange(request.message_id).types() == ["REQ", "RDL", "RRS"]
            cancelled = gb.request(person, "RO")
            cancellation = gb.cancel(cancelled)
            unborn = factories.person(birth_date=PartialDate(2099, 1, 1))  # ECRIS-R-014: born after the timestamp
            invalid = factories.request(sender="GB", receiver="RO", person=unborn, ids=gb.ids, clock=clock)
            gb.send(invalid)
            local.run_until(lambda: bool(gb.book.history(type="FEM")), timeout=30)
            local.run_until(lambda: all(item.status.value in ("delivered", "withdrawn") for item in gb.outbox.items.values()), timeout=30)
            assert gb.book.history(type="FEM")[0].metadata.response_to == invalid.message_id
        finally:
            process.terminate()
            output = process.communicate(timeout=20)[0]
    assert process.returncode in (0, -15)
    assert f"RO 202 GB->RO CancellationMessage {cancellation.message_id}" in output
    assert f"RO 202 GB->RO RequestMessage {request.message_id}" in output
    assert "Traceback" not in output


# Romania with two Ion Testescu born on the same day (Brașov and Cluj-Napoca) in its register.
PEER = textwrap.dedent(
    """
    import sys
    import threading
    from ecrislib.soap.network import ServedAuthorities, wall_clock_start
    from ecrislib.soap.partners import Partners
    from ecrislib.testing import factories
    from ecrislib.transport import VirtualClock

    port, partner, speed = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
    clock = VirtualClock(wall_clock_start(), seed=2, realtime=True, speed=speed)
    network = ServedAuthorities(["RO"], clock, port=port, partners=Partners.of({"GB": partner}))
    ro = network.authorities["RO"]
    ro.register.add_person(factories.person(), [factories.conviction(number=1)])
    ro.register.add_person(factories.person(birth_place=factories.place(town="Cluj-Napoca")))
    network.start()
    print("ready", flush=True)
    # stop when the test closes our stdin
    threading.Thread(target=lambda: (sys.stdin.read(), network.driver.stop()), daemon=True).start()
    try:
        network.run_forever()
    finally:
        network.stop()
    """
)


def test_additional_information_with_a_peer_process() -> None:
    port = _free_port()
    clock = VirtualClock(wall_clock_start(), seed=1, realtime=True, speed=SPEED)
    with ServedAuthorities(["GB"], clock, partners=Partners.of({"RO": f"http://127.0.0.1:{port}/ecris/RO"})) as local:
        process = subprocess.Popen([sys.executable, "-c", PEER, str(port), local.url("GB"), str(SPEED)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            assert process.stdout.readline().strip() == "ready"  # type: ignore[union-attr]
            gb = local.authorities["GB"]
            vague = factories.person(birth_place=factories.place(town="necunoscut"))
            request = gb.request(vague, "RO", identity=factories.person())
            local.run_until(lambda: gb.exchange(request.message_id).finished, timeout=30)
        finally:
            process.communicate(input="", timeout=20)
    exchange = gb.exchange(request.message_id)
    assert exchange.types() == ["REQ", "RDL", "RAI", "RAR", "RDL", "RRS"]
    assert len(gb.book.history(type="RRS")[0].convictions) == 1
    assert process.returncode == 0
