"""Value types shared by the whole model: text, names, dates, durations, amounts, enumerations.

Text values are kept exactly as given (the XML lexical form): the ECRIS text types collapse
whitespace, so ``"Ion  Popescu"`` and ``"Ion Popescu"`` mean the same name, and their length
limits apply to the collapsed form. Keeping the lexical form makes ``parse``/``serialize``
lossless in both directions.
"""

from __future__ import annotations

import datetime as _dt
import enum
import re
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from ..errors import ModelError
from . import _checks

__all__ = [
    "YesNoUnknown",
    "Sex",
    "AdditionalInformation",
    "Text",
    "MultilingualText",
    "Name",
    "PartialDate",
    "ZonedDate",
    "Timestamp",
    "equivalent",
    "Duration",
    "Amount",
    "multilingual",
]


class YesNoUnknown(str, enum.Enum):
    """ECRIS three-valued flag; the wire values are case-exact."""

    YES = "Yes"
    NO = "No"
    UNKNOWN = "UNKNOWN"

    def __str__(self) -> str:
        return self.value


class Sex(enum.IntEnum):
    """ISO 5218 sex codes as ECRIS carries them."""

    UNKNOWN = 0
    MALE = 1
    FEMALE = 2


class AdditionalInformation(str, enum.Enum):
    """What a request for additional information (RAI) may ask for."""

    FORENAME = "Forename"
    SURNAME = "Surname"
    SECOND_SURNAME = "SecondSurname"
    SEX = "Sex"
    BIRTH_DATE = "BirthDate"
    BIRTH_PLACE = "BirthPlace"
    NATIONALITY = "Nationality"
    FORMER_NAME = "FormerName"
    MOTHER_NAME = "MotherName"
    FATHER_NAME = "FatherName"
    IDENTITY_NUMBER = "IdentityNumber"
    IDENTIFICATION_DOCUMENT = "IdentificationDocument"
    ADDRESS = "Address"
    ALIAS = "Alias"
    FINGERPRINTS = "Fingerprints"
    MORE_INFORMATION_ON_REQUEST_PURPOSE = "MoreInformationOnRequestPurpose"

    def __str__(self) -> str:
        return self.value


@attrs.frozen(repr=False)
class Text:
    """One linguistic representation of a free text: the text, its language, and whether it
    is a translation made by the sender (``translated``) rather than the original.

    Its ``repr()`` hides the text (free texts carry case and personal data); ``.value`` gives it.
    """

    value: str
    language: str | None = None
    translated: bool | None = None

    def __attrs_post_init__(self) -> None:
        # One check for the three fields: texts are the most numerous objects of a message. The
        # usual language (a well-formed code) costs one set look-up, without a call.
        _checks.check_uncollapsed_text("value", self.value, max_length=1_000_000)
        language = self.language
        if language is not None and (language.__class__ is not str or language not in _checks.LANGUAGE_FORMS):
            _checks.check_language("language", language)
        if self.translated is not None and not isinstance(self.translated, bool):
            raise ModelError("translated", "must be a bool")

    def __repr__(self) -> str:
        return f"Text(<text hidden>, language={self.language!r}, translated={self.translated!r})"


@attrs.frozen
class MultilingualText:
    """Free text in one or more languages. ECRIS never translates it on the way: a reader
    shows it as sent, tagged with its language."""

    representations: tuple[Text, ...] = attrs.field(
        converter=_checks.to_tuple, validator=_checks.items(_checks.instance(Text), minimum=1)
    )

    @classmethod
    def of(cls, value: str, language: str | None = None, *, translated: bool | None = None) -> MultilingualText:
        """A text with a single representation."""
        return cls((Text(value, language, translated),))

    def in_language(self, language: str) -> Text | None:
        """The representation in ``language``, if the sender gave one."""
        for representation in self.representations:
            if representation.language == language:
                return representation
        return None

    @property
    def original(self) -> Text:
        """The first representation not marked as translated (else the first)."""
        for representation in self.representations:
            if not representation.translated:
                return representation
        return self.representations[0]

    def __str__(self) -> str:
        return self.original.value


