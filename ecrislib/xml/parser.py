"""The one hardened XML parser behind every ecrislib entry point.

All XML input is hostile until proven otherwise. Three layers refuse it:

1. Before libxml2 sees a byte: the size limit (``os.stat`` for paths, counted chunked reads for
   file objects), an empty-input check, and a scan of the *prolog only* (the few bytes before the
   root element) that refuses any ``<!DOCTYPE``. A document in another encoding (a UTF-16 BOM, or
   a declaration such as ISO-8859-1) is decoded and re-encoded as UTF-8 first. ECRIS
   messages never have a DOCTYPE, so hostile DTDs (billion laughs, quadratic blow-up, XXE,
   external parameter entities) never reach libxml2's DTD code at all.
2. libxml2 itself, configured so that even a DOCTYPE it did see could not hurt: no entity
   substitution, no DTD loading, no network, ``huge_tree`` off (depth capped at 256, text nodes at
   10 MB), UTF-8 forced, and a resolver that refuses every external load. ``resolve_entities=False``
   is passed explicitly everywhere, the pull parser included (lxml changed that default in 5.0 for
   parsers but only in 6.1 for ``iterparse``, and fetched external parameter entities up to 6.1.2).
   ``collect_ids`` is deliberately left at its default: with lxml 6.1.3 / libxml2 2.14,
   ``collect_ids=False`` makes libxml2 *load the external DTD subset and external parameter
   entities from local files* even with ``load_dtd=False`` (measured; see
   ``test_collect_ids_false_would_load_external_dtd``).
3. After parsing: the tree must have no DTD, and no element may be deeper than the limit.

Every failure is an :class:`~ecrislib.errors.XmlError` subclass with a stable ``rule``; no lxml
exception escapes. Error texts never quote the document (libxml2's own messages can: attribute
values, bytes in hex, entity names); they keep only line, column and element names. With
``ParserLimits(reveal_values=True)`` the libxml2 detail goes to ``error.value`` and the lxml
exception is chained as ``__cause__``; otherwise no exception context is attached either.

Rules: ``xml.doctype``, ``xml.entity``, ``xml.external-entity`` (:class:`XmlSecurityError`);
``xml.size``, ``xml.depth`` (:class:`XmlLimitError`); ``xml.empty``, ``xml.encoding``,
``xml.syntax`` (:class:`XmlSyntaxError`).
"""

from __future__ import annotations

import io
import itertools
import os
import re
import threading
from collections.abc import Iterable, Iterator
from typing import Final, Protocol, Union

import attrs
from lxml import etree

from ..errors import XmlError, XmlLimitError, XmlSecurityError, XmlSyntaxError

__all__ = [
    "DEFAULT_LIMITS",
    "LIBXML2_MAX_DEPTH",
    "ParserLimits",
    "SupportsRead",
    "XmlSource",
    "iterparse",
    "load",
    "read_limited",
]

#: libxml2's own nesting cap when ``huge_tree`` is off: depth 256 parses, 257 fails.
LIBXML2_MAX_DEPTH: Final = 256

_CHUNK: Final = 64 * 1024
_MIB: Final = 1024 * 1024


@attrs.frozen
class ParserLimits:
    """Limits for one parse; the defaults suit single ECRIS messages.

    Attributes:
        max_bytes: largest accepted input, in bytes (after UTF-8 encoding for ``str``). It also
            bounds memory: the lxml tree takes about 7x the input size for ECRIS-like content
            and up to about 35x for input made only of empty elements (measured RSS). Raise it for
            :func:`iterparse` over large batches.
        max_depth: deepest accepted element nesting (the root is depth 1). The default,
            :data:`LIBXML2_MAX_DEPTH` (256), is far above any ECRIS message (about 12 levels) and
            low enough for code that recurses over the tree; values of 256 or more cost nothing (libxml2 enforces 256 while
            parsing); lower values cost one tree walk in C (a compiled XPath) after :func:`load`:
            about 10-20 us, 15-20% of parsing a 6-15 KB message (measured). :func:`iterparse` counts depth
            as it goes, at no extra cost.
        reveal_values: when true, ``error.value`` carries the offending detail (libxml2's message,
            the declared encoding, the start of a DOCTYPE) and the lxml exception is chained.
            Leave it off wherever errors may be logged: these can quote personal data.
    """

    max_bytes: int = attrs.field(default=16 * _MIB, validator=[attrs.validators.instance_of(int), attrs.validators.gt(0)])
    max_depth: int = attrs.field(default=LIBXML2_MAX_DEPTH, validator=[attrs.validators.instance_of(int), attrs.validators.gt(0)])
    reveal_values: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))


DEFAULT_LIMITS: Final = ParserLimits()


class SupportsRead(Protocol):
    """A binary file object: ``read(n)`` returns at most about ``n`` bytes, ``b""`` at the end."""

    def read(self, size: int = ..., /) -> bytes: ...


