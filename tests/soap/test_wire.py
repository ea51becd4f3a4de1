"""Our client against our server over real sockets on 127.0.0.1: retries through the outbox
when the server is down, duplicates processed once, oversized bodies, load."""

from __future__ import annotations

import datetime as dt
import threading
import time

import attrs
import httpx

from ecrislib.ids import MessageType, SequentialIds
from ecrislib.model.messages import Metadata
from ecrislib.soap.asgi import SoapAsgi, asgi_app
from ecrislib.soap.client import SoapTransport
from ecrislib.soap.driver import ClockDriver
from ecrislib.soap.envelope import action_of, content_type, envelope
from ecrislib.soap.http_server import HttpServer
from ecrislib.soap.partners import Partners
from ecrislib.soap.server import ServerLimits, SoapService
from ecrislib.testing import factories
from ecrislib.transport import Authority, Policy
from ecrislib.transport import VirtualClock
from ecrislib.transport import MemoryNetwork, Network, OutboxStatus

from tests.support.soap_kit import Recorder


def test_an_authority_runs_on_either_network() -> None:
    clock = VirtualClock(seed=1)
    with SoapTransport(Partners.of({}), clock) as transport:
        networks: list[Network] = [MemoryNetwork(clock), transport]  # both satisfy the protocol
        assert all(isinstance(network, Network) for network in networks)
        for code, network in zip(("GB", "RO"), networks):
            assert Authority(code, network).handle.code == code


def test_server_down_then_back_retries_deliver_exactly_once() -> None:
    ro = Recorder("RO")
    server = HttpServer(asgi_app({"/ecris/RO": SoapService(ro)}))  # bound, not yet serving
    clock = VirtualClock(seed=3)
    transport = SoapTransport(Partners.of({"RO": server.url + "/ecris/RO"}), clock)
    driver = ClockDriver(clock)
    gb = Authority("GB", transport)  # type: ignore[arg-type]
    try:
        notification = gb.notify(factories.person(), factories.conviction(country="GB"), "RO")
        item = gb.outbox.items[notification.message_id]
        driver.run_until(lambda: item.attempts >= 3, timeout=10)
        assert item.status is OutboxStatus.SENT and ro.messages == []
        server.start()
        driver.run_until(lambda: item.status is OutboxStatus.DELIVERED, timeout=10)
        clock.advance(dt.timedelta(days=2))  # no retry after the receipt
        assert ro.ids() == {str(notification.message_id): 1}
        assert item.attempts >= 4
    finally:
        server.stop()
        transport.close()


def test_a_sender_fault_is_not_retried() -> None:
    de = Recorder("DE")  # the message is for RO: DE's server refuses it with a Sender fault
    with HttpServer(asgi_app({"/ecris/DE": SoapService(de)})) as server:
        clock = VirtualClock(seed=4)
        transport = SoapTransport(Partners.of({"RO": server.url + "/ecris/DE"}), clock)
        gb = Authority("GB", transport)  # type: ignore[arg-type]
        message = gb.notify(factories.person(), factories.conviction(country="GB"), "RO")
        clock.advance(dt.timedelta(days=2))
        transport.close()
    item = gb.outbox.items[message.message_id]
    assert (item.status, item.attempts) == (OutboxStatus.REFUSED, 1)
    assert gb.outbox.refused() == [item]
    assert [e.id for e in gb.overdue()] == [message.message_id]  # visible, never a silent error
    assert transport.refusals[message.message_id].code == "Sender"
    assert de.messages == []


def test_duplicate_post_is_processed_once() -> None:
    clock = VirtualClock(seed=5)
    driver = ClockDriver(clock)
    ro = Authority("RO", SoapTransport(Partners.of({}), clock), Policy(validator=None))  # type: ignore[arg-type]
    with HttpServer(SoapAsgi({"/ecris/RO": SoapService(driver.endpoint(ro))}, threaded=False)) as server:
        message = factories.notification(sender="GB", receiver="RO", ids=SequentialIds(start=77))
        headers = {"content-type": content_type(action_of(message.ROOT))}
        with httpx.Client() as client:
            statuses = [client.post(server.url + "/ecris/RO", content=envelope(message), headers=headers).status_code for _ in range(2)]
        driver.run_until(lambda: ro.inbox.duplicates == 1, timeout=10)
    assert statuses == [202, 202]
    assert [m.message_id for m in ro.book.history(type="NOT")] == [message.message_id]