def multilingual(max_length: int, *, collapsed: bool = True) -> _checks.Validator:
    """Validator for a multilingual text field with the limit of its XSD type."""

    def validate(_inst: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, MultilingualText):
            raise ModelError(attribute.name, "must be a MultilingualText")
        # Each Text already refused forbidden characters and blank values; only the limit of
        # this field is left to check.
        for representation in value.representations:
            text = representation.value
            if len(text) > max_length and (not collapsed or len(_checks.collapse(text)) > max_length):
                raise ModelError(attribute.name, f"longer than {max_length} characters")

    return validate


@attrs.frozen(repr=False)
class Name:
    """A name part (forename, surname...): plain text with an optional language code.

    Its ``repr()`` hides the value (names are personal data); ``str()`` and ``.value`` give it.
    """

    value: str
    language: str | None = None

    def __attrs_post_init__(self) -> None:
        # One check for both fields, as in Text: names are many. The usual language (a
        # well-formed code) costs one set look-up, without a call.
        _checks.check_text("value", self.value, 600)
        language = self.language
        if language is not None and (language.__class__ is not str or language not in _checks.LANGUAGE_FORMS):
            _checks.check_language("language", language)

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"Name(<hidden>, language={self.language!r})"


def name(max_length: int = 200) -> _checks.Validator:
    """Validator for a name field (200 characters, 600 for a full name)."""

    def validate(_inst: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, Name):
            raise ModelError(attribute.name, "must be a Name")
        if len(value.value) > max_length:
            _checks.check_text(attribute.name, value.value, max_length)

    return validate


def _month(_inst: Any, attribute: Any, value: Any) -> None:
    if value is not None and (type(value) is not int or not 1 <= value <= 12):
        raise ModelError(attribute.name, "month must be 1 to 12")


def _day(inst: Any, attribute: Any, value: Any) -> None:
    if value is None:
        return
    if type(value) is not int or not 1 <= value <= 31:
        raise ModelError(attribute.name, "day must be 1 to 31")
    if inst.month is None:
        raise ModelError(attribute.name, "a day needs a month")


#: An XSD time zone: ``Z`` or an offset of at most 14 hours (``+14:00``, ``-05:30``).
TIME_ZONE = r"Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00)"


class ZonedDate(_dt.date):
    """An ``xsd:date`` that was sent with a time zone (``2015-09-15Z``, ``2015-09-15+02:00``).

    It is a :class:`datetime.date` (compares, sorts and hashes as the calendar day), and
    keeps the zone text so that it is written back as received.
    """

    __slots__ = ("zone",)
    zone: str

    @classmethod
    def of(cls, day: _dt.date, zone: str) -> ZonedDate:
        if not re.fullmatch(TIME_ZONE, zone):
            raise ModelError("zone", "must be Z or an offset from -14:00 to +14:00")
        value = cls(day.year, day.month, day.day)
        value.zone = zone
        return value

    def __repr__(self) -> str:
        return f"ZonedDate({self.isoformat()!r}, zone={getattr(self, 'zone', None)!r})"

    def __reduce__(self) -> Any:
        return (ZonedDate.of, (_dt.date(self.year, self.month, self.day), getattr(self, "zone", "Z")))


def _year(_inst: Any, attribute: Any, value: Any) -> None:
    if type(value) is not int or value == 0:
        raise ModelError(attribute.name, "year must be a non-zero integer (XSD 1.0 has no year 0)")


def _zone(_inst: Any, attribute: Any, value: Any) -> None:
    if value is not None and (type(value) is not str or not re.fullmatch(TIME_ZONE, value)):
        raise ModelError(attribute.name, "must be Z or an offset from -14:00 to +14:00")


