"""What every rule sees: the parsed tree indexed once, and small value readers.

Rules read the lxml tree, not the model, so that a message the schema rejects still gets every
business check that can be made on it. Readers return ``None`` for a value they cannot read;
the schema reports the malformed value itself, so a rule simply skips it.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Final

import attrs

from ... import facts
from ..findings import Finding
from ..options import ValidationOptions

__all__ = [
    "Check",
    "Context",
    "PartialDate",
    "ROOT_TYPES",
    "local",
    "parse_date",
    "parse_message_id",
    "parse_partial_date",
    "text_of",
]

#: Root element -> the message-ID type code it must carry.
ROOT_TYPES: Final[Mapping[str, str]] = facts.ROOT_TYPES

_MESSAGE_ID: Final = facts.MESSAGE_ID_PATTERN
_DATE: Final = re.compile(r"(-?[0-9]{4,})-([0-9]{2})-([0-9]{2})(?:Z|[+-][0-9]{2}:[0-9]{2})?")
_YEAR: Final = re.compile(r"(-?[0-9]{4,})(?:Z|[+-][0-9]{2}:[0-9]{2})?")
_MONTH: Final = re.compile(r"--([0-9]{2})(?:Z|[+-][0-9]{2}:[0-9]{2})?")
_DAY: Final = re.compile(r"---([0-9]{2})(?:Z|[+-][0-9]{2}:[0-9]{2})?")


def local(element: Any) -> str:
    """The local name of an element (no namespace)."""
    return str(element.tag).rpartition("}")[2]


def text_of(element: Any | None) -> str | None:
    """The collapsed text of an element, ``None`` when absent or blank."""
    if element is None or element.text is None:
        return None
    value = " ".join(element.text.split())
    return value or None


def parse_message_id(value: str | None) -> tuple[str, str, str, str] | None:
    """(sender, receiver, type, number) of a well-formed message ID, else ``None``."""
    if value is None:
        return None
    found = _MESSAGE_ID.fullmatch(value.strip())
    return found.groups() if found else None  # type: ignore[return-value]


def parse_date(element: Any | None) -> _dt.date | None:
    """An ``xsd:date`` element's value, or ``None``."""
    text = text_of(element)
    if text is None:
        return None
    found = _DATE.fullmatch(text)
    if not found:
        return None
    try:
        return _dt.date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    except ValueError:
        return None


@attrs.frozen
class PartialDate:
    """A ``c:DateType`` value: the year, and month and day when given."""

    year: int
    month: int | None = None
    day: int | None = None

    def key(self) -> tuple[int, ...]:
        parts = [self.year]
        if self.month is not None:
            parts.append(self.month)
            if self.day is not None:
                parts.append(self.day)
        return tuple(parts)

    def before(self, other: PartialDate) -> bool:
        """True only when ``self`` is certainly before ``other`` at their common precision."""
        mine, theirs = self.key(), other.key()
        common = min(len(mine), len(theirs))
        return mine[:common] < theirs[:common]

    def after_day(self, day: _dt.date) -> bool:
        """True only when ``self`` is certainly after ``day``."""
        return PartialDate(day.year, day.month, day.day).before(self)


def _child(element: Any, name: str) -> Any | None:
    # The same child as ``element.find("{*}" + name)``, found in C: ``find`` goes through
    # lxml's ElementPath first, which costs about twice as much (callgrind, issue 14).
    return next(element.iterchildren("{*}" + name), None)


def _first_two(element: Any, first: str, second: str) -> tuple[Any | None, Any | None]:
    """The first child called ``first`` and the first called ``second`` (any namespace), in
    one pass over the children: two :func:`_child` look-ups cost about twice as much."""
    found_first = found_second = None
    for part in element:
        tag = part.tag
        if isinstance(tag, str):  # not a comment or a processing instruction
            name = tag[tag.rfind("}") + 1 :]
            if name == first and found_first is None:
                found_first = part
            elif name == second and found_second is None:
                found_second = part
    return found_first, found_second


