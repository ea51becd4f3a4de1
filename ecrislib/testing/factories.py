"""Readable factories for tests of systems that embed ecrislib.

Every function returns a valid model object with sensible, obviously fictional defaults; pass
keyword arguments to change what your test is about. The messages are built by the production
builders of :mod:`ecrislib.compose` (which check the parties and the correlation rules), so a
factory only adds readable defaults. IDs and timestamps are deterministic by
default (numbered from 1, stamped 2026-01-05 10:00 UTC); pass ``ids=`` and ``clock=`` to share
a sequence across several messages or to follow a virtual clock.

>>> from ecrislib.testing import factories
>>> request = factories.request(sender="GB", receiver="RO")
>>> str(request.message_id)
'GB-RO-REQ-000000000000001'
>>> response = factories.request_response(request, convictions=[factories.conviction(country="RO")])
>>> str(response.metadata.response_to), response.sender, len(response.convictions)
('GB-RO-REQ-000000000000001', 'RO', 1)
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Iterable, Sequence

from .. import compose
from ..clock import Clock, FixedClock
from ..codes.member_states import MEMBER_STATES
from ..ids import AttachmentId, ConvictionId, DecisionId, IdSource, OffenceId, SanctionId, SequentialIds
from ..model import common as cm
from ..model import conviction as cv
from ..model import messages as ms
from ..model import person as pe
from ..model import references as rf

__all__ = [
    "COUNTRY_OF_MEMBER_STATE",
    "text",
    "person",
    "place",
    "decision",
    "offence",
    "sanction",
    "conviction",
    "request",
    "request_deadline",
    "request_response",
    "notification",
    "notification_update",
    "notification_response",
    "additional_info_request",
    "additional_info_response",
    "functional_error",
    "cancellation",
    "is_alive",
    "fingerprints",
]

#: Country reference of each ECRIS member state code (GR is Greece, GB the United Kingdom):
#: the one table of :mod:`ecrislib.codes.member_states`.
COUNTRY_OF_MEMBER_STATE = MEMBER_STATES

_EPOCH = _dt.datetime(2026, 1, 5, 10, 0, tzinfo=_dt.timezone.utc)


def _sources(ids: IdSource | None, clock: Clock | None) -> tuple[IdSource, Clock]:
    return ids or SequentialIds(), clock or FixedClock(_EPOCH, _dt.timedelta(minutes=1))


def text(value: str, language: str | None = "en", translated: bool | None = None) -> cm.MultilingualText:
    """Free text in one language."""
    return cm.MultilingualText.of(value, language, translated=translated)


def place(country: str = "CO-00-642-ROU", town: str = "Brașov", language: str | None = "ro", **overrides: Any) -> pe.Place:
    return pe.Place(country=rf.CountryRef(country), town_name=text(town, language), **overrides)


def person(
    *,
    forename: str = "Ion",
    surname: str = "Testescu",
    sex: cm.Sex = cm.Sex.MALE,
    birth_date: cm.PartialDate = cm.PartialDate(1970, 5, 14),
    birth_place: pe.Place | None = None,
    nationalities: Sequence[str] = ("CO-00-642-ROU",),
    language: str | None = "ro",
    **overrides: Any,
) -> pe.Person:
    """A fictional person; by default a Romanian national born in Brașov."""
    return pe.Person(
        name=pe.PersonName(cm.Name(forename, language), cm.Name(surname, language)),
        sex=sex,
        birth_date=birth_date,
        birth_place=birth_place or place(),
        nationalities=tuple(rf.CountryRef(n) for n in nationalities),
        **overrides,
    )


_default_person = person  # parameters named ``person`` below shadow the function


def decision(number: int = 1, **overrides: Any) -> cv.Decision:
    values: dict[str, Any] = {"delete_from_register": cm.YesNoUnknown.NO}
    values.update(overrides)
    return cv.Decision(id=DecisionId(number), **values)


def offence(
    number: int = 1,
    *,
    category: str = "O-00-080100",
    title: str = "Omor",
    language: str | None = "ro",
    legal_provisions: str = "Art. 174 Cod penal",
    **overrides: Any,
) -> cv.Offence:
    """An offence; by default an intentional killing (Annex A 0801 00) under Romanian law."""
    values: dict[str, Any] = {
        "is_continuous": cm.YesNoUnknown.NO,
        "responsibility_exemption": cm.YesNoUnknown.NO,
        "recidivism": cm.YesNoUnknown.NO,
    }
    values.update(overrides)
    return cv.Offence(
        national_title=text(title, language),
        id=OffenceId(number),
        common_category=rf.OffenceCategoryRef(category),
        legal_provisions=legal_provisions,
        **values,
    )


def sanction(
    number: int = 1,
    *,
    category: str = "S-00-001001",
    title: str = "Închisoare",
    language: str | None = "ro",
    years: int | None = 16,
    nature: str = "N-00-0",
    **overrides: Any,
) -> cv.Sanction:
    """A sanction; by default imprisonment (Annex B 1001) of ``years`` years."""
    values: dict[str, Any] = {"specific_to_minor": cm.YesNoUnknown.NO}
    if years is not None:
        values["sentenced_period"] = cv.SentencedPeriod(duration=cm.Duration.of(years=years), duration_exact=cm.YesNoUnknown.YES)
    values.update(overrides)
    return cv.Sanction(
        national_title=text(title, language),
        id=SanctionId(number),
        nature=rf.SanctionNatureRef(nature),
        common_category=rf.SanctionCategoryRef(category),
        **values,
    )


def conviction(
    *,
    country: str = "RO",
    number: int = 1,
    decision_date: _dt.date = _dt.date(1995, 3, 14),
    final_date: _dt.date | None = None,
    court: str = "Tribunalul Brașov",
    language: str | None = "ro",
    decisions: Iterable[cv.Decision] | None = None,
    offences: Iterable[cv.Offence] | None = None,
    sanctions: Iterable[cv.Sanction] | None = None,
    relationships: Iterable[cv.Relationship] | None = None,
    **overrides: Any,
) -> cv.Conviction:
    """A conviction by ``country``'s court with one decision, offence and sanction, linked."""
    decisions = tuple(decisions) if decisions is not None else (decision(1, date=decision_date),)
    offences = tuple(offences) if offences is not None else (offence(1),)
    sanctions = tuple(sanctions) if sanctions is not None else (sanction(1),)
    if relationships is None:
        relationships = _default_links(decisions, offences, sanctions)
    values: dict[str, Any] = {
        "file_number": f"{number}/{decision_date.year}",
        "non_criminal_ruling": cm.YesNoUnknown.NO,
        "is_transmittable": cm.YesNoUnknown.YES,
    }
    values.update(overrides)
    return cv.Conviction(
        id=ConvictionId(country, number),
        convicting_country=rf.CountryRef(COUNTRY_OF_MEMBER_STATE[country]),
        decision_date=decision_date,
        decision_final_date=final_date or decision_date + _dt.timedelta(days=30),
        deciding_authority=cv.DecidingAuthority(name=text(court, language)),
        decisions=decisions,
        offences=offences,
        sanctions=sanctions,
        relationships=tuple(relationships),
        **values,
    )


