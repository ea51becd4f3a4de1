"""The writer escapes character data and attribute values as libxml2 does: differential
property tests against lxml's own serialisation of the same text (an independent writer)."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st
from lxml import etree

from ecrislib.xml.binding import escape_attribute, escape_text

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
