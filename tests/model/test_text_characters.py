"""The characters ECRIS text may not carry (``<``, ``>`` and what XML 1.0 cannot carry) are
refused exactly where the pattern of the text types finds one: the quick test for printable
text must agree with the pattern on every string."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ecrislib.errors import ModelError
from ecrislib.model import _checks

# Characters at the edges of the rule, which random text rarely holds.
_EDGES = ["<", ">", "\x00", "\x08", "\x0b", "\x0c", "\x0e", "\x1f", "\t", "\n", "\r", " ", "\x7f",
          "\x85", "\xa0", "\u2028", "\u3000", "\ud800", "\udfff", "\ufffd", "\ufffe", "\uffff", "\U0010ffff"]
_TEXT = st.text(st.one_of(st.characters(), st.sampled_from(_EDGES)), min_size=1, max_size=30)
_RULE = "contains a character ECRIS text may not carry ('<', '>' or a control character)"


def _refused_for_a_character(check: object, value: str) -> bool:
    try:
        check("field", value)  # type: ignore[operator]
    except ModelError as error:
        return error.rule == _RULE
    return False


@given(_TEXT)
def test_text_is_refused_for_a_character_exactly_where_the_pattern_finds_one(value: str) -> None:
    expected = _checks._FORBIDDEN.search(value) is not None
    assert _refused_for_a_character(lambda field, text: _checks.check_text(field, text, 10_000), value) == expected
    assert _refused_for_a_character(_checks.check_uncollapsed_text, value) == expected
