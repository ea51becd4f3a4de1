"""The generated content readers (``xml.compiled``) read exactly what the generic loop reads:
the same model for every message it accepts, the same error (kind, text, path, line, rule)
for every message it refuses, over the test corpus and over mutants of the golden files
(comments, stray text, swapped, missing and repeated elements, attributes...)."""

from __future__ import annotations

import contextlib
import random
from pathlib import Path
from typing import Any, Iterator

import pytest
from lxml import etree
from tests.support.codec_tables import every_content
from tests.support.peer_mutations import mutants

import ecrislib
from ecrislib.errors import EcrisError
from ecrislib.validation import xsd
from ecrislib.xml.binding import Content, Context
from ecrislib.xml.codec import METADATA

DATA = Path(__file__).resolve().parent.parent / "data"
GOLDEN = sorted((DATA / "valid").glob("*.xml"))
CORPUS = GOLDEN + sorted((DATA / "invalid").glob("*.xml"))


@contextlib.contextmanager
def _generic_only() -> Iterator[None]:
    """Every content model read by the generic loop alone, as before the generated readers."""
    contents = every_content()
    saved = [content.read for content in contents]
    for content in contents:
        content.read = content.read_generic
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
    for source in sources:
        fast = _outcome(source)
        with _generic_only():
            generic = _outcome(source)
        assert fast == generic


def test_a_content_model_gets_its_reader_on_first_use() -> None:
    """Generated when first needed, so a process pays only for the content models its
    messages use; every golden file then reads through generated readers."""
    fresh = Content(METADATA.children)
    assert fresh.read == fresh._first_read
    for path in GOLDEN:
        ecrislib.parse(path.read_bytes())
    used = [content for content in every_content() if content.read != content._first_read]
    assert len(used) > 40
    assert all(content.read.__code__.co_filename == "<ecrislib content reader>" for content in used)  # type: ignore[attr-defined]
    fresh.read(etree.fromstring((DATA / "valid" / "is-alive.xml").read_bytes())[0], Context())
    assert fresh.read.__code__.co_filename == "<ecrislib content reader>"  # type: ignore[attr-defined]


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
