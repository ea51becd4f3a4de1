"""Date rules: offsets on timestamps, and dates that must not run backwards."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Final

from ...model.common import days_in_month
from ..findings import Finding
from .base import Check, Context, child, parse_date, parse_partial_date

__all__ = ["CHECKS", "READS"]

_OFFSET: Final = re.compile(r".*T[0-9:.]+(?:Z|[+-][0-9]{2}:[0-9]{2})")


def timestamp_offset(ctx: Context) -> Iterator[Finding]:
    stamp = ctx.timestamp
    if stamp is None or "T" not in stamp or _OFFSET.fullmatch(stamp):
        return
    yield Finding(
        "ECRIS-R-010",
        ctx.first("MessageMetaDataTimestamp"),
        "the timestamp has no UTC offset; always send one (e.g. +02:00 or Z)",
        value=stamp,
    )


def _pairs(ctx: Context, rule: str, first: str, second: str, what: str) -> Iterator[Finding]:
    for later in ctx.all(second):
        parent = later.getparent()
        if parent is None:
            continue
        end = parse_date(later)
        start = parse_date(child(parent, first))
        if start is not None and end is not None and end < start:
            yield Finding(rule, later, f"{second} is before {first}: {what}", value=f"{start} > {end}")


def final_date(ctx: Context) -> Iterator[Finding]:
    yield from _pairs(ctx, "ECRIS-R-011", "ConvictionDecisionDate", "ConvictionDecisionFinalDate",
                      "a decision cannot become final before it is taken")
    yield from _pairs(ctx, "ECRIS-R-011", "DecisionDate", "DecisionFinalDate",
                      "a decision cannot become final before it is taken")


def offence_dates(ctx: Context) -> Iterator[Finding]:
    for end_element in ctx.all("OffenceEndDate"):
        parent = end_element.getparent()
        if parent is None:
            continue
        end = parse_partial_date(end_element)
        start = parse_partial_date(child(parent, "OffenceStartDate"))
        if start is not None and end is not None and end.before(start):
            yield Finding("ECRIS-R-012", end_element, "the offence ends before it starts",
                          value=f"{start.key()} > {end.key()}")


def period_dates(ctx: Context) -> Iterator[Finding]:
    yield from _pairs(ctx, "ECRIS-R-013", "PeriodStartDate", "PeriodEndDate", "a period cannot end before it starts")


def birth_date(ctx: Context) -> Iterator[Finding]:
    today = ctx.message_date
    if today is None:
        return
    for element in ctx.all("PersonBirthDate"):
        born = parse_partial_date(element)
        if born is not None and born.after_day(today):
            yield Finding("ECRIS-R-014", element, "the birth date is after the date of the message's timestamp",
                          value=str(born.key()))


def deadline(ctx: Context) -> Iterator[Finding]:
    today = ctx.message_date
    if today is None:
        return
    for element in ctx.all("MessageDataDeadline"):
        due = parse_date(element)
        if due is not None and due < today:
            yield Finding("ECRIS-R-015", element, "the deadline is before the date of the message's timestamp",
                          value=str(due))


def calendar_dates(ctx: Context) -> Iterator[Finding]:
    """A partial date whose day, month and year are all known must exist in the calendar
    (gDay allows ---31 in any month, so the schema cannot catch 30 February)."""
    for day_element in ctx.all("DateDay"):
        text = day_element.text
        if text is None or text.strip(" \t\n\r")[3:5] < "29":
            continue  # ---01 to ---28 exist in every month (and a malformed day is the schema's)
        month_day = day_element.getparent()
        date_element = month_day.getparent() if month_day is not None else None
        if date_element is None:
            continue
        found = parse_partial_date(date_element)
        if found is None or found.month is None or found.day is None or not 1 <= found.month <= 12:
            continue
        if found.day > days_in_month(found.year, found.month):
            yield Finding("ECRIS-R-016", date_element, "the date does not exist in the calendar (day after the end of its month)",
                          value=f"{found.year:04d}-{found.month:02d}-{found.day:02d}")


CHECKS: Final[Mapping[str, Check]] = {
    "ECRIS-R-010": timestamp_offset,
    "ECRIS-R-011": final_date,
    "ECRIS-R-012": offence_dates,
    "ECRIS-R-013": period_dates,
    "ECRIS-R-014": birth_date,
    "ECRIS-R-015": deadline,
    "ECRIS-R-016": calendar_dates,
}

#: The indexed elements each check reads; with none of them in the message it finds nothing.
READS: Final[Mapping[Check, frozenset[str]]] = {
    timestamp_offset: frozenset({"MessageMetaDataTimestamp"}),
    final_date: frozenset({"ConvictionDecisionFinalDate", "DecisionFinalDate"}),
    offence_dates: frozenset({"OffenceEndDate"}),
    period_dates: frozenset({"PeriodEndDate"}),
    birth_date: frozenset({"PersonBirthDate"}),
    deadline: frozenset({"MessageDataDeadline"}),
    calendar_dates: frozenset({"DateDay"}),
}
