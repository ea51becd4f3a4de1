"""Mutual TLS with certificates from trustme: the server takes only certificates of its CA,
maps them to member states and refuses a message whose sender is another; the client pins
the partner's CA and presents its own certificate."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from ecrislib.soap.asgi import asgi_app
from ecrislib.soap.client import SoapTransport
from ecrislib.soap.envelope import action_of, content_type, envelope
from ecrislib.soap.http_server import HttpServer
from ecrislib.soap.partners import Partner, Partners
from ecrislib.soap.server import SoapService
from ecrislib.soap.tls import CertificateMap, ServerTls, client_context
from ecrislib.testing import factories
from ecrislib.transport import Authority
from ecrislib.transport import VirtualClock
from ecrislib.transport import OutboxStatus

from tests.support.soap_kit import Recorder

import trustme


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pki")
    ca, other = trustme.CA(), trustme.CA()
    files = {"ca": folder / "ca.pem", "other-ca": folder / "other-ca.pem", "server": folder / "server.pem"}
    ca.cert_pem.write_to_path(files["ca"])
    other.cert_pem.write_to_path(files["other-ca"])
    ca.issue_cert("127.0.0.1").private_key_and_cert_chain_pem.write_to_path(files["server"])
    for name, issuer, common in (("gb", ca, "GB"), ("de", ca, "DE"), ("rogue", other, "GB")):
        files[name] = folder / f"{name}.pem"
        issuer.issue_cert(f"{name}.example", common_name=common).private_key_and_cert_chain_pem.write_to_path(files[name])
    return files


@pytest.fixture
def ro() -> Recorder:
    return Recorder("RO")


@pytest.fixture
def server(pki: dict[str, Path], ro: Recorder) -> Iterator[HttpServer]:
    app = asgi_app({"/ecris/RO": SoapService(ro, require_peer=True)}, certificates=CertificateMap())
    tls = ServerTls(cert=pki["server"], key=pki["server"], client_ca=pki["ca"])
    with HttpServer(app, tls=tls) as running:
        yield running


def _post(server: HttpServer, pki: dict[str, Path], cert: str | None) -> httpx.Response:
    message = factories.request(sender="GB", receiver="RO")
    context = client_context(pki["ca"], pki[cert] if cert else None)
    with httpx.Client(verify=context) as client:
        return client.post(server.url + "/ecris/RO", content=envelope(message), headers={"content-type": content_type(action_of(message.ROOT))})


def test_certificate_of_the_sender_is_accepted(server: HttpServer, pki: dict[str, Path], ro: Recorder) -> None:
    assert server.url.startswith("https://")
    assert _post(server, pki, "gb").status_code == 202
    assert len(ro.messages) == 1


def test_missing_client_certificate_is_403(server: HttpServer, pki: dict[str, Path], ro: Recorder) -> None:
    response = _post(server, pki, None)
    assert response.status_code == 403 and b"env:Sender" in response.content
    assert ro.messages == []


def test_certificate_of_another_member_state_is_403(server: HttpServer, pki: dict[str, Path], ro: Recorder) -> None:
    response = _post(server, pki, "de")
    assert response.status_code == 403 and b"client certificate is DE" in response.content
    assert ro.messages == []


def test_certificate_from_another_ca_fails_the_handshake(server: HttpServer, pki: dict[str, Path], ro: Recorder) -> None:
    with pytest.raises(httpx.HTTPError):
        _post(server, pki, "rogue").raise_for_status()
    assert ro.messages == []


def test_client_pins_the_partner_ca(server: HttpServer, pki: dict[str, Path], ro: Recorder) -> None:
    clock = VirtualClock(seed=8)
    wrong_pin = Partners({"RO": Partner(code="RO", url=server.url + "/ecris/RO", ca=pki["other-ca"], cert=pki["gb"], key=pki["gb"])})
    right_pin = Partners({"RO": Partner(code="RO", url=server.url + "/ecris/RO", ca=pki["ca"], cert=pki["gb"], key=pki["gb"])})
    with SoapTransport(wrong_pin, clock) as transport:
        gb = Authority("GB", transport)  # type: ignore[arg-type]
        refused = gb.notify(factories.person(), factories.conviction(country="GB"), "RO")
        assert gb.outbox.items[refused.message_id].status is OutboxStatus.SENT  # not delivered: retried
    with SoapTransport(right_pin, clock) as transport:
        gb = Authority("GB", transport)  # type: ignore[arg-type]
        sent = gb.notify(factories.person(), factories.conviction(country="GB"), "RO")
        clock.advance(dt.timedelta(seconds=1))
        assert gb.outbox.items[sent.message_id].status is OutboxStatus.DELIVERED
    assert [m.message_id for m in ro.messages] == [sent.message_id]


def test_certificate_map() -> None:
    names = CertificateMap({"ecris.just.ro": "RO"})
    assert names.member_state("CN=ecris.just.ro,O=Ministry") == "RO"
    assert names.member_state("O=Ministry,CN=DE") == "DE"
    assert names.member_state("CN=somebody") is None
    assert names.member_state("O=no common name") is None


def test_ecrislib_serve_with_mutual_tls(pki: dict[str, Path]) -> None:
    import subprocess
    import sys

    command = [sys.executable, "-m", "ecrislib", "serve", "--country", "RO", "--port", "0", "--tls-cert", str(pki["server"]), "--tls-key", str(pki["server"]), "--client-ca", str(pki["ca"])]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = process.stdout.readline()  # type: ignore[union-attr]
        assert line.startswith("RO: https://127.0.0.1:"), line
        url = line.split()[1]
        message = factories.request(sender="GB", receiver="RO")
        headers = {"content-type": content_type(action_of(message.ROOT))}
        with httpx.Client(verify=client_context(pki["ca"], pki["gb"])) as client:
            accepted = client.post(url, content=envelope(message), headers=headers)
        with httpx.Client(verify=client_context(pki["ca"])) as client:
            anonymous = client.post(url, content=envelope(message), headers=headers)
    finally:
        process.terminate()
        output = process.communicate(timeout=20)[0]
    assert accepted.status_code == 202
    assert anonymous.status_code == 403
    assert f"RO 202 GB->RO RequestMessage {message.message_id}" in output
    assert "RO fault 403 Sender: a client certificate is required" in output
    assert process.returncode == 0 and "Traceback" not in output
