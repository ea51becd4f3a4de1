"""A durable national register in one SQLite file.

The file is created readable and writable by its owner only (0600): it holds criminal records.
The schema is data: :data:`MIGRATIONS` is a list of SQL steps, and the file's ``user_version``
says how many of them it has; opening a file runs the missing steps, each in its own
transaction, and refuses a file written by a newer ecrislib. People and convictions are
stored as ECRIS XML fragments (the ``dm:Person`` and ``dm:Conviction`` content the codec
writes), received messages as the XML the codec writes for them, and all of it is read back
through the hardened parser, so what is stored is what the wire carries.
Every operation is one ``BEGIN IMMEDIATE`` transaction: a crash leaves the register as it was
before the operation or after it, never in between.
"""

from __future__ import annotations

import datetime as _dt
import os
import sqlite3
import threading
from contextlib import contextmanager
from typing import Any, Final, Iterator, Sequence

from .._private import create_private_file
from ..errors import RegisterError
from ..ids import ConvictionId, MessageId
from ..model.conviction import Conviction
from ..model.messages import Message
from ..model.person import Person
from ..xml import names, parser
from ..xml.codec import parse, serialize
from ..xml.binding import Context
from ..xml.namespaces import MESSAGE_NSMAP
from .base import Action, Applied, HistoryEvent, RegisterLogic

__all__ = ["MIGRATIONS", "SqliteRegister"]

#: The schema, one step per release that changed it; never edit a published step, add one.
MIGRATIONS: Final[tuple[str, ...]] = (
    """
    CREATE TABLE entry (id INTEGER PRIMARY KEY, person BLOB NOT NULL);
    CREATE TABLE conviction (
        id TEXT PRIMARY KEY,
        entry INTEGER NOT NULL REFERENCES entry(id),
        version BLOB,
        retention_end TEXT
    );
    CREATE INDEX conviction_entry ON conviction(entry);
    CREATE TABLE history (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        conviction_id TEXT NOT NULL,
        entry INTEGER NOT NULL REFERENCES entry(id),
        action TEXT NOT NULL,
        message_id TEXT,
        version BLOB,
        cancelled INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX history_conviction ON history(conviction_id);
    CREATE INDEX history_message ON history(message_id);
    CREATE TABLE applied (
        message_id TEXT PRIMARY KEY,
        action TEXT NOT NULL,
        conviction_id TEXT,
        entry INTEGER
    );
    """,
    # 2: the received messages themselves, as the bytes ecrislib writes for them
    "ALTER TABLE applied ADD COLUMN message BLOB",
)

_NAMESPACES = "".join(f' xmlns:{prefix}="{uri}"' for prefix, uri in MESSAGE_NSMAP.items())


def _dump(codec: Any, value: Any) -> bytes:
    out: list[str] = []
    codec.emit(out, "dm:Stored", value)
    out[0] = out[0].replace("<dm:Stored", f"<dm:Stored{_NAMESPACES}", 1)
    return "".join(out).encode("utf-8")


def _load(codec: Any, data: bytes) -> Any:
    return codec.read(parser.load(bytes(data)), Context())


def _person(data: bytes) -> Person:
    return _load(names.PERSON, data)  # type: ignore[no-any-return]


def _conviction(data: bytes | None) -> Conviction | None:
    return None if data is None else _load(names.CONVICTION, data)