def parse_partial_date(element: Any | None) -> PartialDate | None:
    """A partial date (``DateYear`` + optional ``DateMonthDay``), or ``None``."""
    if element is None:
        return None
    year, month_day = _first_two(element, "DateYear", "DateMonthDay")
    year_text = text_of(year)
    year_match = _YEAR.fullmatch(year_text) if year_text else None
    if not year_match:
        return None
    month = day = None
    if month_day is not None:
        month_element, day_element = _first_two(month_day, "DateMonth", "DateDay")
        month_text = text_of(month_element)
        month_match = _MONTH.fullmatch(month_text) if month_text else None
        if month_match:
            month = int(month_match.group(1))
            day_text = text_of(day_element)
            day_match = _DAY.fullmatch(day_text) if day_text else None
            day = int(day_match.group(1)) if day_match else None
    return PartialDate(int(year_match.group(1)), month, day)


#: Elements the rules look up by name (others are reached through ``child`` from these).
#: The engine indexes these together with the ID, code and attachment element names.
RULE_NAMES: Final = frozenset(
    {
        "MessageMetaDataMessageID", "MessageMetaDataResponseTo", "MessageMetaDataTimestamp",
        "MessageDataPerson", "MessageDataConviction", "MessageDataDeadline", "PersonBirthDate",
        "ConvictionID", "ConvictionDecisionDate", "ConvictionDecisionFinalDate", "DecisionDate",
        "DecisionFinalDate", "OffenceStartDate", "OffenceEndDate", "PeriodStartDate", "PeriodEndDate",
        "ConvictionRelationship", "DateDay",
    }
)  # fmt: skip


def _first_text(by_name: Mapping[str, Sequence[Any]], name: str) -> str | None:
    """``Context.first_text`` for the context's own set-up (the names are in ``RULE_NAMES``)."""
    found = by_name.get(name)
    return text_of(found[0]) if found else None


class Context:
    """The document as rules see it: root name, elements by local name, metadata, options."""

    __slots__ = ("root", "root_name", "by_name", "indexed", "options", "message_id", "response_to", "timestamp", "_date")

    def __init__(
        self,
        root: Any,
        by_name: Mapping[str, Sequence[Any]],
        options: ValidationOptions,
        indexed: frozenset[str] = RULE_NAMES,
    ) -> None:
        # ``by_name`` holds only the elements named in ``indexed`` (one pass in C); asking for
        # another name is a programming error, reported loudly rather than answered "none".
        self.root = root
        self.root_name = local(root)
        self.by_name = by_name
        self.indexed = indexed
        self.options = options
        self.message_id = _first_text(by_name, "MessageMetaDataMessageID")
        self.response_to = _first_text(by_name, "MessageMetaDataResponseTo")
        self.timestamp = _first_text(by_name, "MessageMetaDataTimestamp")
        self._date: _dt.date | None | bool = False

    def all(self, name: str) -> Sequence[Any]:
        if name not in self.indexed:
            raise KeyError(f"{name} is not indexed: add it to RULE_NAMES")
        return self.by_name.get(name, ())

    def first(self, name: str) -> Any | None:
        found = self.all(name)
        return found[0] if found else None

    def first_text(self, name: str) -> str | None:
        return text_of(self.first(name))

    @property
    def type_code(self) -> str | None:
        """The type code the root requires (``None`` for an unknown root)."""
        return ROOT_TYPES.get(self.root_name)

    @property
    def message_date(self) -> _dt.date | None:
        """The date part of the timestamp as written (the sender's local date)."""
        if self._date is False:
            self._date = None
            if self.timestamp and len(self.timestamp) >= 10:
                found = _DATE.fullmatch(self.timestamp[:10])
                if found:
                    try:
                        self._date = _dt.date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
                    except ValueError:
                        self._date = None
        return self._date  # type: ignore[return-value]


#: A check: reads the context, yields findings of one rule.
Check = Callable[[Context], Iterator[Finding]]


def child(element: Any, name: str) -> Any | None:
    """The first child called ``name`` (any namespace)."""
    return _child(element, name)
