"""Any message survives its SOAP envelope: written, then read back by the hardened parser with
its own action, it is the same message; with any other operation's action it is refused.
(Generated messages are large: a few examples by default, many with ECRISLIB_SLOW=1.)"""

from __future__ import annotations

import pytest
from hypothesis import given, settings

import ecrislib
from ecrislib.soap.envelope import SoapFault, action_of, envelope, read_envelope
from ecrislib.testing import strategies
from ecrislib.transport import OPERATIONS

from tests.support.soap_kit import GOLDEN

EXAMPLES = max(1, settings().max_examples // 3)  # a fraction of the profile's (tests/conftest.py)


@settings(max_examples=EXAMPLES)
@given(strategies.messages())
def test_generated_messages_survive_the_envelope(message) -> None:  # type: ignore[no-untyped-def]
    assert read_envelope(envelope(message), action=action_of(message.ROOT)) == message


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.name)
def test_golden_messages_survive_the_envelope_and_only_their_action(path) -> None:  # type: ignore[no-untyped-def]
    message = ecrislib.parse(path.read_bytes())
    data = envelope(message)
    assert read_envelope(data, action=action_of(message.ROOT)) == message
    for root in OPERATIONS:
        if root != message.ROOT:
            with pytest.raises(SoapFault) as caught:
                read_envelope(data, action=action_of(root))
            assert (caught.value.code, caught.value.status) == ("Sender", 400)
