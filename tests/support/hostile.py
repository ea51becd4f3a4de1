"""Hostile input that is too big to store: a reader that makes its bytes on demand.

Stdlib only, so that a child process measuring its own memory can load it by path
(``runpy.run_path``) without importing the test suite.
"""

from __future__ import annotations

HUGE = 200 * 1024 * 1024  # bytes of text: far over any limit, far over what a test may hold


class HugeTextNode:
    """``<a>`` followed by ``size`` bytes of text, generated on demand (nothing is stored)."""

    _BLOCK = b"x" * (1024 * 1024)

    def __init__(self, size: int = HUGE) -> None:
        self._remaining = size
        self._head = b"<a>"
        self.reads = 0
        self.served = 0

    def read(self, size: int = -1, /) -> bytes:
        self.reads += 1
        if size is None or size < 0:
            size = self._remaining + len(self._head)  # honest: a full read would really be 200 MB
        out = bytearray(self._head[:size])
        self._head = self._head[len(out) :]
        while len(out) < size and self._remaining:
            take = min(size - len(out), self._remaining, len(self._BLOCK))
            out += self._BLOCK[:take]
            self._remaining -= take
        self.served += len(out)
        return bytes(out)
