"""``parse`` and ``serialize``: ECRIS XML bytes to model objects and back.

Writing is deterministic: the fixed prefixes ``svc msg dm c xsi`` declared once on the root,
elements in schema order, UTF-8 with an XML declaration. Reading goes through the hardened
parser and is strict: the root picks the class, and anything the content model does not allow
is a typed error naming the element.
"""

from __future__ import annotations

import os
from typing import IO, Any, Union

import attrs
from lxml import etree

from ..errors import CodecError, UnknownElementError, UnknownRootError
from ..model.messages import Message
from . import parser
from .binding import (
    Child,
    Codec,
    Complex,
    Content,
    Context,
    build,
    check_identities,
    display_name,
    emit_element,
    own_attributes,
    readable_path,
)
from .names import CLASS_OF_ROOT, MESSAGE_DATA, METADATA
from .namespaces import ECRIS_V1_NAMESPACES, MESSAGE_NSMAP, MSG, XSI, qname

__all__ = ["Source", "SerializeOptions", "parse", "parse_element", "serialize", "to_element"]

Source = Union[bytes, str, "os.PathLike[str]", IO[bytes]]



class _MessageData(Codec):
    """``msg:MessageData``: its children are fields of the message itself (the model is flat),
    so it reads into the keyword arguments of the root's class."""

    def read(self, element: Any, ctx: Context) -> dict[str, Any]:
        if element.attrib and own_attributes(element, ctx):
            key = own_attributes(element, ctx)[0][0]
            raise UnknownElementError(f"attribute {key} is not allowed here", path=readable_path(element), line=element.sourceline)
        if (element.text or "").strip(" \t\n\r"):
            raise CodecError("msg:MessageData holds elements, not text", path=readable_path(element), line=element.sourceline)
        return _DATA[CLASS_OF_ROOT[element.getparent().tag]].content.read(element, ctx)


# Per message class, its msg:MessageData children (fields of the message itself: the model is
# flat) as one complex codec: read, written and built by functions generated on first use, as
# every content model's (see binding.Complex).
_DATA = {cls: Complex(cls, children) for cls, children in MESSAGE_DATA.items()}
_ROOT_CONTENT = Content(
    (
        Child(MSG, "MessageMetaData", "metadata", METADATA),
        Child(MSG, "MessageData", "data", _MessageData()),
    )
)


@attrs.frozen
class SerializeOptions:
    """How :func:`serialize` writes.

    ``pretty``: indent the output for people (the bytes differ, the document does not).
    ``xml_declaration``: write ``<?xml version='1.0' encoding='UTF-8'?>`` (ECRIS peers expect it).
    """

    pretty: bool = False
    xml_declaration: bool = True


_DEFAULT_OPTIONS = SerializeOptions()


_DECLARATION = "<?xml version='1.0' encoding='UTF-8'?>\n"
_NAMESPACES = "".join(f' xmlns:{prefix}="{uri}"' for prefix, uri in MESSAGE_NSMAP.items())


def _pieces(message: Message, declaration: str = "") -> list[str]:
    """The message as XML text, in pieces (joined by the caller)."""
    try:
        write_children = _DATA[type(message)].write_children
    except KeyError:
        raise TypeError(f"not an ECRIS root message: {type(message).__name__}") from None
    root = f"svc:{message.ROOT}"
    out = [f"{declaration}<{root}{_NAMESPACES}>"]
    METADATA.emit(out, "msg:MessageMetaData", message.metadata)
    emit_element(out, "msg:MessageData", "", write_children, message)
    out.append(f"</{root}>")
    return out


def _text(message: Message) -> str:
    return "".join(_pieces(message))


def serialize(message: Message, options: SerializeOptions = _DEFAULT_OPTIONS) -> bytes:
    """The message as ECRIS XML: UTF-8 bytes a peer accepts.

    >>> from ecrislib.testing import factories
    >>> serialize(factories.is_alive())[:60]
    b"<?xml version='1.0' encoding='UTF-8'?>\\n<svc:IsAliveMessage "
    """
    if options.pretty:
        tree = etree.fromstring(_text(message).encode("utf-8"), etree.XMLParser(remove_blank_text=True))
        return etree.tostring(tree, xml_declaration=options.xml_declaration, encoding="UTF-8", pretty_print=True)
    return "".join(_pieces(message, _DECLARATION if options.xml_declaration else "")).encode("utf-8")


def to_element(message: Message) -> Any:
    """The message as an lxml element (for callers who post-process the tree)."""
    return etree.fromstring(_text(message).encode("utf-8"))


def parse(source: Source | etree._Element | etree._ElementTree[etree._Element], *, limits: parser.ParserLimits | None = None) -> Message:
    """Read one ECRIS message from bytes, XML text, a path, a binary file, or an lxml element
    (or tree) already parsed by a SOAP stack such as zeep (the Body's child).

    The class comes from the root element. Raises :class:`~ecrislib.errors.XmlError`
    subclasses: unsafe or malformed input, an unknown root, or content the model does not
    allow (each naming the element and its path). No value from the message appears in the
    error text unless ``limits.reveal_values`` is set.
    """
    reveal = bool(limits and limits.reveal_values)
    if isinstance(source, etree._ElementTree):
        source = source.getroot()
    if isinstance(source, etree._Element):
        return parse_element(source, reveal_values=reveal)
    root = parser.load(source, limits)
    return parse_element(root, reveal_values=reveal)


def parse_element(root: Any, *, reveal_values: bool = False) -> Message:
    """Read a message from an already parsed (and trusted) lxml element."""
    ctx = Context(reveal_values)
    tag = root.tag
    cls = CLASS_OF_ROOT.get(tag) if isinstance(tag, str) else None
    if cls is None:
        namespace = etree.QName(root).namespace if isinstance(tag, str) else None
        if namespace in ECRIS_V1_NAMESPACES:
            message = f"{display_name(tag)} is not an ECRIS message root (roots are in the svc namespace)"
        elif namespace and "ECRIS" in namespace:
            message = f"root namespace {namespace} is not ECRIS v1.0"
        else:
            message = f"{display_name(tag) if isinstance(tag, str) else 'root'} is not an ECRIS message root"
        raise UnknownRootError(message, path=f"/{etree.QName(root).localname if isinstance(tag, str) else ''}", line=root.sourceline)
    if root.attrib:
        for key, _raw in own_attributes(root, ctx):
            raise UnknownElementError(f"attribute {key} is not allowed on the root", path=readable_path(root), line=root.sourceline)
    if (root.text or "").strip(" \t\n\r"):
        raise CodecError("the root holds elements, not text", path=readable_path(root), line=root.sourceline)
    parts = _ROOT_CONTENT.read(root, ctx)
    values = parts["data"]
    values["metadata"] = parts["metadata"]
    message = build(_DATA[cls].make, values, root, ctx)
    check_identities(ctx)
    return message  # type: ignore[no-any-return]
