"""The machinery that binds model classes to XML: small codec objects that read an element
into a model value and write a model value under a parent element.

The table in :mod:`ecrislib.xml.names` combines these into the whole ECRIS content model;
nothing here knows a single ECRIS element name. Reading is strict: an element that is unknown,
out of order, repeated or in the wrong namespace is a typed error naming it, never skipped.
"""

from __future__ import annotations

import base64
import binascii
import datetime as _dt
import enum
import re
from typing import Any, Callable, Sequence

from lxml import etree

from ..errors import (
    CodecError,
    MissingElementError,
    ModelError,
    UnknownElementError,
    ValueFormatError,
)
from ..model.common import MultilingualText, Name, PartialDate, Text
from .namespaces import C, MESSAGE_NSMAP, XSI, qname

ONE, OPT, MANY, MANY1 = "one", "opt", "many", "many1"

_XSI_TYPE = qname(XSI, "type")
_LANGUAGE_CODE = "languageCode"
_TRANSLATED = "translated"
_PREFIX_OF = {uri: prefix for prefix, uri in MESSAGE_NSMAP.items()}
_INTEGER = re.compile(r"[+-]?[0-9]+\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_GMONTH = re.compile(r"--([0-9]{2})\Z")
_GDAY = re.compile(r"---([0-9]{2})\Z")
_GYEAR = re.compile(r"[0-9]{4}\Z")
_SPACE = re.compile(r"[ \t\n\r]+")

SubElement = etree.SubElement


class Context:
    """Options of one read: whether error texts may reveal the offending value."""

    __slots__ = ("reveal_values",)

    def __init__(self, reveal_values: bool = False) -> None:
        self.reveal_values = reveal_values


# ---------------------------------------------------------------------------------- errors


def display_name(tag: str) -> str:
    """``{http://...domain-model-v1.0}PersonName`` -> ``dm:PersonName`` (or the Clark name)."""
    if tag[:1] != "{":
        return tag
    uri, local = tag[1:].split("}", 1)
    prefix = _PREFIX_OF.get(uri)
    return f"{prefix}:{local}" if prefix else tag


def readable_path(element: Any) -> str:
    """``/NotificationMessage/MessageData/MessageDataPerson/PersonBirthDate``, with ``[n]`` where
    an element has same-named siblings. Computed only when an error is reported."""
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
    """Reads one element into a value; writes one value as an element under a parent."""

    def read(self, element: Any, ctx: Context) -> Any:
        raise NotImplementedError

    def write(self, parent: Any, tag: str, value: Any) -> None:
        raise NotImplementedError


def _leaf_text(element: Any, ctx: Context) -> str:
    if len(element):
        raise _fail(UnknownElementError, f"{display_name(element[0].tag)} is not allowed inside a simple value", element[0], ctx)
    if element.attrib:
        attribute = next(iter(element.attrib))
        raise _fail(UnknownElementError, f"attribute {attribute} is not allowed here", element, ctx)
    return element.text or ""


class Leaf(Codec):
    """An element with simple content: ``parse`` turns its text into a value, ``format`` back.

    ``strip`` drops surrounding whitespace first (numbers, dates, codes); free text is kept
    as written so that nothing changes on a round trip.
    """

    def __init__(self, parse: Callable[[str], Any], format: Callable[[Any], str] = str, *, strip: bool = True, what: str = "value") -> None:
        self.parse = parse
        self.format = format
        self.strip = strip
        self.what = what

    def read(self, element: Any, ctx: Context) -> Any:
        text = _leaf_text(element, ctx)
        if self.strip:
            text = text.strip(" \t\n\r")
        try:
            return self.parse(text)
        except (ValueError, TypeError, binascii.Error) as error:
            rule = error.rule if isinstance(error, ModelError) else f"not a valid {self.what}"
            raise _fail(ValueFormatError, f"{display_name(element.tag)}: {rule}", element, ctx, text) from None

    def write(self, parent: Any, tag: str, value: Any) -> None:
        SubElement(parent, tag).text = self.format(value)


def parse_int(text: str) -> int:
    if not _INTEGER.match(text):
        raise ValueError("not an integer")
    return int(text)


def parse_date(text: str) -> _dt.date:
    if not _DATE.match(text):
        raise ValueError("not a date")
    return _dt.date.fromisoformat(text)


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

    return Leaf(parse, lambda value: str(value.value), what=what)


STRING = Leaf(str, str, strip=False, what="text")
INTEGER = Leaf(parse_int, str, what="integer")
DATE = Leaf(parse_date, _dt.date.isoformat, what="date (YYYY-MM-DD)")
BOOLEAN = Leaf(parse_bool, format_bool, what="boolean")
BASE64 = Leaf(parse_base64, format_base64, what="base64 content")


def parsed(cls: Any, what: str) -> Leaf:
    """A leaf whose model type has a ``parse`` class method (identifiers)."""
    return Leaf(cls.parse, str, what=what)


def constructed(cls: Any, what: str) -> Leaf:
    """A leaf whose model type is built from the text (references, timestamps, durations)."""
    return Leaf(cls, str, what=what)


class NameCodec(Codec):
    """A name part: text plus an optional ``languageCode`` attribute."""

    def read(self, element: Any, ctx: Context) -> Name:
        if len(element):
            raise _fail(UnknownElementError, f"{display_name(element[0].tag)} is not allowed inside a name", element[0], ctx)
        attrib = element.attrib
        language = None
        if attrib:
            for key in attrib:
                if key != _LANGUAGE_CODE:
                    raise _fail(UnknownElementError, f"attribute {key} is not allowed on a name", element, ctx)
            language = attrib[_LANGUAGE_CODE]
        text = element.text or ""
        try:
            return Name(text, language)
        except ModelError as error:
            raise _fail(ValueFormatError, f"{display_name(element.tag)}: {error.rule}", element, ctx, text) from None

    def write(self, parent: Any, tag: str, value: Name) -> None:
        child = SubElement(parent, tag)
        child.text = value.value
        if value.language is not None:
            child.set(_LANGUAGE_CODE, value.language)


_REPRESENTATION = qname(C, "MultilingualTextLinguisticRepresentation")


class MultilingualCodec(Codec):
    """Free text: one or more ``c:MultilingualTextLinguisticRepresentation`` children, each with
    optional ``languageCode`` and ``translated`` attributes. Bare text is refused."""

    def read(self, element: Any, ctx: Context) -> MultilingualText:
        if element.attrib:
            raise _fail(UnknownElementError, f"attribute {next(iter(element.attrib))} is not allowed here", element, ctx)
        if (element.text or "").strip(" \t\n\r"):
            raise _fail(ValueFormatError, f"{display_name(element.tag)}: text must be inside MultilingualTextLinguisticRepresentation elements", element, ctx)
        representations = []
        for child in element:
            if child.tag != _REPRESENTATION:
                raise _fail(UnknownElementError, f"{display_name(child.tag)} is not allowed in a multilingual text", child, ctx)
            if len(child):
                raise _fail(UnknownElementError, f"{display_name(child[0].tag)} is not allowed inside a text", child[0], ctx)
            language = translated = None
            for key, raw in child.attrib.items():
                if key == _LANGUAGE_CODE:
                    language = raw
                elif key == _TRANSLATED:
                    try:
                        translated = parse_bool(raw.strip(" \t\n\r"))
                    except ValueError:
                        raise _fail(ValueFormatError, "translated: not a valid boolean", child, ctx, raw) from None
                else:
                    raise _fail(UnknownElementError, f"attribute {key} is not allowed on a text", child, ctx)
            text = child.text or ""
            try:
                representations.append(Text(text, language, translated))
            except ModelError as error:
                raise _fail(ValueFormatError, f"{display_name(element.tag)}: {error.field} {error.rule}", child, ctx, text) from None
        if not representations:
            raise _fail(MissingElementError, f"{display_name(element.tag)} needs at least one MultilingualTextLinguisticRepresentation", element, ctx)
        return MultilingualText(tuple(representations))

    def write(self, parent: Any, tag: str, value: MultilingualText) -> None:
        element = SubElement(parent, tag)
        for representation in value.representations:
            child = SubElement(element, _REPRESENTATION)
            child.text = representation.value
            if representation.language is not None:
                child.set(_LANGUAGE_CODE, representation.language)
            if representation.translated is not None:
                child.set(_TRANSLATED, format_bool(representation.translated))


_YEAR = qname(C, "DateYear")
_MONTH_DAY = qname(C, "DateMonthDay")
_MONTH = qname(C, "DateMonth")
_DAY = qname(C, "DateDay")


def _g_part(element: Any, ctx: Context, pattern: re.Pattern[str], what: str) -> int:
    text = _leaf_text(element, ctx).strip(" \t\n\r")
    match = pattern.match(text)
    if match is None:
        raise _fail(ValueFormatError, f"{display_name(element.tag)}: must be written {what}", element, ctx, text)
    return int(match.group(1) if match.groups() else match.group(0))


class PartialDateCodec(Codec):
    """``c:DateYear`` then optional ``c:DateMonthDay`` holding ``c:DateMonth`` (``--MM``) and
    optional ``c:DateDay`` (``---DD``)."""

    def read(self, element: Any, ctx: Context) -> PartialDate:
        children = list(element)
        if element.attrib:
            raise _fail(UnknownElementError, f"attribute {next(iter(element.attrib))} is not allowed here", element, ctx)
        if not children or children[0].tag != _YEAR:
            raise _fail(MissingElementError, f"{display_name(element.tag)} needs c:DateYear first", element, ctx)
        year = _g_part(children[0], ctx, _GYEAR, "as a four-digit year")
        month = day = None
        if len(children) > 2:
            raise _fail(UnknownElementError, f"{display_name(children[2].tag)} is not allowed here", children[2], ctx)
        if len(children) == 2:
            month_day = children[1]
            if month_day.tag != _MONTH_DAY:
                raise _fail(UnknownElementError, f"{display_name(month_day.tag)} is not allowed here", month_day, ctx)
            parts = list(month_day)
            if not parts or parts[0].tag != _MONTH:
                raise _fail(MissingElementError, "c:DateMonthDay needs c:DateMonth", month_day, ctx)
            month = _g_part(parts[0], ctx, _GMONTH, "--MM")
            if len(parts) > 1:
                if parts[1].tag != _DAY or len(parts) > 2:
                    extra = parts[1] if parts[1].tag != _DAY else parts[2]
                    raise _fail(UnknownElementError, f"{display_name(extra.tag)} is not allowed here", extra, ctx)
                day = _g_part(parts[1], ctx, _GDAY, "---DD")
        try:
            return PartialDate(year, month, day)
        except ModelError as error:
            raise _fail(ValueFormatError, f"{display_name(element.tag)}: {error.field} {error.rule}", element, ctx) from None

    def write(self, parent: Any, tag: str, value: PartialDate) -> None:
        element = SubElement(parent, tag)
        SubElement(element, _YEAR).text = f"{value.year:04d}"
        if value.month is not None:
            month_day = SubElement(element, _MONTH_DAY)
            SubElement(month_day, _MONTH).text = f"--{value.month:02d}"
            if value.day is not None:
                SubElement(month_day, _DAY).text = f"---{value.day:02d}"


# ---------------------------------------------------------------------------------- structures


class Child:
    """One child element of a complex type: its tag, the model field, codec and cardinality."""

    __slots__ = ("tag", "field", "codec", "card")

    def __init__(self, namespace: str, local: str, field: str, codec: Codec, card: str = ONE) -> None:
        self.tag = qname(namespace, local)
        self.field = field
        self.codec = codec
        self.card = card


class Attribute:
    """An unqualified attribute of a complex type mapped to a model field."""

    __slots__ = ("name", "field", "parse", "format")

    def __init__(self, name: str, field: str, parse: Callable[[str], Any], format: Callable[[Any], str] = str) -> None:
        self.name = name
        self.field = field
        self.parse = parse
        self.format = format


def read_children(element: Any, children: Sequence[Child], ctx: Context) -> dict[str, Any]:
    """Read the child elements of ``element`` against the ordered ``children`` specs."""
    values: dict[str, Any] = {}
    position = 0
    count = len(children)
    for node in element:
        tag = node.tag
        if not isinstance(tag, str):
            continue  # a comment or processing instruction carries no data
        if position == count or children[position].tag != tag:
            target = position + 1
            while target < count and children[target].tag != tag:
                target += 1
            if target >= count:
                allowed = any(spec.tag == tag for spec in children)
                why = "is repeated or out of order" if allowed else "is not allowed here"
                raise _fail(UnknownElementError, f"{display_name(tag)} {why}", node, ctx)
            for skipped in children[position:target]:
                if skipped.card in (ONE, MANY1) and skipped.field not in values:
                    raise _fail(MissingElementError, f"{display_name(skipped.tag)} is missing before {display_name(tag)}", node, ctx)
            position = target
        spec = children[position]
        value = spec.codec.read(node, ctx)
        if spec.card in (MANY, MANY1):
            values.setdefault(spec.field, []).append(value)
        else:
            values[spec.field] = value
            position += 1
    for spec in children[position:]:
        if spec.card in (ONE, MANY1) and spec.field not in values:
            raise _fail(MissingElementError, f"{display_name(spec.tag)} is missing", element, ctx)
    return values


def write_children(element: Any, children: Sequence[Child], value: Any) -> None:
    for spec in children:
        item = getattr(value, spec.field)
        if item is None:
            continue
        if spec.card in (MANY, MANY1):
            write = spec.codec.write
            for each in item:
                write(element, spec.tag, each)
        else:
            spec.codec.write(element, spec.tag, item)


def build(cls: Any, values: dict[str, Any], element: Any, ctx: Context) -> Any:
    """Construct a model object; a rule it breaks becomes a located codec error."""
    try:
        return cls(**values)
    except ModelError as error:
        raise _fail(ValueFormatError, f"{display_name(element.tag)}: {error.field} {error.rule}", element, ctx) from None


class Complex(Codec):
    """An element with child elements (and maybe attributes) that maps to one model class."""

    def __init__(self, cls: Any, children: Sequence[Child], attributes: Sequence[Attribute] = ()) -> None:
        self.cls = cls
        self.children = tuple(children)
        self.attributes = tuple(attributes)

    def read_attributes(self, element: Any, ctx: Context, allowed: tuple[str, ...] = ()) -> dict[str, Any]:
        values: dict[str, Any] = {}
        attrib = element.attrib
        if not attrib:
            return values
        known = {spec.name: spec for spec in self.attributes}
        for key, raw in attrib.items():
            spec = known.get(key)
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
        values = read_children(element, self.children, ctx)
        if element.attrib or self.attributes:
            values.update(self.read_attributes(element, ctx))
        return build(self.cls, values, element, ctx)

    def write_into(self, element: Any, value: Any) -> None:
        for spec in self.attributes:
            item = getattr(value, spec.field)
            if item is not None:
                element.set(spec.name, spec.format(item))
        write_children(element, self.children, value)

    def write(self, parent: Any, tag: str, value: Any) -> None:
        self.write_into(SubElement(parent, tag), value)


class Typed(Codec):
    """An element of an abstract type: ``xsi:type`` names the concrete type, one per class."""

    def __init__(self, types: dict[tuple[str, str], Complex]) -> None:
        self.by_type = types
        self.by_class = {codec.cls: (namespace, local, codec) for (namespace, local), codec in types.items()}

    def read(self, element: Any, ctx: Context) -> Any:
        raw = element.get(_XSI_TYPE)
        if raw is None:
            raise _fail(MissingElementError, f"{display_name(element.tag)} needs xsi:type", element, ctx)
        prefix, _, local = raw.strip().rpartition(":")
        namespace = element.nsmap.get(prefix or None)
        codec = self.by_type.get((namespace or "", local))
        if codec is None:
            raise _fail(UnknownElementError, f"{display_name(element.tag)}: xsi:type names no known relationship type", element, ctx, raw)
        values = read_children(element, codec.children, ctx)
        values.update(codec.read_attributes(element, ctx, allowed=(_XSI_TYPE,)))
        return build(codec.cls, values, element, ctx)

    def write(self, parent: Any, tag: str, value: Any) -> None:
        namespace, local, codec = self.by_class[type(value)]
        element = SubElement(parent, tag)
        element.set(_XSI_TYPE, f"{_PREFIX_OF[namespace]}:{local}")
        codec.write_into(element, value)


class Choice(Codec):
    """An element holding exactly one of several alternative child elements, each mapping to
    its own model class (e.g. a conviction referenced by ECRIS ID, NJR ID or court data)."""

    def __init__(self, options: Sequence[tuple[Child, Callable[[Any], Any], Callable[[Any], Any]]]) -> None:
        # Each option: the child spec, a function turning the child's value into the model
        # object, and one turning the model object back into the child's value.
        self.options = tuple(options)
        self.by_tag = {child.tag: (child, wrap) for child, wrap, _unwrap in options}

    def read(self, element: Any, ctx: Context) -> Any:
        children = list(element)
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

    def write(self, parent: Any, tag: str, value: Any) -> None:
        element = SubElement(parent, tag)
        for child, wrap, unwrap in self.options:
            inner = unwrap(value)
            if inner is not None:
                child.codec.write(element, child.tag, inner)
                return
        raise CodecError(f"{type(value).__name__} cannot be written in {display_name(tag)}")
