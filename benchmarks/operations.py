"""The message operations of the goal table, each with its floor, ours, and the peers on the
same bytes where they are installed.

An operation turns the bytes of one message into named callables: ``"floor"``, ``"ours"`` and
zero or more peers (``"xmlschema"``, ``"xsdata"``). Everything a call does not depend on (the
parsed tree to serialize, the model to render, compiled schemas) is prepared once, outside.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

import ecrislib
from ecrislib.xml import parser as hardened
from ecrislib.xml import schemas

__all__ = ["OPERATIONS", "Operation", "peers_note"]

Calls = dict[str, Callable[[], object]]

_RAW = etree.XMLParser(resolve_entities=False, no_network=True)


@dataclass(frozen=True)
class Operation:
    """One line of the goal table."""

    name: str
    floor: str
    #: goal on the whole set, and on every single message (the ratio must stay at or below)
    goal_set: float
    goal_each: float
    calls: Callable[[list[bytes]], Calls]


def _loop(function: Callable[[bytes], object], datas: list[bytes]) -> Callable[[], object]:
    if len(datas) == 1:
        data = datas[0]
        return lambda: function(data)

    def every() -> None:
        for data in datas:
            function(data)

    return every


def _loop_over(function: Callable[[object], object], items: list[object]) -> Callable[[], object]:
    def every() -> None:
        for item in items:
            function(item)

    return every


def _fromstring(data: bytes) -> etree._Element:
    return etree.fromstring(data, _RAW)


def _xmlschema_installed() -> bool:
    return importlib.util.find_spec("xmlschema") is not None


def parse(datas: list[bytes]) -> Calls:
    calls: Calls = {"floor": _loop(_fromstring, datas), "ours": _loop(ecrislib.parse, datas)}
    if _xmlschema_installed():
        strict = schemas.xmlschema_schema()
        calls["xmlschema"] = _loop(lambda data: strict.to_dict(_fromstring(data)), datas)
    return calls


def load(datas: list[bytes]) -> Calls:
    return {"floor": _loop(_fromstring, datas), "ours": _loop(hardened.load, datas)}


def validate(datas: list[bytes]) -> Calls:
    schema = schemas.lxml_schema()
    calls: Calls = {
        "floor": _loop(lambda data: schema.validate(_fromstring(data)), datas),
        "ours": _loop(ecrislib.validate, datas),
    }
    if _xmlschema_installed():
        strict = schemas.xmlschema_schema()
        calls["xmlschema"] = _loop(lambda data: strict.is_valid(_fromstring(data)), datas)
    return calls


def serialize(datas: list[bytes]) -> Calls:
    trees = [_fromstring(data) for data in datas]
    models = [ecrislib.parse(data) for data in datas]
    return {
        "floor": _loop_over(lambda tree: etree.tostring(tree, xml_declaration=True, encoding="UTF-8"), trees),
        "ours": _loop_over(ecrislib.serialize, models),  # type: ignore[arg-type]
    }


def _render(format: str) -> Callable[[list[bytes]], Calls]:
    def calls(datas: list[bytes]) -> Calls:
        models = [ecrislib.parse(data) for data in datas]
        return {
            "floor": _loop(ecrislib.parse, datas),
            "ours": _loop_over(lambda model: ecrislib.render(model, format=format), models),  # type: ignore[arg-type]
        }

    return calls


OPERATIONS: dict[str, Operation] = {
    op.name: op
    for op in (
        Operation("parse", "lxml.etree.fromstring", 4.0, 4.0, parse),
        Operation("load", "lxml.etree.fromstring", 1.2, 1.2, load),
        Operation("validate", "lxml XMLSchema.validate(fromstring(x))", 1.5, 2.0, validate),
        Operation("serialize", "lxml.etree.tostring of the parsed tree", 2.0, 2.0, serialize),
        Operation("render-text", "ecrislib.parse of the same bytes", 1.5, 1.5, _render("text")),
        Operation("render-html", "ecrislib.parse of the same bytes", 2.5, 2.5, _render("html")),
    )
}


def peers_note() -> str:
    """Which peers were measured, and why the others were not."""
    notes = []
    notes.append("xmlschema: measured (parse = `to_dict`, validate = `is_valid`)" if _xmlschema_installed() else "xmlschema: not installed")
    if importlib.util.find_spec("xsdata") is None:
        notes.append("xsdata: not installed, not measured")
    else:
        notes.append("xsdata: installed, but not measured (it needs bindings generated from our XSDs)")
    return "; ".join(notes)
