"""Bulk validation from the command line: ``ecrislib validate`` over a folder and over a zip of
the same files, against the floor, a minimal lxml process pool doing parse + schema validation.

Every contender is a fresh process started the same way (interpreter start-up included), so
the ratios compare whole runs as a user sees them. Rounds are interleaved.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .inputs import message_files
from .measure import Spread

__all__ = ["BulkResult", "ZipResult", "bulk", "zip_scaling"]

ROOT = Path(__file__).resolve().parent.parent

# The floor: a process pool, one compiled schema per worker, nothing else.
_FLOOR = """
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from lxml import etree

def start():
    global schema, parser
    from ecrislib.xml import schemas
    schema = schemas.lxml_schema()
    parser = etree.XMLParser(resolve_entities=False, no_network=True)

def check(path):
    return schema.validate(etree.parse(path, parser))

jobs, folder = int(sys.argv[1]), Path(sys.argv[2])
paths = sorted(str(p) for p in folder.glob("*.xml"))
with ProcessPoolExecutor(jobs, initializer=start) as pool:
    valid = sum(pool.map(check, paths, chunksize=64))
assert valid == len(paths), (valid, len(paths))
"""


def _timed(command: list[str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:4])}... failed ({result.returncode}): {result.stderr[-500:]}")
    return elapsed


def _ours(jobs: int, path: Path) -> list[str]:
    return [sys.executable, "-m", "ecrislib", "validate", "-q", "--jobs", str(jobs), str(path)]


def _floor(jobs: int, path: Path) -> list[str]:
    return [sys.executable, "-c", _FLOOR, str(jobs), str(path)]


def _zip_of(folder: Path, out: Path) -> Path:
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.glob("*.xml")):
            archive.write(path, path.name)
    return out


@dataclass(frozen=True)
class BulkResult:
    files: int
    jobs: int
    floor_seconds: Spread
    ours_seconds: Spread
    #: ours / floor in throughput (goal >= 0.7), per round
    throughput: Spread


@dataclass(frozen=True)
class ZipResult:
    members: int
    folder_seconds: Spread
    zip_seconds: Spread
    #: zip time / folder time (goal <= 1.1), per round
    ratio: Spread


def bulk(sources: dict[str, bytes], files: int, jobs: tuple[int, ...], rounds: int) -> tuple[list[BulkResult], Spread | None, Spread | None]:
    """The CLI against the floor for each ``--jobs``; and the 1 -> 2 jobs speed-up when both
    ran, ours and the floor's own (what the machine gives two processes: the bound of ours)."""
    with tempfile.TemporaryDirectory(prefix="ecrislib-bench-") as temp:
        folder = Path(temp) / "in"
        folder.mkdir()
        message_files(folder, files, sources)
        times: dict[tuple[str, int], list[float]] = {}
        for _ in range(rounds):
            for j in jobs:
                times.setdefault(("floor", j), []).append(_timed(_floor(j, folder)))
                times.setdefault(("ours", j), []).append(_timed(_ours(j, folder)))
    results = [
        BulkResult(
            files,
            j,
            Spread.of(times["floor", j]),
            Spread.of(times["ours", j]),
            Spread.of([f / o for f, o in zip(times["floor", j], times["ours", j])]),
        )
        for j in jobs
    ]
    speedup = floor_speedup = None
    if 1 in jobs and 2 in jobs:
        speedup = Spread.of([one / two for one, two in zip(times["ours", 1], times["ours", 2])])
        floor_speedup = Spread.of([one / two for one, two in zip(times["floor", 1], times["floor", 2])])
    return results, speedup, floor_speedup


def zip_scaling(sources: dict[str, bytes], sizes: tuple[int, ...], rounds: int) -> list[ZipResult]:
    """The CLI over a zip of N members against the same N files in a folder, for each N."""
    results = []
    with tempfile.TemporaryDirectory(prefix="ecrislib-bench-") as temp:
        for size in sizes:
            folder = Path(temp) / f"in-{size}"
            folder.mkdir()
            message_files(folder, size, sources)
            archive = _zip_of(folder, Path(temp) / f"in-{size}.zip")
            folder_times, zip_times = [], []
            for _ in range(rounds):
                folder_times.append(_timed(_ours(1, folder)))
                zip_times.append(_timed(_ours(1, archive)))
            results.append(
                ZipResult(
                    size,
                    Spread.of(folder_times),
                    Spread.of(zip_times),
                    Spread.of([z / f for z, f in zip(zip_times, folder_times)]),
                )
            )
    return results
