"""The 15 ECRIS root messages and the parts they share (metadata, contact person, fingerprints).

Each class knows its root element name (``ROOT``), its message type code (``TYPE``) and which
metadata variant it uses; constructing a message checks the ID rules of that variant
(initiating messages have no ResponseTo, correlating ones must have one, a cancellation may
only withdraw a REQ, RRS, NOT or NRS). The push variants carry fingerprint *content*; the plain
variants carry only its metadata.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, ClassVar

import attrs

from ..clock import Clock
from ..errors import ModelError
from .. import facts
from ..facts import MEMBER_STATE_PATTERN
from ..ids import (
    CANCELLABLE_TYPES,
    CORRELATING_TYPES,
    INITIATING_TYPES,
    RESPONSE_TO_TYPES,
    AttachmentId,
    IdSource,
    MessageId,
    MessageType,
)
from ._checks import int_range, pattern
from ._fields import many, ml, nm, of, one, opt, remarks, text
from .common import AdditionalInformation, MultilingualText, Name, Timestamp, YesNoUnknown
from .conviction import CONVICTION_REFERENCE_TYPES, Conviction, ConvictionReference, OtherAffectedConviction
from .person import Person
from .references import (
    AdditionalInfoResponseTypeRef,
    FunctionalErrorCode,
    NotificationResponseTypeRef,
    OffenceCategoryRef,
    RequestingAuthorityTypeRef,
    RequestPurposeRef,
    RequestResponseTypeRef,
)

__all__ = [
    "Metadata",
    "ContactPerson",
    "RequestingAuthority",
    "Fingerprints",
    "FunctionalError",
    "Message",
    "RequestMessage",
    "RequestPushMessage",
    "RequestDeadlineMessage",
    "RequestResponseMessage",
    "RequestResponsePushMessage",
    "NotificationMessage",
    "NotificationPushMessage",
    "NotificationResponseMessage",
    "NotificationResponsePushMessage",
    "RequestAdditionalInfoMessage",
    "RequestAdditionalInfoResponseMessage",
    "RequestAdditionalInfoResponsePushMessage",
    "FunctionalErrorMessage",
    "CancellationMessage",
    "IsAliveMessage",
    "MESSAGE_CLASSES",
]


_MEMBER_STATE = MEMBER_STATE_PATTERN


def _to_message_id(value: Any) -> Any:
    return MessageId.parse(value) if isinstance(value, str) else value


def _to_timestamp(value: Any) -> Any:
    if isinstance(value, _dt.datetime):
        return Timestamp.from_datetime(value)
    if isinstance(value, str):
        return Timestamp(value)
    return value


@attrs.frozen(kw_only=True)
class Metadata:
    """Message ID, timestamp and, for an answer, the ID of the message it answers.

    Strings and datetimes are accepted and converted (``"GB-RO-REQ-000000000000001"``,
    an aware ``datetime``).
    """

    message_id: MessageId = one(of(MessageId), converter=_to_message_id)
    timestamp: Timestamp = one(of(Timestamp), converter=_to_timestamp)
    response_to: MessageId | None = opt(of(MessageId), converter=_to_message_id)

    @classmethod
    def new(
        cls,
        sender: str,
        receiver: str,
        type: MessageType,
        *,
        ids: IdSource,
        clock: Clock,
        response_to: MessageId | None = None,
    ) -> Metadata:
        """Metadata for a new message, with an ID from ``ids`` and the time from ``clock``."""
        return cls(
            message_id=ids.message_id(sender, receiver, MessageType(type)),
            timestamp=Timestamp.from_datetime(clock.now()),
            response_to=response_to,
        )


@attrs.frozen(kw_only=True, repr=False)
class ContactPerson:
    """Who at the sending authority to contact; an e-mail address is mandatory."""

    forename: Name | None = opt(nm())
    surname: Name | None = opt(nm())
    second_surname: Name | None = opt(nm())
    phone: str | None = opt(text(30, 8))
    fax: str | None = opt(text(30, 8))
    email: str = one(text(320))

    def __repr__(self) -> str:
        return "ContactPerson(<personal data hidden>)"


@attrs.frozen(kw_only=True)
class RequestingAuthority:
    """The authority on whose behalf a request is made (court, prosecutor, police...)."""

    type: RequestingAuthorityTypeRef = one(of(RequestingAuthorityTypeRef))
    code: str | None = opt(text(50))
    name: MultilingualText = one(ml(400))


def _to_attachment_id(value: Any) -> Any:
    return AttachmentId.parse(value) if isinstance(value, str) else value


@attrs.frozen(kw_only=True)
class Fingerprints:
    """A NIST fingerprint file: its metadata, and its content in the push variants.

    PULL endpoints send only the metadata; the receiver asks for the file with a request for
    additional information naming ``id``.
    """

    id: AttachmentId = one(of(AttachmentId), converter=_to_attachment_id)
    mime_type: str = one(text(50), default="application/nist")
    file_name: str = one(text(200), default="UNKNOWN")
    title: MultilingualText | None = opt(ml(400))
    file_size: int | None = opt(int_range(1, 2**63 - 1))
    comment: MultilingualText | None = remarks()
    md5: str | None = opt(text(50))
    content: bytes | None = opt(of(bytes), repr=False)


@attrs.frozen(kw_only=True)
class FunctionalError:
    """One functional error: its FE code and optional explanation."""

    code: FunctionalErrorCode = one(of(FunctionalErrorCode))
    additional_information: MultilingualText | None = remarks()


@attrs.frozen(kw_only=True, repr=False)
class Message:
    """Base of the 15 root messages."""

    ROOT: ClassVar[str] = ""
    #: The message-ID type code of this root (from :mod:`ecrislib.facts`).
    TYPE: ClassVar[MessageType]
    #: Message type codes the MessageID may carry (the metadata variant of the XSD).
    ID_TYPES: ClassVar[frozenset[MessageType]] = INITIATING_TYPES
    #: Message type codes the ResponseTo may carry; empty means "no ResponseTo".
    RESPONSE_TO: ClassVar[frozenset[MessageType]] = frozenset()
    #: Push variants carry fingerprint content (from :mod:`ecrislib.facts`).
    PUSH: ClassVar[bool] = False

    metadata: Metadata = one(of(Metadata))

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # A root's type code and push flag are facts of the format, written down once.
        super().__init_subclass__(**kwargs)
        if cls.ROOT:
            fact = facts.root(cls.ROOT)
            cls.TYPE, cls.PUSH = fact.type_code, fact.push

    def __attrs_post_init__(self) -> None:
        metadata = self.metadata
        if metadata.message_id.type not in self.ID_TYPES:
            raise ModelError("metadata.message_id", f"type code not allowed in a {self.ROOT}")
        response_to = metadata.response_to
        if not self.RESPONSE_TO:
            if response_to is not None:
                raise ModelError("metadata.response_to", f"a {self.ROOT} answers nothing: no ResponseTo")
        elif response_to is None:
            raise ModelError("metadata.response_to", f"a {self.ROOT} needs a ResponseTo")
        elif response_to.type not in self.RESPONSE_TO:
            raise ModelError("metadata.response_to", f"a {self.ROOT} cannot answer that message type")
        elif response_to == metadata.message_id:
            raise ModelError("metadata.response_to", "must differ from the message's own ID")
        fingerprints = getattr(self, "fingerprints", None)
        if fingerprints is not None and (fingerprints.content is not None) != self.PUSH:
            rule = "a push message carries the fingerprint content" if self.PUSH else "only push messages carry fingerprint content"
            raise ModelError("fingerprints", rule)

    def __repr__(self) -> str:
        # Routing data only: the content is personal and case data, and a repr lands in logs
        # and tracebacks. The attributes hold everything for code that needs it.
        response_to = self.metadata.response_to
        answered = "None" if response_to is None else f"'{response_to}'"
        return f"{type(self).__name__}(message_id='{self.message_id}', response_to={answered}, <content hidden>)"

    @property
    def message_id(self) -> MessageId:
        return self.metadata.message_id

    @property
    def sender(self) -> str:
        return self.metadata.message_id.sender

    @property
    def receiver(self) -> str:
        return self.metadata.message_id.receiver


class _Correlating:
    """Mixin for the messages that answer another one (correlating metadata variant)."""

    __slots__ = ()
    ID_TYPES = CORRELATING_TYPES
    RESPONSE_TO = RESPONSE_TO_TYPES


@attrs.frozen(kw_only=True, repr=False)
class RequestMessage(Message):
    """REQ: a central authority asks another for the criminal record of a person."""

    ROOT = "RequestMessage"

    contact_person: ContactPerson | None = opt(of(ContactPerson))
    person: Person = one(of(Person))
    remarks: MultilingualText | None = remarks()
    purpose_category: RequestPurposeRef = one(of(RequestPurposeRef))
    purpose: MultilingualText = one(ml(400))
    accusation_categories: tuple[OffenceCategoryRef, ...] = many(of(OffenceCategoryRef))
    accusation: MultilingualText | None = opt(ml(400))
    requesting_authority: RequestingAuthority = one(of(RequestingAuthority))
    case_reference_number: str | None = opt(text(50))
    consent: YesNoUnknown = one(of(YesNoUnknown), converter=YesNoUnknown)
    urgency: YesNoUnknown = one(of(YesNoUnknown), converter=YesNoUnknown)
    fingerprints: Fingerprints | None = opt(of(Fingerprints))


@attrs.frozen(kw_only=True, repr=False)
class RequestPushMessage(RequestMessage):
    """REQ to a PUSH endpoint: the fingerprint file travels inside the message."""

    ROOT = "RequestPushMessage"


@attrs.frozen(kw_only=True, repr=False)
class RequestDeadlineMessage(_Correlating, Message):
    """RDL: the requested state tells the date by which its answer is legally due."""

    ROOT = "RequestDeadlineMessage"

    contact_person: ContactPerson | None = opt(of(ContactPerson))
    remarks: MultilingualText | None = remarks()
    deadline: _dt.date = one(of(_dt.date))


@attrs.frozen(kw_only=True, repr=False)
class RequestResponseMessage(_Correlating, Message):
    """RRS: the answer to a request: convictions, none, a denial or a problem (the RRT code)."""

    ROOT = "RequestResponseMessage"

    contact_person: ContactPerson | None = opt(of(ContactPerson))
    person: Person = one(of(Person))
    remarks: MultilingualText | None = remarks()
    convictions: tuple[Conviction, ...] = many(of(Conviction))
    other_member_states: tuple[str, ...] = many(
        pattern(_MEMBER_STATE, "member state code must be two upper-case letters")
    )
    response_type: RequestResponseTypeRef = one(of(RequestResponseTypeRef))


@attrs.frozen(kw_only=True, repr=False)
class RequestResponsePushMessage(RequestResponseMessage):
    """RRS to a PUSH endpoint, which may carry fingerprints."""

    ROOT = "RequestResponsePushMessage"

    fingerprints: Fingerprints | None = opt(of(Fingerprints))


@attrs.frozen(kw_only=True, repr=False)
class NotificationMessage(Message):
    """NOT: the convicting state informs the state of nationality of one conviction, or of a
    later change to it (same conviction ID, new decisions, ``updated_conviction_reference``)."""

    ROOT = "NotificationMessage"

    contact_person: ContactPerson | None = opt(of(ContactPerson))
    person: Person = one(of(Person))
    remarks: MultilingualText | None = remarks()
    conviction: Conviction = one(of(Conviction))
    updated_conviction_reference: ConvictionReference | None = opt(of(CONVICTION_REFERENCE_TYPES))
    other_affected_conviction: OtherAffectedConviction | None = opt(of(OtherAffectedConviction))
    fingerprints: Fingerprints | None = opt(of(Fingerprints))


@attrs.frozen(kw_only=True, repr=False)
class NotificationPushMessage(NotificationMessage):
    ROOT = "NotificationPushMessage"


@attrs.frozen(kw_only=True, repr=False)
class NotificationResponseMessage(_Correlating, Message):
    """NRS: receipt of a notification, or a problem with it (the NRT code)."""

    ROOT = "NotificationResponseMessage"

    contact_person: ContactPerson | None = opt(of(ContactPerson))
    person: Person | None = opt(of(Person))
    remarks: MultilingualText | None = remarks()
    response_type: NotificationResponseTypeRef = one(of(NotificationResponseTypeRef))


@attrs.frozen(kw_only=True, repr=False)
class NotificationResponsePushMessage(NotificationResponseMessage):
    ROOT = "NotificationResponsePushMessage"

    fingerprints: Fingerprints | None = opt(of(Fingerprints))


def _to_information_items(value: Any) -> tuple[AdditionalInformation, ...]:
    return tuple(AdditionalInformation(item) for item in value)


@attrs.frozen(kw_only=True, repr=False)
class RequestAdditionalInfoMessage(_Correlating, Message):
    """RAI: the state searching for the person asks for more identity data (or a NIST file)."""

    ROOT = "RequestAdditionalInfoMessage"

    contact_person: ContactPerson | None = opt(of(ContactPerson))
    remarks: MultilingualText | None = remarks()
    information_requested: tuple[AdditionalInformation, ...] = many(
        of(AdditionalInformation), minimum=1, converter=_to_information_items
    )
    binary_id_requested: AttachmentId | None = opt(of(AttachmentId), converter=_to_attachment_id)


@attrs.frozen(kw_only=True, repr=False)
class RequestAdditionalInfoResponseMessage(_Correlating, Message):
    """RAR: the answer to a RAI: information available or not (the ART code), and the data."""

    ROOT = "RequestAdditionalInfoResponseMessage"

    contact_person: ContactPerson | None = opt(of(ContactPerson))
    person: Person | None = opt(of(Person))
    remarks: MultilingualText | None = remarks()
    request_purpose: MultilingualText | None = opt(ml(400))
    response_type: AdditionalInfoResponseTypeRef = one(of(AdditionalInfoResponseTypeRef))
    fingerprints: Fingerprints | None = opt(of(Fingerprints))


@attrs.frozen(kw_only=True, repr=False)
class RequestAdditionalInfoResponsePushMessage(RequestAdditionalInfoResponseMessage):
    ROOT = "RequestAdditionalInfoResponsePushMessage"


@attrs.frozen(kw_only=True, repr=False)
class FunctionalErrorMessage(_Correlating, Message):
    """FEM: the answer to a faulty message; each FE code at most once (it is an xsd:ID)."""

    ROOT = "FunctionalErrorMessage"

    contact_person: ContactPerson | None = opt(of(ContactPerson))
    remarks: MultilingualText | None = remarks()
    errors: tuple[FunctionalError, ...] = many(of(FunctionalError), minimum=1)


@attrs.frozen(kw_only=True, repr=False)
class CancellationMessage(Message):
    """CAN: the sender withdraws a REQ, RRS, NOT or NRS it sent (named in ResponseTo)."""

    ROOT = "CancellationMessage"
    ID_TYPES = frozenset({MessageType.CAN})
    RESPONSE_TO = CANCELLABLE_TYPES

    contact_person: ContactPerson | None = opt(of(ContactPerson))
    remarks: MultilingualText | None = remarks()


@attrs.frozen(kw_only=True, repr=False)
class IsAliveMessage(Message):
    """IAL: the synchronous ping; the same structure asks and answers."""

    ROOT = "IsAliveMessage"

    is_alive: bool = one(of(bool))


#: Every root message class, in the order of the WSDL's operations.
MESSAGE_CLASSES: tuple[type[Message], ...] = (
    RequestMessage,
    RequestPushMessage,
    RequestDeadlineMessage,
    RequestResponseMessage,
    RequestResponsePushMessage,
    NotificationMessage,
    NotificationPushMessage,
    NotificationResponseMessage,
    NotificationResponsePushMessage,
    RequestAdditionalInfoMessage,
    RequestAdditionalInfoResponseMessage,
    RequestAdditionalInfoResponsePushMessage,
    FunctionalErrorMessage,
    CancellationMessage,
    IsAliveMessage,
)
