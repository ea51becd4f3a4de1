"""Common Reference Table documents: read one into :class:`CodeTables`, write tables as one.

The Commission distributes the authoritative code tables as one XML document, root
``crt:CommonReferenceTable``, with every entry's validity dates and its name in every official
language. ecrislib cannot ship it (no public copy exists), so a user who has it loads it here
and lays it over the bundled tables::

    tables = bundled().overlay(load_crt("crt.xml"))

Reading follows the element order of the CRT schema and refuses unknown elements (nothing is
silently dropped); writing is deterministic: fixed prefixes ``crt`` and ``c``, CRT element
order, labels sorted by language, UTF-8 with an XML declaration.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Callable, Iterator, Mapping
from typing import IO, Any, Final, Literal, Union

import attrs
from lxml import etree

from ecrislib.errors import (
    CodecError,
    MissingElementError,
    ModelError,
    UnknownElementError,
    UnknownRootError,
    ValueFormatError,
)
from ecrislib.xml import parser as xml_parser
from ecrislib.xml.binding import parse_bool, parse_date, readable_path
from ecrislib.xml.namespaces import C, CRT, CRT_NSMAP, qname

from .entry import DEFAULT_VALID_FROM, DEFAULT_VALID_TO, Attributes, Entry
from .provenance import Evidence, Provenance
from .registry import CodeTables
from .sections import SECTIONS, Field, FieldSpec, Section, derive_parent
from .table import Table

__all__ = ["CrtSource", "CrtValidator", "add_missing_sections", "check_crt_schema", "dump_crt", "load_crt", "read_crt", "build_crt"]

#: What :func:`load_crt` reads: the document as bytes or text (a ``str`` is never a file
#: name, as in :mod:`ecrislib.xml.parser`), a path (``os.PathLike``) or a binary file object.
CrtSource = Union[bytes, bytearray, memoryview, str, "os.PathLike[str]", IO[bytes]]
#: A schema-validation hook: called with the root element, raises when the document is invalid.
CrtValidator = Callable[[etree._Element], object]

ROOT: Final = "CommonReferenceTable"
_TEXT: Final = "MultilingualTextLinguisticRepresentation"
_LANGUAGE_CODE: Final = re.compile(r"[a-z]{2}")
_XML_BLANKS: Final = re.compile(r"[ \t\n\r]+")
_SECTIONS_BY_NAME: Final = {s.name: s for s in SECTIONS}


# -- parsing ---------------------------------------------------------------------------------

def _parse(source: CrtSource) -> etree._Element:
    """Read the document through the project's one hardened parser (no DTD, no entities, no
    network, size and depth limits). The limits are the messages' own: a whole CRT in the 24
    languages is a few megabytes, far under them, and a larger input is refused unread."""
    return xml_parser.load(source)


def _source_name(source: CrtSource) -> str:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return "<bytes>"
    if isinstance(source, str):
        return "<text>"
    if isinstance(source, os.PathLike):
        return os.fspath(source)
    return str(getattr(source, "name", "<stream>"))


_XSD_PREFIX = re.compile(r"(?<=/)[A-Za-z_][A-Za-z0-9_.-]*:")


def check_crt_schema(root: etree._Element) -> None:
    """Validate a CRT document against ecrislib's CRT schema; the error names the first broken
    element and the kind of error, never a value."""
    from ..xml import schemas as xsd
    from ..xml.whitespace import validate_collapsed

    if root.tag != qname(CRT, ROOT):
        raise UnknownRootError(f"{etree.QName(root).text} is not crt:{ROOT}", path="/" + etree.QName(root).localname)
    schema = xsd.lxml_crt_schema()
    try:
        if schema.validate(root):
            return
        # libxml2 refuses padded dates that XSD 1.0 collapses; the collapsed copy decides.
        _tree, log = validate_collapsed(root, schema) or (root, schema.error_log)
    finally:
        xsd.forget_errors(schema)
    if not log:
        return
    error = log[0]
    raise CodecError(
        f"the Common Reference Table does not conform to the CRT schema ({error.type_name})",
        rule="crt.schema",
        path=_XSD_PREFIX.sub("", error.path) if error.path else None,
        line=error.line or None,
    )


def add_missing_sections(root: etree._Element) -> etree._Element:
    """Insert the sections a hand-made document leaves out, empty and in CRT order.

    The CRT schema requires all of them; a document that carries only the tables you edited
    becomes a valid one. Sections out of order are left as they are (the schema reports them).
    """
    if root.tag != qname(CRT, ROOT):
        return root
    present = {child.tag for child in root}
    position = 0
    for section in SECTIONS:
        tag = qname(CRT, section.name)
        if tag in present:
            position = next(i for i, child in enumerate(root) if child.tag == tag) + 1
        else:
            root.insert(position, etree.Element(tag))
            position += 1
    return root


def load_crt(
    source: CrtSource,
    *,
    name: str | None = None,
    validate: CrtValidator | None = check_crt_schema,
    partial: bool = False,
) -> CodeTables:
    """Read a Common Reference Table document into code tables.

    ``source`` is the document (bytes, or text: a ``str`` is never taken for a file name), a
    path (``pathlib.Path``) or a binary file. Every entry gets the provenance
    ``official-crt`` with ``name`` (default: the path) as its source. ``validate``
    receives the parsed root before anything is read and raises on an invalid document: by
    default :func:`check_crt_schema` (our CRT schema); ``None`` skips it. With ``partial``,
    a document that holds only some sections is accepted: the missing ones are added empty
    (:func:`add_missing_sections`) before validation, and become empty tables.
    """
    root = _parse(source)
    if partial:
        add_missing_sections(root)
    if validate is not None:
        validate(root)
    return read_crt(root, name=name or _source_name(source))


def read_crt(root: etree._Element, *, name: str = "<tree>") -> CodeTables:
    """Read an already parsed ``crt:CommonReferenceTable`` element (see :func:`load_crt`)."""
    if root.tag != qname(CRT, ROOT):
        raise UnknownRootError(
            "expected crt:CommonReferenceTable in the common-reference-tables-v1.0 namespace",
            path="/" + etree.QName(root).localname,
        )
    provenance = Provenance(
        source=f"Common Reference Table {name}",
        evidence=Evidence.OFFICIAL_CRT,
        note="read from a Common Reference Table document",
    )
    tables: list[Table] = []
    seen: set[str] = set()
    technical_ids: set[str] = set()
    for element in _elements(root):
        local = _crt_local(element)
        section = _SECTIONS_BY_NAME.get(local or "")
        path = f"/{ROOT}/{local or etree.QName(element).localname}"
        if section is None:
            raise UnknownElementError(
                "not a section of a Common Reference Table", path=path, line=element.sourceline
            )
        if section.name in seen:
            raise UnknownElementError("section appears twice", path=path, line=element.sourceline)
        seen.add(section.name)
        tables.append(_read_section(section, element, provenance, path, technical_ids))
    return CodeTables(tables)


def _elements(parent: etree._Element) -> Iterator[etree._Element]:
    """Child elements, skipping comments and processing instructions."""
    for child in parent:
        if isinstance(child.tag, str):
            yield child


def _crt_local(element: etree._Element) -> str | None:
    qname = etree.QName(element)
    return qname.localname if qname.namespace == CRT else None


def _read_section(section: Section, element: etree._Element, provenance: Provenance, path: str, technical_ids: set[str]) -> Table:
    """One section's entries; ``technical_ids`` holds those of the whole document so far (a
    technical identifier names one entry of the document, as an xsd:ID does)."""
    entries: list[Entry] = []
    for index, item in enumerate(_elements(element), start=1):
        item_path = f"{path}/{section.item}[{index}]"
        if item.tag != qname(CRT, section.item):
            raise UnknownElementError(
                f"only crt:{section.item} entries may appear here", path=item_path, line=item.sourceline
            )
        entry = _read_entry(section, item, provenance, item_path)
        if entry.technical_id in technical_ids:
            raise ValueFormatError(
                "technical identifier used by an earlier entry of the document",
                path=item_path, line=item.sourceline, value=entry.technical_id,
            )
        technical_ids.add(entry.technical_id)
        entries.append(entry)
    ids = {e.technical_id for e in entries}
    with_parents = []
    for entry in entries:
        parent = derive_parent(section.name, entry.technical_id)
        if parent is not None and parent in ids and parent != entry.technical_id:
            entry = attrs.evolve(entry, parent=parent)
        with_parents.append(entry)
    return Table(section.name, with_parents)


class _Reader:
    """Walks the children of one entry in schema order."""

    def __init__(self, item: etree._Element, path: str) -> None:
        self.children = list(_elements(item))
        self.position = 0
        self.item = item
        self.path = path

    def take(self, local: str, min_occurs: int = 1, max_occurs: int | None = 1) -> list[etree._Element]:
        taken: list[etree._Element] = []
        tag = qname(CRT, local)
        while (
            self.position < len(self.children)
            and self.children[self.position].tag == tag
            and (max_occurs is None or len(taken) < max_occurs)
        ):
            taken.append(self.children[self.position])
            self.position += 1
        if len(taken) < min_occurs:
            raise MissingElementError(
                f"crt:{local} is required here", path=f"{self.path}/{local}", line=self.item.sourceline
            )
        return taken

    def finish(self) -> None:
        if self.position < len(self.children):
            extra = self.children[self.position]
            local = etree.QName(extra).localname
            raise UnknownElementError(
                "element not allowed here (unknown, misplaced or repeated)",
                path=f"{self.path}/{local}",
                line=extra.sourceline,
            )


def _text(element: etree._Element) -> str:
    """The collapsed text of a simple element (XSD whitespace ``collapse``)."""
    for child in _elements(element):
        raise UnknownElementError(
            "a simple value may not contain elements", path=readable_path(child), line=child.sourceline
        )
    return _XML_BLANKS.sub(" ", element.text or "").strip(" ")


def _required_text(element: etree._Element) -> str:
    text = _text(element)
    if not text:
        raise ValueFormatError("empty value", path=readable_path(element), line=element.sourceline)
    return text


def _date(element: etree._Element, default: _dt.date) -> _dt.date:
    text = _text(element)
    if not text:
        return default  # the schema default applies to an empty element
    try:
        value = parse_date(text)  # the message codec's xsd:date reader (time zone allowed)
    except ValueError:
        raise ValueFormatError(
            "not a date (YYYY-MM-DD)", path=readable_path(element), line=element.sourceline, value=text
        ) from None
    return _dt.date(value.year, value.month, value.day)  # a validity date keeps no time zone


def _bool(element: etree._Element) -> bool:
    text = _text(element)
    try:
        return parse_bool(text)
    except ValueError:
        raise ValueFormatError(
            "not a boolean (true/false)", path=readable_path(element), line=element.sourceline, value=text
        ) from None


def _multilingual(element: etree._Element) -> dict[str, str]:
    """``c:MultilingualTextLinguisticRepresentation`` children -> {language: text}.

    The ``translated`` attribute is not kept: CRT names are the Commission's own text.
    """
    labels: dict[str, str] = {}
    for child in _elements(element):
        child_path = readable_path(child)
        if child.tag != qname(C, _TEXT):
            raise UnknownElementError(
                f"only c:{_TEXT} may appear here", path=child_path, line=child.sourceline
            )
        lang = (child.get("languageCode") or "").strip().lower()
        if not lang:
            raise ValueFormatError(
                "languageCode is required on a CRT name", path=child_path, line=child.sourceline
            )
        if lang in labels:
            raise ValueFormatError(
                f"two names in language {lang!r}", path=child_path, line=child.sourceline
            )
        text = _text(child)
        if text:
            labels[lang] = text
    return labels


def _read_entry(section: Section, item: etree._Element, provenance: Provenance, path: str) -> Entry:
    reader = _Reader(item, path)
    valid_from = _date(reader.take("ValidFrom")[0], DEFAULT_VALID_FROM)
    valid_to = _date(reader.take("ValidTo")[0], DEFAULT_VALID_TO)
    labels = _multilingual(reader.take("Name")[0])
    found = [(spec, reader.take(spec.element, spec.min_occurs, spec.max_occurs)) for spec in section.fields]
    reader.finish()

    technical_id = ""
    code: str | None = None
    open_category = False
    purpose = ["", ""]
    attributes: dict[str, Any] = {}  # Attributes field name -> value of that field's type
    for spec, elements in found:
        if not elements:
            continue
        first = elements[0]
        kind = spec.kind
        if kind is Field.OPEN:
            open_category = _bool(first)
        elif kind is Field.ID:
            technical_id = _required_text(first)
        elif kind is Field.ID_AND_CODE:
            technical_id = code = _required_text(first)
        elif kind is Field.CODE:
            code = _required_text(first)
        elif kind is Field.PURPOSE_CATEGORY:
            purpose[0] = _required_text(first)
        elif kind is Field.PURPOSE_SUBCATEGORY:
            purpose[1] = _required_text(first)
        elif kind is Field.REMARK:
            attributes["remark"] = _multilingual(first)
        elif kind is Field.NATIONALITY:
            attributes["used_for_nationality"] = _bool(first)
        elif kind in (Field.USED_IN, Field.REPLACED_BY):
            attribute = "used_in_countries" if kind is Field.USED_IN else "replaced_by"
            attributes[attribute] = tuple(_required_text(e) for e in elements)
        else:
            attributes[_ATTRIBUTE_OF[kind]] = _required_text(first)
    if all(purpose):
        code = f"{purpose[0]} {purpose[1]}"
    try:
        return Entry(
            table=section.name,
            technical_id=technical_id,
            code=code,
            labels=labels,
            valid_from=valid_from,
            valid_to=valid_to,
            open_category=open_category,
            attributes=Attributes(**attributes),
            provenance=provenance,
        )
    except ModelError as error:
        raise ValueFormatError(error.rule, path=path, line=item.sourceline) from None


_ATTRIBUTE_OF: Final[dict[Field, str]] = {
    Field.MEMBER_STATE: "member_state",
    Field.NUMERIC: "numeric",
    Field.SUBDIVISION_TYPE: "subdivision_type",
    Field.COUNTRY: "country",
}


# -- writing ---------------------------------------------------------------------------------


class _Incomplete(Exception):
    def __init__(self, element: str) -> None:
        super().__init__(element)
        self.element = element


def dump_crt(
    tables: CodeTables,
    *,
    incomplete: Literal["error", "skip"] = "error",
    validate: CrtValidator | None = check_crt_schema,
) -> bytes:
    """Write ``tables`` as a Common Reference Table document (UTF-8 bytes, deterministic).

    Every section is written, in CRT order, even when empty. An entry that lacks a value the
    CRT requires (a name, a code, a country's nationality flag...) raises
    :class:`~ecrislib.errors.ModelError`, or is left out with ``incomplete="skip"``. Only
    two-letter language codes are written (the CRT's ``languageCode`` is ISO 639-1).
    ``validate`` checks the finished tree before serialising (by default against our CRT
    schema, see :func:`check_crt_schema`).
    """
    root = build_crt(tables, incomplete=incomplete)
    if validate is not None:
        validate(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def build_crt(tables: CodeTables, *, incomplete: Literal["error", "skip"] = "error") -> etree._Element:
    """The ``crt:CommonReferenceTable`` element for ``tables`` (see :func:`dump_crt`)."""
    if incomplete not in ("error", "skip"):
        raise ValueError("incomplete must be 'error' or 'skip'")
    root = etree.Element(qname(CRT, ROOT), nsmap=CRT_NSMAP)
    for section in SECTIONS:
        holder = etree.SubElement(root, qname(CRT, section.name))
        for entry in tables[section.name]:
            try:
                holder.append(_entry_element(section, entry))
            except _Incomplete as missing:
                if incomplete == "skip":
                    continue
                raise ModelError(
                    f"{section.name}/{entry.technical_id}",
                    f"crt:{missing.element} is required in a Common Reference Table",
                ) from None
    return root


def _sub(parent: etree._Element, local: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, qname(CRT, local))
    if text is not None:
        element.text = text
    return element


def _write_multilingual(parent: etree._Element, local: str, labels: Mapping[str, str]) -> None:
    languages = sorted(lang for lang in labels if _LANGUAGE_CODE.fullmatch(lang))
    if not languages:
        raise _Incomplete(local)
    holder = _sub(parent, local)
    for lang in languages:
        text = etree.SubElement(holder, qname(C, _TEXT), languageCode=lang)
        text.text = labels[lang]


def _entry_element(section: Section, entry: Entry) -> etree._Element:
    item = etree.Element(qname(CRT, section.item))
    _sub(item, "ValidFrom", entry.valid_from.isoformat())
    _sub(item, "ValidTo", entry.valid_to.isoformat())
    _write_multilingual(item, "Name", entry.labels)
    for spec in section.fields:
        _write_field(item, spec, entry)
    return item


def _purpose_parts(code: str | None) -> tuple[str, str] | None:
    digits = (code or "").replace(" ", "")
    return (digits[:3], digits[3:]) if len(digits) == 6 and digits.isdigit() else None


def _write_field(item: etree._Element, spec: FieldSpec, entry: Entry) -> None:
    kind = spec.kind
    attributes = entry.attributes
    values: tuple[str, ...]
    if kind is Field.OPEN:
        values = ("true" if entry.open_category else "false",)
    elif kind in (Field.ID, Field.ID_AND_CODE):
        values = (entry.technical_id,)
    elif kind is Field.CODE:
        values = (entry.code,) if entry.code else ()
    elif kind in (Field.PURPOSE_CATEGORY, Field.PURPOSE_SUBCATEGORY):
        parts = _purpose_parts(entry.code)
        values = () if parts is None else (parts[0 if kind is Field.PURPOSE_CATEGORY else 1],)
    elif kind is Field.REMARK:
        if attributes.remark:
            _write_multilingual(item, spec.element, attributes.remark)
        return
    elif kind is Field.NATIONALITY:
        flag = attributes.used_for_nationality
        values = () if flag is None else ("true" if flag else "false",)
    elif kind is Field.USED_IN:
        values = attributes.used_in_countries
    elif kind is Field.REPLACED_BY:
        values = attributes.replaced_by
    else:
        value = getattr(attributes, _ATTRIBUTE_OF[kind])
        values = (value,) if value else ()
    if len(values) < spec.min_occurs:
        raise _Incomplete(spec.element)
    for value in values:
        _sub(item, spec.element, value)
