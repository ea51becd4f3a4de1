"""Behaviour profiles of a simulated central authority: how fast it answers, how often it asks
for more identity data, whether it is reachable, as numbers (spec §6: automated, manual,
laggard, down). A profile is data; :class:`~.authority.Policy` holds one."""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any, Mapping

import attrs

__all__ = ["Delay", "Profile", "PROFILES"]


@attrs.frozen(kw_only=True)
class Delay:
    """A lognormal delay: ``median`` scaled by ``exp(sigma * N(0, 1))``; ``sigma=0`` is fixed."""

    median: _dt.timedelta
    sigma: float = 0.0

    def draw(self, rng: Any) -> _dt.timedelta:
        if not self.sigma:
            return self.median
        return self.median * math.exp(self.sigma * rng.gauss(0.0, 1.0))


_MIN = _dt.timedelta(minutes=1)
_HOUR = _dt.timedelta(hours=1)
_DAY = _dt.timedelta(days=1)


@attrs.frozen(kw_only=True)
class Profile:
    """How a bureau behaves, as numbers (spec §6: automated, manual, laggard, down)."""

    name: str
    deadline_delay: Delay = Delay(median=_MIN)
    answer_delay: Delay = Delay(median=5 * _MIN, sigma=0.8)
    #: answer at this time of the next working day instead of after ``answer_delay``
    answer_next_working_day_at: _dt.time | None = None
    notification_delay: Delay = Delay(median=5 * _MIN, sigma=0.5)
    additional_info_delay: Delay = Delay(median=30 * _MIN, sigma=0.5)
    #: probability of asking for more identity data even when one person matches
    rai_probability: float = 0.0
    deny_probability: float = 0.0
    reachable: bool = True


#: The built-in profiles; pass your own :class:`Profile` for other numbers.
PROFILES: Mapping[str, Profile] = {
    "automated": Profile(name="automated"),
    "manual": Profile(
        name="manual",
        deadline_delay=Delay(median=2 * _HOUR, sigma=0.5),
        answer_delay=Delay(median=4 * _DAY, sigma=0.5),
        notification_delay=Delay(median=2 * _DAY, sigma=0.5),
        additional_info_delay=Delay(median=_DAY, sigma=0.5),
        rai_probability=0.1,
    ),
    "late": Profile(
        name="late",
        deadline_delay=Delay(median=_DAY, sigma=0.3),
        answer_delay=Delay(median=20 * _DAY, sigma=0.3),
        notification_delay=Delay(median=10 * _DAY, sigma=0.3),
        additional_info_delay=Delay(median=3 * _DAY, sigma=0.3),
    ),
    "down": Profile(name="down", reachable=False),
}
