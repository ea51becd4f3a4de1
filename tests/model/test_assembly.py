"""The reader's constructors (``model.assembly``): for values of the right types they build
exactly what the class's own ``__init__`` builds, and a broken rule raises the very error the
class raises; only the type checks, which such values cannot fail, are left out."""

from __future__ import annotations

from typing import Any, Iterator

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

from ecrislib import ids
from ecrislib.errors import ModelError
from ecrislib.model import common as cm
from ecrislib.model import conviction as cv
from ecrislib.model import person as pe
from ecrislib.model.assembly import assembler
from ecrislib.testing import strategies


def _objects(value: Any) -> Iterator[Any]:
    """Every attrs object inside ``value``, depth first."""
    if isinstance(value, tuple):
        for item in value:
            yield from _objects(item)
    elif attrs.has(type(value)):
        yield value
        for field in attrs.fields(type(value)):
            yield from _objects(getattr(value, field.name))


def _as_read(obj: Any) -> dict[str, Any]:
    """The values the XML reader hands over for ``obj``: init names, repeated fields as lists."""
    return {
        field.alias: list(item) if isinstance(item, tuple) else item
        for field in attrs.fields(type(obj))
        for item in [getattr(obj, field.name)]
    }


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.messages())
def test_every_object_of_a_message_assembles_equal_to_itself(message: Any) -> None:
    for obj in _objects(message):
        built = assembler(type(obj))(_as_read(obj))
        assert type(built) is type(obj)
        assert built == obj
        for field in attrs.fields(type(obj)):  # tuples stay tuples, as the converters make them
            assert type(getattr(built, field.name)) is type(getattr(obj, field.name))


def _outcome(make: Any, values: dict[str, Any]) -> Any:
    try:
        return ("built", make(values))
    except ModelError as error:
        return ("refused", error.field, error.rule)




# Each case breaks one rule of the business model (written from the model's docstrings and the
# ECRIS text types), with values of the right types, as a peer's message can.
BROKEN = [
    pytest.param(cm.Text, {"value": "a < b"}, id="text-angle-bracket"),
    pytest.param(cm.Text, {"value": "line\x0bbreak"}, id="text-control-character"),
    pytest.param(cm.Text, {"value": " \n\t "}, id="text-blank"),
    pytest.param(cm.Text, {"value": "text", "language": "EN"}, id="text-language-upper-case"),
    pytest.param(cm.Name, {"value": "Ion", "language": "rom"}, id="name-language-three-letters"),
    pytest.param(cm.Name, {"value": "x" * 601}, id="name-too-long"),
    pytest.param(cm.Name, {"value": "Ion>"}, id="name-angle-bracket"),
    pytest.param(cm.MultilingualText, {"representations": []}, id="multilingual-without-text"),
    pytest.param(cm.PartialDate, {"year": 1995, "day": 3}, id="day-without-month"),
    pytest.param(cm.PartialDate, {"year": 0}, id="year-zero"),
    pytest.param(cm.PartialDate, {"year": 1995, "month": 13}, id="month-13"),
    pytest.param(cm.PartialDate, {"year": 1995, "year_zone": "+15:00"}, id="zone-beyond-14h"),
    pytest.param(cm.Amount, {"unit": 1, "fraction": 100}, id="fraction-100"),
    pytest.param(cv.DecisionToOffences, {"decision": ids.DecisionId(1), "offences": []}, id="link-without-offence"),
    pytest.param(pe.PersonName, {"forename": cm.Name("Ion"), "surname": cm.Name("x" * 201)}, id="surname-over-200"),
]


@pytest.mark.parametrize(("cls", "values"), BROKEN)
def test_a_broken_rule_is_refused_as_the_class_refuses_it(cls: type, values: dict[str, Any]) -> None:
    expected = _outcome(lambda given: cls(**given), dict(values))
    assert expected[0] == "refused"  # the case really breaks a rule
    assert _outcome(assembler(cls), dict(values)) == expected


def test_a_missing_mandatory_value_fails_as_the_class_fails() -> None:
    with pytest.raises(TypeError, match="surname"):
        pe.PersonName(forename=cm.Name("Ion"))  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="surname"):
        assembler(pe.PersonName)({"forename": cm.Name("Ion")})


def test_classes_it_does_not_reproduce_are_built_by_their_own_init() -> None:
    seen: list[str] = []

    @attrs.frozen
    class PreInit:
        value: int

        def __attrs_pre_init__(self) -> None:
            seen.append("pre-init")

    class Plain:
        def __init__(self, value: int) -> None:
            self.value = value

    assert assembler(PreInit)({"value": 1}) == PreInit(1)
    assert seen == ["pre-init", "pre-init"]
    assert assembler(Plain)({"value": 2}).value == 2
