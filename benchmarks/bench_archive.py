"""Benchmark of archive indexing: files per second and peak memory, on one machine and on Dask.

Run: ``python benchmarks/bench_archive.py [--messages 100000] [--small 10000] [--rounds 2]``.
Not collected by pytest. It builds a zip of generated messages (the golden corpus, each copy
with its own message ID), then, in interleaved rounds (each round runs every contender once, so
a busy machine slows all of them alike), measures:

- the floor: a raw lxml pool (2 processes: parse + XSD validation, no rules, no index);
- the single-process CLI: ``ecrislib archive index ARCHIVE -o DIR``;
- Dask with 1 and 2 workers (``LocalCluster``, one thread per worker), through the same code as
  ``--scheduler``;

and reports files per second (median and spread over rounds), the ratio to the floor, and the
peak resident memory of each Dask worker for the small and the large archive (flat = the work
streams; it must not grow with the archive).
"""

from __future__ import annotations

import argparse
import multiprocessing
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
VALID = ROOT / "tests" / "data" / "valid"
_ID = re.compile(rb"(MessageMetaDataMessageID>)([A-Z]{2}-[A-Z]{2}-[A-Z]{3}-)([0-9]{15})")


def build_zip(path: Path, count: int) -> Path:
    corpus = [p.read_bytes() for p in sorted(VALID.glob("*.xml"))]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for number in range(count):
            data = _ID.sub(lambda m, n=number: m.group(1) + m.group(2) + b"%015d" % (n + 1), corpus[number % len(corpus)], count=1)
            archive.writestr(f"m/{number:07d}.xml", data)
    return path


def _raw_check(data: bytes) -> bool:
    from lxml import etree

    from ecrislib.validation import xsd

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return bool(xsd.lxml_schema().validate(etree.fromstring(data, parser)))


def _members(path: Path) -> Any:
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            yield archive.read(info)


def run_floor(path: Path) -> float:
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(2) as pool:
        for _ok in pool.imap_unordered(_raw_check, _members(path), chunksize=256):
            pass
    return time.perf_counter() - started


def run_cli(path: Path, out: Path) -> tuple[float, int]:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "ecrislib", "archive", "index", str(path), "-o", str(out)], check=False, capture_output=True)
    return time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024


def _peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def run_dask(path: Path, out: Path, workers: int) -> tuple[float, list[int]]:
    import distributed

    from ecrislib.archive.readers import read_archive
    from ecrislib.archive.run import chunks, index_chunk, map_chunks, prepare_output

    with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=50) as cluster, distributed.Client(cluster) as client:
        client.run(lambda: __import__("ecrislib.archive.index"))  # imports are not the work measured
        prepare_output(out)
        started = time.perf_counter()
        for _summary in map_chunks(index_chunk, chunks(read_archive(path)), str(out), client=client, workers=workers):
            pass
        elapsed = time.perf_counter() - started
        peaks = sorted(client.run(_peak_rss).values())
    return elapsed, peaks


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--messages", type=int, default=100_000)
    options.add_argument("--small", type=int, default=10_000)
    options.add_argument("--rounds", type=int, default=2)
    args = options.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        large = build_zip(work / "large.zip", args.messages)
        small = build_zip(work / "small.zip", args.small)
        times: dict[str, list[float]] = {"raw lxml pool (2 processes)": [], "CLI, one process": [], "Dask, 1 worker": [], "Dask, 2 workers": []}
        memory: dict[str, list[int]] = {}
        for round_number in range(args.rounds):
            times["raw lxml pool (2 processes)"].append(run_floor(large))
            times["CLI, one process"].append(run_cli(large, work / f"cli{round_number}")[0])
            for workers in (1, 2):
                elapsed, peaks = run_dask(large, work / f"dask{workers}-{round_number}", workers)
                times[f"Dask, {workers} worker{'s' if workers > 1 else ''}"].append(elapsed)
                memory[f"{args.messages} messages, {workers} workers"] = peaks
        for workers in (1, 2):
            memory[f"{args.small} messages, {workers} workers"] = run_dask(small, work / f"small{workers}", workers)[1]
        floor = statistics.median(times["raw lxml pool (2 processes)"])
        print(f"{args.messages} messages in a zip, {args.rounds} interleaved rounds")
        print(f"{'contender':32} {'files/s':>9} {'spread':>15} {'time vs floor':>14}")
        for name, values in times.items():
            rates = [args.messages / v for v in values]
            print(f"{name:32} {statistics.median(rates):9.0f} {min(rates):7.0f}-{max(rates):<7.0f} {statistics.median(values) / floor:13.2f}x")
        print("peak resident memory per Dask worker (MiB):")
        for name, peaks in sorted(memory.items()):
            print(f"  {name:32} {', '.join(f'{p / 2**20:.0f}' for p in peaks)}")


if __name__ == "__main__":
    main()
