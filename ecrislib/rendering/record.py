"""A readable record built from a message, independent of the output format.

Text and HTML are drawn from the same :class:`Record`, so they show the same content. The record
is built by walking the model's attrs fields generically, with special display only for value
types (codes, free text, names, dates...): a field added to the model later is shown without
any change here, which is how "rendering never drops data" is kept true.
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from enum import Enum
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
    YesNoUnknown,
)

from .dates import format_date, format_partial_date, format_timestamp
from .headings import HEADINGS
from .l10n import N_, Localised, UiTexts, format_duration_parts, language_name, ui_texts
from .labels import FALLBACK, CodedLabel, member_state_label, translate

if TYPE_CHECKING:
    from ecrislib.codes import CodeTables
    from ecrislib.validation import ValidationReport

__all__ = ["Value", "Field", "Section", "Record", "build_record", "conviction_order", "heading", "localised_heading", "coded_marker"]

_IDS = (MessageId, ConvictionId, DecisionId, OffenceId, SanctionId, AttachmentId)
_SEX = {Sex.UNKNOWN: N_("unknown"), Sex.MALE: N_("male"), Sex.FEMALE: N_("female")}
_YES_NO = {YesNoUnknown.YES: N_("yes"), YesNoUnknown.NO: N_("no"), YesNoUnknown.UNKNOWN: N_("unknown")}


@attrs.frozen
class Value:
    """One displayed value: its text and how to read it.

    ``kind`` is ``code``, ``text`` (free text as sent), ``name``, ``date``, ``id``, ``binary`` or
    ``plain``; ``lang`` the language of ``text`` (for HTML ``lang=``; None for what is in no
    language: numbers, identifiers; ``""`` for text the message gives without stating its
    language, HTML's "unknown"); ``marker`` the visible note (fallback, language of a free
    text, translation) and ``marker_lang`` its language; ``code`` the raw code shown next to a
    label; ``note`` the number of a provenance note.
    """

    text: str
    kind: str = "plain"
    lang: str | None = None
    marker: str = ""
    code: str | None = None
    note: int | None = None
    marker_lang: str | None = None

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
    lang: str | None = None  # the language of the label


@attrs.frozen
class Section:
    """A titled group of fields and sub-sections, in the order the message gives them."""

    title: str
    children: tuple[Union[Field, "Section"], ...] = ()
    kind: str = ""
    source: str | None = None
    lang: str | None = None  # the language of the title


@attrs.frozen
class StreamedSection(Section):
    """A section whose children are built only as they are written (``stream()``), so that a
    reply with a thousand convictions is never held as a record all at once. Made only by
    :func:`streamed_record`, for the HTML page, whose writer builds each child, writes it and
    lets it go; ``children`` stays empty."""

    stream: Callable[[], Iterator[Section]] = attrs.field(kw_only=True, eq=False)


@attrs.frozen
class Record:
    """What a reader sees: a title, sections, and the notes (provenance, conventions).

    ``lang`` is the language of the page's own texts (headings, notes): the reader's when ecrislib
    has a catalogue for it, else English; ``reader`` is the reader's language, which dates,
    durations and coded labels are in wherever the data has it. ``warnings`` come first on the
    page (an invalid message); ``chrome`` holds the page's fixed texts (``notes``,
    ``reader_language``, ``warning``) in the page's language.
    """

    title: str
    lang: str
    sections: tuple[Section, ...]
    notes: tuple[Value, ...]
    reader: str = "en"
    warnings: tuple[Value, ...] = ()
    title_lang: str | None = None
    chrome: dict[str, Localised] = attrs.field(factory=dict, eq=False)


def localised_heading(key: str, ui: UiTexts) -> Localised:
    """The heading for a field or class name, in the reader's language where the catalogue has it.

    A name the model gained after :data:`HEADINGS` was written is shown as words (English).
    """
    english = HEADINGS.get(key)
    if english is not None:
        return ui.gettext(english)
    words = "".join(f" {c.lower()}" if c.isupper() else c for c in key).replace("_", " ").strip()
    return Localised(words[:1].upper() + words[1:], "en")


@functools.lru_cache(maxsize=64)
def _headings(ui: UiTexts) -> Mapping[str, Localised]:
    """Every heading of :data:`HEADINGS` for one reader, looked up once per language (a record
    asks for a heading for every field it meets, and for every field its object has)."""
    return MappingProxyType({key: localised_heading(key, ui) for key in HEADINGS})


def heading(key: str, lang: str = "en") -> str:
    """The heading text for a field or class name in ``lang`` (see :func:`localised_heading`)."""
    return localised_heading(key, ui_texts(lang)).text


def page_chrome(ui: UiTexts) -> dict[str, Localised]:
    """The fixed texts of every page, for the output formats."""
    return {
        "notes": ui.gettext(HEADINGS["notes"]),
        "reader_language": ui.gettext(HEADINGS["reader_language"]),
        "warning": ui.gettext(N_("Warning")),
    }


# Fields shown first / last in a message, so that the page reads: person, convictions, the
# rest, then contact and remarks. Metadata goes into the header section.
_FIRST = ("person", "conviction", "convictions")
_LAST = ("contact_person", "remarks")


class _Builder:
    """Walks one message; collects provenance notes as it meets unverified labels."""

    def __init__(self, tables: CodeTables, lang: str, notes: dict[tuple[str, str], list[str]], *, streamed: bool = False) -> None:
        self.tables = tables
        self.streamed = streamed  # convictions as a StreamedSection, built as they are written
        self.ui = ui_texts(lang)
        self.lang = self.ui.lang
        self.headings = _headings(self.ui)
        self.notes = notes  # (evidence, source) -> codes; shared by every message of a merge
        self.on: _dt.date | None = None
        # What one record asks for again and again, answered once per record: a message names
        # the same few languages and codes many times (825 language names for 8 languages in the
        # golden set), and each answer is a CLDR or code-table look-up.
        self._codes: dict[tuple[str, _dt.date | None], Value] = {}
        self._states: dict[str, Value] = {}  # a member state's label does not depend on the day
        self._languages: dict[str | None, str] = {}
        self._markers: dict[tuple[str | None, bool | None], Localised] = {}

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
        marker = coded_marker(label, self.ui)
        return Value(
            label.text,
            kind="code",
            lang=label.lang,
            marker=marker.text if marker else "",
            marker_lang=marker.lang if marker else None,
            code=None if label.is_code else label.code,
            note=note,
        )

    def word(self, message: str, code: str | None = None) -> Value:
        """A UI word shown as a value (``yes``, ``male``), in the catalogue's language, with the
        raw ``code`` it stands for, if any."""
        said = self.ui.gettext(message)
        return Value(said.text, lang=said.lang, code=code)

    def heading(self, key: str) -> Localised:
        found = self.headings.get(key)
        return found if found is not None else localised_heading(key, self.ui)

    def field(self, key: str, values: tuple[Value, ...]) -> Field:
        label = self.heading(key)
        return Field(label.text, values, lang=label.lang)

    def code(self, code: str) -> Value:
        key = (code, self.on)
        found = self._codes.get(key)
        if found is None:  # coded() notes an unverified label's provenance the first time only
            found = self._codes[key] = self.coded(translate(self.tables, code, self.lang, on=self.on))
        return found

    def member_state(self, code: str) -> Value:
        found = self._states.get(code)
        if found is None:
            found = self._states[code] = self.coded(member_state_label(self.tables, code, self.lang))
        return found

    def texts(self, value: MultilingualText) -> tuple[Value, ...]:
        values = []
        for t in value.representations:
            marker = self.text_marker(t.language, t.translated)
            values.append(Value(t.value, kind="text", lang=t.language or "", marker=marker.text, marker_lang=marker.lang))
        return tuple(values)

    def language(self, code: str | None) -> str:
        """``Romanian (ro)``: a language code with its name in the reader's language (CLDR)."""
        found = self._languages.get(code)
        if found is None:
            if code is None:
                found = self.ui.gettext(N_("language not stated")).text
            else:
                name = language_name(code, self.lang)
                found = f"{name} ({code})" if name else code
            self._languages[code] = found
        return found

    def text_marker(self, language: str | None, translated: bool | None) -> Localised:
        key = (language, translated)
        found = self._markers.get(key)
        if found is None:
            found = self._markers[key] = self._text_marker(language, translated)
        return found

    def _text_marker(self, language: str | None, translated: bool | None) -> Localised:
        lang = self.language(language)
        if translated is True:
            said = self.ui.gettext(N_("{language}, translated by the sender"))
        elif translated is False:
            said = self.ui.gettext(N_("{language}, original"))
        else:
            return Localised(lang, self.lang)
        return Localised(said.text.format(language=lang), said.lang)

    def scalar(self, value: Any, field: str = "") -> tuple[Value, ...]:
        """Display of a leaf value (anything that is not a nested object)."""
        return _show_of(type(value))(self, value, field)

    def _show_texts(self, value: MultilingualText, field: str) -> tuple[Value, ...]:
        return self.texts(value)

    def _show_reference(self, value: Reference, field: str) -> tuple[Value, ...]:
        return (self.code(value.id),)

    def _show_name(self, value: Name, field: str) -> tuple[Value, ...]:
        marker = self.language(value.language) if value.language else ""
        return (Value(value.value, kind="name", lang=value.language or "", marker=marker, marker_lang=self.lang),)

    def _show_id(self, value: Any, field: str) -> tuple[Value, ...]:
        return (Value(str(value), kind="id"),)

    def _show_partial_date(self, value: PartialDate, field: str) -> tuple[Value, ...]:
        lang = self.ui.gettext("unknown ({date})").lang if value.is_unknown else self.lang
        return (Value(format_partial_date(value, self.lang), kind="date", code=str(value), lang=lang),)

    def _show_timestamp(self, value: Timestamp, field: str) -> tuple[Value, ...]:
        return (Value(format_timestamp(value, self.lang), kind="date", code=value.text, lang=self.lang),)

    def _show_date(self, value: _dt.date, field: str) -> tuple[Value, ...]:
        return (Value(format_date(value, self.lang), kind="date", code=value.isoformat(), lang=self.lang),)

    def _show_sex(self, value: Sex, field: str) -> tuple[Value, ...]:
        return (self.word(_SEX[value], str(int(value))),)

    def _show_yes_no(self, value: YesNoUnknown, field: str) -> tuple[Value, ...]:
        return (self.word(_YES_NO[value], value.value),)

    def _show_enum(self, value: Enum, field: str) -> tuple[Value, ...]:
        return (Value(str(value.value)),)

    def _show_duration(self, value: Duration, field: str) -> tuple[Value, ...]:
        words = format_duration_parts(value.years, value.months, value.days, self.lang)
        return (Value(words, kind="duration", lang=self.lang, code=str(value)),)

    def _show_bytes(self, value: bytes, field: str) -> tuple[Value, ...]:
        said = self.ui.gettext(N_("{size} bytes (content not shown)"))
        return (Value(said.text.format(size=len(value)), kind="binary", lang=said.lang),)

    def _show_bool(self, value: bool, field: str) -> tuple[Value, ...]:
        return (self.word(N_("yes") if value else N_("no"), "true" if value else "false"),)

    def _show_str(self, value: str, field: str) -> tuple[Value, ...]:
        if field == "other_member_states":
            return (self.member_state(value),)
        if any(c.isalpha() for c in value):
            return (Value(value, lang=""),)  # text from the message in no stated language
        return (Value(value),)

    def _show_plain(self, value: Any, field: str) -> tuple[Value, ...]:
        return (Value(str(value)),)

    # -- objects --------------------------------------------------------------------------

    def is_object(self, value: Any) -> bool:
        """Whether ``value`` is shown as a section of its own, not as a leaf value."""
        return _is_object_type(type(value))

    def title(self, item: Any) -> Localised:
        name = self.heading(type(item).__name__)
        ident = getattr(item, "id", None)
        if ident is not None and isinstance(ident, _IDS):
            return Localised(f"{name.text} {ident}", name.lang)
        return name

    def fields(self, obj: Any, skip: Iterable[str] = ()) -> list[Field | Section]:
        return list(self.children(obj, skip))

    def children(self, obj: Any, skip: Iterable[str] = ()) -> Iterator[Field | Section]:
        """The fields and sections of ``obj``, each built when it is asked for (the order in
        which labels are met numbers the provenance notes)."""
        cls: Any = type(obj)
        for name in _field_names(cls, tuple(skip)):
            value = getattr(obj, name)
            if name == "convictions":
                yield self.convictions(value)
                continue
            if value is None:
                continue
            many = isinstance(value, tuple)
            if many and not value:
                continue
            label = self.heading(name)
            if not many:
                if _is_object_type(type(value)):
                    yield self.section(value, label)
                else:
                    yield Field(label.text, _show_of(type(value))(self, value, name), lang=label.lang)
            elif any(map(_is_object_type, map(type, value))):
                items = tuple(self.section(item, self.title(item)) for item in value)
                yield Section(label.text, items, kind=name, lang=label.lang)
            else:
                yield Field(label.text, tuple(v for item in value for v in self.scalar(item, name)), lang=label.lang)

    def section(self, obj: Any, title: Localised, *, source: str | None = None) -> Section:
        kind = type(obj).__name__
        return Section(title.text, tuple(self.children(obj)), kind=kind, source=source, lang=title.lang)

    def no_convictions(self) -> Field:
        return self.field("convictions", (self.word(HEADINGS["convictions_none"]),))

    def convictions(self, convictions: Sequence[Conviction], source: str | None = None) -> Field | Section:
        if not convictions:
            return self.no_convictions()
        label = self.heading("convictions")
        ordered = sorted(convictions, key=conviction_order)
        if self.streamed:
            return StreamedSection(
                label.text, kind="convictions", lang=label.lang, stream=lambda: (self.section(c, self.title(c), source=source) for c in ordered)
            )
        children = tuple(self.section(c, self.title(c), source=source) for c in ordered)
        return Section(label.text, children, kind="convictions", lang=label.lang)

    def header(self, message: Message) -> Section:
        metadata = message.metadata
        kind = self.heading(message.ROOT)
        children: list[Field | Section] = [
            self.field("message_type", (Value(f"{kind.text} ({message.TYPE.value})", lang=kind.lang),)),
            self.field("from", (self.member_state(message.sender),)),
            self.field("to", (self.member_state(message.receiver),)),
        ]
        children.extend(self.fields(metadata))
        title = self.heading("message")
        return Section(title.text, tuple(children), kind="metadata", lang=title.lang)

    def message(self, message: Message) -> list[Section]:
        return list(self.sections(message))

    def sections(self, message: Message) -> Iterator[Section]:
        """The top-level sections of ``message``'s record, each built when it is asked for."""
        self.on = _message_day(message)
        yield self.header(message)
        loose: list[Field] = []
        for child in self.children(message, skip=("metadata",)):
            if isinstance(child, Section):
                if loose:
                    yield self._loose(message, loose)
                    loose = []
                yield child
            else:
                loose.append(child)
        if loose:
            yield self._loose(message, loose)

    def _loose(self, message: Message, fields: list[Field]) -> Section:
        """Fields of the message itself between sections; one alone gives its name to the group."""
        title = Localised(fields[0].label, fields[0].lang or "en") if len(fields) == 1 else self.heading(message.ROOT)
        return Section(title.text, tuple(fields), kind="details", lang=title.lang)

    def note_values(self) -> tuple[Value, ...]:
        """The notes at the end of the record: provenance of unverified labels, then conventions."""
        from ecrislib.codes import Evidence

        notes: list[Value] = []
        for (evidence, source), codes in self.notes.items():
            description = Evidence(evidence).description
            said = self.ui.gettext(
                N_("Labels marked †{number} are unverified ({evidence}: {description}); source: {source}. Codes: {codes}.")
            )
            text = said.text.format(number=len(notes) + 1, evidence=evidence, description=description, source=source, codes=", ".join(codes))
            notes.append(Value(text, lang=said.lang))
        for message in _CONVENTIONS:
            notes.append(self.word(message))
        return tuple(notes)

    def warnings(self, report: ValidationReport | None) -> tuple[Value, ...]:
        """A visible warning when the message breaks the ECRIS rules: rule IDs and paths only."""
        if report is None or not report.errors:
            return ()
        said = self.ui.gettext(
            N_("This message is not valid ECRIS: what it says may be incomplete or wrong. Errors found: {count}.")
        )
        headline = Value(said.text.format(count=len(report.errors)), kind="warning", lang=said.lang)
        found = dict.fromkeys(f"{issue.rule_id} {issue.path or ''}".strip() for issue in report.errors)
        return (headline, *(Value(rule, kind="rule") for rule in found))


