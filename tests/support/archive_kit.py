"""Archives for the archive tests, built from the simulated ECRIS network.

``simulate(requests, notifications)`` runs a few member states with faults (loss,
duplication, reordering), a manual state that asks for more information, a late one, requests
with an unknown purpose code (answered by a FEM), notification updates and deletions, and stops
the clock before everything is answered (so some requests are overdue). The network's own record
(``network.events``) is what the tests count from, independently of the index.
"""

from __future__ import annotations

import datetime as dt
import io
import tarfile
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ecrislib.model.common import PartialDate, YesNoUnknown
from ecrislib.testing import factories
from ecrislib.transport import PROFILES, Authority, Policy
from ecrislib.transport import VirtualClock
from ecrislib.transport import FaultPlan, LinkFaults
from ecrislib.transport import MemoryNetwork
from ecrislib.xml.codec import serialize

STATES = ("DE", "FR", "PL", "RO", "ES", "NL")
START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.timezone.utc)
#: planted in every simulated person and free text: none may reach the index
CANARY_FORENAME = "Qzcanaryforename"
CANARY_SURNAME = "Qzcanarysurname"
CANARY_BIRTH = PartialDate(1913, 7, 13)
CANARY_IDENTITY = "QZID4242424242"
CANARY_TEXT = "Qzcanary free text about the case"
CANARIES = (CANARY_FORENAME, CANARY_SURNAME, CANARY_IDENTITY, CANARY_TEXT, "Qzcanary", "1913-07-13")


def simulate(requests: int, notifications: int, seed: int = 7) -> dict[str, Any]:
    clock = VirtualClock(START, seed=seed)
    rng = clock.rng
    faults = FaultPlan(default=LinkFaults(loss=0.05, duplication=0.05, reorder=0.2, extra_delay=dt.timedelta(seconds=20)))
    network = MemoryNetwork(clock, faults=faults, keep_messages=True)
    authorities: dict[str, Authority] = {}
    people: dict[str, list[Any]] = {}
    for number, code in enumerate(STATES):
        profile = PROFILES["manual"] if code == "RO" else PROFILES["late"] if code == "PL" else PROFILES["automated"]
        authority = Authority(code, network, Policy(profile=profile))
        pool = []
        for n in range(12):
            person = factories.person(
                forename=f"{CANARY_FORENAME}{chr(65 + n)}", surname=f"{CANARY_SURNAME}{code.lower()}",
                birth_date=CANARY_BIRTH, nationalities=(factories.COUNTRY_OF_MEMBER_STATE[code],),
                identity_number=CANARY_IDENTITY,
            )
            convictions = [factories.conviction(country=code, number=n + 1, court=CANARY_TEXT)] if n % 3 == 0 else []
            authority.register.add_person(person, convictions)
            pool.append(person)
        authorities[code] = authority
        people[code] = pool
    spread = dt.timedelta(days=40).total_seconds()

    def ask(sender: str, receiver: str, person: Any, purpose: str) -> None:
        authorities[sender].request(person, receiver, purpose_category=purpose, remarks=factories.text(CANARY_TEXT))

    for n in range(requests):
        sender, receiver = rng.sample(STATES, 2)
        purpose = "P-00-009999" if n % 25 == 0 else ("P-00-001001" if n % 2 else "P-00-002001")
        person = rng.choice(people[receiver])
        if n % 25 == 0:  # born in the future: breaks a business rule, answered by a FEM
            person = factories.person(forename=CANARY_FORENAME, surname=CANARY_SURNAME, birth_date=PartialDate(2031, 1, 1))
        clock.schedule(dt.timedelta(seconds=rng.random() * spread), lambda s=sender, r=receiver, p=person, u=purpose: ask(s, r, p, u), "ask")

    def notify(sender: str, receiver: str, n: int) -> None:
        person = rng.choice(people[receiver])
        conviction = factories.conviction(country=sender, number=1000 + n, court=CANARY_TEXT)
        sent = authorities[sender].notify(person, conviction, receiver)
        if n % 4 == 0:
            delete = YesNoUnknown.YES if n % 8 == 0 else YesNoUnknown.NO
            update = factories.notification_update(sent, delete_from_register=delete, ids=authorities[sender].ids, clock=clock)
            clock.schedule(dt.timedelta(days=2), lambda: authorities[sender].send(update), "update")

    for n in range(notifications):
        sender, receiver = rng.sample(STATES, 2)
        clock.schedule(dt.timedelta(seconds=rng.random() * spread), lambda s=sender, r=receiver, k=n: notify(s, r, k), "notify")
    # Stop before the last requests are answered: the archive is a snapshot with open requests.
    clock.run_until(START + dt.timedelta(days=44))
    return {"clock": clock, "network": network, "authorities": authorities}


def delivered(network: MemoryNetwork) -> list[Any]:
    """Each delivered message once, in delivery order: the archive of the whole network."""
    seen: set[str] = set()
    out = []
    for message in network.messages("delivered"):
        key = str(message.message_id)
        if key not in seen:
            seen.add(key)
            out.append(message)
    return out


def member_name(message: Any) -> str:
    return f"{message.metadata.timestamp.text[:7]}/{message.message_id}.xml"


def write_zip(path: Path, items: Iterable[tuple[str, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in items:
            archive.writestr(name, data)
    return path


def write_tar(path: Path, items: Iterable[tuple[str, bytes]], mode: str = "w:gz") -> Path:
    with tarfile.open(path, mode) as archive:
        for name, data in items:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def write_folder(path: Path, items: Iterable[tuple[str, bytes]]) -> Path:
    for name, data in items:
        target = path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return path


def xml_items(messages: Iterable[Any]) -> list[tuple[str, bytes]]:
    return [(member_name(m), serialize(m)) for m in messages]
