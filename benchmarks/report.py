"""The runner's results as a Markdown page and a plot (ratio per operation and message size)."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from pathlib import Path

from .bulk import BulkResult, ZipResult
from .fresh import FreshResult
from .memory import MemoryResult
from .measure import Spread
from .operations import OPERATIONS

__all__ = ["Results", "Row", "markdown", "plot"]


@dataclass(frozen=True)
class Row:
    """One operation on one input (a message, the set, the small set, or a size step)."""

    operation: str
    group: str  # "set", "small", "message" or "size"
    label: str
    size: int  # bytes of the input (of all inputs, for a set)
    floor_us: float
    ours_us: float
    ratio: Spread
    peers: dict[str, Spread] = field(default_factory=dict)


@dataclass
class Results:
    rounds: int
    environment: str
    peers: str
    rows: list[Row] = field(default_factory=list)
    bulk: list[BulkResult] = field(default_factory=list)
    speedup: Spread | None = None
    #: the floor's own speed-up from 1 to 2 jobs on the same machine
    floor_speedup: Spread | None = None
    zips: list[ZipResult] = field(default_factory=list)
    fresh: FreshResult | None = None
    memory: list[MemoryResult] = field(default_factory=list)


def _mark(value: float, goal: float, higher_is_better: bool = False) -> str:
    met = value >= goal if higher_is_better else value <= goal
    return "met" if met else "**not met**"


def _summary(results: Results) -> list[str]:
    lines = [
        "| operation | floor | set | small set | worst message | size steps (flatness) | goal | status |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, op in OPERATIONS.items():
        rows = [r for r in results.rows if r.operation == name]
        if not rows:
            continue
        whole = next((r for r in rows if r.group == "set"), None)
        small = next((r for r in rows if r.group == "small"), None)
        messages = [r for r in rows if r.group == "message"]
        worst = max(messages, key=lambda r: r.ratio.median, default=None)
        sizes = [r for r in rows if r.group == "size"]
        flat = max(r.ratio.median for r in sizes) / min(r.ratio.median for r in sizes) if sizes else None
        met = (whole is None or whole.ratio.median <= op.goal_set) and (worst is None or worst.ratio.median <= op.goal_each)
        goal = f"<= {op.goal_set:g} set, <= {op.goal_each:g} each" if op.goal_set != op.goal_each else f"<= {op.goal_set:g}"
        lines.append(
            f"| {name} | {op.floor} | {whole.ratio.text() if whole else '-'} | {small.ratio.text() if small else '-'} "
            f"| {f'{worst.ratio.text()} {worst.label}' if worst else '-'} | {f'{flat:.2f}' if flat else '-'} "
            f"| {goal} | {'met' if met else '**not met**'} |"
        )
    return lines


def _details(results: Results) -> list[str]:
    peer_names = sorted({p for r in results.rows for p in r.peers})
    head = "| operation | input | bytes | floor us | ours us | ours / floor |" + "".join(f" {p} / floor |" for p in peer_names)
    lines = [head, "|---" * (6 + len(peer_names)) + "|"]
    for r in results.rows:
        label = f"**{r.label}**" if r.group in ("set", "small") else r.label
        peers = "".join(f" {r.peers[p].text(1) if p in r.peers else '-'} |" for p in peer_names)
        lines.append(f"| {r.operation} | {label} | {r.size} | {r.floor_us:.1f} | {r.ours_us:.1f} | {r.ratio.text()} |{peers}")
    return lines


def _table(title: str, header: list[str], rows: list[list[object]]) -> list[str]:
    """A titled Markdown table, then a blank line."""
    lines = [f"## {title}", "", "| " + " | ".join(header) + " |", "|---" * len(header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return [*lines, ""]


def markdown(results: Results) -> str:
    out = [
        "# ecrislib benchmark results",
        "",
        f"Written by `python -m benchmarks`. {results.environment}. Ratios are medians of {results.rounds} "
        "interleaved rounds, with their spread (lowest-highest); lower is better unless said otherwise.",
        f"Peers: {results.peers}.",
        "",
    ]
    if results.rows:
        out += ["## Goals", "", *_summary(results), "",
                "Flatness: the highest ratio over the size steps divided by the lowest (goal <= 1.2).", ""]
    if results.bulk:
        out += _table(
            "Bulk CLI (`ecrislib validate -q --jobs N folder`)",
            ["files", "jobs", "floor s", "ours s", "throughput / floor (goal >= 0.7)", "status"],
            [[b.files, b.jobs, b.floor_seconds.text(), b.ours_seconds.text(), b.throughput.text(),
              _mark(b.throughput.median, 0.7, higher_is_better=True)] for b in results.bulk],
        )
        if results.speedup is not None:
            floor = f" The floor's own on this machine: {results.floor_speedup.text()}." if results.floor_speedup is not None else ""
            out += [f"Speed-up from 1 to 2 jobs: {results.speedup.text()} (goal >= 1.8): "
                    f"{_mark(results.speedup.median, 1.8, higher_is_better=True)}.{floor}", ""]
    if results.zips:
        out += _table(
            "Bulk CLI over a zip against the same files in a folder",
            ["members", "folder s", "zip s", "zip / folder (goal <= 1.1)", "zip us per member", "status"],
            [[z.members, z.folder_seconds.text(), z.zip_seconds.text(), z.ratio.text(),
              f"{z.zip_seconds.median / z.members * 1e6:.0f}", _mark(z.ratio.median, 1.1)] for z in results.zips],
        )
    if results.fresh is not None:
        f = results.fresh
        out += _table(
            "First call in a fresh process (parse + validate + render HTML)",
            ["import s", "first call s", "second call s", "import + first - second (goal <= 0.15 s)", "status"],
            [[f.import_seconds.text(3), f.first_seconds.text(3), f.second_seconds.text(3), f.extra_seconds.text(3),
              _mark(f.extra_seconds.median, 0.15)]],
        )
    if results.memory:
        out += _table(
            "Peak memory of the HTML page against the message's lxml tree (KiB, above what was there before)",
            ["convictions", "message bytes", "lxml tree", "render html, check=False", "/ tree (goal <= 2)", "status", "render html (checked)", "/ tree"],
            [[m.convictions, m.size, m.tree_kib.text(0), m.html_kib.text(0), f"{m.html_kib.median / m.tree_kib.median:.2f}",
              _mark(m.html_kib.median / m.tree_kib.median, 2.0), m.checked_kib.text(0), f"{m.checked_kib.median / m.tree_kib.median:.2f}"]
             for m in results.memory],
        )
        out += ["The checked render's peak is the validation's (the check validates the message before the page is built).", ""]
    if results.rows:
        out += ["## Every operation on every input", "", *_details(results), ""]
    return "\n".join(out)


def plot(results: Results, path: Path) -> bool:
    """Ratio to the floor against message size, one series per operation; False without matplotlib."""
    if importlib.util.find_spec("matplotlib") is None:
        return False
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(9, 5.5))
    for index, name in enumerate(OPERATIONS):
        color = f"C{index}"
        messages = sorted((r for r in results.rows if r.operation == name and r.group == "message"), key=lambda r: r.size)
        steps = sorted((r for r in results.rows if r.operation == name and r.group == "size"), key=lambda r: r.size)
        if not messages and not steps:
            continue
        if messages:
            axes.scatter([r.size for r in messages], [r.ratio.median for r in messages], color=color, s=14, alpha=0.7)
        if steps:
            axes.errorbar(
                [r.size for r in steps],
                [r.ratio.median for r in steps],
                yerr=[[r.ratio.median - r.ratio.low for r in steps], [r.ratio.high - r.ratio.median for r in steps]],
                color=color, marker="o", capsize=3,
            )
        axes.plot([], [], color=color, marker="o", label=name)
    axes.set_xscale("log")
    axes.set_xlabel("message size, bytes (dots: golden files; lines: 1 to 1,000 convictions)")
    axes.set_ylabel("time / floor (median of rounds)")
    axes.set_title("ecrislib: ratio to the floor per operation and message size")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return True
