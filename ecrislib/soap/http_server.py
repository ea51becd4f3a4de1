"""An ASGI app on uvicorn in a background thread: for ``ecrislib serve``, the demo, tests and
benchmarks. ``port=0`` takes a free port (the socket is bound before the thread starts, so
:attr:`HttpServer.url` is right at once); :meth:`HttpServer.stop` always ends the thread.

With :class:`~.tls.ServerTls`, the server uses our own TLS context (client certificates from
the configured CA, optional at the TLS level) and fills in the ASGI TLS extension
(``scope["extensions"]["tls"]["client_cert_name"]``), which uvicorn itself does not.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from typing import TYPE_CHECKING, Any

from .asgi import Receive, Scope, Send

if TYPE_CHECKING:
    import uvicorn

    from .tls import ServerTls

__all__ = ["HttpServer"]


class _WithTls:
    """The app, with the connection's client certificate in the ASGI TLS extension."""

    def __init__(self, app: Any, name: str | None) -> None:
        self.app = app
        self.name = name

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            extensions = dict(scope.get("extensions") or {})
            extensions["tls"] = {"client_cert_name": self.name, "server_cert": None, "client_cert_chain": [], "tls_version": None, "cipher_suite": None}
            scope["extensions"] = extensions
        await self.app(scope, receive, send)


def _tls_protocol() -> type[Any]:
    from uvicorn.protocols.http.h11_impl import H11Protocol

    from .tls import subject_name

    class TlsH11Protocol(H11Protocol):
        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            ssl_object = transport.get_extra_info("ssl_object")
            peercert = ssl_object.getpeercert() if ssl_object is not None else None
            self.app = _WithTls(self.app, subject_name(peercert) if peercert else None)

    return TlsH11Protocol


class HttpServer:
    """Serve ``app`` on ``host:port`` (``port=0``: any free port) until :meth:`stop`."""

    def __init__(self, app: Any, host: str = "127.0.0.1", port: int = 0, *, tls: ServerTls | None = None, log_level: str = "warning") -> None:
        self.tls = tls
        self._socket = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind((host, port))
        self.host, self.port = host, self._socket.getsockname()[1]
        self.app = app
        self.log_level = log_level
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The server's base URL (``http://127.0.0.1:PORT``)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{'https' if self.tls else 'http'}://{host}:{self.port}"

    def start(self, timeout: float = 10.0) -> HttpServer:
        """Start serving :attr:`app` in a background thread (the app may be set after the
        socket is bound, e.g. to put :attr:`url` in it); return once it accepts connections."""
        import uvicorn

        options: dict[str, Any] = {"log_level": self.log_level, "access_log": False, "lifespan": "off", "timeout_graceful_shutdown": 2}
        if self.tls is not None:
            options.update(http=_tls_protocol(), ssl_certfile=str(self.tls.cert), ssl_keyfile=str(self.tls.key))
        config = uvicorn.Config(self.app, **options)
        config.load()
        if self.tls is not None:
            config.ssl = self.tls.context()
        server = self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[self._socket])), name=f"ecrislib-http-{self.port}", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                self.stop()
                raise RuntimeError(f"the HTTP server on port {self.port} did not start")
            time.sleep(0.01)
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Stop serving and wait for the thread to end."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self._socket.close()

    def __enter__(self) -> HttpServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
