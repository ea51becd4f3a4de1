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
from typing import TYPE_CHECKING, Final, Literal, cast

from ecrislib.model import PartialDate, Timestamp

from .l10n import Localised, cldr_locale, ui_texts

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["format_date", "format_partial_date", "format_timestamp", "unknown_date"]

_UNKNOWN_DATE = _dt.date(1800, 1, 1)


def unknown_date(raw: str, lang: str) -> Localised:
    """``unknown (1800)`` in the reader's language: ECRIS's sentinel for a date nobody knows."""
    template = ui_texts(lang).gettext("unknown ({date})")
    return Localised(template.text.format(date=raw), template.lang)


#: A CLDR date pattern made ready to fill: a format string with one ``{}`` per field, and per
#: field its letter (``d``, ``M`` or ``y``), its width and, for a month written in words, the
#: twelve names.
_Plan = tuple[str, tuple[tuple[str, int, "Mapping[int, str] | None"], ...]]


_MONTH_WIDTHS: Final[dict[int, Literal["abbreviated", "wide", "narrow"]]] = {3: "abbreviated", 4: "wide", 5: "narrow"}


@functools.lru_cache(maxsize=128)
def _plan(lang: str, skeleton: str | None) -> _Plan | None:
    """``lang``'s long date pattern (``skeleton`` None) or its pattern for ``skeleton``
    (``yMMMM``: a month and year), as Babel finds it, made ready to fill once per language:
    Babel looks the pattern and the month names up again on every date. None if the pattern
    has a field other than day, month and year; Babel then writes those dates itself."""
    from babel.dates import get_date_format, get_month_names, match_skeleton, tokenize_pattern

    locale = cldr_locale(lang)
    if skeleton is None:
        pattern = get_date_format("long", locale=locale).pattern
    else:
        skeletons = locale.datetime_skeletons
        key = skeleton if skeleton in skeletons else match_skeleton(skeleton, skeletons)
        if key is None:
            return None
        pattern = skeletons[key].pattern
    text: list[str] = []
    fields: list[tuple[str, int, Mapping[int, str] | None]] = []
    for kind, value in tokenize_pattern(pattern):
        if kind == "chars":
            text.append(str(value).replace("{", "{{").replace("}", "}}"))
            continue
        letter, width = cast("tuple[str, int]", value)
        if letter == "d" or letter == "y":
            fields.append((letter, width, None))
        elif letter in ("M", "L") and width <= 5:  # format and stand-alone months (numbers up to a width of 2)
            names = None if width <= 2 else get_month_names(_MONTH_WIDTHS[width], "format" if letter == "M" else "stand-alone", locale)
            fields.append(("M", width, cast("Mapping[int, str] | None", names)))
        else:
            return None
        text.append("{}")
    return "".join(text), tuple(fields)


def _fill(plan: _Plan, year: int, month: int, day: int) -> str:
    """The date written by ``plan`` as Babel writes it: numbers zero-padded to the field's
    width (a two-letter year keeps its last two digits), months by name from CLDR."""
    pattern, fields = plan
    values = []
    for letter, width, names in fields:
        if letter == "d":
            values.append("%0*d" % (width, day))
        elif letter == "y":
            written = "%0*d" % (width, year)
            values.append(written[-2:] if width == 2 else written)
        else:
            values.append(names[month] if names is not None else "%0*d" % (width, month))
    return pattern.format(*values)


def _format(lang: str, year: int, month: int | None, day: int | None) -> str:
    if month is None:
        return f"{year:04d}"
    plan = _plan(lang, "yMMMM" if day is None else None)
    if plan is not None:
        return _fill(plan, year, month, 1 if day is None else day)
    from babel.dates import format_skeleton, get_date_format, parse_pattern

    locale = cldr_locale(lang)
    if day is None:
        return str(format_skeleton("yMMMM", _dt.date(year, month, 1), locale=locale))
    return str(parse_pattern(get_date_format("long", locale=locale)).apply(_dt.date(year, month, day), locale))


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