#: What :func:`load` and :func:`iterparse` accept. A ``str`` is always XML text, never a path.
XmlSource = Union[bytes, bytearray, memoryview, str, "os.PathLike[str]", "os.PathLike[bytes]", SupportsRead]


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def load(source: XmlSource, limits: ParserLimits | None = None) -> etree._Element:
    """Parse a whole document and return its root element, or raise an :class:`XmlError`.

    ``source`` is told apart by type only, never by content:

    * ``bytes``/``bytearray``/``memoryview``: the document, UTF-8 (a UTF-8 BOM is allowed), or
      UTF-16 with a byte-order mark, or the ISO-8859-n / windows-125n encoding its declaration
      names; any other declared encoding is refused with ``xml.encoding``;
    * ``str``: the document as text. It is encoded to UTF-8 and any encoding declaration in it
      is ignored (the text is already decoded). A ``str`` is *never* taken for a file name:
      guessing ("does it start with ``<``?") would let a caller who passes untrusted text make
      us read a local file. ``load("msg.xml")`` therefore fails with ``xml.syntax`` and a hint;
    * ``os.PathLike`` (e.g. :class:`pathlib.Path`): a file, whose size is checked with
      ``os.stat`` before it is opened;
    * anything with ``read(n)`` returning bytes: read in 64 KiB chunks, stopping as soon as
      ``max_bytes`` is passed.

    ``OSError`` from opening or reading a file propagates unchanged.
    """
    limits = DEFAULT_LIMITS if limits is None else limits
    if source.__class__ is bytes:  # the usual case, without _bytes_of's conversions
        if len(source) > limits.max_bytes:
            raise _size_error(limits)
        return _load_bytes(source, limits, check_declaration=True)
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = _bytes_of(source, limits)
        return _load_bytes(data, limits, check_declaration=True)
    if isinstance(source, str):
        return _load_bytes(_encode_text(source, limits), limits, check_declaration=False)
    if isinstance(source, os.PathLike):
        with _open_checked(source, limits) as file:
            return _load_stream(file, limits)
    if callable(getattr(source, "read", None)):
        return _load_stream(source, limits)
    raise TypeError(f"cannot parse XML from {type(source).__name__}; pass bytes, str, a path or a binary file")


def iterparse(
    source: XmlSource,
    tag: str | Iterable[str],
    *,
    limits: ParserLimits | None = None,
) -> Iterator[etree._Element]:
    """Stream a large document, yielding each complete element whose tag is in ``tag``.

    ``tag`` is one Clark name (``"{namespace}local"``) or several. Same sources and protections
    as :func:`load` (raise ``limits.max_bytes`` for big batches). Memory stays bounded: once the
    caller resumes the iterator, a yielded element is cleared and dropped, and so is every other
    finished element outside a wanted one; a wanted element nested in another wanted one is kept
    until the outer one is done. Keep data, not elements, between iterations.

    **Records are provisional until the iterator is exhausted**: a size, depth, syntax or
    security error further down the input raises after earlier records were yielded. Do not
    commit side effects (database writes, replies) before the whole input has been read.
    """
    limits = DEFAULT_LIMITS if limits is None else limits
    tags = frozenset([tag] if isinstance(tag, str) else tag)
    if not tags or not all(isinstance(t, str) for t in tags):
        raise TypeError("tag must be a Clark name or an iterable of Clark names")
    if not isinstance(source, (bytes, bytearray, memoryview, str, os.PathLike)) and not callable(getattr(source, "read", None)):
        raise TypeError(f"cannot parse XML from {type(source).__name__}; pass bytes, str, a path or a binary file")
    return _iterparse(source, tags, limits)


def read_limited(source: os.PathLike[str] | os.PathLike[bytes] | SupportsRead, limits: ParserLimits | None = None) -> bytes:
    """The bytes of a file (checked with ``os.stat`` first) or of a binary stream, read in
    64 KiB chunks under the same size limit as :func:`load`: ``xml.size`` is raised as soon as
    more than ``max_bytes`` came in, so at most one chunk past the limit is ever held. For
    callers that need the raw bytes as well as the tree (e.g. a round-trip comparison)."""
    limits = DEFAULT_LIMITS if limits is None else limits
    if isinstance(source, os.PathLike):
        with _open_checked(source, limits) as file:
            return b"".join(_chunks(file, limits))
    return b"".join(_chunks(source, limits))


# --------------------------------------------------------------------------------------------
# The libxml2 parser
# --------------------------------------------------------------------------------------------

_PARSER_OPTIONS: Final = dict(
    resolve_entities=False,  # explicit: defaults changed across lxml versions
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    attribute_defaults=False,
    huge_tree=False,  # keeps libxml2's caps: depth 256, text node 10 MB, names 50 kB
    recover=False,
    remove_comments=True,
    remove_pis=True,
    strip_cdata=True,
    encoding="utf-8",  # ECRIS is UTF-8; a declaration cannot switch libxml2 to another decoder
    # collect_ids is left at its default on purpose: False makes libxml2 load external DTDs.
)


class _ExternalLoadRefused(Exception):
    """Raised by our resolver if libxml2 ever tries to load anything external."""


