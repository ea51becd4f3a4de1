"""Dates in the reader's language, from data (``data/dates.json``), never from the process locale.

A language without month names in the data gets ISO 8601 (``1971-04-17``): unambiguous for every
reader, unlike ``04/05/1971``. The ECRIS "unknown" sentinels (year 1800, date 1800-01-01) are
said in words and keep their raw value, so nothing is hidden.
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
from importlib import resources
from typing import Any

from ecrislib.model import PartialDate, Timestamp

__all__ = ["format_date", "format_partial_date", "format_timestamp", "has_month_names"]

_UNKNOWN_DATE = _dt.date(1800, 1, 1)


@functools.lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    text = resources.files("ecrislib.rendering").joinpath("data").joinpath("dates.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    data.pop("_about", None)
    return data


def has_month_names(lang: str) -> bool:
    return lang.lower() in _data()


def _format(lang: str, year: int, month: int | None, day: int | None) -> str:
    spec = _data().get(lang.lower())
    if spec is None or month is None:
        return PartialDate(year, month, day).__str__() if spec is None else f"{year:04d}"
    if day is None:
        names = spec.get("months_standalone") or spec["months"]
        return str(spec["month_year"]).format(month=names[month - 1], year=f"{year:04d}")
    return str(spec["full"]).format(day=day, month=spec["months"][month - 1], year=f"{year:04d}")


def format_date(value: _dt.date, lang: str) -> str:
    """``17 April 1971`` (en), ``17 Απριλίου 1971`` (el), ``1971-04-17`` (no month names)."""
    if value == _UNKNOWN_DATE:
        return "unknown (1800-01-01)"
    return _format(lang, value.year, value.month, value.day)


def format_partial_date(value: PartialDate, lang: str) -> str:
    """A date of which only the year (or year and month) may be known."""
    if value.is_unknown:
        return f"unknown ({value})"
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
