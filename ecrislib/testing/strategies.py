"""Hypothesis strategies that draw valid ECRIS messages of every type.

Valid means: every value has the form, length and pattern the schema requires; IDs are unique
across the message (decision, offence and sanction IDs numbered across convictions, conviction
IDs distinct, FE codes distinct); every internal reference points at an ID in the message;
responses answer a message whose sender and receiver are theirs reversed; conviction IDs start
with the convicting state, final dates do not precede decision dates, birth dates are past.

>>> from hypothesis import given, settings
>>> from ecrislib import RequestMessage
>>> from ecrislib.testing import strategies
>>> @settings(max_examples=5)
... @given(strategies.messages(RequestMessage))
... def test_request(message):
...     assert message.ROOT == "RequestMessage"
>>> test_request()
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Callable, TypeVar

import attrs
from hypothesis import strategies as st

from ..ids import (
    ANSWERS,
    AttachmentId,
    ConvictionId,
    DecisionId,
    MessageId,
    MessageType,
    OffenceId,
    SanctionId,
)
from ..model import common as cm
from ..model import conviction as cv
from ..model import messages as ms
from ..model import person as pe
from ..model import references as rf
from ..model._checks import collapse
from ..model.numbering import renumber_convictions
from .factories import COUNTRY_OF_MEMBER_STATE

__all__ = [
    "texts",
    "multilingual_texts",
    "names",
    "partial_dates",
    "timestamps",
    "durations",
    "amounts",
    "places",
    "persons",
    "convictions",
    "metadata",
    "messages",
]

T = TypeVar("T")

MEMBER_STATES = sorted(COUNTRY_OF_MEMBER_STATE)
LANGUAGES = ["bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv"]
# Codes present in the bundled reference tables (ecrislib/codes/data), so that generated messages
# also pass code-table checks where a table has entries.
OFFENCE_CATEGORIES = ["O-00-080100", "O-00-080200", "O-00-060300", "O-00-070100", "O-00-110100", "O-00-150100", "O-00-160400", "O-00-270000"]
SANCTION_CATEGORIES = ["S-00-001000", "S-00-001001", "S-00-003000", "S-00-004000", "S-00-008000", "S-00-008002", "S-00-012000"]

_WHITESPACE = " \t\n\r"
# Letters, marks, digits, punctuation and symbols of any script; the only space is U+0020
# (exotic Unicode spaces are valid XSD text but no sender writes a name of them).
_LETTERS = st.characters(categories=("L", "M", "N", "P", "S"), exclude_characters="<>")


def texts(max_size: int = 40, *, collapsed: bool = True) -> st.SearchStrategy[str]:
    """ECRIS text: not blank, no ``<``/``>``, within the limit (after whitespace collapse)."""
    alphabet = st.one_of(_LETTERS, st.sampled_from(" \n\t" if not collapsed else " "))
    return st.text(alphabet, min_size=1, max_size=min(max_size, 24)).filter(lambda s: s.strip(_WHITESPACE) != "")


def _codes(max_size: int) -> st.SearchStrategy[str]:
    return st.text(st.characters(categories=("Lu", "Nd"), max_codepoint=127) | st.sampled_from("-/ "), min_size=1, max_size=min(max_size, 20)).filter(
        lambda s: s.strip(_WHITESPACE) != ""
    )


def _languages() -> st.SearchStrategy[str | None]:
    return st.none() | st.sampled_from(LANGUAGES)


def multilingual_texts(max_size: int = 400, *, collapsed: bool = True) -> st.SearchStrategy[cm.MultilingualText]:
    representation = st.builds(cm.Text, texts(max_size, collapsed=collapsed), _languages(), st.none() | st.booleans())
    return st.lists(representation, min_size=1, max_size=2).map(lambda items: cm.MultilingualText(tuple(items)))


def _remarks() -> st.SearchStrategy[cm.MultilingualText | None]:
    return st.none() | multilingual_texts(4000, collapsed=False)


def names(max_size: int = 200) -> st.SearchStrategy[cm.Name]:
    return st.builds(cm.Name, texts(max_size), _languages())


def _maybe(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    return st.none() | strategy


def partial_dates(max_year: int = 2025, min_year: int = 1800) -> st.SearchStrategy[cm.PartialDate]:
    """Partial dates; the default range includes 1800, the ECRIS "unknown year"."""
    return st.builds(
        lambda year, month, day: cm.PartialDate(year, month, day if month else None),
        st.integers(min_year, max_year),
        _maybe(st.integers(1, 12)),
        _maybe(st.integers(1, 28)),
    )


_dates = st.dates(_dt.date(1950, 1, 1), _dt.date(2030, 12, 31))


@st.composite
def timestamps(draw: Callable[[st.SearchStrategy[Any]], Any]) -> cm.Timestamp:
    """Timestamps with an offset (ECRIS practice), in several precisions and offsets."""
    moment = draw(st.datetimes(_dt.datetime(2012, 1, 1), _dt.datetime(2030, 12, 31)))
    offset = _dt.timezone(_dt.timedelta(minutes=draw(st.sampled_from([0, 60, 120, 180, -300]))))
    spec = draw(st.sampled_from(["seconds", "milliseconds", "microseconds"]))
    return cm.Timestamp.from_datetime(moment.replace(tzinfo=offset), timespec=spec)


def durations() -> st.SearchStrategy[cm.Duration]:
    return st.builds(cm.Duration.of, st.integers(0, 30), st.integers(0, 11), st.integers(0, 31))


def amounts() -> st.SearchStrategy[cm.Amount]:
    return st.builds(cm.Amount, st.integers(0, 999_999_999_999_999), _maybe(st.integers(1, 99)))


def _ref(cls: type[rf.Reference], values: list[str]) -> st.SearchStrategy[Any]:
    return st.sampled_from(values).map(cls)


_countries = _ref(rf.CountryRef, sorted(COUNTRY_OF_MEMBER_STATE.values()) + ["CO-00-999-XXX"])
_ynu = st.sampled_from(list(cm.YesNoUnknown))


def places() -> st.SearchStrategy[pe.Place]:
    return st.builds(
        pe.Place,
        country=_countries,
        subdivision=_maybe(_ref(rf.CountrySubdivisionRef, ["CS-00-PL-MZ", "CS-00-RO-BV", "CS-00-DE-BY"])),
        town=_maybe(_ref(rf.CityRef, ["CI-00-POL-T0001", "CI-00-BGR-T0006"])),
        town_name=multilingual_texts(200),
    )


def _person_names() -> st.SearchStrategy[pe.PersonName]:
    return st.builds(pe.PersonName, names(), names(), _maybe(names()), _maybe(names(600)))


def _documents() -> st.SearchStrategy[pe.IdentificationDocument]:
    return st.builds(
        pe.IdentificationDocument,
        category=_ref(rf.IdentificationDocumentCategoryRef, ["ID-00-001", "ID-00-003", "ID-00-004", "ID-00-999"]),
        type=multilingual_texts(50),
        number=_codes(50),
        issuing_authority=_maybe(multilingual_texts(400)),
        issuing_date=_maybe(partial_dates()),
        valid_until=_maybe(partial_dates(2040)),
    )


def _addresses() -> st.SearchStrategy[pe.Address]:
    return st.builds(
        pe.Address,
        place=places(),
        street=_maybe(multilingual_texts(400)),
        house_number=_maybe(multilingual_texts(50)),
        post_code=_maybe(multilingual_texts(50)),
        full=_maybe(multilingual_texts(4000, collapsed=False)),
    )


_parents = {
    f"{parent}_{part}": _maybe(names())
    for parent in ("father", "mother")
    for part in ("forename", "surname", "second_surname")
}


def _aliases(born_by: int) -> st.SearchStrategy[pe.Alias]:
    return st.builds(
        pe.Alias,
        name=_person_names(),
        sex=_maybe(st.sampled_from(list(cm.Sex))),
        birth_date=_maybe(partial_dates(born_by)),
        birth_place=_maybe(places()),
        nationalities=st.lists(_countries, max_size=1),
        identity_number=_maybe(_codes(50)),
        identification_documents=st.lists(_documents(), max_size=1),
        addresses=st.lists(_addresses(), max_size=1),
        remarks=_remarks(),
        **_parents,
    )


def persons(born_by: int = 2011) -> st.SearchStrategy[pe.Person]:
    """People born by the year ``born_by`` (a message may not name a birth date after its own
    timestamp)."""
    return st.builds(
        pe.Person,
        name=_person_names(),
        sex=st.sampled_from(list(cm.Sex)),
        birth_date=partial_dates(born_by),
        birth_place=places(),
        nationalities=st.lists(_countries, min_size=1, max_size=2),
        former_forenames=st.lists(names(), max_size=1),
        former_surnames=st.lists(names(), max_size=1),
        former_second_surnames=st.lists(names(), max_size=1),
        identity_number=_maybe(_codes(50)),
        identification_documents=st.lists(_documents(), max_size=1),
        addresses=st.lists(_addresses(), max_size=1),
        aliases=st.lists(_aliases(born_by), max_size=1),
        remarks=_remarks(),
        **_parents,
    )


def _authorities() -> st.SearchStrategy[cv.DecidingAuthority]:
    return st.builds(cv.DecidingAuthority, code=_maybe(_codes(50)), name=multilingual_texts(400))


@st.composite
def _period_fields(draw: Callable[[st.SearchStrategy[Any]], Any]) -> dict[str, Any]:
    start = draw(_maybe(_dates))
    end = draw(_maybe(_dates))
    if start and end and end < start:
        start, end = end, start
    return {"start": start, "duration": draw(_maybe(durations())), "end": end}


@st.composite
def _offence(draw: Callable[[st.SearchStrategy[Any]], Any], number: int, dated: bool = False) -> cv.Offence:
    known_dates = partial_dates(2030, min_year=1900)
    start = draw(known_dates if dated else _maybe(partial_dates()))
    end = draw(_maybe(known_dates if dated else partial_dates()))
    if start and end and end.sort_key < start.sort_key:
        start, end = end, start
    return cv.Offence(
        national_code=draw(_maybe(_codes(50))),
        national_title=draw(multilingual_texts(400)),
        remarks=draw(_remarks()),
        id=OffenceId(number),
        common_category=draw(_ref(rf.OffenceCategoryRef, OFFENCE_CATEGORIES)),
        legal_provisions=draw(texts(400)),
        start_date=start,
        end_date=end,
        place=draw(_maybe(places())),
        occurrences=draw(_maybe(st.integers(1, 999))),
        is_continuous=draw(_ynu),
        level_of_completion=draw(_maybe(_ref(rf.LevelOfCompletionRef, ["LC-00-C", "LC-00-A", "LC-00-0"]))),
        level_of_participation=draw(_maybe(_ref(rf.LevelOfParticipationRef, ["LP-00-M", "LP-00-H", "LP-00-0"]))),
        responsibility_exemption=draw(_ynu),
        recidivism=draw(_ynu),
    )


@st.composite
def _sanction(draw: Callable[[st.SearchStrategy[Any]], Any], number: int) -> cv.Sanction:
    return cv.Sanction(
        national_code=draw(_maybe(_codes(50))),
        national_title=draw(multilingual_texts(400)),
        remarks=draw(_remarks()),
        id=SanctionId(number),
        nature=draw(_ref(rf.SanctionNatureRef, ["N-00-0", "N-00-Z"])),
        common_category=draw(_ref(rf.SanctionCategoryRef, SANCTION_CATEGORIES)),
        alternative_type=draw(_maybe(_ref(rf.SanctionAlternativeTypeRef, ["SAT-00-Z"]))),
        multiplier=draw(st.integers(1, 999)),
        specific_to_minor=draw(_ynu),
        sentenced_period=draw(_maybe(_period_fields().flatmap(lambda f: _ynu.map(lambda exact: cv.SentencedPeriod(duration_exact=exact, **f))))),
        execution_period=draw(_maybe(_period_fields().map(lambda f: cv.Period(**f)))),
        number_of_fines=draw(_maybe(st.integers(1, 999))),
        fine_amount=draw(_maybe(amounts())),
        fine_currency=draw(_maybe(_ref(rf.CurrencyRef, ["CX-00-978-EUR", "CX-00-946-RON", "CX-00-985-PLN"]))),
        suspension=draw(
            _maybe(
                _period_fields().flatmap(
                    lambda f: st.builds(
                        cv.Suspension,
                        type=_ref(rf.SuspensionTypeRef, ["S-00-Z"]),
                        suspended_part=_maybe(durations()),
                        probation=_maybe(durations()),
                        partially_suspended_amount=_maybe(amounts()),
                        remarks=_remarks(),
                        **{k: st.just(v) for k, v in f.items()},
                    )
                )
            )
        ),
        interruptions=draw(
            st.lists(_period_fields().flatmap(lambda f: _remarks().map(lambda r: cv.Interruption(remarks=r, **f))), max_size=1)
        ),
    )


def _subset(draw: Callable[[st.SearchStrategy[Any]], Any], items: list[T]) -> tuple[T, ...]:
    chosen = draw(st.lists(st.sampled_from(items), min_size=1, max_size=len(items), unique=True))
    return tuple(chosen)


@st.composite
def _relationships(draw: Callable[[st.SearchStrategy[Any]], Any], decisions: list[DecisionId], offences: list[OffenceId], sanctions: list[SanctionId]) -> list[cv.Relationship]:
    kinds: list[Callable[[], cv.Relationship]] = []
    if offences:
        kinds.append(lambda: cv.DecisionToOffences(decision=draw(st.sampled_from(decisions)), offences=_subset(draw, offences)))
    if sanctions:
        kinds.append(lambda: cv.DecisionToSanctions(decision=draw(st.sampled_from(decisions)), sanctions=_subset(draw, sanctions)))
    if sanctions and offences:
        kinds.append(lambda: cv.SanctionToOffences(sanction=draw(st.sampled_from(sanctions)), offences=_subset(draw, offences)))
    if len(sanctions) > 1:
        kinds.append(
            lambda: cv.SanctionToSanctions(
                source=sanctions[0],
                destinations=_subset(draw, sanctions[1:]),
                relation_type=draw(_ref(rf.SanctionRelationTypeRef, ["SSR-00-02"])),
            )
        )
    if not kinds:
        return []
    return [draw(st.sampled_from(kinds))() for _ in range(draw(st.integers(0, 3)))]


@st.composite
def convictions(
    draw: Callable[[st.SearchStrategy[Any]], Any], country: str | None = None, number: int | None = None, notified: bool = False
) -> cv.Conviction:
    """One conviction with 1-2 decisions, 0-2 offences and sanctions, and valid links.

    ``notified``: as a notification must carry it (Art. 11): at least one offence, each with a
    known start date."""
    country = country or draw(st.sampled_from(MEMBER_STATES))
    decision_date = draw(_dates)
    final_date = decision_date + _dt.timedelta(days=draw(st.integers(0, 400)))
    decisions = [
        cv.Decision(
            id=DecisionId(i),
            change_types=tuple(draw(st.lists(_ref(rf.DecisionChangeTypeRef, ["DCH-00-N", "DCH-00-O", "DCH-00-R", "DCH-00-X"]), max_size=2 if i > 1 else 0))),
            date=draw(_maybe(st.just(decision_date))),
            final_date=draw(_maybe(st.just(final_date))),
            deciding_authority=draw(_maybe(_authorities())),
            delete_from_register=draw(_ynu),
            remarks=draw(_remarks()),
        )
        for i in range(1, draw(st.integers(1, 2)) + 1)
    ]
    offences = [draw(_offence(i, dated=notified)) for i in range(1, draw(st.integers(1 if notified else 0, 2)) + 1)]
    sanctions = [draw(_sanction(i)) for i in range(1, draw(st.integers(0, 2)) + 1)]
    return cv.Conviction(
        id=ConvictionId(country, number if number is not None else draw(st.integers(1, 10**15 - 1))),
        convicting_country=rf.CountryRef(COUNTRY_OF_MEMBER_STATE[country]),
        file_number=draw(_codes(50)),
        decision_date=decision_date,
        decision_final_date=final_date,
        deciding_authority=draw(_authorities()),
        non_criminal_ruling=draw(_ynu),
        retention_period_end_date=draw(_maybe(st.just(final_date + _dt.timedelta(days=3650)))),
        is_transmittable=draw(_ynu),
        remarks=draw(_remarks()),
        decisions=tuple(decisions),
        offences=tuple(offences),
        sanctions=tuple(sanctions),
        relationships=tuple(draw(_relationships([d.id for d in decisions], [o.id for o in offences], [s.id for s in sanctions]))),
    )


_numbers = st.integers(1, 10**15 - 1)


@st.composite
def metadata(draw: Callable[[st.SearchStrategy[Any]], Any], cls: type[ms.Message]) -> ms.Metadata:
    """Metadata for a message of class ``cls``; an answer's ResponseTo comes from the other side."""
    sender, receiver = draw(st.lists(st.sampled_from(MEMBER_STATES), min_size=2, max_size=2, unique=True))
    message_id = MessageId(sender, receiver, cls.TYPE, draw(_numbers))
    response_to = None
    if cls.RESPONSE_TO:
        kind = draw(st.sampled_from(sorted(ANSWERS[cls.TYPE], key=str)))
        if cls.TYPE is MessageType.CAN:
            # A cancellation withdraws something its own sender sent.
            response_to = MessageId(sender, receiver, kind, draw(_numbers))
        else:
            response_to = MessageId(receiver, sender, kind, draw(_numbers))
        if response_to == message_id:
            response_to = MessageId(response_to.sender, response_to.receiver, response_to.type, response_to.number % (10**15 - 1) + 1)
    return ms.Metadata(message_id=message_id, timestamp=draw(timestamps()), response_to=response_to)


