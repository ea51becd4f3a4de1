"""Legal reply deadlines in working days of the requested member state.

FD 2009/315 Art. 8: a request is answered within 10 working days of receipt, 20 for a
person's request for their own record; the UK/EU agreement uses 20 for other purposes. Which
purpose category gets which rule is uncertain (spec §2.2, marked [U]), so it is data:
:class:`DeadlineRules` maps purpose-category prefixes to a number of working days. The clock
restarts when the additional information a RAI asked for arrives (the RAR), and a deadline
the requested state sends (RDL) always wins over our own computation.

Working days are Monday to Friday minus the public holidays of the requested country, from
the maintained ``holidays`` library (imported on first use: ``import ecrislib`` stays light).
Counting: the day of receipt is day 0; the deadline is the n-th working day after it.
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from typing import Any, Mapping

import attrs

from ..wire.base import TransportConfigError

__all__ = ["WorkingCalendar", "DeadlineRules", "DEFAULT_RULES", "calendar", "Deadline"]

#: Member-state codes of ECRIS that differ from the ISO code the ``holidays`` library uses.
_HOLIDAY_COUNTRY = {"EL": "GR", "UK": "GB"}


@lru_cache(maxsize=None)
def _holidays(country: str, year: int) -> frozenset[_dt.date]:
    import holidays  # lazily: a large package, needed only by deadline computations

    code = _HOLIDAY_COUNTRY.get(country, country)
    return frozenset(holidays.country_holidays(code, years=year).keys())


@attrs.frozen
class WorkingCalendar:
    """Working days of one country: weekdays that are not public holidays there."""

    country: str
    weekend: frozenset[int] = frozenset({5, 6})
    extra_holidays: frozenset[_dt.date] = frozenset()

    def is_working_day(self, day: _dt.date) -> bool:
        return (
            day.weekday() not in self.weekend
            and day not in self.extra_holidays
            and day not in _holidays(self.country, day.year)
        )

    def add_working_days(self, start: _dt.date, days: int) -> _dt.date:
        """The ``days``-th working day after ``start`` (``start`` itself is not counted)."""
        day = start
        counted = 0
        while counted < days:
            day += _dt.timedelta(days=1)
            counted += self.is_working_day(day)
        return day

    def next_working_day(self, start: _dt.date) -> _dt.date:
        return self.add_working_days(start, 1)

    def working_days_between(self, start: _dt.date, end: _dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (response times in the
        archive statistics)."""
        count, day = 0, start
        while day < end:
            day += _dt.timedelta(days=1)
            count += self.is_working_day(day)
        return count


def calendar(country: str) -> WorkingCalendar:
    """The working-day calendar of a member state (``"RO"``, ``"GB"``...)."""
    return WorkingCalendar(country)


def _is_mapping(_inst: Any, _attr: Any, value: Any) -> None:
    if not isinstance(value, Mapping):
        raise TransportConfigError("working_days_by_purpose must be a mapping of purpose prefix to days")


@attrs.frozen(kw_only=True)
class DeadlineRules:
    """How many working days a requested state has, by purpose category (longest prefix wins).

    The defaults assume purpose category ``P-00-001`` is criminal proceedings (10 working days)
    and every other purpose (employment, licences, own record...) gets 20; change them for your
    Common Reference Table.
    """

    working_days_by_purpose: Mapping[str, int] = attrs.field(
        factory=lambda: {"P-00-001": 10}, validator=_is_mapping
    )
    default_working_days: int = 20
    #: purpose-category prefixes that count as criminal proceedings (the rest are "other
    #: purposes": convictions not transmittable for those are filtered from replies)
    criminal_purposes: frozenset[str] = frozenset({"P-00-001"})

    def working_days(self, purpose_category: str) -> int:
        best = ""
        for prefix in self.working_days_by_purpose:
            if purpose_category.startswith(prefix) and len(prefix) > len(best):
                best = prefix
        return self.working_days_by_purpose[best] if best else self.default_working_days

    def is_criminal(self, purpose_category: str) -> bool:
        return any(purpose_category.startswith(prefix) for prefix in self.criminal_purposes)

    def due(self, purpose_category: str, received: _dt.datetime | _dt.date, calendar: WorkingCalendar) -> _dt.date:
        """The date a reply to a request received at ``received`` is due."""
        day = received.date() if isinstance(received, _dt.datetime) else received
        return calendar.add_working_days(day, self.working_days(purpose_category))


DEFAULT_RULES = DeadlineRules()


@attrs.define
class Deadline:
    """The deadline of one request as its requester tracks it: computed, then overridden by a
    received RDL, restarted on a RAR."""

    purpose_category: str
    calendar: WorkingCalendar
    rules: DeadlineRules = DEFAULT_RULES
    computed: _dt.date | None = None
    announced: _dt.date | None = None
    restarts: int = 0

    def start(self, received: _dt.datetime | _dt.date) -> _dt.date:
        self.computed = self.rules.due(self.purpose_category, received, self.calendar)
        return self.computed

    def restart(self, information_received: _dt.datetime | _dt.date) -> _dt.date:
        """Additional information arrived: the period runs again from that day, and an earlier
        announced date no longer holds (the requested state will announce a new one)."""
        self.restarts += 1
        self.announced = None
        return self.start(information_received)

    def announce(self, date: _dt.date) -> None:
        """An RDL came: its date takes precedence over our computation."""
        self.announced = date

    @property
    def date(self) -> _dt.date | None:
        return self.announced or self.computed

    def is_overdue(self, now: _dt.datetime) -> bool:
        """Overdue once the due date has passed entirely (the due day itself still counts)."""
        return self.date is not None and now.date() > self.date
