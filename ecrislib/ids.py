"""ECRIS identifiers: value types with parsing and formatting, and injectable ID sources.

* message ID ``SS-RR-TTT-nnnnnnnnnnnnnnn``: sender, receiver, message type, 15 digits;
* conviction ID ``SS-C-nnnnnnnnnnnnnnn``: convicting member state, 15 digits;
* decision, offence and sanction IDs ``D-nnnnn``, ``O-nnnnn``, ``S-nnnnn``: unique across the
  whole message (they are xsd:IDs), see :func:`ecrislib.model.numbering.renumber`;
* binary attachment ID ``SS-BA-nnnnnnnnn``.

Which message types may stand where (initiating, correlating, ResponseTo, cancellable) is data
in the ``*_TYPES`` sets below, taken from the v1.0 schemas.
"""

from __future__ import annotations

import random
import re
import threading
from typing import Any, Callable, ClassVar, Final, Pattern, Protocol, TypeVar

import attrs

from . import facts
from .errors import ModelError
from .facts import MessageType

__all__ = [
    "MessageType",
    "MessageId",
    "ConvictionId",
    "DecisionId",
    "OffenceId",
    "SanctionId",
    "AttachmentId",
    "INITIATING_TYPES",
    "CORRELATING_TYPES",
    "RESPONSE_TO_TYPES",
    "CANCELLABLE_TYPES",
    "ANSWERS",
    "IdSource",
    "SequentialIds",
    "RandomIds",
]

_MEMBER_STATE = facts.MEMBER_STATE_PATTERN


#: Types that start an exchange: no ResponseTo allowed.
INITIATING_TYPES = frozenset({MessageType.REQ, MessageType.NOT, MessageType.IAL})
#: Types that answer another message: ResponseTo mandatory.
CORRELATING_TYPES = frozenset(
    {MessageType.NRS, MessageType.RAI, MessageType.RAR, MessageType.FEM, MessageType.RRS, MessageType.RDL}
)
#: Types a correlating message's ResponseTo may name.
RESPONSE_TO_TYPES = frozenset(
    {
        MessageType.REQ,
        MessageType.RDL,
        MessageType.NOT,
        MessageType.RAI,
        MessageType.RAR,
        MessageType.CAN,
        MessageType.RRS,
        MessageType.NRS,
        MessageType.FEM,
    }
)
#: Types a cancellation may withdraw.
CANCELLABLE_TYPES = frozenset({MessageType.REQ, MessageType.RRS, MessageType.NOT, MessageType.NRS})

#: Which message types each answering type may answer, by the business rules (the schema
#: alone allows any of RESPONSE_TO_TYPES): a deadline or response answers a request, a
#: notification response a notification, a RAI a request or notification, a RAR a RAI, a
#: functional error anything, a cancellation what its own sender sent.
ANSWERS: dict[MessageType, frozenset[MessageType]] = {
    MessageType.RDL: frozenset({MessageType.REQ}),
    MessageType.RRS: frozenset({MessageType.REQ}),
    MessageType.NRS: frozenset({MessageType.NOT}),
    MessageType.RAI: frozenset({MessageType.REQ, MessageType.NOT}),
    MessageType.RAR: frozenset({MessageType.RAI}),
    MessageType.FEM: RESPONSE_TO_TYPES,
    MessageType.CAN: CANCELLABLE_TYPES,
}


