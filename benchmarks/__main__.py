"""One runner for every line of the performance goal table (issue 14).

    python -m benchmarks [--rounds 7] [--only parse,validate,...] [--out benchmarks/results]

Measures parse, hardened load, validate, serialize and rendering against their floors on every
golden file, on the whole set, on the small messages together, and on request responses of 1 to
1,000 convictions; the bulk CLI over a folder (``--jobs 1`` and ``2``) against an lxml process
pool; the CLI over a zip against the same folder; the first call in a fresh process; and the
peak memory of the HTML page of a large reply against its lxml tree. Peers
(xmlschema, xsdata) run on the same inputs where installed. Writes ``results.md`` and
``ratios.png`` (with matplotlib, the ``bench`` extra) to the output folder. Timings are reported,
never asserted. ``--quick`` is a smoke run on tiny inputs (the test suite uses it).
"""

from __future__ import annotations

import argparse
import platform
import sys
from pathlib import Path

from . import bulk, fresh, inputs, memory, operations
from .measure import interleaved, ratio
from .report import Results, Row, markdown, plot

PARTS = (*operations.OPERATIONS, "bulk", "zip", "fresh", "memory")


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="interleaved rounds (default 7; medians are reported)")
    parser.add_argument("--only", default=",".join(PARTS), help=f"comma-separated parts (default all: {','.join(PARTS)})")
    parser.add_argument("--sizes", type=int, nargs="*", default=[1, 10, 100, 1000], help="convictions per size step")
    parser.add_argument("--files", type=int, default=2000, help="files for the bulk CLI run")
    parser.add_argument("--bulk-rounds", type=int, default=3, help="rounds of the bulk and zip runs (whole processes)")
    parser.add_argument("--zip-members", type=int, nargs="*", default=[250, 1000], help="zip sizes")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results")
    parser.add_argument("--quick", action="store_true", help="a smoke run: tiny inputs, few rounds")
    args = parser.parse_args(argv)
    args.parts = [p for p in args.only.split(",") if p]
    unknown = sorted(set(args.parts) - set(PARTS))
    if unknown:
        parser.error(f"unknown parts: {', '.join(unknown)}")
    if args.quick:
        args.rounds, args.bulk_rounds, args.sizes, args.files, args.zip_members = 3, 1, [1, 2], 6, [3]
    return args


def _message_rows(name: str, sources: dict[str, bytes], sizes: list[int], rounds: int, quick: bool) -> list[Row]:
    op = operations.OPERATIONS[name]
    target = 0.0002 if quick else 0.002
    small = {k: v for k, v in sources.items() if len(v) <= inputs.SMALL_BYTES}
    cases: list[tuple[str, str, list[bytes]]] = [("set", "all golden files", list(sources.values()))]
    if small:
        cases.append(("small", f"small messages (<= {inputs.SMALL_BYTES} bytes)", list(small.values())))
    cases += [("message", label, [data]) for label, data in sources.items()]
    cases += [("size", f"response, {n} convictions", [inputs.sized(n)]) for n in sizes]
    rows = []
    for group, label, datas in cases:
        times = interleaved(op.calls(datas), rounds, target)
        peers = {peer: ratio(times, peer, "floor") for peer in times if peer not in ("floor", "ours")}
        floor_us = sorted(times["floor"])[len(times["floor"]) // 2] * 1e6
        ours_us = sorted(times["ours"])[len(times["ours"]) // 2] * 1e6
        rows.append(Row(name, group, label, sum(map(len, datas)), floor_us, ours_us, ratio(times, "ours", "floor"), peers))
        print(f"  {name:12} {label:55} {rows[-1].ratio.text():>18}", file=sys.stderr)
    return rows


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    sources = inputs.golden(limit=3 if args.quick else None)
    import lxml.etree

    results = Results(
        rounds=args.rounds,
        environment=f"Python {platform.python_version()}, lxml {lxml.etree.__version__}, {platform.machine()}",
        peers=operations.peers_note(),
    )
    for name in operations.OPERATIONS:
        if name in args.parts:
            results.rows += _message_rows(name, sources, args.sizes, args.rounds, args.quick)
    if "bulk" in args.parts:
        print(f"  bulk CLI, {args.files} files", file=sys.stderr)
        results.bulk, results.speedup, results.floor_speedup = bulk.bulk(sources, args.files, (1, 2), args.bulk_rounds)
    if "zip" in args.parts:
        print(f"  zip CLI, {args.zip_members} members", file=sys.stderr)
        results.zips = zip_results = bulk.zip_scaling(sources, tuple(args.zip_members), args.bulk_rounds)
        del zip_results
    if "fresh" in args.parts:
        print("  first call in a fresh process", file=sys.stderr)
        results.fresh = fresh.fresh(next(iter(sources.values())) if args.quick else inputs.GOLDEN.joinpath("request-response-two-convictions.xml").read_bytes(), args.rounds)
    if "memory" in args.parts:
        if memory.measurable():
            steps = [n for n in args.sizes if n >= 100] or args.sizes[-1:]
            print(f"  HTML render memory, {steps} convictions", file=sys.stderr)
            results.memory = memory.html_memory({n: inputs.sized(n) for n in steps}, args.bulk_rounds)
        else:
            print("  HTML render memory: not measured (needs Linux's /proc/self/clear_refs)", file=sys.stderr)
    args.out.mkdir(parents=True, exist_ok=True)
    page = markdown(results)
    (args.out / "results.md").write_text(page, encoding="utf-8")
    plotted = plot(results, args.out / "ratios.png")
    print(page)
    print(f"\nwritten: {args.out / 'results.md'}" + (f", {args.out / 'ratios.png'}" if plotted else " (no plot: matplotlib is not installed; pip install '.[bench]')"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
