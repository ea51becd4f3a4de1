"""Short field declarations for the model classes (mandatory, optional, repeated)."""

from __future__ import annotations

from typing import Any

import attrs

from . import _checks
from .common import multilingual, name


def one(validator: _checks.Validator, **kwargs: Any) -> Any:
    """A mandatory field."""
    return attrs.field(validator=validator, **kwargs)


def opt(validator: _checks.Validator, **kwargs: Any) -> Any:
    """An optional field, ``None`` when absent."""
    return attrs.field(default=None, validator=_checks.optional(validator), **kwargs)


def many(validator: _checks.Validator, minimum: int = 0, maximum: int | None = None, **kwargs: Any) -> Any:
    """A repeated field stored as a tuple (lists accepted)."""
    kwargs.setdefault("converter", _checks.to_tuple)
    if not minimum:
        kwargs.setdefault("factory", tuple)
    return attrs.field(validator=_checks.items(validator, minimum, maximum), **kwargs)


def of(cls: type | tuple[type, ...]) -> _checks.Validator:
    return _checks.instance(cls)


text = _checks.text
ml = multilingual
nm = name


def remarks() -> Any:
    """An optional free-text remark: multilingual, line breaks kept, 4000 characters."""
    return opt(multilingual(4000, collapsed=False))