_default_conviction = conviction


def _default_links(decisions: Sequence[cv.Decision], offences: Sequence[cv.Offence], sanctions: Sequence[cv.Sanction]) -> list[cv.Relationship]:
    links: list[cv.Relationship] = []
    if decisions and offences:
        links.append(cv.DecisionToOffences(decision=decisions[0].id, offences=tuple(o.id for o in offences)))
    if decisions and sanctions:
        links.append(cv.DecisionToSanctions(decision=decisions[0].id, sanctions=tuple(s.id for s in sanctions)))
    if sanctions and offences:
        links.append(cv.SanctionToOffences(sanction=sanctions[0].id, offences=tuple(o.id for o in offences)))
    return links


def request(
    *,
    sender: str = "GB",
    receiver: str = "RO",
    person: pe.Person | None = None,
    purpose_category: str = "P-00-001001",
    purpose: str = "Criminal proceedings: driving without insurance",
    authority: str = "Derbyshire Constabulary",
    authority_type: str = "RAT-00-C",
    urgency: cm.YesNoUnknown = cm.YesNoUnknown.NO,
    consent: cm.YesNoUnknown = cm.YesNoUnknown.UNKNOWN,
    ids: IdSource | None = None,
    clock: Clock | None = None,
    push: bool = False,
    **overrides: Any,
) -> ms.RequestMessage:
    """A request (REQ) from ``sender`` to ``receiver`` about ``person``; ``push`` makes it the
    push variant, which carries fingerprint content."""
    id_source, time_source = _sources(ids, clock)
    return compose.request(
        sender=sender,
        receiver=receiver,
        person=person or _default_person(),
        purpose_category=purpose_category,
        purpose=text(purpose),
        requesting_authority=ms.RequestingAuthority(type=rf.RequestingAuthorityTypeRef(authority_type), name=text(authority)),
        consent=consent,
        urgency=urgency,
        ids=id_source,
        clock=time_source,
        push=push,
        **overrides,
    )


_default_request = request


def request_deadline(request: ms.RequestMessage, deadline: _dt.date, *, ids: IdSource | None = None, clock: Clock | None = None, **overrides: Any) -> ms.RequestDeadlineMessage:
    """The requested state's RDL: the date its answer to ``request`` is due."""
    id_source, time_source = _sources(ids, clock)
    return compose.deadline(request, deadline, ids=id_source, clock=time_source, **overrides)


def request_response(
    request: ms.RequestMessage | None = None,
    *,
    convictions: Iterable[cv.Conviction] = (),
    response_type: str = "RRT-00-00",
    ids: IdSource | None = None,
    clock: Clock | None = None,
    **overrides: Any,
) -> ms.RequestResponseMessage:
    """The answer (RRS) to ``request``: sender and receiver reversed, the requested person, and
    ``convictions`` renumbered so their IDs are unique across the message."""
    request = request or _default_request()
    id_source, time_source = _sources(ids, clock)
    return compose.response(
        request,
        person=overrides.pop("person", request.person),
        convictions=convictions,
        response_type=response_type,
        ids=id_source,
        clock=time_source,
        **overrides,
    )


