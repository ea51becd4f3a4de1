"""What a reader written in Python cannot go below: parse against the least any such reader does.

Run: ``python -m benchmarks.bench_parse_floor [--rounds 7]``. Not collected by pytest.

On the golden set, on the small messages (up to 3 KB) together, and on the 4 KB notification of
the SOAP benchmark, interleaved rounds time (CPU time, median of the rounds with the spread):

- ``fromstring``: ``lxml.etree.fromstring``, the floor of the parse goal (issue 14);
- ``walk``: ``fromstring``, then a Python loop over every element reading what any reader of
  the tree must read (its tag, text, tail and attributes): the floor of a reader that goes
  through lxml's element objects, as ecrislib's must to give the same answers as the schema;
- ``dicts``: the same walk building one dictionary per element (tag, text, attributes,
  children): an untyped model, with no check of any kind;
- ``parse``: ``ecrislib.parse`` (hardened load, typed model, every rule of the model).

and reports each as a ratio to ``fromstring``, and ``parse`` as a ratio to ``walk`` and to
``dicts``. Timings are reported, never asserted.
"""

from __future__ import annotations

import argparse
from typing import Any

import ecrislib

from . import inputs
from .measure import interleaved, ratio
from .operations import _fromstring, _loop  # the runner's own floor and loop


def _walk(data: bytes) -> int:
    count = 0
    for element in _fromstring(data).iter():
        tag, text, tail, keys = element.tag, element.text, element.tail, element.keys()  # read, not used
        count += 1
    return count


def _dicts(data: bytes) -> dict[str, Any]:
    def build(element: Any) -> dict[str, Any]:
        return {"tag": element.tag, "text": element.text, "attributes": dict(element.attrib), "children": [build(child) for child in element]}

    return build(_fromstring(data))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    golden = list(inputs.golden().values())
    from ecrislib.testing import factories

    sets = {
        "all golden files": golden,
        "small messages (<= 3072 bytes)": [data for data in golden if len(data) <= inputs.SMALL_BYTES],
        "notification (SOAP benchmark)": [ecrislib.serialize(factories.notification(sender="GB", receiver="RO"))],
    }
    print("| input | walk / fromstring | dicts / fromstring | parse / fromstring | parse / walk | parse / dicts |")
    print("|---|---|---|---|---|---|")
    for label, datas in sets.items():
        times = interleaved(
            {
                "fromstring": _loop(_fromstring, datas),
                "walk": _loop(_walk, datas),
                "dicts": _loop(_dicts, datas),
                "parse": _loop(ecrislib.parse, datas),
            },
            args.rounds,
            target=0.05,
        )
        cells = [ratio(times, name, "fromstring").text() for name in ("walk", "dicts", "parse")]
        cells += [ratio(times, "parse", base).text() for base in ("walk", "dicts")]
        print(f"| {label} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
