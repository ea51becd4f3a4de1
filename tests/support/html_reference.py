"""The HTML page built the way ecrislib built it before it wrote the page as text: as lxml
elements, serialised by lxml's HTML serializer (libxml2's). The oracle of the HTML writer's
differential test: the two must agree to the byte on every record.

Kept as it was (ecrislib 0.x, ``rendering/html.py`` up to commit 929fe9a), less the CSS, which
it takes from the writer.
"""

from __future__ import annotations

from typing import Final, cast

from lxml import etree, html
from lxml.etree import SubElement

from ecrislib.rendering.html import STYLE
from ecrislib.rendering.record import Field, Record, Section, Value

__all__ = ["reference_html"]

#: Makes the page's root in an HTML document with plain elements. In an HTML document lxml
#: checks each tag and attribute name in C; in an XML one (``etree.Element``) by a bytes
#: search costing an exception inside Python (about a third of the page's building).
#: ``lxml.html``'s own parser would also look up an element class for every element made. It is
#: used for ``makeelement`` only, which keeps no state in the parser.
_PAGE: Final = etree.HTMLParser()
#: The heading of a section at each depth (h2 for the top level; h6 for all below the fifth).
_HEADINGS = ("h2", "h3", "h4", "h5", "h6")


def _lang(element: etree._Element, lang: str | None, page: str) -> None:
    """Mark ``element`` with its language where it differs from the page's (HTML inherits ``lang``)."""
    if lang and lang != page:
        element.set("lang", lang)


def _value(dd: etree._Element, value: Value, page: str) -> None:
    """One value as a ``span.rep`` in ``dd``: the value, its marker, its code and its note link."""
    span = SubElement(dd, "span", {"class": "rep"})
    if value.kind == "date" and value.code:
        main = SubElement(span, "time", {"class": "v v-date", "datetime": value.code})
    else:
        main = SubElement(span, "span", {"class": f"v v-{value.kind}"})
    main.text = value.text
    if value.lang is not None:
        main.set("lang", value.lang)  # "" says: language unknown
    last = main
    # a space between the parts when read as text (copy, screen reader, text_content)
    if value.marker:
        last.tail = " "
        last = SubElement(span, "span", {"class": "marker"})
        last.text = f"[{value.marker}]"
        _lang(last, value.marker_lang, page)
    if value.code is not None and value.code != value.text and value.kind != "date":
        last.tail = " "
        last = SubElement(span, "code")
        last.text = value.code
    if value.note is not None:
        last.tail = " "
        last = SubElement(span, "a", {"href": f"#note-{value.note}", "class": "note-ref"})
        last.text = f"†{value.note}"


def _fields(parent: etree._Element, fields: list[Field], page: str) -> None:
    dl = SubElement(parent, "dl")
    for field in fields:
        term = SubElement(dl, "dt")
        term.text = field.label
        _lang(term, field.lang, page)
        dd = SubElement(dl, "dd")
        for value in field.values:
            _value(dd, value, page)


def _section(parent: etree._Element, section: Section, depth: int, page: str) -> None:
    element = SubElement(parent, "section", {"class": section.kind or "section"})
    heading = SubElement(element, _HEADINGS[min(depth, len(_HEADINGS) - 1)])
    heading.text = section.title
    _lang(heading, section.lang, page)
    pending: list[Field] = []
    for child in section.children:
        if isinstance(child, Section):
            if pending:
                _fields(element, pending, page)
                pending = []
            _section(element, child, depth + 1, page)
        else:
            pending.append(child)
    if pending:
        _fields(element, pending, page)


def _chrome(record: Record, key: str, english: str) -> tuple[str, str]:
    said = record.chrome.get(key)
    return (said.text, said.lang) if said is not None else (english, "en")


def _text(parent: etree._Element, tag: str, text: str, lang: str | None, page: str, attrib: dict[str, str] | None = None) -> etree._Element:
    element = SubElement(parent, tag, attrib)
    element.text = text
    _lang(element, lang, page)
    return element


def reference_html(record: Record) -> str:
    """The record as an HTML document (a string starting with ``<!DOCTYPE html>``).

    ``<html lang>`` is the language of the page's own texts; every heading, label, value or
    marker in another language carries its own ``lang``.
    """
    page = record.lang
    document = _PAGE.makeelement("html", lang=page)
    head = SubElement(document, "head")
    SubElement(head, "meta", charset="utf-8")
    SubElement(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
    SubElement(head, "title").text = record.title
    SubElement(head, "style").text = STYLE
    body = SubElement(document, "body")
    header = SubElement(body, "header")
    _text(header, "h1", record.title, record.title_lang, page)
    reader_label, reader_lang = _chrome(record, "reader_language", "Reader's language")
    _text(header, "p", f"{reader_label}: {record.reader}", reader_lang, page, {"class": "meta"})
    if record.warnings:
        warning_label, warning_lang = _chrome(record, "warning", "Warning")
        box = SubElement(body, "section", {"role": "alert", "class": "warning"})
        _text(box, "h2", warning_label, warning_lang, page)
        for warning in record.warnings:
            _text(box, "p", warning.text, warning.lang, page)
    for section in record.sections:
        _section(body, section, 0, page)
    notes = SubElement(body, "section", {"class": "notes"})
    notes_label, notes_lang = _chrome(record, "notes", "Notes")
    _text(notes, "h2", notes_label, notes_lang, page)
    listed = SubElement(notes, "ol")
    for number, note in enumerate(record.notes, 1):
        _text(listed, "li", note.text, note.lang, page, {"id": f"note-{number}"})
    # lxml.html's serializer (etree's HTML method, then its clean-up) takes plain elements too
    page_html: str = html.tostring(cast("html.HtmlElement", document), doctype="<!DOCTYPE html>", encoding="unicode", pretty_print=True)
    return page_html
