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
