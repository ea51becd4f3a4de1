"""pytest fixtures for systems that embed ecrislib (registered through the ``pytest11`` entry
point, so they are available once ecrislib is installed). Every name starts with ``ecris_``.

* ``ecris_seed``: the seed of the simulation (override the fixture to change it);
* ``ecris_clock``: a :class:`~ecrislib.transport.wire.clock.VirtualClock` starting Monday 2 February 2026, 09:00 UTC;
* ``ecris_network``: a :class:`~ecrislib.transport.wire.memory.MemoryNetwork` on that clock;
* ``ecris_authority``: a factory, ``ecris_authority("RO", profile="manual", ...)``, returning a
  simulated :class:`~ecrislib.transport.simulation.authority.Authority` on that network;
* ``ecris_factories``: :mod:`ecrislib.testing.factories`.
"""

from __future__ import annotations

from typing import Any, Callable

import pytest


@pytest.fixture
def ecris_seed() -> int:
    return 0


@pytest.fixture
def ecris_clock(ecris_seed: int) -> Any:
    from ..transport.wire.clock import VirtualClock

    return VirtualClock(seed=ecris_seed)


@pytest.fixture
def ecris_network(ecris_clock: Any) -> Any:
    from ..transport.wire.memory import MemoryNetwork

    return MemoryNetwork(ecris_clock)


@pytest.fixture
def ecris_authority(ecris_network: Any) -> Callable[..., Any]:
    from ..transport.simulation.authority import Authority, Policy

    def make(code: str, *, register: Any = None, ids: Any = None, journal: Any = None, **policy: Any) -> Authority:
        """``policy`` holds the fields of a :class:`Policy` (``profile="manual"``...)."""
        return Authority(code, ecris_network, Policy(**policy), register=register, ids=ids, journal=journal)

    return make


@pytest.fixture
def ecris_factories() -> Any:
    from . import factories

    return factories
