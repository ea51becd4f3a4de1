"""Any sequence of notifications, updates, deletions, cancellations and redeliveries leaves the
memory and SQLite registers in the same state, and that state is the one a simple oracle
computes: per conviction, the last notification received (first delivery only) that was not
cancelled decides: a deletion means no conviction, anything else is that version."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, strategies as st

from ecrislib.clock import FixedClock
from ecrislib.ids import SequentialIds
from ecrislib.model import common as cm
from ecrislib.register import MemoryRegister, SqliteRegister
from ecrislib.testing import factories

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)

_steps = st.lists(
    st.tuples(st.sampled_from(["notify", "update", "delete", "cancel", "redeliver"]), st.integers(0, 2)),
    max_size=12,
)


def _play(steps):
    ids, clock = SequentialIds(), FixedClock(T0, dt.timedelta(minutes=1))
    sent = []  # every NOT and CAN, in sending order
    latest = {}  # conviction number -> the last NOT about it
    for kind, n in steps:
        if kind == "notify" or (kind in ("update", "delete") and n not in latest):
            message = factories.notification(sender="GR", receiver="RO", conviction=factories.conviction(country="GR", number=n + 1), ids=ids, clock=clock)
        elif kind in ("update", "delete"):
            deleting = cm.YesNoUnknown.YES if kind == "delete" else cm.YesNoUnknown.NO
            message = factories.notification_update(latest[n], delete_from_register=deleting, ids=ids, clock=clock)
        elif not sent:
            continue
        elif kind == "cancel":
            target = [m for m in sent if m.message_id.type.value == "NOT"]
            if not target:
                continue
            message = factories.cancellation(target[n % len(target)], ids=ids, clock=clock)
        else:
            message = sent[n % len(sent)]
        if message.message_id.type.value == "NOT":
            latest[message.conviction.id.number - 1] = message
        sent.append(message)
    return sent


def _apply(register, messages):
    for message in messages:
        if message.message_id.type.value == "NOT":
            register.apply_notification(message)
        else:
            register.apply_cancellation(message)


def _state(register):
    return {entry: register.convictions(entry) for entry in register.entries()}


def _oracle(messages):
    seen, cancelled, order = set(), set(), []
    for message in messages:
        if message.message_id in seen:
            continue
        seen.add(message.message_id)
        if message.message_id.type.value == "CAN":
            cancelled.add(message.metadata.response_to)
        else:
            order.append(message)
    state = {}
    for message in order:
        if message.message_id in cancelled:
            continue
        deleted = any(d.delete_from_register is cm.YesNoUnknown.YES for d in message.conviction.decisions)
        state[message.conviction.id] = None if deleted else message.conviction
    return {cid: c for cid, c in state.items() if c is not None}


@given(_steps)
def test_memory_and_sqlite_agree_with_the_oracle(steps):
    messages = _play(steps)
    memory, durable = MemoryRegister(), SqliteRegister(":memory:")
    try:
        _apply(memory, messages)
        _apply(durable, messages)
        assert _state(memory) == _state(durable)
        held = {c.id: c for convictions in _state(memory).values() for c in convictions}
        assert held == _oracle(messages)
        for conviction_id in {m.conviction.id for m in messages if m.message_id.type.value == "NOT"}:
            assert memory.history(conviction_id) == durable.history(conviction_id)
    finally:
        durable.close()
