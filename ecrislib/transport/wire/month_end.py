"""The month-end window: messages arriving between 21:59:59 on the last day of a month and
02:00:01 on the first day of the next get a functional error ("LMS-1" in ECRIS-RI).

Which FE code stands for it is not public (spec §2.1 names only "LMS-1"), so the code and its
text are data: by default ``FE-00099`` (an ecrislib assumption, outside the FE-00001..FE-00006
range ecrislib's validator uses) with "[LMS-1]" at the start of the additional information,
which is how the ECRIS-RI text reads. The time zone of the window is not public either: UTC by
default, configurable.
"""

from __future__ import annotations

import datetime as _dt

import attrs

__all__ = ["MonthEndWindow", "DEFAULT_WINDOW"]


@attrs.frozen(kw_only=True)
class MonthEndWindow:
    """The monthly blackout; ``enabled=False`` turns it off."""

    begins: _dt.time = _dt.time(21, 59, 59)
    ends: _dt.time = _dt.time(2, 0, 1)
    tz: _dt.tzinfo = _dt.timezone.utc
    fe_code: str = "FE-00099"
    text: str = "[LMS-1] Message received during the month-end window (21:59:59 on the last day to 02:00:01 on the first day); send it again after the window."
    enabled: bool = True

    def contains(self, at: _dt.datetime) -> bool:
        """Whether ``at`` falls inside a window (both ends excluded)."""
        if not self.enabled:
            return False
        local = at.astimezone(self.tz)
        tomorrow = local.date() + _dt.timedelta(days=1)
        if tomorrow.day == 1 and local.time() > self.begins:
            return True
        return local.day == 1 and local.time() < self.ends

    def end_of(self, at: _dt.datetime) -> _dt.datetime:
        """When the window containing ``at`` is over (``at`` itself if it is outside one)."""
        if not self.contains(at):
            return at
        local = at.astimezone(self.tz)
        first = local.date() if local.day == 1 else local.date() + _dt.timedelta(days=1)
        return _dt.datetime.combine(first, self.ends, tzinfo=self.tz).astimezone(at.tzinfo) + _dt.timedelta(microseconds=1)


DEFAULT_WINDOW = MonthEndWindow()
