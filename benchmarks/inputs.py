"""The inputs every benchmark runs on: the golden files, the small ones among them, and
request responses of growing size (1 to 1,000 convictions), all as the bytes a peer would send.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

__all__ = ["GOLDEN", "SMALL_BYTES", "golden", "message_files", "sized"]

GOLDEN = Path(__file__).resolve().parent.parent / "tests" / "data" / "valid"

#: The issue's "small messages" (requests, deadlines, FEMs, isAlive, cancellations): 0.6-3 KB.
SMALL_BYTES = 3 * 1024


def golden(limit: int | None = None) -> dict[str, bytes]:
    """Every golden file by name (the first ``limit`` by size when given: the quick mode)."""
    files = sorted(GOLDEN.glob("*.xml"))
    if limit is not None:
        files = sorted(files, key=lambda path: path.stat().st_size)[:limit]
    return {path.stem: path.read_bytes() for path in files}


@functools.cache
def sized(convictions: int) -> bytes:
    """A valid request response carrying ``convictions`` convictions (built, then serialized)."""
    import ecrislib
    from ecrislib.testing import factories

    convicted = [factories.conviction(number=n + 1) for n in range(convictions)]
    return ecrislib.serialize(factories.request_response(convictions=convicted))


_MESSAGE_NUMBER = re.compile(rb"(-[A-Z]{3}-)([0-9]{15})")


def message_files(out: Path, count: int, sources: dict[str, bytes]) -> list[Path]:
    """``count`` files made from ``sources`` in turn, each with its own message ID."""
    datas = list(sources.values())
    paths = []
    for index in range(count):
        data = _MESSAGE_NUMBER.sub(lambda m: m.group(1) + str(10**14 + index).encode(), datas[index % len(datas)], count=1)
        path = out / f"{index:06d}.xml"
        path.write_bytes(data)
        paths.append(path)
    return paths
