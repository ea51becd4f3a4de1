"""Several replies about one person, merged into one chronological record (a "rap sheet").

Each reply keeps its own section (message, person as that country gave it, response type), so
nothing is dropped; the convictions of all replies are listed together in date order, each with
the country and message it came from. Replies about different people (name or date of birth
differ) are refused: a merged record of two people would be a false record of one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ecrislib.errors import DifferentPersonsError
from ecrislib.model import RequestResponseMessage

from .l10n import N_, Localised
from .record import Field, Record, Section, Value, _Builder, _message_day, _tables, conviction_order, page_chrome

if TYPE_CHECKING:
    from ecrislib.codes import CodeTables

__all__ = ["merge_records", "same_person"]


def same_person(messages: Sequence[RequestResponseMessage]) -> None:
    """Raise :class:`~ecrislib.errors.DifferentPersonsError` unless every reply gives the same
    surname, forename and date of birth (compared ignoring case)."""
    groups: dict[tuple[str, str, str], list[str]] = {}
    for message in messages:
        groups.setdefault(_identity(message), []).append(str(message.message_id))
    if len(groups) > 1:
        raise DifferentPersonsError(tuple(tuple(ids) for ids in groups.values()))


def merge_records(messages: Sequence[RequestResponseMessage], lang: str = "en", tables: CodeTables | None = None) -> Record:
    """One chronological record from several replies about one person (rap-sheet merge).

    Every reply keeps its own section (message, person, response); the convictions of all
    replies are listed together in date order, each with its source country and message ID.
    """
    if not messages:
        raise ValueError("nothing to merge")
    for message in messages:
        if not isinstance(message, RequestResponseMessage):
            raise TypeError(f"only request responses (RRS) can be merged, not a {message.ROOT}")
    same_person(messages)
    notes: dict[tuple[str, str], list[str]] = {}
    builder = _Builder(_tables(tables), lang, notes)
    source_heading = builder.heading("source")
    sections: list[Section] = []
    entries: list[tuple[tuple[Any, ...], Section]] = []
    for message in messages:
        reply = builder.message(attrs.evolve(message, convictions=()))
        source_label = str(builder.member_state(message.sender))
        source = f"{source_label}, {message.message_id}"
        reply_title = f"{source_heading.text}: {source_label} ({message.message_id})"
        children = tuple(s for s in reply if s.kind != "convictions")
        sections.append(Section(reply_title, children, kind="reply", source=source, lang=source_heading.lang))
        builder.on = _message_day(message)
        for conviction in message.convictions:
            origin = Field(
                source_heading.text,
                (builder.member_state(message.sender), Value(str(message.message_id), kind="id")),
                lang=source_heading.lang,
            )
            body = builder.section(conviction, builder.title(conviction), source=source)
            entries.append((conviction_order(conviction), attrs.evolve(body, children=(origin, *body.children))))
    entries.sort(key=lambda pair: pair[0])
    label = builder.heading("convictions")
    if entries:
        sections.append(Section(label.text, tuple(section for _, section in entries), kind="convictions", lang=label.lang))
    else:
        sections.append(Section(label.text, (builder.no_convictions(),), kind="convictions", lang=label.lang))
    said = builder.ui.gettext(N_("{convictions}: {count} from {replies} replies ({ids})"))
    ids = ", ".join(str(m.message_id) for m in messages)
    title = Localised(said.text.format(convictions=label.text, count=len(entries), replies=len(messages), ids=ids), said.lang)
    return Record(
        title.text,
        builder.ui.page_lang,
        tuple(sections),
        builder.note_values(),
        reader=builder.lang,
        title_lang=title.lang,
        chrome=page_chrome(builder.ui),
    )


def _identity(message: RequestResponseMessage) -> tuple[str, str, str]:
    person = message.person
    return (person.name.surname.value.casefold(), person.name.forename.value.casefold(), str(person.birth_date))
