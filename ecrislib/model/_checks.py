"""Field validators shared by the model classes.

They enforce the form rules of the ECRIS text and number types (non-blank, no ``<``/``>``,
length limits measured on the whitespace-collapsed value, XML-compatible characters) and raise
:class:`~ecrislib.errors.ModelError` naming the field, never quoting the value.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Pattern

import attrs

from ..errors import ModelError

Validator = Callable[[Any, Any, Any], None]


@attrs.frozen
class Kind:
    """What a structural validator checks, for :mod:`ecrislib.model.assembly`: a type check
    alone (``type_only``), or ``inner`` applied to an optional value or to each item of a
    repeated one (with the item counts allowed)."""

    type_only: bool = False
    inner: Validator | None = None
    repeated: bool = False
    minimum: int = 0
    maximum: int | None = None


def kind_of(validator: Validator) -> Kind | None:
    """The :class:`Kind` of a validator made here; ``None`` for a rule on the value."""
    kind = getattr(validator, "_ecrislib_kind", None)
    return kind if isinstance(kind, Kind) else None


def _marked(validator: Validator, kind: Kind) -> Validator:
    setattr(validator, "_ecrislib_kind", kind)  # noqa: B010 (functions take attributes)
    return validator

_XSD_SPACE = re.compile(r"[ \t\n\r]+")
# Characters XML 1.0 cannot carry, plus the two the ECRIS text pattern forbids. Every one of them
# but ``<`` and ``>`` is a control, surrogate or non-character, none printable: so the checks below
# test printable text with ``isprintable()`` and two ``in`` scans, which run in C at memory
# speed, and leave the pattern for the rest (line breaks, tabs, other spaces).
_FORBIDDEN = re.compile("[<>\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: The form of an ISO 639-1 language code (``[a-z]{2}``) as a set: texts are the most numerous
#: objects of a message, and a set look-up costs less than a pattern match.
LANGUAGE_FORMS = frozenset(first + second for first in "abcdefghijklmnopqrstuvwxyz" for second in "abcdefghijklmnopqrstuvwxyz")


def collapse(value: str) -> str:
    """XSD whitespace collapse: runs of space, tab, CR, LF become one space; ends trimmed."""
    return _XSD_SPACE.sub(" ", value).strip(" ")


def check_text(field: str, value: object, max_length: int, min_length: int = 1) -> None:
    """The generic ECRIS text rule, applied to the collapsed value."""
    if not isinstance(value, str):
        raise ModelError(field, "must be a string")
    if "<" in value or ">" in value or (not value.isprintable() and _FORBIDDEN.search(value)):
        raise ModelError(field, "contains a character ECRIS text may not carry ('<', '>' or a control character)")
    length = len(value)
    # The limits apply to the collapsed value; collapse only when it could change the verdict.
    if length > max_length or min_length > 1 or not value or value[0] in " \t\n\r" or value[-1] in " \t\n\r":
        length = len(collapse(value))
        if length == 0:
            raise ModelError(field, "must not be empty or blank")
        if length > max_length:
            raise ModelError(field, f"longer than {max_length} characters")
        if length < min_length:
            raise ModelError(field, f"shorter than {min_length} characters")


def check_uncollapsed_text(field: str, value: object, max_length: int = 4000) -> None:
    """Remarks keep their line breaks; the limit counts every character."""
    if not isinstance(value, str):
        raise ModelError(field, "must be a string")
    if "<" in value or ">" in value or (not value.isprintable() and _FORBIDDEN.search(value)):
        raise ModelError(field, "contains a character ECRIS text may not carry ('<', '>' or a control character)")
    if not value.strip(" \t\n\r"):
        raise ModelError(field, "must not be empty or blank")
    if len(value) > max_length:
        raise ModelError(field, f"longer than {max_length} characters")


def check_language(field: str, value: object) -> None:
    if value is not None and not (isinstance(value, str) and value in LANGUAGE_FORMS):
        raise ModelError(field, "language code must be two lower-case letters (ISO 639-1)")


def text(max_length: int, min_length: int = 1) -> Validator:
    """Validator for a plain restricted string field."""

    def validate(_inst: Any, attribute: Any, value: Any) -> None:
        check_text(attribute.name, value, max_length, min_length)

    return validate


def pattern(regex: Pattern[str], rule: str) -> Validator:
    """Validator for a string that must match ``regex`` entirely."""

    def validate(_inst: Any, attribute: Any, value: Any) -> None:
        if not (isinstance(value, str) and regex.fullmatch(value)):
            raise ModelError(attribute.name, rule)

    return validate


def int_range(low: int, high: int) -> Validator:
    def validate(_inst: Any, attribute: Any, value: Any) -> None:
        if type(value) is not int or not low <= value <= high:
            raise ModelError(attribute.name, f"must be a whole number from {low} to {high}")

    return validate


def instance(cls: type | tuple[type, ...]) -> Validator:
    def validate(_inst: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, cls):
            names = cls.__name__ if isinstance(cls, type) else " or ".join(c.__name__ for c in cls)
            raise ModelError(attribute.name, f"must be a {names}")

    return _marked(validate, Kind(type_only=True))


def optional(validator: Validator) -> Validator:
    def validate(inst: Any, attribute: Any, value: Any) -> None:
        if value is not None:
            validator(inst, attribute, value)

    return _marked(validate, Kind(inner=validator))


def items(validator: Validator, minimum: int = 0, maximum: int | None = None) -> Validator:
    """Validator for a tuple field: cardinality, then each item."""

    def validate(inst: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, tuple):
            raise ModelError(attribute.name, "must be a tuple")
        if len(value) < minimum:
            raise ModelError(attribute.name, f"needs at least {minimum} item(s)")
        if maximum is not None and len(value) > maximum:
            raise ModelError(attribute.name, f"allows at most {maximum} item(s)")
        for item in value:
            validator(inst, attribute, item)

    return _marked(validate, Kind(inner=validator, repeated=True, minimum=minimum, maximum=maximum))


def to_tuple(value: Any) -> tuple[Any, ...]:
    """Converter so callers may pass lists; the model stores tuples (immutable, hashable)."""
    return value if isinstance(value, tuple) else tuple(value)
