"""Peak memory of the HTML page of a large reply, against the lxml tree of the same message.

The goal (issue 14): rendering a reply of 1,000 convictions as HTML peaks at no more than twice
the memory of the message's lxml tree. Each figure is measured in a fresh process: the message
is read (and, for the render, parsed into the model and one small page rendered to load the
code), the freed memory is handed back (``malloc_trim``), the peak resident size is reset
(``/proc/self/clear_refs``, Linux) and the work is done once; the figure is the peak above
the resident size before it. Python's own tracing (tracemalloc) would not see libxml2's memory.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .measure import Spread

__all__ = ["MemoryResult", "html_memory", "measurable"]

_SCRIPT = """
import ctypes, gc, json, sys
data = sys.stdin.buffer.read()
what = sys.argv[1]
libc = ctypes.CDLL(None)

def status(key):
    with open("/proc/self/status") as lines:
        return next(int(line.split()[1]) for line in lines if line.startswith(key))

def peak_of(work):
    gc.collect()
    libc.malloc_trim(0)
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")
    base = status("VmRSS:")
    kept = work()  # held until the peak is read
    return status("VmHWM:") - base

if what == "tree":
    from lxml import etree
    kib = peak_of(lambda: etree.fromstring(data))
else:
    import ecrislib
    from ecrislib.testing import factories
    message = ecrislib.parse(data)
    ecrislib.render(factories.request_response(), format="html")  # the code and tables, loaded
    kib = peak_of(lambda: ecrislib.render(message, format="html", check=(what == "checked")))
print(json.dumps(kib))
"""


@dataclass(frozen=True)
class MemoryResult:
    convictions: int
    size: int  # bytes of the message
    tree_kib: Spread
    html_kib: Spread  # render(format="html", check=False)
    checked_kib: Spread  # render(format="html"): the check validates the message first


def measurable() -> bool:
    """Whether this system can reset a process's peak resident size (Linux 4.0 and later)."""
    return sys.platform == "linux" and Path("/proc/self/clear_refs").exists()


def _peak(what: str, data: bytes) -> int:
    out = subprocess.run([sys.executable, "-c", _SCRIPT, what], input=data, capture_output=True, check=True)
    return int(json.loads(out.stdout))


def html_memory(sources: dict[int, bytes], rounds: int) -> list[MemoryResult]:
    """The peaks (KiB) for each reply (convictions -> bytes), ``rounds`` times each, interleaved."""
    results = []
    for convictions, data in sources.items():
        peaks: dict[str, list[float]] = {"tree": [], "html": [], "checked": []}
        for _ in range(rounds):
            for what, found in peaks.items():
                found.append(_peak(what, data))
        results.append(MemoryResult(convictions, len(data), *(Spread.of(peaks[what]) for what in ("tree", "html", "checked"))))
    return results
