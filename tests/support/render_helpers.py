"""Helpers for the rendering tests: golden messages and a generic walk of a message's values."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Any

import attrs

from ecrislib.ids import AttachmentId, ConvictionId, DecisionId, MessageId, OffenceId, SanctionId
from ecrislib.model import Amount, Duration, MultilingualText, Name, PartialDate, Reference, Sex, Timestamp
from ecrislib.xml.codec import parse

VALID = Path(__file__).resolve().parents[1] / "data" / "valid"
GOLDEN = sorted(VALID.glob("*.xml"))
_IDS = (MessageId, ConvictionId, DecisionId, OffenceId, SanctionId, AttachmentId)


def load(name: str) -> Any:
    return parse((VALID / name).read_bytes())


def leaves(value: Any) -> Iterator[tuple[str, Any]]:
    """Every leaf value a message carries, as (kind, value), found generically through attrs.

    Kinds: ``text`` (must appear as written), ``date`` (must appear as a ``datetime`` attribute
    in ISO form), ``bytes`` (its size must appear), ``translated`` (a marker must appear).
    """
    if value is None:
        return
    if isinstance(value, MultilingualText):
        for text in value.representations:
            yield "text", text.value
            if text.language:
                yield "text", text.language
            if text.translated:
                yield "translated", True
    elif isinstance(value, Name):
        yield "text", value.value
        if value.language:
            yield "text", value.language
    elif isinstance(value, Reference):
        yield "text", value.id
    elif isinstance(value, _IDS):
        yield "text", str(value)
    elif isinstance(value, PartialDate):
        yield "date", str(value)
    elif isinstance(value, _dt.date):
        yield "date", value.isoformat()
    elif isinstance(value, Timestamp):
        yield "date", value.text
    elif isinstance(value, Sex):
        yield "text", str(int(value))
    elif isinstance(value, Enum):
        yield "text", str(value.value)
    elif isinstance(value, (Duration, Amount)):
        yield "text", str(value)
    elif isinstance(value, bytes):
        yield "bytes", len(value)
    elif isinstance(value, bool):
        yield "text", "true" if value else "false"  # the wire value, shown next to the word
    elif isinstance(value, (int, str)):
        yield "text", str(value)
    elif isinstance(value, tuple):
        for item in value:
            yield from leaves(item)
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            yield from leaves(getattr(value, field.name))
    else:  # pragma: no cover - a new value type: the test must learn it
        raise AssertionError(f"unknown leaf type {type(value).__name__}")


def squash(text: str) -> str:
    return " ".join(text.split())
