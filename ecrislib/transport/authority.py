"""A simulated central authority: a member state's ECRIS bureau on the in-memory network.

It keeps a national :class:`~.register.Register`, a behaviour :class:`Profile` (how fast it
answers, how often it asks for more identity data, whether it is reachable), accepted
languages, a fingerprint mode and a working-day calendar, and it acts by the business rules:

* a notification (NOT) is filed (updates replace the stored conviction, a deleting decision
  removes it) and acknowledged with an NRS;
* a request (REQ) gets an RDL with the legal deadline, then an RRS: the matching convictions,
  none, a denial (RRT-00-01), "not a national" (RRT-00-02), or first a RAI when several people
  match; convictions not transmittable for non-criminal purposes are left out and their
  convicting states named in OtherMemberState;
* an invalid message gets a FEM from the injected validator; a message arriving in the
  month-end window gets the LMS-1 FEM; a CAN stops the work on what it cancels; isAlive is
  answered;
* as a requester, it answers a RAI with a RAR from what it knows of the person.

Fingerprints follow the receiving endpoint's mode (the WSDL's three services): to a ``push``
endpoint a request carries the NIST file itself (the push variant); to a ``pull`` endpoint
only its metadata, and the receiver asks for the file with a RAI naming its ID
(``BinaryIDRequested``), answered by a push RAR; to a ``none`` endpoint no fingerprints go.

Every message goes out through an :class:`~.outbox.Outbox` (retries until the transport
receipt) and comes in through an :class:`~.outbox.Inbox` (each message ID processed once);
:attr:`Authority.book` is its :class:`~.conversations.Conversations`. Logs name message IDs
and types only, never personal data.
"""

from __future__ import annotations

import datetime as _dt
import logging
import math
import re
from typing import TYPE_CHECKING, Any, Callable, Iterable, Literal, Mapping

import attrs

from .conversations import Conversations, Direction, Exchange, State
from .deadlines import DEFAULT_RULES, DeadlineRules, WorkingCalendar, calendar
from .month_end import DEFAULT_WINDOW, MonthEndWindow
from .outbox import Backoff, Inbox, Outbox
from .register import Register

if TYPE_CHECKING:
    from ..clock import Clock
    from ..ids import AttachmentId, IdSource, MessageId
    from ..model.conviction import Conviction
    from ..model.messages import FunctionalErrorMessage, IsAliveMessage, Message, RequestMessage
    from ..model.person import Person
    from .clock import Event, VirtualClock
    from .journal import Journal
    from .memory import MemoryNetwork

__all__ = [
    "Delay",
    "Profile",
    "PROFILES",
    "Authority",
    "Validator",
    "default_validator",
    "sampled_validator",
    "FingerprintMode",
]

log = logging.getLogger("ecrislib.transport")

FingerprintMode = Literal["none", "push", "pull"]

#: ``validator(message, ids, clock)``: the FEM answering ``message``, or None when it is valid.
Validator = Callable[["Message", "IdSource", "Clock"], "FunctionalErrorMessage | None"]


def default_validator(message: Message, ids: IdSource, clock: Clock) -> FunctionalErrorMessage | None:
    """``ecrislib.validate`` and, for errors, the FEM built from its report."""
    from ..validation import to_functional_error, validate

    report = validate(message)
    if report.ok:
        return None
    return to_functional_error(report, ids=ids, clock=clock)


def sampled_validator(rate: float, validator: Validator = default_validator) -> Validator:
    """Validate only a fraction ``rate`` of messages, chosen by message number (deterministic,
    no random draw): for soak tests, where validating every message would dominate."""
    period = max(1, round(1 / rate)) if rate > 0 else 0

    def sample(message: Message, ids: IdSource, clock: Clock) -> FunctionalErrorMessage | None:
        if period and message.message_id.number % period == 0:
            return validator(message, ids, clock)
        return None

    return sample


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

_MESSAGE_ID_IN_TEXT = re.compile(r"[A-Z]{2}-[A-Z]{2}-REQ-[0-9]{15}")
_REQUESTED_IDENTITY = ("BirthPlace", "IdentityNumber")


