"""What a peer may legally send, kind by kind (wire format, "what a peer may legally send"):
each case edits a golden file by hand and states the expected reading from the spec."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

import ecrislib
from ecrislib.cli import main
from ecrislib.errors import CodecError, ModelError, MissingElementError, UnknownElementError, ValueFormatError
from ecrislib.model.common import PartialDate, Sex, Timestamp, YesNoUnknown, ZonedDate, equivalent
from ecrislib.model.conviction import OtherAffectedConviction
from ecrislib.xml.binding import _resolve_type_name

VALID = Path(__file__).resolve().parent.parent / "data" / "valid"
BASE = (VALID / "notification-aggregate-relationship.xml").read_text(encoding="utf-8")
SCHEMA_SOURCES = {"xml", "xsd", "ids"}


def edit(text: str, *changes: tuple[str, str]) -> str:
    for old, new in changes:
        assert text.count(old) >= 1, old
        text = text.replace(old, new, 1)
    return text


def schema_issues(document: str | bytes) -> list[str]:
    return [str(i) for i in ecrislib.validate(document).issues if i.source in SCHEMA_SOURCES]


def read(document: str) -> ecrislib.NotificationMessage:
    """The document is valid at schema level and reads; its model writes back valid."""
    assert schema_issues(document) == []
    message = ecrislib.parse(document)
    assert schema_issues(ecrislib.serialize(message)) == []
    return message  # type: ignore[return-value]


# -- 1. whitespace around tokens collapses ----------------------------------------------------


def test_tokens_enumerations_and_language_codes_collapse() -> None:
    message = read(edit(
        BASE,
        ("<dm:OffenceIsContinuous>No<", "<dm:OffenceIsContinuous> No <"),
        ("<dm:OffenceCommonCategoryReference>O-00-170100<", "<dm:OffenceCommonCategoryReference>\n          O-00-170100\n        <"),
        ('<dm:Forename languageCode="sk">', '<dm:Forename languageCode=" sk ">'),
        ("<dm:ConvictionNonCriminalRuling>No<", "<dm:ConvictionNonCriminalRuling>\tNo\n<"),
    ))
    offence = message.conviction.offences[0]
    assert offence.is_continuous is YesNoUnknown.NO
    assert str(offence.common_category) == "O-00-170100"
    assert message.person.name.forename.language == "sk"


def test_padded_dates_are_valid_although_libxml2_refuses_them() -> None:
    document = edit(
        BASE,
        ("<dm:ConvictionDecisionDate>2026-04-02<", "<dm:ConvictionDecisionDate> 2026-04-02\n<"),
        ("<c:DateYear>1990<", "<c:DateYear>\n  1990  <"),
        ("<msg:MessageMetaDataTimestamp>2026-05-12T10:04:31.250+02:00<", "<msg:MessageMetaDataTimestamp> 2026-05-12T10:04:31.250+02:00 <"),
        ("<dm:PeriodDuration>P2Y<", "<dm:PeriodDuration> P2Y <"),
    )
    message = read(document)  # validate compensates for libxml2 (see ecrislib.xml.whitespace)
    assert message.conviction.decision_date == dt.date(2026, 4, 2)
    assert message.person.birth_date.year == 1990


# -- 2. empty elements take their schema default ----------------------------------------------


def test_empty_elements_take_their_schema_default() -> None:
    message = read(edit(
        BASE,
        ("<dm:PersonSex>1</dm:PersonSex>", "<dm:PersonSex/>"),
        ("<c:DateYear>1990</c:DateYear>", "<c:DateYear></c:DateYear>"),
        ("<dm:PlaceCountryReference>CO-00-703-SVK</dm:PlaceCountryReference>", "<dm:PlaceCountryReference/>"),
        ("<dm:ConvictionDecisionDate>2026-04-02</dm:ConvictionDecisionDate>", "<dm:ConvictionDecisionDate/>"),
        ("<dm:SanctionMultiplier>1</dm:SanctionMultiplier>", "<dm:SanctionMultiplier/>"),
        ("<dm:SanctionTypeReference>N-00-P</dm:SanctionTypeReference>", "<dm:SanctionTypeReference/>"),
    ))
    assert message.person.sex is Sex.UNKNOWN
    assert message.person.birth_date.year == 1800
    assert str(message.person.birth_place.country) == "CO-00-999-XXX"
    assert message.conviction.decision_date == dt.date(1800, 1, 1)
    assert message.conviction.sanctions[0].multiplier == 1
    assert str(message.conviction.sanctions[0].nature) == "N-00-Z"


def test_a_blank_element_is_not_empty() -> None:
    # Whitespace is character content: no default, and the collapsed value "" is refused.
    document = edit(BASE, ("<dm:PersonSex>1</dm:PersonSex>", "<dm:PersonSex> </dm:PersonSex>"))
    assert schema_issues(document)
    with pytest.raises(ValueFormatError):
        ecrislib.parse(document)


# -- 3. xsi:type: the declared type or a validly derived one ----------------------------------


def test_xsi_type_naming_the_declared_type_is_read() -> None:
    read(edit(
        BASE,
        ("<msg:MessageDataPerson>", '<msg:MessageDataPerson xsi:type="dm:PersonType">'),
        ('<dm:Forename languageCode="sk">', '<dm:Forename xsi:type="c:NameTextType" languageCode="sk">'),
        ("<msg:MessageMetaData>", '<msg:MessageMetaData xsi:type="msg:MessageMetaDataType">'),
    ))


def test_xsi_type_not_validly_derived_is_refused() -> None:
    # SanctionExecutionPeriod is a SanctionPeriodType; SanctionSentencedPeriodType is a sibling
    # type, not derived from it, so the schema refuses it even though DurationExact fits it.
    document = edit(BASE, ("<dm:SanctionSentencedPeriod>", '<dm:SanctionExecutionPeriod xsi:type="dm:SanctionSentencedPeriodType">'),
                    ("</dm:SanctionSentencedPeriod>", "</dm:SanctionExecutionPeriod>"))
    assert any("XSD-" in issue for issue in schema_issues(document))
    with pytest.raises(CodecError):
        ecrislib.parse(document)


_XS = 'xmlns:xs="http://www.w3.org/2001/XMLSchema"'


@pytest.mark.parametrize(
    ("start", "allowed"),
    [
        # XSD 1.0 3.3.4 / 3.4.6: the declared type itself is always allowed ...
        ('<dm:SanctionSentencedPeriod xsi:type="dm:SanctionSentencedPeriodType">', True),
        ('<dm:PersonSex xsi:type="dm:SexType">', True),
        # ... a sibling type under the same abstract base is not derived from the declared one,
        # even when the content fits the declared type (DurationExact is not in SanctionPeriodType) ...
        ('<dm:SanctionSentencedPeriod xsi:type="dm:SanctionPeriodType">', False),
        # ... nor is the abstract base (a base, not a derivation, and abstract) ...
        ('<dm:SanctionSentencedPeriod xsi:type="dm:AbstractPeriodType">', False),
        # ... nor a built-in base of a simple type: SexType restricts (via c:StringType) xs:string.
        (f'<dm:PersonSex {_XS} xsi:type="xs:string">', False),
    ],
    ids=["declared-complex", "declared-simple", "sibling", "abstract-base", "builtin-base"],
)
def test_xsi_type_is_read_exactly_when_validly_derived(start: str, allowed: bool) -> None:
    element = start[1:].split(" ", 1)[0]
    document = edit(BASE, (f"<{element}>", start))
    assert not schema_issues(document) if allowed else schema_issues(document)
    if allowed:
        assert ecrislib.serialize(ecrislib.parse(document)) == ecrislib.serialize(read(BASE))
    else:
        with pytest.raises(UnknownElementError, match="not its declared type or validly derived"):
            ecrislib.parse(document)


def test_conviction_to_convictions_relationship_is_read() -> None:
    message = read(BASE)
    (aggregate,) = [r for r in message.conviction.relationships if isinstance(r, OtherAffectedConviction)]
    assert str(aggregate.source) == "CZ-C-000000000009031"


# -- 4. schema-location hints below the root --------------------------------------------------


def test_schema_location_hints_anywhere_are_ignored() -> None:
    read(edit(
        BASE,
        ("<msg:MessageDataConviction>", '<msg:MessageDataConviction xsi:schemaLocation="http://ec.europa.eu/ECRIS/domain-model-v1.0 dm.xsd">'),
        ("<dm:PersonSex>", '<dm:PersonSex xsi:noNamespaceSchemaLocation="local.xsd">'),
    ))


# -- 5. time zones and wide years -------------------------------------------------------------


def test_time_zones_on_dates_and_partial_dates_are_read_and_kept() -> None:
    message = read(edit(
        BASE,
        ("<dm:ConvictionDecisionDate>2026-04-02<", "<dm:ConvictionDecisionDate>2026-04-02+02:00<"),
        ("<dm:ConvictionDecisionFinalDate>2026-04-20<", "<dm:ConvictionDecisionFinalDate>2026-04-20Z<"),
        ("<c:DateYear>1990<", "<c:DateYear>1990-05:00<"),
        ("<c:DateMonth>--01<", "<c:DateMonth>--01Z<"),
    ))
    decided = message.conviction.decision_date
    assert isinstance(decided, ZonedDate) and decided == dt.date(2026, 4, 2) and decided.zone == "+02:00"
    assert b"<dm:ConvictionDecisionFinalDate>2026-04-20Z</dm:ConvictionDecisionFinalDate>" in ecrislib.serialize(message)
    birth = message.person.birth_date
    assert (birth.year, birth.year_zone, birth.month) == (1990, "-05:00", None)
    assert birth == PartialDate(1990, year_zone="-05:00") != PartialDate(1990)  # equal models write the same bytes
    start = message.conviction.offences[0].start_date
    assert (start.year, start.year_zone, start.month, start.month_zone, start.day, start.day_zone) == (2026, None, 1, "Z", 17, None)
    written = ecrislib.serialize(message)
    assert b"<c:DateYear>1990-05:00</c:DateYear>" in written
    assert b"<c:DateMonth>--01Z</c:DateMonth>" in written


def test_a_zone_on_each_partial_date_part_is_written_back_as_sent() -> None:
    # XSD 1.0 3.2.11-3.2.13: gYear, gMonth and gDay each allow an optional zone (Z or +-hh:mm).
    document = edit(BASE, ("<c:DateYear>1990<", "<c:DateYear>1990+14:00<"), ("<c:DateMonth>--01<", "<c:DateMonth>--01-14:00<"))
    day = re.search(r"<c:DateDay>---([0-9]{2})<", document)
    assert day is not None
    document = document.replace(day.group(0), "<c:DateDay>---" + day.group(1) + "+02:30<", 1)
    assert not schema_issues(document)
    written = ecrislib.serialize(ecrislib.parse(document))
    assert b"<c:DateYear>1990+14:00</c:DateYear>" in written
    assert b"<c:DateMonth>--01-14:00</c:DateMonth>" in written
    assert f"<c:DateDay>---{day.group(1)}+02:30</c:DateDay>".encode() in written
    assert not schema_issues(written)


def test_a_partial_date_zone_beyond_fourteen_hours_is_refused() -> None:
    document = edit(BASE, ("<c:DateYear>1990<", "<c:DateYear>1990+14:30<"))
    assert schema_issues(document)
    with pytest.raises(ValueFormatError):
        ecrislib.parse(document)
    with pytest.raises(ModelError):
        PartialDate(1990, year_zone="+15:00")


def test_offsets_beyond_fourteen_hours_are_refused() -> None:
    document = edit(BASE, ("10:04:31.250+02:00", "10:04:31.250+15:00"))
    assert schema_issues(document)
    with pytest.raises(ValueFormatError):
        ecrislib.parse(document)


def test_years_outside_python_range_keep_their_text() -> None:
    stamp = Timestamp("12026-05-12T10:04:31Z")
    assert str(stamp) == "12026-05-12T10:04:31Z"
    with pytest.raises(ValueError):
        stamp.to_datetime()
    message = read(edit(BASE, ("2026-05-12T10:04:31.250+02:00", "-0044-03-15T10:04:31.250+02:00")))
    assert str(message.metadata.timestamp) == "-0044-03-15T10:04:31.250+02:00"


# -- 6. encodings ----------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["UTF-16", "ISO-8859-2", "windows-1250"])
def test_other_encodings_are_read_and_written_back_as_utf8(encoding: str) -> None:
    # Slovak and Czech names fit ISO-8859-2 and windows-1250; UTF-16 carries a BOM.
    text = BASE.replace('encoding="UTF-8"', f'encoding="{encoding}"')
    data = text.encode(encoding.lower().replace("windows-", "cp"))
    message = ecrislib.parse(data)
    assert message == ecrislib.parse(BASE.encode("utf-8"))
    assert schema_issues(data) == []
    assert ecrislib.serialize(message).startswith(b"<?xml version='1.0' encoding='UTF-8'?>")


# -- 7. an lxml element as input --------------------------------------------------------------


def test_an_element_from_a_soap_stack_is_read() -> None:
    envelope = etree.fromstring(
        b'<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body>'
        + BASE.split("?>", 1)[1].strip().encode("utf-8")
        + b"</env:Body></env:Envelope>"
    )
    body_child = envelope[0][0]
    assert ecrislib.parse(body_child) == ecrislib.parse(BASE)
    assert ecrislib.parse(etree.ElementTree(etree.fromstring(BASE.split("?>", 1)[1].encode()))) == ecrislib.parse(BASE)


# -- 8. timestamps compared by meaning --------------------------------------------------------


def test_rewritten_timestamps_are_equivalent_not_equal() -> None:
    original = ecrislib.parse(edit(BASE, ("2026-05-12T10:04:31.250+02:00", "2026-05-12T08:04:31.000+00:00")))
    through_zeep = ecrislib.parse(edit(BASE, ("2026-05-12T10:04:31.250+02:00", "2026-05-12T08:04:31Z")))
    assert original != through_zeep  # equality compares what is written
    assert equivalent(original, through_zeep)
    later = ecrislib.parse(edit(BASE, ("2026-05-12T10:04:31.250+02:00", "2026-05-12T08:04:32Z")))
    assert not equivalent(original, later)


# -- 9. only the 15 service roots are messages ------------------------------------------------


def test_a_root_that_is_not_a_message_is_flagged(tmp_path: Path) -> None:
    document = '<dm:Forename xmlns:dm="http://ec.europa.eu/ECRIS/domain-model-v1.0">Juraj</dm:Forename>'
    report = ecrislib.validate(document)
    assert "XSD-ROOT" in report.rule_ids and not report.ok
    path = tmp_path / "forename.xml"
    path.write_text(document, encoding="utf-8")
    assert main(["validate", "-q", str(path)]) != 0


# -- 10. what the schema refuses, the reader refuses with a typed error -----------------------


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        ("</dm:PersonName>", "</dm:PersonName>stray", ValueFormatError),
        ("<dm:DecisionID>D-00001</dm:DecisionID>", "<dm:DecisionID>D-00001</dm:DecisionID>x", ValueFormatError),
        ("<msg:MessageDataPerson>", '<msg:MessageDataPerson xml:space="preserve">', UnknownElementError),
        ('<c:MultilingualTextLinguisticRepresentation languageCode="sk">', '<c:MultilingualTextLinguisticRepresentation xml:space="preserve" languageCode="sk">', UnknownElementError),
        ('xsi:type="dm:DecisionToOffencesRelationshipType"', 'xsi:type="dm:SanctionToSanctionsRelationshipType"', MissingElementError),
    ],
    ids=["text-between", "text-after-leaf", "xml-space", "xml-space-on-text", "relationship-type-missing"],
)
def test_schema_refusals_are_typed_errors_naming_the_element(old: str, new: str, error: type[Exception]) -> None:
    document = edit(BASE, (old, new))
    if "SanctionToSanctions" in new:
        document = edit(document, ("<dm:Decision>D-00001</dm:Decision>\n        <dm:Offence>O-00001</dm:Offence>",
                                   "<dm:SourceSanction>S-00001</dm:SourceSanction>\n        <dm:DestinationSanction>S-00001</dm:DestinationSanction>"))
    assert schema_issues(document)
    with pytest.raises(error) as caught:
        ecrislib.parse(document)
    assert caught.value.path and caught.value.path.startswith("/NotificationMessage/")


# -- 12. impossible calendar dates -----------------------------------------------------------


@pytest.mark.parametrize(("year", "month", "day", "flagged"), [
    ("2023", "02", "29", True), ("2024", "02", "29", False), ("1900", "02", "29", True),
    ("2000", "02", "29", False), ("2026", "04", "31", True), ("2026", "02", "30", True),
])
def test_impossible_calendar_dates_are_a_business_rule(year: str, month: str, day: str, flagged: bool) -> None:
    document = edit(BASE, ("<c:DateYear>2026</c:DateYear>", f"<c:DateYear>{year}</c:DateYear>"),
                    ("<c:DateMonth>--01</c:DateMonth>", f"<c:DateMonth>--{month}</c:DateMonth>"),
                    ("<c:DateDay>---17</c:DateDay>", f"<c:DateDay>---{day}</c:DateDay>"))
    report = ecrislib.validate(document)
    assert ("ECRIS-R-016" in report.rule_ids) is flagged
    assert schema_issues(document) == []
    ecrislib.parse(document)  # the model keeps what was sent; the rule reports, never crashes


def test_the_usual_relationship_types_are_read_without_compiling_the_derivation_facts() -> None:
    # Every notification carries typed relationships; checking them must not cost the ~1 s
    # xmlschema compile that only an unusual xsi:type needs (first-call time, issue 14).
    from ecrislib.xml import derivation

    derivation.xsi_type_allowed.cache_clear()
    read(BASE)
    assert derivation.xsi_type_allowed.cache_info().misses == 0


_PREFIXES = st.sampled_from(["", "dm", "c", "msg", "x", "ns1"])
_URIS = st.sampled_from(["http://ec.europa.eu/ECRIS/domain-model-v1.0", "http://ec.europa.eu/ECRIS/commons-v1.0", "urn:other"])


@given(outer=st.dictionaries(_PREFIXES, _URIS, max_size=4), inner=st.dictionaries(_PREFIXES, _URIS, max_size=2),
       own=_PREFIXES, own_uri=_URIS, named=_PREFIXES, spaces=st.sampled_from(["", " ", "\n\t"]))
def test_an_xsi_type_prefix_resolves_as_the_scope_declares_it(outer: dict[str, str], inner: dict[str, str], own: str, own_uri: str, named: str, spaces: str) -> None:
    """An xsi:type prefix names the namespace in scope at its element, whether it is the
    element's own prefix (the short way) or another, declared on the element or above it,
    the default namespace included."""
    declarations = lambda mapping: "".join(f' xmlns{":" + p if p else ""}="{u}"' for p, u in mapping.items())  # noqa: E731
    inner = {**inner, own: own_uri}
    tag = f"{own}:E" if own else "E"
    text = f'<root{declarations(outer)}><{tag}{declarations(inner)} xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/></root>'
    element = etree.fromstring(text)[0]
    raw = f"{spaces}{named + ':' if named else ''}SomeType{spaces}"
    assert _resolve_type_name(element, raw) == (named, element.nsmap.get(named or None), "SomeType")