class _RefuseAllResolver(etree.Resolver):
    """Last line of defence: no URL or file is ever resolved, whatever the parser options."""

    def resolve(self, system_url: str | None, public_id: str | None, context: object) -> None:
        raise _ExternalLoadRefused(system_url)


def _new_parser(**overrides: object) -> etree.XMLParser:
    """A fresh hardened parser (``overrides`` exist for tests only)."""
    # The options are plain keywords checked by lxml itself; the stubs cannot follow a mapping.
    parser: etree.XMLParser = etree.XMLParser(**{**_PARSER_OPTIONS, **overrides})  # type: ignore[call-overload]
    parser.resolvers.add(_RefuseAllResolver())
    return parser


def _new_pull_parser() -> etree.XMLPullParser:
    parser = etree.XMLPullParser(events=("start", "end"), **_PARSER_OPTIONS)  # type: ignore[arg-type]
    parser.resolvers.add(_RefuseAllResolver())
    return parser


# lxml parsers must not be used by two threads at once; creating one costs about 2 us (5% of a
# 6 KB parse), a thread-local cache about 0.1 us. Options do not depend on the limits, so each
# thread keeps one parser for all ``load(bytes | str)`` calls. Feed-based parsing (files, streams)
# uses a fresh parser per call, since an aborted feed would leave a shared parser mid-document.
_local = threading.local()


def _thread_parser() -> etree.XMLParser:
    parser: etree.XMLParser | None = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = _new_parser()
    return parser


def _depth_probe(max_depth: int) -> etree.XPath:
    """A compiled XPath true when some element is deeper than ``max_depth`` (per thread: XPath
    objects serialise concurrent callers with a lock)."""
    probes: dict[int, etree.XPath] | None = getattr(_local, "probes", None)
    if probes is None:
        probes = _local.probes = {}
    probe = probes.get(max_depth)
    if probe is None:
        # regexp=False skips registering the EXSLT regex functions on every call (about 4 us)
        probe = probes[max_depth] = etree.XPath("boolean(" + "/*" * (max_depth + 1) + ")", regexp=False)
    return probe


# --------------------------------------------------------------------------------------------
# Whole-document loading
# --------------------------------------------------------------------------------------------


def _bytes_of(source: bytes | bytearray | memoryview, limits: ParserLimits) -> bytes:
    size = source.nbytes if isinstance(source, memoryview) else len(source)
    if size > limits.max_bytes:
        raise _size_error(limits)
    return source if isinstance(source, bytes) else bytes(source)


_STR_START = re.compile(r"[ \t\r\n\ufeff]*")


def _encode_text(text: str, limits: ParserLimits) -> bytes:
    """UTF-8 bytes of a ``str`` document; lone surrogates cannot be encoded and are refused."""
    if len(text) > limits.max_bytes:  # every character takes at least one byte
        raise _size_error(limits)
    start = _STR_START.match(text).end()  # type: ignore[union-attr]
    if start < len(text) and text[start] != "<":
        raise XmlSyntaxError(
            "str input is XML text and must start with '<'; pass a pathlib.Path to read a file",
            rule="xml.syntax",
            line=text.count("\n", 0, start) + 1,
        )
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        position = exc.start
        error: XmlError | None = XmlSyntaxError(
            "str input contains a character that cannot be encoded as UTF-8 (lone surrogate)",
            rule="xml.encoding",
            line=text.count("\n", 0, position) + 1,
            column=position - (text.rfind("\n", 0, position) + 1) + 1,
            value=repr(text[position]) if limits.reveal_values else None,
        )
        cause: BaseException | None = exc
    else:
        error, cause = None, None
    if error is not None:
        _raise(error, cause, limits)
    if len(data) > limits.max_bytes:
        raise _size_error(limits)
    return data


def _load_bytes(data: bytes, limits: ParserLimits, *, check_declaration: bool) -> etree._Element:
    if not _usual_prolog(data, check_declaration):
        if check_declaration and _foreign_encoding(data) is not None:
            data = _to_utf8(data, limits)
        _PrologGuard(limits, check_declaration).check(data, final=True)
    error: XmlError | None = None
    cause: BaseException | None = None
    try:
        root = etree.fromstring(data, _thread_parser())
    except (etree.LxmlError, _ExternalLoadRefused) as exc:
        error, cause = _translate(exc, limits), exc
    if error is not None:
        _raise(error, cause, limits)
    _check_tree(root, limits)
    return root


def _open_checked(path: os.PathLike[str] | os.PathLike[bytes], limits: ParserLimits) -> io.BufferedReader:
    """Open a file for reading only if ``os.stat`` says it is within the size limit."""
    size = os.stat(path).st_size
    if size > limits.max_bytes:
        raise XmlLimitError(
            f"file is {size} bytes, over the size limit of {limits.max_bytes} bytes",
            rule="xml.size",
        )
    return open(path, "rb")  # noqa: SIM115 - closed by the caller's ``with``


