"""The HTML page is written as text; it must be the page lxml's serializer gave, to the byte.

The oracle is the element-tree builder ecrislib used before (``tests/support/html_reference.py``),
serialised by lxml (libxml2): two independent paths that must agree on the golden messages in
several languages, on invalid messages (the warning box), and on any record hypothesis builds,
with text full of what escaping and quoting must get right.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ecrislib
from ecrislib.rendering import readable_record
from ecrislib.rendering.html import to_html
from ecrislib.rendering.l10n import Localised
from ecrislib.rendering.record import Field, Record, Section, Value
from tests.support.html_reference import reference_html

DATA = Path(__file__).resolve().parent.parent / "data"

#: What HTML escaping and attribute quoting turn on, and the whitespace libxml2 keeps as it is.
_AWKWARD = ["", " ", "&", "<", ">", '"', "'", 'a"b', "a'b", "a\"b'c", "&amp;", "\n", "\t", "\r", "x\r\ny", "é", "†1", "Ω ώ", "\u202f", "\U0001f600"]
_TEXT = st.one_of(
    st.sampled_from(_AWKWARD),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\ufffe\uffff"), max_size=12),
)
_LANG = st.one_of(st.none(), st.sampled_from(["", "en", "ro", "el"]), _TEXT)
_VALUES = st.builds(
    Value,
    _TEXT,
    kind=st.sampled_from(["code", "text", "name", "date", "id", "binary", "plain", "duration", "warning", "rule", "a b"]),
    lang=_LANG,
    marker=st.one_of(st.just(""), _TEXT),
    code=st.one_of(st.none(), _TEXT),
    note=st.one_of(st.none(), st.integers(-3, 120)),
    marker_lang=_LANG,
)
_FIELDS = st.builds(Field, _TEXT, st.lists(_VALUES, max_size=3).map(tuple), lang=_LANG)
_SECTIONS = st.recursive(
    st.builds(Section, _TEXT, st.lists(_FIELDS, max_size=3).map(tuple), kind=_TEXT, lang=_LANG),
    lambda inner: st.builds(Section, _TEXT, st.lists(st.one_of(_FIELDS, inner), max_size=4).map(tuple), kind=_TEXT, lang=_LANG),
    max_leaves=8,
)
_CHROME = st.dictionaries(st.sampled_from(["notes", "reader_language", "warning"]), st.builds(Localised, _TEXT, st.sampled_from(["en", "ro", "el"])))
_RECORDS = st.builds(
    Record,
    _TEXT,
    st.sampled_from(["en", "ro", "el"]),
    st.lists(_SECTIONS, max_size=3).map(tuple),
    st.lists(_VALUES, max_size=4).map(tuple),
    reader=_TEXT,
    warnings=st.lists(_VALUES, max_size=3).map(tuple),
    title_lang=_LANG,
    chrome=_CHROME,
)


@pytest.mark.parametrize("path", sorted((DATA / "valid").glob("*.xml")), ids=lambda path: path.stem)
def test_the_page_of_every_golden_message_is_the_one_lxml_wrote(path: Path) -> None:
    message = ecrislib.parse(path.read_bytes())
    for lang in ("en", "ro", "el", "de"):
        record = readable_record(message, lang)
        assert to_html(record) == reference_html(record)


def test_the_warning_box_of_invalid_messages_is_the_one_lxml_wrote() -> None:
    checked = 0
    for path in sorted((DATA / "invalid").glob("*.xml"))[:40]:
        try:
            record = readable_record(path.read_bytes())
        except ecrislib.EcrisError:
            continue  # not readable into the model: nothing to render
        checked += bool(record.warnings)
        assert to_html(record) == reference_html(record)
    assert checked >= 5  # the warning box itself was compared


@settings(max_examples=300, deadline=None)
@given(_RECORDS)
def test_any_record_is_written_as_lxml_wrote_it(record: Record) -> None:
    assert to_html(record) == reference_html(record)


@pytest.mark.parametrize("character", ["\x00", "\x08", "\x1f", "\ufffe", "\ud800"])
def test_a_character_xml_cannot_carry_is_refused_as_lxml_refused_it(character: str) -> None:
    record = Record("title", "en", (Section("s", (Field("label", (Value(f"a{character}b"),)),)),), ())
    with pytest.raises(ValueError):
        reference_html(record)
    with pytest.raises(ValueError):
        to_html(record)


def _convictions_reply(count: int) -> bytes:
    from ecrislib.testing import factories

    convictions = tuple(factories.conviction(number=number + 1, decision_date=_dt.date(1990 + number % 30, 1 + number % 12, 1 + number % 28)) for number in range(count))
    return ecrislib.serialize(factories.request_response(convictions=convictions))


@pytest.mark.parametrize("name", ["request-response-two-convictions", "request-response-push", "notification", "request-response-no-conviction"])
def test_render_writes_the_page_of_the_whole_record(name: str) -> None:
    # render() builds a reply's convictions one by one as it writes them: the page is the one
    # to_html writes of the whole record, notes and their numbers included.
    data = (DATA / "valid" / f"{name}.xml").read_bytes()
    for lang in ("en", "el"):
        assert ecrislib.render(data, lang=lang, format="html") == to_html(readable_record(data, lang))


def test_render_writes_the_page_of_the_whole_record_for_many_convictions() -> None:
    data = _convictions_reply(25)
    page = ecrislib.render(data, lang="ro", format="html")
    assert page == to_html(readable_record(data, "ro"))
    assert page.count('<section class="Conviction">') == 25
