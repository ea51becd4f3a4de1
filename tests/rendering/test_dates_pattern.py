"""The record's dates: the patterns made ready once per language give exactly what Babel gives (differential):
the long date, and the month and year of a partial date (CLDR's ``yMMMM`` skeleton)."""

from __future__ import annotations

import datetime as _dt

from babel.dates import format_date as babel_format_date
from babel.dates import format_skeleton
from hypothesis import given
from hypothesis import strategies as st

from ecrislib.codes.member_states import EU_OFFICIAL_LANGUAGES
from ecrislib.model import PartialDate
from ecrislib.rendering.dates import format_date, format_partial_date
from ecrislib.rendering.l10n import cldr_locale

#: The EU languages, and others whose CLDR patterns have unusual fields, widths or literals.
LANGUAGES = sorted({*EU_OFFICIAL_LANGUAGES, "ja", "ar", "zh", "ko", "fa", "he", "hi", "th", "vi", "tr", "uk", "ru", "sr", "eu", "ca", "cy", "is", "no", "sq", "mk", "ka", "hy", "az"})


@given(st.dates(min_value=_dt.date(1, 1, 1)).filter(lambda day: day != _dt.date(1800, 1, 1)), st.sampled_from(LANGUAGES))
def test_long_date_is_babels(day: _dt.date, lang: str) -> None:
    assert format_date(day, lang) == babel_format_date(day, format="long", locale=cldr_locale(lang))


@given(st.dates(min_value=_dt.date(1, 1, 1)).filter(lambda day: day.year != 1800), st.sampled_from(LANGUAGES))
def test_month_and_year_are_babels(day: _dt.date, lang: str) -> None:
    month = _dt.date(day.year, day.month, 1)
    assert format_partial_date(PartialDate(day.year, day.month), lang) == format_skeleton("yMMMM", month, locale=cldr_locale(lang))
