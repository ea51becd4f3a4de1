"""``ecrislib demo``: the case that motivates the project, end to end on the in-memory network.

A UK central authority asks Romania for the record of a Romanian national stopped in Derby for
driving without insurance (purpose: criminal proceedings). Romania's simulated authority
announces its legal deadline (10 working days on Romania's calendar) and answers on its next
working day with two convictions from 1995, coded in the common tables (child sexual assault
O-00-101100, murder O-00-080100) with Romanian free text. In ECRIS v1.0 there is no message
to ask a follow-up question about a conviction (RAI is for identity data, sent by the
requested state), so the UK sends a further request whose remarks refer to the first one, and
receives the sentences: imprisonment (S-00-001001), 16 years. Every message travels as ECRIS
XML, is validated, and can be written to a folder. Virtual time, sequential IDs and a fixed
seed make the output the same at every run. The people are fictional.
"""

from __future__ import annotations

import datetime as _dt
import sys
from pathlib import Path
from typing import TextIO

__all__ = ["run", "build_network", "START"]

#: When the driver is stopped in Derby (a Monday).
START = _dt.datetime(2026, 1, 5, 14, 20, tzinfo=_dt.timezone.utc)
SEED = 2012  # ECRIS went live in April 2012


def _conviction(number: int, decided: _dt.date, offence: tuple[str, str, str], sanction: tuple[str, int], remarks: str | None = None):  # type: ignore[no-untyped-def]
    """A Romanian conviction of the Brașov court: one decision, one offence (common category,
    national title, legal provisions), one sentence of imprisonment (its title, years)."""
    from .ids import ConvictionId, DecisionId, OffenceId, SanctionId
    from .model import common as cm
    from .model import conviction as cv
    from .model import references as rf

    def ro(text: str) -> cm.MultilingualText:
        return cm.MultilingualText.of(text, "ro")

    category, title, provisions = offence
    sanction_title, years = sanction
    no = cm.YesNoUnknown.NO
    return cv.Conviction(
        id=ConvictionId("RO", number),
        convicting_country=rf.CountryRef("CO-00-642-ROU"),
        decision_date=decided,
        decision_final_date=decided + _dt.timedelta(days=30),
        deciding_authority=cv.DecidingAuthority(name=ro("Tribunalul Brașov")),
        file_number=f"{number}/{decided.year}",
        non_criminal_ruling=no,
        is_transmittable=cm.YesNoUnknown.YES,
        remarks=ro(remarks) if remarks else None,
        decisions=(cv.Decision(id=DecisionId(1), date=decided, delete_from_register=no),),
        offences=(
            cv.Offence(
                id=OffenceId(1),
                national_title=ro(title),
                common_category=rf.OffenceCategoryRef(category),
                legal_provisions=provisions,
                is_continuous=no,
                responsibility_exemption=no,
                recidivism=no,
            ),
        ),
        sanctions=(
            cv.Sanction(
                id=SanctionId(1),
                national_title=ro(sanction_title),
                nature=rf.SanctionNatureRef("N-00-0"),
                common_category=rf.SanctionCategoryRef("S-00-001001"),
                specific_to_minor=no,
                sentenced_period=cv.SentencedPeriod(duration=cm.Duration.of(years=years), duration_exact=cm.YesNoUnknown.YES),
            ),
        ),
        relationships=(
            cv.DecisionToSanctions(decision=DecisionId(1), sanctions=(SanctionId(1),)),
            cv.SanctionToOffences(sanction=SanctionId(1), offences=(OffenceId(1),)),
        ),
    )


