"""Types of the compiled reader (``_reader.pyx``); see :mod:`ecrislib.xml.accelerated`."""

from typing import Any, Callable, Sequence

COMPILED_FOR_LXML: str

class Reader:
    def __init__(self, slots: Sequence[Any], nested: Sequence[Any], fallback: Callable[[Any, Any], dict[str, Any]]) -> None: ...
    def __call__(self, element: Any, ctx: Any) -> dict[str, Any]: ...
    @property
    def generated(self) -> Callable[[Any, Any], dict[str, Any]]: ...
