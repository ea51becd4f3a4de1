"""The readable record as one self-contained, print-friendly HTML page.

Built as lxml elements, so every value is escaped by the serializer, never by hand. The page has
inline CSS only: no script, no external resource (fonts, images, style sheets), so it can be
opened offline, archived or printed as it is.
"""

from __future__ import annotations

from lxml import etree, html
import lxml.html.builder as E

from .record import Field, Record, Section, Value

__all__ = ["to_html", "STYLE"]

STYLE = """
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; color: #111; line-height: 1.4;
       max-width: 62rem; margin: 1rem auto; padding: 0 1rem; }
h1 { font-size: 1.35rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; border-bottom: 2px solid #334; margin: 1.2rem 0 .4rem; }
h3, h4, h5, h6 { font-size: 1rem; margin: .6rem 0 .2rem; }
section section { margin-left: .5rem; padding-left: .75rem; border-left: 3px solid #d5d9e4; }
dl { display: grid; grid-template-columns: minmax(9rem, 15rem) 1fr; gap: .1rem 1rem; margin: .2rem 0; }
dt { font-weight: 600; color: #333; }
dd { margin: 0; }
.rep { display: block; }
.v-text { white-space: pre-wrap; }
.marker { color: #7a4100; font-size: .85em; }
code { font-size: .85em; color: #444; }
.note-ref { font-size: .8em; color: #7a4100; text-decoration: none; }
.meta { color: #444; margin: 0; }
.notes li { margin-bottom: .3rem; }
.warning { border: 2px solid #a40000; background: #fff3f3; padding: .2rem .8rem; margin: .8rem 0; }
.warning h2 { color: #a40000; border-bottom: none; }
@page { size: A4; margin: 15mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  h2, h3, h4, h5, h6 { break-after: avoid; page-break-after: avoid; }
  dl, .Decision, .Offence, .Sanction, .Place { break-inside: avoid; page-break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  section section { border-left-color: #999; }
}
"""


def _lang(element: etree._Element, lang: str | None, page: str) -> None:
    """Mark ``element`` with its language where it differs from the page's (HTML inherits ``lang``)."""
    if lang and lang != page:
        element.set("lang", lang)


def _value(value: Value, page: str) -> html.HtmlElement:
    span = E.SPAN(E.CLASS("rep"))
    if value.kind == "date" and value.code:
        main = etree.SubElement(span, "time", {"class": "v v-date", "datetime": value.code})
    else:
        main = etree.SubElement(span, "span", {"class": f"v v-{value.kind}"})
    main.text = value.text
    if value.lang is not None:
        main.set("lang", value.lang)  # "" says: language unknown
    tail: list[html.HtmlElement] = []
    if value.marker:
        marker = E.SPAN(E.CLASS("marker"), f"[{value.marker}]")
        _lang(marker, value.marker_lang, page)
        tail.append(marker)
    if value.code is not None and value.code != value.text and value.kind != "date":
        tail.append(E.CODE(value.code))
    if value.note is not None:
        tail.append(E.A(E.CLASS("note-ref"), f"†{value.note}", href=f"#note-{value.note}"))
    for element in tail:
        element.tail = None
        span.append(element)
    # a space between the parts when read as text (copy, screen reader, text_content)
    for element in [main, *tail][:-1]:
        element.tail = " "
    return span


def _fields(fields: list[Field], page: str) -> html.HtmlElement:
    dl = E.DL()
    for field in fields:
        term = E.DT(field.label)
        _lang(term, field.lang, page)
        dl.append(term)
        dl.append(E.DD(*[_value(v, page) for v in field.values]))
    return dl


def _section(section: Section, depth: int, page: str) -> html.HtmlElement:
    level = min(depth + 2, 6)
    element = E.SECTION(E.CLASS(section.kind or "section"))
    element.append(E.E(f"h{level}"))
    element[-1].text = section.title
    _lang(element[-1], section.lang, page)
    pending: list[Field] = []
    for child in section.children:
        if isinstance(child, Section):
            if pending:
                element.append(_fields(pending, page))
                pending = []
            element.append(_section(child, depth + 1, page))
        else:
            pending.append(child)
    if pending:
        element.append(_fields(pending, page))
    return element


def _chrome(record: Record, key: str, english: str) -> tuple[str, str]:
    said = record.chrome.get(key)
    return (said.text, said.lang) if said is not None else (english, "en")


def to_html(record: Record) -> str:
    """The record as an HTML document (a string starting with ``<!DOCTYPE html>``).

    ``<html lang>`` is the language of the page's own texts; every heading, label, value or
    marker in another language carries its own ``lang``.
    """
    page = record.lang
    title = E.H1(record.title)
    _lang(title, record.title_lang, page)
    reader_label, reader_lang = _chrome(record, "reader_language", "Reader's language")
    meta = E.P(E.CLASS("meta"), f"{reader_label}: {record.reader}")
    _lang(meta, reader_lang, page)
    body = E.BODY(E.HEADER(title, meta))
    if record.warnings:
        warning_label, warning_lang = _chrome(record, "warning", "Warning")
        box = E.SECTION(E.CLASS("warning"), role="alert")
        heading = E.H2(warning_label)
        _lang(heading, warning_lang, page)
        box.append(heading)
        for warning in record.warnings:
            paragraph = E.P(warning.text)
            _lang(paragraph, warning.lang, page)
            box.append(paragraph)
        body.append(box)
    body.extend(_section(section, 0, page) for section in record.sections)
    notes = E.OL()
    for number, note in enumerate(record.notes, 1):
        item = E.LI(note.text, id=f"note-{number}")
        _lang(item, note.lang, page)
        notes.append(item)
    notes_label, notes_lang = _chrome(record, "notes", "Notes")
    notes_heading = E.H2(notes_label)
    _lang(notes_heading, notes_lang, page)
    body.append(E.SECTION(E.CLASS("notes"), notes_heading, notes))
    document = E.HTML(
        E.HEAD(
            E.META(charset="utf-8"),
            E.META(name="viewport", content="width=device-width, initial-scale=1"),
            E.TITLE(record.title),
            E.STYLE(STYLE),
        ),
        body,
        lang=page,
    )
    return html.tostring(document, doctype="<!DOCTYPE html>", encoding="unicode", pretty_print=True)
