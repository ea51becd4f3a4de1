"""zeep, an independent SOAP stack, loads OUR WSDL from our running server (``?wsdl`` and its
``?xsd=`` imports) and calls each of the 15 operations; the server must receive the very
message zeep was given, and isAlive must answer."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from lxml import etree

import ecrislib
from ecrislib.model.common import Timestamp
from ecrislib.transport import OPERATIONS

from tests.support.soap_kit import GOLDEN, Recorder

import zeep

SVC = "{http://ec.europa.eu/ECRIS/service-v1.0}"
BINDING = SVC + "ecrisServiceBinding-v1.0"


def _one_file_per_root() -> dict[str, Path]:
    chosen: dict[str, Path] = {}
    for path in sorted(GOLDEN, key=lambda p: ("minimal" in p.name, p.name)):
        chosen.setdefault(ecrislib.parse(path.read_bytes()).ROOT, path)
    return chosen


FILES = _one_file_per_root()


def _by_value(message: object) -> object:
    """zeep writes an xsd:dateTime in its own lexical form (``09:03:17+01:00`` for
    ``09:03:17.000+01:00``): compare timestamps by value."""
    metadata = message.metadata  # type: ignore[attr-defined]
    stamp = Timestamp.from_datetime(metadata.timestamp.to_datetime())
    return attrs.evolve(message, metadata=attrs.evolve(metadata, timestamp=stamp))  # type: ignore[misc]


@pytest.fixture
def fixed_gmonth(monkeypatch: pytest.MonkeyPatch) -> None:
    """zeep 4.3 writes gMonth as ``--2`` instead of ``--02`` (``"--%d"``), which our schema
    rightly refuses (see test_zeep_gmonth_bug_is_refused); give it the right lexical form."""
    from zeep.xsd.types import builtins

    monkeypatch.setattr(builtins.gMonth, "xmlvalue", lambda self, value: "--%02d%s" % (value[0], builtins._unparse_timezone(value[1])))


def test_every_operation_has_a_golden_message() -> None:
    assert sorted(FILES) == sorted(OPERATIONS)


def test_zeep_calls_all_15_operations(served, recorders: dict[str, Recorder], fixed_gmonth: None) -> None:
    client = zeep.Client(f"{served.url}/ecris/RO?wsdl")
    assert sorted(client.wsdl.services) == ["ecrisService-v1.0_nofp"]
    port = client.wsdl.services["ecrisService-v1.0_nofp"].ports["ecrisServicePort-v1.0"]
    assert port.binding_options["address"] == f"{served.url}/ecris/RO"
    assert sorted(port.binding._operations) == sorted(OPERATIONS.values())
    for root, path in FILES.items():
        data = path.read_bytes()
        sent = ecrislib.parse(data)
        value = client.get_element(SVC + root).parse(etree.fromstring(data), client.wsdl.types)
        service = client.create_service(BINDING, f"{served.url}/ecris/{sent.receiver}")
        before = len(recorders[sent.receiver].messages)
        answer = getattr(service, OPERATIONS[root])(**{name: value[name] for name in value})
        if root == "IsAliveMessage":
            assert answer.MessageMetaData.MessageMetaDataMessageID.startswith(f"{sent.receiver}-{sent.sender}-IAL-")
            assert answer.MessageData.IsAlive is True
            assert len(recorders[sent.receiver].messages) == before
        else:
            assert answer is None  # one-way: HTTP 202, no body
            received = recorders[sent.receiver].messages[before:]
            assert [_by_value(m) for m in received] == [_by_value(sent)], path.name


def test_zeep_gmonth_bug_is_refused(served, recorders: dict[str, Recorder]) -> None:
    """Without the fix, zeep's ``--2`` reaches the server, which answers a Sender fault
    naming the element (and quoting no value) instead of accepting a wrong month."""
    client = zeep.Client(f"{served.url}/ecris/RO?wsdl")
    data = FILES["RequestMessage"].read_bytes()
    value = client.get_element(SVC + "RequestMessage").parse(etree.fromstring(data), client.wsdl.types)
    with pytest.raises(zeep.exceptions.Fault) as caught:
        client.service.deliverRequest(**{name: value[name] for name in value})
    assert caught.value.code.endswith("Sender")
    assert "DateMonth" in caught.value.message and "--2" not in caught.value.message
    assert recorders["RO"].messages == []
