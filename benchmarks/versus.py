"""Before and after: parse, validate and serialize of two checkouts on the same files, each
as a ratio to raw lxml measured in the same process, the two checkouts' processes alternating.

Run: ``python -m benchmarks.versus --before ../old-checkout [--after .] [--rounds 7]``, e.g.
with ``git worktree add ../old-checkout <commit>``. The inputs default to the golden files of
the *before* checkout, so that both sides read the very same bytes. A ratio (ours / floor)
is taken within one process and one round, never across; the report gives the median of the
rounds with its spread. Issue 8 asks for exactly this: speed on the golden files "no worse
than before", in one run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from .measure import Spread

#: What one child process runs: the checkout's own ecrislib, its own compiled schema for the
#: validation floor, and the two contenders of each operation timed alternately (CPU time).
_CHILD = r"""
import gc, json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import ecrislib
from lxml import etree
from ecrislib.xml import schemas
assert Path(ecrislib.__file__).resolve().is_relative_to(Path(sys.argv[1]).resolve()), ecrislib.__file__
datas = [path.read_bytes() for path in sorted(Path(sys.argv[2]).glob("*.xml"))]
schema = schemas.lxml_schema()
def loop(function, items=datas):
    def every():
        for item in items:
            function(item)
    return every
operations = {
    "parse": lambda: (loop(ecrislib.parse), loop(etree.fromstring)),
    "validate": lambda: (loop(ecrislib.validate), loop(lambda data: schema.validate(etree.fromstring(data)))),
    "serialize": lambda: (
        loop(ecrislib.serialize, [ecrislib.parse(data) for data in datas]),
        loop(lambda tree: etree.tostring(tree, xml_declaration=True, encoding="UTF-8"), [etree.fromstring(data) for data in datas]),
    ),
}
result = {}
for name in sys.argv[3].split(","):
    ours, floor = operations[name]()
    ours(); floor()
    best = {"ours": float("inf"), "floor": float("inf")}
    for _ in range(int(sys.argv[4])):
        for side, function in (("ours", ours), ("floor", floor)):
            gc.collect()
            start = time.process_time()
            function()
            best[side] = min(best[side], time.process_time() - start)
    result[name] = {"ours": best["ours"], "floor": best["floor"], "files": len(datas)}
print(json.dumps(result))
"""


def measure(checkout: Path, inputs: Path, operations: str, repeats: int) -> dict[str, dict[str, float]]:
    """One child process of ``checkout``: per operation, best CPU seconds of ours and the floor."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    env.pop("PYTHONPATH", None)
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(checkout), str(inputs), operations, str(repeats)],
        capture_output=True, text=True, check=True, env=env, cwd=checkout,
    )
    result: dict[str, dict[str, float]] = json.loads(done.stdout)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="the older checkout")
    parser.add_argument("--after", type=Path, default=Path(__file__).resolve().parent.parent, help="the newer checkout (default: this one)")
    parser.add_argument("--inputs", type=Path, help="folder of messages (default: the before checkout's tests/data/valid)")
    parser.add_argument("--only", default="parse,validate", help="comma-separated: parse, validate, serialize")
    parser.add_argument("--rounds", type=int, default=7, help="alternating pairs of processes")
    parser.add_argument("--repeats", type=int, default=15, help="timed passes per contender in a process (best kept)")
    args = parser.parse_args(argv)
    inputs = args.inputs or args.before / "tests" / "data" / "valid"
    sides = {"before": args.before.resolve(), "after": args.after.resolve()}
    ratios: dict[tuple[str, str], list[float]] = {}
    files = 0
    for _ in range(args.rounds):
        for side, checkout in sides.items():
            for name, figures in measure(checkout, inputs, args.only, args.repeats).items():
                ratios.setdefault((name, side), []).append(figures["ours"] / figures["floor"])
                files = int(figures["files"])
    print(f"{files} files from {inputs}; ratio to the floor, median (lowest-highest) of {args.rounds} rounds\n")
    print("| operation | before | after | after / before |")
    print("|---|---|---|---|")
    for name in args.only.split(","):
        before, after = Spread.of(ratios[(name, "before")]), Spread.of(ratios[(name, "after")])
        print(f"| {name} | {before.text()} | {after.text()} | {after.median / before.median:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
