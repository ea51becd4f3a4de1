"""A conviction: its decisions, offences, sanctions and the relationships between them.

Decision, offence and sanction IDs are xsd:IDs, unique across the whole message (not just the
conviction); :func:`ecrislib.model.numbering.renumber` makes them so. Relationships name those
IDs; each relationship kind is its own class and travels with its ``xsi:type``.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Union

import attrs

from ..errors import ModelError
from ..ids import ConvictionId, DecisionId, OffenceId, SanctionId
from ._fields import many, ml, of, one, opt, remarks, text
from ._checks import int_range
from .common import Amount, Duration, MultilingualText, PartialDate, YesNoUnknown, ZonedDate
from .person import Place
from .references import (
    CountryRef,
    CurrencyRef,
    DecisionChangeTypeRef,
    LevelOfCompletionRef,
    LevelOfParticipationRef,
    OffenceCategoryRef,
    SanctionAlternativeTypeRef,
    SanctionCategoryRef,
    SanctionNatureRef,
    SanctionRelationTypeRef,
    SuspensionTypeRef,
)

__all__ = [
    "DecidingAuthority",
    "Decision",
    "Offence",
    "Period",
    "SentencedPeriod",
    "Suspension",
    "Interruption",
    "Sanction",
    "DecisionToOffences",
    "DecisionToSanctions",
    "SanctionToOffences",
    "SanctionToSanctions",
    "Relationship",
    "Conviction",
    "EcrisConvictionReference",
    "NjrConvictionReference",
    "ExternalConviction",
    "ConvictionReference",
    "OtherAffectedConviction",
]

_ynu = of(YesNoUnknown)


def _date(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    # A datetime is a date too, but ECRIS full dates carry no time.
    if type(value) is not _dt.date and type(value) is not ZonedDate:
        raise ModelError(attribute.name, "must be a datetime.date (without time)")


def _case_repr(self: object) -> str:
    """The class and, when it has one, the entity's ID: courts, file numbers, offences,
    sentences and dates are case data, and a repr lands in logs and tracebacks."""
    entity_id = getattr(self, "id", None)
    shown = "" if entity_id is None else f"id='{entity_id}', "
    return f"{type(self).__name__}({shown}<case data hidden>)"


def _ynu_field() -> YesNoUnknown:
    return one(_ynu, converter=YesNoUnknown)  # type: ignore[no-any-return]


@attrs.frozen(kw_only=True, repr=False)
class DecidingAuthority:
    """The court or authority that decided, by name and optionally by code."""

    code: str | None = opt(text(50))
    name: MultilingualText = one(ml(400))

    __repr__ = _case_repr


@attrs.frozen(kw_only=True, repr=False)
class Decision:
    """The original judgment (first decision) or a later change to it (pardon, appeal...)."""

    id: DecisionId = one(of(DecisionId))
    change_types: tuple[DecisionChangeTypeRef, ...] = many(of(DecisionChangeTypeRef))
    date: _dt.date | None = opt(_date)
    final_date: _dt.date | None = opt(_date)
    deciding_authority: DecidingAuthority | None = opt(of(DecidingAuthority))
    delete_from_register: YesNoUnknown = _ynu_field()
    remarks: MultilingualText | None = remarks()

    __repr__ = _case_repr


@attrs.frozen(kw_only=True, repr=False)
class Offence:
    """One offence: the national title as written, and its Annex A common category."""

    national_code: str | None = opt(text(50))
    national_title: MultilingualText = one(ml(400))
    remarks: MultilingualText | None = remarks()
    id: OffenceId = one(of(OffenceId))
    common_category: OffenceCategoryRef = one(of(OffenceCategoryRef))
    legal_provisions: str = one(text(400))
    start_date: PartialDate | None = opt(of(PartialDate))
    end_date: PartialDate | None = opt(of(PartialDate))
    place: Place | None = opt(of(Place))
    occurrences: int | None = opt(int_range(1, 999))
    is_continuous: YesNoUnknown = _ynu_field()
    level_of_completion: LevelOfCompletionRef | None = opt(of(LevelOfCompletionRef))
    level_of_participation: LevelOfParticipationRef | None = opt(of(LevelOfParticipationRef))
    responsibility_exemption: YesNoUnknown = _ynu_field()
    recidivism: YesNoUnknown = _ynu_field()

    __repr__ = _case_repr


@attrs.frozen(kw_only=True)
class Period:
    """Start, duration and end of a period; each may be absent."""

    start: _dt.date | None = opt(_date)
    duration: Duration | None = opt(of(Duration))
    end: _dt.date | None = opt(_date)


@attrs.frozen(kw_only=True)
class SentencedPeriod(Period):
    """The period pronounced, and whether its duration is exact."""

    duration_exact: YesNoUnknown = _ynu_field()


@attrs.frozen(kw_only=True)
class Suspension(Period):
    type: SuspensionTypeRef = one(of(SuspensionTypeRef))
    suspended_part: Duration | None = opt(of(Duration))
    probation: Duration | None = opt(of(Duration))
    partially_suspended_amount: Amount | None = opt(of(Amount))
    remarks: MultilingualText | None = remarks()


@attrs.frozen(kw_only=True)
class Interruption(Period):
    remarks: MultilingualText | None = remarks()


@attrs.frozen(kw_only=True, repr=False)
class Sanction:
    """One penalty or measure: national title, Annex B category, nature, periods, fines."""

    national_code: str | None = opt(text(50))
    national_title: MultilingualText = one(ml(400))
    remarks: MultilingualText | None = remarks()
    id: SanctionId = one(of(SanctionId))
    nature: SanctionNatureRef = one(of(SanctionNatureRef))
    common_category: SanctionCategoryRef = one(of(SanctionCategoryRef))
    alternative_type: SanctionAlternativeTypeRef | None = opt(of(SanctionAlternativeTypeRef))
    multiplier: int = one(int_range(1, 999), default=1)
    specific_to_minor: YesNoUnknown = _ynu_field()
    sentenced_period: SentencedPeriod | None = opt(of(SentencedPeriod))
    execution_period: Period | None = opt(of(Period))
    number_of_fines: int | None = opt(int_range(1, 999))
    fine_amount: Amount | None = opt(of(Amount))
    fine_currency: CurrencyRef | None = opt(of(CurrencyRef))
    suspension: Suspension | None = opt(of(Suspension))
    interruptions: tuple[Interruption, ...] = many(of(Interruption))

    __repr__ = _case_repr


@attrs.frozen(kw_only=True)
class DecisionToOffences:
    """The decision that convicted for these offences."""

    decision: DecisionId = one(of(DecisionId))
    offences: tuple[OffenceId, ...] = many(of(OffenceId), minimum=1)


@attrs.frozen(kw_only=True)
class DecisionToSanctions:
    """The decision that pronounced these sanctions."""

    decision: DecisionId = one(of(DecisionId))
    sanctions: tuple[SanctionId, ...] = many(of(SanctionId), minimum=1)


@attrs.frozen(kw_only=True)
class SanctionToOffences:
    """The sanction imposed for these offences."""

    sanction: SanctionId = one(of(SanctionId))
    offences: tuple[OffenceId, ...] = many(of(OffenceId), minimum=1)


@attrs.frozen(kw_only=True)
class SanctionToSanctions:
    """How a sanction relates to others (e.g. an overall sentence), typed by an SSR code."""

    source: SanctionId = one(of(SanctionId))
    destinations: tuple[SanctionId, ...] = many(of(SanctionId), minimum=1)
    relation_type: SanctionRelationTypeRef = one(of(SanctionRelationTypeRef))


@attrs.frozen
class EcrisConvictionReference:
    """A conviction by its ECRIS conviction ID."""

    id: ConvictionId = one(of(ConvictionId))


@attrs.frozen
class NjrConvictionReference:
    """A conviction by its reference in the NJR pilot network (the older exchange)."""

    reference: str = one(text(20))


@attrs.frozen(kw_only=True, repr=False)
class ExternalConviction:
    """A conviction sent by other means than ECRIS, identified by court, file and date."""

    convicting_authority: DecidingAuthority = one(of(DecidingAuthority))
    file_number: str = one(text(50))
    decision_final_date: _dt.date = one(_date)

    __repr__ = _case_repr


ConvictionReference = Union[EcrisConvictionReference, NjrConvictionReference, ExternalConviction]
CONVICTION_REFERENCE_TYPES = (EcrisConvictionReference, NjrConvictionReference, ExternalConviction)


@attrs.frozen(kw_only=True)
class OtherAffectedConviction:
    """This message's conviction (``source``) affects earlier ones, e.g. by an overall sentence.

    The destinations lie outside the message, so an ECRIS reference there is a plain ID, not
    a link checked inside the document."""

    source: ConvictionId = one(of(ConvictionId))
    destinations: tuple[ConvictionReference, ...] = many(of(CONVICTION_REFERENCE_TYPES), minimum=1)


#: A ``dm:ConvictionRelationship`` names its kind with ``xsi:type``: one of the four ``dm`` types,
#: or ``msg:ConvictionToConvictionsRelationshipType`` (it extends the same abstract type).
Relationship = Union[DecisionToOffences, DecisionToSanctions, SanctionToOffences, SanctionToSanctions, OtherAffectedConviction]
RELATIONSHIP_TYPES = (DecisionToOffences, DecisionToSanctions, SanctionToOffences, SanctionToSanctions, OtherAffectedConviction)


@attrs.frozen(kw_only=True, repr=False)
class Conviction:
    """A conviction as the convicting member state records it (``dm:ConvictionType``).

    Dates 1800-01-01 and the file number "UNKNOWN" are the ECRIS sentinels for unknown values.
    """

    id: ConvictionId = one(of(ConvictionId))
    convicting_country: CountryRef = one(of(CountryRef))
    file_number: str = one(text(50))
    decision_date: _dt.date = one(_date)
    decision_final_date: _dt.date = one(_date)
    deciding_authority: DecidingAuthority = one(of(DecidingAuthority))
    non_criminal_ruling: YesNoUnknown = _ynu_field()
    retention_period_end_date: _dt.date | None = opt(_date)
    is_transmittable: YesNoUnknown = _ynu_field()
    remarks: MultilingualText | None = remarks()
    decisions: tuple[Decision, ...] = many(of(Decision), minimum=1)
    offences: tuple[Offence, ...] = many(of(Offence))
    sanctions: tuple[Sanction, ...] = many(of(Sanction))
    relationships: tuple[Relationship, ...] = many(of(RELATIONSHIP_TYPES))

    __repr__ = _case_repr


