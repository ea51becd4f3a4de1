"""``ecrislib demo --http``: the demo's two authorities, each behind its own HTTP server on
127.0.0.1, talking SOAP 1.2 over real sockets. One :class:`~.driver.ClockDriver` runs both on
the demo's virtual clock, so the run is as deterministic as in memory."""

from __future__ import annotations

import contextlib
from typing import Any, Callable, Iterator

from .asgi import SoapAsgi
from .client import SoapTransport
from .driver import ClockDriver
from .http_server import HttpServer
from .network import endpoint_path
from .partners import Partners
from .server import SoapService

__all__ = ["loopback"]


@contextlib.contextmanager
def loopback(build_network: Callable[..., Any], clock: Any, codes: tuple[str, str] = ("GB", "RO")) -> Iterator[tuple[Any, ClockDriver, Any, Any, Any]]:
    """``build_network(network=transport)``'s authorities served over HTTP, on the transport's
    virtual ``clock`` (given by the caller, so the demo keeps its own start and seed); yields
    ``(clock, driver, first, second, person)`` and stops both servers afterwards."""
    servers = {code: HttpServer(None) for code in codes}
    partners = Partners.of({code: server.url + endpoint_path(code) for code, server in servers.items()})
    transport = SoapTransport(partners, clock)
    clock, _network, first, second, person = build_network(network=transport)
    driver = ClockDriver(clock)
    for authority in (first, second):
        service = SoapService(driver.endpoint(authority))
        servers[authority.code].app = SoapAsgi({endpoint_path(authority.code): service}, threaded=False)
    started: list[HttpServer] = []
    try:
        for server in servers.values():
            started.append(server.start())
        yield clock, driver, first, second, person
    finally:
        for server in started:
            server.stop()
        transport.close()
