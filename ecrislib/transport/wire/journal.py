"""A durable journal in SQLite, so an endpoint that dies mid-exchange loses and repeats nothing.

It holds every message sent or received (as ECRIS XML), the outbox with each item's delivery
state, the inbox's processed message IDs, the *arrivals* (messages a server has received and
acknowledged but the endpoint has not handled yet: see :meth:`Journal.keep_arrival`), and the *plans*: every action an authority has
promised itself (send a deadline, answer, file a notification...) with its due time. Each step
of an endpoint is **one transaction** (:meth:`Journal.transaction`): a sent message is recorded
and put in the outbox together; a received message is added to the inbox, recorded and handled
(its plans and answers written) together; a planned action is struck off in the same commit as
the messages it sends. Work that must only happen once the step is durable (handing a message to
the network) waits for the commit (:meth:`Journal.after_commit`), so a crash at any point leaves
either the whole step or nothing of it. Conversation states are rebuilt by replaying the
messages in order.

The journal holds personal data. Its file is created readable and writable by its owner only
(``0o600``, before SQLite opens it), and the journal logs message IDs and types only.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import logging
import os
import sqlite3
import threading
from typing import TYPE_CHECKING, Callable, Iterator, Literal

import attrs

from ..._private import create_private_file
from .base import TransportConfigError

if TYPE_CHECKING:
    from ...ids import MessageId
    from ...model.messages import Message

__all__ = ["Journal", "Plan", "COMMIT_KINDS"]

log = logging.getLogger("ecrislib.transport")

#: The kinds of step a journal commits: a message handed to the outbox by the embedding system
#: (``send``), a received message and its handling (``receive``), a planned action and what
#: it sent (``action``), an outbox attempt (``attempt``), a transport receipt (``receipt``).
COMMIT_KINDS = ("send", "receive", "action", "attempt", "receipt")

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
CREATE TABLE IF NOT EXISTS plans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    exchange TEXT NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    arg TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS identities (request_id TEXT PRIMARY KEY, xml BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS attachments (attachment_id TEXT PRIMARY KEY, content BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS arrivals (message_id TEXT PRIMARY KEY, xml BLOB NOT NULL);
"""


@attrs.frozen
class Plan:
    """An action an endpoint has promised itself: ``kind`` on the message ``subject`` (with a
    text argument ``arg``) at ``at``, within the exchange ``exchange``. ``id`` is the journal's
    row (None without a journal)."""

    exchange: str
    kind: str
    subject: str
    arg: str
    at: _dt.datetime
    id: int | None = None