def _contact() -> st.SearchStrategy[ms.ContactPerson | None]:
    phone = st.text(st.sampled_from("0123456789 +"), min_size=8, max_size=30).filter(lambda s: 8 <= len(collapse(s)))
    return _maybe(
        st.builds(
            ms.ContactPerson,
            forename=_maybe(names()),
            surname=_maybe(names()),
            second_surname=_maybe(names()),
            phone=_maybe(phone),
            fax=_maybe(phone),
            email=st.emails().filter(lambda e: len(e) <= 320 and "<" not in e and ">" not in e),
        )
    )


@st.composite
def _fingerprints(draw: Callable[[st.SearchStrategy[Any]], Any], country: str, push: bool) -> ms.Fingerprints:
    return ms.Fingerprints(
        id=AttachmentId(country, draw(st.integers(1, 10**9 - 1))),
        mime_type="application/nist",
        file_name=draw(st.sampled_from(["UNKNOWN", "prints.nist", "fp-2026-001.nist"])),
        title=draw(_maybe(multilingual_texts(400))),
        file_size=draw(_maybe(st.integers(1, 10**6))),
        comment=draw(_remarks()),
        md5=draw(_maybe(st.text("0123456789abcdef", min_size=32, max_size=32))),
        content=draw(st.binary(min_size=1, max_size=64)) if push else None,
    )


