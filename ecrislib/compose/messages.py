"""Production builders: one function per ECRIS message kind, and the answers to a message.

Every builder takes the real content of the message, an ID source (``ids``) and a clock
(``clock``); nothing is filled in with an invented value. The correlation rules are applied
here, once: an answer goes back from the receiver of the message it answers to its sender,
names it in ``ResponseTo``, and may only answer the message types the business rules allow
(:data:`ecrislib.ids.ANSWERS`); decision, offence and sanction IDs of a response are numbered
across the whole message. A rule broken by the caller is a :class:`~ecrislib.errors.ModelError`
naming the field.

>>> import datetime as dt
>>> from ecrislib import compose
>>> from ecrislib.clock import FixedClock
>>> from ecrislib.ids import SequentialIds
>>> from ecrislib.model import MultilingualText, RequestingAuthority, RequestingAuthorityTypeRef, YesNoUnknown
>>> ids, clock = SequentialIds(), FixedClock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc))
>>> compose.is_alive(sender="FR", receiver="FR", alive=True, ids=ids, clock=clock)
Traceback (most recent call last):
...
ecrislib.errors.ModelError: receiver: a member state does not send messages to itself
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Iterable, TypeVar

import attrs

from ..clock import Clock
from ..codes.member_states import is_member_state
from ..errors import ModelError
from ..ids import ANSWERS, AttachmentId, DecisionId, IdSource, MessageType
from ..model import common as cm
from ..model import conviction as cv
from ..model import messages as ms
from ..model import person as pe
from ..model import references as rf
from ..model.numbering import renumber_convictions

__all__ = [
    "request",
    "request_push",
    "deadline",
    "response",
    "response_push",
    "notification",
    "notification_push",
    "notification_update",
    "notification_response",
    "notification_response_push",
    "additional_info_request",
    "additional_info_response",
    "additional_info_response_push",
    "functional_error",
    "cancellation",
    "is_alive",
]

_R = TypeVar("_R", bound=rf.Reference)


def _ref(cls: type[_R], value: _R | str) -> _R:
    return cls(value) if isinstance(value, str) else value


def _parties(sender: str, receiver: str) -> None:
    for field, code in (("sender", sender), ("receiver", receiver)):
        if not is_member_state(code):
            raise ModelError(field, "not an ECRIS member-state code")
    if sender == receiver:
        raise ModelError("receiver", "a member state does not send messages to itself")


def _new(sender: str, receiver: str, kind: MessageType, ids: IdSource, clock: Clock) -> ms.Metadata:
    _parties(sender, receiver)
    return ms.Metadata.new(sender, receiver, kind, ids=ids, clock=clock)


def _answer(answering: ms.Message, kind: MessageType, ids: IdSource, clock: Clock) -> ms.Metadata:
    """Metadata of a ``kind`` answering ``answering``: parties reversed, ResponseTo set."""
    answered = answering.message_id.type
    if answered not in ANSWERS[kind]:
        raise ModelError("response_to", f"a {kind.value} cannot answer a {answered.value}")
    sender, receiver = answering.receiver, answering.sender
    _parties(sender, receiver)
    return ms.Metadata.new(sender, receiver, kind, ids=ids, clock=clock, response_to=answering.message_id)


def _push_only(fingerprints: ms.Fingerprints | None, push: bool, what: str) -> dict[str, Any]:
    """The fingerprints argument of a message whose plain variant has no fingerprints field."""
    if fingerprints is not None and not push:
        raise ModelError("fingerprints", f"only the push variant of a {what} carries fingerprints")
    return {"fingerprints": fingerprints} if push else {}


_P = TypeVar("_P", bound=ms.Message)


def _pushed(message: ms.Message, cls: type[_P]) -> _P:
    """``message``, built with ``push=True``, as the push class it is (checked, not assumed)."""
    if not isinstance(message, cls):
        raise TypeError(f"expected a {cls.__name__}, got a {type(message).__name__}")
    return message


# -- requests ------------------------------------------------------------------------------
def request(
    *,
    sender: str,
    receiver: str,
    person: pe.Person,
    purpose_category: rf.RequestPurposeRef | str,
    purpose: cm.MultilingualText,
    requesting_authority: ms.RequestingAuthority,
    consent: cm.YesNoUnknown,
    urgency: cm.YesNoUnknown,
    ids: IdSource,
    clock: Clock,
    accusation_categories: Iterable[rf.OffenceCategoryRef | str] = (),
    accusation: cm.MultilingualText | None = None,
    case_reference_number: str | None = None,
    contact_person: ms.ContactPerson | None = None,
    remarks: cm.MultilingualText | None = None,
    fingerprints: ms.Fingerprints | None = None,
    push: bool = False,
) -> ms.RequestMessage:
    """A request (REQ) for the criminal record of ``person``; ``push`` (or :func:`request_push`)
    makes it the variant for a PUSH endpoint, whose fingerprints carry the file itself."""
    cls = ms.RequestPushMessage if push else ms.RequestMessage
    return cls(
        metadata=_new(sender, receiver, MessageType.REQ, ids, clock),
        contact_person=contact_person,
        person=person,
        remarks=remarks,
        purpose_category=_ref(rf.RequestPurposeRef, purpose_category),
        purpose=purpose,
        accusation_categories=tuple(_ref(rf.OffenceCategoryRef, c) for c in accusation_categories),
        accusation=accusation,
        requesting_authority=requesting_authority,
        case_reference_number=case_reference_number,
        consent=consent,
        urgency=urgency,
        fingerprints=fingerprints,
    )


def request_push(**fields: Any) -> ms.RequestPushMessage:
    """:func:`request` to a PUSH endpoint (same arguments)."""
    return _pushed(request(push=True, **fields), ms.RequestPushMessage)


def deadline(request: ms.RequestMessage, due: _dt.date, *, ids: IdSource, clock: Clock, contact_person: ms.ContactPerson | None = None, remarks: cm.MultilingualText | None = None) -> ms.RequestDeadlineMessage:
    """The requested state's RDL: the date by which its answer to ``request`` is legally due."""
    return ms.RequestDeadlineMessage(
        metadata=_answer(request, MessageType.RDL, ids, clock), contact_person=contact_person, remarks=remarks, deadline=due
    )


