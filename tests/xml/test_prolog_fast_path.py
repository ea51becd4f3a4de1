"""The hardened parser's fast path for the prolog never lets through what the full prolog scan
(the guard) would refuse: a differential property over prologs made of the pieces that matter
(BOM, declarations with and without encodings, comments, PIs, DOCTYPEs, whitespace)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecrislib.errors import XmlError, XmlSecurityError
from ecrislib.xml import parser

PIECES = st.sampled_from(
    [
        b"\xef\xbb\xbf", b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="UTF-8"?>',
        b"<?xml version='1.0' encoding='latin-1'?>", b"<!-- note -->", b"<!-- a - b -->", b"<!---->",
        b"<!-- x -- y -->", b"<!-- open", b"-->", b"<?pi data?>", b"<!DOCTYPE r>", b"\n", b"  ", b"<", b"-",
    ]
)  # fmt: skip
ROOT = b'<r xmlns="urn:x">text</r>'


def _guard_accepts(data: bytes) -> bool:
    guard = parser._PrologGuard(parser.DEFAULT_LIMITS, check_declaration=True)
    try:
        guard.check(data, final=True)
    except XmlError:
        return False
    return True


@given(st.lists(PIECES, max_size=10))
def test_fast_path_only_for_prologs_the_guard_accepts(pieces: list[bytes]) -> None:
    data = b"".join(pieces) + ROOT
    if parser._usual_prolog(data, check_declaration=True):
        assert _guard_accepts(data)


@pytest.mark.parametrize("comments", [1, 3, 8, 9])
def test_comments_before_the_root_load_as_without_them(comments: int) -> None:
    prolog = b'<?xml version="1.0" encoding="UTF-8"?>\n' + b"<!-- from the national system -->\n" * comments
    root = parser.load(prolog + ROOT)
    assert (root.tag, root.text) == ("{urn:x}r", "text")
    assert parser._usual_prolog(prolog + ROOT, True) == (comments <= 8)


def test_doctype_after_comments_is_still_refused() -> None:
    with pytest.raises(XmlSecurityError) as caught:
        parser.load(b"<!-- a --><!-- b --><!DOCTYPE r [<!ENTITY e 'x'>]>" + ROOT)
    assert caught.value.rule in {"xml.doctype", "xml.entity"}


DECLARATION_PIECES = st.sampled_from(
    [
        b"<?xml", b" ", b"\t", b"\r\n", b"version", b"=", b'"1.0"', b"'1.0'", b'"1.1"', b"encoding",
        b'"UTF-8"', b"'utf-8'", b'"Utf-8"', b'"latin-1"', b"standalone", b'"yes"', b"?>", b">", b"<!-- c -->",
        b"<!DOCTYPE r>", b"<?pi?>", b"\xef\xbb\xbf", b"<", b"r", b"/", b"!",
    ]
)  # fmt: skip


@given(st.lists(DECLARATION_PIECES, max_size=14))
def test_one_match_prolog_is_only_taken_where_the_scanned_path_agrees(pieces: list[bytes]) -> None:
    """The one-regex path for the usual declaration says yes only where the full fast path
    (and so the guard) says yes; it may say no more often, which costs time, not safety."""
    data = b"".join(pieces) + ROOT
    if parser._PLAIN_PROLOG.match(data) is not None:
        assert parser._scanned_prolog(data, check_declaration=True)
        assert _guard_accepts(data)


@pytest.mark.parametrize(
    "prolog",
    [b"", b"\n", b'<?xml version="1.0"?>', b"<?xml version='1.0' encoding='UTF-8'?>\n", b'<?xml version="1.0" encoding="utf-8" ?>\r\n'],
)
def test_the_usual_prologs_take_the_one_match_path(prolog: bytes) -> None:
    assert parser._PLAIN_PROLOG.match(prolog + ROOT) is not None


HEAD_PIECES = st.sampled_from(
    [
        b"<?xml version='1.0' encoding='UTF-8'?>\n", b'<?xml version="1.0" encoding="UTF-8"?>\n',
        b"<?xml version='1.0' encoding='UTF-8'?>", b"<", b"!", b"?", b"/", b" ", b"\n", b">", b"r", b"<!DOCTYPE r>",
        b"<!-- c -->", b"\xef\xbb\xbf",
    ]
)  # fmt: skip


@given(st.lists(HEAD_PIECES, max_size=6), st.sampled_from([ROOT, b"", b"<", b"<!", b"r"]))
def test_the_written_declaration_is_taken_only_where_the_one_match_path_agrees(pieces: list[bytes], rest: bytes) -> None:
    """The check for the declaration ecrislib and most peers write, byte for byte, says yes
    only where the one-regex path says yes (which the test above holds to the guard)."""
    data = b"".join(pieces) + rest
    if parser._written_declaration(data):
        assert parser._PLAIN_PROLOG.match(data) is not None


@pytest.mark.parametrize("quote", ["'", '"'])
def test_the_written_declaration_takes_the_shortest_path(quote: str) -> None:
    assert {len(written) for written in parser._WRITTEN_DECLARATIONS} == {parser._WRITTEN_LENGTH}
    head = f"<?xml version={quote}1.0{quote} encoding={quote}UTF-8{quote}?>\n".encode()
    assert parser._written_declaration(head + ROOT)
    assert not parser._written_declaration(head + b"<!DOCTYPE r>" + ROOT)
    assert not parser._written_declaration(head)
