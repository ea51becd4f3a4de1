"""Property tests: every message type survives model -> XML -> model unchanged; the XML has
the right root, the fixed prefixes and the schema's element order (checked against our XSD),
and writing is deterministic."""

from __future__ import annotations

import pytest
from hypothesis import given
from lxml import etree

import ecrislib
from ecrislib.model.messages import MESSAGE_CLASSES
from ecrislib.testing import strategies
from ecrislib.validation import xsd
from ecrislib.xml.namespaces import MESSAGE_NSMAP, SVC


@pytest.mark.parametrize("cls", MESSAGE_CLASSES, ids=lambda c: c.ROOT)
def test_generated_messages_round_trip_as_schema_valid_xml(cls: type) -> None:
    schema = xsd.lxml_schema()

    @given(strategies.messages(cls))
    def check(message: ecrislib.Message) -> None:
        data = ecrislib.serialize(message)
        again = ecrislib.parse(data)
        assert again == message
        assert ecrislib.serialize(again) == data
        assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
        root = etree.fromstring(data)
        assert root.tag == f"{{{SVC}}}{cls.ROOT}"
        assert dict(root.nsmap) == MESSAGE_NSMAP
        # No element declares a namespace of its own: the prefixes are fixed on the root.
        assert all(element.nsmap == root.nsmap for element in root.iter())
        assert schema.validate(root), schema.error_log.last_error

    check()


def test_strategy_refuses_a_class_that_is_not_a_root() -> None:
    with pytest.raises(ValueError):
        strategies.messages(ecrislib.Person)  # type: ignore[arg-type]
