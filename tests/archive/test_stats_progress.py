"""``ecrislib stats`` shows its progress like the other archive commands: the partitions of
the index read, out of how many (the bar itself is drawn only on a terminal)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ecrislib.archive.stats import load_index
from ecrislib.progress import Progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_reading_the_index_counts_every_partition_out_of_the_total(world: dict[str, Any]) -> None:
    partitions = sorted(Path(world["index"]).glob("part-*.parquet"))
    assert len(partitions) > 1
    screen = _Terminal()
    with Progress(unit="partition", description="reading the index", stream=screen) as progress:
        index = load_index(str(world["index"]), progress=progress)
    assert progress.count == len(partitions)
    assert f"0/{len(partitions)}" in screen.getvalue()  # the total is known from the start: tqdm shows n/total
    assert len(index) == len(load_index(str(world["index"])))
