"""The machinery that binds model classes to XML: small codec objects that read an element
into a model value and write a model value under a parent element.

The table in :mod:`ecrislib.xml.names` combines these into the whole ECRIS content model;
nothing here knows a single ECRIS element name. Reading is strict: an element that is unknown,
out of order, repeated or in the wrong namespace is a typed error naming it, never skipped.
"""

from __future__ import annotations

import base64
import binascii
import copy
import datetime as _dt
import enum
import operator
import re
from typing import Any, Callable, Container, Final, Sequence

from lxml import etree

from ..errors import (
    CodecError,
    MissingElementError,
    ModelError,
    UnknownElementError,
    ValueFormatError,
)
from ..model.assembly import Assembler, assembler
from ..model.common import TIME_ZONE, MultilingualText, Name, PartialDate, Text, ZonedDate
from . import accelerated, compiled
from .derivation import xsi_type_allowed
from .namespaces import C, ECRIS_V1_NAMESPACES, MESSAGE_NSMAP, XSI, qname

ONE, OPT, MANY, MANY1 = "one", "opt", "many", "many1"

_XSI_TYPE = qname(XSI, "type")
#: Hints any element may carry (XSD 1.0, 3.3.4 and 4.3.2): they carry no data and are not kept.
SCHEMA_HINTS = frozenset({qname(XSI, "schemaLocation"), qname(XSI, "noNamespaceSchemaLocation")})
_XSD = "http://www.w3.org/2001/XMLSchema"
_LANGUAGE_CODE = "languageCode"
_TRANSLATED = "translated"
_PREFIX_OF = {uri: prefix for prefix, uri in MESSAGE_NSMAP.items()}
_INTEGER = re.compile(r"[+-]?[0-9]+\Z")
# XSD 1.0 lexical forms; each may end in a time zone (Z or +hh:mm up to 14:00).
_DATE = re.compile(rf"([0-9]{{4}})-([0-9]{{2}})-([0-9]{{2}})({TIME_ZONE})?\Z")
_GMONTH = re.compile(rf"--([0-9]{{2}})({TIME_ZONE})?\Z")
_GDAY = re.compile(rf"---([0-9]{{2}})({TIME_ZONE})?\Z")
_GYEAR = re.compile(rf"(-?(?:[1-9][0-9]{{3,}}|0[0-9]{{3}}))({TIME_ZONE})?\Z")
_SPACE = re.compile(r"[ \t\n\r]+")
_XML_SPACE = " \t\n\r"  # the only whitespace of XML (not NBSP, not U+3000)
# Text between elements is refused. The indentation of pretty-printed documents is looked up in
# this set first (one hash look-up per element); anything else gets the exact XML-whitespace test.
_INDENTS = frozenset(
    newline + pad * depth for newline in ("\n", "\r\n") for pad in (" ", "\t") for depth in range(121)
)

_ATTRIBUTE_ESCAPE = re.compile(r'[&<>\r\n\t"]')


def escape_text(value: str) -> str:
    """Character data as XML; the model already refuses ``<`` and ``>``, but never trust that."""
    # Four scans in C (memchr) cost less than one regex character-class scan, on codes and text.
    if "&" not in value and "<" not in value and ">" not in value and "\r" not in value:
        return value
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def escape_attribute(value: str) -> str:
    if _ATTRIBUTE_ESCAPE.search(value) is None:
        return value
    return (
        escape_text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")
    )


def prefixed(tag: str) -> str:
    """The name ecrislib writes for a Clark tag: the fixed prefix of its namespace."""
    uri, local = tag[1:].split("}", 1)
    return f"{_PREFIX_OF[uri]}:{local}"


class Context:
    """One read: whether error texts may reveal the offending value, and the xsd:ID and
    xsd:IDREF values met so far (checked once the document is read)."""

    __slots__ = ("reveal_values", "ids", "refs")

    def __init__(self, reveal_values: bool = False) -> None:
        self.reveal_values = reveal_values
        self.ids: list[tuple[str, Any]] = []
        self.refs: list[tuple[str, Any]] = []


# ---------------------------------------------------------------------------------- errors


def display_name(tag: str) -> str:
    """``{http://...domain-model-v1.0}PersonName`` -> ``dm:PersonName`` (or the Clark name)."""
    if tag[:1] != "{":
        return tag
    uri, local = tag[1:].split("}", 1)
    prefix = _PREFIX_OF.get(uri)
    return f"{prefix}:{local}" if prefix else tag


# "/prefix:" replaced by "/": the same result as a look-behind for the slash, but the regex
# engine scans for the slash instead of trying every position (less than half the instructions).
_PATH_PREFIX = re.compile(r"/[A-Za-z_][A-Za-z0-9_.-]*:")


def readable_path(element: Any) -> str:
    """``/NotificationMessage/MessageData/MessageDataPerson/PersonBirthDate``, with ``[n]`` where
    an element has same-named siblings. Computed only when an issue is reported."""
    # libxml2 writes this path in C (prefixes and [n] only where needed); it falls back to
    # ``*`` steps for unprefixed namespaced elements, which we then spell out ourselves.
    path = element.getroottree().getpath(element)
    if "*" not in path:
        return _PATH_PREFIX.sub("/", path)
    parts = []
    node = element
    while node is not None:
        local = etree.QName(node).localname
        parent = node.getparent()
        if parent is not None:
            same = [sibling for sibling in parent if sibling.tag == node.tag]
            if len(same) > 1:
                local += f"[{same.index(node) + 1}]"
        parts.append(local)
        node = parent
    return "/" + "/".join(reversed(parts))