@st.composite
def _message(draw: Callable[[st.SearchStrategy[Any]], Any], cls: type[ms.Message]) -> ms.Message:
    meta = draw(metadata(cls))
    sender = meta.message_id.sender
    sent_on = meta.timestamp.to_datetime().date()
    people = persons(born_by=sent_on.year - 1)
    values: dict[str, Any] = {"metadata": meta}
    if cls is not ms.IsAliveMessage:
        values["contact_person"] = draw(_contact())
        values["remarks"] = draw(_remarks())
    has_fingerprints = "fingerprints" in attrs.fields_dict(cls)
    if has_fingerprints:
        values["fingerprints"] = draw(_maybe(_fingerprints(sender, cls.PUSH)))
    if issubclass(cls, ms.RequestMessage):
        values.update(
            person=draw(people),
            purpose_category=draw(_ref(rf.RequestPurposeRef, ["P-00-001001", "P-00-002001", "P-00-003001"])),
            purpose=draw(multilingual_texts(400)),
            accusation_categories=draw(st.lists(_ref(rf.OffenceCategoryRef, OFFENCE_CATEGORIES), max_size=2)),
            accusation=draw(_maybe(multilingual_texts(400))),
            requesting_authority=draw(
                st.builds(ms.RequestingAuthority, type=_ref(rf.RequestingAuthorityTypeRef, ["RAT-00-A", "RAT-00-C"]), code=_maybe(_codes(50)), name=multilingual_texts(400))
            ),
            case_reference_number=draw(_maybe(_codes(50))),
            consent=draw(_ynu),
            urgency=draw(_ynu),
        )
    elif cls is ms.RequestDeadlineMessage:
        values["deadline"] = sent_on + _dt.timedelta(days=draw(st.integers(0, 40)))
    elif issubclass(cls, ms.RequestResponseMessage):
        count = draw(st.integers(0, 2))
        found = [draw(convictions(number=i + 1)) for i in range(count)]
        values.update(
            person=draw(people),
            convictions=renumber_convictions(found),
            other_member_states=tuple(draw(st.lists(st.sampled_from(MEMBER_STATES), max_size=2))),
            response_type=draw(_ref(rf.RequestResponseTypeRef, ["RRT-00-00", "RRT-00-01", "RRT-00-02", "RRT-00-03", "RRT-00-05"])),
        )
    elif issubclass(cls, ms.NotificationMessage):
        conviction = renumber_convictions([draw(convictions(country=sender, notified=True))])[0]
        reference_kind = draw(st.sampled_from(["none", "ecris", "njr", "external"]))
        values.update(
            person=draw(people),
            conviction=conviction,
            updated_conviction_reference={
                "none": None,
                "ecris": cv.EcrisConvictionReference(conviction.id),
                "njr": cv.NjrConvictionReference(draw(_codes(20))),
                "external": draw(_external()),
            }[reference_kind],
            other_affected_conviction=draw(_maybe(_other_affected(conviction.id))),
        )
    elif issubclass(cls, ms.NotificationResponseMessage):
        values.update(
            person=draw(_maybe(people)),
            response_type=draw(_ref(rf.NotificationResponseTypeRef, ["NRT-00-00"])),
        )
    elif cls is ms.RequestAdditionalInfoMessage:
        values.update(
            information_requested=tuple(draw(st.lists(st.sampled_from(list(cm.AdditionalInformation)), min_size=1, max_size=4))),
            binary_id_requested=draw(_maybe(st.builds(AttachmentId, st.sampled_from(MEMBER_STATES), st.integers(1, 10**9 - 1)))),
        )
    elif issubclass(cls, ms.RequestAdditionalInfoResponseMessage):
        values.update(
            person=draw(_maybe(people)),
            request_purpose=draw(_maybe(multilingual_texts(400))),
            response_type=draw(_ref(rf.AdditionalInfoResponseTypeRef, ["ART-00-00", "ART-00-01"])),
        )
    elif cls is ms.FunctionalErrorMessage:
        codes = draw(st.lists(st.integers(1, 99999), min_size=1, max_size=3, unique=True))
        values["errors"] = tuple(
            ms.FunctionalError(code=rf.FunctionalErrorCode(f"FE-{code:05d}"), additional_information=draw(_remarks())) for code in codes
        )
    elif cls is ms.IsAliveMessage:
        values["is_alive"] = draw(st.booleans())
    return cls(**values)


def _external() -> st.SearchStrategy[cv.ExternalConviction]:
    return st.builds(cv.ExternalConviction, convicting_authority=_authorities(), file_number=_codes(50), decision_final_date=_dates)


def _other_affected(source: ConvictionId) -> st.SearchStrategy[cv.OtherAffectedConviction]:
    destination = st.one_of(
        st.builds(cv.EcrisConvictionReference, st.builds(ConvictionId, st.sampled_from(MEMBER_STATES), _numbers)),
        st.builds(cv.NjrConvictionReference, _codes(20)),
        _external(),
    )
    return st.builds(cv.OtherAffectedConviction, source=st.just(source), destinations=st.lists(destination, min_size=1, max_size=3))


def messages(cls: type[ms.Message] | None = None) -> st.SearchStrategy[ms.Message]:
    """Any of the 15 root messages, or only ``cls`` when given."""
    if cls is not None:
        if cls not in ms.MESSAGE_CLASSES:
            raise ValueError(f"{cls!r} is not an ECRIS root message class")
        return _message(cls)
    return st.sampled_from(ms.MESSAGE_CLASSES).flatmap(_message)
