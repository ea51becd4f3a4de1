"""The readable record as one self-contained, print-friendly HTML page.

Written as text straight from the record, with no element tree in between: building the page
as lxml elements and serialising them cost more than building the record itself, and held the
whole tree in memory. The text is the one lxml's HTML serializer (libxml2's) gives for the same
elements, to the byte: the same escaping, attribute quoting and pretty-printing line breaks
(see :func:`_escape`, :func:`_attribute`, :func:`_fields` and :func:`_section`), which a test
checks against lxml itself. The page has inline CSS only: no script, no external resource (fonts,
images, style sheets), so it can be opened offline, archived or printed as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Final

from .record import Field, Record, Section, StreamedSection, Value

__all__ = ["to_html", "STYLE"]

Write = Callable[[str], object]

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

#: The heading of a section at each depth (h2 for the top level; h6 for all below the fifth).
_HEADINGS = ("h2", "h3", "h4", "h5", "h6")

#: Pieces of streamed sections held before they are joined into one text (see streamed_html).
_PIECES_PER_CHUNK: Final = 2048

#: What lxml refuses in an element's text or attribute (XML 1.0 has no such character), so the
#: page refuses it too.
_NOT_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _escape(text: str) -> str:
    """Text as libxml2 writes it in HTML: ``&``, ``<`` and ``>`` as references, all else as it
    is; a character XML cannot carry is refused, as lxml refuses it (a message never holds one:
    the model refuses them, but a record can be built by hand)."""
    if not text.isprintable() and _NOT_XML.search(text) is not None:  # isprintable: one fast pass
        raise ValueError("All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control characters")
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _attribute(name: str, value: str) -> str:
    """`` name="value"`` as libxml2 writes it: escaped as text, in double quotes; in single
    quotes if it holds a double quote but no single one; with ``&quot;`` if it holds both."""
    value = _escape(value)
    if '"' not in value:
        return f' {name}="{value}"'
    if "'" not in value:
        return f" {name}='{value}'"
    return f' {name}="{value.replace(chr(34), "&quot;")}"'


def _lang(lang: str | None, page: str) -> str:
    """The ``lang`` of an element whose language differs from the page's (HTML inherits ``lang``)."""
    return _attribute("lang", lang) if lang and lang != page else ""


def _value(write: Write, value: Value, page: str) -> None:
    """One value as a ``span.rep``: the value, its marker, its code and its note link, parted
    by spaces (read as text: copy, screen reader). Inline elements: no line break inside."""
    lang = "" if value.lang is None else _attribute("lang", value.lang)  # "" says: language unknown
    if value.kind == "date" and value.code:
        main = f'<time class="v v-date"{_attribute("datetime", value.code)}{lang}>{_escape(value.text)}</time>'
    else:
        main = f"<span{_attribute('class', f'v v-{value.kind}')}{lang}>{_escape(value.text)}</span>"
    write(f'<span class="rep">{main}')
    if value.marker:
        write(f' <span class="marker"{_lang(value.marker_lang, page)}>{_escape(f"[{value.marker}]")}</span>')
    if value.code is not None and value.code != value.text and value.kind != "date":
        write(f" <code>{_escape(value.code)}</code>")
    if value.note is not None:
        write(f' <a href="#note-{int(value.note)}" class="note-ref">†{int(value.note)}</a>')
    write("</span>")


def _fields(write: Write, fields: list[Field], page: str) -> None:
    """A ``dl`` of the fields. libxml2 breaks the line after the start tag of a block element
    with several children, the first not text, and before its end tag likewise; and after the
    end tag of a block element that has a next sibling (not text). ``dl``, ``dt`` and ``dd``
    are such blocks; ``span`` is inline."""
    write("<dl>\n")
    for field in fields:
        write(f"<dt{_lang(field.lang, page)}>{_escape(field.label)}</dt>\n<dd>")
        several = len(field.values) > 1
        if several:
            write("\n")
        for value in field.values:
            _value(write, value, page)
        write("\n</dd>\n" if several else "</dd>\n")
    write("</dl>")