def _chunks(file: SupportsRead, limits: ParserLimits) -> Iterator[bytes]:
    """Read ``file`` in chunks, failing as soon as more than ``max_bytes`` came in (so at most
    one chunk past the limit is ever read, even from a file that grew since ``os.stat``)."""
    total = 0
    while True:
        chunk = file.read(min(_CHUNK, limits.max_bytes - total + 1))
        if not chunk:
            return
        if not isinstance(chunk, (bytes, bytearray)):
            raise TypeError("the file object must be opened in binary mode (read() returned str)")
        total += len(chunk)
        if total > limits.max_bytes:
            raise _size_error(limits)
        yield bytes(chunk)


def _load_stream(file: SupportsRead, limits: ParserLimits) -> etree._Element:
    """Feed a file to libxml2 chunk by chunk: memory holds one chunk plus the tree, not the file."""
    parser = _new_parser()
    guard = _PrologGuard(limits, check_declaration=True)
    pending = bytearray()  # only until the prolog has been cleared
    error: XmlError | None = None
    cause: BaseException | None = None
    chunks = _chunks(file, limits)
    first = next(chunks, b"")
    if not _usual_prolog(first, True) and _foreign_encoding(first) is not None:
        # Another encoding than UTF-8: transcode the whole (size-limited) document first.
        return _load_bytes(first + b"".join(chunks), limits, check_declaration=True)
    try:
        for chunk in itertools.chain((first,), chunks):
            if guard.done:
                parser.feed(chunk)
                continue
            pending += chunk
            if guard.check(pending, final=False):
                parser.feed(bytes(pending))
                pending = bytearray()
        if not guard.done:
            guard.check(pending, final=True)
            parser.feed(bytes(pending))
        root = parser.close()
    except (etree.LxmlError, _ExternalLoadRefused) as exc:
        error, cause = _translate(exc, limits), exc
    if error is not None:
        _raise(error, cause, limits)
    _check_tree(root, limits)
    return root


def _check_tree(root: etree._Element, limits: ParserLimits) -> None:
    """Layer 3: no DTD got through, and nothing is nested deeper than ``max_depth``."""
    tree = root.getroottree()
    _check_docinfo(tree, limits)
    max_depth = limits.max_depth
    if max_depth < LIBXML2_MAX_DEPTH and _depth_probe(max_depth)(tree):
        too_deep = tree.xpath("/*" * (max_depth + 1))
        element = too_deep[0] if isinstance(too_deep, list) and too_deep else None
        raise _depth_error(limits, element)


def _check_docinfo(tree: etree._ElementTree, limits: ParserLimits) -> None:
    docinfo = tree.docinfo
    dtd = docinfo.internalDTD
    if dtd is None and docinfo.externalDTD is None:
        return
    external = bool(docinfo.system_url or docinfo.public_id) or docinfo.externalDTD is not None
    entities = list(dtd.iterentities()) if dtd is not None else []
    external = external or any(entity.system_url for entity in entities)
    rule = "xml.external-entity" if external else "xml.entity" if entities else "xml.doctype"
    raise XmlSecurityError(
        _SECURITY_MESSAGES[rule],
        rule=rule,
        value=docinfo.doctype if limits.reveal_values else None,
    )


# --------------------------------------------------------------------------------------------
# Streaming
# --------------------------------------------------------------------------------------------


def _iterparse(source: XmlSource, tags: frozenset[str], limits: ParserLimits) -> Iterator[etree._Element]:
    if isinstance(source, os.PathLike):
        with _open_checked(source, limits) as file:
            yield from _iterparse_stream(file, tags, limits, check_declaration=True)
    elif isinstance(source, str):
        data = _encode_text(source, limits)
        yield from _iterparse_stream(io.BytesIO(data), tags, limits, check_declaration=False)
    elif isinstance(source, (bytes, bytearray, memoryview)):
        data = _bytes_of(source, limits)
        yield from _iterparse_stream(io.BytesIO(data), tags, limits, check_declaration=True)
    else:
        yield from _iterparse_stream(source, tags, limits, check_declaration=True)


def _iterparse_stream(
    file: SupportsRead, tags: frozenset[str], limits: ParserLimits, *, check_declaration: bool
) -> Iterator[etree._Element]:
    parser = _new_pull_parser()
    guard = _PrologGuard(limits, check_declaration)
    max_depth = min(limits.max_depth, LIBXML2_MAX_DEPTH)
    pending = bytearray()
    depth = 0
    open_wanted = 0  # wanted elements started and not yet ended
    seen_root = False
    chunks = _chunks(file, limits)
    finished = False
    while not finished:
        error: XmlError | None = None
        cause: BaseException | None = None
        try:
            chunk = next(chunks, None)
            if chunk is None:
                if not guard.done:
                    guard.check(pending, final=True)
                    parser.feed(bytes(pending))
                parser.close()
                finished = True
            elif guard.done:
                parser.feed(chunk)
            else:
                pending += chunk
                if guard.check(pending, final=False):
                    parser.feed(bytes(pending))
                    pending = bytearray()
            events = list(parser.read_events())
        except (etree.LxmlError, _ExternalLoadRefused) as exc:
            error, cause = _translate(exc, limits), exc
        if error is not None:
            _raise(error, cause, limits)
        for event, element in events:
            if event == "start":
                if not seen_root:
                    _check_docinfo(element.getroottree(), limits)
                    seen_root = True
                depth += 1
                if depth > max_depth:
                    raise _depth_error(limits, element)
                if element.tag in tags:
                    open_wanted += 1
            else:
                depth -= 1
                if element.tag in tags:
                    open_wanted -= 1
                    yield element
                if open_wanted == 0:
                    _release(element)


