"""The writer escapes character data and attribute values as libxml2 does: differential
property tests against lxml's own serialisation of the same text (an independent writer).
It leaves unescaped only values whose form rules leave nothing to escape."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from lxml import etree
from tests.support.codec_tables import every_codec

from ecrislib import ids
from ecrislib.errors import ModelError
from ecrislib.model import common as cm
from ecrislib.model import references as rf
from ecrislib.xml import names
from ecrislib.xml.binding import Leaf, escape_attribute, escape_text

# XML 1.0 characters, with the ones that need escaping made frequent.
XML_TEXT = st.text(
    st.one_of(
        st.sampled_from("&<>\r\n\t\"' a"),
        st.characters(min_codepoint=0x20, max_codepoint=0xD7FF),
    ),
    max_size=40,
)


@given(XML_TEXT)
@example("a&b")
@example("<a>")
@example("x > y")
@example("line\r\nend")
@example("plain, 'quoted' \"text\"\t")
def test_text_is_escaped_as_lxml_escapes_it(text: str) -> None:
    element = etree.Element("e")
    element.text = text
    expected = etree.tostring(element, encoding="unicode")
    assert f"<e>{escape_text(text)}</e>" == expected


@given(XML_TEXT)
@example('a"b')
@example("tab\there, new\nline, cr\r")
@example("&<>")
def test_attribute_values_read_back_unchanged(text: str) -> None:
    parsed = etree.fromstring(f'<e a="{escape_attribute(text)}"/>')
    assert parsed.get("a") == text


# ---------------------------------------------------------------- leaves written unescaped


def test_only_free_text_leaves_are_written_escaped() -> None:
    """The writer skips the escape check where the value's form rules leave nothing to
    escape; every plain leaf of the tables does so except free text."""
    leaves = [codec for codec in every_codec() if isinstance(codec, Leaf)]
    assert {leaf.what for leaf in leaves if leaf.escape} == {names.TEXT.what}
    assert names.TEXT.escape and not names.TIMESTAMP.escape and not names.MESSAGE_ID.escape


@pytest.mark.parametrize(
    ("make", "valid"),
    [
        (rf.CountryRef, "CO-00-642-ROU"),
        (rf.OffenceCategoryRef, "O-00-160400"),
        (cm.Timestamp, "2026-03-02T09:15:00.000+01:00"),
        (cm.Duration, "P16Y"),
        (ids.MessageId.parse, "PL-BG-NOT-000000000012055"),
        (ids.ConvictionId.parse, "PL-C-000000000066709"),
        (ids.DecisionId.parse, "D-00001"),
        (ids.AttachmentId.parse, "RO-BA-000000001"),
    ],
)
@pytest.mark.parametrize("special", ["&", "<", ">", "\r", "&amp;"])
def test_values_written_unescaped_cannot_hold_what_needs_escaping(make: object, valid: str, special: str) -> None:
    make(valid)  # type: ignore[operator]
    for text in (special + valid, valid + special, valid[:2] + special + valid[2:]):
        with pytest.raises((ModelError, ValueError)):
            make(text)  # type: ignore[operator]
