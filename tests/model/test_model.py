"""The model: immutable values that check the form rules of ECRIS on construction, IDs that
parse and format exactly, numbering unique across a message, and reprs that hide people."""

from __future__ import annotations

import datetime as dt
from typing import Any
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ecrislib
from ecrislib import ids
from ecrislib.errors import ModelError
from ecrislib.model import common as cm
from ecrislib.model import references as rf
from ecrislib.model.numbering import has_unique_entity_ids, renumber, renumber_convictions
from ecrislib.testing import factories, strategies


# ------------------------------------------------------------------ identifiers


@pytest.mark.parametrize(
    ("cls", "text"),
    [
        (ids.MessageId, "PL-BG-NOT-000000000012055"),
        (ids.ConvictionId, "PL-C-000000000066709"),
        (ids.DecisionId, "D-00001"),
        (ids.OffenceId, "O-00042"),
        (ids.SanctionId, "S-99999"),
        (ids.AttachmentId, "RO-BA-000000001"),
    ],
)
def test_identifiers_parse_and_format_exactly(cls: type, text: str) -> None:
    assert str(cls.parse(text)) == text


@pytest.mark.parametrize(
    "text",
    ["PL-BG-NOT-00000000001205", "pl-BG-NOT-000000000012055", "PL-BG-XYZ-000000000012055", "PL-BG-NOT-0000000000120555"],
)
def test_malformed_message_ids_are_refused(text: str) -> None:
    with pytest.raises(ModelError):
        ids.MessageId.parse(text)


def test_message_id_parts() -> None:
    message_id = ids.MessageId.parse("BE-BG-REQ-000000000019444")
    assert (message_id.sender, message_id.receiver, message_id.type, message_id.number) == ("BE", "BG", ids.MessageType.REQ, 19444)


def test_sequential_ids_are_deterministic_per_sender() -> None:
    source = ids.SequentialIds()
    first = source.message_id("GB", "RO", ids.MessageType.REQ)
    second = source.message_id("GB", "PL", ids.MessageType.REQ)
    other = source.message_id("RO", "GB", ids.MessageType.RRS)
    assert [str(first), str(second), str(other)] == ["GB-RO-REQ-000000000000001", "GB-PL-REQ-000000000000002", "RO-GB-RRS-000000000000001"]


def test_random_ids_follow_their_seed() -> None:
    a = ids.RandomIds(7).message_id("GB", "RO", ids.MessageType.REQ)
    b = ids.RandomIds(7).message_id("GB", "RO", ids.MessageType.REQ)
    assert a == b


def test_new_metadata_uses_injected_ids_and_clock() -> None:
    clock = ecrislib.FixedClock(dt.datetime(2026, 3, 2, 9, 15, tzinfo=dt.timezone(dt.timedelta(hours=1))))
    metadata = ecrislib.Metadata.new("GB", "RO", ids.MessageType.REQ, ids=ids.SequentialIds(5), clock=clock)
    assert str(metadata.message_id) == "GB-RO-REQ-000000000000005"
    assert metadata.timestamp.text == "2026-03-02T09:15:00.000+01:00"


# ------------------------------------------------------------------ values


@pytest.mark.parametrize("text", ["", "   ", "a<b", "a>b", "bell\x07"])
def test_text_rules(text: str) -> None:
    with pytest.raises(ModelError):
        cm.MultilingualText.of(text, "en")


def test_length_limits_count_the_collapsed_text() -> None:
    offence = factories.offence()
    attrs.evolve(offence, legal_provisions="x" * 400 + "   ")  # collapses to 400
    with pytest.raises(ModelError) as caught:
        attrs.evolve(offence, legal_provisions="x" * 401)
    assert "400" in str(caught.value)


def test_error_text_names_the_field_not_the_value() -> None:
    with pytest.raises(ModelError) as caught:
        cm.Name("Secretname<")
    assert "Secretname" not in str(caught.value)


def test_language_code_must_be_lower_case() -> None:
    with pytest.raises(ModelError):
        cm.Text("Omor", "RO")


def test_partial_date_needs_month_before_day() -> None:
    assert str(cm.PartialDate(1995, 3)) == "1995-03"
    with pytest.raises(ModelError):
        cm.PartialDate(1995, None, 3)
    assert cm.PartialDate.unknown().is_unknown