def _release(element: etree._Element) -> None:
    """Free a finished element and the finished siblings before it (the usual lxml idiom)."""
    element.clear(keep_tail=True)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


# --------------------------------------------------------------------------------------------
# Encodings other than UTF-8
# --------------------------------------------------------------------------------------------

# A document in another encoding is legal XML: it is decoded here, its declaration rewritten to
# UTF-8, and it then takes the same path as every other document. Only encodings a peer may
# plausibly use are accepted; an unknown name is refused rather than guessed.
_UTF16_BOMS: Final = (b"\xff\xfe", b"\xfe\xff")
_ACCEPTED_ENCODINGS: Final = re.compile(
    r"utf-?16(?:-?[bl]e)?|iso[-_]?8859-(?:[1-9]|1[0-5])|latin-?[1-9]|(?:windows|cp)-?125[0-8]",
    re.IGNORECASE,
)
_DECLARATION_ENCODING_TEXT = re.compile(r"(\A\ufeff?<\?xml[ \t\r\n][^>]*?\bencoding[ \t\r\n]*=[ \t\r\n]*)([\"'])(.*?)\2", re.S)


def _foreign_encoding(data: bytes | bytearray) -> str | None:
    """The encoding to decode ``data`` with when it is not UTF-8: a UTF-16 byte-order mark, or
    an XML declaration naming another encoding. ``None`` for UTF-8 (the usual case)."""
    if bytes(data[:2]) in _UTF16_BOMS:
        return "utf-16"
    match = _DECLARED_ENCODING.match(data, 3 if data.startswith(_UTF8_BOM) else 0)
    if match is None:
        return None
    name = match.group(2).strip()
    return None if name.lower() in _UTF8_NAMES else name.decode("ascii", "replace")


def _to_utf8(data: bytes, limits: ParserLimits) -> bytes:
    """``data`` decoded from its declared (or BOM-given) encoding, as UTF-8 bytes whose
    declaration says UTF-8."""
    encoding = _foreign_encoding(data)
    assert encoding is not None
    if not _ACCEPTED_ENCODINGS.fullmatch(encoding):
        start = data.find(encoding.encode("ascii", "replace"))
        raise XmlSyntaxError(
            "the XML declaration names an encoding ecrislib does not read (UTF-8, UTF-16, ISO-8859-n and windows-125n are read)",
            rule="xml.encoding",
            line=_line_of(data, start),
            column=_column_of(data, start),
            value=encoding if limits.reveal_values else None,
        )
    if encoding.lower().replace("-", "") == "utf16" and bytes(data[:2]) not in _UTF16_BOMS:
        raise XmlSyntaxError("a UTF-16 document must start with a byte-order mark", rule="xml.encoding")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise XmlSyntaxError(f"the input is not valid {encoding}", rule="xml.encoding", line=data.count(b"\n", 0, exc.start) + 1) from None
    text = _DECLARATION_ENCODING_TEXT.sub(r"\1\2UTF-8\2", text.lstrip("\ufeff"), count=1)
    return _encode_text(text, limits)


# --------------------------------------------------------------------------------------------
# Layer 1: the prolog scan
# --------------------------------------------------------------------------------------------

_UTF8_BOM: Final = b"\xef\xbb\xbf"
_WHITESPACE = re.compile(rb"[ \t\r\n]*")
_DECLARED_ENCODING = re.compile(rb"<\?xml[ \t\r\n][^>]*?\bencoding[ \t\r\n]*=[ \t\r\n]*([\"'])(.*?)\1", re.S)
# BOM? <?xml ... encoding="..."?>? whitespace: the head of the usual prolog, matched in C. Up
# to _FAST_COMMENTS comments may follow (each found with bytes.find, no backtracking), then a
# start tag must come; anything else goes to the guard.
_USUAL_HEAD = re.compile(
    rb"(?:\xef\xbb\xbf)?"
    rb"(?:<\?xml(?:[ \t\r\n][^<>?]*?\bencoding[ \t\r\n]*=[ \t\r\n]*[\"']([A-Za-z0-9._-]*)[\"'])?[^<>?]*\?>)?"
    rb"[ \t\r\n]*"
)
_START_TAG = re.compile(rb"<[^!?/ \t\r\n<>]")
# What nearly every message starts with, in one match: no declaration, or ``<?xml version="1.0"?>``
# with at most ``encoding="UTF-8"`` (either quotes, either case of utf), whitespace, then a
# start tag. Strictly narrower than the scanned path above (a property test holds it to that).
_PLAIN_PROLOG = re.compile(
    rb"(?:<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(?:\"1\.0\"|'1\.0')"
    rb"(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(?:\"(?:UTF|utf)-8\"|'(?:UTF|utf)-8'))?"
    rb"[ \t\r\n]*\?>)?"
    rb"[ \t\r\n]*<[^!?/ \t\r\n<>]"
)
_FAST_COMMENTS: Final = 8
_UTF8_NAMES: Final = frozenset({b"utf-8", b"utf8", b"us-ascii", b"ascii"})
# After the first item (where the XML declaration is checked), complete comments, PIs and
# whitespace are skipped in bulk by one match in C: the scan holds however many items come
# before a DOCTYPE, and hostile input made of millions of tiny comments costs no Python loop.
_PROLOG_RUN = re.compile(rb"(?:<!--.*?-->|<\?.*?\?>|[ \t\r\n]+)+", re.S)


