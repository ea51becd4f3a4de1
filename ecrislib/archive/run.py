"""Running validation and indexing over archives: in this process, or on a Dask cluster.

The work is cut into chunks of consecutive members (the unit of partitioning: chunk ``n``
becomes index partition ``part-n.parquet``), and the same two functions, :func:`index_chunk` and
:func:`validate_chunk`, do the work in either place, so both paths give the same files, byte
for byte. The driver reads each archive once, linearly, and keeps a bounded number of chunks in
flight (two per worker): memory stays flat however large the archive.

With Dask, members travel from the driver to the workers (the archive needs to be readable by
the driver only); index partitions are written by the workers into ``out_dir``, which must
therefore be a folder every worker can reach (a shared filesystem, or the local disk with a
``local:N`` cluster).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import warnings
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import attrs

from ..extras import require
from .index import index_row, part_name, write_part
from .readers import Member

__all__ = ["ChunkSummary", "chunks", "index_chunk", "validate_chunk", "validate_member", "map_chunks", "cluster", "DEFAULT_CHUNK_SIZE"]

#: Members per chunk (and per index partition) unless told otherwise.
DEFAULT_CHUNK_SIZE = 2000

_R = TypeVar("_R")


@attrs.frozen
class ChunkSummary:
    """What indexing one chunk gave: rows written, how many valid, and the skipped members."""

    number: int
    rows: int
    valid: int
    problems: tuple[tuple[str, str], ...]  # (source, why)


def chunks(members: Iterable[Member], size: int = DEFAULT_CHUNK_SIZE) -> Iterator[tuple[int, list[Member]]]:
    """Consecutive chunks of ``size`` members, numbered from 0."""
    iterator = iter(members)
    for number in itertools.count():
        chunk = list(itertools.islice(iterator, size))
        if not chunk:
            return
        yield number, chunk


def index_chunk(number: int, members: list[Member], out_dir: str, options: Any = None) -> ChunkSummary:
    """Index one chunk and write it as partition ``number`` (no file when no member was readable)."""
    rows = [index_row(member, options) for member in members if member.data is not None]
    if rows:
        write_part(rows, out_dir, number)
    problems = tuple((m.source, m.problem or "") for m in members if m.data is None)
    return ChunkSummary(number, len(rows), sum(1 for row in rows if row["valid"]), problems)


def validate_member(member: Member, options: Any = None) -> dict[str, Any]:
    """One member's validation result as a small JSON-ready dict (as ``ecrislib validate`` prints)."""
    from ..validation import validate

    if member.data is None:
        return {"source": member.source, "unreadable": True, "reason": member.problem}
    result = validate(member.data, options).to_dict()
    result["source"] = member.source
    return result


def validate_chunk(number: int, members: list[Member], options: Any = None) -> list[dict[str, Any]]:
    return [validate_member(member, options) for member in members]


def map_chunks(function: Callable[..., _R], numbered: Iterable[tuple[int, list[Member]]], *args: Any,
               client: Any = None, workers: int = 1) -> Iterator[_R]:
    """``function(number, chunk, *args)`` for every chunk, results in chunk order.

    Without ``client`` the calls run here, one after the other. With a ``dask.distributed``
    client they run on its workers, at most ``2 * workers`` chunks in flight.
    """
    if client is None:
        for number, chunk in numbered:
            yield function(number, chunk, *args)
        return
    window = max(2 * workers, 2)
    pending: dict[int, Any] = {}
    source = iter(numbered)
    next_out = 0
    exhausted = False
    while True:
        while not exhausted and len(pending) < window:
            item = next(source, None)
            if item is None:
                exhausted = True
                break
            number, chunk = item
            # pure=False: the same members may be sent twice (two archives), never deduplicated.
            # Shipping the members with the task is the design (see the module docstring), so
            # distributed's advice against large graphs does not apply.
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message="Sending large graph", category=UserWarning)
                pending[number] = client.submit(function, number, chunk, *args, pure=False)
        if not pending:
            return
        future = pending.pop(next_out)
        yield future.result()
        next_out += 1


@contextlib.contextmanager
def cluster(scheduler: str | None) -> Iterator[tuple[Any, int]]:
    """A ``(client, workers)`` pair for ``--scheduler``: ``None`` (no Dask: ``(None, 1)``),
    ``local:N`` (an in-process ``LocalCluster`` of N single-threaded worker processes), or the
    address of a running scheduler (``tcp://host:8786``)."""
    if scheduler is None:
        yield None, 1
        return
    distributed = require("dask", "distributed", "running on a Dask cluster")
    if scheduler.startswith("local:"):
        count = int(scheduler.partition(":")[2] or "0")
        if count < 1:
            raise ValueError("local:N needs a number of workers of at least 1")
        with distributed.LocalCluster(n_workers=count, threads_per_worker=1, processes=True,
                                      dashboard_address=":0", silence_logs=40) as local, distributed.Client(local) as client:
            yield client, count
        return
    with distributed.Client(scheduler) as client:
        workers = len(client.scheduler_info().get("workers", {})) or 1
        yield client, workers


def prepare_output(out_dir: str | os.PathLike[str]) -> Path:
    """Create the index folder; refuse one that already holds an index (no silent mixing)."""
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.glob("part-*.parquet")):
        raise FileExistsError(f"{folder} already holds an index ({part_name(0)}...); choose an empty folder")
    return folder