def test_oversized_body_is_refused_with_413_before_reading() -> None:
    ro = Recorder("RO")
    with HttpServer(asgi_app({"/ecris/RO": SoapService(ro, limits=ServerLimits(max_bytes=64 * 1024))})) as server, httpx.Client() as client:
        big = b"<x>" + b"a" * (1024 * 1024) + b"</x>"
        declared = client.post(server.url + "/ecris/RO", content=big, headers={"content-type": content_type(action_of("RequestMessage"))})

        def chunks():  # no Content-Length: refused while reading
            for _ in range(32):
                yield b"a" * 32 * 1024

        streamed = client.post(server.url + "/ecris/RO", content=chunks(), headers={"content-type": content_type(action_of("RequestMessage"))})
    assert declared.status_code == 413 and b"env:Sender" in declared.content
    assert streamed.status_code == 413
    assert ro.messages == []


def test_load_1000_deliveries_from_8_clients_each_received_once(capsys) -> None:  # type: ignore[no-untyped-def]
    ro = Recorder("RO")
    per_client, clients = 125, 8
    with HttpServer(SoapAsgi({"/ecris/RO": SoapService(ro)}, threaded=False)) as server:
        partners = Partners.of({"RO": server.url + "/ecris/RO"})
        receipts = [0] * clients

        def client(index: int) -> None:
            clock = VirtualClock(seed=index)
            sender = Recorder("GB")
            sender.on_receipt = lambda _r: receipts.__setitem__(index, receipts[index] + 1)  # type: ignore[method-assign]
            ids = SequentialIds(start=1 + index * per_client)
            template = factories.notification(sender="GB", receiver="RO")
            with SoapTransport(partners, clock) as transport:
                transport.register(sender)
                for _ in range(per_client):
                    metadata = Metadata.new("GB", "RO", MessageType.NOT, ids=ids, clock=clock)
                    transport.send("GB", attrs.evolve(template, metadata=metadata))
                clock.run_until_idle()

        started = time.perf_counter()
        threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        elapsed = time.perf_counter() - started
    counts = ro.ids()
    assert len(counts) == per_client * clients and set(counts.values()) == {1}
    assert receipts == [per_client] * clients
    with capsys.disabled():
        print(f"\n[load] {per_client * clients} one-way deliveries, {clients} clients: {per_client * clients / elapsed:.0f} messages/s")


def test_is_alive_over_http() -> None:
    clock = VirtualClock(seed=9)
    ro_driver = ClockDriver(clock)
    ro = Authority("RO", SoapTransport(Partners.of({}), clock))  # type: ignore[arg-type]
    server = HttpServer(SoapAsgi({"/ecris/RO": SoapService(ro_driver.endpoint(ro))}, threaded=False))
    with SoapTransport(Partners.of({"RO": server.url + "/ecris/RO"}), clock) as transport:
        gb = Authority("GB", transport)  # type: ignore[arg-type]
        assert gb.ping("RO") is False  # not serving yet
        with server:
            answered = threading.Thread(target=lambda: ro_driver.run_until(lambda: gb_alive, timeout=10))
            gb_alive = False
            answered.start()
            gb_alive = gb.ping("RO")
            answered.join(10)
    assert gb_alive is True


def test_read_timeout_and_5xx_are_retried_not_refused() -> None:
    import asyncio

    async def slow_then_broken(scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        if scope["type"] != "http":
            return
        await receive()
        if scope["path"] == "/slow":
            await asyncio.sleep(1.0)
        await send({"type": "http.response.start", "status": 502, "headers": [(b"content-length", b"0")]})
        await send({"type": "http.response.body", "body": b""})

    from ecrislib.soap.client import Timeouts

    with HttpServer(slow_then_broken) as server:
        for path in ("/slow", "/broken"):
            clock = VirtualClock(seed=10)
            with SoapTransport(Partners.of({"RO": server.url + path}), clock, timeouts=Timeouts(connect=1, read=0.2)) as transport:
                gb = Authority("GB", transport)  # type: ignore[arg-type]
                message = gb.notify(factories.person(), factories.conviction(country="GB"), "RO")
                item = gb.outbox.items[message.message_id]
                assert (item.status, item.attempts) == (OutboxStatus.SENT, 1), path  # retried later
                assert transport.refusals == {}
