"""Simulated central authorities served over HTTP: what ``ecrislib serve`` and
``ecrislib demo --http`` run.

:class:`ServedAuthorities` puts one :class:`~ecrislib.transport.simulation.authority.Authority` per
country at ``/ecris/<code>`` on one HTTP server (uvicorn in a thread), and sends their
messages with a :class:`~.client.SoapTransport` to the URLs of the partners directory; the
local countries are added to it at the server's own address unless the file names them. One
:class:`~.driver.ClockDriver` runs the authorities: run it with :meth:`run_until` (tests, the
demo) or :meth:`run_forever` (the command).
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any, Callable, Iterable

from .asgi import SoapAsgi
from .client import SoapTransport, Timeouts
from .driver import ClockDriver
from .http_server import HttpServer
from .partners import Partner, Partners
from .server import SoapService

if TYPE_CHECKING:
    from ..transport.simulation.authority import Authority
    from ..transport.wire.clock import VirtualClock
    from .tls import CertificateMap, ServerTls

__all__ = ["ServedAuthorities", "endpoint_path"]


def endpoint_path(code: str) -> str:
    """The path of a member state's endpoint on a served network: ``/ecris/RO``."""
    return f"/ecris/{code}"


class ServedAuthorities:
    """Simulated authorities of ``codes`` on ``host:port``, answering over HTTP.

    ``make_authority(code, transport)`` builds each authority (default: an
    :class:`Authority` with ``profile``); ``tls`` and ``certificates`` turn on mutual TLS.
    """

    def __init__(
        self,
        codes: Iterable[str],
        clock: VirtualClock,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        partners: Partners | None = None,
        profile: str = "automated",
        tls: ServerTls | None = None,
        certificates: CertificateMap | None = None,
        make_authority: Callable[[str, SoapTransport], Authority] | None = None,
        timeouts: Timeouts | None = None,
        on_exchange: Callable[[str], None] | None = None,
    ) -> None:
        self.clock = clock
        self.driver = ClockDriver(clock)
        self.server = HttpServer(None, host, port, tls=tls)
        directory = partners or Partners({})
        self.codes = tuple(codes)
        for code in self.codes:
            if code not in directory:
                directory = directory.with_partner(Partner(code=code, url=self.url(code)))
        self.transport = SoapTransport(directory, clock, timeouts=timeouts or Timeouts(), on_exchange=on_exchange)
        if make_authority is None:
            from ..transport.simulation.authority import Authority, Policy

            def make_authority(code: str, transport: SoapTransport) -> Authority:
                return Authority(code, transport, Policy(profile=profile))

        self.authorities: dict[str, Authority] = {code: make_authority(code, self.transport) for code in self.codes}
        services = {
            endpoint_path(code): SoapService(self.driver.endpoint(authority), require_peer=certificates is not None, on_exchange=on_exchange)
            for code, authority in self.authorities.items()
        }
        self.server.app = SoapAsgi(services, certificates=certificates, threaded=False)

    def url(self, code: str) -> str:
        """The URL of ``code``'s endpoint on this server."""
        return self.server.url + endpoint_path(code)

    def start(self) -> ServedAuthorities:
        self.server.start()
        return self

    def stop(self) -> None:
        self.driver.stop()
        self.server.stop()
        self.transport.close()

    def __enter__(self) -> ServedAuthorities:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def run_until(self, done: Callable[[], bool], *, timeout: float = 30.0) -> None:
        self.driver.run_until(done, timeout=timeout)

    def run_forever(self) -> None:
        self.driver.run_forever()


def wall_clock_start() -> _dt.datetime:
    """Now, UTC, to the second: where a served network's realtime clock starts."""
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)
