"""Benchmark of validate() against the number of schema errors in one message (issue 9).

Run: ``python benchmarks/bench_errors.py [--errors 1000 4000 16000 64000] [--rounds 3]``. Not
collected by pytest.

Each document is a valid request with ``n`` extra ``PersonAlias`` elements whose birth year is
not a year (one schema error each). The floor is raw lxml on the same bytes in the same round:
parse, then ``XMLSchema.validate``. Rounds are interleaved (each round times the floor and
validate() once per size), and the figures are the medians of the rounds with their spread
(min-max).

Reading the figures: lxml itself records the node path of every error (``xmlGetNodePath``
walks the previous siblings), so the *floor* grows quadratically when the errors sit among
thousands of siblings (measured: 64,000 errors, 45 to 150 s on a loaded machine). validate()
does not pay that for huge broken trees: past 20,000 elements and 2,000 errors it counts and
reports the schema errors from one streaming validation (unlocated). Goal: validate() grows
linearly, each 4x more errors costing at most 1.5 x 4x more; the ratio to the floor falls.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
REQUEST = (ROOT / "tests" / "data" / "valid" / "request.xml").read_text(encoding="utf-8")
BAD_ALIAS = (
    "<dm:PersonAlias><dm:PersonName><dm:Forename>x</dm:Forename><dm:Surname>y</dm:Surname></dm:PersonName>"
    "<dm:PersonBirthDate><c:DateYear>19x0</c:DateYear></dm:PersonBirthDate></dm:PersonAlias>\n"
)


def document(errors: int) -> bytes:
    at = REQUEST.rindex("</dm:PersonAlias>", 0, REQUEST.index("</msg:MessageDataPerson>")) + len("</dm:PersonAlias>")
    return (REQUEST[:at] + BAD_ALIAS * errors + REQUEST[at:]).encode()


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--errors", type=int, nargs="+", default=[1000, 4000, 16000, 64000])
    arguments.add_argument("--rounds", type=int, default=3)
    args = arguments.parse_args()

    import ecrislib
    from ecrislib.xml import parser as hardened
    from ecrislib.xml import schemas

    schema = schemas.lxml_schema()
    raw_parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    documents = {n: document(n) for n in args.errors}
    options = ecrislib.ValidationOptions(limits=hardened.ParserLimits(max_bytes=64 * 1024 * 1024))
    ecrislib.validate(documents[min(args.errors)], options)  # warm: schema, code tables

    def raw(data: bytes) -> None:
        schema.validate(etree.fromstring(data, raw_parser))
        schemas.forget_errors(schema)

    def ours(data: bytes) -> None:
        report = ecrislib.validate(data, options)
        assert not report.ok and len(report.issues) == 1001  # capped at max_issues (default 1000)

    timings: dict[int, list[tuple[float, float]]] = {n: [] for n in args.errors}
    for _ in range(args.rounds):
        for n, data in documents.items():
            start = time.perf_counter()
            raw(data)
            middle = time.perf_counter()
            ours(data)
            timings[n].append((middle - start, time.perf_counter() - middle))

    print(f"validate() against schema errors: {args.rounds} interleaved rounds, medians (min-max)")
    print(f"{'errors':>7} {'MB':>5} {'raw lxml s':>18} {'validate s':>18} {'ratio':>14} {'extra/error us':>20}")
    previous: tuple[int, float] | None = None
    for n in args.errors:
        raws = [r for r, _o in timings[n]]
        oursl = [o for _r, o in timings[n]]
        ratios = [o / r for r, o in timings[n]]
        extra = [(o - r) / n * 1e6 for r, o in timings[n]]
        line = (
            f"{n:>7} {len(documents[n]) / 1e6:>5.1f} "
            f"{statistics.median(raws):>7.3f} ({min(raws):.3f}-{max(raws):.3f}) "
            f"{statistics.median(oursl):>7.3f} ({min(oursl):.3f}-{max(oursl):.3f}) "
            f"{statistics.median(ratios):>5.2f} ({min(ratios):.2f}-{max(ratios):.2f}) "
            f"{statistics.median(extra):>7.1f} ({min(extra):.1f}-{max(extra):.1f})"
        )
        if previous is not None:
            growth = statistics.median(oursl) / previous[1]
            line += f"   validate x{growth:.1f} for x{n / previous[0]:.0f} errors"
        print(line)
        previous = (n, statistics.median(oursl))


if __name__ == "__main__":
    main()