def _usual_prolog(buf: bytes | bytearray, check_declaration: bool) -> bool:
    """True when ``buf`` starts with a plain prolog (no DOCTYPE, UTF-8 or no declared encoding,
    at most a few comments) and a start tag: the fast path. Anything else goes to
    :class:`_PrologGuard`. The declaration ecrislib writes is a prefix comparison (about 1k
    instructions), the prolog almost every other message has one match (about 5k); the
    others take :func:`_scanned_prolog` (about 15k)."""
    return _written_declaration(buf) or _PLAIN_PROLOG.match(buf) is not None or _scanned_prolog(buf, check_declaration)


# The declaration ecrislib (and lxml, and most peers) write, then a line break and a start tag.
_WRITTEN_DECLARATIONS: Final = (b"<?xml version='1.0' encoding='UTF-8'?>\n<", b'<?xml version="1.0" encoding="UTF-8"?>\n<')
_WRITTEN_LENGTH: Final = len(_WRITTEN_DECLARATIONS[0])  # the same for both (a test checks it)
_NOT_NAME_START: Final = frozenset(b"!?/ \t\r\n<>")


def _written_declaration(buf: bytes | bytearray) -> bool:
    """Whether ``buf`` begins with one of :data:`_WRITTEN_DECLARATIONS` and a start tag: a
    narrower case of :data:`_PLAIN_PROLOG`, told by a prefix comparison."""
    return buf.startswith(_WRITTEN_DECLARATIONS) and len(buf) > _WRITTEN_LENGTH and buf[_WRITTEN_LENGTH] not in _NOT_NAME_START


def _scanned_prolog(buf: bytes | bytearray, check_declaration: bool) -> bool:
    """:func:`_usual_prolog` for a BOM, other declarations and comments before the root."""
    match = _USUAL_HEAD.match(buf)
    assert match is not None  # every part of the head is optional
    position = match.end()
    for _ in range(_FAST_COMMENTS):
        if not buf.startswith(b"<!--", position):
            break
        end = buf.find(b"--", position + 4)
        if end < 0 or not buf.startswith(b"-->", end):
            return False  # unterminated, or "--" inside: the guard and libxml2 tell which
        position = _WHITESPACE.match(buf, end + 3).end()  # type: ignore[union-attr]
    if _START_TAG.match(buf, position) is None:
        return False
    encoding = match.group(1)
    return encoding is None or not check_declaration or encoding.lower() in _UTF8_NAMES


class _PrologGuard:
    """Scans the bytes before the root element: refuses a DOCTYPE before libxml2 parses it,
    refuses a declared encoding other than UTF-8, and tells empty input apart.

    Works incrementally (``check`` may be called again with the same buffer grown), in linear
    time: it resumes where it stopped and searches comment ends only in new bytes.
    """

    __slots__ = ("_limits", "_check_declaration", "_pos", "_search_from", "_items", "done")

    def __init__(self, limits: ParserLimits, check_declaration: bool) -> None:
        self._limits = limits
        self._check_declaration = check_declaration
        self._pos = -1  # next unread item, -1 before the BOM check
        self._search_from = 0
        self._items = 0
        self.done = False

    def check(self, buf: bytes | bytearray, *, final: bool) -> bool:
        """True when the prolog is cleared (root start, or something libxml2 will refuse)."""
        if self._pos < 0 and _usual_prolog(buf, self._check_declaration):
            return self._finish()
        n = len(buf)
        if self._pos < 0:
            if not final and n < 3 and _UTF8_BOM.startswith(buf):
                return False
            self._pos = 3 if buf.startswith(_UTF8_BOM) else 0
        pos = self._pos
        while True:
            pos = self._pos = _WHITESPACE.match(buf, pos).end()  # type: ignore[union-attr]
            if pos >= n:
                if not final:
                    return False
                if self._items == 0:
                    raise XmlSyntaxError("the input is empty (no XML content)", rule="xml.empty")
                return self._finish()  # only comments/PIs: libxml2 reports the missing root
            if self._items and not self._search_from:  # not resuming an unterminated item
                run = _PROLOG_RUN.match(buf, pos)
                if run is not None:
                    pos = self._pos = run.end()
                    continue
            for opener, closer in ((b"<!--", b"-->"), (b"<?", b"?>")):
                if buf.startswith(opener, pos):
                    end = buf.find(closer, max(pos + len(opener), self._search_from))
                    if end < 0:
                        if final:
                            return self._finish()  # unterminated: a syntax error for libxml2
                        self._search_from = max(pos + len(opener), n - len(closer) + 1)
                        return False
                    if opener == b"<?" and self._items == 0 and self._check_declaration:
                        self._check_encoding(buf, pos, end + 2)
                    pos = end + len(closer)
                    self._pos, self._search_from = pos, 0
                    self._items += 1
                    break
            else:
                if buf.startswith(b"<!DOCTYPE", pos):
                    raise _doctype_error(buf, pos, self._limits)
                head = bytes(buf[pos : pos + 9])
                if not final and len(head) < 9 and (b"<!DOCTYPE".startswith(head) or b"<!--".startswith(head)):
                    return False
                return self._finish()

    def _finish(self) -> bool:
        self.done = True
        return True

    def _check_encoding(self, buf: bytes | bytearray, start: int, end: int) -> None:
        match = _DECLARED_ENCODING.match(buf, start, end)
        if match is None or match.group(2).strip().lower() in _UTF8_NAMES:
            return
        raise XmlSyntaxError(
            "the XML declaration names an encoding other than UTF-8; ECRIS messages are UTF-8",
            rule="xml.encoding",
            line=_line_of(buf, match.start(2)),
            column=_column_of(buf, match.start(2)),
            value=match.group(2).decode("ascii", "replace") if self._limits.reveal_values else None,
        )