@attrs.frozen
class PartialDate:
    """A date of which only the year may be known (``c:DateType``).

    Year 1800 is the ECRIS sentinel for "unknown". Partial dates have no natural order (is
    "1995" before "1995-03"?); ``sort_key`` orders them with unknown parts first.
    """

    UNKNOWN_YEAR: ClassVar[int] = 1800
    #: What an empty ``c:DateYear`` means (its schema default).
    DEFAULT_YEAR: ClassVar[str] = "1800"

    year: int = attrs.field(validator=_year)
    month: int | None = attrs.field(default=None, validator=_month)
    day: int | None = attrs.field(default=None, validator=_day)
    #: The time zone each part was sent with (``Z``, ``+02:00``; XSD 1.0 allows one on
    #: ``xsd:gYear``, ``xsd:gMonth`` and ``xsd:gDay``), kept so that it is written back as
    #: received. They take part in equality, as every lexical detail of a model does: equal
    #: models write the same bytes.
    year_zone: str | None = attrs.field(default=None, validator=_zone, kw_only=True)
    month_zone: str | None = attrs.field(default=None, validator=_zone, kw_only=True)
    day_zone: str | None = attrs.field(default=None, validator=_zone, kw_only=True)

    @classmethod
    def unknown(cls) -> PartialDate:
        return cls(cls.UNKNOWN_YEAR)

    @classmethod
    def from_date(cls, value: _dt.date) -> PartialDate:
        return cls(value.year, value.month, value.day)

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    @property
    def is_unknown(self) -> bool:
        return self.year == self.UNKNOWN_YEAR and self.month is None

    def to_date(self) -> _dt.date | None:
        """The full date when day and month are known and form a real date."""
        if self.month is None or self.day is None:
            return None
        try:
            return _dt.date(self.year, self.month, self.day)
        except ValueError:
            return None

    @property
    def year_text(self) -> str:
        """The year as ``xsd:gYear`` writes it: at least four digits, a sign for years BC."""
        return f"{'-' if self.year < 0 else ''}{abs(self.year):04d}"

    def __str__(self) -> str:
        parts = [self.year_text]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
        if self.day is not None:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)


_DATETIME = re.compile(
    r"(-?(?:[1-9][0-9]{3,}|0[0-9]{3}))-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?"
    rf"({TIME_ZONE})?"
)


def days_in_month(year: int, month: int) -> int:
    """Proleptic Gregorian month length, for any year (XSD 1.0 years are unbounded)."""
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


# The common form, every field in range and a day that every month has: a match is a real date
# and time, with no field to convert. Anything else takes the whole rule.
_COMMON_DATETIME = re.compile(
    r"[1-9][0-9]{3}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?"
    rf"(?:{TIME_ZONE})?"
)


def _check_timestamp(_inst: Any, attribute: Any, value: Any) -> None:
    if value.__class__ is not str or _COMMON_DATETIME.fullmatch(value) is None:
        _check_timestamp_fully(_inst, attribute, value)


def _check_timestamp_fully(_inst: Any, attribute: Any, value: Any) -> None:
    match = _DATETIME.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise ModelError(attribute.name, "must be an xsd:dateTime such as 2026-03-02T09:15:00.000+01:00")
    year, month, day, hour, minute, second = map(int, match.groups()[:6])
    end_of_day = hour == 24 and minute == 0 and second == 0 and not (match.group(7) or ".0").strip(".0")
    if (
        year == 0  # XSD 1.0 has no year 0000
        or not 1 <= month <= 12
        or not 1 <= day <= days_in_month(year, month)
        or not (hour <= 23 or end_of_day)
        or minute > 59
        or second > 59
    ):
        raise ModelError(attribute.name, "is not a real date and time")


@attrs.frozen
class Timestamp:
    """An ``xsd:dateTime`` kept in its exact lexical form, so precision and offset survive a
    round trip (``.399+02:00`` stays ``.399+02:00``). ``to_datetime()`` gives the value."""

    text: str = attrs.field(validator=_check_timestamp)

    @classmethod
    def from_datetime(cls, value: _dt.datetime, timespec: str = "milliseconds") -> Timestamp:
        """ECRIS timestamps should carry an offset: a naive datetime is refused."""
        if value.tzinfo is None or value.utcoffset() is None:
            raise ModelError("timestamp", "needs a time zone offset")
        return cls(value.isoformat(timespec=timespec))

    @property
    def has_offset(self) -> bool:
        match = _DATETIME.fullmatch(self.text)
        return bool(match and match.group(8))

    def to_datetime(self) -> _dt.datetime:
        """The value as a :class:`datetime.datetime`; ``ValueError`` for a year outside
        1..9999, which XSD allows and Python cannot hold (the text is still kept)."""
        return self._to_datetime(self.text)

    def same_instant(self, other: Timestamp) -> bool:
        """Whether both name the same moment: ``...T10:00:00Z`` and ``...T12:00:00.000+02:00``
        do. Without offsets the wall-clock values are compared; with one offset only, never."""
        if self.has_offset != other.has_offset:
            return False
        try:
            return self.to_datetime() == other.to_datetime()
        except ValueError:
            return self.text == other.text

    @staticmethod
    def _to_datetime(text: str) -> _dt.datetime:
        match = _DATETIME.fullmatch(text)
        if match is None:
            raise ValueError("not an xsd:dateTime")
        year, month, day, hour, minute, second, fraction, zone = match.groups()
        micro = int((fraction[1:] + "000000")[:6]) if fraction else 0
        tz: _dt.tzinfo | None = None
        if zone == "Z":
            tz = _dt.timezone.utc
        elif zone:
            sign = -1 if zone[0] == "-" else 1
            tz = _dt.timezone(sign * _dt.timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6])))
        if hour == "24" and minute == "00" and second == "00" and micro == 0:
            base = _dt.datetime(int(year), int(month), int(day), tzinfo=tz)
            return base + _dt.timedelta(days=1)
        return _dt.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), micro, tz)

    def __str__(self) -> str:
        return self.text


