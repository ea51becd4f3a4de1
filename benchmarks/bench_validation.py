"""Benchmark of ecrislib.validate against raw lxml and xmlschema, and of the CLI with --jobs.

Run: ``python benchmarks/bench_validation.py [--files 10000] [--memory 1000 100000]``. Not
collected by pytest. The memory runs report the CLI's peak resident memory for growing numbers
of files: it must stay flat (results are streamed, never collected).
Goals (issue 3): validate with schema + IDs + rules <= 2.5x raw lxml parse + schema, and >= 10x
faster than xmlschema; CLI speed-up >= 1.6x from 1 to 2 jobs on 10,000 files. The code-table
checks (a later issue's rule, on by default) are reported on their own line.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
VALID = ROOT / "tests" / "data" / "valid"


def _best(fn, data: list[bytes], repeat: int) -> float:  # type: ignore[no-untyped-def]
    """Best-of-``repeat`` seconds per message."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for item in data:
            fn(item)
        best = min(best, time.perf_counter() - start)
    return best / len(data)


def bench_api(repeat: int) -> None:
    import ecrislib
    from ecrislib.validation import xsd

    data = [p.read_bytes() for p in sorted(VALID.glob("*.xml"))]
    schema = xsd.lxml_schema()
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    strict = xsd.xmlschema_schema()
    ecrislib.validate(data[0])  # warm caches (schema, code tables)

    def raw(item: bytes) -> None:
        schema.validate(etree.fromstring(item, parser))

    def ours(item: bytes) -> None:
        ecrislib.validate(item)

    def ours_no_codes(item: bytes, _o=ecrislib.ValidationOptions(check_codes=False)) -> None:  # type: ignore[no-untyped-def]
        ecrislib.validate(item, _o)

    def xs(item: bytes) -> None:
        strict.is_valid(etree.fromstring(item, parser))

    # Interleaved rounds: each round times every contender once, so a slow phase of a shared
    # machine hits all of them alike; the ratios are the medians of the per-round ratios.
    rounds: list[tuple[float, float, float, float]] = []
    for _ in range(repeat):
        rounds.append((_best(raw, data, 1), _best(ours, data, 1), _best(ours_no_codes, data, 1), _best(xs, data, 1)))
    t_raw, t_ours, t_nocodes, t_xs = (min(r[i] for r in rounds) for i in range(4))
    ratio = statistics.median(r[1] / r[0] for r in rounds)
    ratio_nocodes = statistics.median(r[2] / r[0] for r in rounds)
    speedup = statistics.median(r[3] / r[1] for r in rounds)
    speedup_nocodes = statistics.median(r[3] / r[2] for r in rounds)
    print(f"{len(data)} golden files, per message (best of {repeat} interleaved rounds; ratios are medians of the rounds):")
    print(f"  raw lxml parse + schema                     {t_raw * 1e6:9.1f} us")
    print(
        f"  validate: schema + IDs + rules              {t_nocodes * 1e6:9.1f} us   {ratio_nocodes:5.2f}x raw lxml (goal <= 2.5x),"
        f" {speedup_nocodes:5.1f}x faster than xmlschema (goal >= 10x)"
    )
    print(
        f"  validate: the same + code tables (default)  {t_ours * 1e6:9.1f} us   {ratio:5.2f}x raw lxml,"
        f" {speedup:5.1f}x faster than xmlschema"
    )
    print(f"  xmlschema (schema, IDs and IDREFs)          {t_xs * 1e6:9.1f} us")


def _write_files(out: Path, count: int) -> None:
    """``count`` messages made from the golden files, each with its own message ID."""
    files = sorted(VALID.glob("*.xml"))
    digits = re.compile(rb"(-[A-Z]{3}-)([0-9]{15})")
    for index in range(count):
        source = files[index % len(files)].read_bytes()
        data = digits.sub(lambda m: m.group(1) + str(10**14 + index).encode(), source, count=1)
        (out / f"{index:06d}.xml").write_bytes(data)


# Runs the CLI and reports the peak resident memory of the process and of its workers (KiB).
_MEASURED_CLI = (
    "import resource, sys\n"
    "from ecrislib.cli import main\n"
    "status = main(sys.argv[1:])\n"
    "own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(f'peak-rss {own} {workers}', file=sys.stderr)\n"
)


def bench_memory(counts: list[int], jobs: int) -> None:
    """Peak memory of ``ecrislib validate`` over growing numbers of files: flat means streaming."""
    for count in counts:
        with tempfile.TemporaryDirectory(prefix="ecrislib-bench-") as folder:
            out = Path(folder)
            _write_files(out, count)
            result = subprocess.run(
                [sys.executable, "-c", _MEASURED_CLI, "validate", "-q", "--jobs", str(jobs), str(out)],
                capture_output=True, text=True, check=False,
            )
            own, workers = (int(x) for x in result.stderr.split("peak-rss ")[1].split())
            print(f"  CLI --jobs {jobs} over {count:7d} files: peak RSS {own / 1024:6.1f} MiB (workers {workers / 1024:6.1f} MiB)")


def bench_cli(count: int) -> None:
    with tempfile.TemporaryDirectory(prefix="ecrislib-bench-") as folder:
        out = Path(folder)
        _write_files(out, count)
        timings = {}
        for jobs in (1, 2):
            start = time.perf_counter()
            result = subprocess.run(
                [sys.executable, "-m", "ecrislib", "validate", "-q", "--jobs", str(jobs), str(out)],
                capture_output=True, text=True, check=False,
            )
            timings[jobs] = time.perf_counter() - start
            print(f"  CLI --jobs {jobs}: {timings[jobs]:6.2f} s for {count} files, exit {result.returncode}: {result.stdout.strip().splitlines()[-1]}")
        print(f"  speed-up 1 -> 2 jobs: {timings[1] / timings[2]:.2f}x (goal >= 1.6x)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument(
        "--memory", type=int, nargs="*", default=[1_000, 10_000],
        help="file counts for the peak-memory runs (e.g. --memory 1000 100000); none to skip",
    )
    args = parser.parse_args()
    bench_api(args.repeat)
    if args.files:
        bench_cli(args.files)
    for jobs in (1, 2):
        bench_memory(args.memory, jobs)


if __name__ == "__main__":
    main()
