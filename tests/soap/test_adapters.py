"""The same core behind WSGI (wsgiref on a real socket) and inside an existing Starlette app;
the partners file."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Iterator
from wsgiref.simple_server import WSGIRequestHandler, make_server

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from ecrislib.soap.asgi import routes
from ecrislib.soap.envelope import action_of, content_type, envelope
from ecrislib.soap.http_server import HttpServer
from ecrislib.soap.partners import Partners, PartnersFileError
from ecrislib.soap.server import ServerLimits, SoapService
from ecrislib.soap.wsgi import SoapWsgi
from ecrislib.testing import factories

from tests.support.soap_kit import Recorder


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def wsgi_url() -> Iterator[tuple[str, Recorder]]:
    ro = Recorder("RO")
    server = make_server("127.0.0.1", 0, SoapWsgi({"/ecris/RO": SoapService(ro, limits=ServerLimits(max_bytes=64 * 1024))}), handler_class=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/ecris/RO", ro
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def test_wsgi_adapter(wsgi_url: tuple[str, Recorder]) -> None:
    url, ro = wsgi_url
    message = factories.request(sender="GB", receiver="RO")
    headers = {"content-type": content_type(action_of(message.ROOT))}
    with httpx.Client() as client:
        accepted = client.post(url, content=envelope(message), headers=headers)
        wrong = client.post(url, content=envelope(message), headers={"content-type": content_type(action_of("CancellationMessage"))})
        big = client.post(url, content=b"x" * (128 * 1024), headers=headers)
        wsdl = client.get(url + "?wsdl")
    assert (accepted.status_code, accepted.content) == (202, b"")
    assert wrong.status_code == 400 and b"env:Sender" in wrong.content
    assert big.status_code == 413
    assert wsdl.status_code == 200 and f'location="{url}"'.encode() in wsdl.content
    assert ro.messages == [message]


def test_mounted_in_an_existing_starlette_app() -> None:
    ro = Recorder("RO")
    app = Starlette(routes=[Route("/health", lambda request: PlainTextResponse("ok")), *routes({"/ecris/RO": SoapService(ro)})])
    message = factories.request(sender="GB", receiver="RO")
    with HttpServer(app) as server, httpx.Client() as client:
        assert client.get(server.url + "/health").text == "ok"
        answer = client.post(server.url + "/ecris/RO", content=envelope(message), headers={"content-type": content_type(action_of(message.ROOT))})
    assert answer.status_code == 202 and ro.messages == [message]


def test_partners_file_toml_and_json(tmp_path: Path) -> None:
    (tmp_path / "p.toml").write_text(
        '[client]\ncert = "gb.pem"\nkey = "gb.key"\n\n[partners.RO]\nurl = "https://ro.example/ecris/RO"\nca = "ro-ca.pem"\n\n'
        '[partners.DE]\nurl = "http://127.0.0.1:8081/ecris/DE"\nfingerprint_mode = "push"\ncert = "de-only.pem"\n'
    )
    partners = Partners.load(tmp_path / "p.toml")
    ro, de = partners["RO"], partners["DE"]
    assert (ro.url, ro.ca, ro.cert, ro.key) == ("https://ro.example/ecris/RO", tmp_path / "ro-ca.pem", tmp_path / "gb.pem", tmp_path / "gb.key")
    assert (de.fingerprint_mode, de.cert, de.ca) == ("push", tmp_path / "de-only.pem", None)
    (tmp_path / "p.json").write_text(json.dumps({"partners": {"RO": {"url": "http://x/ecris/RO"}}}))
    assert Partners.load(tmp_path / "p.json")["RO"].url == "http://x/ecris/RO"


@pytest.mark.parametrize(
    "content, words",
    [
        ({"partners": {"RO": {"url": "http://x", "verify": False}}}, "unknown key 'verify'"),
        ({"partners": {"RO": {"url": "ftp://x"}}}, "partners.RO.url"),
        ({"partners": {"Romania": {"url": "http://x"}}}, "not a member-state code"),
        ({"partners": {"RO": {"url": "http://x", "fingerprint_mode": "all"}}}, "fingerprint_mode"),
        ({"servers": {}}, "top level"),
    ],
)
def test_partners_file_mistakes_are_refused(tmp_path: Path, content: dict[str, object], words: str) -> None:
    (tmp_path / "p.json").write_text(json.dumps(content))
    with pytest.raises(PartnersFileError, match=words):
        Partners.load(tmp_path / "p.json")


def test_partners_file_not_readable(tmp_path: Path) -> None:
    (tmp_path / "p.toml").write_text("[partners\n")
    with pytest.raises(PartnersFileError, match="not valid TOML"):
        Partners.load(tmp_path / "p.toml")
    with pytest.raises(PartnersFileError, match="cannot be read"):
        Partners.load(tmp_path / "missing.json")
