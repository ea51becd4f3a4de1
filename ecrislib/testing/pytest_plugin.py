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
    """The seed of the simulation (0); override this fixture to run the same tests on another."""
    return 0


@pytest.fixture
def ecris_clock(ecris_seed: int) -> Any:
    """A VirtualClock from Monday 2 February 2026, 09:00 UTC: time moves only when the test moves it."""
    from ..transport.wire.clock import VirtualClock

    return VirtualClock(seed=ecris_seed)


@pytest.fixture
def ecris_network(ecris_clock: Any) -> Any:
    """An in-memory MemoryNetwork of simulated central authorities on ``ecris_clock``."""
    from ..transport.wire.memory import MemoryNetwork

    return MemoryNetwork(ecris_clock)


@pytest.fixture
def ecris_authority(ecris_network: Any) -> Callable[..., Any]:
    """A factory of simulated Authority objects on ``ecris_network``: ``ecris_authority("RO", profile="manual")``."""
    from ..transport.simulation.authority import Authority, Policy

    def make(code: str, *, register: Any = None, ids: Any = None, journal: Any = None, **policy: Any) -> Authority:
        """``policy`` holds the fields of a :class:`Policy` (``profile="manual"``...)."""
        return Authority(code, ecris_network, Policy(**policy), register=register, ids=ids, journal=journal)

    return make


@pytest.fixture
def ecris_factories() -> Any:
    """The module ecrislib.testing.factories: valid messages, persons and convictions to start from."""
    from . import factories

    return factories
