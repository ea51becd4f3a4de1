"""``ecrislib demo``: the case that motivates the project, message by message.

A UK central authority asks Romania for the record of a Romanian national stopped in Derby for
driving without insurance; Romania answers the next day with two convictions from 1995. The
demo builds both messages with the model, writes them as ECRIS XML, reads them back, checks
that nothing changed, and prints what the UK side learns. Everything is deterministic: fixed
clock, sequential IDs. The people are fictional.
"""

from __future__ import annotations

import datetime as _dt
import sys
from pathlib import Path
from typing import TextIO

from .clock import FixedClock
from .ids import SequentialIds
from .model import common as cm
from .model import conviction as cv
from .model import messages as ms
from .model.common import MultilingualText
from .testing import factories
from .xml.codec import SerializeOptions, parse, serialize

__all__ = ["build_exchange", "run"]

_STOPPED_AT = _dt.datetime(2026, 1, 5, 14, 20, tzinfo=_dt.timezone.utc)


def build_exchange() -> list[ms.Message]:
    """The request and its response, as model objects."""
    ids = SequentialIds(start=4201)
    person = factories.person(forename="Andrei", surname="Testoveanu", birth_date=cm.PartialDate(1974, 2, 11))
    request = factories.request(
        sender="GB",
        receiver="RO",
        person=person,
        purpose="Criminal proceedings: driving without insurance, Derby",
        authority="Derbyshire Constabulary",
        ids=ids,
        clock=FixedClock(_STOPPED_AT),
    )
    child_assault = factories.offence(
        1, category="O-00-101100", title="Agresiune sexuală asupra unui minor", legal_provisions="Art. 198 Cod penal (1968)"
    )
    murder = factories.offence(2, category="O-00-080100", title="Omor", legal_provisions="Art. 174 Cod penal (1968)")
    prison = factories.sanction(1, title="Închisoare", years=16)
    conviction = factories.conviction(
        country="RO",
        number=199500017,
        decision_date=_dt.date(1995, 11, 20),
        court="Tribunalul Brașov",
        offences=[child_assault, murder],
        sanctions=[prison],
    )
    response = factories.request_response(
        request,
        convictions=[conviction],
        ids=ids,
        clock=FixedClock(_STOPPED_AT + _dt.timedelta(hours=20)),
        remarks=MultilingualText.of("Persoana a fost identificată după data și locul nașterii.", "ro"),
    )
    return [request, response]


def _label(code: str) -> str:
    """The English label of a code when the code tables are available, else the code."""
    try:
        from .codes import bundled
    except ImportError:  # the code tables are optional for the demo
        return code
    try:
        label = bundled().label(code, "en")
    except Exception:  # noqa: BLE001 - a missing label must not stop the demo
        return code
    text = getattr(label, "text", None) or (label if isinstance(label, str) else None)
    return f"{text} ({code})" if text else code


def _describe(message: ms.Message, out: TextIO) -> None:
    answer = f", answering {message.metadata.response_to}" if message.metadata.response_to else ""
    out.write(f"{message.metadata.timestamp}  {message.sender} -> {message.receiver}  {message.ROOT} {message.message_id}{answer}\n")
    if isinstance(message, ms.RequestMessage):
        out.write(f"    purpose: {message.purpose} [{message.purpose_category}]\n")
        out.write(f"    requesting authority: {message.requesting_authority.name}\n")
    if isinstance(message, ms.RequestResponseMessage):
        out.write(f"    response type: {_label(message.response_type.id)}\n")
        for conviction in message.convictions:
            _describe_conviction(conviction, out)


def _describe_conviction(conviction: cv.Conviction, out: TextIO) -> None:
    out.write(
        f"    conviction {conviction.id}: {conviction.deciding_authority.name} "
        f"({conviction.deciding_authority.name.original.language}), {conviction.decision_date.isoformat()}\n"
    )
    for offence in conviction.offences:
        title = offence.national_title.original
        out.write(f"      offence {offence.id}: {_label(offence.common_category.id)}; national title [{title.language}] {title.value}\n")
    for sanction in conviction.sanctions:
        period = sanction.sentenced_period.duration if sanction.sentenced_period else None
        out.write(f"      sanction {sanction.id}: {_label(sanction.common_category.id)}" + (f", {period}" if period else "") + "\n")


def run(out_dir: Path | None = None, show_xml: bool = False, stream: TextIO = sys.stdout) -> int:
    """Build, write, read back and describe the exchange; 0 when every round trip is exact."""
    failures = 0
    for message in build_exchange():
        data = serialize(message)
        again = parse(data)
        same = again == message and serialize(again) == data
        failures += not same
        _describe(message, stream)
        stream.write(f"    {len(data)} bytes of ECRIS XML; read back {'unchanged' if same else 'WITH DIFFERENCES'}\n")
        if out_dir is not None:
            out_dir.mkdir(parents=True, exist_ok=True)
            path = out_dir / f"{message.message_id}.xml"
            path.write_bytes(serialize(message, SerializeOptions(pretty=True)))
            stream.write(f"    written to {path}\n")
        if show_xml:
            stream.write(serialize(message, SerializeOptions(pretty=True)).decode("utf-8"))
    stream.write("round trips: " + ("all exact\n" if not failures else f"{failures} changed\n"))
    return 1 if failures else 0
