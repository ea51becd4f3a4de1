"""The record's dates: the long pattern kept per language gives exactly what babel's format_date gives (differential)."""

from __future__ import annotations

import datetime as _dt

from babel.dates import format_date as babel_format_date
from hypothesis import given
from hypothesis import strategies as st

from ecrislib.codes.member_states import EU_OFFICIAL_LANGUAGES
from ecrislib.rendering.dates import format_date
from ecrislib.rendering.l10n import cldr_locale

LANGUAGES = sorted({*EU_OFFICIAL_LANGUAGES, "ja", "ar"})


@given(st.dates(min_value=_dt.date(1, 1, 1)).filter(lambda day: day != _dt.date(1800, 1, 1)), st.sampled_from(LANGUAGES))
def test_long_date_is_babels(day: _dt.date, lang: str) -> None:
    assert format_date(day, lang) == babel_format_date(day, format="long", locale=cldr_locale(lang))