def _fail(error: type[CodecError], message: str, element: Any, ctx: Context, value: str | None = None) -> CodecError:
    return error(
        message,
        path=readable_path(element),
        line=element.sourceline,
        value=value if ctx.reveal_values else None,
    )


# ---------------------------------------------------------------------------------- leaves


class Codec:
    """Reads one element into a value; writes one value as the text of an element.

    Writing appends XML text to a list instead of building an lxml tree: it is several times
    faster, and the output is still exactly determined (fixed prefixes, schema order).
    """

    __slots__ = ()

    def read(self, element: Any, ctx: Context) -> Any:
        raise NotImplementedError

    def emit(self, out: list[str], name: str, value: Any) -> None:
        """Append ``<name>...</name>`` for ``value``; ``name`` carries its fixed prefix."""
        raise NotImplementedError


def _resolve_type_name(element: Any, raw: str) -> tuple[str, str | None, str]:
    """An ``xsi:type`` QName (whitespace collapsed) as (prefix, namespace in scope, local name)."""
    prefix, _, local = raw.strip(" \t\n\r").rpartition(":")
    if prefix == (element.prefix or ""):
        # The element's own prefix names its own namespace (one binding per prefix in a scope):
        # the usual case (``dm:...RelationshipType`` on a ``dm:`` element), without building
        # the element's whole namespace map.
        tag = element.tag
        return prefix, tag[1:tag.index("}")] if tag[:1] == "{" else None, local
    return prefix, element.nsmap.get(prefix or None), local


def check_xsi_type(element: Any, raw: str, ctx: Context, known: Container[tuple[str, str]] = ()) -> tuple[str, str]:
    """The ``(namespace, local name)`` an ``xsi:type`` value names.

    Any element may name its declared type, or a type validly derived from it (and not
    abstract); any other is refused, as the schema refuses it. The types in ``known`` are the
    concrete types the caller's codec reads, already known to be derived. The reader follows
    the content model it knows for the element, and the writer never emits the attribute
    (except on abstract elements), so a model always writes back valid.
    """
    prefix, namespace, local = _resolve_type_name(element, raw)
    if namespace is None and prefix:
        raise _fail(ValueFormatError, f"{display_name(element.tag)}: xsi:type uses an undeclared prefix", element, ctx, raw)
    if namespace not in ECRIS_V1_NAMESPACES and namespace != _XSD:
        raise _fail(UnknownElementError, f"{display_name(element.tag)}: xsi:type names no ECRIS type", element, ctx, raw)
    name = (namespace or "", local)
    if name not in known and not xsi_type_allowed(_steps(element), qname(*name)):
        raise _fail(
            UnknownElementError,
            f"{display_name(element.tag)}: xsi:type names a type that is not its declared type or validly derived from it",
            element, ctx, raw,
        )
    return name


def _steps(element: Any) -> tuple[tuple[str, str | None], ...]:
    """The path from the root to ``element`` for :func:`xsi_type_allowed`: each ancestor's tag
    and the type its own ``xsi:type`` names (the element's own is the one being checked)."""
    steps: list[tuple[str, str | None]] = [(element.tag, None)]
    node = element.getparent()
    while node is not None:
        raw = node.get(_XSI_TYPE)
        named = None
        if raw is not None:
            _prefix, namespace, local = _resolve_type_name(node, raw)
            named = qname(namespace, local) if namespace else None
        steps.append((node.tag, named))
        node = node.getparent()
    return tuple(reversed(steps))


def own_attributes(element: Any, ctx: Context, known: Container[tuple[str, str]] = (), *, type_checked: bool = False) -> list[tuple[str, str]]:
    """The attributes of ``element`` other than the XML Schema instance ones a peer may put
    on any element (``xsi:type``, checked as :func:`check_xsi_type` does unless the caller
    did already (``type_checked``); schema-location hints, dropped)."""
    items = []
    for key, raw in element.items():
        if key == _XSI_TYPE:
            if not type_checked:
                check_xsi_type(element, raw, ctx, known)
        elif key not in SCHEMA_HINTS:
            items.append((key, raw))
    return items


def _leaf_text(element: Any, ctx: Context) -> str:
    """The character content of a simple element: comments and processing instructions
    inside it carry no data (their surrounding text joins up); an element or attribute is refused."""
    text = element.text or ""
    for node in element:
        if isinstance(node.tag, str):
            raise _fail(UnknownElementError, f"{display_name(node.tag)} is not allowed inside a simple value", node, ctx)
        text += node.tail or ""
    attributes = own_attributes(element, ctx) if element.keys() else ()
    if attributes:
        raise _fail(UnknownElementError, f"attribute {attributes[0][0]} is not allowed here", element, ctx)
    return text


def is_empty(element: Any) -> bool:
    """No character and no element content: the element takes its schema default."""
    if element.text:
        return False
    for node in element:
        if isinstance(node.tag, str) or node.tail:
            return False
    return True