class Journal:
    """One endpoint's durable state in one SQLite file (or ``":memory:"``).

    ``synchronous`` is SQLite's setting of that name: ``"full"`` (the default) waits for the
    disk at every commit, so a step survives a power cut; ``"off"`` hands each commit to the
    operating system only, which survives the process dying (a crash, SIGKILL) but not the
    machine, for simulations and tests where the disk's wait would dominate.

    ``after_commit(kind)``, if given, is called right after each step is committed, before the
    work that waits for the commit (a test hook: the crash test dies there on purpose).
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        synchronous: Literal["full", "normal", "off"] = "full",
        after_commit: Callable[[str], None] | None = None,
    ) -> None:
        if synchronous not in ("full", "normal", "off"):
            raise TransportConfigError("synchronous must be 'full', 'normal' or 'off'")
        self.path = str(path)
        if self.path != ":memory:":
            create_private_file(self.path)
        self._db = sqlite3.connect(self.path, isolation_level=None)
        self._db.execute(f"PRAGMA synchronous = {synchronous.upper()}")
        self._db.executescript(_SCHEMA)
        self._synchronous = synchronous
        # keep_arrival runs on HTTP server threads: its own connection, one writer at a time
        self._arrivals_db: sqlite3.Connection | None = None
        self._arrivals_lock = threading.Lock()
        self._hook = after_commit
        self._depth = 0
        self._kind = ""
        self._deferred: list[Callable[[], None]] = []

    def close(self) -> None:
        with self._arrivals_lock:
            if self._arrivals_db is not None:
                self._arrivals_db.close()
                self._arrivals_db = None
        self._db.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ------------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self, kind: str) -> Iterator[None]:
        """One step, committed as a whole. Nested calls join the outermost step (whose ``kind``
        names the commit); on an exception everything written in the step is rolled back."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._db.execute("BEGIN IMMEDIATE")
        self._depth, self._kind = 1, kind
        try:
            yield
        except BaseException:
            self._depth = 0
            self._deferred.clear()
            self._db.execute("ROLLBACK")
            raise
        self._depth = 0
        self._db.execute("COMMIT")
        if self._hook is not None:
            self._hook(kind)
        deferred, self._deferred = self._deferred, []
        for action in deferred:
            action()

    def after_commit(self, action: Callable[[], None]) -> None:
        """Run ``action`` once the current step is committed (at once outside a step)."""
        if self._depth:
            self._deferred.append(action)
        else:
            action()

    def _write(self, sql: str, args: tuple[object, ...]) -> sqlite3.Cursor:
        if not self._depth:
            with self.transaction("write"):
                return self._db.execute(sql, args)
        return self._db.execute(sql, args)

    @staticmethod
    def _xml(message: Message) -> bytes:
        from ...xml.codec import serialize

        return serialize(message)

    @staticmethod
    def _message(xml: bytes) -> Message:
        from ...xml.codec import parse

        return parse(xml)

    # -- messages ----------------------------------------------------------------------------
    def record(self, owner: str, message: Message, at: _dt.datetime, data: bytes | None = None) -> None:
        """Keep ``message`` as ``data``, the bytes it was sent or received as (serialised here
        only when not given)."""
        self._write(
            "INSERT INTO messages (owner, message_id, at, xml) VALUES (?, ?, ?, ?)",
            (owner, str(message.message_id), at.isoformat(), self._xml(message) if data is None else data),
        )
        log.debug("journal: %s %s", message.message_id.type.value, message.message_id)

    def messages(self, owner: str) -> Iterator[tuple[str, Message, _dt.datetime]]:
        rows = self._db.execute("SELECT owner, xml, at FROM messages WHERE owner = ? ORDER BY seq", (owner,)).fetchall()
        for row_owner, xml, at in rows:
            yield row_owner, self._message(xml), _dt.datetime.fromisoformat(at)

    # -- outbox ------------------------------------------------------------------------------
    def outbox_put(self, message: Message, status: str, attempts: int, data: bytes | None = None) -> None:
        self._write(
            "INSERT OR REPLACE INTO outbox (message_id, xml, status, attempts) VALUES (?, ?, ?, ?)",
            (str(message.message_id), self._xml(message) if data is None else data, status, attempts),
        )

    def outbox_update(self, message_id: MessageId, status: str, attempts: int) -> None:
        self._write("UPDATE outbox SET status = ?, attempts = ? WHERE message_id = ?", (status, attempts, str(message_id)))

    def outbox_items(self) -> list[tuple[Message, str, int]]:
        rows = self._db.execute("SELECT xml, status, attempts FROM outbox ORDER BY rowid").fetchall()
        return [(self._message(xml), status, attempts) for xml, status, attempts in rows]

    # -- inbox -------------------------------------------------------------------------------
    def inbox_add(self, message_id: MessageId) -> None:
        self._write("INSERT OR IGNORE INTO inbox (message_id) VALUES (?)", (str(message_id),))

    def inbox_ids(self) -> list[MessageId]:
        from ...ids import MessageId

        return [MessageId.parse(row[0]) for row in self._db.execute("SELECT message_id FROM inbox")]

    # -- arrivals ----------------------------------------------------------------------------
    def keep_arrival(self, message_id: MessageId, data: bytes) -> None:
        """Commit a received message's bytes before its receipt is given, from any thread.

        A server answers HTTP 202 (the ECRIS receipt) once this returns, and the sender then
        never sends the message again: until the endpoint's own step handles it (and strikes
        it off with :meth:`arrival_done`, in that step's commit), the journal holds it, so a
        crash in between loses nothing. A message already processed (in the inbox) or already
        kept is not kept again. A journal in memory keeps nothing: it would not survive anyway.
        """
        if self.path == ":memory:":
            return
        with self._arrivals_lock:
            if self._arrivals_db is None:
                db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30.0)
                db.execute(f"PRAGMA synchronous = {self._synchronous.upper()}")
                self._arrivals_db = db
            key = str(message_id)
            self._arrivals_db.execute(
                "INSERT OR IGNORE INTO arrivals (message_id, xml) SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM inbox WHERE message_id = ?)",
                (key, data, key),
            )

    def arrival_done(self, message_id: MessageId) -> None:
        """The endpoint has handled ``message_id`` (in the current step)."""
        self._write("DELETE FROM arrivals WHERE message_id = ?", (str(message_id),))

    def arrivals(self) -> list[tuple[MessageId, bytes]]:
        """The messages kept but not yet handled, in the order they arrived."""
        from ...ids import MessageId

        rows = self._db.execute("SELECT message_id, xml FROM arrivals ORDER BY rowid").fetchall()
        return [(MessageId.parse(message_id), bytes(xml)) for message_id, xml in rows]

    # -- plans -------------------------------------------------------------------------------
    def plan_add(self, plan: Plan) -> Plan:
        cursor = self._write(
            "INSERT INTO plans (exchange, kind, subject, arg, at) VALUES (?, ?, ?, ?, ?)",
            (plan.exchange, plan.kind, plan.subject, plan.arg, plan.at.isoformat()),
        )
        return attrs.evolve(plan, id=cursor.lastrowid)

    def plan_done(self, plan_id: int) -> None:
        self._write("DELETE FROM plans WHERE id = ?", (plan_id,))

    def plans_drop(self, exchange: str) -> None:
        """Strike off every plan of ``exchange`` (it was cancelled)."""
        self._write("DELETE FROM plans WHERE exchange = ?", (exchange,))

    def plans(self) -> list[Plan]:
        rows = self._db.execute("SELECT id, exchange, kind, subject, arg, at FROM plans ORDER BY id").fetchall()
        return [Plan(exchange, kind, subject, arg, _dt.datetime.fromisoformat(at), row_id) for row_id, exchange, kind, subject, arg, at in rows]

    # -- what a requester must remember to answer a RAI ---------------------------------------
    def identity_put(self, request_id: MessageId, request_as_known: Message) -> None:
        """The request as it would read with the fuller identity the requester knows."""
        self._write("INSERT OR REPLACE INTO identities (request_id, xml) VALUES (?, ?)", (str(request_id), self._xml(request_as_known)))

    def identities(self) -> Iterator[tuple[str, Message]]:
        for request_id, xml in self._db.execute("SELECT request_id, xml FROM identities").fetchall():
            yield request_id, self._message(xml)

    def attachment_put(self, attachment_id: str, content: bytes) -> None:
        self._write("INSERT OR REPLACE INTO attachments (attachment_id, content) VALUES (?, ?)", (attachment_id, content))

    def attachments(self) -> list[tuple[str, bytes]]:
        return [(a, bytes(c)) for a, c in self._db.execute("SELECT attachment_id, content FROM attachments").fetchall()]
