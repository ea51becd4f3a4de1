"""The simulated network carries bytes, as a real link does: each delivered message is
serialised once (by its sender), read once on arrival (by the hardened parser), and the journal
keeps the very bytes that travelled. A message the receiver's model cannot read is answered
with the FEM of its validation report."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from ecrislib.ids import MessageId
from ecrislib.model.messages import FunctionalErrorMessage
from ecrislib.testing import factories
from ecrislib.transport import Authority
from ecrislib.transport import VirtualClock
from ecrislib.transport import Journal
from ecrislib.transport import MemoryNetwork
from ecrislib.xml import codec, parser

START = dt.datetime(2026, 2, 2, 9, 0, tzinfo=dt.timezone.utc)


def _exchange(journal_dir: Path | None = None) -> MemoryNetwork:
    """A request GB -> RO about a person RO holds, and a notification GR -> RO: REQ, RDL, RRS,
    NOT, NRS, on a network without faults (so each message is delivered once)."""
    network = MemoryNetwork(VirtualClock(START, seed=3))
    journals = {code: Journal(journal_dir / f"{code}.sqlite") if journal_dir else None for code in ("GB", "RO", "GR")}
    gb = Authority("GB", network, journal=journals["GB"])
    ro = Authority("RO", network, journal=journals["RO"])
    gr = Authority("GR", network, journal=journals["GR"])
    ro.register.add_person(factories.person(), [factories.conviction(number=1)])
    gb.request(factories.person(), "RO")
    gr.notify(factories.person(), factories.conviction(country="GR", number=7), "RO")
    network.clock.run_until_idle()
    for journal in journals.values():
        if journal is not None:
            journal.close()
    return network


class _Counted:
    """Wraps ``ecrislib.xml.codec.serialize`` and ``ecrislib.xml.parser.load``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.serialized: list[bytes] = []
        self.loads = 0
        serialize, load = codec.serialize, parser.load

        def counting_serialize(*args: Any, **kwargs: Any) -> bytes:
            data = serialize(*args, **kwargs)
            self.serialized.append(data)
            return data

        def counting_load(*args: Any, **kwargs: Any) -> Any:
            self.loads += 1
            return load(*args, **kwargs)

        monkeypatch.setattr(codec, "serialize", counting_serialize)
        monkeypatch.setattr(parser, "load", counting_load)


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    # Schemas and code tables load on first use (from files, through the parser): not counted.
    _exchange()


@pytest.mark.parametrize("journaled", [False, True], ids=["memory", "journal"])
def test_each_delivered_message_is_serialized_once_and_parsed_once(journaled: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counted = _Counted(monkeypatch)
    network = _exchange(tmp_path if journaled else None)
    delivered = [e.message_id for e in network.events if e.kind == "delivered"]
    assert sorted(m.type.value for m in delivered if m is not None) == ["NOT", "NRS", "RDL", "REQ", "RRS"]
    assert len(counted.serialized) == 5
    assert counted.loads == 5
    if journaled:
        # The journals keep the bytes that were serialised and carried, not another copy.
        stored = []
        for code in ("GB", "RO", "GR"):
            with sqlite3.connect(tmp_path / f"{code}.sqlite") as db:
                stored += [bytes(row[0]) for row in db.execute("SELECT xml FROM messages")]
        assert len(stored) == 10  # each message kept by its sender and by its receiver
        assert set(stored) == set(counted.serialized)


def test_a_message_the_model_cannot_read_gets_the_fem_of_its_report() -> None:
    network = MemoryNetwork(VirtualClock(START, seed=3))
    gb = Authority("GB", network)
    Authority("RO", network)
    request = factories.request(sender="GB", receiver="RO")
    good = codec.serialize(request)
    # An element the schema does not allow, first in MessageData: the codec refuses the
    # message, and the schema names it (XSD-UNEXPECTED, FE-00001).
    bad = good.replace(b"<msg:MessageData>", b"<msg:MessageData><msg:Surprise/>", 1)
    network.send("GB", request, bad)
    network.clock.run_until_idle()
    answers = [e.message for e in network.events if e.kind == "delivered" and e.receiver == "GB"]
    assert len(answers) == 1
    fem = answers[0]
    assert isinstance(fem, FunctionalErrorMessage)
    assert fem.metadata.response_to == MessageId.parse("GB-RO-REQ-000000000000001")
    assert [error.code.id for error in fem.errors] == ["FE-00001"]
    assert "XSD-UNEXPECTED" in str(fem.errors[0].additional_information)
    assert gb.book.exchange_of(request.message_id) is None  # GB never sent it through its outbox


def test_unreadable_bytes_are_dropped_without_an_answer() -> None:
    network = MemoryNetwork(VirtualClock(START, seed=3))
    Authority("GB", network)
    Authority("RO", network)
    request = factories.request(sender="GB", receiver="RO")
    network.send("GB", request, b"<not-xml")
    network.clock.run_until_idle()
    assert [e.kind for e in network.events] == ["sent", "delivered", "receipt"]