def _member_states(codes: Iterable[str], responder: str) -> tuple[str, ...]:
    result: list[str] = []
    for code in codes:
        if not is_member_state(code):
            raise ModelError("other_member_states", "not an ECRIS member-state code")
        if code == responder:
            raise ModelError("other_member_states", "names the responding state itself")
        if code not in result:
            result.append(code)
    return tuple(result)


def response(
    request: ms.RequestMessage,
    *,
    person: pe.Person,
    convictions: Iterable[cv.Conviction],
    response_type: rf.RequestResponseTypeRef | str,
    ids: IdSource,
    clock: Clock,
    other_member_states: Iterable[str] = (),
    contact_person: ms.ContactPerson | None = None,
    remarks: cm.MultilingualText | None = None,
    fingerprints: ms.Fingerprints | None = None,
    push: bool = False,
) -> ms.RequestResponseMessage:
    """The answer (RRS) to ``request``: ``person`` as the register knows them, the
    ``convictions`` renumbered so their decision, offence and sanction IDs are unique across the
    message, and the states to ask directly (``other_member_states``). To build the answer the
    law requires from a register, use :func:`ecrislib.compose.reply`."""
    metadata = _answer(request, MessageType.RRS, ids, clock)
    values = _push_only(fingerprints, push, "response")
    cls = ms.RequestResponsePushMessage if push else ms.RequestResponseMessage
    return cls(
        metadata=metadata,
        contact_person=contact_person,
        person=person,
        remarks=remarks,
        convictions=renumber_convictions(convictions),
        other_member_states=_member_states(other_member_states, metadata.message_id.sender),
        response_type=_ref(rf.RequestResponseTypeRef, response_type),
        **values,
    )


def response_push(request: ms.RequestMessage, **fields: Any) -> ms.RequestResponsePushMessage:
    """:func:`response` to a PUSH endpoint (same arguments)."""
    return _pushed(response(request, push=True, **fields), ms.RequestResponsePushMessage)


