"""A simulated central authority: a member state's ECRIS bureau on the in-memory network.

It keeps a :class:`~ecrislib.register.NationalRegister` and acts by a frozen :class:`Policy` (a
behaviour :class:`Profile`: how fast it answers, how often it asks for more identity data,
whether it is reachable; accepted languages, a fingerprint mode, a working-day calendar,
deadline rules, retries...), by the business rules:

* a notification (NOT) is filed (updates replace the stored conviction, a deleting decision
  removes it) and acknowledged with an NRS;
* a request (REQ) gets an RDL with the legal deadline, then an RRS composed by
  :func:`ecrislib.compose.decide` over the register and the policy's reply policy (by default
  the bundled one of its member state): the convictions the request's purpose allows (the
  others left out and their convicting states named in OtherMemberState), none, a denial
  (RRT-00-01), "not a national" (RRT-00-02), or first a RAI when several people match;
* an invalid message gets a FEM from the injected validator; a message arriving in the
  month-end window gets the LMS-1 FEM; a CAN stops the work on what it cancels; isAlive is
  answered;
* as a requester, it answers a RAI with a RAR from what it knows of the person.

Fingerprints follow the receiving endpoint's mode (the WSDL's three services): to a ``push``
endpoint a request carries the NIST file itself (the push variant); to a ``pull`` endpoint
only its metadata, and the receiver asks for the file with a RAI naming its ID
(``BinaryIDRequested``), answered by a push RAR; to a ``none`` endpoint no fingerprints go.

Every message it sends is built by :mod:`ecrislib.compose` (the production builders): what a
request says about who asks and why comes from the caller or the :class:`Policy`, never from
test fixtures. Every message goes out through an :class:`~.outbox.Outbox` (retries until the transport
receipt) and comes in through an :class:`~.outbox.Inbox` (each message ID processed once);
:attr:`Authority.book` is its :class:`~.conversations.Conversations`. Logs name message IDs
and types only, never personal data.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import enum
import logging
import math
import re
from typing import TYPE_CHECKING, Any, Callable, ContextManager, Iterable, Literal, Mapping

import attrs

from ..wire.base import UnknownExchangeError
from .profiles import PROFILES, Profile
from ..workflow.conversations import Conversations, Direction, Exchange
from ..workflow.deadlines import DEFAULT_RULES, DeadlineRules, WorkingCalendar, calendar
from ..wire.journal import Plan
from ..wire.month_end import DEFAULT_WINDOW, MonthEndWindow
from ..wire.outbox import Backoff, Inbox, Outbox
from ... import compose
from ...codes.member_states import member_state_country
from ...errors import XmlError
from ...model.common import MultilingualText, YesNoUnknown
from ...model.messages import RequestingAuthority
from ...model.references import RequestingAuthorityTypeRef
from ...register import MemoryRegister, NationalRegister
from ...xml import codec, parser

if TYPE_CHECKING:
    from ...clock import Clock
    from ...compose import ReplyDecision, ReplyPolicy
    from ...ids import AttachmentId, IdSource, MessageId
    from ...model.conviction import Conviction
    from ...model.messages import FunctionalErrorMessage, IsAliveMessage, Message, RequestMessage
    from ...model.person import Person
    from ..wire.clock import Event, VirtualClock
    from ..wire.base import Arrival
    from ..wire.network import Network
    from ..wire.journal import Journal

__all__ = [
    "Policy",
    "PlanKind",
    "Authority",
    "Validator",
    "default_validator",
    "sampled_validator",
    "FingerprintMode",
]

log = logging.getLogger("ecrislib.transport")

FingerprintMode = Literal["none", "push", "pull"]

#: ``validator(message, tree, ids, clock)``: the FEM answering ``message``, or None when it is
#: valid. ``tree`` is the XML the message was read from, as the hardened parser loaded it from
#: the bytes that arrived (None for a message handed over as a model object alone).
Validator = Callable[["Message", Any, "IdSource", "Clock"], "FunctionalErrorMessage | None"]


def _fem_of(source: Any, ids: IdSource, clock: Clock) -> FunctionalErrorMessage | None:
    """``ecrislib.validate`` on ``source`` and, for errors, the FEM built from its report."""
    from ...validation import to_functional_error, validate

    report = validate(source)
    if report.ok:
        return None
    return to_functional_error(report, ids=ids, clock=clock)


def default_validator(message: Message, tree: Any, ids: IdSource, clock: Clock) -> FunctionalErrorMessage | None:
    """``ecrislib.validate`` on the tree read from the bytes (else the message) and, for
    errors, the FEM built from its report."""
    return _fem_of(message if tree is None else tree, ids, clock)


def sampled_validator(rate: float, validator: Validator = default_validator) -> Validator:
    """Validate only a fraction ``rate`` of messages, chosen by message number (deterministic,
    no random draw): for soak tests, where validating every message would dominate. Every
    message is still read from its bytes, and one the model refuses is always answered."""
    period = max(1, round(1 / rate)) if rate > 0 else 0

    def sample(message: Message, tree: Any, ids: IdSource, clock: Clock) -> FunctionalErrorMessage | None:
        if period and message.message_id.number % period == 0:
            return validator(message, tree, ids, clock)
        return None

    return sample


def _languages(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def _profile(value: Profile | str) -> Profile:
    return PROFILES[value] if isinstance(value, str) else value


@attrs.frozen(kw_only=True)
class Policy:
    """How a central authority acts, as data: one frozen object per authority (share it,
    ``attrs.evolve`` it), instead of a constructor with twenty options."""

    #: how fast it answers, how often it asks for more data, whether it is reachable
    #: (a :class:`Profile`, or the name of one of :data:`PROFILES`)
    profile: Profile = attrs.field(default=PROFILES["automated"], converter=_profile)
    #: the languages it accepts, recorded for embedding systems to consult
    languages: tuple[str, ...] = attrs.field(default=("en",), converter=_languages)
    #: how its endpoint takes fingerprints (the WSDL's three services)
    fingerprint_mode: FingerprintMode = "none"
    #: its working days (default: its country's public holidays)
    working_days: WorkingCalendar | None = None
    rules: DeadlineRules = DEFAULT_RULES
    #: builds the FEM answering an invalid message (None: no validation)
    validator: Validator | None = default_validator
    month_end: MonthEndWindow = DEFAULT_WINDOW
    #: added to the link's latency when holding messages back from the month-end window
    latency_margin: _dt.timedelta = _dt.timedelta(minutes=1)
    backoff: Backoff = Backoff()
    #: attempts after which an undelivered message (and its exchange) is overdue
    overdue_after: int = 30
    #: ``"sanctions-on-follow-up"``: sanctions only in replies to a follow-up request
    reply_detail: Literal["full", "sanctions-on-follow-up"] = "full"
    not_national_response: str = "RRT-00-02"
    denial_response: str = "RRT-00-01"
    several_found_response: str = "RRT-00-05"
    not_national_notification_response: str = "NRT-00-01"
    #: what its replies may say, by purpose (None: the bundled policy of its member state,
    #: :func:`ecrislib.compose.bundled_policy`)
    reply_policy: ReplyPolicy | None = None
    #: who asks, in the requests it sends when the caller does not say (None: the central
    #: authority itself, "Central authority XX"); a name or a full requesting authority
    requesting_authority: RequestingAuthority | str | None = None
    #: the requesting-authority type code of that default (your Common Reference Table's)
    requesting_authority_type: str = "RAT-00-C"
    #: the purpose of the requests it sends when the caller does not say
    purpose_category: str = "P-00-001001"
    purpose: str = "Criminal proceedings"
    consent: YesNoUnknown = YesNoUnknown.UNKNOWN
    urgency: YesNoUnknown = YesNoUnknown.NO


DEFAULT_POLICY = Policy()


class PlanKind(str, enum.Enum):
    """What a planned action does (its name is what the journal keeps)."""

    DEADLINE = "deadline"  # send the RDL
    ANSWER = "answer"  # identify the person and answer (or ask for more data)
    RESPOND = "respond"  # answer at once with a response type (not a national, denial)
    PULL_FINGERPRINTS = "pull-fingerprints"  # ask for the NIST file by ID
    FILE = "file"  # file a notification and acknowledge it
    ADDITIONAL_INFO = "additional-info"  # as a requester, answer a RAI


_MESSAGE_ID_IN_TEXT = re.compile(r"[A-Z]{2}-[A-Z]{2}-REQ-[0-9]{15}")
_REQUESTED_IDENTITY = ("BirthPlace", "IdentityNumber")


class Authority:
    """A member state's central authority on a :class:`~.network.Network`: the in-memory one, or
    SOAP (:class:`ecrislib.soap.client.SoapTransport`).

    Each message kind it receives has one handler, registered by :class:`~ecrislib.ids.MessageType`
    in ``_handlers``. Everything it will do later is a :class:`~.journal.Plan` of a
    :class:`PlanKind` (send the deadline, answer, file, answer a RAI...), written to the journal
    in the same step as the message that caused it, so an authority created again on the same
    journal re-plans every pending action. Every message it composes is built in
    :meth:`_build` and :meth:`_build_fem`, the one place a production composer will take over.
    """

    def __init__(
        self,
        code: str,
        network: Network,
        policy: Policy = DEFAULT_POLICY,
        *,
        register: NationalRegister | None = None,
        ids: IdSource | None = None,
        journal: Journal | None = None,
    ) -> None:
        from ...ids import SequentialIds

        self.code = code
        self.network = network
        self.clock: VirtualClock = network.clock
        self.policy = policy
        self.register: NationalRegister = register if register is not None else MemoryRegister()
        self.reply_policy: ReplyPolicy = policy.reply_policy or compose.bundled_policy(code)
        #: the language of the free text it writes (the first it accepts)
        self.language = policy.languages[0] if policy.languages else "en"
        if ids is None and journal is not None:
            sent = [m.message_id.number for _c, m, _a in journal.messages(code) if m.sender == code]
            ids = SequentialIds(start=max(sent, default=0) + 1)
        self.ids: IdSource = ids or SequentialIds()
        self.working_days = policy.working_days or calendar(code)
        self.journal = journal
        self.handle = network.register(self)
        expected = getattr(network, "expected_latency", None)
        self.outbox = Outbox(
            code,
            self.handle.send,
            self.clock,
            backoff=policy.backoff,
            overdue_after=policy.overdue_after,
            month_end=policy.month_end,
            latency=(lambda to: expected(code, to)) if expected is not None else None,
            latency_margin=policy.latency_margin,
            journal=journal,
        )
        self.inbox = Inbox(journal)
        retry_later = frozenset({policy.month_end.fe_code})
        self.book = Conversations(code, rules=policy.rules, calendars=self._calendar_of, retry_later_codes=retry_later)
        self._timers: dict[MessageId, list[Event]] = {}
        self._messages: dict[MessageId, Message] = {}
        self._asked: set[MessageId] = set()
        self._answered: set[MessageId] = set()
        #: the fuller identity this authority knows for each request it sent (for RAR)
        self.identities: dict[MessageId, Person] = {}
        #: NIST files this authority sent (kept for PULL endpoints) and received, by ID
        self.fingerprints_sent: dict[AttachmentId, bytes] = {}
        self.fingerprints_received: dict[AttachmentId, bytes] = {}
        self.calendars: dict[str, WorkingCalendar] = {code: self.working_days}
        from ...ids import MessageType as T

        #: what is done with each kind of message received (IAL is answered synchronously)
        self._handlers: Mapping[T, Callable[[Any], None]] = {
            T.REQ: self._on_req,
            T.RAR: self._on_rar,
            T.NOT: self._on_not,
            T.RAI: self._on_rai,
            T.CAN: self._on_can,
            T.FEM: self._on_fem,
        }
        #: what each kind of plan does when its time comes
        #: (the message a plan is about, and its exchange, still open: see _run)
        self._actions: Mapping[PlanKind, Callable[[Plan, Any, Exchange], None]] = {
            PlanKind.DEADLINE: self._act_deadline,
            PlanKind.ANSWER: self._act_answer,
            PlanKind.RESPOND: self._act_respond,
            PlanKind.PULL_FINGERPRINTS: self._act_pull_fingerprints,
            PlanKind.FILE: self._act_file,
            PlanKind.ADDITIONAL_INFO: self._act_additional_info,
        }
        if journal is not None:
            self._restore(journal)

    # -- what the policy says ----------------------------------------------------------------
    @property
    def profile(self) -> Profile:
        return self.policy.profile

    @property
    def languages(self) -> tuple[str, ...]:
        return self.policy.languages

    @property
    def fingerprint_mode(self) -> FingerprintMode:
        return self.policy.fingerprint_mode

    # -- helpers -----------------------------------------------------------------------------
    def _calendar_of(self, country: str) -> WorkingCalendar:
        found = self.calendars.get(country)
        if found is None:
            found = self.calendars[country] = calendar(country)
        return found

    def _step(self, kind: str) -> ContextManager[None]:
        """One durable step (a journal transaction), or nothing without a journal."""
        return self.journal.transaction(kind) if self.journal is not None else contextlib.nullcontext()

    def _plan(self, exchange: MessageId, delay: _dt.timedelta, kind: PlanKind, subject: MessageId, arg: str = "") -> None:
        """Promise to do ``kind`` on ``subject`` after ``delay`` (journaled in the current step)."""
        plan = Plan(str(exchange), kind.value, str(subject), arg, self.clock.now() + max(delay, _dt.timedelta(0)))
        if self.journal is not None:
            plan = self.journal.plan_add(plan)
        self._schedule(plan)

    def _schedule(self, plan: Plan) -> None:
        from ...ids import MessageId

        exchange = MessageId.parse(plan.exchange)

        def run() -> None:
            self._forget(exchange, event)
            self._run(plan)

        event = self.clock.schedule_at(plan.at, run, plan.kind)
        self._timers.setdefault(exchange, []).append(event)

    def _forget(self, exchange: MessageId, event: Event) -> None:
        """The event has come: the exchange's timers no longer hold it."""
        timers = self._timers[exchange]
        timers.remove(event)
        if not timers:
            del self._timers[exchange]

    def _run(self, plan: Plan) -> None:
        """A plan's time has come: strike it off and act, in one step."""
        with self._step("action"):
            if self.journal is not None and plan.id is not None:
                self.journal.plan_done(plan.id)
            subject = self._subject(plan)
            exchange = self._open(subject.message_id)
            if exchange is not None:  # nothing is done for a finished (or cancelled) exchange
                self._actions[PlanKind(plan.kind)](plan, subject, exchange)

    def _open(self, message_id: MessageId) -> Exchange | None:
        """The exchange of ``message_id`` while it still awaits work (None once it is finished)."""
        exchange = self.book.exchange_of(message_id)
        return None if exchange is None or exchange.finished else exchange

    def _subject(self, plan: Plan) -> Any:
        from ...ids import MessageId

        return self._messages[MessageId.parse(plan.subject)]

    def is_national(self, person: Person) -> bool:
        country = member_state_country(self.code)
        return any(n.id == country for n in person.nationalities)

    def exchange(self, message_id: MessageId) -> Exchange:
        """The exchange ``message_id`` belongs to (from this authority's side)."""
        found = self.book.exchange_of(message_id)
        if found is None:
            raise UnknownExchangeError(str(message_id))
        return found

    def overdue(self) -> list[Exchange]:
        """Exchanges (sent or received) whose deadline has passed without an answer, or one
        of whose messages is still undelivered after the outbox's overdue threshold, or was
        refused by its receiver."""
        late = self.book.check_overdue(self.clock.now())
        stuck = {id(e): e for e in late}
        for item in self.outbox.overdue() + self.outbox.refused():
            exchange = self.book.exchange_of(item.message.message_id)
            if exchange is not None:
                exchange.undelivered = True
                stuck.setdefault(id(exchange), exchange)
        return list(stuck.values())

    # -- message building ----------------------------------------------------------------
    def _build(self, builder: Callable[..., Any], *args: Any, **fields: Any) -> Any:
        """Every message this authority composes comes from here: ``builder`` is one of
        :mod:`ecrislib.compose`, given this authority's ID source and clock."""
        return builder(*args, ids=self.ids, clock=self.clock, **fields)

    def _build_fem(self, message: Message, code: str, text: str) -> FunctionalErrorMessage:
        from ...model.messages import FunctionalError
        from ...model.references import FunctionalErrorCode

        error = FunctionalError(code=FunctionalErrorCode(code), additional_information=MultilingualText.of(text, "en"))
        return self._build(compose.functional_error, message, [error])  # type: ignore[no-any-return]

    def _text(self, value: MultilingualText | str) -> MultilingualText:
        return MultilingualText.of(value, self.language) if isinstance(value, str) else value

    def _requesting_authority(self, value: RequestingAuthority | str | None) -> RequestingAuthority:
        value = value if value is not None else self.policy.requesting_authority
        if isinstance(value, RequestingAuthority):
            return value
        name = value if value is not None else f"Central authority {self.code}"
        return RequestingAuthority(type=RequestingAuthorityTypeRef(self.policy.requesting_authority_type), name=self._text(name))

    # -- sending -----------------------------------------------------------------------------
    def send(self, message: Message) -> Message:
        """Serialise ``message`` (once: the journal keeps these bytes and the network carries
        them), book it and hand it to the outbox (retried until the transport receipt), in one
        step: recorded and queued together, sent once that is committed."""
        data = codec.serialize(message)
        with self._step("send"):
            self._book(message, data)
            self.outbox.submit(message, data)
        log.debug("%s sends %s %s", self.code, message.message_id.type.value, message.message_id)
        return message

    def _book(self, message: Message, data: bytes | None) -> None:
        """Record ``message`` in the book and, with ``data`` (its bytes as sent or received),
        in the journal."""
        self.book.record(message, self.clock.now())
        self._messages.setdefault(message.message_id, message)
        if self.journal is not None:
            self.journal.record(self.code, message, self.clock.now(), data)

    def request(
        self,
        person: Person,
        to: str,
        *,
        identity: Person | None = None,
        fingerprints: bytes | None = None,
        purpose_category: str | None = None,
        purpose: MultilingualText | str | None = None,
        authority: RequestingAuthority | str | None = None,
        consent: YesNoUnknown | None = None,
        urgency: YesNoUnknown | None = None,
        remarks: MultilingualText | str | None = None,
        **fields: Any,
    ) -> RequestMessage:
        """Send a request about ``person`` to ``to``; ``identity`` is the fuller identity to
        give if the requested state asks for more (defaults to ``person``); ``fingerprints``,
        a NIST file, travels as the receiving endpoint's fingerprint mode allows. Who asks
        (``authority``) and why (``purpose_category``, ``purpose``), ``consent`` and
        ``urgency`` default to the :class:`Policy`'s; texts are in its first language.
        ``fields``: further arguments of :func:`ecrislib.compose.request`."""
        mode = getattr(self.network.endpoint(to), "fingerprint_mode", "none") if fingerprints is not None else "none"
        policy = self.policy
        with self._step("send"):
            if mode != "none":
                fields["fingerprints"] = self._attachment(fingerprints, inline=mode == "push")  # type: ignore[arg-type]
            if remarks is not None:
                fields["remarks"] = self._text(remarks)
            message: RequestMessage = self._build(
                compose.request,
                sender=self.code,
                receiver=to,
                person=person,
                purpose_category=purpose_category or policy.purpose_category,
                purpose=self._text(purpose if purpose is not None else policy.purpose),
                requesting_authority=self._requesting_authority(authority),
                consent=policy.consent if consent is None else consent,
                urgency=policy.urgency if urgency is None else urgency,
                push=mode == "push",
                **fields,
            )
            self.identities[message.message_id] = identity or person
            if identity is not None and self.journal is not None:
                self.journal.identity_put(message.message_id, attrs.evolve(message, person=identity))
            self.send(message)
        return message

    def _attachment(self, content: bytes, *, inline: bool) -> Any:
        """Fingerprint metadata for ``content`` (and the content itself when ``inline``)."""
        import hashlib

        from ...model.messages import Fingerprints

        attachment = self.ids.attachment_id(self.code)
        self.fingerprints_sent[attachment] = content
        if self.journal is not None:
            self.journal.attachment_put(str(attachment), content)
        return Fingerprints(
            id=attachment,
            file_size=max(1, math.ceil(len(content) / 1024)),
            md5=hashlib.md5(content).hexdigest(),  # noqa: S324 - the ECRIS field is an MD5
            content=content if inline else None,
        )

    def notify(self, person: Person, conviction: Conviction, to: str, **fields: Any) -> Message:
        with self._step("send"):
            return self.send(self._build(compose.notification, sender=self.code, receiver=to, person=person, conviction=conviction, **fields))

    def cancel(self, message: Message) -> Message:
        """Cancel ``message``: the CAN goes out, and this side stops its own work on the exchange."""
        with self._step("send"):
            can = self._build(compose.cancellation, message)
            exchange = self.book.exchange_of(message.message_id)
            if exchange is not None:
                self._stop_exchange(exchange)
            return self.send(can)

    def ping(self, to: str) -> bool:
        return self.network.ping(self.code, to)

    # -- the transport's calls ---------------------------------------------------------------
    def is_alive(self) -> bool:
        return self.profile.reachable

    def answer_is_alive(self, message: IsAliveMessage) -> IsAliveMessage:
        return self._build(compose.is_alive, sender=self.code, receiver=message.sender, alive=True)  # type: ignore[no-any-return]

    def on_receipt(self, receipt: Any) -> None:
        if self.outbox.on_receipt(receipt):
            exchange = self.book.exchange_of(receipt.message_id)
            if exchange is not None and exchange.undelivered:
                ids = {m.message_id for m in exchange.messages}
                exchange.undelivered = any(item.message.message_id in ids for item in self.outbox.overdue())

    def on_bytes(self, data: bytes) -> None:
        """A message arrived as ECRIS XML (the in-memory network): read it once with the
        hardened parser, validate that tree and build the model from it, then handle it as
        :meth:`on_message` does. A message the model refuses is answered with the FEM of its
        validation report; bytes without a readable message ID cannot be answered (a FEM must
        name the message) and are dropped, with a log line naming the error only."""
        try:
            tree = parser.load(data)
        except XmlError as error:
            log.warning("%s drops unreadable bytes (%s)", self.code, type(error).__name__)
            return
        if self._already_processed(tree):
            return
        try:
            message = codec.parse_element(tree)
        except XmlError as error:
            try:
                fem = _fem_of(tree, self.ids, self.clock)
            except ValueError:  # no message ID to answer
                fem = None
            if fem is None:
                log.warning("%s drops a message it cannot read (%s)", self.code, type(error).__name__)
                return
            self.send(fem)
            return
        self._receive(message, data, tree)

    def _already_processed(self, tree: Any) -> bool:
        """Whether the message ``tree`` holds is a copy of one already processed (its ID read
        from the tree, so a duplicate is dropped before the model is built)."""
        from ...ids import MessageId
        from ...xml.namespaces import MSG

        for element in tree.iter(f"{{{MSG}}}MessageMetaDataMessageID"):
            try:
                message_id = MessageId.parse((element.text or "").strip())
            except ValueError:
                return False
            if message_id in self.inbox.seen:
                self.inbox.accept(message_id)  # counts the duplicate
                log.debug("%s drops duplicate %s", self.code, message_id)
                return True
            return False
        return False

    def keep_arrival(self, arrival: Arrival) -> None:
        """Called by a server before it answers 202 (the receipt), on the server's thread:
        with a journal, the arrival is committed first, so that a crash before it is handled
        loses nothing (it is handled from the journal on restart). Safe from any thread."""
        if self.journal is not None:
            self.journal.keep_arrival(arrival.message.message_id, arrival.data)

    def on_arrival(self, arrival: Arrival) -> None:
        """A message a SOAP server read from its envelope: handled as :meth:`on_bytes` handles
        the bytes, validated from the Body's element and journaled as the Body's bytes."""
        self._receive(arrival.message, arrival.data, arrival.tree)

    def on_message(self, message: Message) -> None:
        """A message arrived as a model object alone: handled as :meth:`on_bytes` handles the
        bytes, validated from the model (serialised for that, and for the journal)."""
        self._receive(message, None, None)

    def _receive(self, message: Message, data: bytes | None, tree: Any) -> None:
        """In one step, mark ``message`` processed, record it (with ``data``, the bytes it
        arrived as) and handle it (its answers queued, its later actions planned). A copy
        already processed is dropped."""
        from ...ids import MessageType

        kind = message.message_id.type
        if message.message_id in self.inbox.seen:
            self.inbox.accept(message.message_id)  # counts the duplicate
            log.debug("%s drops duplicate %s", self.code, message.message_id)
            return
        if kind not in (MessageType.FEM, MessageType.IAL) and self.policy.month_end.contains(self.clock.now()):
            # Not processed: the sender is asked to send it again after the window.
            with self._step("receive"):
                self._arrival_done(message)
                self._book(message, data)
                self.send(self._build_fem(message, self.policy.month_end.fe_code, self.policy.month_end.text))
            return
        with self._step("receive"):
            self._arrival_done(message)
            self.inbox.accept(message.message_id)
            self._book(message, data)
            if kind is not MessageType.FEM and self.policy.validator is not None:
                fem = self.policy.validator(message, tree, self.ids, self.clock)
                if fem is not None:
                    self.send(fem)
                    return
            handler = self._handlers.get(kind)
            if handler is not None:
                handler(message)

    def _arrival_done(self, message: Message) -> None:
        if self.journal is not None:
            self.journal.arrival_done(message.message_id)

    def _handle_kept_arrivals(self) -> None:
        """After a restart: the messages a server acknowledged before the crash, handled now
        as any arrival is (each step strikes its message off; one that cannot be handled is
        struck off here, as it would have been dropped on arrival)."""
        assert self.journal is not None
        for message_id, data in self.journal.arrivals():
            self.on_bytes(data)
            self.journal.arrival_done(message_id)

    def _on_fem(self, message: Message) -> None:
        """A functional error; the month-end one means "send it again after the window"."""
        from ...model.messages import FunctionalErrorMessage

        if not isinstance(message, FunctionalErrorMessage):
            return
        codes = {error.code.id for error in message.errors}
        target = message.metadata.response_to
        if target is None or not codes <= self.book.retry_later_codes:
            return
        item = self.outbox.items.get(target)
        if item is None:
            return
        now = self.clock.now()
        not_before = self.policy.month_end.end_of(now) if self.policy.month_end.contains(now) else now + self.outbox.backoff.wait(item.attempts, self.clock.rng.random())
        self.outbox.send_again(target, not_before)

    # -- as the requested state --------------------------------------------------------------
    def _on_req(self, request: RequestMessage) -> None:
        rng = self.clock.rng
        delay = self.profile.deadline_delay.draw(rng)
        rid = request.message_id
        if not self.is_national(request.person):
            self._plan(rid, delay, PlanKind.RESPOND, rid, self.policy.not_national_response)
            return
        if self.profile.deny_probability and rng.random() < self.profile.deny_probability:
            self._plan(rid, delay, PlanKind.RESPOND, rid, self.policy.denial_response)
            return
        self._plan(rid, delay, PlanKind.DEADLINE, rid)
        prints = request.fingerprints
        if prints is not None and prints.content is not None:
            self.fingerprints_received[prints.id] = prints.content
        elif prints is not None and self.fingerprint_mode == "pull":
            # Only the metadata came: ask for the file; the answer restarts the deadline.
            self._plan(rid, delay, PlanKind.PULL_FINGERPRINTS, rid)
            return
        self._plan_answer(request, request, self.clock.now() + delay)

    def _act_respond(self, plan: Plan, request: RequestMessage, _exchange: Exchange) -> None:
        self._respond(request, plan.arg)

    def _act_pull_fingerprints(self, _plan: Plan, request: RequestMessage, _exchange: Exchange) -> None:
        from ...model.common import AdditionalInformation

        if request.fingerprints is None:
            return
        self._asked.add(request.message_id)
        requested = (AdditionalInformation.FINGERPRINTS,)
        self.send(self._build(compose.additional_info_request, request, requested=requested, binary_id_requested=request.fingerprints.id))

    def _plan_answer(self, request: RequestMessage, source: Message, not_before: _dt.datetime) -> None:
        """Plan the answer to ``request`` about the person ``source`` names (the request, or
        the RAR that completed it), at ``not_before`` at the earliest."""
        at = self._answer_time(not_before)
        self._plan(request.message_id, at - self.clock.now(), PlanKind.ANSWER, request.message_id, str(source.message_id))

    def _answer_time(self, not_before: _dt.datetime) -> _dt.datetime:
        when = self.profile.answer_next_working_day_at
        if when is not None:
            day = self.working_days.next_working_day(self.clock.now().date())
            return max(not_before, _dt.datetime.combine(day, when, tzinfo=self.clock.now().tzinfo))
        return max(not_before, self.clock.now() + self.profile.answer_delay.draw(self.clock.rng))

    def _due(self, request: RequestMessage, since: _dt.datetime) -> _dt.date:
        return self.policy.rules.due(request.purpose_category.id, since, self.working_days)

    def _act_deadline(self, plan: Plan, request: RequestMessage, exchange: Exchange) -> None:
        received = _dt.datetime.fromisoformat(plan.arg) if plan.arg else exchange.started
        self.send(self._build(compose.deadline, request, self._due(request, received)))

    def _act_answer(self, plan: Plan, request: RequestMessage, _exchange: Exchange) -> None:
        from ...compose import ReplyOutcome
        from ...ids import MessageId

        source = self._messages.get(MessageId.parse(plan.arg), request)
        person = getattr(source, "person", None) or request.person
        asked = attrs.evolve(request, person=person) if person is not request.person else request
        decision = compose.decide(asked, self.register, self.reply_policy, today=self.clock.now().date())
        several = decision.outcome is ReplyOutcome.PROBLEM
        first_time = request.message_id not in self._asked
        found = decision.entry is not None
        if several or (found and first_time and self.profile.rai_probability and self.clock.rng.random() < self.profile.rai_probability):
            if first_time:
                self._asked.add(request.message_id)
                self.send(self._build(compose.additional_info_request, request, requested=_REQUESTED_IDENTITY))
                return
            if several:
                self._respond(request, self.policy.several_found_response)
                return
        if decision.outcome is ReplyOutcome.DENIAL:
            self._respond(request, self.policy.denial_response)
            return
        self._respond(request, decision.response_type, decision if found else None)

    def _respond(self, request: RequestMessage, response_type: str, decision: ReplyDecision | None = None) -> None:
        """Answer ``request`` once: with what ``decision`` found, or with none (a person not
        found, a denial, not a national...)."""
        from ...model.conviction import DecisionToSanctions, SanctionToOffences, SanctionToSanctions

        exchange = self._open(request.message_id)
        if exchange is None or request.message_id in self._answered:
            return
        self._answered.add(request.message_id)
        kept: list[Conviction] = list(decision.convictions) if decision is not None else []
        if self.policy.reply_detail == "sanctions-on-follow-up" and not self._is_follow_up(request):
            sanction_links = (DecisionToSanctions, SanctionToOffences, SanctionToSanctions)
            kept = [
                attrs.evolve(c, sanctions=(), relationships=tuple(r for r in c.relationships if not isinstance(r, sanction_links)))
                for c in kept
            ]
        response = self._build(
            compose.response,
            request,
            convictions=kept,
            response_type=response_type,
            person=decision.person if decision is not None else request.person,
            other_member_states=decision.other_member_states if decision is not None else (),
        )
        self.send(response)

    def _is_follow_up(self, request: RequestMessage) -> bool:
        """A request whose remarks name an earlier request this authority answered."""
        if request.remarks is None:
            return False
        from ...ids import MessageId

        named = {MessageId.parse(m) for m in _MESSAGE_ID_IN_TEXT.findall(str(request.remarks))}
        return any(m in self._answered for m in named)

    def _on_rar(self, message: Message) -> None:
        exchange = self.book.exchange_of(message.message_id)
        if exchange is None or exchange.direction is not Direction.INCOMING or exchange.finished:
            return
        from ...model.messages import RequestMessage

        request = exchange.messages[0]  # an incoming request exchange starts with its REQ
        if not isinstance(request, RequestMessage):
            return
        prints = getattr(message, "fingerprints", None)
        if prints is not None and prints.content is not None:
            self.fingerprints_received[prints.id] = prints.content
        # The period runs again from the RAR's receipt (FD Art. 8): a new RDL is due, and it
        # goes out before the answer, so the requester always learns the new date.
        now = self.clock.now()
        delay = self.profile.deadline_delay.draw(self.clock.rng)
        self._plan(request.message_id, delay, PlanKind.DEADLINE, request.message_id, now.isoformat())
        self._plan_answer(request, message, now + delay)

    # -- as the state of nationality ---------------------------------------------------------
    def _on_not(self, notification: Message) -> None:
        delay = self.profile.notification_delay.draw(self.clock.rng)
        self._plan(notification.message_id, delay, PlanKind.FILE, notification.message_id)

    def _act_file(self, _plan: Plan, notification: Any, _exchange: Exchange) -> None:
        if not self.is_national(notification.person):
            self.send(self._build(compose.notification_response, notification, response_type=self.policy.not_national_notification_response))
            return
        applied = self.register.apply_notification(notification)
        person = self.register.person(applied.entry) if applied.entry is not None else notification.person
        self.send(self._build(compose.notification_response, notification, response_type="NRT-00-00", person=person))

    # -- as a requester ----------------------------------------------------------------------
    def _on_rai(self, message: Message) -> None:
        exchange = self.book.exchange_of(message.message_id)
        if exchange is None or exchange.direction is not Direction.OUTGOING:
            return
        delay = self.profile.additional_info_delay.draw(self.clock.rng)
        self._plan(exchange.id, delay, PlanKind.ADDITIONAL_INFO, message.message_id)

    def _act_additional_info(self, _plan: Plan, message: Any, exchange: Exchange) -> None:
        person = self.identities.get(exchange.id) or getattr(exchange.messages[0], "person", None)
        wanted = getattr(message, "binary_id_requested", None)
        content = self.fingerprints_sent.get(wanted) if wanted is not None else None
        fields: dict[str, Any] = {}
        if content is not None:
            # The file asked for by ID, delivered in a push RAR.
            first = exchange.messages[0]
            fields = {"push": True, "fingerprints": attrs.evolve(first.fingerprints, content=content)}  # type: ignore[attr-defined]
        self.send(self._build(compose.additional_info_response, message, response_type="ART-00-00", person=person, **fields))

    # -- cancellations -----------------------------------------------------------------------
    def _stop_exchange(self, exchange: Exchange, *, keep: MessageId | None = None) -> None:
        """Drop the planned work on ``exchange`` and stop sending its undelivered messages."""
        for event in self._timers.pop(exchange.id, []):
            event.cancel()
        if self.journal is not None:
            self.journal.plans_drop(str(exchange.id))
        for sent in exchange.messages:
            if sent.sender == self.code and sent.message_id != keep:
                self.outbox.withdraw(sent.message_id)

    def _on_can(self, message: Message) -> None:
        target = message.metadata.response_to
        assert target is not None
        exchange = self.book.exchange_of(target)
        if exchange is not None:
            self._stop_exchange(exchange)
        if target.type.value == "NOT":
            self.register.apply_cancellation(message)  # type: ignore[arg-type]

    # -- stop and restart --------------------------------------------------------------------
    def stop(self) -> None:
        """Stop as a crashed or halted system would: leave the network, drop every planned
        action and retry (what is in the journal survives)."""
        for events in self._timers.values():
            for event in events:
                event.cancel()
        self._timers.clear()
        self.outbox.stop_timers()
        self.network.unregister(self.code)

    def _restore(self, journal: Journal) -> None:
        """Rebuild the book and what the register received from the journal, take back the
        undelivered outbox items, re-plan every pending action, and plan to handle the arrivals
        kept but not handled before the crash."""
        from ...ids import AttachmentId, MessageId

        for _code, message, at in journal.messages(self.code):
            self.book.record(message, at)
            self._messages.setdefault(message.message_id, message)
            mine = message.sender == self.code
            kind = message.message_id.type.value
            prints = getattr(message, "fingerprints", None)
            if prints is not None and prints.content is not None:
                (self.fingerprints_sent if mine else self.fingerprints_received)[prints.id] = prints.content
            if mine and kind == "RAI":
                self._asked.add(message.metadata.response_to)  # type: ignore[arg-type]
            elif mine and kind == "RRS":
                self._answered.add(message.metadata.response_to)  # type: ignore[arg-type]
            elif mine and kind == "NRS" and message.response_type.id == "NRT-00-00":  # type: ignore[attr-defined]
                self.register.apply_notification(self._messages[message.metadata.response_to])  # type: ignore[index, arg-type]
            elif not mine and kind == "CAN" and message.message_id in self.inbox.seen:
                target = message.metadata.response_to
                if target is not None and target.type.value == "NOT":
                    self.register.apply_cancellation(message)  # type: ignore[arg-type]
        for request_id, known in journal.identities():
            self.identities[MessageId.parse(request_id)] = known.person  # type: ignore[attr-defined]
        for attachment, content in journal.attachments():
            self.fingerprints_sent[AttachmentId.parse(attachment)] = content
        self.outbox.resume(journal.outbox_items())
        for plan in journal.plans():
            self._schedule(plan)
        if journal.arrivals():  # acknowledged before a crash, not handled yet
            self.clock.schedule(_dt.timedelta(0), self._handle_kept_arrivals, "kept-arrivals")
