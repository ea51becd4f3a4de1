"""HTTP 202 is the ECRIS receipt: once a served authority has answered it, the message must
survive the receiver's crash. The sender marks it delivered on the 202 and never sends it
again, so a receiver that only queued it in memory would lose it for good.

Each side is its own :class:`ServedAuthorities` (its own server, driver and journal), as two
countries' systems are. The receiver's driver never runs before the "crash": the receiver
has answered 202 and done nothing else. It is then dropped and started again on the same
journal, as a restarted process would be.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ecrislib.ids import MessageType
from ecrislib.soap.network import ServedAuthorities
from ecrislib.soap.partners import Partners
from ecrislib.testing import factories
from ecrislib.transport import Authority, Journal, OutboxStatus, VirtualClock

START = dt.datetime(2026, 2, 2, 9, 0, tzinfo=dt.timezone.utc)


def _served(code: str, journal: Journal, partners: Partners | None = None) -> ServedAuthorities:
    return ServedAuthorities(
        [code],
        VirtualClock(START, seed=5),
        partners=partners,
        make_authority=lambda c, transport: Authority(c, transport, journal=journal),
    )


def _requests_received(authority: Authority) -> int:
    return sum(1 for message_id in authority.inbox.seen if message_id.type is MessageType.REQ)


def test_a_message_answered_202_survives_the_receivers_crash(tmp_path: Path) -> None:
    receiver_journal = Journal(tmp_path / "RO.sqlite")
    receiver = _served("RO", receiver_journal).start()
    sender_journal = Journal(tmp_path / "GB.sqlite")
    sender = _served("GB", sender_journal, Partners.of({"RO": receiver.url("RO")})).start()
    try:
        gb = sender.authorities["GB"]
        gb.request(factories.person(), "RO")
        # the sender runs until the receiver's 202 made its outbox call the request delivered
        sender.run_until(lambda: bool(gb.outbox.in_status(OutboxStatus.DELIVERED)), timeout=20)
    finally:
        receiver.stop()  # the crash: the receiver's driver never ran
        receiver_journal.close()
    try:
        again_journal = Journal(tmp_path / "RO.sqlite")
        again = _served("RO", again_journal, Partners.of({"GB": sender.url("GB")})).start()
        try:
            ro = again.authorities["RO"]
            again.run_until(lambda: _requests_received(ro) == 1, timeout=20)
            again.driver.run_until_idle()
            assert _requests_received(ro) == 1
            assert again_journal.arrivals() == []  # handled, and struck off in that step
        finally:
            again.stop()
            again_journal.close()
        # and started once more, it does not process the request a second time
        third_journal = Journal(tmp_path / "RO.sqlite")
        third = _served("RO", third_journal).start()
        try:
            ro = third.authorities["RO"]
            third.driver.run_until_idle()
            requests = [m for _c, m, _a in third_journal.messages("RO") if m.message_id.type is MessageType.REQ]
            assert len(requests) == 1
            assert _requests_received(ro) == 1
        finally:
            third.stop()
            third_journal.close()
    finally:
        sender.stop()
        sender_journal.close()