#: The conventions every record states at its end (after the provenance notes).
_CONVENTIONS: tuple[str, ...] = (
    N_(
        "Free text is shown as the sender wrote it, with its language; ecrislib translates no free text. "
        "Coded values are shown in the reader's language where the code tables have it, else in English "
        "(marked 'fallback'), else as the raw code (marked 'code only')."
    ),
    N_("Dates, durations and language names are written in the reader's language from CLDR."),
    N_("Year 1800 and 1800-01-01 are the ECRIS values for 'unknown'."),
)


@functools.lru_cache(maxsize=64)
def convention_texts(lang: str) -> frozenset[str]:
    """The conventions every record of a page in ``lang`` ends with, as its notes say them."""
    ui = ui_texts(lang)
    return frozenset(ui.gettext(message).text for message in _CONVENTIONS)


def coded_marker(label: CodedLabel, ui: UiTexts) -> Localised | None:
    """The visible note on where a coded label comes from, in the reader's language; None if none is needed."""
    from babel.lists import format_list

    from .l10n import cldr_locale

    parts: list[Localised] = []
    if not label.known:
        parts.append(ui.gettext(N_("code only: not in the loaded tables")))
    elif label.is_code:
        tried = list(dict.fromkeys((label.requested, *FALLBACK)))
        said = ui.gettext(N_("code only: no label in {languages}"))
        listed = format_list(tried, style="or", locale=cldr_locale(said.lang))
        parts.append(Localised(said.text.format(languages=listed), said.lang))
    elif label.is_fallback:
        said = ui.gettext(N_("{lang}, fallback from {requested}"))
        parts.append(Localised(said.text.format(lang=label.lang, requested=label.requested), said.lang))
    if label.not_valid_on is not None:
        said = ui.gettext(N_("not valid on {date}"))
        parts.append(Localised(said.text.format(date=label.not_valid_on.isoformat()), said.lang))
    if not parts:
        return None
    return Localised("; ".join(part.text for part in parts), parts[0].lang)


