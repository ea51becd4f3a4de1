"""Which values the reader keeps between messages: code-table references, enumerations and the
local IDs of decisions, offences and sanctions, never a value that could say something of a
person (names, texts, dates, numbers, message and conviction IDs)."""

from __future__ import annotations

import enum
from typing import Any, Iterator

from ecrislib import ids
from ecrislib.model import references as rf
from ecrislib.xml import names
from ecrislib.xml.binding import Choice, Codec, Complex, Leaf, Typed
from ecrislib.xml.codec import MESSAGE_DATA, METADATA

_LOCAL_IDS = (ids.DecisionId, ids.OffenceId, ids.SanctionId)


def _codecs(codec: Codec, seen: set[int]) -> Iterator[Codec]:
    if id(codec) in seen:
        return
    seen.add(id(codec))
    yield codec
    if isinstance(codec, Complex):
        for spec in codec.children:
            yield from _codecs(spec.codec, seen)
    elif isinstance(codec, Typed):
        for inner in codec.by_type.values():
            yield from _codecs(inner, seen)
    elif isinstance(codec, Choice):
        for child, _wrap, _unwrap in codec.options:
            yield from _codecs(child.codec, seen)


def _every_codec() -> list[Codec]:
    seen: set[int] = set()
    found = list(_codecs(METADATA, seen))
    for children in MESSAGE_DATA.values():
        for spec in children:
            found += _codecs(spec.codec, seen)
    return found


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
    cached = [codec for codec in _every_codec() if isinstance(codec, Leaf) and codec.cache is not None]
    kinds = {_what_it_makes(leaf) for leaf in cached}
    for kind in kinds:
        assert isinstance(kind, type) and issubclass(kind, (rf.Reference, enum.Enum, *_LOCAL_IDS)), f"{kind} is kept between messages"
    assert set(_LOCAL_IDS) <= kinds
    assert {rf.CountryRef, rf.OffenceCategoryRef} <= kinds
    assert {names.YNU, names.INFO} <= set(cached)
