"""Importing ecrislib.codes reads no data: tables are built on first use."""

from __future__ import annotations

import json
import subprocess
import sys

SCRIPT = """
import json, sys
import ecrislib, ecrislib.codes as codes
after_import = sorted(m for m in sys.modules if m.startswith(("pycountry", "ecrislib.codes.")))
codes.Entry, codes.Table, codes.member_state_country("RO")
after_names = sorted(m for m in sys.modules if m.startswith(("pycountry", "ecrislib.codes.bundle")))
tables = codes.bundled()
heavy_after_build = sorted(m for m in ("pycountry", "importlib.metadata") if m in sys.modules)
from ecrislib.codes import iso
catalogues_after_build = [list(c) for c in iso.loaded_catalogues()]
greek = tables.label("CO-00-642-ROU", "el").text
print(json.dumps({
    "greek": greek,
    "catalogues_after_label": [list(c) for c in iso.loaded_catalogues()],
    "after_import": after_import,
    "after_names": after_names,
    "heavy_after_build": heavy_after_build,
    "catalogues_after_build": catalogues_after_build,
}))
"""


def test_import_is_lazy() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True)
    report = json.loads(done.stdout)
    assert report["after_import"] == []  # no submodule, no pycountry, no CSV
    assert report["after_names"] == []  # the model classes do not pull data in either
    # pycountry's data is read from its folder: importing it (which reads its own version
    # through importlib.metadata) cost a fresh process tens of milliseconds (issue 14).
    assert report["heavy_after_build"] == []
    assert report["catalogues_after_build"] == []  # translations wait until a label is asked
    # One label in Greek reads one catalogue, not pycountry's 100+.
    assert report["greek"] == "Ρουμανία"
    assert report["catalogues_after_label"] == [["iso3166-1", "el"]]


THREADS = """
import json, threading
from ecrislib.codes import bundle
calls = []
original = bundle.build_bundled
def counting():
    calls.append(1)
    return original()
bundle.build_bundled = counting
barrier = threading.Barrier(8)
results = []
def work():
    barrier.wait()
    results.append(id(bundle.bundled()))
threads = [threading.Thread(target=work) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join()
print(json.dumps({"builds": len(calls), "distinct": len(set(results)), "results": len(results)}))
"""


def test_bundled_is_built_once_under_concurrency() -> None:
    done = subprocess.run([sys.executable, "-c", THREADS], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == {"builds": 1, "distinct": 1, "results": 8}
