"""Which values the reader keeps between messages: code-table references, enumerations and the
local IDs of decisions, offences and sanctions, never a value that could say something of a
person (names, texts, dates, numbers, message and conviction IDs)."""

from __future__ import annotations

import enum
from typing import Any

from tests.support.codec_tables import every_codec

from ecrislib import ids
from ecrislib.model import references as rf
from ecrislib.xml import names
from ecrislib.xml.binding import Leaf

_LOCAL_IDS = (ids.DecisionId, ids.OffenceId, ids.SanctionId)


def _what_it_makes(leaf: Leaf) -> Any:
    """The class a leaf's values are: a classmethod's class, the class itself, or the
    enumeration an enumeration leaf's parse function closes over."""
    parse: Any = leaf.parse
    if isinstance(parse, type):
        return parse
    if hasattr(parse, "__self__"):
        return parse.__self__
    cells = [cell.cell_contents for cell in parse.__closure__ or ()]
    return next((cell for cell in cells if isinstance(cell, enum.EnumMeta)), parse)


def test_only_codes_enumerations_and_local_ids_are_kept() -> None:
    cached = [codec for codec in every_codec() if isinstance(codec, Leaf) and codec.cache is not None]
    kinds = {_what_it_makes(leaf) for leaf in cached}
    for kind in kinds:
        assert isinstance(kind, type) and issubclass(kind, (rf.Reference, enum.Enum, *_LOCAL_IDS)), f"{kind} is kept between messages"
    assert set(_LOCAL_IDS) <= kinds
    assert {rf.CountryRef, rf.OffenceCategoryRef} <= kinds
    assert {names.YNU, names.INFO} <= set(cached)