_DURATION = re.compile(
    r"-?P(?=[0-9]|T[0-9])(?:([0-9]+)Y)?(?:([0-9]+)M)?(?:([0-9]+)D)?"
    r"(?:T(?=[0-9])(?:([0-9]+)H)?(?:([0-9]+)M)?(?:([0-9]+(?:\.[0-9]+)?)S)?)?"
)


def _check_duration(_inst: Any, attribute: Any, value: Any) -> None:
    if not (isinstance(value, str) and _DURATION.fullmatch(value)):
        raise ModelError(attribute.name, "must be an ISO 8601 duration such as P2Y6M")


@attrs.frozen
class Duration:
    """An ``xsd:duration`` (``P16Y``, ``P6M``, ``P30D``) kept in its lexical form: a sentence
    of "16 years" is not a number of days."""

    text: str = attrs.field(validator=_check_duration)

    @classmethod
    def of(cls, years: int = 0, months: int = 0, days: int = 0) -> Duration:
        body = "".join(f"{n}{unit}" for n, unit in ((years, "Y"), (months, "M"), (days, "D")) if n)
        return cls("P" + (body or "0D"))

    @property
    def years(self) -> int:
        return self._part(1)

    @property
    def months(self) -> int:
        return self._part(2)

    @property
    def days(self) -> int:
        return self._part(3)

    def _part(self, group: int) -> int:
        match = _DURATION.fullmatch(self.text)
        return int(match.group(group) or 0) if match else 0

    def __str__(self) -> str:
        return self.text


@attrs.frozen(order=True)
class Amount:
    """A positive amount as ECRIS writes it: whole units and an optional fraction in
    hundredths (1 to 99; no fraction element for a whole amount)."""

    unit: int = attrs.field(validator=_checks.int_range(0, 999_999_999_999_999))
    fraction: int | None = attrs.field(default=None, validator=_checks.optional(_checks.int_range(1, 99)))

    @classmethod
    def from_decimal(cls, value: Decimal | str | int) -> Amount:
        amount = Decimal(value)
        if amount < 0 or amount != amount.quantize(Decimal("0.01")):
            raise ModelError("amount", "must be a non-negative amount with at most two decimals")
        unit = int(amount)
        cents = int((amount - unit) * 100)
        return cls(unit, cents or None)

    def to_decimal(self) -> Decimal:
        return Decimal(self.unit) + Decimal(self.fraction or 0) / 100

    def __str__(self) -> str:
        return f"{self.unit}.{self.fraction or 0:02d}"


def equivalent(left: Any, right: Any) -> bool:
    """Whether two model values mean the same: equal, except that timestamps compare by the
    instant they name (:meth:`Timestamp.same_instant`), not by their text.

    ``==`` stays exact (it compares what is written), so that equal models serialize to the
    same bytes; use this after a message went through another stack that rewrote
    ``+00:00`` as ``Z`` or dropped ``.000``.

    >>> a = Timestamp("2026-03-02T09:15:00.000+00:00")
    >>> b = Timestamp("2026-03-02T09:15:00Z")
    >>> a == b, equivalent(a, b)
    (False, True)
    """
    if isinstance(left, Timestamp) and isinstance(right, Timestamp):
        return left.same_instant(right)
    if type(left) is not type(right):
        return False
    if attrs.has(type(left)):
        return all(
            equivalent(getattr(left, field.name), getattr(right, field.name))
            for field in attrs.fields(type(left))
        )
    if isinstance(left, (tuple, list)):
        return len(left) == len(right) and all(equivalent(a, b) for a, b in zip(left, right))
    return bool(left == right)
