"""Dates in the reader's language, from CLDR (through Babel), never from the process locale.

Every language CLDR knows gets its own long date form (``17 April 1971``, ``17 Απριλίου 1971``,
``1971. április 17.``); a partial date shows what is known (``April 1971``, ``1971``). The ECRIS
"unknown" sentinels (year 1800, date 1800-01-01) are said in words and keep their raw value, so
nothing is hidden.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import functools
from typing import TYPE_CHECKING

from ecrislib.model import PartialDate, Timestamp

from .l10n import Localised, cldr_locale, ui_texts

if TYPE_CHECKING:
    from babel import Locale
    from babel.dates import DateTimePattern

__all__ = ["format_date", "format_partial_date", "format_timestamp", "unknown_date"]

_UNKNOWN_DATE = _dt.date(1800, 1, 1)


def unknown_date(raw: str, lang: str) -> Localised:
    """``unknown (1800)`` in the reader's language: ECRIS's sentinel for a date nobody knows."""
    template = ui_texts(lang).gettext("unknown ({date})")
    return Localised(template.text.format(date=raw), template.lang)


@functools.lru_cache(maxsize=64)
def _long_date(lang: str) -> tuple[Locale, DateTimePattern]:
    """The CLDR locale and its parsed long date pattern, found once per language: what
    ``babel.dates.format_date(format="long")`` looks up on every call before it applies it."""
    from babel.dates import get_date_format, parse_pattern

    locale = cldr_locale(lang)
    return locale, parse_pattern(get_date_format("long", locale=locale))


def _format(lang: str, year: int, month: int | None, day: int | None) -> str:
    from babel.dates import format_skeleton

    if month is None:
        return f"{year:04d}"
    if day is None:
        return str(format_skeleton("yMMMM", _dt.date(year, month, 1), locale=cldr_locale(lang)))
    locale, pattern = _long_date(lang)
    return str(pattern.apply(_dt.date(year, month, day), locale))


def format_date(value: _dt.date, lang: str) -> str:
    """``17 April 1971`` (en), ``17 Απριλίου 1971`` (el), ``17. huhtikuuta 1971`` (fi)."""
    if value == _UNKNOWN_DATE:
        return unknown_date(value.isoformat(), lang).text
    return _format(lang, value.year, value.month, value.day)


def format_partial_date(value: PartialDate, lang: str) -> str:
    """A date of which only the year (or year and month) may be known. One that no calendar
    can name (30 February, a business-rule error; a year outside 1-9999, legal in XSD but
    beyond Python's and CLDR's dates) is shown as the sender wrote it."""
    if value.is_unknown:
        return unknown_date(str(value), lang).text
    if not _dt.MINYEAR <= value.year <= _dt.MAXYEAR or (
        value.month is not None and value.day is not None and value.day > calendar.monthrange(value.year, value.month)[1]
    ):
        return str(value)
    return _format(lang, value.year, value.month, value.day)


def format_timestamp(value: Timestamp, lang: str) -> str:
    """The date in the reader's language and the time with its offset, as the sender wrote it."""
    text = value.text
    date_part, _, time_part = text.partition("T")
    try:
        moment = value.to_datetime()
    except ValueError:  # pragma: no cover - the model checks timestamps
        return text
    if moment.date().isoformat() != date_part.lstrip("-"):
        return text  # 24:00:00 or an unusual year: show the lexical form only
    return f"{format_date(moment.date(), lang)}, {time_part}"