_DOCTYPE_TOKEN = re.compile(rb"[\"']|<!--|<\?|<!ENTITY\b|\b(?:SYSTEM|PUBLIC)\b|%[^\s%;\"'<>]+;|[\[\]>]")
_DOCTYPE_WINDOW: Final = 16 * 1024

_SECURITY_MESSAGES: Final = {
    "xml.doctype": "a DOCTYPE declaration is not accepted (ECRIS messages have none)",
    "xml.entity": "a DOCTYPE declaring or using entities is not accepted",
    "xml.external-entity": "a reference to an external entity or DTD is not accepted; nothing was fetched",
}


def _doctype_error(buf: bytes | bytearray, start: int, limits: ParserLimits) -> XmlSecurityError:
    """Name the refusal by what the DOCTYPE tries: external loads, entities, or nothing.

    The classification only picks the rule id (everything is refused anyway), so a bounded,
    approximate tokenizer over the first 16 KiB is enough: it skips quoted literals and comments
    and looks for ``SYSTEM``/``PUBLIC``, ``<!ENTITY`` and ``%name;``.
    """
    window = bytes(buf[start : start + _DOCTYPE_WINDOW])
    external = entity = False
    depth = 0
    pos = len(b"<!DOCTYPE")
    while (match := _DOCTYPE_TOKEN.search(window, pos)) is not None:
        token, pos = match.group(), match.end()
        closer = {b'"': b'"', b"'": b"'", b"<!--": b"-->", b"<?": b"?>"}.get(token)
        if closer is not None:
            end = window.find(closer, pos)
            if end < 0:
                break
            pos = end + len(closer)
        elif token == b"[":
            depth += 1
        elif token == b"]":
            depth = max(depth - 1, 0)
        elif token == b">":
            if depth == 0:
                break
        elif token in (b"SYSTEM", b"PUBLIC"):
            external = True
        else:  # <!ENTITY or %name;
            entity = True
    rule = "xml.external-entity" if external else "xml.entity" if entity else "xml.doctype"
    return XmlSecurityError(
        _SECURITY_MESSAGES[rule],
        rule=rule,
        line=_line_of(buf, start),
        column=_column_of(buf, start),
        value=window[:200].decode("utf-8", "replace") if limits.reveal_values else None,
    )


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


def _error_names(*names: str) -> frozenset[int]:
    return frozenset(getattr(etree.ErrorTypes, name) for name in names if hasattr(etree.ErrorTypes, name))


_ENCODING_CODES: Final = _error_names(
    "ERR_INVALID_ENCODING", "ERR_UNKNOWN_ENCODING", "ERR_UNSUPPORTED_ENCODING",
    "ERR_ENCODING_NAME", "ERR_MISSING_ENCODING", "WAR_ENCODING_MISMATCH",
)  # fmt: skip
_ENTITY_CODES: Final = _error_names(
    "ERR_UNDECLARED_ENTITY", "WAR_UNDECLARED_ENTITY", "ERR_UNPARSED_ENTITY", "ERR_ENTITY_LOOP",
    "ERR_ENTITY_BOUNDARY", "ERR_ENTITY_IS_EXTERNAL", "ERR_ENTITY_IS_PARAMETER",
    "ERR_ENTITY_PE_INTERNAL", "ERR_ENTITY_PROCESSING", "ERR_ENTITY_NOT_STARTED",
    "ERR_ENTITY_NOT_FINISHED", "ERR_ENTITY_CHAR_ERROR", "ERR_EXT_ENTITY_STANDALONE",
    "ERR_ENTITYREF_IN_PROLOG", "ERR_ENTITYREF_IN_EPILOG", "ERR_ENTITYREF_IN_DTD",
    "ERR_PEREF_IN_PROLOG", "ERR_PEREF_IN_EPILOG", "ERR_PEREF_IN_INT_SUBSET",
    "ERR_ENTITY_AMPLIFICATION",
)  # fmt: skip
_LIMIT_CODES: Final = _error_names("ERR_RESOURCE_LIMIT", "ERR_NO_MEMORY", "ERR_NAME_TOO_LONG")
_INTERNAL_ERROR: Final = etree.ErrorTypes.ERR_INTERNAL_ERROR
_DOCTYPE_CODES: Final = _error_names("ERR_DOCTYPE_NOT_FINISHED", "ERR_EXT_SUBSET_NOT_FINISHED")