class SqliteRegister(RegisterLogic):
    """A :class:`~ecrislib.register.NationalRegister` in the SQLite file ``path``.

    Close it with :meth:`close` (or use it as a context manager); opening the same file again
    gives the same answers. One object may be shared by threads.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__()
        self.path = os.fspath(path)
        if self.path != ":memory:":
            create_private_file(self.path)
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA foreign_keys = ON")
        self._lock = threading.RLock()
        self._depth = 0
        self._persons: dict[int, Person] = {}
        self._migrate()

    def _migrate(self) -> None:
        (version,) = self._db.execute("PRAGMA user_version").fetchone()
        if version > len(MIGRATIONS):
            self._db.close()
            raise RegisterError(f"the register file has schema version {version}; this ecrislib knows up to {len(MIGRATIONS)}")
        for number in range(version, len(MIGRATIONS)):
            self._db.execute("BEGIN IMMEDIATE")
            try:
                for statement in MIGRATIONS[number].split(";"):
                    if statement.strip():
                        self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {number + 1}")
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SqliteRegister:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- storage steps ---------------------------------------------------------------------
    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            self._db.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                self._persons.clear()  # entries added in the transaction are gone
                raise
            else:
                self._db.execute("COMMIT")
            finally:
                self._depth = 0

    def _rows(self, sql: str, *args: Any) -> list[Any]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    def _all_persons(self) -> Sequence[tuple[int, Person]]:
        rows = self._rows("SELECT id, person FROM entry ORDER BY id")
        result = []
        for number, data in rows:
            person = self._persons.get(number)
            if person is None:
                person = self._persons[number] = _person(data)
            result.append((number, person))
        return result

    def _insert_entry(self, person: Person) -> int:
        cursor = self._db.execute("INSERT INTO entry (person) VALUES (?)", (_dump(names.PERSON, person),))
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def _entry_of(self, conviction_id: ConvictionId) -> int | None:
        rows = self._rows("SELECT entry FROM conviction WHERE id = ?", str(conviction_id))
        return int(rows[0][0]) if rows else None

    def _current(self, entry: int) -> Sequence[Conviction]:
        rows = self._rows("SELECT version FROM conviction WHERE entry = ? AND version IS NOT NULL ORDER BY id", entry)
        return [c for (data,) in rows if (c := _conviction(data)) is not None]

    def _current_one(self, conviction_id: ConvictionId) -> Conviction | None:
        rows = self._rows("SELECT version FROM conviction WHERE id = ?", str(conviction_id))
        return _conviction(rows[0][0]) if rows else None

    def _set_current(self, entry: int, conviction_id: ConvictionId, conviction: Conviction | None) -> None:
        data = None if conviction is None else _dump(names.CONVICTION, conviction)
        end = None if conviction is None or conviction.retention_period_end_date is None else conviction.retention_period_end_date.isoformat()
        self._db.execute(
            "INSERT INTO conviction (id, entry, version, retention_end) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET entry = excluded.entry, version = excluded.version, retention_end = excluded.retention_end",
            (str(conviction_id), entry, data, end),
        )

    def _append(self, event: HistoryEvent) -> None:
        self._db.execute(
            "INSERT INTO history (conviction_id, entry, action, message_id, version, cancelled) VALUES (?, ?, ?, ?, ?, ?)",
            (
                str(event.conviction_id),
                event.entry,
                event.action.value,
                None if event.message_id is None else str(event.message_id),
                None if event.version is None else _dump(names.CONVICTION, event.version),
                int(event.cancelled),
            ),
        )

    def _events_of(self, conviction_id: ConvictionId) -> Sequence[HistoryEvent]:
        rows = self._rows(
            "SELECT entry, action, message_id, version, cancelled FROM history WHERE conviction_id = ? ORDER BY seq",
            str(conviction_id),
        )
        return [
            HistoryEvent(
                conviction_id,
                entry,
                Action(action),
                None if message_id is None else MessageId.parse(message_id),
                _conviction(version),
                bool(cancelled),
            )
            for entry, action, message_id, version, cancelled in rows
        ]

    def _cancel_events(self, message_id: MessageId) -> tuple[ConvictionId, ...]:
        rows = self._db.execute(
            "SELECT DISTINCT conviction_id FROM history WHERE message_id = ? AND cancelled = 0 ORDER BY conviction_id",
            (str(message_id),),
        ).fetchall()
        self._db.execute("UPDATE history SET cancelled = 1 WHERE message_id = ?", (str(message_id),))
        return tuple(ConvictionId.parse(cid) for (cid,) in rows)

    def _applied(self, message_id: MessageId) -> Applied | None:
        rows = self._rows("SELECT action, conviction_id, entry FROM applied WHERE message_id = ?", str(message_id))
        if not rows:
            return None
        action, conviction_id, entry = rows[0]
        return Applied(message_id, Action(action), None if conviction_id is None else ConvictionId.parse(conviction_id), entry)

    def _remember(self, applied: Applied, message: Message | None) -> None:
        self._db.execute(
            "INSERT INTO applied (message_id, action, conviction_id, entry, message) VALUES (?, ?, ?, ?, ?)",
            (
                str(applied.message_id),
                applied.action.value,
                None if applied.conviction_id is None else str(applied.conviction_id),
                applied.entry,
                None if message is None else serialize(message),
            ),
        )

    def _received(self, message_id: MessageId) -> Message | None:
        rows = self._rows("SELECT message FROM applied WHERE message_id = ?", str(message_id))
        return parse(bytes(rows[0][0])) if rows and rows[0][0] is not None else None

    def _expiring(self, on: _dt.date) -> Sequence[tuple[int, ConvictionId]]:
        rows = self._rows(
            "SELECT entry, id FROM conviction WHERE version IS NOT NULL AND retention_end IS NOT NULL AND retention_end < ? ORDER BY id",
            on.isoformat(),
        )
        return [(int(entry), ConvictionId.parse(cid)) for entry, cid in rows]
