"""Streaming readers of message archives: folders, zip, tar (plain or compressed) and the
transport's SQLite journals.

Each reader yields one :class:`Member` per message, in a stable order (sorted paths for a
folder, the archive's own order otherwise), holding at most one message's bytes at a time. The
parser's size limit is applied *before* reading (declared sizes) and *while* reading (at most
``max_bytes + 1`` bytes are read, so a zip bomb or a lying header stops there). A member that
cannot be read is yielded with ``problem`` set and no data: it is reported and skipped, never
fatal; a broken archive ends its own stream with one such member and the next archive goes on.

Zip archives are read linearly, opened once; tar archives are read as a stream (``r|*``), so a
``.tar.gz`` is never decompressed to disk or memory as a whole.
"""

from __future__ import annotations

import os
import sqlite3
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from urllib.parse import quote

import attrs

from ..xml.parser import DEFAULT_LIMITS, ParserLimits

__all__ = ["Member", "archive_kind", "read_archive", "read_archives"]

#: Called once with the number of members when a reader knows it before reading them.
TotalCallback = Callable[[int], None]

_SQLITE_MAGIC = b"SQLite format 3\x00"
_TAR_SUFFIXES = (".tar", ".tgz", ".tar.gz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")


@attrs.frozen
class Member:
    """One message of an archive: its bytes, or why it could not be read.

    ``archive`` is the archive as named by the caller; ``name`` the member inside it (a path
    relative to a folder, a zip or tar member name, ``OWNER/SEQ`` in a journal).
    """

    archive: str
    name: str
    data: bytes | None = attrs.field(default=None, repr=False)
    problem: str | None = None

    @property
    def source(self) -> str:
        """``archive!name``: one string naming the member, as in ``ecrislib validate``."""
        return f"{self.archive}!{self.name}" if self.name else self.archive


def _too_big(limits: ParserLimits) -> str:
    return f"over the size limit of {limits.max_bytes} bytes [xml.size]"


def archive_kind(path: str | os.PathLike[str]) -> str | None:
    """``"folder"``, ``"zip"``, ``"tar"``, ``"journal"``, or ``None`` for anything else.

    Decided by content (magic bytes), the file name only breaking ties for tar.
    """
    path = Path(path)
    if path.is_dir():
        return "folder"
    try:
        with open(path, "rb") as file:
            head = file.read(len(_SQLITE_MAGIC))
    except OSError:
        return None
    if head.startswith(_SQLITE_MAGIC):
        return "journal"
    if head.startswith(b"PK"):
        return "zip"
    if path.name.lower().endswith(_TAR_SUFFIXES) or head[:2] == b"\x1f\x8b":
        return "tar"
    try:
        return "tar" if tarfile.is_tarfile(path) else None
    except OSError:
        return None


def read_archive(path: str | os.PathLike[str], limits: ParserLimits = DEFAULT_LIMITS,
                 on_total: TotalCallback | None = None) -> Iterator[Member]:
    """Every message member of one archive, lazily (see the module docstring)."""
    name = os.fspath(path)
    if not os.path.exists(name):
        yield Member(name, "", problem="no such file or directory")
        return
    kind = archive_kind(name)
    if kind is None:
        yield Member(name, "", problem="not a folder, zip, tar or journal archive")
        return
    reader = {"folder": _read_folder, "zip": _read_zip, "tar": _read_tar, "journal": _read_journal}[kind]
    yield from reader(name, limits, on_total)


def read_archives(paths: Iterable[str | os.PathLike[str]], limits: ParserLimits = DEFAULT_LIMITS,
                  on_total: TotalCallback | None = None) -> Iterator[Member]:
    """The members of several archives, one archive after the other."""
    for path in paths:
        yield from read_archive(path, limits, on_total)


def _is_message_name(name: str) -> bool:
    return name.lower().endswith(".xml")