# -- notifications -------------------------------------------------------------------------
def notification(
    *,
    sender: str,
    receiver: str,
    person: pe.Person,
    conviction: cv.Conviction,
    ids: IdSource,
    clock: Clock,
    updated_conviction_reference: cv.ConvictionReference | None = None,
    other_affected_conviction: cv.OtherAffectedConviction | None = None,
    contact_person: ms.ContactPerson | None = None,
    remarks: cm.MultilingualText | None = None,
    fingerprints: ms.Fingerprints | None = None,
    push: bool = False,
) -> ms.NotificationMessage:
    """A notification (NOT) of one conviction by the convicting state ``sender`` to a state of
    the person's nationality; ``push`` (or :func:`notification_push`) for a PUSH endpoint."""
    if conviction.id.country != sender:
        raise ModelError("conviction.id", "a state notifies its own convictions: the conviction ID must start with the sender")
    cls = ms.NotificationPushMessage if push else ms.NotificationMessage
    return cls(
        metadata=_new(sender, receiver, MessageType.NOT, ids, clock),
        contact_person=contact_person,
        person=person,
        remarks=remarks,
        conviction=conviction,
        updated_conviction_reference=updated_conviction_reference,
        other_affected_conviction=other_affected_conviction,
        fingerprints=fingerprints,
    )


def notification_push(**fields: Any) -> ms.NotificationPushMessage:
    """:func:`notification` to a PUSH endpoint (same arguments)."""
    return _pushed(notification(push=True, **fields), ms.NotificationPushMessage)


def notification_update(original: ms.NotificationMessage, change: cv.Decision, *, ids: IdSource, clock: Clock, remarks: cm.MultilingualText | None = None) -> ms.NotificationMessage:
    """The notification of a later decision on the conviction of ``original`` (appeal, pardon,
    deletion...): a new NOT to the same state with the same conviction ID, ``change`` added as
    its next decision, and ``UpdatedConvictionReference`` naming the conviction. A decision
    with ``delete_from_register=YES`` tells the receiver to delete the conviction. ``change``
    takes the next free decision ID."""
    old = original.conviction
    number = max(d.id.number for d in old.decisions) + 1
    updated = attrs.evolve(old, decisions=(*old.decisions, attrs.evolve(change, id=DecisionId(number))))
    return attrs.evolve(
        original,
        metadata=_new(original.sender, original.receiver, MessageType.NOT, ids, clock),
        conviction=updated,
        updated_conviction_reference=cv.EcrisConvictionReference(old.id),
        remarks=remarks,
    )


def notification_response(
    notification: ms.NotificationMessage,
    *,
    response_type: rf.NotificationResponseTypeRef | str,
    ids: IdSource,
    clock: Clock,
    person: pe.Person | None = None,
    contact_person: ms.ContactPerson | None = None,
    remarks: cm.MultilingualText | None = None,
    fingerprints: ms.Fingerprints | None = None,
    push: bool = False,
) -> ms.NotificationResponseMessage:
    """The receipt (NRS) of ``notification``, optionally with the identity it was filed under."""
    values = _push_only(fingerprints, push, "notification response")
    cls = ms.NotificationResponsePushMessage if push else ms.NotificationResponseMessage
    return cls(
        metadata=_answer(notification, MessageType.NRS, ids, clock),
        contact_person=contact_person,
        person=person,
        remarks=remarks,
        response_type=_ref(rf.NotificationResponseTypeRef, response_type),
        **values,
    )


def notification_response_push(notification: ms.NotificationMessage, **fields: Any) -> ms.NotificationResponsePushMessage:
    """:func:`notification_response` to a PUSH endpoint (same arguments)."""
    return _pushed(notification_response(notification, push=True, **fields), ms.NotificationResponsePushMessage)


