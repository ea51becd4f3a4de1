"""The benchmark runner works: a quick run on tiny inputs writes its table and plot.

Timings are never asserted (speed belongs in the runner's report); this only checks that
``python -m benchmarks`` measures what it says, the way a developer runs it.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_quick_run_writes_the_table_and_the_plot(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--only", "parse,serialize,zip,memory", "--sizes", "1", "--out", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    page = (tmp_path / "results.md").read_text(encoding="utf-8")
    # The goal summary names each measured operation with its floor, and nothing unmeasured.
    assert "| parse | lxml.etree.fromstring |" in page
    assert "| serialize | lxml.etree.tostring of the parsed tree |" in page
    assert "| validate |" not in page
    # Every input is there: the set, the small set, each message, the size step.
    details = page.split("## Every operation on every input")[1]
    for label in ("**all golden files**", "**small messages", "is-alive", "response, 1 convictions"):
        assert f"| parse | {label}" in details
    assert "## Bulk CLI over a zip" in page
    if sys.platform == "linux":  # the peak memory needs /proc/self/clear_refs
        memory = page.split("## Peak memory of the HTML page")[1].splitlines()
        assert re.match(r"\| \d+ \| \d+ \| \d+ \(", memory[4])  # a size step, with its figures
    assert page in result.stdout  # the same page is printed
    if importlib.util.find_spec("matplotlib") is not None:
        assert (tmp_path / "ratios.png").read_bytes().startswith(b"\x89PNG")
    else:
        assert "no plot: matplotlib is not installed" in result.stdout


def test_unknown_part_is_a_usage_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--only", "parse,speed", "--out", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 2 and "unknown parts: speed" in result.stderr
    assert not (tmp_path / "results.md").exists()


def test_before_and_after_compares_two_checkouts_on_the_same_files(tmp_path: Path) -> None:
    for name in ("is-alive.xml", "request-deadline-minimal.xml"):
        (tmp_path / name).write_bytes((ROOT / "tests" / "data" / "valid" / name).read_bytes())
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.versus", "--before", str(ROOT), "--after", str(ROOT),
         "--inputs", str(tmp_path), "--rounds", "1", "--repeats", "1"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith(f"2 files from {tmp_path};")
    rows = {line.split(" | ")[0].strip("| "): line for line in result.stdout.splitlines() if line.startswith("| ") and "---" not in line}
    assert set(rows) == {"operation", "parse", "validate"}
    for name in ("parse", "validate"):
        ratios = [float(cell.split(" ")[0]) for cell in rows[name].strip("| ").split(" | ")[1:]]
        assert len(ratios) == 3 and all(ratio > 0 for ratio in ratios)
