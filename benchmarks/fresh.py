"""The first parse + validate + render in a fresh process, against the second (warm) call.

What a short-lived process (a CLI call, a serverless handler) pays on top of the work itself:
``import ecrislib``, then building the model, compiling the schema, loading the code tables
and the labels. Goal: the first call (import included) costs at most 0.15 s more than the second.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass

from .measure import Spread

__all__ = ["FreshResult", "fresh"]

_SCRIPT = """
import json, sys, time
data = sys.stdin.buffer.read()
start = time.perf_counter()
import ecrislib
imported = time.perf_counter()
def once():
    message = ecrislib.parse(data)
    ecrislib.validate(data)
    ecrislib.render(message, format="html")
once()
first = time.perf_counter()
once()
second = time.perf_counter()
print(json.dumps({"import": imported - start, "first": first - imported, "second": second - first}))
"""


@dataclass(frozen=True)
class FreshResult:
    import_seconds: Spread
    first_seconds: Spread
    second_seconds: Spread
    #: import + first call - second call, per round (goal <= 0.15 s)
    extra_seconds: Spread


def fresh(data: bytes, rounds: int) -> FreshResult:
    runs = []
    for _ in range(rounds):
        out = subprocess.run([sys.executable, "-c", _SCRIPT], input=data, capture_output=True, check=True)
        runs.append(json.loads(out.stdout))
    return FreshResult(
        Spread.of([r["import"] for r in runs]),
        Spread.of([r["first"] for r in runs]),
        Spread.of([r["second"] for r in runs]),
        Spread.of([r["import"] + r["first"] - r["second"] for r in runs]),
    )