def build_network(seed: int = SEED, network=None):  # type: ignore[no-untyped-def]
    """The clock, network and the two authorities of the demo, Romania's register loaded.
    ``network``: any transport with a ``clock`` to build them on (default: in memory)."""
    from .ids import SequentialIds
    from .model import common as cm
    from .model import person as pe
    from .model import references as rf
    from .transport import Authority, Delay, Policy, Profile
    from .transport.wire.clock import VirtualClock
    from .transport.wire.memory import MemoryNetwork

    if network is None:
        network = MemoryNetwork(VirtualClock(START, seed=seed), latency=_dt.timedelta(seconds=3))
    clock = network.clock
    uk = Authority("GB", network, Policy(languages=("en",), requesting_authority="Derbyshire Constabulary"), ids=SequentialIds(start=4201))
    bureau = Profile(name="RO bureau", deadline_delay=Delay(median=_dt.timedelta(minutes=4)), answer_next_working_day_at=_dt.time(9, 30))
    ro = Authority("RO", network, Policy(profile=bureau, languages=("ro", "en"), reply_detail="sanctions-on-follow-up"), ids=SequentialIds(start=7301))
    person = pe.Person(
        name=pe.PersonName(cm.Name("Andrei", "ro"), cm.Name("Testoveanu", "ro")),
        sex=cm.Sex.MALE,
        birth_date=cm.PartialDate(1974, 2, 11),
        birth_place=pe.Place(country=rf.CountryRef("CO-00-642-ROU"), town_name=cm.MultilingualText.of("Brașov", "ro")),
        nationalities=(rf.CountryRef("CO-00-642-ROU"),),
    )
    assault = _conviction(199500017, _dt.date(1995, 6, 12), ("O-00-101100", "Agresiune sexuală asupra unui minor", "Art. 198 Cod penal (1968)"), ("Închisoare", 7))
    murder = _conviction(
        199500243,
        _dt.date(1995, 11, 20),
        ("O-00-080100", "Omor", "Art. 174 Cod penal (1968)"),
        ("Închisoare (pedeapsă rezultantă)", 16),
        remarks="Pedeapsa rezultantă include pedeapsa din dosarul 199500017/1995.",
    )
    ro.register.add_person(person, [assault, murder])
    return clock, network, uk, ro, person


def _when(at: _dt.datetime) -> str:
    return at.strftime("%a %d %b %Y %H:%M UTC")


def _render(message: object, lang: str) -> tuple[str, bool]:
    try:
        import ecrislib

        return ecrislib.render(message, lang=lang), True  # type: ignore[arg-type]
    except ImportError:  # rendering not installed: a plain listing
        return repr(message), False


def _deadline(uk: object, exchange_id: object) -> str:
    exchange = uk.exchange(exchange_id)  # type: ignore[attr-defined]
    return "no deadline" if exchange.deadline is None else str(exchange.deadline.date)


def _indented(text: str) -> str:
    return "".join(f"    {line}\n" if line else "\n" for line in text.splitlines())


def _sentences(message: object, lang: str) -> list[str]:
    """``O-00-080100 Intentional killing: 16 years (P16Y)``: each conviction's sentences in words."""
    from .codes import bundled
    from .rendering.l10n import format_duration_parts

    tables = bundled()
    lines = []
    for conviction in getattr(message, "convictions", ()):
        offences = ", ".join(tables.label(o.common_category.id, lang).text for o in conviction.offences if o.common_category)
        for sanction in conviction.sanctions:
            period = sanction.sentenced_period
            if period is None or period.duration is None:
                continue
            duration = period.duration
            words = format_duration_parts(duration.years, duration.months, duration.days, lang)
            category = tables.label(sanction.common_category.id, lang).text if sanction.common_category else "-"
            lines.append(f"{conviction.id} ({offences}): {category}, {words} ({duration})")
    return lines


def run(out_dir: Path | None = None, show_xml: bool = False, stream: TextIO | None = None, http: bool = False) -> int:
    """Run the exchange and tell it: the timeline with its deadlines, what the UK reads in English
    (the coded first answer, then the details) and what Romania's clerk reads in Romanian (the
    UK's follow-up request); 0 when every message was valid and read back unchanged. ``http``: over real SOAP 1.2 on loopback, one HTTP server
    per country (needs ``ecrislib[soap]``)."""
    if stream is None:  # looked up at each call: sys.stdout may be replaced after import
        stream = sys.stdout
    if http:
        from .soap.demo_http import loopback
        from .transport.wire.clock import VirtualClock

        with loopback(build_network, VirtualClock(START, seed=SEED)) as (clock, driver, uk, ro, person):
            return _run(clock, driver, uk, ro, person, out_dir, show_xml, stream, lambda: [e.message for e in uk.book.entries], "SOAP 1.2 over loopback HTTP")
    clock, network, uk, ro, person = build_network()
    return _run(clock, clock, uk, ro, person, out_dir, show_xml, stream, lambda: list(network.messages("delivered")), "ECRIS XML")


