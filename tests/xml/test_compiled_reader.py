"""The generated content readers (``xml.compiled``) read exactly what the generic loop reads,
and the compiled reader in front of them (``xml._reader``, where it is built) exactly what
they read: the same model for every message accepted, the same error (kind, text, path,
line, rule) for every message refused, over the test corpus and over mutants of the golden
files (comments, stray text, swapped, missing and repeated elements, attributes...), and over
the nodes only the compiled reader walks itself (CDATA sections, entity references, processing
instructions)."""

from __future__ import annotations

import contextlib
import os
import random
from pathlib import Path
from typing import Any, Iterator

import pytest
from lxml import etree
from tests.support.codec_tables import every_content
from tests.support.peer_mutations import mutants

import ecrislib
from ecrislib.errors import EcrisError
from ecrislib.xml import accelerated
from ecrislib.validation import xsd
from ecrislib.xml.binding import Content, Context
from ecrislib.xml.codec import METADATA

DATA = Path(__file__).resolve().parent.parent / "data"
GOLDEN = sorted((DATA / "valid").glob("*.xml"))
CORPUS = GOLDEN + sorted((DATA / "invalid").glob("*.xml"))


def _generated(content: Content) -> Any:
    """The generated reader of a content model (behind its compiled reader, if it has one)."""
    return getattr(content.read, "generated", content.read)


@contextlib.contextmanager
def _reading_with(which: str) -> Iterator[None]:
    """Every content model read by the generic loop alone (``"generic"``, as before the
    generated readers) or by the generated readers without the compiled one (``"generated"``)."""
    contents = every_content()
    saved = [content.read for content in contents]
    for content in contents:
        content.read = content.read_generic if which == "generic" else _generated(content)
    try:
        yield
    finally:
        for content, read in zip(contents, saved):
            content.read = read


def _outcome(source: Any) -> Any:
    try:
        return ("read", ecrislib.parse(source))
    except EcrisError as error:
        return ("refused", type(error).__name__, str(error), getattr(error, "path", None), getattr(error, "line", None), getattr(error, "rule", None))


def _element(data: bytes) -> Any:
    """The message as a SOAP stack hands it over: a tree that keeps comments and PIs (the
    hardened loader drops them from bytes)."""
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))


def _agree(data: bytes) -> None:
    sources: list[Any] = [data]
    with contextlib.suppress(etree.XMLSyntaxError):  # not well-formed: bytes only
        sources.append(_element(data))
        # and as a stack that keeps CDATA sections as nodes of their own (lxml merges them)
        sources.append(etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, strip_cdata=False)))
    for source in sources:
        fast = _outcome(source)
        with _reading_with("generated"):
            generated = _outcome(source)
        with _reading_with("generic"):
            generic = _outcome(source)
        assert fast == generated == generic


def test_a_content_model_gets_its_reader_on_first_use() -> None:
    """Generated when first needed, so a process pays only for the content models its
    messages use; every golden file then reads through generated readers."""
    fresh = Content(METADATA.children)
    assert fresh.read == fresh._first_read
    for path in GOLDEN:
        ecrislib.parse(path.read_bytes())
    used = [content for content in every_content() if content.read != content._first_read]
    assert len(used) > 40
    assert all(_generated(content).__code__.co_filename == "<ecrislib content reader>" for content in used)
    fresh.read(etree.fromstring((DATA / "valid" / "is-alive.xml").read_bytes())[0], Context())
    assert _generated(fresh).__code__.co_filename == "<ecrislib content reader>"
    # where the compiled reader is in use, it stands in front of each of them
    assert all((content.read is not _generated(content)) == accelerated.ACTIVE for content in [*used, fresh])


