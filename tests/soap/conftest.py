"""Shared fixtures of the SOAP tests: recording endpoints served on 127.0.0.1 by uvicorn in a
thread, always stopped."""

from __future__ import annotations

from typing import Iterator

import pytest

# The soap extra is part of the test extra: a missing one fails here, loudly, instead of skipping.
from ecrislib.soap.asgi import asgi_app
from ecrislib.soap.http_server import HttpServer
from ecrislib.soap.server import SoapService
from tests.support.soap_kit import Recorder


@pytest.fixture
def recorders() -> dict[str, Recorder]:
    """One recording endpoint per member state: any golden message finds its receiver."""
    from ecrislib.codes.member_states import MEMBER_STATES

    return {code: Recorder(code) for code in MEMBER_STATES}


@pytest.fixture
def served(recorders: dict[str, Recorder]) -> Iterator[HttpServer]:
    """The recorders at /ecris/<code> on a free port."""
    app = asgi_app({f"/ecris/{code}": SoapService(recorder) for code, recorder in recorders.items()})
    server = HttpServer(app).start()
    try:
        yield server
    finally:
        server.stop()