def test_timestamp_keeps_its_lexical_form() -> None:
    stamp = cm.Timestamp("2021-12-07T12:59:36.399+02:00")
    assert stamp.to_datetime() == dt.datetime(2021, 12, 7, 12, 59, 36, 399000, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    with pytest.raises(ModelError):
        cm.Timestamp.from_datetime(dt.datetime(2021, 1, 1))  # naive: no offset


@given(st.decimals(min_value=0, max_value=10**12, places=2))
def test_amounts_are_units_and_hundredths(value: Decimal) -> None:
    amount = cm.Amount.from_decimal(value)
    assert amount.to_decimal() == value
    assert amount.fraction != 0


def test_duration_parts() -> None:
    duration = cm.Duration.of(years=16)
    assert (duration.text, duration.years, duration.months) == ("P16Y", 16, 0)
    with pytest.raises(ModelError):
        cm.Duration("16 years")


def test_references_check_their_form_and_kind() -> None:
    assert rf.OffenceCategoryRef("O-00-160400").TABLE == "OffenceCategories"
    with pytest.raises(ModelError):
        rf.OffenceCategoryRef("1604 00")
    with pytest.raises(ModelError):
        rf.SanctionCategoryRef("S-00-Z")  # a suspension type, not a sanction category
    assert rf.CountryRef("CO-00-642-ROU") != rf.CurrencyRef("CX-00-642-ROU")


def test_models_are_immutable() -> None:
    request = factories.request()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        request.urgency = cm.YesNoUnknown.YES  # type: ignore[misc]


def test_repr_hides_personal_data() -> None:
    person = factories.person(forename="Zamfira", surname="Secretescu")
    request = factories.request(person=person)
    for text in (repr(person), repr(person.name), repr(request), repr(person.name.forename)):
        assert "Zamfira" not in text and "Secretescu" not in text


# ------------------------------------------------------------------ message rules


def test_initiating_message_refuses_response_to() -> None:
    request = factories.request()
    with pytest.raises(ModelError):
        attrs.evolve(request, metadata=attrs.evolve(request.metadata, response_to=ids.MessageId.parse("RO-GB-RRS-000000000000001")))


def test_correlating_message_needs_response_to() -> None:
    response = factories.request_response()
    with pytest.raises(ModelError):
        attrs.evolve(response, metadata=attrs.evolve(response.metadata, response_to=None))


def test_cancellation_cannot_target_a_deadline() -> None:
    deadline = factories.request_deadline(factories.request(), dt.date(2026, 1, 19))
    with pytest.raises(ModelError):
        factories.cancellation(deadline)


def test_push_messages_carry_fingerprint_content_and_plain_ones_do_not() -> None:
    request = factories.request(fingerprints=factories.fingerprints("GB"))
    with pytest.raises(ModelError):
        factories.request(fingerprints=factories.fingerprints("GB", content=b"NIST"))
    push = ecrislib.RequestPushMessage(**{a.name: getattr(request, a.name) for a in attrs.fields(ecrislib.RequestMessage)} | {"fingerprints": factories.fingerprints("GB", content=b"NIST")})
    assert push != request and push.PUSH


# ------------------------------------------------------------------ numbering


def test_response_renumbers_entities_across_convictions() -> None:
    first = factories.conviction(country="RO", number=1)
    second = factories.conviction(country="RO", number=2)
    assert not has_unique_entity_ids([first, second])
    response = factories.request_response(convictions=[first, second])
    assert has_unique_entity_ids(response.convictions)
    assert [str(d.id) for c in response.convictions for d in c.decisions] == ["D-00001", "D-00002"]
    # Relationships follow their entities.
    link = response.convictions[1].relationships[0]
    assert link.decision == response.convictions[1].decisions[0].id


@given(st.lists(strategies.convictions(), min_size=1, max_size=2))
def test_renumbering_keeps_every_link_pointing_at_the_same_entity(convictions: list) -> None:
    renumbered = renumber_convictions(convictions)
    assert has_unique_entity_ids(renumbered)
    for before, after in zip(convictions, renumbered):
        old_to_new = {old.id: new.id for old, new in zip((*before.decisions, *before.offences, *before.sanctions), (*after.decisions, *after.offences, *after.sanctions))}
        for old_link, new_link in zip(before.relationships, after.relationships):
            for field in attrs.fields(type(old_link)):
                old_value, new_value = getattr(old_link, field.name), getattr(new_link, field.name)
                if isinstance(old_value, tuple):
                    assert tuple(old_to_new[v] for v in old_value) == new_value
                elif field.name != "relation_type":
                    assert old_to_new[old_value] == new_value


def test_renumbering_keeps_a_link_to_other_convictions_as_it_is() -> None:
    # An OtherAffectedConviction names convictions (outside the message), not decisions,
    # offences or sanctions: renumbering those must leave it unchanged, not rebuild it.
    from ecrislib.model.conviction import EcrisConvictionReference, OtherAffectedConviction

    overall = OtherAffectedConviction(
        source=ids.ConvictionId("RO", 2), destinations=(EcrisConvictionReference(ids.ConvictionId("RO", 1)),)
    )
    first, second = factories.conviction(number=1), factories.conviction(number=2)
    second = attrs.evolve(second, relationships=(*second.relationships, overall))
    renumbered = renumber_convictions([first, second])
    assert renumbered[1].relationships[-1] == overall
    assert has_unique_entity_ids(renumbered)


def test_renumber_message_is_identity_without_convictions() -> None:
    request = factories.request()
    assert renumber(request) is request


def test_notification_update_keeps_the_conviction_id() -> None:
    original = factories.notification()
    update = factories.notification_update(original, change_type="DCH-00-O")
    assert update.conviction.id == original.conviction.id
    assert update.updated_conviction_reference == ecrislib.EcrisConvictionReference(original.conviction.id)
    assert len(update.conviction.decisions) == len(original.conviction.decisions) + 1
    assert update.message_id != original.message_id
    assert ecrislib.parse(ecrislib.serialize(update)) == update


@pytest.mark.parametrize("cls", [ids.MessageId, ids.ConvictionId, ids.DecisionId, ids.OffenceId, ids.SanctionId, ids.AttachmentId])
@given(data=st.data())
def test_an_identifier_has_one_written_form(cls: Any, data: st.DataObject) -> None:
    """Every text an identifier parses from is the text it writes: the reader notes xsd:ID
    and IDREF values by their text, and the writer writes str(value)."""
    if cls is ids.MessageId:  # countries and message types are rules on top of the pattern
        countries = st.sampled_from(["BE", "BG", "DE", "FR", "GB", "PL", "RO", "SK"])
        kind = st.sampled_from([member.value for member in ids.MessageType])
        text = "-".join([data.draw(countries), data.draw(countries), data.draw(kind), data.draw(st.from_regex(r"[0-9]{15}", fullmatch=True))])
    else:
        text = data.draw(st.from_regex(cls.PATTERN, fullmatch=True))
    assert str(cls.parse(text)) == text


@pytest.mark.parametrize("cls", [ids.MessageId, ids.ConvictionId, ids.AttachmentId])
@given(data=st.data())
def test_a_parsed_identifier_is_the_checked_constructors_value(cls: Any, data: st.DataObject) -> None:
    """``parse`` builds the identifier without re-running the checks its pattern has already
    proved; what it builds equals (and hashes and orders as) what the checking constructor
    builds from the same parts, and any text the constructor would refuse is refused."""
    text = data.draw(st.from_regex(cls.PATTERN, fullmatch=True) | st.text(alphabet="ABGNOTRQ-0123456789", max_size=30))
    match = cls.PATTERN.fullmatch(text)
    try:
        groups = match.groups()  # type: ignore[union-attr]
        checked = cls(*groups[:-1], int(groups[-1]))
    except (AttributeError, ValueError):
        with pytest.raises(ModelError):
            cls.parse(text)
        return
    parsed = cls.parse(text)
    assert parsed == checked and hash(parsed) == hash(checked) and not parsed < checked and not checked < parsed
    assert attrs.asdict(parsed) == attrs.asdict(checked)
    assert type(parsed.number) is int and str(parsed) == text


_DIGIT_RUNS = st.text(alphabet="0123456789", min_size=1, max_size=5)


@given(
    year=st.sampled_from(["0000", "0001", "1600", "1900", "2000", "2023", "2024", "9999", "10000", "-0001"]) | _DIGIT_RUNS,
    rest=st.lists(_DIGIT_RUNS, min_size=5, max_size=5),
    fraction=st.sampled_from(["", ".0", ".000", ".5", ".001", ".0000000"]),
    zone=st.sampled_from(["", "Z", "+00:00", "-05:30", "+14:00", "+14:01", "+13:59"]),
)
def test_the_timestamp_rule_has_one_verdict(year: str, rest: list[str], fraction: str, zone: str) -> None:
    """The timestamp check takes a short way for the common form (a four-digit year, fields in
    range, a day before the 29th) and the whole rule otherwise: both give the same verdict,
    end of day (24:00:00) and month lengths included."""
    month, day, hour, minute, second = (run.zfill(2) for run in rest)
    text = f"{year}-{month}-{day}T{hour}:{minute}:{second}{fraction}{zone}"
    attribute = attrs.fields(cm.Timestamp).text
    verdicts = []
    for check in (cm._check_timestamp, cm._check_timestamp_fully):
        try:
            check(None, attribute, text)
            verdicts.append(True)
        except ModelError:
            verdicts.append(False)
    assert verdicts[0] == verdicts[1], text
