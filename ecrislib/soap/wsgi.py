"""The WSGI adapter: :class:`SoapService` endpoints in Flask, Django or any WSGI server.

:class:`SoapWsgi` serves endpoints by ``PATH_INFO``; mount it under a prefix with your
framework's dispatcher (``werkzeug.middleware.dispatcher.DispatcherMiddleware``, a Django
view calling it...). The body is read in chunks up to the limit and refused with 413 beyond
it, or at once when ``CONTENT_LENGTH`` says so. With mutual TLS, pass ``peer_of(environ)``
returning the member state the server's verified client certificate stands for (servers
expose the certificate in different keys, e.g. ``SSL_CLIENT_S_DN`` under mod_wsgi).
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping

from .server import Response, SoapService, fault_response, too_large

__all__ = ["SoapWsgi"]

_REASONS = {200: "OK", 202: "Accepted", 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 413: "Content Too Large", 415: "Unsupported Media Type", 500: "Internal Server Error", 503: "Service Unavailable"}


class SoapWsgi:
    """A WSGI application answering SOAP 1.2 for ``services`` (path -> service; ``""`` matches any)."""

    def __init__(self, services: Mapping[str, SoapService], *, peer_of: Callable[[Mapping[str, Any]], str | None] | None = None) -> None:
        self.services = dict(services)
        self.peer_of = peer_of

    def __call__(self, environ: Mapping[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        service = self.services.get(path) or self.services.get(path.rstrip("/")) or self.services.get("")
        if service is None:
            return _answer(start_response, Response(404, (("content-type", "text/plain; charset=UTF-8"),), b"no ECRIS endpoint here\n"))
        headers = {key[5:].replace("_", "-").lower(): str(value) for key, value in environ.items() if key.startswith("HTTP_")}
        if environ.get("CONTENT_TYPE"):
            headers["content-type"] = environ["CONTENT_TYPE"]
        method = environ.get("REQUEST_METHOD", "GET")
        body = b""
        if method == "POST":
            limit = service.limits.max_bytes
            declared = str(environ.get("CONTENT_LENGTH") or "")
            if declared.isdigit() and int(declared) > limit:
                return _answer(start_response, fault_response(too_large(service.limits)))
            stream = environ["wsgi.input"]
            remaining = int(declared) if declared.isdigit() else limit + 1
            chunks, size = [], 0
            while remaining > 0:
                chunk = stream.read(min(64 * 1024, remaining))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
                remaining -= len(chunk)
                if size > limit:
                    return _answer(start_response, fault_response(too_large(service.limits)))
            body = b"".join(chunks)
        host = environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME', 'localhost')}:{environ.get('SERVER_PORT', '80')}"
        address = f"{environ.get('wsgi.url_scheme', 'http')}://{host}{environ.get('SCRIPT_NAME', '')}{path}"
        peer = self.peer_of(environ) if self.peer_of is not None else None
        response = service.handle(method, headers, body, query=str(environ.get("QUERY_STRING", "")), address=address, peer=peer)
        return _answer(start_response, response)


def _answer(start_response: Callable[..., Any], response: Response) -> list[bytes]:
    status = f"{response.status} {_REASONS.get(response.status, 'Unknown')}"
    start_response(status, [*response.headers, ("content-length", str(len(response.body)))])
    return [response.body]
