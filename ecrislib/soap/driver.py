"""One thread owns the simulation: a :class:`ClockDriver` runs a clock's events and the work
that HTTP threads hand in, in one order.

The simulated authorities, their outboxes and the virtual clock are not thread-safe, and need
not be: everything that touches them runs on the thread that calls :meth:`ClockDriver.run_until`
(or :meth:`run_forever`). An HTTP server thread never calls an authority itself; it hands the
call over (:meth:`submit`, or :meth:`call` when it needs the answer, as isAlive does) and
answers 202 once the message is queued (and, for an endpoint with a journal, kept in it:
see :meth:`~ecrislib.transport.simulation.authority.Authority.keep_arrival`). :meth:`endpoint` wraps an endpoint that way for
:class:`~.server.SoapService`.

Two ways to run: on a virtual clock (``realtime=False``), time jumps to the next event only
when no handed-in work is waiting. Because a synchronous POST returns only after the receiving
server queued the message, a whole exchange over real sockets is then as deterministic as on
the in-memory network (``ecrislib demo --http``). On a realtime clock (``ecrislib serve``),
events run when the wall clock reaches them.
"""

from __future__ import annotations

import queue
import threading
import time
from typing import TYPE_CHECKING, Any, Callable, TypeVar

from ..transport.wire.base import deliver

if TYPE_CHECKING:
    from ..model.messages import IsAliveMessage, Message
    from ..transport.wire.base import Arrival, Endpoint, Receipt
    from ..transport.wire.clock import VirtualClock

__all__ = ["ClockDriver", "DrivenEndpoint"]

T = TypeVar("T")


class DrivenEndpoint:
    """An endpoint whose calls run on the driver's thread (what a server thread holds)."""

    def __init__(self, endpoint: Endpoint, driver: ClockDriver) -> None:
        self._endpoint = endpoint
        self._driver = driver
        self.code = endpoint.code

    def on_message(self, message: Message) -> None:
        self._driver.submit(lambda: self._endpoint.on_message(message))

    def on_arrival(self, arrival: Arrival) -> None:
        # Before the 202 goes out, an endpoint that can keeps the arrival durably, here on the
        # server's thread: waiting for the driver instead would deadlock when the driver's own
        # thread is the sender waiting for this very answer.
        keep = getattr(self._endpoint, "keep_arrival", None)
        if keep is not None:
            keep(arrival)
        self._driver.submit(lambda: deliver(self._endpoint, arrival))

    def on_receipt(self, receipt: Receipt) -> None:
        self._driver.submit(lambda: self._endpoint.on_receipt(receipt))

    def is_alive(self) -> bool:
        # asked by server threads on every request, also while the driver's own thread waits
        # for that very server: must not wait for the driver (an Authority's answer is a flag)
        return self._endpoint.is_alive()

    def answer_is_alive(self, message: IsAliveMessage) -> IsAliveMessage:
        answer = getattr(self._endpoint, "answer_is_alive", None)
        if answer is None:
            raise AttributeError("answer_is_alive")
        return self._driver.call(lambda: answer(message))  # type: ignore[no-any-return]


class ClockDriver:
    """Runs ``clock``'s events and handed-in work on one thread."""

    def __init__(self, clock: VirtualClock, *, poll: float = 0.05) -> None:
        self.clock = clock
        self.poll = poll
        self._work: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._owner: int | None = None
        self._stop = threading.Event()

    # -- from any thread ---------------------------------------------------------------------
    def submit(self, work: Callable[[], None]) -> None:
        """Run ``work`` on the driver's thread, in the order submitted."""
        if threading.get_ident() == self._owner:
            work()
        else:
            self._work.put(work)

    def call(self, work: Callable[[], T], timeout: float = 10.0) -> T:
        """Run ``work`` on the driver's thread and return its result (raises TimeoutError)."""
        if threading.get_ident() == self._owner:
            return work()
        done = threading.Event()
        result: list[Any] = []

        def run() -> None:
            try:
                result.append((True, work()))
            except BaseException as error:  # handed back to the caller's thread
                result.append((False, error))
            finally:
                done.set()

        self._work.put(run)
        if not done.wait(timeout):
            raise TimeoutError("the simulation did not answer in time")
        ok, value = result[0]
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]

    def endpoint(self, endpoint: Endpoint) -> DrivenEndpoint:
        """``endpoint`` with its calls handed to this driver."""
        return DrivenEndpoint(endpoint, self)

    def stop(self) -> None:
        """Make :meth:`run_forever` return (from any thread)."""
        self._stop.set()
        self._work.put(lambda: None)

    # -- on the driver's thread --------------------------------------------------------------
    def _drain(self) -> bool:
        ran = False
        while True:
            try:
                work = self._work.get_nowait()
            except queue.Empty:
                return ran
            work()
            ran = True

    def _step(self, wait: float) -> None:
        """Run handed-in work; then one due event (virtual clock: the next one); else wait."""
        if self._drain():
            return
        at = self.clock.next_event_at()
        if at is not None:
            if not self.clock.realtime:
                self.clock.run_until(at)
                return
            delay = (at - self.clock.now()).total_seconds() / self.clock.speed
            if delay <= 0:
                self.clock.run_until(self.clock.now())
                return
            wait = min(wait, delay)
        try:
            work = self._work.get(timeout=wait)
        except queue.Empty:
            return
        work()

    def run_until(self, done: Callable[[], bool], *, timeout: float = 30.0) -> None:
        """Run until ``done()`` is true (checked between steps); TimeoutError after ``timeout``
        seconds of wall time."""
        self._owner = threading.get_ident()
        deadline = time.monotonic() + timeout
        try:
            while not done():
                if time.monotonic() > deadline:
                    raise TimeoutError("run_until: the condition did not become true in time")
                self._step(self.poll)
        finally:
            self._owner = None

    def run_until_idle(self, *, settle: float = 0.2, timeout: float = 30.0) -> None:
        """Run until no event is left and no work came in for ``settle`` seconds."""
        quiet_since = [time.monotonic()]

        def idle() -> bool:
            if self.clock.next_event_at() is not None or not self._work.empty():
                quiet_since[0] = time.monotonic()
                return False
            return time.monotonic() - quiet_since[0] >= settle

        self.run_until(idle, timeout=timeout)

    def run_forever(self) -> None:
        """Run until :meth:`stop` is called."""
        self._stop.clear()
        self.run_until(self._stop.is_set, timeout=float("inf"))
