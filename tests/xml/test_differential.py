"""The differential test: mutants of the golden files and of generated messages, checked
against the strict validator (xmlschema on our XSD, following XSD 1.0) for the four
properties of :mod:`differential`. A bounded run in the default suite; ``ECRISLIB_SLOW=1``
runs at least 5,000 mutants and prints the tally."""

from __future__ import annotations

import os
import random
from pathlib import Path

from tests.support.differential import Tally, check
from tests.support.peer_mutations import mutants

import ecrislib
from ecrislib.testing import factories
from ecrislib.validation import xsd

GOLDEN = sorted((Path(__file__).resolve().parent.parent / "data" / "valid").glob("*.xml"))
SLOW = os.environ.get("ECRISLIB_SLOW") == "1"


def _generated() -> list[tuple[str, bytes]]:
    request = factories.request()
    notification = factories.notification()
    made = {
        "generated-request": request,
        "generated-notification": notification,
        "generated-request-response": factories.request_response(request, convictions=[factories.conviction()]),
        "generated-notification-response": factories.notification_response(notification),
        "generated-functional-error": factories.functional_error(notification, "FE-00001"),
        "generated-is-alive": factories.is_alive(),
    }
    return [(name, ecrislib.serialize(message)) for name, message in made.items()]


def _sources() -> list[tuple[str, bytes]]:
    return [(path.name, path.read_bytes()) for path in GOLDEN] + _generated()


def _run(per_source: int, seed: int) -> Tally:
    tally = Tally()
    rng = random.Random(seed)
    schema = xsd.xmlschema_schema()
    for name, data in _sources():
        for mutant in mutants(data, rng, per_source, schema):
            check(mutant, tally, name)
    return tally


def test_differential() -> None:
    """A bounded run (about 80 mutants, seconds) by default; >= 5,000 mutants with
    ``ECRISLIB_SLOW=1``, which also prints the tally (kinds, disagreements and who is right)."""
    if SLOW:
        tally = _run(per_source=140, seed=2026)
        print("\n" + tally.summary())
        for kind, count in sorted(tally.kinds.items()):
            print(f"  {kind}: {count}")
        assert tally.total >= 5000
    else:
        tally = _run(per_source=2, seed=8)
        assert tally.total >= 70
    assert tally.valid and tally.invalid, tally.summary()
    assert not tally.failures, "\n".join(tally.failures[:40])