#: How a leaf value is shown, by the first of these classes it is an instance of (a Sex or a
#: YesNoUnknown before any other Enum, a bool before an int); anything else is shown as ``str()``.
_SHOWS: tuple[tuple[Any, Any], ...] = (
    (MultilingualText, _Builder._show_texts),
    (Reference, _Builder._show_reference),
    (Name, _Builder._show_name),
    (_IDS, _Builder._show_id),
    (PartialDate, _Builder._show_partial_date),
    (Timestamp, _Builder._show_timestamp),
    (_dt.date, _Builder._show_date),
    (Sex, _Builder._show_sex),
    (YesNoUnknown, _Builder._show_yes_no),
    (Enum, _Builder._show_enum),
    (Duration, _Builder._show_duration),
    (Amount, _Builder._show_plain),
    (bytes, _Builder._show_bytes),
    (bool, _Builder._show_bool),
    (str, _Builder._show_str),
)


#: A ``_Builder`` method that shows a leaf value: (builder, value, field name) -> values.
_Show = Callable[["_Builder", Any, str], tuple[Value, ...]]


def _show_for(cls: Any) -> _Show:
    """The ``_Builder`` method that shows a value of ``cls``: the first of :data:`_SHOWS` it is
    a subclass of."""
    for kind, show in _SHOWS:
        if issubclass(cls, kind):
            return show  # type: ignore[no-any-return]
    return _Builder._show_plain