class Leaf(Codec):
    """An element with simple content: ``parse`` turns its text into a value, ``format`` back.

    ``strip`` drops surrounding whitespace first (numbers, dates, codes); free text is kept
    as written so that nothing changes on a round trip.
    """

    #: Values kept per cached leaf: codes repeat across messages, so a message mostly reuses
    #: objects built before (they are immutable, so sharing them is safe). Thread-safe without
    #: a lock: a value is a pure function of its text, dict get/set are atomic, so threads that
    #: fill the same key at once store equal values, and a ``clear()`` only costs a re-parse.
    CACHE_SIZE = 4096

    # Slots: a leaf reads most elements, and a slot is found faster than a dictionary entry.
    __slots__ = ("parse", "format", "strip", "what", "escape", "cache", "default", "default_value")

    def __init__(
        self,
        parse: Callable[[str], Any],
        format: Callable[[Any], str] = str,
        *,
        strip: bool = True,
        what: str = "value",
        cached: bool = False,
        escape: bool = True,
    ) -> None:
        self.parse = parse
        self.format = format
        self.strip = strip
        self.what = what
        #: Whether the written text is escaped: not where the value's form rules leave no
        #: ``&``, ``<``, ``>`` or CR to escape (codes, identifiers, numbers, dates, flags).
        self.escape = escape
        # Only for code-table references, enumerations and the local IDs of decisions, offences
        # and sanctions (D-00001 recurs in every message and says nothing of anyone): never for
        # free text, names, dates or other identifiers, which are personal data or unique and
        # must not linger in a cache.
        self.cache: dict[str, Any] | None = {} if cached else None
        #: The schema default of the element this leaf reads (see :meth:`with_default`).
        self.default: str | None = None
        self.default_value: Any = None

    def with_default(self, default: str) -> Leaf:
        """This leaf for an element declared with ``default=``: sent empty, it takes that value."""
        leaf = copy.copy(self)  # shares the parse functions and the value cache
        leaf.default = default
        leaf.default_value = self.parse(default)
        return leaf

    def read(self, element: Any, ctx: Context) -> Any:
        if len(element) or element.keys():  # the rare case first checked cheaply, then named
            text = _leaf_text(element, ctx)
        else:
            text = element.text or ""
        if not text and self.default is not None and is_empty(element):
            return self.default_value
        if self.strip:
            text = text.strip(" \t\n\r")
        cache = self.cache
        if cache is not None:
            value = cache.get(text)
            if value is not None:
                return value
        try:
            value = self.parse(text)
            if cache is not None:
                if len(cache) >= self.CACHE_SIZE:
                    cache.clear()
                cache[text] = value
            return value
        except (ValueError, TypeError, binascii.Error) as error:
            rule = error.rule if isinstance(error, ModelError) else f"not a valid {self.what}"
            raise _fail(ValueFormatError, f"{display_name(element.tag)}: {rule}", element, ctx, text) from None

    def emit(self, out: list[str], name: str, value: Any) -> None:
        text = self.format(value)
        out.append(f"<{name}>{escape_text(text) if self.escape else text}</{name}>")


class IdentityLeaf(Leaf):
    """A leaf whose element is an xsd:ID (``role="id"``) or an xsd:IDREF (``role="idref"``):
    its value is noted in the context, for :func:`check_identities`."""

    __slots__ = ("role",)

    def __init__(self, leaf: Leaf, role: str) -> None:
        for name in Leaf.__slots__:
            setattr(self, name, getattr(leaf, name))
        self.role = role

    def read(self, element: Any, ctx: Context) -> Any:
        value = Leaf.read(self, element, ctx)
        # Noted as its text (an identifier's pattern has one lexical form, so the stripped text
        # is str(value)), unless comments split the text.
        text = element.text
        key = text.strip(_XML_SPACE) if text and not len(element) else str(value)
        (ctx.ids if self.role == "id" else ctx.refs).append((key, element))
        return value


def identity(leaf: Leaf, role: str) -> IdentityLeaf:
    """``leaf`` for an element of type xsd:ID (``"id"``) or xsd:IDREF (``"idref"``)."""
    if role not in ("id", "idref"):
        raise ValueError("role is 'id' or 'idref'")
    return IdentityLeaf(leaf, role)


def check_identities(ctx: Context) -> None:
    """xsd:ID values unique in the document, and every xsd:IDREF naming one, as the schema
    requires: a document that breaks them is refused, so no parsed model writes invalid XML."""
    seen: dict[str, Any] = {}
    for value, element in ctx.ids:
        if value in seen:
            raise ValueFormatError(
                f"{display_name(element.tag)} repeats an identifier already used in the message (xsd:ID values are unique)",
                rule="codec.duplicate-id", path=readable_path(element), line=element.sourceline,
                value=value if ctx.reveal_values else None,
            )
        seen[value] = element
    for value, element in ctx.refs:
        if value not in seen:
            raise ValueFormatError(
                f"{display_name(element.tag)} refers to an identifier no element of the message carries",
                rule="codec.dangling-idref", path=readable_path(element), line=element.sourceline,
                value=value if ctx.reveal_values else None,
            )


def parse_int(text: str) -> int:
    if not _INTEGER.match(text):
        raise ValueError("not an integer")
    return int(text)


def parse_date(text: str) -> _dt.date:
    """An ``xsd:date``; one with a time zone comes back as a :class:`ZonedDate` keeping it."""
    match = _DATE.match(text)
    if match is None:
        raise ValueError("not a date")
    if match.group(4) is None:
        return _dt.date.fromisoformat(text)
    return ZonedDate.of(_dt.date.fromisoformat(text[:10]), match.group(4))


