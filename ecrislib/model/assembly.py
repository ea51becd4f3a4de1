"""Building a model object from field values whose types a reader already guarantees.

The XML reader gives every field a value of the right type (a leaf parses its text into the
field's type, a complex element becomes the field's class), so the type checks of a model's
validators cannot fail on what it read. :func:`assembler` makes, once per class, a constructor
that runs everything else the class's ``__init__`` runs, in the same order (converters, then
each field's rule on its value, then ``__attrs_post_init__``), and skips only those type
checks. A broken rule raises the very error ``cls(**values)`` raises. Parsing spends a large
share of its time constructing objects, and the type checks are the larger part of it.

The constructor is generated code, as attrs generates ``__init__``: one function per class,
no loop over fields at run time. A class using an attrs feature this module does not know is
simply built with ``cls(**values)``, as is a class that is not an attrs class.
"""

from __future__ import annotations

import enum
import inspect
import types
from typing import Any, Callable

import attrs

from . import _checks

__all__ = ["Assembler", "assembler"]

#: Builds one object of a model class from ``{field: value}`` (init names, as ``cls(**values)``).
Assembler = Callable[[dict[str, Any]], Any]


def assembler(cls: type) -> Assembler:
    """The constructor of ``cls`` for values of the right types (see the module docstring)."""
    if not attrs.has(cls) or not _supported(cls, attrs.fields(cls)):
        return lambda values: cls(**values)
    fields = attrs.fields(cls)
    namespace: dict[str, Any] = {"_cls": cls, "_new": object.__new__, "_set": object.__setattr__, "_tuple": tuple, "_list": list}
    lines = ["def assemble(values):", "    self = _new(_cls)"]
    for position, field in enumerate(fields):
        value = f"v{position}"
        key = repr(field.alias)
        if field.default is attrs.NOTHING:
            lines += [f"    if {key} not in values:", "        return _cls(**values)", f"    {value} = values[{key}]"]
        elif isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            namespace[f"d{position}"] = field.default.factory
            lines.append(f"    {value} = values[{key}] if {key} in values else d{position}()")
        else:
            namespace[f"d{position}"] = field.default
            lines.append(f"    {value} = values.get({key}, d{position})")
        if field.converter is _checks.to_tuple:
            lines.append(f"    if {value}.__class__ is _list: {value} = _tuple({value})")
        elif isinstance(field.converter, enum.EnumMeta):  # a member converts to itself
            namespace[f"c{position}"] = field.converter
            lines.append(f"    if {value}.__class__ is not c{position}: {value} = c{position}({value})")
        elif field.converter is not None:
            namespace[f"c{position}"] = field.converter
            lines.append(f"    {value} = c{position}({value})")
        slot = _slot_setter(cls, field.name)
        if slot is None:
            lines.append(f"    _set(self, {field.name!r}, {value})")
        else:
            namespace[f"s{position}"] = slot
            lines.append(f"    s{position}(self, {value})")
    for position, field in enumerate(fields):
        if field.validator is not None:
            namespace[f"a{position}"] = field
            lines += _rule_lines(field.validator, f"v{position}", f"a{position}", f"r{position}", namespace)
    if hasattr(cls, "__attrs_post_init__"):
        lines.append("    self.__attrs_post_init__()")
    lines.append("    return self")
    exec(compile("\n".join(lines), f"<ecrislib assembler {cls.__qualname__}>", "exec"), namespace)  # noqa: S102
    return namespace["assemble"]  # type: ignore[no-any-return]


def _slot_setter(cls: type, name: str) -> Callable[[Any, Any], None] | None:
    """The ``__set__`` of the slot holding ``name``: what ``object.__setattr__`` ends up
    calling on a slotted class, without the attribute look-up before it (a third of the cost
    of setting a field, and a model object sets every one of its fields)."""
    slot = inspect.getattr_static(cls, name, None)
    return slot.__set__ if isinstance(slot, types.MemberDescriptorType) else None


def _supported(cls: type, fields: Any) -> bool:
    """Only what the generated code reproduces exactly: attrs classes without a pre-init or a
    cached hash, whose fields are all set by ``__init__`` (no hooks on setting), whose
    converters take the value alone and whose factories take no ``self``."""
    if hasattr(cls, "__attrs_pre_init__") or "_attrs_cached_hash" in getattr(cls, "__slots__", ()):
        return False
    for field in fields:
        if not field.init or field.on_setattr not in (None, attrs.setters.NO_OP, attrs.setters.frozen):
            return False
        if isinstance(field.converter, attrs.Converter):
            return False
        if isinstance(field.default, attrs.Factory) and field.default.takes_self:  # type: ignore[arg-type]
            return False
    return True


def _rule_lines(validator: Any, value: str, attribute: str, name: str, namespace: dict[str, Any]) -> list[str]:
    """The code that checks what ``validator`` checks beyond the value's type."""
    kind = _checks.kind_of(validator)
    if kind is None:  # a rule on the value: run it whole
        namespace[name] = validator
        return [f"    {name}(self, {attribute}, {value})"]
    if kind.type_only:
        return []
    assert kind.inner is not None
    inner = _rule_lines(kind.inner, "item" if kind.repeated else value, attribute, name + "i", namespace)
    if not kind.repeated:  # optional: the rule applies to a value that is there
        return [f"    if {value} is not None:", *["    " + line for line in inner]] if inner else []
    lines = []
    if kind.minimum or kind.maximum is not None:  # counts: the whole validator names the breach
        namespace[name] = validator
        high = f" or len({value}) > {kind.maximum}" if kind.maximum is not None else ""
        lines += [f"    if len({value}) < {kind.minimum}{high}:", f"        {name}(self, {attribute}, {value})"]
    if inner:
        lines += [f"    for item in {value}:", *["    " + line for line in inner]]
    return lines