def _object_type(cls: Any) -> bool:
    """Whether values of ``cls`` are shown as a section of their own (not a leaf value)."""
    return attrs.has(cls) and not issubclass(cls, (MultilingualText, Reference, Name, PartialDate, Timestamp, Duration, Amount, *_IDS))


# A record shows hundreds of values of a few dozen classes, and asks both for each: answered
# once per class. (Typed as plain callables: typeshed's lru_cache takes no type[...] as Hashable.)
_show_of: Callable[[Any], _Show] = functools.lru_cache(maxsize=256)(_show_for)
_is_object_type: Callable[[Any], bool] = functools.lru_cache(maxsize=256)(_object_type)


@functools.lru_cache(maxsize=256)
def _field_names(cls: Any, skip: tuple[str, ...]) -> tuple[str, ...]:
    """The fields of ``cls`` in the order a record shows them, less ``skip``; once per class.
    A message's own fields start with :data:`_FIRST` and end with :data:`_LAST`."""
    names = [f.name for f in attrs.fields(cls) if f.name not in set(skip)]
    if issubclass(cls, Message):
        names = [n for n in _FIRST if n in names] + [n for n in names if n not in _FIRST + _LAST] + [n for n in _LAST if n in names]
    return tuple(names)


def conviction_order(conviction: Conviction) -> tuple[Any, ...]:
    """Chronological: decision date, then final date, convicting country, ID."""
    return (conviction.decision_date, conviction.decision_final_date, conviction.convicting_country.id, str(conviction.id))


