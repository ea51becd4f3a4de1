"""Helpers of the SOAP tests: the golden messages, and an endpoint that records what it receives."""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path

GOLDEN = sorted((Path(__file__).resolve().parents[1] / "data" / "valid").glob("*.xml"))


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
