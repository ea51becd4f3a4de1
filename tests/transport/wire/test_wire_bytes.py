"""The simulated network carries bytes, as a real link does: each delivered message is
serialised once (by its sender), read once on arrival (by the hardened parser), and the journal
keeps the very bytes that travelled; the same holds over SOAP, where the envelope wraps the
sender's bytes and the receiver validates and journals the Body it read. A message the
receiver's model cannot read is answered with the FEM of its validation report."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any, Callable

import pytest

from ecrislib.ids import MessageId
from ecrislib.model.messages import FunctionalErrorMessage
from ecrislib.testing import factories
from ecrislib.transport import Authority
from ecrislib.transport import VirtualClock
from ecrislib.transport import Journal
from ecrislib.transport import MemoryNetwork
from ecrislib.transport import OutboxStatus
from ecrislib.xml import codec, parser

_DECLARATION = b"<?xml version='1.0' encoding='UTF-8'?>\n"
START = dt.datetime(2026, 2, 2, 9, 0, tzinfo=dt.timezone.utc)


CODES = ("GB", "RO", "GR")


def _journals(journal_dir: Path | None) -> dict[str, Journal | None]:
    return {code: Journal(journal_dir / f"{code}.sqlite") if journal_dir else None for code in CODES}


def _start(authorities: dict[str, Authority]) -> None:
    """A request GB -> RO about a person RO holds, and a notification GR -> RO: REQ, RDL, RRS,
    NOT, NRS (on a network without faults, so each message is delivered once)."""
    authorities["RO"].register.add_person(factories.person(), [factories.conviction(number=1)])
    authorities["GB"].request(factories.person(), "RO")
    authorities["GR"].notify(factories.person(), factories.conviction(country="GR", number=7), "RO")


def _close(journals: dict[str, Journal | None]) -> None:
    for journal in journals.values():
        if journal is not None:
            journal.close()


def _exchange(journal_dir: Path | None = None) -> list[str]:
    """The exchange on the in-memory network; the roots of the messages delivered."""
    network = MemoryNetwork(VirtualClock(START, seed=3))
    journals = _journals(journal_dir)
    _start({code: Authority(code, network, journal=journals[code]) for code in CODES})
    network.clock.run_until_idle()
    _close(journals)
    return [e.message_id.type.value for e in network.events if e.kind == "delivered" and e.message_id is not None]


def _soap_exchange(journal_dir: Path | None = None) -> list[str]:
    """The same exchange over SOAP 1.2 on loopback HTTP (our client, our server)."""
    from ecrislib.soap.network import ServedAuthorities

    journals = _journals(journal_dir)
    lines: list[str] = []
    served = ServedAuthorities(
        CODES,
        VirtualClock(START, seed=3),
        make_authority=lambda code, transport: Authority(code, transport, journal=journals[code]),
        on_exchange=lines.append,
    )
    with served:
        authorities = served.authorities
        _start(authorities)
        served.run_until(lambda: sum(len(a.inbox.seen) for a in authorities.values()) == 5 and not any(a.outbox.in_status(OutboxStatus.SENT) for a in authorities.values()))
    _close(journals)
    # the server's summaries: "RO 202 GB->RO RequestMessage GB-RO-REQ-..."
    return [line.rsplit("-", 2)[1] for line in lines if " 202 " in line]


class _Counted:
    """Wraps ``ecrislib.xml.codec.serialize`` and ``ecrislib.xml.parser.load``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.serialized: list[bytes] = []
        self.loads = 0
        #: every model -> XML text (``codec._pieces``: behind ``serialize``, wherever it is imported, and ``to_element``)
        self.texts = 0
        serialize, load, text = codec.serialize, parser.load, codec._pieces

        def counting_serialize(*args: Any, **kwargs: Any) -> bytes:
            data = serialize(*args, **kwargs)
            self.serialized.append(data)
            return data

        def counting_load(*args: Any, **kwargs: Any) -> Any:
            self.loads += 1
            return load(*args, **kwargs)

        def counting_text(*args: Any, **kwargs: Any) -> list[str]:
            self.texts += 1
            return text(*args, **kwargs)

        monkeypatch.setattr(codec, "serialize", counting_serialize)
        monkeypatch.setattr(parser, "load", counting_load)
        monkeypatch.setattr(codec, "_pieces", counting_text)


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    # Schemas and code tables load on first use (from files, through the parser): not counted.
    _exchange()
    _soap_exchange()


@pytest.mark.parametrize("journaled", [False, True], ids=["unjournaled", "journal"])
@pytest.mark.parametrize("wire", [_exchange, _soap_exchange], ids=["memory", "soap"])
def test_each_delivered_message_is_serialized_once_and_parsed_once(
    wire: Callable[[Path | None], list[str]], journaled: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted = _Counted(monkeypatch)
    delivered = wire(tmp_path if journaled else None)
    assert sorted(delivered) == ["NOT", "NRS", "RDL", "REQ", "RRS"]
    assert len(counted.serialized) == 5
    assert counted.texts == 5  # no other serialisation anywhere (the envelope, validation, journal)
    assert counted.loads == 5  # one XML parse per delivery (over SOAP: of the envelope)
    if journaled:
        # The journals keep the bytes that were serialised and carried, not another copy: the
        # sender what it serialised, the receiver what arrived (over SOAP: the Body's bytes,
        # which are the sender's without their XML declaration).
        sent, received = [], []
        for code in CODES:
            with sqlite3.connect(tmp_path / f"{code}.sqlite") as db:
                for message_id, xml in db.execute("SELECT message_id, xml FROM messages"):
                    (sent if message_id.startswith(code) else received).append(bytes(xml))
        assert sorted(sent) == sorted(counted.serialized)
        carried = [data.removeprefix(_DECLARATION) for data in counted.serialized] if wire is _soap_exchange else counted.serialized
        assert sorted(received) == sorted(carried)


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
