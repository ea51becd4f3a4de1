"""The national register: notifications applied exactly once (store, update by conviction ID,
delete on DecisionDeleteConvictionFromRegister=Yes, cancellation), retention end dates, and the
SQLite register surviving a restart. Every test runs on both implementations."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat

import attrs
import pytest

from ecrislib.clock import FixedClock
from ecrislib.errors import RegisterError
from ecrislib.ids import ConvictionId, SequentialIds
from ecrislib.model import common as cm
from ecrislib.register import MIGRATIONS, Action, MemoryRegister, NationalRegister, SqliteRegister
from ecrislib.testing import factories

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(params=["memory", "sqlite"])
def register(request, tmp_path):
    made = MemoryRegister() if request.param == "memory" else SqliteRegister(tmp_path / "register.sqlite")
    yield made
    made.close()


@pytest.fixture
def sources():
    return SequentialIds(), FixedClock(T0, dt.timedelta(minutes=1))


def _notification(sources, **fields):
    ids, clock = sources
    return factories.notification(sender="GR", receiver="RO", ids=ids, clock=clock, **fields)


def test_both_implement_the_interface(register):
    assert isinstance(register, NationalRegister)


def test_a_notification_is_stored_once(register, sources):
    note = _notification(sources)
    first = register.apply_notification(note)
    again = register.apply_notification(note)
    assert (first.action, first.duplicate) == (Action.STORED, False)
    assert (again.action, again.duplicate, again.entry) == (Action.STORED, True, first.entry)
    assert register.convictions(first.entry) == (note.conviction,)
    assert [e.action for e in register.history(note.conviction.id)] == [Action.STORED]
    assert register.person(first.entry) == note.person


def test_an_update_replaces_the_conviction_once(register, sources):
    note = _notification(sources)
    update = factories.notification_update(note, date=dt.date(2026, 2, 1))
    entry = register.apply_notification(note).entry
    assert register.apply_notification(update).action is Action.UPDATED
    assert register.apply_notification(update).duplicate
    (current,) = register.convictions(entry)
    assert current == update.conviction and len(current.decisions) == 2
    assert [e.action for e in register.history(note.conviction.id)] == [Action.STORED, Action.UPDATED]


def test_a_deletion_removes_the_conviction_once(register, sources):
    note = _notification(sources)
    deletion = factories.notification_update(note, change_type="DCH-00-Y", delete_from_register=cm.YesNoUnknown.YES)
    entry = register.apply_notification(note).entry
    assert register.apply_notification(deletion).action is Action.DELETED
    assert register.apply_notification(deletion).duplicate
    assert register.convictions(entry) == ()
    assert [e.action for e in register.history(note.conviction.id)] == [Action.STORED, Action.DELETED]
    # A late copy of the original notification does not bring the conviction back.
    assert register.apply_notification(note).duplicate
    assert register.convictions(entry) == ()


def test_cancelling_an_update_restores_the_version_before_it(register, sources):
    note = _notification(sources)
    update = factories.notification_update(note)
    entry = register.apply_notification(note).entry
    register.apply_notification(update)
    ids, clock = SequentialIds(start=50), FixedClock(T0)
    cancel = factories.cancellation(update, ids=ids, clock=clock)
    assert register.apply_cancellation(cancel).action is Action.CANCELLED
    assert register.apply_cancellation(cancel).duplicate
    assert register.convictions(entry) == (note.conviction,)
    history = register.history(note.conviction.id)
    assert [(e.action, e.cancelled) for e in history] == [(Action.STORED, False), (Action.UPDATED, True), (Action.CANCELLED, False)]


def test_a_cancellation_arriving_first_undoes_the_notification_in_advance(register, sources):
    note = _notification(sources)
    cancel = factories.cancellation(note, ids=SequentialIds(start=50), clock=FixedClock(T0))
    register.apply_cancellation(cancel)
    assert register.apply_notification(note).duplicate
    assert register.entries() == ()


def test_a_cancelled_request_is_not_the_register_s_business(register, sources):
    request = factories.request(sender="FR", receiver="RO")
    cancel = factories.cancellation(request)
    assert register.apply_cancellation(cancel).action is Action.IGNORED


def test_notifications_about_one_person_land_in_one_entry(register, sources):
    first = _notification(sources)
    second = _notification(sources, conviction=factories.conviction(country="GR", number=2, decision_date=dt.date(2001, 6, 1)))
    namesake = _notification(sources, person=factories.person(birth_date=cm.PartialDate(1981, 1, 1)), conviction=factories.conviction(country="GR", number=3))
    a = register.apply_notification(first).entry
    b = register.apply_notification(second).entry
    c = register.apply_notification(namesake).entry
    assert a == b != c
    assert [c.id for c in register.convictions(a)] == [ConvictionId("GR", 1), ConvictionId("GR", 2)]


def test_retention_end_dates(register, sources):
    kept = factories.conviction(country="GR", number=1, retention_period_end_date=dt.date(2030, 1, 1))
    note = _notification(sources, conviction=kept)
    entry = register.apply_notification(note).entry
    assert register.retention_end(kept.id) == dt.date(2030, 1, 1)
    assert register.convictions(entry, on=dt.date(2030, 1, 1)) == (kept,)
    assert register.convictions(entry, on=dt.date(2030, 1, 2)) == ()
    assert register.expire(dt.date(2029, 12, 31)) == ()
    assert register.expire(dt.date(2030, 1, 2)) == (kept.id,)
    assert register.convictions(entry) == ()
    assert register.history(kept.id)[-1].action is Action.EXPIRED


def test_own_convictions_are_recorded(register):
    entry = register.add_person(factories.person())
    own = factories.conviction(country="RO", number=9)
    register.record(entry, own)
    assert register.convictions(entry) == (own,)
    assert register.conviction(own.id) == own
    assert register.conviction(ConvictionId("RO", 10)) is None
    second = factories.conviction(country="RO", number=10, decision_date=dt.date(1990, 1, 1))
    petre = register.add_person(factories.person(forename="Petre"), [second])
    assert register.convictions(petre) == (second,)
    other = register.add_person(factories.person(forename="Vasile"))
    with pytest.raises(RegisterError):
        register.record(other, own)
    with pytest.raises(RegisterError):
        register.person(99)


def test_sqlite_survives_a_restart(tmp_path, sources):
    path = tmp_path / "ro.sqlite"
    note = _notification(sources)
    update = factories.notification_update(note)
    with SqliteRegister(path) as register:
        entry = register.apply_notification(note).entry
        register.apply_notification(update)
        before = (register.identify(note.person), register.convictions(entry), register.history(note.conviction.id))
    with SqliteRegister(path) as reopened:
        after = (reopened.identify(note.person), reopened.convictions(entry), reopened.history(note.conviction.id))
        assert after == before
        # Received again after the restart (a retransmission): still applied once.
        assert reopened.apply_notification(update).duplicate
        assert len(reopened.history(note.conviction.id)) == 2


def test_sqlite_file_is_owner_only_and_versioned(tmp_path):
    path = tmp_path / "ro.sqlite"
    with SqliteRegister(path) as register:
        assert register.schema_version == len(MIGRATIONS)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(RegisterError, match="schema version"):
        SqliteRegister(path)


def test_a_failed_operation_leaves_nothing(register, sources):
    entry = register.add_person(factories.person())
    own = factories.conviction(country="RO", number=1)
    register.record(entry, own)
    other = register.add_person(factories.person(forename="Vasile"))
    with pytest.raises(RegisterError):
        register.record(other, attrs.evolve(own, file_number="2/1995"))
    assert register.convictions(entry) == (own,)
    assert register.convictions(other) == ()


def test_the_received_messages_are_kept_as_received(register, sources):
    note = _notification(sources)
    register.apply_notification(note)
    cancel = factories.cancellation(note, ids=SequentialIds(start=50), clock=FixedClock(T0))
    register.apply_cancellation(cancel)
    assert register.received(note.message_id) == note
    assert register.received(cancel.message_id) == cancel
    assert register.received(factories.request().message_id) is None


def test_an_older_sqlite_file_is_migrated_and_keeps_its_data(tmp_path, sources):
    path = tmp_path / "v1.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript(MIGRATIONS[0])
        db.execute("PRAGMA user_version = 1")
        db.execute("INSERT INTO applied (message_id, action) VALUES ('GR-RO-NOT-000000000000009', 'cancelled')")
    with SqliteRegister(path) as register:
        assert register.schema_version == len(MIGRATIONS) == 2
        note = _notification(sources)
        register.apply_notification(note)
        assert register.received(note.message_id) == note
        old = factories.notification(sender="GR", receiver="RO", ids=SequentialIds(start=9), clock=FixedClock(T0))
        assert register.apply_notification(old).duplicate  # the v1 row still counts
