"""The ECRIS network in a box: endpoints, simulated central authorities, time, deadlines, faults.

Nothing here is imported by ``import ecrislib``; import the modules you need::

    from ecrislib.transport.memory import MemoryNetwork
    from ecrislib.transport.clock import VirtualClock
    from ecrislib.transport.authority import Authority

One module per concept: :mod:`.base` (the interface a real SOAP transport would implement),
:mod:`.memory` (the in-memory network), :mod:`.clock` (virtual time), :mod:`.deadlines`
(working days and legal deadlines), :mod:`.conversations` (exchanges and their states),
:mod:`.authority` (a simulated central authority), :mod:`.faults` (fault injection),
:mod:`.outbox` (retries, exactly-once processing), :mod:`.journal` (durable SQLite journal).
The simulated authorities keep an :mod:`ecrislib.register` and compose with
:mod:`ecrislib.compose`; their pytest fixtures are :mod:`ecrislib.testing.pytest_plugin`. See
``docs/transport.md``.
"""
