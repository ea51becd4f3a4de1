"""The ASGI adapter: :class:`SoapService` endpoints in Starlette, FastAPI or any ASGI server.

:class:`SoapAsgi` is a plain ASGI application serving one or more endpoints by path; mount it
as a route of an existing app (``Route("/ecris/RO", SoapAsgi({"": service}))`` or
:func:`routes`), or run :func:`asgi_app` as the whole server. The body is read in chunks and
refused with 413 as soon as it passes the limit (or at once when ``Content-Length`` says so),
before the parser sees a byte.

Mutual TLS: the member state of the client comes from the ASGI TLS extension
(``scope["extensions"]["tls"]["client_cert_name"]``, which :mod:`.http_server` fills in for
uvicorn) through a :class:`~.tls.CertificateMap`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Awaitable, Callable, Mapping, MutableMapping

from .server import Response, SoapService, fault_response, too_large

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.routing import Route

    from .tls import CertificateMap

__all__ = ["SoapAsgi", "routes", "asgi_app"]

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


class _TooLarge(Exception):
    pass


class SoapAsgi:
    """An ASGI app answering SOAP 1.2 for ``services`` (path -> service; the path is matched
    exactly, ``""`` matches any). ``threaded``: run the core in a worker thread (for endpoints
    that block, e.g. on a database); off for endpoints that only queue the message."""

    def __init__(self, services: Mapping[str, SoapService], *, certificates: CertificateMap | None = None, threaded: bool = True) -> None:
        self.services = dict(services)
        self.certificates = certificates
        self.threaded = threaded

    def _service(self, path: str) -> SoapService | None:
        return self.services.get(path) or self.services.get(path.rstrip("/")) or self.services.get("")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        service = self._service(scope["path"])
        if service is None:
            await _send(send, Response(404, (("content-type", "text/plain; charset=UTF-8"),), b"no ECRIS endpoint here\n"))
            return
        headers = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope["headers"]}
        method = scope["method"]
        try:
            body = await _read(receive, headers, service.limits.max_bytes) if method == "POST" else b""
        except _TooLarge:
            await _send(send, fault_response(too_large(service.limits)))
            return
        peer = self._peer(scope)
        query = address = ""
        if method == "GET":  # the WSDL and XSDs name the endpoint's address: only they need it
            query = scope.get("query_string", b"").decode("latin-1")
            host = headers.get("host") or "%s:%d" % tuple(scope.get("server") or ("localhost", 80))
            address = f"{scope.get('scheme', 'http')}://{host}{scope.get('root_path', '')}{scope['path']}"

        def work() -> Response:
            return service.handle(method, headers, body, query=query, address=address, peer=peer)

        if self.threaded:
            from anyio import to_thread

            response = await to_thread.run_sync(work)
        else:
            response = work()
        await _send(send, response)

    def _peer(self, scope: Scope) -> str | None:
        tls = (scope.get("extensions") or {}).get("tls") or {}
        name = tls.get("client_cert_name")
        if not name or self.certificates is None:
            return None
        return self.certificates.member_state(name)


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        event = await receive()
        if event["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif event["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


async def _read(receive: Receive, headers: Mapping[str, str], limit: int) -> bytes:
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _TooLarge
    chunks: list[bytes] = []
    size = 0
    while True:
        event = await receive()
        if event["type"] == "http.disconnect":
            break
        chunk = event.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        chunks.append(chunk)
        if not event.get("more_body", False):
            break
    return b"".join(chunks)


async def _send(send: Send, response: Response) -> None:
    if response.status == 202 and not response.headers and not response.body:  # a one-way call's receipt
        await send({"type": "http.response.start", "status": 202, "headers": [(b"content-length", b"0")]})
        await send({"type": "http.response.body", "body": b""})
        return
    headers = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in response.headers]
    headers.append((b"content-length", str(len(response.body)).encode()))
    await send({"type": "http.response.start", "status": response.status, "headers": headers})
    await send({"type": "http.response.body", "body": response.body})


def routes(services: Mapping[str, SoapService], *, certificates: CertificateMap | None = None, threaded: bool = True) -> list[Route]:
    """Starlette routes, one per endpoint path, for an existing Starlette or FastAPI app."""
    from starlette.routing import Route

    return [
        Route(path, SoapAsgi({path: service}, certificates=certificates, threaded=threaded), methods=["GET", "POST"])
        for path, service in services.items()
    ]


def asgi_app(services: Mapping[str, SoapService], *, certificates: CertificateMap | None = None, threaded: bool = True) -> Starlette:
    """A Starlette application serving ``services`` (path -> service) and nothing else."""
    from starlette.applications import Starlette

    return Starlette(routes=routes(services, certificates=certificates, threaded=threaded))