def _read_folder(root: str, limits: ParserLimits, _on_total: TotalCallback | None) -> Iterator[Member]:
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for file_name in sorted(files):
            if not _is_message_name(file_name):
                continue
            full = os.path.join(folder, file_name)
            name = Path(os.path.relpath(full, root)).as_posix()
            try:
                if os.stat(full).st_size > limits.max_bytes:
                    yield Member(root, name, problem=_too_big(limits))
                    continue
                with open(full, "rb") as file:
                    data = file.read(limits.max_bytes + 1)
            except OSError as error:
                yield Member(root, name, problem=f"unreadable file ({error.strerror or type(error).__name__})")
                continue
            if len(data) > limits.max_bytes:
                yield Member(root, name, problem=_too_big(limits))
            else:
                yield Member(root, name, data)


# What a damaged zip or tar member raises while it is read: bad CRC, truncated or corrupt
# compressed data, an unsupported method or encryption.
_MEMBER_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError, ValueError, tarfile.TarError)


def _read_zip(archive: str, limits: ParserLimits, on_total: TotalCallback | None) -> Iterator[Member]:
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError, ValueError):
        yield Member(archive, "", problem="not a readable zip archive")
        return
    with zf:
        infos = [info for info in zf.infolist() if not info.is_dir() and _is_message_name(info.filename)]
        if on_total is not None:
            on_total(len(infos))
        for info in infos:
            if info.file_size > limits.max_bytes:
                yield Member(archive, info.filename, problem=_too_big(limits))
                continue
            try:
                with zf.open(info) as file:
                    data = file.read(limits.max_bytes + 1)
            except _MEMBER_ERRORS as error:
                yield Member(archive, info.filename, problem=f"unreadable zip member ({type(error).__name__})")
                continue
            if len(data) > limits.max_bytes:
                yield Member(archive, info.filename, problem=_too_big(limits))
            else:
                yield Member(archive, info.filename, data)


def _read_tar(archive: str, limits: ParserLimits, _on_total: TotalCallback | None) -> Iterator[Member]:
    current = ""
    try:
        with tarfile.open(archive, mode="r|*") as tf:
            for info in tf:
                current = info.name
                if not info.isfile() or not _is_message_name(info.name):
                    continue
                if info.size > limits.max_bytes:
                    yield Member(archive, info.name, problem=_too_big(limits))
                    continue
                file = tf.extractfile(info)
                data = file.read(limits.max_bytes + 1) if file is not None else b""
                yield Member(archive, info.name, data)
    except _MEMBER_ERRORS as error:
        # A stream cannot resynchronise after damage: report where it stopped, then move on.
        where = f" after {current}" if current else ""
        yield Member(archive, current, problem=f"damaged tar archive{where} ({type(error).__name__}); the rest is skipped")


def _read_journal(archive: str, limits: ParserLimits, on_total: TotalCallback | None) -> Iterator[Member]:
    """The ``messages`` table of a transport journal, read-only.

    Relies on exactly this of the journal's schema: a table ``messages`` with columns ``seq``
    (integer, order of recording), ``owner`` (the endpoint code) and ``xml`` (the message as
    ECRIS XML). Members are named ``OWNER/SEQ``. The size limit is applied in SQL, so an
    oversized blob is never loaded.
    """
    try:
        db = sqlite3.connect(f"file:{quote(os.path.abspath(archive))}?mode=ro", uri=True)
    except sqlite3.Error:
        yield Member(archive, "", problem="not a readable SQLite journal")
        return
    try:
        if on_total is not None:
            on_total(int(db.execute("SELECT count(*) FROM messages").fetchone()[0]))
        rows = db.execute(
            "SELECT seq, owner, CASE WHEN length(xml) <= ? THEN CAST(xml AS BLOB) END FROM messages ORDER BY seq",
            (limits.max_bytes,),
        )
        for seq, owner, xml in rows:
            name = f"{owner}/{seq}"
            if xml is None:
                yield Member(archive, name, problem=_too_big(limits))
            else:
                yield Member(archive, name, bytes(xml))
    except sqlite3.Error as error:
        yield Member(archive, "", problem=f"not a readable transport journal ({type(error).__name__})")
    finally:
        db.close()