def _translate(exc: BaseException, limits: ParserLimits) -> XmlError:
    """Our wording for an lxml failure: rule, line and column kept, libxml2's text only in
    ``value`` on request (it can quote attribute values, entity names, bytes in hex)."""
    if isinstance(exc, _ExternalLoadRefused):
        return XmlSecurityError(
            _SECURITY_MESSAGES["xml.external-entity"],
            rule="xml.external-entity",
            value=str(exc) if limits.reveal_values else None,
        )
    code, line, column, text = _libxml2_details(exc)
    detail = text if limits.reveal_values else None
    name = etree.ErrorTypes._getName(code) if isinstance(code, int) else None  # type: ignore[attr-defined]  # noqa: SLF001 - lxml's code -> name, not in the stubs
    if code in _ENCODING_CODES:
        return XmlSyntaxError("the input is not valid UTF-8", rule="xml.encoding", line=line, column=column, value=detail)
    if code in _ENTITY_CODES:
        return XmlSecurityError("entity references are not accepted", rule="xml.entity", line=line, column=column, value=detail)
    if code in _DOCTYPE_CODES:
        return XmlSecurityError(_SECURITY_MESSAGES["xml.doctype"], rule="xml.doctype", line=line, column=column, value=detail)
    if code in _LIMIT_CODES:
        if "depth" in text:  # libxml2's wording, used only to pick the rule
            return XmlLimitError(
                f"elements are nested deeper than the limit of {min(limits.max_depth, LIBXML2_MAX_DEPTH)} levels",
                rule="xml.depth",
                line=line,
                column=column,
                value=detail,
            )
        return XmlLimitError("the input exceeds a libxml2 size limit (text node, name or memory)", rule="xml.size", line=line, column=column, value=detail)
    what = f" ({name})" if name else ""
    return XmlSyntaxError(f"the input is not well-formed XML{what}", rule="xml.syntax", line=line, column=column, value=detail)


def _libxml2_details(exc: BaseException) -> tuple[int | None, int | None, int | None, str]:
    """Code, line, column and text of the libxml2 error behind ``exc``.

    After ``feed()``/``close()`` lxml may raise a generic "no element found" (code 1, no
    position) while the real error sits in the exception's error log: take the last error there.
    """
    code = getattr(exc, "code", None)
    line, column = getattr(exc, "position", None) or (None, None)
    text = str(getattr(exc, "msg", None) or exc)
    if code in (None, _INTERNAL_ERROR) or not line:
        log = getattr(exc, "error_log", None) or ()
        errors = [entry for entry in log if entry.level >= etree.ErrorLevels.ERROR]
        if errors:
            last = errors[-1]
            code, line, column, text = last.type, last.line, last.column, last.message
    return code, line or None, column or None, text


def _raise(error: XmlError, cause: BaseException | None, limits: ParserLimits) -> None:
    """Raise ``error`` outside any ``except`` block, so that by default no lxml exception (whose
    text may quote the document) rides along as ``__context__``; libxml2's messages are also
    dropped from this thread's lxml error log, where they would otherwise stay."""
    etree.clear_error_log()
    if limits.reveal_values and cause is not None:
        raise error from cause
    raise error


def _size_error(limits: ParserLimits) -> XmlLimitError:
    return XmlLimitError(f"the input exceeds the size limit of {limits.max_bytes} bytes", rule="xml.size")


def _depth_error(limits: ParserLimits, element: etree._Element | None) -> XmlLimitError:
    return XmlLimitError(
        f"elements are nested deeper than the limit of {min(limits.max_depth, LIBXML2_MAX_DEPTH)} levels",
        rule="xml.depth",
        path=_path_of(element) if element is not None else None,
        line=element.sourceline if element is not None else None,
    )


def _path_of(element: etree._Element) -> str:
    """``/Root/Child/...`` by local names, shortened in the middle when very deep."""
    names = [etree.QName(e).localname for e in reversed([element, *element.iterancestors()])]
    if len(names) > 12:
        names = [*names[:5], f"...({len(names) - 10} more)...", *names[-5:]]
    return "/" + "/".join(names)


def _line_of(buf: bytes | bytearray, pos: int) -> int:
    return buf.count(b"\n", 0, pos) + 1


def _column_of(buf: bytes | bytearray, pos: int) -> int:
    return pos - (buf.rfind(b"\n", 0, pos) + 1) + 1
