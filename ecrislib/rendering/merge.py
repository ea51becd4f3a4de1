"""Several replies about one person, merged into one chronological record (a "rap sheet").

Each reply keeps its own section (message, person as that country gave it, response type), so
nothing is dropped; the convictions of all replies are listed together in date order, each with
the country and message it came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ecrislib.model import RequestResponseMessage

from .record import Field, Record, Section, Value, _Builder, _message_day, _notes, _tables, conviction_order, heading

if TYPE_CHECKING:
    from ecrislib.codes import CodeTables

__all__ = ["merge_records"]


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
    notes: dict[tuple[str, str], list[str]] = {}
    builder = _Builder(_tables(tables), lang, notes)
    sections: list[Section] = []
    entries: list[tuple[tuple[Any, ...], Section]] = []
    for message in messages:
        reply = builder.message(attrs.evolve(message, convictions=()))
        source_label = str(builder.member_state(message.sender))
        source = f"{source_label}, {message.message_id}"
        title = f"{heading('source', lang)}: {source_label} ({message.message_id})"
        sections.append(Section(title, tuple(s for s in reply if s.kind != "convictions"), kind="reply", source=source))
        builder.on = _message_day(message)
        for conviction in message.convictions:
            origin = Field(
                heading("source", lang),
                (builder.member_state(message.sender), Value(str(message.message_id), kind="id")),
            )
            body = builder.section(conviction, builder.title(conviction), source=source)
            entries.append((conviction_order(conviction), attrs.evolve(body, children=(origin, *body.children))))
    entries.sort(key=lambda pair: pair[0])
    label = heading("convictions", lang)
    if entries:
        sections.append(Section(label, tuple(section for _, section in entries), kind="convictions"))
    else:
        sections.append(Section(label, (Field(label, (Value(heading("convictions_none", lang)),)),), kind="convictions"))
    extra: list[str] = []
    identities = {_identity(m) for m in messages}
    if len(identities) > 1:
        extra.append("The replies give different names or dates of birth: check that they concern the same person.")
    senders = ", ".join(str(m.message_id) for m in messages)
    title = f"{label}: {len(entries)} from {len(messages)} replies ({senders})"
    return Record(title, lang.lower(), tuple(sections), _notes(lang.lower(), notes) + tuple(extra))


def _identity(message: RequestResponseMessage) -> tuple[str, str, str]:
    person = message.person
    return (person.name.surname.value.casefold(), person.name.forename.value.casefold(), str(person.birth_date))