def _run(clock, driver, uk, ro, person, out_dir, show_xml, stream, exchanged, wire) -> int:  # type: ignore[no-untyped-def]
    """The demo on a built network; ``driver`` runs it (``run_until``, ``run_until_idle``)."""
    import ecrislib
    from .transport.workflow.conversations import Direction
    from .xml.codec import SerializeOptions, parse, serialize

    first = uk.request(
        person,
        "RO",
        purpose="Criminal proceedings: driving without insurance, Derby",
    )
    driver.run_until(lambda: uk.exchange(first.message_id).finished)
    answer = uk.book.history(exchange=first.message_id, type="RRS")[0]
    clock.advance(_dt.timedelta(hours=1))
    follow_up = uk.request(
        person,
        "RO",
        purpose="Criminal proceedings: driving without insurance, Derby",
        remarks=(f"Further to our request {first.message_id} and your reply {answer.message_id}: please send the details of the sentences."),
    )
    driver.run_until_idle()
    final = uk.book.history(exchange=follow_up.message_id, type="RRS")[0]
    received = ro.book.history(exchange=follow_up.message_id, type="REQ") or uk.book.history(exchange=follow_up.message_id, type="REQ")

    stream.write("ECRIS demo: the United Kingdom asks Romania for a Romanian national's record\n\n")
    stream.write(
        "A Romanian national is stopped in Derby for driving without insurance. The UK central\n"
        "authority asks Romania for his record. Romania answers with the convictions coded in the\n"
        "common tables (what, when, where) but not the sentences; ECRIS v1.0 has no message to ask a\n"
        "question about a reply, so the UK sends a second request that refers to the first, and\n"
        "Romania's answer to it brings the details. The people are fictional.\n\n"
    )
    stream.write("Timeline (as the UK central authority saw it)\n")
    for entry in uk.book.entries:
        message = entry.message
        arrow = "sent" if entry.direction is Direction.OUTGOING else "received"
        extra = ""
        if message.message_id.type.value == "RDL":
            extra = f"  deadline {message.deadline.isoformat()}"
        if message.message_id.type.value == "RRS":
            extra = f"  {len(message.convictions)} conviction(s), {message.response_type}"
        stream.write(f"  {_when(entry.at)}  {message.sender} -> {message.receiver}  {message.ROOT} {message.message_id} ({arrow}){extra}\n")
    stream.write("\nDeadlines\n")
    for exchange_id in (first.message_id, follow_up.message_id):
        exchange = uk.exchange(exchange_id)
        deadline = exchange.deadline.date if exchange.deadline else None
        stream.write(f"  exchange {exchange_id}: {exchange.state}, legal deadline {deadline} (10 working days on Romania's calendar)\n")
    holidays = [d for d in (START.date() + _dt.timedelta(days=i) for i in range(1, 4)) if d.weekday() < 5 and not ro.working_days.is_working_day(d)]
    if holidays:
        stream.write("  public holidays in Romania skipped: " + ", ".join(d.isoformat() for d in holidays) + "\n")

    steps = [
        (f"1. The UK asks Romania ({first.message_id}); Romania's deadline notice gives {_deadline(uk, first.message_id)}.", None, ""),
        (f"2. Romania answers with the coded convictions ({answer.message_id}). What the UK reads, in English:", answer, "en"),
        (
            f"3. The UK asks for the details ({follow_up.message_id}), referring to the first exchange; "
            f"deadline {_deadline(uk, follow_up.message_id)}.",
            None,
            "",
        ),
        (f"4. What Romania's clerk reads: the UK's follow-up request ({follow_up.message_id}), in Romanian:", received[0], "ro"),
        (f"5. The detailed answer arrives ({final.message_id}). What the UK reads, in English:", final, "en"),
    ]
    all_rendered = True
    for title, message, lang in steps:
        stream.write(f"\n{title}\n")
        if message is None:
            continue
        text, rendered = _render(message, lang)
        all_rendered = all_rendered and rendered
        stream.write("\n" + _indented(text))
    stream.write("\nThe sentences, in words (from the detailed answer)\n")
    for line in _sentences(final, "en"):
        stream.write(f"  {line}\n")
    if not all_rendered:
        stream.write("(ecrislib.render is not available: plain listings shown)\n")

    failures = 0
    delivered = exchanged()
    for message in delivered:
        data = serialize(message)
        same = parse(data) == message
        valid = ecrislib.validate(data).ok
        failures += (not same) + (not valid)
        if out_dir is not None:
            out_dir.mkdir(parents=True, exist_ok=True)
            (out_dir / f"{message.message_id}.xml").write_bytes(serialize(message, SerializeOptions(pretty=True)))
        if show_xml:
            stream.write(serialize(message, SerializeOptions(pretty=True)).decode("utf-8"))
    stream.write(f"\nmessages: {len(delivered)} exchanged as {wire}; " + ("all valid, all round trips exact\n" if not failures else f"{failures} problems\n"))
    if out_dir is not None:
        stream.write(f"written to {out_dir}\n")
    return 1 if failures else 0
