"""Identifier rules: a conviction ID names the member state that convicted."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Final

from ...codes.member_states import MEMBER_STATES, UNKNOWN_MEMBER_STATE, member_state_country
from ..findings import Finding
from .base import Check, Context, child, text_of

__all__ = ["CHECKS", "READS"]


def conviction_country(ctx: Context) -> Iterator[Finding]:
    for id_element in ctx.all("ConvictionID"):
        parent = id_element.getparent()
        if parent is None:
            continue
        conviction_id = text_of(id_element)
        country = text_of(child(parent, "ConvictionConvictingCountryReference"))
        if not conviction_id or not country or len(conviction_id) < 2:
            continue
        state = conviction_id[:2]
        if state in MEMBER_STATES or state == UNKNOWN_MEMBER_STATE:
            expected = member_state_country(state)
            if expected == country:
                continue
        yield Finding(
            "ECRIS-R-020",
            id_element,
            "the ConvictionID's member-state prefix does not stand for the ConvictionConvictingCountryReference",
            value=f"{conviction_id} / {country}",
        )


CHECKS: Final[Mapping[str, Check]] = {"ECRIS-R-020": conviction_country}

#: The indexed elements each check reads; with none of them in the message it finds nothing.
READS: Final[Mapping[Check, frozenset[str]]] = {conviction_country: frozenset({"ConvictionID"})}