def _member_state(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not (isinstance(value, str) and _MEMBER_STATE.fullmatch(value)):
        raise ModelError(attribute.name, "member state code must be two upper-case letters")


def _digits(width: int) -> Callable[[object, attrs.Attribute[Any], object], None]:
    limit = 10**width

    def validate(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if type(value) is not int or not 0 <= value < limit:
            raise ModelError(attribute.name, f"number must have at most {width} digits")

    return validate


_T = TypeVar("_T")


def _parse(cls: type[_T], pattern: Pattern[str], text: str) -> re.Match[str]:
    match = pattern.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise ModelError(cls.__name__, f"must match {pattern.pattern}")
    return match


# ``parse`` builds an identifier whose fields its pattern has already proved valid (two
# upper-case letters, a fixed number of digits) without running the constructor's checks again
# (``_new`` then ``_set`` per field, as attrs' own __init__ sets a frozen class's slots): every
# message's path reads IDs, and those checks were two thirds of the cost.
_new = object.__new__
_set = object.__setattr__
_TYPES: Final[dict[str, MessageType]] = {kind.value: kind for kind in MessageType}
_CN = TypeVar("_CN", "ConvictionId", "AttachmentId")


def _country_and_number(cls: type[_CN], text: str) -> _CN:
    """A conviction or attachment ID (``country``, ``number``) read from ``text``."""
    country, number = _parse(cls, cls.PATTERN, text).groups()
    self = _new(cls)
    _set(self, "country", country)
    _set(self, "number", int(number))
    return self


@attrs.frozen(order=True)
class MessageId:
    """``SS-RR-TTT-nnnnnnnnnnnnnnn``: sender, receiver, type and a 15-digit number."""

    PATTERN: ClassVar[Pattern[str]] = facts.MESSAGE_ID_PATTERN

    sender: str = attrs.field(validator=_member_state)
    receiver: str = attrs.field(validator=_member_state)
    type: MessageType = attrs.field(converter=MessageType)
    number: int = attrs.field(validator=_digits(15))

    @classmethod
    def parse(cls, text: str) -> MessageId:
        sender, receiver, code, number = _parse(cls, cls.PATTERN, text).groups()
        kind = _TYPES.get(code)
        if kind is None:
            raise ModelError(cls.__name__, "unknown message type code")
        self = _new(cls)
        _set(self, "sender", sender)
        _set(self, "receiver", receiver)
        _set(self, "type", kind)
        _set(self, "number", int(number))
        return self

    def __str__(self) -> str:
        return f"{self.sender}-{self.receiver}-{self.type.value}-{self.number:015d}"


@attrs.frozen(order=True)
class ConvictionId:
    """``SS-C-nnnnnnnnnnnnnnn``: the convicting member state and a 15-digit number. Updates of a
    conviction keep its ID."""

    PATTERN: ClassVar[Pattern[str]] = facts.CONVICTION_ID_PATTERN

    country: str = attrs.field(validator=_member_state)
    number: int = attrs.field(validator=_digits(15))

    @classmethod
    def parse(cls, text: str) -> ConvictionId:
        return _country_and_number(cls, text)

    def __str__(self) -> str:
        return f"{self.country}-C-{self.number:015d}"


@attrs.frozen(order=True)
class _LocalId:
    """An ID of a decision, offence or sanction: a letter and five digits."""

    PREFIX: ClassVar[str] = ""
    PATTERN: ClassVar[Pattern[str]] = re.compile(r"")

    number: int = attrs.field(validator=_digits(5))

    @classmethod
    def parse(cls: type[_L], text: str) -> _L:
        match = _parse(cls, cls.PATTERN, text)
        return cls(int(match.group(1)))

    def __str__(self) -> str:
        return f"{self.PREFIX}-{self.number:05d}"


_L = TypeVar("_L", bound=_LocalId)


@attrs.frozen(order=True)
class DecisionId(_LocalId):
    """``D-nnnnn``."""

    PREFIX = "D"
    PATTERN = facts.DECISION_ID_PATTERN


@attrs.frozen(order=True)
class OffenceId(_LocalId):
    """``O-nnnnn``."""

    PREFIX = "O"
    PATTERN = facts.OFFENCE_ID_PATTERN


@attrs.frozen(order=True)
class SanctionId(_LocalId):
    """``S-nnnnn``."""

    PREFIX = "S"
    PATTERN = facts.SANCTION_ID_PATTERN


@attrs.frozen(order=True)
class AttachmentId:
    """``SS-BA-nnnnnnnnn``: a fingerprint (NIST) file, unique across ECRIS."""

    PATTERN: ClassVar[Pattern[str]] = facts.ATTACHMENT_ID_PATTERN

    country: str = attrs.field(validator=_member_state)
    number: int = attrs.field(validator=_digits(9))

    @classmethod
    def parse(cls, text: str) -> AttachmentId:
        return _country_and_number(cls, text)

    def __str__(self) -> str:
        return f"{self.country}-BA-{self.number:09d}"


class IdSource(Protocol):
    """Where new identifiers come from. Inject one to get deterministic output in tests."""

    def message_id(self, sender: str, receiver: str, type: MessageType) -> MessageId: ...

    def conviction_id(self, country: str) -> ConvictionId: ...

    def attachment_id(self, country: str) -> AttachmentId: ...


class SequentialIds:
    """Deterministic IDs numbered 1, 2, 3... per kind and sender; thread-safe."""

    def __init__(self, start: int = 1) -> None:
        self._next: dict[tuple[str, str], int] = {}
        self._start = start
        self._lock = threading.Lock()

    def _take(self, kind: str, owner: str) -> int:
        with self._lock:
            number = self._next.get((kind, owner), self._start)
            self._next[(kind, owner)] = number + 1
            return number

    def message_id(self, sender: str, receiver: str, type: MessageType) -> MessageId:
        return MessageId(sender, receiver, MessageType(type), self._take("message", sender))

    def conviction_id(self, country: str) -> ConvictionId:
        return ConvictionId(country, self._take("conviction", country))

    def attachment_id(self, country: str) -> AttachmentId:
        return AttachmentId(country, self._take("attachment", country))


class RandomIds:
    """Random IDs from a seedable generator (collisions are negligible at 15 digits)."""

    def __init__(self, rng: random.Random | int | None = None) -> None:
        self._rng = rng if isinstance(rng, random.Random) else random.Random(rng)
        self._lock = threading.Lock()

    def _digits(self, width: int) -> int:
        with self._lock:
            return self._rng.randrange(1, 10**width)

    def message_id(self, sender: str, receiver: str, type: MessageType) -> MessageId:
        return MessageId(sender, receiver, MessageType(type), self._digits(15))

    def conviction_id(self, country: str) -> ConvictionId:
        return ConvictionId(country, self._digits(15))

    def attachment_id(self, country: str) -> AttachmentId:
        return AttachmentId(country, self._digits(9))