def _section(write: Write, section: Section, depth: int, page: str, collapse: Callable[[], None] | None = None) -> None:
    """A ``section`` (which libxml2's HTML 4 element table does not know: no line breaks around
    it), its heading, then its children: each run of fields as one ``dl``. The children of a
    :class:`~.record.StreamedSection` are built one by one as they are written."""
    heading = _HEADINGS[min(depth, len(_HEADINGS) - 1)]
    write(f"<section{_attribute('class', section.kind or 'section')}><{heading}{_lang(section.lang, page)}>{_escape(section.title)}</{heading}>")
    children: Iterable[Field | Section]
    if isinstance(section, StreamedSection):
        children, streamed = section.stream(), True
    else:
        children, streamed = section.children, False
    pending: list[Field] = []
    first = True
    for child in children:
        if first:
            write("\n")  # after the heading, a block with a next sibling
            first = False
        if isinstance(child, Section):
            if pending:
                _fields(write, pending, page)
                write("\n")  # a dl with a next sibling (this section)
                pending = []
            _section(write, child, depth + 1, page)
            if streamed and collapse is not None:
                collapse()  # this child's pieces become one text, while the next is built
        else:
            pending.append(child)
    if pending:
        _fields(write, pending, page)
    write("</section>")


def _chrome(record: Record, key: str, english: str) -> tuple[str, str]:
    said = record.chrome.get(key)
    return (said.text, said.lang) if said is not None else (english, "en")


def to_html(record: Record) -> str:
    """The record as an HTML document (a string starting with ``<!DOCTYPE html>``).

    ``<html lang>`` is the language of the page's own texts; every heading, label, value or
    marker in another language carries its own ``lang``.
    """
    return streamed_html(record, record.sections, lambda: record.notes)


def streamed_html(record: Record, sections: Iterable[Section], notes: Callable[[], tuple[Value, ...]]) -> str:
    """The page :func:`to_html` writes of ``record`` with these ``sections`` and ``notes``, in
    the parts :func:`~.record.streamed_record` gives: each section is asked for (and built)
    when it is written, then let go, and the notes are asked for after the last one.

    The pieces of each streamed child are joined as soon as it is written: a thousand
    convictions' pieces, all held until the end, weighed as much as the page itself.
    """
    page = record.lang
    out: list[str] = []
    write = out.append
    chunks: list[str] = []

    def collapse() -> None:
        if len(out) > _PIECES_PER_CHUNK:
            chunks.append("".join(out))
            out.clear()

    reader_label, reader_lang = _chrome(record, "reader_language", "Reader's language")
    write(f"<!DOCTYPE html>\n<html{_attribute('lang', page)}>\n<head>\n")
    write('<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n')
    write(f"<title>{_escape(record.title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n")
    write(f"<header><h1{_lang(record.title_lang, page)}>{_escape(record.title)}</h1>\n")
    write(f'<p class="meta"{_lang(reader_lang, page)}>{_escape(f"{reader_label}: {record.reader}")}</p></header>')
    if record.warnings:
        warning_label, warning_lang = _chrome(record, "warning", "Warning")
        write(f'<section role="alert" class="warning"><h2{_lang(warning_lang, page)}>{_escape(warning_label)}</h2>')
        for warning in record.warnings:
            write(f"\n<p{_lang(warning.lang, page)}>{_escape(warning.text)}</p>")
        write("</section>")
    for section in sections:
        _section(write, section, 0, page, collapse)
    notes_label, notes_lang = _chrome(record, "notes", "Notes")
    write(f'<section class="notes"><h2{_lang(notes_lang, page)}>{_escape(notes_label)}</h2>\n<ol>')
    items = [f'<li id="note-{number}"{_lang(note.lang, page)}>{_escape(note.text)}</li>' for number, note in enumerate(notes(), 1)]
    if len(items) > 1:  # block children of a block: a line each, and lines around them
        write("\n" + "\n".join(items) + "\n")
    elif items:
        write(items[0])
    write("</ol></section>\n</body>\n</html>\n")
    chunks.append("".join(out))
    return "".join(chunks)
