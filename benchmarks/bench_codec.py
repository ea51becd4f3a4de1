"""Codec speed as ratios against raw lxml on the same input, in one run.

    python benchmarks/bench_codec.py [--rounds N]

For every golden file (tests/data/valid): parse to the model vs ``lxml.etree.fromstring`` of
the same bytes, and serialize the model vs ``lxml.etree.tostring`` of the parsed tree. Also the
wall time of ``import ecrislib`` in a fresh interpreter, and of first use of the model. Goals
(issue 2): both ratios at most 6; import under 150 ms. Not part of the test suite: timings are
reported, never asserted.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from lxml import etree

import ecrislib

GOLDEN = Path(__file__).resolve().parent.parent / "tests" / "data" / "valid"


def best(function, rounds: int, inner: int) -> float:  # type: ignore[no-untyped-def]
    """Best mean time of ``inner`` calls over ``rounds`` rounds, in seconds per call."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(inner):
            function()
        times.append((time.perf_counter() - start) / inner)
    return min(times)


def import_time(statement: str, repeat: int = 5) -> float:
    """Median wall time of ``statement`` in a fresh interpreter, minus an empty interpreter."""

    def run(code: str) -> float:
        out = subprocess.run(
            [sys.executable, "-c", f"import time; t=time.perf_counter(); {code}; print(time.perf_counter()-t)"],
            capture_output=True, text=True, check=True,
        )
        return float(out.stdout)

    return statistics.median(run(statement) for _ in range(repeat))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--inner", type=int, default=200)
    args = parser.parse_args()

    print(f"{'file':45} {'bytes':>6} {'lxml parse':>11} {'parse':>9} {'ratio':>6} {'lxml write':>11} {'serialize':>10} {'ratio':>6}")
    parse_ratios, write_ratios = [], []
    totals = [0.0, 0.0, 0.0, 0.0]  # raw parse, our parse, raw write, our write (all files once)
    for path in sorted(GOLDEN.glob("*.xml")):
        data = path.read_bytes()
        tree = etree.fromstring(data)
        message = ecrislib.parse(data)
        contenders = (
            lambda: etree.fromstring(data),
            lambda: ecrislib.parse(data),
            lambda: etree.tostring(tree, xml_declaration=True, encoding="UTF-8"),
            lambda: ecrislib.serialize(message),
        )
        # Interleaved: every round times each contender once, so a slow moment of a shared
        # machine falls on all of them; the best round of each counts.
        rounds = [[best(function, 1, args.inner) for function in contenders] for _ in range(args.rounds)]
        raw_parse, our_parse, raw_write, our_write = (min(r[i] for r in rounds) for i in range(4))
        for index, value in enumerate((raw_parse, our_parse, raw_write, our_write)):
            totals[index] += value
        parse_ratios.append(our_parse / raw_parse)
        write_ratios.append(our_write / raw_write)
        print(
            f"{path.name:45} {len(data):6d} {raw_parse * 1e6:9.1f}us {our_parse * 1e6:7.1f}us {parse_ratios[-1]:6.2f}"
            f" {raw_write * 1e6:9.1f}us {our_write * 1e6:8.1f}us {write_ratios[-1]:6.2f}"
        )
    print(
        f"\nparse-to-model / lxml.etree.fromstring: all files {totals[1] / totals[0]:.2f}, "
        f"median {statistics.median(parse_ratios):.2f}, worst {max(parse_ratios):.2f} (goal <= 6)"
    )
    print(
        f"serialize / lxml.etree.tostring:       all files {totals[3] / totals[2]:.2f}, "
        f"median {statistics.median(write_ratios):.2f}, worst {max(write_ratios):.2f} (goal <= 6)"
    )
    print(f"\nimport ecrislib:                 {import_time('import ecrislib') * 1e3:6.1f} ms (goal < 150)")
    print(f"first use (ecrislib.parse etc.): {import_time('import ecrislib; ecrislib.parse') * 1e3:6.1f} ms")


if __name__ == "__main__":
    main()