def notification(
    *,
    sender: str = "GR",
    receiver: str = "RO",
    person: pe.Person | None = None,
    conviction: cv.Conviction | None = None,
    ids: IdSource | None = None,
    clock: Clock | None = None,
    **overrides: Any,
) -> ms.NotificationMessage:
    """A notification (NOT) of one conviction by ``sender`` to the state of nationality."""
    id_source, time_source = _sources(ids, clock)
    return compose.notification(
        sender=sender,
        receiver=receiver,
        person=person or _default_person(),
        conviction=conviction or _default_conviction(country=sender, court="Court of Thessaloniki", language="el"),
        ids=id_source,
        clock=time_source,
        **overrides,
    )


def notification_update(
    original: ms.NotificationMessage,
    *,
    change_type: str = "DCH-00-O",
    date: _dt.date | None = None,
    delete_from_register: cm.YesNoUnknown = cm.YesNoUnknown.NO,
    remarks: str | None = None,
    ids: IdSource | None = None,
    clock: Clock | None = None,
) -> ms.NotificationMessage:
    """A later change to the conviction of ``original`` (pardon by default): a new NOT with the
    same conviction ID, one more decision, and the updated-conviction reference."""
    change = decision(
        1,
        change_types=(rf.DecisionChangeTypeRef(change_type),),
        date=date,
        delete_from_register=delete_from_register,
        remarks=text(remarks) if remarks else None,
    )
    # Without an ID source, number the update after the original so the two never collide.
    id_source, time_source = _sources(ids or SequentialIds(start=original.message_id.number + 1), clock)
    return compose.notification_update(original, change, ids=id_source, clock=time_source, remarks=original.remarks)


def notification_response(notification: ms.NotificationMessage, *, response_type: str = "NRT-00-00", ids: IdSource | None = None, clock: Clock | None = None, **overrides: Any) -> ms.NotificationResponseMessage:
    """The receipt (NRS) of ``notification``."""
    id_source, time_source = _sources(ids, clock)
    return compose.notification_response(notification, response_type=response_type, ids=id_source, clock=time_source, **overrides)


def additional_info_request(
    answering: ms.RequestMessage | ms.NotificationMessage,
    *,
    requested: Iterable[cm.AdditionalInformation | str] = (cm.AdditionalInformation.BIRTH_PLACE, cm.AdditionalInformation.IDENTITY_NUMBER),
    ids: IdSource | None = None,
    clock: Clock | None = None,
    **overrides: Any,
) -> ms.RequestAdditionalInfoMessage:
    """A RAI from the state searching for the person, about the REQ or NOT ``answering``."""
    id_source, time_source = _sources(ids, clock)
    return compose.additional_info_request(answering, requested=requested, ids=id_source, clock=time_source, **overrides)


def additional_info_response(
    rai: ms.RequestAdditionalInfoMessage,
    *,
    person: pe.Person | None = None,
    response_type: str = "ART-00-00",
    ids: IdSource | None = None,
    clock: Clock | None = None,
    push: bool = False,
    **overrides: Any,
) -> ms.RequestAdditionalInfoResponseMessage:
    """The RAR answering ``rai``, with the person's fuller identity; ``push`` makes it the push
    variant, which delivers a fingerprint file asked for by ID."""
    id_source, time_source = _sources(ids, clock)
    return compose.additional_info_response(rai, person=person, response_type=response_type, ids=id_source, clock=time_source, push=push, **overrides)


def functional_error(answering: ms.Message, *codes: str, ids: IdSource | None = None, clock: Clock | None = None, **overrides: Any) -> ms.FunctionalErrorMessage:
    """A FEM answering ``answering`` with the given FE codes (``FE-00001`` by default)."""
    id_source, time_source = _sources(ids, clock)
    return compose.functional_error(answering, codes or ("FE-00001",), ids=id_source, clock=time_source, **overrides)


def cancellation(cancelled: ms.Message, *, ids: IdSource | None = None, clock: Clock | None = None, **overrides: Any) -> ms.CancellationMessage:
    """The sender of ``cancelled`` (a REQ, RRS, NOT or NRS) withdraws it."""
    id_source, time_source = _sources(ids, clock)
    return compose.cancellation(cancelled, ids=id_source, clock=time_source, **overrides)


def is_alive(*, sender: str = "GB", receiver: str = "RO", alive: bool = True, ids: IdSource | None = None, clock: Clock | None = None) -> ms.IsAliveMessage:
    id_source, time_source = _sources(ids, clock)
    return compose.is_alive(sender=sender, receiver=receiver, alive=alive, ids=id_source, clock=time_source)


def fingerprints(country: str = "RO", number: int = 1, content: bytes | None = None, **overrides: Any) -> ms.Fingerprints:
    """Fingerprint metadata (and ``content`` for push messages)."""
    return ms.Fingerprints(id=AttachmentId(country, number), content=content, **overrides)