# -- additional information ----------------------------------------------------------------
def additional_info_request(
    answering: ms.RequestMessage | ms.NotificationMessage,
    *,
    requested: Iterable[cm.AdditionalInformation | str],
    ids: IdSource,
    clock: Clock,
    binary_id_requested: AttachmentId | None = None,
    contact_person: ms.ContactPerson | None = None,
    remarks: cm.MultilingualText | None = None,
) -> ms.RequestAdditionalInfoMessage:
    """A RAI: the state searching for the person asks the sender of the REQ or NOT
    ``answering`` for more identity data, or for a fingerprint file by its ID."""
    return ms.RequestAdditionalInfoMessage(
        metadata=_answer(answering, MessageType.RAI, ids, clock),
        contact_person=contact_person,
        remarks=remarks,
        information_requested=tuple(cm.AdditionalInformation(item) for item in requested),
        binary_id_requested=binary_id_requested,
    )


def additional_info_response(
    rai: ms.RequestAdditionalInfoMessage,
    *,
    response_type: rf.AdditionalInfoResponseTypeRef | str,
    ids: IdSource,
    clock: Clock,
    person: pe.Person | None = None,
    request_purpose: cm.MultilingualText | None = None,
    fingerprints: ms.Fingerprints | None = None,
    contact_person: ms.ContactPerson | None = None,
    remarks: cm.MultilingualText | None = None,
    push: bool = False,
) -> ms.RequestAdditionalInfoResponseMessage:
    """The RAR answering ``rai``: information available or not (the ART code) and the data;
    ``push`` (or :func:`additional_info_response_push`) delivers a fingerprint file."""
    cls = ms.RequestAdditionalInfoResponsePushMessage if push else ms.RequestAdditionalInfoResponseMessage
    return cls(
        metadata=_answer(rai, MessageType.RAR, ids, clock),
        contact_person=contact_person,
        person=person,
        remarks=remarks,
        request_purpose=request_purpose,
        response_type=_ref(rf.AdditionalInfoResponseTypeRef, response_type),
        fingerprints=fingerprints,
    )


def additional_info_response_push(rai: ms.RequestAdditionalInfoMessage, **fields: Any) -> ms.RequestAdditionalInfoResponsePushMessage:
    """:func:`additional_info_response` to a PUSH endpoint (same arguments)."""
    return _pushed(additional_info_response(rai, push=True, **fields), ms.RequestAdditionalInfoResponsePushMessage)


# -- errors, cancellations, isAlive --------------------------------------------------------
def functional_error(
    answering: ms.Message,
    errors: Iterable[ms.FunctionalError | str],
    *,
    ids: IdSource,
    clock: Clock,
    contact_person: ms.ContactPerson | None = None,
    remarks: cm.MultilingualText | None = None,
) -> ms.FunctionalErrorMessage:
    """A FEM answering ``answering``: each FE code at most once (the code is an xsd:ID)."""
    items = tuple(ms.FunctionalError(code=rf.FunctionalErrorCode(e)) if isinstance(e, str) else e for e in errors)
    codes = [item.code for item in items]
    if len(set(codes)) != len(codes):
        raise ModelError("errors", "each functional error code at most once")
    return ms.FunctionalErrorMessage(
        metadata=_answer(answering, MessageType.FEM, ids, clock), contact_person=contact_person, remarks=remarks, errors=items
    )


def cancellation(cancelled: ms.Message, *, ids: IdSource, clock: Clock, contact_person: ms.ContactPerson | None = None, remarks: cm.MultilingualText | None = None) -> ms.CancellationMessage:
    """A CAN: the sender of ``cancelled`` (a REQ, RRS, NOT or NRS) withdraws it."""
    kind = cancelled.message_id.type
    if kind not in ANSWERS[MessageType.CAN]:
        raise ModelError("response_to", f"a CAN cannot withdraw a {kind.value}")
    sender, receiver = cancelled.sender, cancelled.receiver
    _parties(sender, receiver)
    metadata = ms.Metadata.new(sender, receiver, MessageType.CAN, ids=ids, clock=clock, response_to=cancelled.message_id)
    return ms.CancellationMessage(metadata=metadata, contact_person=contact_person, remarks=remarks)


def is_alive(*, sender: str, receiver: str, alive: bool, ids: IdSource, clock: Clock) -> ms.IsAliveMessage:
    """An isAlive message: the question (``alive=True`` by convention) or the answer."""
    return ms.IsAliveMessage(metadata=_new(sender, receiver, MessageType.IAL, ids, clock), is_alive=alive)
