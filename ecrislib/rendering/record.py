"""A readable record built from a message, independent of the output format.

Text and HTML are drawn from the same :class:`Record`, so they show the same content. The record
is built by walking the model's attrs fields generically, with special display only for value
types (codes, free text, names, dates...): a field added to the model later is shown without
any change here, which is how "rendering never drops data" is kept true.
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
from collections.abc import Iterable, Sequence
from enum import Enum
from importlib import resources
from typing import TYPE_CHECKING, Any, Union

import attrs

from ecrislib.ids import AttachmentId, ConvictionId, DecisionId, MessageId, OffenceId, SanctionId
from ecrislib.model import (
    Amount,
    Conviction,
    Duration,
    Message,
    MultilingualText,
    Name,
    PartialDate,
    Reference,
    Sex,
    Timestamp,
)

from .dates import format_date, format_partial_date, format_timestamp, has_month_names
from .labels import CodedLabel, member_state_label, translate

if TYPE_CHECKING:
    from ecrislib.codes import CodeTables

__all__ = ["Value", "Field", "Section", "Record", "build_record", "conviction_order", "heading"]

_IDS = (MessageId, ConvictionId, DecisionId, OffenceId, SanctionId, AttachmentId)
_SEX = {Sex.UNKNOWN: "unknown", Sex.MALE: "male", Sex.FEMALE: "female"}


@attrs.frozen
class Value:
    """One displayed value: its text and how to read it.

    ``kind`` is ``code``, ``text`` (free text as sent), ``name``, ``date``, ``id``, ``binary`` or
    ``plain``; ``lang`` the language of ``text`` (for HTML ``lang=``); ``marker`` the visible
    note (fallback, language of a free text, translation); ``code`` the raw code shown next to a
    label; ``note`` the number of a provenance note.
    """

    text: str
    kind: str = "plain"
    lang: str | None = None
    marker: str = ""
    code: str | None = None
    note: int | None = None

    def __str__(self) -> str:
        parts = [self.text]
        if self.marker:
            parts.append(f"[{self.marker}]")
        if self.code is not None and self.code != self.text and self.kind != "date":
            parts.append(f"({self.code})")
        if self.note is not None:
            parts.append(f"†{self.note}")
        return " ".join(parts)


@attrs.frozen
class Field:
    """A labelled value, or several (a multilingual text, a list of nationalities)."""

    label: str
    values: tuple[Value, ...]


@attrs.frozen
class Section:
    """A titled group of fields and sub-sections, in the order the message gives them."""

    title: str
    children: tuple[Union[Field, "Section"], ...] = ()
    kind: str = ""
    source: str | None = None


@attrs.frozen
class Record:
    """What a reader sees: a title, sections, and the notes (provenance, conventions)."""

    title: str
    lang: str
    sections: tuple[Section, ...]
    notes: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def _headings() -> dict[str, dict[str, str]]:
    text = resources.files("ecrislib.rendering").joinpath("data").joinpath("headings.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    data.pop("_about", None)
    return data


def heading(key: str, lang: str = "en") -> str:
    """The heading for a field or class name; English, then the name written as words."""
    data = _headings()
    for candidate in (lang.lower(), "en"):
        found = data.get(candidate, {}).get(key)
        if found:
            return found
    words = "".join(f" {c.lower()}" if c.isupper() else c for c in key).replace("_", " ").strip()
    return words[:1].upper() + words[1:]


# Fields shown first / last in a message, so that the page reads: person, convictions, the
# rest, then contact and remarks. Metadata goes into the header section.
_FIRST = ("person", "conviction", "convictions")
_LAST = ("contact_person", "remarks")


class _Builder:
    """Walks one message; collects provenance notes as it meets unverified labels."""

    def __init__(self, tables: CodeTables, lang: str, notes: dict[tuple[str, str], list[str]]) -> None:
        self.tables = tables
        self.lang = lang.lower()
        self.notes = notes  # (evidence, source) -> codes; shared by every message of a merge
        self.on: _dt.date | None = None

    # -- values ---------------------------------------------------------------------------

    def coded(self, label: CodedLabel) -> Value:
        note = None
        provenance = label.provenance
        if label.known and not label.is_code and provenance is not None and not provenance.verified:
            key = (provenance.evidence.value, provenance.source)
            codes = self.notes.setdefault(key, [])
            if label.code not in codes:
                codes.append(label.code)
            note = list(self.notes).index(key) + 1
        return Value(
            label.text,
            kind="code",
            lang=label.lang,
            marker=label.marker,
            code=None if label.is_code else label.code,
            note=note,
        )

    def code(self, code: str) -> Value:
        return self.coded(translate(self.tables, code, self.lang, on=self.on))

    def member_state(self, code: str) -> Value:
        return self.coded(member_state_label(self.tables, code, self.lang))

    def texts(self, value: MultilingualText) -> tuple[Value, ...]:
        return tuple(
            Value(t.value, kind="text", lang=t.language, marker=_text_marker(t.language, t.translated))
            for t in value.representations
        )

    def scalar(self, value: Any, field: str = "") -> tuple[Value, ...]:
        """Display of a leaf value (anything that is not a nested object)."""
        if isinstance(value, MultilingualText):
            return self.texts(value)
        if isinstance(value, Reference):
            return (self.code(value.id),)
        if isinstance(value, Name):
            return (Value(value.value, kind="name", lang=value.language, marker=value.language or ""),)
        if isinstance(value, _IDS):
            return (Value(str(value), kind="id"),)
        if isinstance(value, PartialDate):
            return (Value(format_partial_date(value, self.lang), kind="date", code=str(value)),)
        if isinstance(value, Timestamp):
            return (Value(format_timestamp(value, self.lang), kind="date", code=value.text),)
        if isinstance(value, _dt.date):
            return (Value(format_date(value, self.lang), kind="date", code=value.isoformat()),)
        if isinstance(value, Sex):
            return (Value(_SEX[value], code=str(int(value))),)
        if isinstance(value, Enum):
            return (Value(str(value.value)),)
        if isinstance(value, (Duration, Amount)):
            return (Value(str(value)),)
        if isinstance(value, bytes):
            return (Value(f"{len(value)} bytes (content not shown)", kind="binary"),)
        if isinstance(value, bool):
            return (Value("yes" if value else "no"),)
        if isinstance(value, str) and field == "other_member_states":
            return (self.member_state(value),)
        return (Value(str(value)),)

    # -- objects --------------------------------------------------------------------------

    def is_object(self, value: Any) -> bool:
        return attrs.has(type(value)) and not isinstance(
            value, (MultilingualText, Reference, Name, PartialDate, Timestamp, Duration, Amount, *_IDS)
        )

    def title(self, item: Any) -> str:
        name = heading(type(item).__name__, self.lang)
        ident = getattr(item, "id", None)
        if ident is not None and isinstance(ident, _IDS):
            return f"{name} {ident}"
        return name

    def fields(self, obj: Any, skip: Iterable[str] = ()) -> list[Field | Section]:
        names = [f.name for f in attrs.fields(type(obj)) if f.name not in set(skip)]
        if isinstance(obj, Message):
            names = [n for n in _FIRST if n in names] + [n for n in names if n not in _FIRST + _LAST] + [
                n for n in _LAST if n in names
            ]
        children: list[Field | Section] = []
        for name in names:
            value = getattr(obj, name)
            label = heading(name, self.lang)
            if name == "convictions":
                children.append(self.convictions(value))
                continue
            if value is None or value == ():
                continue
            if self.is_object(value):
                children.append(self.section(value, label))
            elif isinstance(value, tuple) and any(self.is_object(item) for item in value):
                items = tuple(self.section(item, self.title(item)) for item in value)
                children.append(Section(label, items, kind=name))
            elif isinstance(value, tuple):
                children.append(Field(label, tuple(v for item in value for v in self.scalar(item, name))))
            else:
                children.append(Field(label, self.scalar(value, name)))
        return children

    def section(self, obj: Any, title: str, *, source: str | None = None) -> Section:
        kind = type(obj).__name__
        return Section(title, tuple(self.fields(obj)), kind=kind, source=source)

    def convictions(self, convictions: Sequence[Conviction], source: str | None = None) -> Field | Section:
        label = heading("convictions", self.lang)
        if not convictions:
            return Field(label, (Value(heading("convictions_none", self.lang)),))
        ordered = sorted(convictions, key=conviction_order)
        return Section(label, tuple(self.section(c, self.title(c), source=source) for c in ordered), kind="convictions")

    def header(self, message: Message) -> Section:
        metadata = message.metadata
        children: list[Field | Section] = [
            Field(heading("message_type", self.lang), (Value(f"{heading(message.ROOT, self.lang)} ({message.TYPE.value})"),)),
            Field(heading("from", self.lang), (self.member_state(message.sender),)),
            Field(heading("to", self.lang), (self.member_state(message.receiver),)),
        ]
        children.extend(self.fields(metadata))
        return Section(heading("message", self.lang), tuple(children), kind="metadata")

    def message(self, message: Message) -> list[Section]:
        self.on = _message_day(message)
        sections = [self.header(message)]
        loose: list[Field] = []
        for child in self.fields(message, skip=("metadata",)):
            if isinstance(child, Section):
                if loose:
                    sections.append(self._loose(message, loose))
                    loose = []
                sections.append(child)
            else:
                loose.append(child)
        if loose:
            sections.append(self._loose(message, loose))
        return sections

    def _loose(self, message: Message, fields: list[Field]) -> Section:
        """Fields of the message itself between sections; one alone gives its name to the group."""
        title = fields[0].label if len(fields) == 1 else heading(message.ROOT, self.lang)
        return Section(title, tuple(fields), kind="details")


def conviction_order(conviction: Conviction) -> tuple[Any, ...]:
    """Chronological: decision date, then final date, convicting country, ID."""
    return (conviction.decision_date, conviction.decision_final_date, conviction.convicting_country.id, str(conviction.id))


def _message_day(message: Message) -> _dt.date | None:
    try:
        return message.metadata.timestamp.to_datetime().date()
    except (ValueError, OverflowError):  # pragma: no cover - the model checks timestamps
        return None


def _text_marker(language: str | None, translated: bool | None) -> str:
    lang = language or "language not stated"
    if translated is True:
        return f"{lang}, translated by the sender"
    if translated is False:
        return f"{lang}, original"
    return lang


def _notes(lang: str, found: dict[tuple[str, str], list[str]]) -> tuple[str, ...]:
    from ecrislib.codes import Evidence

    notes = []
    for (evidence, source), codes in found.items():
        description = Evidence(evidence).description
        notes.append(f"Labels marked †{len(notes) + 1} are unverified ({evidence}: {description}); source: {source}. Codes: {', '.join(codes)}.")
    notes.append(
        "Free text is shown as the sender wrote it, with its language; ecrislib translates no free text. "
        "Coded values are shown in the reader's language where the code tables have it, else in English "
        "(marked 'fallback'), else as the raw code (marked 'code only')."
    )
    if not has_month_names(lang):
        notes.append(f"Dates are written as ISO 8601 (year-month-day): ecrislib has no month names for '{lang}'.")
    notes.append("Headings are in English. Year 1800 and 1800-01-01 are the ECRIS values for 'unknown'.")
    return tuple(notes)


def _tables(tables: CodeTables | None) -> CodeTables:
    if tables is not None:
        return tables
    from ecrislib.codes import bundled

    return bundled()


def build_record(message: Message, lang: str = "en", tables: CodeTables | None = None) -> Record:
    """The readable record of one message for a reader of ``lang``."""
    notes: dict[tuple[str, str], list[str]] = {}
    builder = _Builder(_tables(tables), lang, notes)
    sections = builder.message(message)
    title = f"{heading(message.ROOT, lang)} {message.message_id}"
    return Record(title, lang.lower(), tuple(sections), _notes(lang.lower(), notes))
