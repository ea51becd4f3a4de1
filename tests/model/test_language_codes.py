"""The language code of a text or name: two lower-case letters (the ``[a-z]{2}`` pattern of the
ECRIS ``languageCode`` type). The check is a set look-up; these tests hold it to the pattern."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecrislib.errors import ModelError
from ecrislib.model.common import MultilingualText, Name, Text

PATTERN = re.compile(r"[a-z]{2}")


@given(st.one_of(st.text(max_size=3), st.text(alphabet="abcxyzABZ \t\u00e9\u0131", min_size=1, max_size=3)))
def test_a_text_accepts_exactly_the_language_codes_the_pattern_accepts(language: str) -> None:
    accepted = PATTERN.fullmatch(language) is not None
    try:
        Text("x", language)
    except ModelError as error:
        assert not accepted
        assert error.field == "language"
    else:
        assert accepted


@pytest.mark.parametrize("language", ["en", "ro", "zz"])
def test_two_lower_case_letters_are_a_language_code(language: str) -> None:
    assert MultilingualText.of("x", language).representations[0].language == language
    assert Name("Ion", language).language == language


@pytest.mark.parametrize("language", ["EN", "e", "eng", "e1", "\u0131n", "en\n", ""])
def test_anything_else_is_refused_on_texts_and_names(language: str) -> None:
    with pytest.raises(ModelError):
        Text("x", language)
    with pytest.raises(ModelError):
        Name("Ion", language)
