"""An optional durable journal in SQLite, so a system that restarts mid-exchange loses and
repeats nothing: every message sent or received (as ECRIS XML), the outbox with its delivery
state, and the inbox's set of processed message IDs; conversation states are rebuilt by
replaying the messages in order.

The journal holds personal data. Its file is created readable and writable by its owner only
(``0o600``, before SQLite opens it), and the journal logs message IDs and types only.
"""

from __future__ import annotations

import datetime as _dt
import logging
import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:
    from ..ids import MessageId
    from ..model.messages import Message

__all__ = ["Journal"]

log = logging.getLogger("ecrislib.transport")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS messages (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    owner TEXT NOT NULL,
    message_id TEXT NOT NULL,
    at TEXT NOT NULL,
    xml BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS outbox (
    message_id TEXT PRIMARY KEY,
    xml BLOB NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS inbox (message_id TEXT PRIMARY KEY);
"""


def _create_private(path: Path) -> None:
    """Create ``path`` with mode 0o600 if it does not exist; tighten it if it does."""
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


class Journal:
    """One endpoint's durable state in one SQLite file (or ``":memory:"``)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            _create_private(Path(self.path))
        self._db = sqlite3.connect(self.path)
        self._db.executescript(_SCHEMA)
        self._db.commit()

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @staticmethod
    def _xml(message: Message) -> bytes:
        from ..xml.codec import serialize

        return serialize(message)

    @staticmethod
    def _message(xml: bytes) -> Message:
        from ..xml.codec import parse

        return parse(xml)

    # -- messages ----------------------------------------------------------------------------
    def record(self, owner: str, message: Message, at: _dt.datetime) -> None:
        self._db.execute(
            "INSERT INTO messages (owner, message_id, at, xml) VALUES (?, ?, ?, ?)",
            (owner, str(message.message_id), at.isoformat(), self._xml(message)),
        )
        self._db.commit()
        log.debug("journal: %s %s", message.message_id.type.value, message.message_id)

    def messages(self, owner: str) -> Iterator[tuple[str, Message, _dt.datetime]]:
        rows = self._db.execute("SELECT owner, xml, at FROM messages WHERE owner = ? ORDER BY seq", (owner,)).fetchall()
        for row_owner, xml, at in rows:
            yield row_owner, self._message(xml), _dt.datetime.fromisoformat(at)

    # -- outbox ------------------------------------------------------------------------------
    def outbox_put(self, message: Message, status: str, attempts: int) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO outbox (message_id, xml, status, attempts) VALUES (?, ?, ?, ?)",
            (str(message.message_id), self._xml(message), status, attempts),
        )
        self._db.commit()

    def outbox_update(self, message_id: MessageId, status: str, attempts: int) -> None:
        self._db.execute("UPDATE outbox SET status = ?, attempts = ? WHERE message_id = ?", (status, attempts, str(message_id)))
        self._db.commit()

    def outbox_items(self) -> list[tuple[Message, str, int]]:
        rows = self._db.execute("SELECT xml, status, attempts FROM outbox ORDER BY rowid").fetchall()
        return [(self._message(xml), status, attempts) for xml, status, attempts in rows]

    # -- inbox -------------------------------------------------------------------------------
    def inbox_add(self, message_id: MessageId) -> None:
        self._db.execute("INSERT OR IGNORE INTO inbox (message_id) VALUES (?)", (str(message_id),))
        self._db.commit()

    def inbox_ids(self) -> list[MessageId]:
        from ..ids import MessageId

        return [MessageId.parse(row[0]) for row in self._db.execute("SELECT message_id FROM inbox")]