def format_date(value: _dt.date) -> str:
    return value.isoformat() + (getattr(value, "zone", None) or "")


def parse_bool(text: str) -> bool:
    if text in ("true", "1"):
        return True
    if text in ("false", "0"):
        return False
    raise ValueError("not a boolean")


def format_bool(value: bool) -> str:
    return "true" if value else "false"


def parse_base64(text: str) -> bytes:
    return base64.b64decode(_SPACE.sub("", text), validate=True)


def format_base64(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


def enum_leaf(cls: type[enum.Enum], what: str) -> Leaf:
    def parse(text: str) -> Any:
        try:
            return cls(text)
        except ValueError:
            raise ValueError(what) from None

    # A member's value, read as a plain attribute (``.value`` is a Python-level descriptor).
    format: Callable[[Any], str] = operator.attrgetter("_value_") if all(isinstance(member.value, str) for member in cls) else (lambda value: str(value.value))
    return Leaf(parse, format, what=what, cached=True, escape=False)


STRING = Leaf(str, str, strip=False, what="text")
INTEGER = Leaf(parse_int, str, what="integer", escape=False)
DATE = Leaf(parse_date, format_date, what="date (YYYY-MM-DD)", escape=False)
BOOLEAN = Leaf(parse_bool, format_bool, what="boolean", escape=False)
BASE64 = Leaf(parse_base64, format_base64, what="base64 content", escape=False)


def parsed(cls: Any, what: str, *, cached: bool = False) -> Leaf:
    """A leaf whose model type has a ``parse`` class method (identifiers, whose patterns
    leave nothing to escape)."""
    return Leaf(cls.parse, str, what=what, cached=cached, escape=False)


def constructed(cls: Any, what: str, *, cached: bool = False, format: Callable[[Any], str] = str) -> Leaf:
    """A leaf whose model type is built from the text (references, timestamps, durations:
    their patterns leave nothing to escape)."""
    return Leaf(cls, format, what=what, cached=cached, escape=False)


class NameCodec(Codec):
    """A name part: text plus an optional ``languageCode`` attribute."""

    def read(self, element: Any, ctx: Context) -> Name:
        text = element.text or ""
        if len(element):
            for node in element:
                if isinstance(node.tag, str):
                    raise _fail(UnknownElementError, f"{display_name(node.tag)} is not allowed inside a name", node, ctx)
                text += node.tail or ""
        language = None
        for key, raw in element.items():
            if key == _LANGUAGE_CODE:
                language = raw.strip(" \t\n\r")
            elif key == _XSI_TYPE:
                check_xsi_type(element, raw, ctx)
            elif key not in SCHEMA_HINTS:
                raise _fail(UnknownElementError, f"attribute {key} is not allowed on a name", element, ctx)
        try:
            return Name(text, language)
        except ModelError as error:
            raise _fail(ValueFormatError, f"{display_name(element.tag)}: {error.rule}", element, ctx, text) from None

    def emit(self, out: list[str], name: str, value: Name) -> None:
        if value.language is None:
            out.append(f"<{name}>{escape_text(value.value)}</{name}>")
        else:
            # A language code is two lower-case letters (the model refuses any other).
            out.append(f'<{name} languageCode="{value.language}">{escape_text(value.value)}</{name}>')


_REPRESENTATION = qname(C, "MultilingualTextLinguisticRepresentation")
_REPRESENTATION_OPEN = f"<{prefixed(_REPRESENTATION)}"
_REPRESENTATION_START = _REPRESENTATION_OPEN + ">"
_REPRESENTATION_END = f"</{prefixed(_REPRESENTATION)}>"
_TRANSLATED_END: Final = {flag: f' translated="{format_bool(flag)}">' for flag in (True, False)}


class MultilingualCodec(Codec):
    """Free text: one or more ``c:MultilingualTextLinguisticRepresentation`` children, each with
    optional ``languageCode`` and ``translated`` attributes. Bare text is refused."""

    def __init__(self) -> None:
        self.make = assembler(MultilingualText)

    def read(self, element: Any, ctx: Context) -> MultilingualText:
        if element.keys() and own_attributes(element, ctx):
            raise _fail(UnknownElementError, f"attribute {own_attributes(element, ctx)[0][0]} is not allowed here", element, ctx)
        if (element.text or "").strip(" \t\n\r"):
            raise _fail(ValueFormatError, f"{display_name(element.tag)}: text must be inside MultilingualTextLinguisticRepresentation elements", element, ctx)
        representations = []
        for child in element:
            tail = child.tail
            if tail and tail not in _INDENTS and tail.strip(_XML_SPACE):
                raise _fail(ValueFormatError, f"{display_name(element.tag)}: text must be inside MultilingualTextLinguisticRepresentation elements", element, ctx)
            if child.tag != _REPRESENTATION:
                if not isinstance(child.tag, str):
                    continue  # a comment or processing instruction carries no data
                raise _fail(UnknownElementError, f"{display_name(child.tag)} is not allowed in a multilingual text", child, ctx)
            text = child.text or ""
            if len(child):
                for node in child:
                    if isinstance(node.tag, str):
                        raise _fail(UnknownElementError, f"{display_name(node.tag)} is not allowed inside a text", node, ctx)
                    text += node.tail or ""
            language = translated = None
            for key, raw in child.items():
                if key == _LANGUAGE_CODE:
                    language = raw.strip(" \t\n\r")
                elif key == _TRANSLATED:
                    try:
                        translated = parse_bool(raw.strip(" \t\n\r"))
                    except ValueError:
                        raise _fail(ValueFormatError, "translated: not a valid boolean", child, ctx, raw) from None
                elif key == _XSI_TYPE:
                    check_xsi_type(child, raw, ctx)
                elif key not in SCHEMA_HINTS:
                    raise _fail(UnknownElementError, f"attribute {key} is not allowed on a text", child, ctx)
            try:
                representations.append(Text(text, language, translated))
            except ModelError as error:
                raise _fail(ValueFormatError, f"{display_name(element.tag)}: {error.field} {error.rule}", child, ctx, text) from None
        if not representations:
            raise _fail(MissingElementError, f"{display_name(element.tag)} needs at least one MultilingualTextLinguisticRepresentation", element, ctx)
        return self.make({"representations": tuple(representations)})  # type: ignore[no-any-return]

    def emit(self, out: list[str], name: str, value: MultilingualText) -> None:
        # A language code is two lower-case letters (the model refuses any other), so it is
        # written without an escape check; the text always gets one.
        text = ""
        for representation in value.representations:
            language = representation.language
            translated = representation.translated
            if translated is None:
                start = _REPRESENTATION_START if language is None else f'{_REPRESENTATION_OPEN} languageCode="{language}">'
            else:
                start = _REPRESENTATION_OPEN + ("" if language is None else f' languageCode="{language}"') + _TRANSLATED_END[translated]
            text += f"{start}{escape_text(representation.value)}{_REPRESENTATION_END}"
        out.append(f"<{name}>{text}</{name}>")


_YEAR = qname(C, "DateYear")
_MONTH_DAY = qname(C, "DateMonthDay")
_MONTH = qname(C, "DateMonth")
_DAY = qname(C, "DateDay")


def _g_part(element: Any, ctx: Context, pattern: re.Pattern[str], what: str, default: str | None = None) -> tuple[int, str | None]:
    """The number an ``xsd:gYear``, ``gMonth`` or ``gDay`` part holds, and its time zone."""
    text = _leaf_text(element, ctx).strip(" \t\n\r")
    if not text and default is not None and is_empty(element):
        text = default
    match = pattern.match(text)
    if match is None:
        raise _fail(ValueFormatError, f"{display_name(element.tag)}: must be written {what}", element, ctx, text)
    return int(match.group(1)), match.group(2)


def _element_children(element: Any, ctx: Context) -> list[Any]:
    """The element children of a complex element; comments and processing instructions are
    skipped, text between children is refused."""
    children = []
    for node in element:
        tail = node.tail
        if tail and tail not in _INDENTS and tail.strip(_XML_SPACE):
            raise _fail(ValueFormatError, f"{display_name(element.tag)} holds elements, not text", element, ctx)
        if isinstance(node.tag, str):
            children.append(node)
    return children


class PartialDateCodec(Codec):
    """``c:DateYear`` then optional ``c:DateMonthDay`` holding ``c:DateMonth`` (``--MM``) and
    optional ``c:DateDay`` (``---DD``)."""

    def read(self, element: Any, ctx: Context) -> PartialDate:
        children = _element_children(element, ctx)
        if element.attrib and own_attributes(element, ctx):
            raise _fail(UnknownElementError, f"attribute {own_attributes(element, ctx)[0][0]} is not allowed here", element, ctx)
        if not children or children[0].tag != _YEAR:
            raise _fail(MissingElementError, f"{display_name(element.tag)} needs c:DateYear first", element, ctx)
        year, year_zone = _g_part(children[0], ctx, _GYEAR, "as a year of four or more digits", PartialDate.DEFAULT_YEAR)
        month = day = month_zone = day_zone = None
        if len(children) > 2:
            raise _fail(UnknownElementError, f"{display_name(children[2].tag)} is not allowed here", children[2], ctx)
        if len(children) == 2:
            month_day = children[1]
            if month_day.tag != _MONTH_DAY:
                raise _fail(UnknownElementError, f"{display_name(month_day.tag)} is not allowed here", month_day, ctx)
            if month_day.attrib and own_attributes(month_day, ctx):
                raise _fail(UnknownElementError, f"attribute {own_attributes(month_day, ctx)[0][0]} is not allowed here", month_day, ctx)
            parts = _element_children(month_day, ctx)
            if not parts or parts[0].tag != _MONTH:
                raise _fail(MissingElementError, "c:DateMonthDay needs c:DateMonth", month_day, ctx)
            month, month_zone = _g_part(parts[0], ctx, _GMONTH, "--MM")
            if len(parts) > 1:
                if parts[1].tag != _DAY or len(parts) > 2:
                    extra = parts[1] if parts[1].tag != _DAY else parts[2]
                    raise _fail(UnknownElementError, f"{display_name(extra.tag)} is not allowed here", extra, ctx)
                day, day_zone = _g_part(parts[1], ctx, _GDAY, "---DD")
        try:
            if year_zone is None and month_zone is None and day_zone is None:
                return PartialDate(year, month, day)
            return PartialDate(year, month, day, year_zone=year_zone, month_zone=month_zone, day_zone=day_zone)
        except ModelError as error:
            raise broken_rule(error, element, ctx) from None

    def emit(self, out: list[str], name: str, value: PartialDate) -> None:
        year = value.year_text + (value.year_zone or "")
        if value.month is None:
            out.append(f"<{name}><c:DateYear>{year}</c:DateYear></{name}>")
            return
        day = "" if value.day is None else f"<c:DateDay>---{value.day:02d}{value.day_zone or ''}</c:DateDay>"
        out.append(
            f"<{name}><c:DateYear>{year}</c:DateYear><c:DateMonthDay>"
            f"<c:DateMonth>--{value.month:02d}{value.month_zone or ''}</c:DateMonth>{day}</c:DateMonthDay></{name}>"
        )


# ---------------------------------------------------------------------------------- structures


class Child:
    """One child element of a complex type: its tag, the model field, codec, cardinality and
    schema default (the value an empty element stands for)."""

    __slots__ = ("tag", "name", "field", "codec", "card", "many")

    def __init__(self, namespace: str, local: str, field: str, codec: Codec, card: str = ONE, *, default: str | None = None) -> None:
        self.tag = qname(namespace, local)
        self.name = prefixed(self.tag)
        self.field = field
        if default is not None:
            if not isinstance(codec, Leaf):
                raise TypeError("only simple elements have defaults")
            codec = codec.with_default(default)
        self.codec = codec
        self.card = card
        self.many = card in (MANY, MANY1)


class Attribute:
    """An unqualified attribute of a complex type mapped to a model field."""

    __slots__ = ("name", "field", "parse", "format", "required")

    def __init__(self, name: str, field: str, parse: Callable[[str], Any], format: Callable[[Any], str] = str, *, required: bool = False) -> None:
        self.name = name
        self.field = field
        self.parse = parse
        self.format = format
        self.required = required


class Content:
    """An ordered sequence of child elements, prepared for reading: where each tag stands and
    which specs are mandatory, so a read is one dictionary look-up per element."""

    __slots__ = ("children", "tags", "index", "required", "plan", "read")

    def __init__(self, children: Sequence[Child]) -> None:
        self.children = tuple(children)
        # The tag expected at each position, then one no tag equals: most elements stand where
        # the reader expects them, and comparing two strings costs less than hashing one.
        self.tags = (*(spec.tag for spec in self.children), None)
        self.index = {spec.tag: position for position, spec in enumerate(self.children)}
        self.required = tuple(position for position, spec in enumerate(self.children) if spec.card in (ONE, MANY1))
        # What the hot loop needs of each spec, without attribute look-ups.
        self.plan = tuple((spec.field, spec.codec.read, spec.many) for spec in self.children)
        #: Reads the child elements of an element into ``{field: value}``, in schema order: the
        #: generated fast path of :mod:`ecrislib.xml.compiled`, which hands anything unusual to
        #: :meth:`read_generic`; generated on first use (a process pays only for the content
        #: models its messages use).
        self.read: Callable[[Any, Context], dict[str, Any]] = self._first_read

    def _first_read(self, element: Any, ctx: Context) -> dict[str, Any]:
        # Two threads may both generate it; either result is the same function.
        slots = [compiled.Slot(spec.tag, spec.field, spec.codec.read, spec.many, spec.card in (ONE, MANY1), _inline(spec.codec)) for spec in self.children]
        nested = [_compiled_read(spec.codec) for spec in self.children]
        self.read = accelerated.reader(slots, nested, compiled.reader(slots, self.read_generic, _INDENTS, _XML_SPACE))
        return self.read(element, ctx)

    def read_generic(self, element: Any, ctx: Context) -> dict[str, Any]:
        """Read the child elements of ``element`` into ``{field: value}``, in schema order:
        every case, comments and errors included."""
        values: dict[str, Any] = {}
        children = self.children
        tags = self.tags
        index = self.index
        plan = self.plan
        position = 0
        for node in element:
            tag = node.tag
            tail = node.tail
            if tail and tail not in _INDENTS and tail.strip(_XML_SPACE):
                raise _fail(ValueFormatError, f"{display_name(element.tag)} holds elements, not text", element, ctx)
            target = position if tag == tags[position] else index.get(tag)
            if target is None or target < position:
                if not isinstance(tag, str):
                    continue  # a comment or processing instruction carries no data
                why = "is repeated or out of order" if target is not None else "is not allowed here"
                raise _fail(UnknownElementError, f"{display_name(tag)} {why}", node, ctx)
            if target != position:
                for required in self.required:
                    if position <= required < target and children[required].field not in values:
                        raise _fail(MissingElementError, f"{children[required].name} is missing before {display_name(tag)}", node, ctx)
                position = target
            field, read, many = plan[position]
            if many:
                found = values.get(field)
                if found is None:
                    values[field] = [read(node, ctx)]
                else:
                    found.append(read(node, ctx))
            else:
                values[field] = read(node, ctx)
                position += 1
        for required in self.required:
            if children[required].field not in values:
                raise _fail(MissingElementError, f"{children[required].name} is missing", element, ctx)
        return values


def _compiled_read(codec: Codec) -> tuple[Any, ...] | None:
    """How the compiled reader reads a child of ``codec`` itself, when it does (see
    :mod:`ecrislib.xml.accelerated`): a complex element without attributes as
    :meth:`Complex.read` does, a free text as :meth:`MultilingualCodec.read`, a name as
    :meth:`NameCodec.read`, a partial date as :meth:`PartialDateCodec.read`, an element of
    an abstract type as :meth:`Typed.read`; it gives any other case to the codec."""
    if type(codec) is Complex and not codec.attributes:
        return ("complex", codec)
    if type(codec) is MultilingualCodec:
        namespace, _, local = _REPRESENTATION[1:].partition("}")
        return ("text", codec.make, Text, parse_bool, namespace.encode(), local.encode())
    if type(codec) is NameCodec:
        return ("name", Name)
    if type(codec) is Typed:
        return ("typed", codec.by_type)
    if type(codec) is PartialDateCodec:
        names = [tag[1:].partition("}") for tag in (_YEAR, _MONTH_DAY, _MONTH, _DAY)]
        assert len({namespace for namespace, _, _local in names}) == 1
        return ("date", PartialDate, _GYEAR, _GMONTH, _GDAY, names[0][0].encode(), *(local.encode() for _namespace, _, local in names))
    return None


def _inline(codec: Codec) -> compiled.InlineLeaf | None:
    """What the generated reader needs to read a plain leaf's text without calling it."""
    if type(codec) is not Leaf and type(codec) is not IdentityLeaf:  # other codecs are elements
        return None
    assert isinstance(codec, Leaf)
    cache_get = codec.cache.get if codec.cache is not None else None
    note = ("ids" if codec.role == "id" else "refs") if isinstance(codec, IdentityLeaf) else None
    return compiled.InlineLeaf(codec.parse, codec.strip, cache_get, (ValueError, TypeError, binascii.Error), note)


#: How one content model is written: per child, its field, whether it repeats, and either the
#: codec's ``emit`` with the child's name, or (for a plain leaf, written inline without a call)
#: ``None`` with the start tag, end tag, the leaf's ``format`` and whether its text is escaped;
#: last, for a complex child without attributes, its :class:`Complex` (whose children the
#: writer writes between the tags itself, as :func:`emit_element` would), else ``None``.
EmitPlan = tuple[tuple[str, bool, Any, str, str, Any, bool, Any], ...]


def emit_plan(children: Sequence[Child]) -> EmitPlan:
    """The :data:`EmitPlan` of ``children``, prepared once per content model."""
    plan: list[tuple[str, bool, Any, str, str, Any, bool, Any]] = []
    for spec in children:
        codec = spec.codec
        if isinstance(codec, Leaf) and type(codec).emit is Leaf.emit:
            plan.append((spec.field, spec.many, None, f"<{spec.name}>", f"</{spec.name}>", codec.format, codec.escape, None))
        else:
            nested = codec if isinstance(codec, Complex) and type(codec).emit is Complex.emit and not codec.attributes else None
            plan.append((spec.field, spec.many, codec.emit, spec.name, "", None, True, nested))
    return tuple(plan)


#: Writes the children of a value (see :func:`ecrislib.xml.compiled.writer`).
ChildrenWriter = Callable[[list[str], Any], None]


def children_writer(plan: EmitPlan) -> ChildrenWriter:
    """The generated writer of a content model's :data:`EmitPlan`, prepared once."""
    return compiled.writer(plan, escape_text)


def emit_element(out: list[str], name: str, attributes: str, write_children: ChildrenWriter, value: Any) -> None:
    """``<name attributes>children</name>``, or ``<name attributes/>`` when nothing is inside."""
    start = len(out)
    out.append(f"<{name}{attributes}>")
    write_children(out, value)
    if len(out) == start + 1:
        out[start] = f"<{name}{attributes}/>"
    else:
        out.append(f"</{name}>")


def build(make: Assembler, values: dict[str, Any], element: Any, ctx: Context) -> Any:
    """Construct a model object with the class's :func:`~ecrislib.model.assembly.assembler`
    (the values read are already typed); a rule it breaks becomes a located codec error."""
    try:
        return make(values)
    except ModelError as error:
        raise broken_rule(error, element, ctx) from None


def broken_rule(error: ModelError, element: Any, ctx: Context) -> CodecError:
    """The codec error for a model rule that the values read from ``element`` break."""
    return _fail(ValueFormatError, f"{display_name(element.tag)}: {error.field} {error.rule}", element, ctx)


class Complex(Codec):
    """An element with child elements (and maybe attributes) that maps to one model class."""

    def __init__(self, cls: Any, children: Sequence[Child], attributes: Sequence[Attribute] = ()) -> None:
        self.cls = cls
        # The generated constructor and children writer are made on first use, as the reader.
        self.make: Assembler = self._first_make
        self.content = Content(children)
        self.children = self.content.children
        self.write_children: ChildrenWriter = self._first_write
        self.attributes = tuple(attributes)
        self.attributes_by_name = {spec.name: spec for spec in self.attributes}

    def _first_make(self, values: dict[str, Any]) -> Any:
        self.make = assembler(self.cls)
        return self.make(values)

    def _first_write(self, out: list[str], value: Any) -> None:
        self.write_children = children_writer(emit_plan(self.children))
        self.write_children(out, value)

    def read_attributes(self, element: Any, ctx: Context, allowed: tuple[str, ...] = (), *, type_checked: bool = False) -> dict[str, Any]:
        values: dict[str, Any] = {}
        attrib = element.attrib
        if not attrib:
            return values
        for key, raw in own_attributes(element, ctx, type_checked=type_checked):
            spec = self.attributes_by_name.get(key)
            if spec is None:
                if key in allowed:
                    continue
                raise _fail(UnknownElementError, f"attribute {key} is not allowed on {display_name(element.tag)}", element, ctx)
            try:
                values[spec.field] = spec.parse(raw.strip(" \t\n\r"))
            except ValueError as error:
                rule = error.rule if isinstance(error, ModelError) else "not valid"
                raise _fail(ValueFormatError, f"attribute {key}: {rule}", element, ctx, raw) from None
        return values

    def read(self, element: Any, ctx: Context) -> Any:
        if (element.text or "").strip(" \t\n\r"):
            raise _fail(ValueFormatError, f"{display_name(element.tag)} holds elements, not text", element, ctx)
        values = self.content.read(element, ctx)
        if self.attributes or element.keys():
            values.update(self.read_attributes(element, ctx))
        try:  # what build() does, without its call: complex elements are many
            return self.make(values)
        except ModelError as error:
            raise broken_rule(error, element, ctx) from None

    def attribute_text(self, value: Any) -> str:
        text = ""
        for spec in self.attributes:
            item = getattr(value, spec.field)
            if item is not None:
                text += f' {spec.name}="{escape_attribute(spec.format(item))}"'
        return text

    def emit(self, out: list[str], name: str, value: Any) -> None:
        emit_element(out, name, self.attribute_text(value) if self.attributes else "", self.write_children, value)


class Typed(Codec):
    """An element of an abstract type: ``xsi:type`` names the concrete type, one per class."""

    def __init__(self, types: dict[tuple[str, str], Complex]) -> None:
        self.by_type = types
        self.by_class = {codec.cls: (namespace, local, codec) for (namespace, local), codec in types.items()}

    def read(self, element: Any, ctx: Context) -> Any:
        items = element.items()
        alone = len(items) == 1 and items[0][0] == _XSI_TYPE  # the usual case: no other attribute
        raw = items[0][1] if alone else element.get(_XSI_TYPE)
        if raw is None:
            raise _fail(MissingElementError, f"{display_name(element.tag)} needs xsi:type", element, ctx)
        codec = self.by_type.get(check_xsi_type(element, raw, ctx, self.by_type))
        if codec is None:
            raise _fail(UnknownElementError, f"{display_name(element.tag)}: xsi:type names no known relationship type", element, ctx, raw)
        if (element.text or "").strip(" \t\n\r"):
            raise _fail(ValueFormatError, f"{display_name(element.tag)} holds elements, not text", element, ctx)
        values = codec.content.read(element, ctx)
        if not alone:
            values.update(codec.read_attributes(element, ctx, type_checked=True))  # checked above
        for spec in codec.attributes:
            if spec.required and spec.field not in values:
                raise _fail(MissingElementError, f"{display_name(element.tag)} needs the attribute {spec.name}", element, ctx)
        return build(codec.make, values, element, ctx)

    def emit(self, out: list[str], name: str, value: Any) -> None:
        namespace, local, codec = self.by_class[type(value)]
        attributes = f' xsi:type="{_PREFIX_OF[namespace]}:{local}"' + codec.attribute_text(value)
        emit_element(out, name, attributes, codec.write_children, value)


class Choice(Codec):
    """An element holding exactly one of several alternative child elements, each mapping to
    its own model class (e.g. a conviction referenced by ECRIS ID, NJR ID or court data)."""

    def __init__(self, options: Sequence[tuple[Child, Callable[[Any], Any], Callable[[Any], Any]]]) -> None:
        # Each option: the child spec, a function turning the child's value into the model
        # object, and one turning the model object back into the child's value.
        self.options = tuple(options)
        self.by_tag = {child.tag: (child, wrap) for child, wrap, _unwrap in options}

    def read(self, element: Any, ctx: Context) -> Any:
        if element.attrib and own_attributes(element, ctx):
            raise _fail(UnknownElementError, f"attribute {own_attributes(element, ctx)[0][0]} is not allowed here", element, ctx)
        if (element.text or "").strip(" \t\n\r"):
            raise _fail(ValueFormatError, f"{display_name(element.tag)} holds elements, not text", element, ctx)
        children = _element_children(element, ctx)
        if len(children) != 1:
            node = children[1] if children else element
            error = UnknownElementError if children else MissingElementError
            raise _fail(error, f"{display_name(element.tag)} holds exactly one reference", node, ctx)
        node = children[0]
        option = self.by_tag.get(node.tag)
        if option is None:
            raise _fail(UnknownElementError, f"{display_name(node.tag)} is not allowed here", node, ctx)
        child, wrap = option
        try:
            return wrap(child.codec.read(node, ctx))
        except ModelError as error:
            raise _fail(ValueFormatError, f"{display_name(node.tag)}: {error.rule}", node, ctx) from None

    def emit(self, out: list[str], name: str, value: Any) -> None:
        for child, _wrap, unwrap in self.options:
            inner = unwrap(value)
            if inner is not None:
                out.append(f"<{name}>")
                child.codec.emit(out, child.name, inner)
                out.append(f"</{name}>")
                return
        raise CodecError(f"{type(value).__name__} cannot be written in {name}")