@pytest.mark.parametrize("path", CORPUS, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_the_corpus_reads_alike(path: Path) -> None:
    _agree(path.read_bytes())


def test_mutants_of_the_golden_files_read_alike() -> None:
    rng = random.Random(14)
    schema = xsd.xmlschema_schema()
    count = 0
    for path in GOLDEN:
        for mutant in mutants(path.read_bytes(), rng, 4, schema):
            _agree(mutant.data)
            count += 1
    assert count >= 4 * len(GOLDEN)


def test_a_comment_after_an_identifier_is_read_once() -> None:
    """The generated reader gives up at the comment, after noting the decision's ID; the
    generic loop notes it again, so the reader must forget the first note (else: duplicate ID)."""
    data = (DATA / "valid" / "notification.xml").read_bytes()
    marked = data.replace(b"</dm:DecisionID>", b"</dm:DecisionID><!-- a peer's note --><?peer note?>", 1)
    assert marked != data
    assert _outcome(_element(marked)) == _outcome(data)
    assert _outcome(data)[0] == "read"


def test_a_mandatory_element_jumped_over_is_named_before_a_bad_value_after_it() -> None:
    data = (DATA / "valid" / "notification.xml").read_bytes()
    broken = data.replace(b"<dm:DecisionID>D-00001</dm:DecisionID>", b"", 1).replace(
        b"<dm:DecisionDate>2025-11-12</dm:DecisionDate>", b"<dm:DecisionDate>12.11.2025</dm:DecisionDate>", 1
    )
    outcome = _outcome(broken)
    assert outcome[1] == "MissingElementError"
    assert "dm:DecisionID is missing before dm:DecisionDate" in outcome[2]
    _agree(broken)


@pytest.fixture
def compiled() -> None:
    """The compiled reader is built here (required in CI: ``ECRISLIB_REQUIRE_COMPILED=1``)."""
    if not accelerated.ACTIVE:
        if os.environ.get("ECRISLIB_REQUIRE_COMPILED") == "1":
            pytest.fail(f"the compiled reader is required and not in use: {accelerated.REASON}")
        pytest.skip(f"the compiled reader is not in use: {accelerated.REASON}")


_NOTIFICATION = (DATA / "valid" / "notification.xml").read_bytes()
_DOCTYPE = b'<!DOCTYPE svc:NotificationMessage [<!ENTITY court "Tribunalul">]>'


def _with_doctype(data: bytes) -> bytes:
    head, _, rest = data.partition(b"?>")
    return head + b"?>" + _DOCTYPE + rest


@pytest.mark.parametrize(
    "old, new",
    [
        # CDATA sections: a whole value, a value in pieces, a tail between elements
        (b"<dm:DecisionDate>2025-11-12</dm:DecisionDate>", b"<dm:DecisionDate><![CDATA[2025-11-12]]></dm:DecisionDate>"),
        (b"<dm:DecisionDate>2025-11-12</dm:DecisionDate>", b"<dm:DecisionDate> 2025-<![CDATA[11]]>-12 </dm:DecisionDate>"),
        (b"<dm:DecisionDate>2025-11-12</dm:DecisionDate>", b"<dm:DecisionDate>2025-11-12</dm:DecisionDate><![CDATA[ \n ]]>"),
        (b"<dm:DecisionDate>2025-11-12</dm:DecisionDate>", b"<dm:DecisionDate>2025-11-12</dm:DecisionDate><![CDATA[x]]>"),
        (b"<dm:DecisionDate>2025-11-12</dm:DecisionDate>", b"<dm:DecisionDate><![CDATA[]]></dm:DecisionDate>"),
        (b"<msg:ContactPersonPhoneNumber>+30 210", b"<msg:ContactPersonPhoneNumber><![CDATA[+30]]> 210"),
        (b"<msg:ContactPersonPhoneNumber>+30 210", b"<msg:ContactPersonPhoneNumber>+30<![CDATA[ 210]]>"),
        (b"<msg:ContactPersonPhoneNumber>+30 210", b"<msg:ContactPersonPhoneNumber>+30<![CDATA[]]> 210"),
        # a processing instruction or comment inside a value, or between elements
        (b"<dm:DecisionDate>2025-11-12</dm:DecisionDate>", b"<dm:DecisionDate>2025-11<?peer x?>-12</dm:DecisionDate>"),
        (b"<dm:DecisionDate>2025-11-12</dm:DecisionDate>", b"<dm:DecisionDate>2025-11-12<!-- c --></dm:DecisionDate>"),
        (b"<dm:DecisionDate>2025-11-12</dm:DecisionDate>", b"<?peer x?><dm:DecisionDate>2025-11-12</dm:DecisionDate>"),
        # an attribute on a leaf, a leaf that holds an element, whitespace around a value
        (b"<dm:DecisionDate>2025-11-12</dm:DecisionDate>", b'<dm:DecisionDate xsi:type="xs:date" xmlns:xs="http://www.w3.org/2001/XMLSchema">2025-11-12</dm:DecisionDate>'),
        (b"<dm:DecisionDate>2025-11-12</dm:DecisionDate>", b"<dm:DecisionDate>2025-11-12<dm:DecisionDate/></dm:DecisionDate>"),
        (b"<dm:DecisionDate>2025-11-12</dm:DecisionDate>", b"<dm:DecisionDate>\n\t2025-11-12\r\n</dm:DecisionDate>"),
        (b"<dm:DecisionDate>2025-11-12</dm:DecisionDate>", b"<dm:DecisionDate>2025-11-31</dm:DecisionDate>"),
        (b"<dm:DecisionDate>2025-11-12</dm:DecisionDate>", b"<dm:DecisionDate></dm:DecisionDate>"),
        # a partial date: another part first, a part without text, an unknown part
        (b"<c:DateYear>1979</c:DateYear>", b"<c:DateDay>1979</c:DateDay>"),
        (b"<c:DateYear>1979</c:DateYear>", b"<c:DateYear/>"),
        (b"<c:DateDay>---23</c:DateDay>", b"<c:DateDay>---23</c:DateDay><c:DateDay>---23</c:DateDay>"),
        (b"<c:DateMonth>--08</c:DateMonth>", b"<c:DateMonth> --08+02:00 </c:DateMonth>"),
        # an element of an abstract type: xsi:type on another prefix, beside another attribute,
        # naming a type whose attribute is left out
        (b'xsi:type="dm:DecisionToOffencesRelationshipType"', b'xsi:type="c:DecisionToOffencesRelationshipType"'),
        (b'xsi:type="dm:DecisionToOffencesRelationshipType"', b'xsi:type="dm:DecisionToOffencesRelationshipType" relationshipTypeReference="SSR-00-02"'),
        (b' relationshipTypeReference="SSR-00-02"', b""),
        (b'xsi:type="dm:DecisionToOffencesRelationshipType"', b'xsi:type=" dm:DecisionToOffencesRelationshipType "'),
        # text inside a complex element, before and after its first child
        (b"<dm:DecisionID>", b"x<dm:DecisionID>"),
        (b"</dm:DecisionID>", b"</dm:DecisionID><![CDATA[ ]]>"),
        # non-ASCII text in a value the reader strips
        (b"<dm:DecisionDate>2025-11-12</dm:DecisionDate>", "<dm:DecisionDate>\u00a02025-11-12</dm:DecisionDate>".encode()),
    ],
)
def test_the_nodes_the_compiled_reader_walks_read_alike(compiled: None, old: bytes, new: bytes) -> None:
    assert old in _NOTIFICATION
    changed = _NOTIFICATION.replace(old, new, 1)
    _agree(changed)


def test_entity_references_read_alike(compiled: None) -> None:
    """A SOAP stack's tree may keep entity references (a document with an internal DTD,
    parsed without resolving them): in a value, between elements, in an attribute."""
    for old, new in [
        (b"<dm:DecisionDate>2025-11-12</dm:DecisionDate>", b"<dm:DecisionDate>&court;</dm:DecisionDate>"),
        (b"</dm:DecisionID>", b"</dm:DecisionID>&court;"),
    ]:
        data = _with_doctype(_NOTIFICATION.replace(old, new, 1))
        tree = _element(data)
        fast = _outcome(tree)
        with _reading_with("generated"):
            assert _outcome(tree) == fast
        with _reading_with("generic"):
            assert _outcome(tree) == fast


def test_the_golden_files_read_alike_as_parts_of_a_larger_tree(compiled: None) -> None:
    """As the SOAP server reads them: the message is the Body's child, inside an envelope."""
    for path in GOLDEN:
        data = path.read_bytes().partition(b"?>")[2]
        wrapped = b'<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body>' + data + b"</env:Body></env:Envelope>"
        message = etree.fromstring(wrapped)[0][0]
        fast = _outcome(message)
        with _reading_with("generated"):
            assert _outcome(message) == fast
        assert fast == _outcome(path.read_bytes())