class Authority:
    """A member state's central authority on a :class:`~.memory.MemoryNetwork`."""

    def __init__(
        self,
        code: str,
        network: MemoryNetwork,
        *,
        profile: Profile | str = "automated",
        register: Register | None = None,
        ids: IdSource | None = None,
        languages: Iterable[str] = ("en",),
        fingerprint_mode: FingerprintMode = "none",
        working_days: WorkingCalendar | None = None,
        rules: DeadlineRules = DEFAULT_RULES,
        validator: Validator | None = default_validator,
        month_end: MonthEndWindow = DEFAULT_WINDOW,
        backoff: Backoff | None = None,
        max_attempts: int | None = 30,
        journal: Journal | None = None,
        reply_detail: Literal["full", "sanctions-on-follow-up"] = "full",
        not_national_response: str = "RRT-00-02",
        denial_response: str = "RRT-00-01",
        several_found_response: str = "RRT-00-05",
        not_national_notification_response: str = "NRT-00-01",
    ) -> None:
        from ..ids import SequentialIds

        self.code = code
        self.network = network
        self.clock: VirtualClock = network.clock
        self.profile = PROFILES[profile] if isinstance(profile, str) else profile
        self.register = register if register is not None else Register()
        if ids is None and journal is not None:
            sent = [m.message_id.number for _c, m, _a in journal.messages(code) if m.sender == code]
            ids = SequentialIds(start=max(sent, default=0) + 1)
        self.ids: IdSource = ids or SequentialIds()
        self.languages = tuple(languages)
        self.fingerprint_mode = fingerprint_mode
        self.working_days = working_days or calendar(code)
        self.rules = rules
        self.validator = validator
        self.month_end = month_end
        self.reply_detail = reply_detail
        self.not_national_response = not_national_response
        self.denial_response = denial_response
        self.several_found_response = several_found_response
        self.not_national_notification_response = not_national_notification_response
        self.journal = journal
        self.handle = network.register(self)
        self.outbox = Outbox(code, self.handle.send, self.clock, backoff=backoff, max_attempts=max_attempts, month_end=month_end, journal=journal)
        self.inbox = Inbox(journal)
        self.book = Conversations(code, rules=rules, calendars=self._calendar_of)
        self._timers: dict[MessageId, list[Event]] = {}
        self._asked: set[MessageId] = set()
        self._answered: set[MessageId] = set()
        #: the fuller identity this authority knows for each request it sent (for RAR)
        self.identities: dict[MessageId, Person] = {}
        #: NIST files this authority sent (kept for PULL endpoints) and received, by ID
        self.fingerprints_sent: dict[AttachmentId, bytes] = {}
        self.fingerprints_received: dict[AttachmentId, bytes] = {}
        self.calendars: dict[str, WorkingCalendar] = {code: self.working_days}
        if journal is not None:
            self._restore(journal)

    # -- helpers -----------------------------------------------------------------------------
    def _calendar_of(self, country: str) -> WorkingCalendar:
        found = self.calendars.get(country)
        if found is None:
            found = self.calendars[country] = calendar(country)
        return found

    def _later(self, exchange: MessageId, delay: _dt.timedelta, action: Callable[[], None], label: str) -> None:
        event = self.clock.schedule(delay, action, label)
        self._timers.setdefault(exchange, []).append(event)

    def _country_ref(self) -> str:
        from ..testing.factories import COUNTRY_OF_MEMBER_STATE

        return COUNTRY_OF_MEMBER_STATE.get(self.code, "")

    def is_national(self, person: Person) -> bool:
        return any(n.id == self._country_ref() for n in person.nationalities)

    def exchange(self, message_id: MessageId) -> Exchange:
        """The exchange ``message_id`` belongs to (from this authority's side)."""
        found = self.book.exchange_of(message_id)
        if found is None:
            raise KeyError(str(message_id))
        return found

    def overdue(self) -> list[Exchange]:
        """Requests (sent or received) whose deadline has passed without an answer."""
        return self.book.check_overdue(self.clock.now())

    # -- sending -----------------------------------------------------------------------------
    def send(self, message: Message) -> Message:
        """Book ``message`` and hand it to the outbox (retried until the transport receipt)."""
        self._book(message)
        self.outbox.submit(message)
        log.debug("%s sends %s %s", self.code, message.message_id.type.value, message.message_id)
        return message

    def _book(self, message: Message) -> None:
        self.book.record(message, self.clock.now())
        if self.journal is not None:
            self.journal.record(self.code, message, self.clock.now())

    def request(
        self, person: Person, to: str, *, identity: Person | None = None, fingerprints: bytes | None = None, **fields: Any
    ) -> RequestMessage:
        """Send a request about ``person`` to ``to``; ``identity`` is the fuller identity to
        give if the requested state asks for more (defaults to ``person``); ``fingerprints``,
        a NIST file, travels as the receiving endpoint's fingerprint mode allows."""
        from ..testing import factories

        mode = getattr(self.network.endpoint(to), "fingerprint_mode", "none") if fingerprints is not None else "none"
        if mode != "none":
            fields["fingerprints"] = self._attachment(fingerprints, inline=mode == "push")  # type: ignore[arg-type]
        message = factories.request(
            sender=self.code, receiver=to, person=person, ids=self.ids, clock=self.clock, push=mode == "push", **fields
        )
        self.identities[message.message_id] = identity or person
        self.send(message)
        return message

    def _attachment(self, content: bytes, *, inline: bool) -> Any:
        """Fingerprint metadata for ``content`` (and the content itself when ``inline``)."""
        import hashlib

        from ..model.messages import Fingerprints

        attachment = self.ids.attachment_id(self.code)
        self.fingerprints_sent[attachment] = content
        return Fingerprints(
            id=attachment,
            file_size=max(1, math.ceil(len(content) / 1024)),
            md5=hashlib.md5(content).hexdigest(),  # noqa: S324 - the ECRIS field is an MD5
            content=content if inline else None,
        )

    def notify(self, person: Person, conviction: Conviction, to: str, **fields: Any) -> Message:
        from ..testing import factories

        return self.send(factories.notification(sender=self.code, receiver=to, person=person, conviction=conviction, ids=self.ids, clock=self.clock, **fields))

    def cancel(self, message: Message) -> Message:
        from ..testing import factories

        return self.send(factories.cancellation(message, ids=self.ids, clock=self.clock))

    def ping(self, to: str) -> bool:
        return self.network.ping(self.code, to)

    # -- the transport's calls ---------------------------------------------------------------
    def is_alive(self) -> bool:
        return self.profile.reachable

    def answer_is_alive(self, message: IsAliveMessage) -> IsAliveMessage:
        from ..testing import factories

        return factories.is_alive(sender=self.code, receiver=message.sender, ids=self.ids, clock=self.clock)

    def on_receipt(self, receipt: Any) -> None:
        self.outbox.on_receipt(receipt)

    def on_message(self, message: Message) -> None:
        if not self.inbox.accept(message.message_id):
            log.debug("%s drops duplicate %s", self.code, message.message_id)
            return
        self._book(message)
        kind = message.message_id.type.value
        if kind not in ("FEM", "IAL") and self.month_end.contains(self.clock.now()):
            self._functional_error(message, self.month_end.fe_code, self.month_end.text)
            return
        if kind != "FEM" and self.validator is not None:
            fem = self.validator(message, self.ids, self.clock)
            if fem is not None:
                self.send(fem)
                return
        handler = getattr(self, f"_on_{kind.lower()}", None)
        if handler is not None:
            handler(message)

    def _functional_error(self, message: Message, code: str, text: str) -> None:
        from ..ids import MessageType
        from ..model.messages import FunctionalErrorMessage, Metadata

        metadata = Metadata.new(self.code, message.sender, MessageType.FEM, ids=self.ids, clock=self.clock, response_to=message.message_id)
        self.send(FunctionalErrorMessage(metadata=metadata, errors=(self._fe(code, text),)))

    @staticmethod
    def _fe(code: str, text: str) -> Any:
        from ..model.common import MultilingualText
        from ..model.messages import FunctionalError
        from ..model.references import FunctionalErrorCode

        return FunctionalError(code=FunctionalErrorCode(code), additional_information=MultilingualText.of(text, "en"))

    # -- as the requested state --------------------------------------------------------------
    def _on_req(self, request: RequestMessage) -> None:
        rng = self.clock.rng
        delay = self.profile.deadline_delay.draw(rng)
        if not self.is_national(request.person):
            self._later(request.message_id, delay, lambda: self._respond(request, (), self.not_national_response), "not-national")
            return
        if self.profile.deny_probability and rng.random() < self.profile.deny_probability:
            self._later(request.message_id, delay, lambda: self._respond(request, (), self.denial_response), "denial")
            return
        self._later(request.message_id, delay, lambda: self._send_deadline(request), "deadline")
        prints = request.fingerprints
        if prints is not None and prints.content is not None:
            self.fingerprints_received[prints.id] = prints.content
        elif prints is not None and self.fingerprint_mode == "pull":
            # Only the metadata came: ask for the file; the answer restarts the deadline.
            self._later(request.message_id, delay, lambda: self._pull_fingerprints(request), "pull-fingerprints")
            return
        self._plan_answer(request, request.person, self.clock.now() + delay)

    def _pull_fingerprints(self, request: RequestMessage) -> None:
        from ..model.common import AdditionalInformation
        from ..testing import factories

        exchange = self.book.exchange_of(request.message_id)
        if exchange is None or exchange.finished or request.fingerprints is None:
            return
        self._asked.add(request.message_id)
        self.send(
            factories.additional_info_request(
                request,
                requested=(AdditionalInformation.FINGERPRINTS,),
                binary_id_requested=request.fingerprints.id,
                ids=self.ids,
                clock=self.clock,
            )
        )

    def _plan_answer(self, request: RequestMessage, person: Person, not_before: _dt.datetime) -> None:
        at = self._answer_time(not_before)
        self._later(request.message_id, at - self.clock.now(), lambda: self._answer(request, person), "answer")

    def _answer_time(self, not_before: _dt.datetime) -> _dt.datetime:
        when = self.profile.answer_next_working_day_at
        if when is not None:
            day = self.working_days.next_working_day(self.clock.now().date())
            return max(not_before, _dt.datetime.combine(day, when, tzinfo=self.clock.now().tzinfo))
        return max(not_before, self.clock.now() + self.profile.answer_delay.draw(self.clock.rng))

    def _due(self, request: RequestMessage, since: _dt.datetime) -> _dt.date:
        return self.rules.due(request.purpose_category.id, since, self.working_days)

    def _send_deadline(self, request: RequestMessage, since: _dt.datetime | None = None) -> None:
        from ..testing import factories

        exchange = self.book.exchange_of(request.message_id)
        if exchange is None or exchange.finished:
            return
        received = since or exchange.started
        self.send(factories.request_deadline(request, self._due(request, received), ids=self.ids, clock=self.clock))

    def _answer(self, request: RequestMessage, person: Person) -> None:
        from ..testing import factories

        exchange = self.book.exchange_of(request.message_id)
        if exchange is None or exchange.finished:
            return
        matches = self.register.find(person)
        first_time = request.message_id not in self._asked
        if len(matches) > 1 or (matches and first_time and self.profile.rai_probability and self.clock.rng.random() < self.profile.rai_probability):
            if first_time:
                self._asked.add(request.message_id)
                self.send(factories.additional_info_request(request, requested=_REQUESTED_IDENTITY, ids=self.ids, clock=self.clock))
                return
            if len(matches) > 1:
                self._respond(request, (), self.several_found_response)
                return
        convictions: list[Conviction] = list(matches[0].convictions.values()) if matches else []
        found_person = matches[0].person if matches else request.person
        self._respond(request, convictions, "RRT-00-00", person=found_person)

    def _respond(self, request: RequestMessage, convictions: Iterable[Conviction], response_type: str, person: Person | None = None) -> None:
        import attrs as _attrs

        from ..model.common import YesNoUnknown
        from ..model.conviction import DecisionToSanctions, SanctionToOffences, SanctionToSanctions
        from ..testing import factories

        exchange = self.book.exchange_of(request.message_id)
        if exchange is None or exchange.finished or request.message_id in self._answered:
            return
        self._answered.add(request.message_id)
        kept: list[Conviction] = []
        others: list[str] = []
        criminal = self.rules.is_criminal(request.purpose_category.id)
        for conviction in sorted(convictions, key=lambda c: (c.decision_date, str(c.id))):
            if not criminal and conviction.is_transmittable is YesNoUnknown.NO:
                if conviction.id.country != self.code and conviction.id.country not in others:
                    others.append(conviction.id.country)
                continue
            kept.append(conviction)
        if self.reply_detail == "sanctions-on-follow-up" and not self._is_follow_up(request):
            sanction_links = (DecisionToSanctions, SanctionToOffences, SanctionToSanctions)
            kept = [
                _attrs.evolve(c, sanctions=(), relationships=tuple(r for r in c.relationships if not isinstance(r, sanction_links)))
                for c in kept
            ]
        response = factories.request_response(
            request,
            convictions=kept,
            response_type=response_type,
            ids=self.ids,
            clock=self.clock,
            person=person or request.person,
            other_member_states=tuple(others),
        )
        self.send(response)

    def _is_follow_up(self, request: RequestMessage) -> bool:
        """A request whose remarks name an earlier request this authority answered."""
        if request.remarks is None:
            return False
        from ..ids import MessageId

        named = {MessageId.parse(m) for m in _MESSAGE_ID_IN_TEXT.findall(str(request.remarks))}
        return any(m in self._answered for m in named)

    def _on_rar(self, message: Message) -> None:
        exchange = self.book.exchange_of(message.message_id)
        if exchange is None or exchange.direction is not Direction.INCOMING or exchange.finished:
            return
        request: RequestMessage = exchange.messages[0]  # type: ignore[assignment]
        prints = getattr(message, "fingerprints", None)
        if prints is not None and prints.content is not None:
            self.fingerprints_received[prints.id] = prints.content
        person = getattr(message, "person", None) or request.person
        now = self.clock.now()
        self._later(request.message_id, self.profile.deadline_delay.draw(self.clock.rng), lambda: self._send_deadline(request, since=now), "deadline-restart")
        self._plan_answer(request, person, now)

    # -- as the state of nationality ---------------------------------------------------------
    def _on_not(self, notification: Message) -> None:
        delay = self.profile.notification_delay.draw(self.clock.rng)
        self._later(notification.message_id, delay, lambda: self._file(notification), "file")

    def _file(self, notification: Any) -> None:
        from ..model.common import YesNoUnknown
        from ..testing import factories

        exchange = self.book.exchange_of(notification.message_id)
        if exchange is None or exchange.finished:
            return
        if not self.is_national(notification.person):
            self.send(factories.notification_response(notification, response_type=self.not_national_notification_response, ids=self.ids, clock=self.clock))
            return
        conviction = notification.conviction
        if any(d.delete_from_register is YesNoUnknown.YES for d in conviction.decisions):
            self.register.remove(conviction.id)
            record_person = notification.person
        else:
            record_person = self.register.file(notification.person, conviction, by=notification.message_id).person
        self.send(factories.notification_response(notification, ids=self.ids, clock=self.clock, person=record_person))

    # -- as a requester ----------------------------------------------------------------------
    def _on_rai(self, message: Message) -> None:
        from ..testing import factories

        exchange = self.book.exchange_of(message.message_id)
        if exchange is None or exchange.direction is not Direction.OUTGOING:
            return
        person = self.identities.get(exchange.id) or getattr(exchange.messages[0], "person", None)
        delay = self.profile.additional_info_delay.draw(self.clock.rng)
        wanted = getattr(message, "binary_id_requested", None)
        content = self.fingerprints_sent.get(wanted) if wanted is not None else None
        fields: dict[str, Any] = {}
        if content is not None:
            # The file asked for by ID, delivered in a push RAR.
            first = exchange.messages[0]
            fields = {"push": True, "fingerprints": attrs.evolve(first.fingerprints, content=content)}  # type: ignore[attr-defined]
        self._later(
            exchange.id,
            delay,
            lambda: self.send(factories.additional_info_response(message, person=person, ids=self.ids, clock=self.clock, **fields)),  # type: ignore[arg-type]
            "additional-info",
        )

    # -- cancellations -----------------------------------------------------------------------
    def _on_can(self, message: Message) -> None:
        target = message.metadata.response_to
        assert target is not None
        for event in self._timers.pop(target, []):
            event.cancel()
        if target.type.value == "NOT":
            self.register.unfile(target)

    # -- stop and restart --------------------------------------------------------------------
    def stop(self) -> None:
        """Stop as a crashed or halted system would: leave the network, drop every planned
        action and retry (what is in the journal survives)."""
        for events in self._timers.values():
            for event in events:
                event.cancel()
        self._timers.clear()
        for item in self.outbox.items.values():
            if item.timer is not None:
                item.timer.cancel()
        self.network.unregister(self.code)

    def _restore(self, journal: Journal) -> None:
        """Rebuild the book from the journal, send again what was not delivered, and take up
        the incoming requests and notifications that were not answered yet."""
        for _code, message, at in journal.messages(self.code):
            self.book.record(message, at)
            if message.sender == self.code and message.message_id.type.value == "RAI":
                self._asked.add(message.metadata.response_to)  # type: ignore[arg-type]
            if message.sender == self.code and message.message_id.type.value in ("RRS",):
                self._answered.add(message.metadata.response_to)  # type: ignore[arg-type]
        self.outbox.resume(journal.outbox_items())
        for exchange in list(self.book.exchanges.values()):
            if exchange.direction is not Direction.INCOMING or exchange.finished:
                continue
            first = exchange.messages[0]
            if exchange.progress is State.INFO_REQUESTED:
                continue  # waiting for the requester's RAR
            if first.message_id.type.value == "REQ":
                self._plan_answer(first, first.person, self.clock.now())  # type: ignore[arg-type, attr-defined]
            else:
                self._later(first.message_id, _dt.timedelta(0), lambda n=first: self._file(n), "file")
