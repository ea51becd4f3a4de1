"""The ECRIS network in a box, in three floors, each one concept:

* :mod:`.wire`: what carries messages. :mod:`~.wire.base` (the interface a SOAP transport
  implements too, and the transport errors), :mod:`~.wire.memory` (the in-memory network,
  which carries bytes), :mod:`~.wire.network` (the protocol an authority runs on, which the
  SOAP transport satisfies too), :mod:`~.wire.clock` (virtual time), :mod:`~.wire.faults` (fault
  injection), :mod:`~.wire.outbox` (retries until the receipt, exactly-once processing),
  :mod:`~.wire.journal` (the durable SQLite journal) and :mod:`~.wire.month_end` (the monthly
  window in which the gateway refuses messages, which the outbox keeps clear of);
* :mod:`.workflow`: what the messages mean over time. :mod:`~.workflow.conversations`
  (exchanges and their states) and :mod:`~.workflow.deadlines` (working days, legal deadlines);
* :mod:`.simulation`: who acts. :mod:`~.simulation.authority` (a simulated central authority,
  on the production :mod:`ecrislib.compose` and :mod:`ecrislib.register`) and
  :mod:`~.simulation.profiles` (behaviour profiles).

Each floor imports only those below it (``tests/package/test_layers.py``). Every public name is
importable from here and loads on first use; ``import ecrislib`` imports none of this::

    from ecrislib.transport import Authority, MemoryNetwork, VirtualClock

The pytest fixtures are :mod:`ecrislib.testing.pytest_plugin`. See ``docs/transport.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .wire.base import Arrival, DuplicateEndpointError, Endpoint, EndpointDownError, ExchangeStateError, MessageRefusedError, OPERATIONS, Receipt, SOAP_ACTION_BASE, SenderMismatchError, SimulationError, Transport, TransportConfigError, TransportError, UnknownEndpointError, UnknownExchangeError, operation, soap_action
    from .wire.clock import DEFAULT_START, Event, VirtualClock
    from .wire.faults import FaultPlan, LinkFaults, NO_FAULTS, Window
    from .wire.memory import EndpointHandle, MemoryNetwork, WireEvent
    from .wire.network import Handle, Network
    from .wire.month_end import DEFAULT_WINDOW, MonthEndWindow
    from .wire.outbox import Backoff, Inbox, Outbox, OutboxItem, OutboxStatus
    from .wire.journal import COMMIT_KINDS, Journal, Plan
    from .workflow.conversations import Conversations, Direction, Entry, Exchange, FINISHED, Kind, RESPONSE_OUTCOMES, State
    from .workflow.deadlines import DEFAULT_RULES, Deadline, DeadlineRules, WorkingCalendar, calendar
    from .simulation.profiles import Delay, PROFILES, Profile
    from .simulation.authority import Authority, FingerprintMode, PlanKind, Policy, Validator, default_validator, sampled_validator

__all__ = [
    "Arrival",
    "Authority",
    "Backoff",
    "COMMIT_KINDS",
    "Conversations",
    "DEFAULT_RULES",
    "DEFAULT_START",
    "DEFAULT_WINDOW",
    "Deadline",
    "DeadlineRules",
    "Delay",
    "Direction",
    "DuplicateEndpointError",
    "Endpoint",
    "EndpointDownError",
    "EndpointHandle",
    "Entry",
    "Event",
    "Exchange",
    "ExchangeStateError",
    "FINISHED",
    "FaultPlan",
    "FingerprintMode",
    "Handle",
    "Inbox",
    "Journal",
    "Kind",
    "LinkFaults",
    "MemoryNetwork",
    "MessageRefusedError",
    "MonthEndWindow",
    "NO_FAULTS",
    "Network",
    "OPERATIONS",
    "Outbox",
    "OutboxItem",
    "OutboxStatus",
    "PROFILES",
    "Plan",
    "PlanKind",
    "Policy",
    "Profile",
    "RESPONSE_OUTCOMES",
    "Receipt",
    "SOAP_ACTION_BASE",
    "SenderMismatchError",
    "SimulationError",
    "State",
    "Transport",
    "TransportConfigError",
    "TransportError",
    "UnknownEndpointError",
    "UnknownExchangeError",
    "Validator",
    "VirtualClock",
    "Window",
    "WireEvent",
    "WorkingCalendar",
    "calendar",
    "default_validator",
    "operation",
    "sampled_validator",
    "soap_action",
]

_LAZY = {
    "OPERATIONS": ".wire.base",
    "SOAP_ACTION_BASE": ".wire.base",
    "operation": ".wire.base",
    "soap_action": ".wire.base",
    "Receipt": ".wire.base",
    "Endpoint": ".wire.base",
    "Arrival": ".wire.base",
    "Transport": ".wire.base",
    "TransportError": ".wire.base",
    "MessageRefusedError": ".wire.base",
    "UnknownEndpointError": ".wire.base",
    "SenderMismatchError": ".wire.base",
    "EndpointDownError": ".wire.base",
    "DuplicateEndpointError": ".wire.base",
    "TransportConfigError": ".wire.base",
    "SimulationError": ".wire.base",
    "UnknownExchangeError": ".wire.base",
    "ExchangeStateError": ".wire.base",
    "VirtualClock": ".wire.clock",
    "Event": ".wire.clock",
    "DEFAULT_START": ".wire.clock",
    "LinkFaults": ".wire.faults",
    "FaultPlan": ".wire.faults",
    "Window": ".wire.faults",
    "NO_FAULTS": ".wire.faults",
    "MemoryNetwork": ".wire.memory",
    "WireEvent": ".wire.memory",
    "EndpointHandle": ".wire.memory",
    "Handle": ".wire.network",
    "Network": ".wire.network",
    "MonthEndWindow": ".wire.month_end",
    "DEFAULT_WINDOW": ".wire.month_end",
    "Backoff": ".wire.outbox",
    "OutboxStatus": ".wire.outbox",
    "OutboxItem": ".wire.outbox",
    "Outbox": ".wire.outbox",
    "Inbox": ".wire.outbox",
    "Journal": ".wire.journal",
    "Plan": ".wire.journal",
    "COMMIT_KINDS": ".wire.journal",
    "Kind": ".workflow.conversations",
    "Direction": ".workflow.conversations",
    "State": ".workflow.conversations",
    "Exchange": ".workflow.conversations",
    "Entry": ".workflow.conversations",
    "Conversations": ".workflow.conversations",
    "RESPONSE_OUTCOMES": ".workflow.conversations",
    "FINISHED": ".workflow.conversations",
    "WorkingCalendar": ".workflow.deadlines",
    "DeadlineRules": ".workflow.deadlines",
    "DEFAULT_RULES": ".workflow.deadlines",
    "calendar": ".workflow.deadlines",
    "Deadline": ".workflow.deadlines",
    "Delay": ".simulation.profiles",
    "Profile": ".simulation.profiles",
    "PROFILES": ".simulation.profiles",
    "Policy": ".simulation.authority",
    "PlanKind": ".simulation.authority",
    "Authority": ".simulation.authority",
    "Validator": ".simulation.authority",
    "default_validator": ".simulation.authority",
    "sampled_validator": ".simulation.authority",
    "FingerprintMode": ".simulation.authority",
}

__getattr__, __dir__ = lazy_exports(globals(), _LAZY)
