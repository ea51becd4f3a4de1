"""Whether an ``xsi:type`` may stand on an element: it must name the type the element is
declared with, or a type validly derived from it that is not abstract (XSD 1.0, 3.3.4 and
3.4.6). An element typed with a sibling type (``SanctionExecutionPeriod`` typed
``SanctionSentencedPeriodType``) is refused, as the schema refuses it.

The facts come from our XSDs, through xmlschema's compiled model of them: one place, no
second table. Compiling it costs about half a second, paid once per process and only when a
message carries an ``xsi:type`` the reader does not already know (the concrete relationship
types are known: see :class:`ecrislib.xml.binding.Typed`).
"""

from __future__ import annotations

import functools
from typing import Any

from .schemas import xmlschema_schema

__all__ = ["Step", "xsi_type_allowed"]

#: One step from the root to an element: its Clark tag and the Clark name of the ``xsi:type``
#: it carries (None when it carries none).
Step = tuple[str, "str | None"]


def _child_declaration(owner: Any, tag: str) -> Any:
    content = getattr(owner, "content", None)
    if content is None or not hasattr(content, "iter_elements"):
        return None
    for declaration in content.iter_elements():
        if getattr(declaration, "name", None) == tag:
            return declaration
    return None


def _declared_type(path: tuple[Step, ...]) -> Any:
    """The type the last element of ``path`` is declared with (None if the schema has no such
    element: the reader refuses the element itself then)."""
    types = xmlschema_schema().maps.types
    declaration = xmlschema_schema().maps.elements.get(path[0][0])
    if declaration is None:
        return None
    owner = declaration.type
    for position, (tag, xsi_type) in enumerate(path):
        if position:
            declaration = _child_declaration(owner, tag)
            if declaration is None:
                return None
            owner = declaration.type
        if position == len(path) - 1:
            return owner
        if xsi_type is not None:  # an ancestor's own xsi:type decides its children
            owner = types.get(xsi_type, owner)
    return owner


@functools.lru_cache(maxsize=1024)  # a pure function of its arguments: safe to share
def xsi_type_allowed(path: tuple[Step, ...], xsi_type: str) -> bool:
    """May the last element of ``path`` (root first) carry ``xsi:type`` naming ``xsi_type``?"""
    declared = _declared_type(path)
    if declared is None:
        return True  # no declaration to compare with: the element itself is refused elsewhere
    named = xmlschema_schema().maps.types.get(xsi_type)
    if named is None or getattr(named, "abstract", False):
        return False  # an instance cannot be of an abstract type, even the declared one
    return named is declared or bool(named.is_derived(declared))
