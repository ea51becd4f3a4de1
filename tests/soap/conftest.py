"""Shared fixtures of the SOAP tests: recording endpoints served on 127.0.0.1 by uvicorn in a
thread, always stopped."""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path
from typing import Iterator

import pytest

# The soap extra is part of the test extra: a missing one fails here, loudly, instead of skipping.
from ecrislib.soap.asgi import asgi_app
from ecrislib.soap.http_server import HttpServer
from ecrislib.soap.server import SoapService

GOLDEN = sorted((Path(__file__).parent.parent / "data" / "valid").glob("*.xml"))


class Recorder:
    """An endpoint that keeps what it receives (thread-safe: the server calls it from workers)."""

    def __init__(self, code: str, alive: bool = True) -> None:
        self.code = code
        self.alive = alive
        self.messages: list[object] = []
        self.lock = threading.Lock()

    def on_message(self, message: object) -> None:
        with self.lock:
            self.messages.append(message)

    def on_receipt(self, receipt: object) -> None:
        pass

    def is_alive(self) -> bool:
        return self.alive

    def ids(self) -> Counter[str]:
        with self.lock:
            return Counter(str(m.message_id) for m in self.messages)  # type: ignore[attr-defined]


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
