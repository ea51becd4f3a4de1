"""Correlation rules: ID type per root, ResponseTo types, mirrored sender and receiver."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Final

from ...ids import ANSWERS
from ..findings import Finding
from .base import Check, Context, parse_message_id

__all__ = ["CHECKS", "READS", "RESPONSE_TO_ALLOWED"]

#: Which message types each answering type may answer (ECRIS-R-002): the table of
#: ``ecrislib.ids.ANSWERS``, by type code.
RESPONSE_TO_ALLOWED: Final[Mapping[str, frozenset[str]]] = {
    answering.value: frozenset(kind.value for kind in answered) for answering, answered in ANSWERS.items()
}


def id_type_matches_root(ctx: Context) -> Iterator[Finding]:
    parsed = parse_message_id(ctx.message_id)
    expected = ctx.type_code
    if parsed is None or expected is None or parsed[2] == expected:
        return
    yield Finding(
        "ECRIS-R-001",
        ctx.first("MessageMetaDataMessageID"),
        f"the MessageID of a {ctx.root_name} must carry the type code {expected}, not another one",
        value=ctx.message_id,
    )


def response_to_type(ctx: Context) -> Iterator[Finding]:
    allowed = RESPONSE_TO_ALLOWED.get(ctx.type_code or "")
    parsed = parse_message_id(ctx.response_to)
    if allowed is None or parsed is None or parsed[2] in allowed:
        return
    yield Finding(
        "ECRIS-R-002",
        ctx.first("MessageMetaDataResponseTo"),
        f"a {ctx.root_name} may answer only a message of type {', '.join(sorted(allowed))}",
        value=ctx.response_to,
    )


def parties_mirror(ctx: Context) -> Iterator[Finding]:
    own = parse_message_id(ctx.message_id)
    answered = parse_message_id(ctx.response_to)
    if own is None or answered is None or ctx.type_code not in RESPONSE_TO_ALLOWED:
        return
    if ctx.type_code == "CAN":
        if (own[0], own[1]) != (answered[0], answered[1]):
            yield Finding(
                "ECRIS-R-003",
                ctx.first("MessageMetaDataResponseTo"),
                "a cancellation goes from the sender of the cancelled message to its receiver: "
                "sender and receiver in MessageID and ResponseTo must be the same",
                value=f"{ctx.message_id} / {ctx.response_to}",
            )
    elif (own[0], own[1]) != (answered[1], answered[0]):
        yield Finding(
            "ECRIS-R-003",
            ctx.first("MessageMetaDataResponseTo"),
            "an answer goes back to the sender of the answered message: the MessageID's sender "
            "must be the ResponseTo's receiver and its receiver the ResponseTo's sender",
            value=f"{ctx.message_id} / {ctx.response_to}",
        )


def answered_message(ctx: Context) -> Iterator[Finding]:
    expected = ctx.options.answered_message
    if expected is None or ctx.response_to is None or ctx.response_to == expected:
        return
    yield Finding(
        "ECRIS-R-004",
        ctx.first("MessageMetaDataResponseTo"),
        "ResponseTo does not name the message this one is said to answer",
        value=ctx.response_to,
    )


CHECKS: Final[Mapping[str, Check]] = {
    "ECRIS-R-001": id_type_matches_root,
    "ECRIS-R-002": response_to_type,
    "ECRIS-R-003": parties_mirror,
    "ECRIS-R-004": answered_message,
}

#: The indexed elements each check reads; with none of them in the message it finds nothing.
READS: Final[Mapping[Check, frozenset[str]]] = {
    id_type_matches_root: frozenset({"MessageMetaDataMessageID"}),
    response_to_type: frozenset({"MessageMetaDataResponseTo"}),
    parties_mirror: frozenset({"MessageMetaDataMessageID", "MessageMetaDataResponseTo"}),
    answered_message: frozenset({"MessageMetaDataResponseTo"}),
}