def _message_day(message: Message) -> _dt.date | None:
    try:
        return message.metadata.timestamp.to_datetime().date()
    except (ValueError, OverflowError):  # pragma: no cover - the model checks timestamps
        return None


def _tables(tables: CodeTables | None) -> CodeTables:
    if tables is not None:
        return tables
    from ecrislib.codes import bundled

    return bundled()


def build_record(
    message: Message, lang: str = "en", tables: CodeTables | None = None, report: ValidationReport | None = None
) -> Record:
    """The readable record of one message for a reader of ``lang``; ``report`` adds its warning."""
    record, sections, notes = streamed_record(message, lang, tables, report, streamed=False)
    built = tuple(sections)
    return attrs.evolve(record, sections=built, notes=notes())


def streamed_record(
    message: Message, lang: str = "en", tables: CodeTables | None = None, report: ValidationReport | None = None, *, streamed: bool = True
) -> tuple[Record, Iterator[Section], Callable[[], tuple[Value, ...]]]:
    """The record of :func:`build_record` in parts, for a writer that lets each part go once
    written (the HTML page): the record without its sections and notes; its sections, each
    built when asked for (a reply's convictions as a :class:`StreamedSection`); and its notes,
    to be asked for once the sections are written (they are gathered as labels are met).
    ``streamed=False`` builds convictions as a plain section."""
    builder = _Builder(_tables(tables), lang, {}, streamed=streamed)
    kind = builder.heading(message.ROOT)
    record = Record(
        f"{kind.text} {message.message_id}",
        builder.ui.page_lang,
        (),
        (),
        reader=builder.lang,
        warnings=builder.warnings(report),
        title_lang=kind.lang,
        chrome=page_chrome(builder.ui),
    )
    return record, builder.sections(message), builder.note_values
