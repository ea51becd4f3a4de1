"""A readable criminal record from ECRIS messages, in the reader's language.

>>> import ecrislib
>>> from ecrislib.testing import factories
>>> page = ecrislib.render(factories.request_response(convictions=[factories.conviction()]), lang="el", format="html")
>>> page.startswith("<!DOCTYPE html>")
True

Coded values (offences, penalties, countries, document types...) are shown with their label in
the reader's language, falling back to English and then to the raw code, always visibly; free
text is shown as sent, with its language. ``format="text"`` suits a terminal, ``"html"`` gives
one self-contained page to read or print. Several replies about one person can be merged into
one chronological record (:func:`render_merged`).

``ecrislib.render`` is :func:`render` from this package (``ecrislib.rendering``); the package has
its own name so that importing its submodules can never shadow the function.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal, Union

if TYPE_CHECKING:
    from ecrislib.codes import CodeTables
    from ecrislib.model import Message, RequestResponseMessage

    from .record import Record

__all__ = ["render", "render_merged", "readable_record", "FORMATS"]

Format = Literal["text", "html"]
FORMATS: tuple[str, ...] = ("text", "html")


def _output(built: Record, format: str) -> str:
    if format == "text":
        from .text import to_text

        return to_text(built)
    if format == "html":
        from .html import to_html

        return to_html(built)
    raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")


def readable_record(message: Message, lang: str = "en", tables: CodeTables | None = None) -> Record:
    """The format-independent readable record of ``message`` (what text and HTML show)."""
    from .record import build_record

    return build_record(message, lang, tables)


def render(
    message: Union[Message, Sequence[RequestResponseMessage]],
    lang: str = "en",
    format: Format = "text",
    tables: CodeTables | None = None,
) -> str:
    """``message`` as a readable record for a reader of ``lang`` (``"text"`` or ``"html"``).

    ``tables`` are the code tables to read codes with (default: the bundled ones; pass an
    official CRT laid over them for official labels). A sequence of request responses is
    merged into one chronological record, as :func:`render_merged` does.
    """
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
    if isinstance(message, (list, tuple)):
        return render_merged(message, lang, format, tables)
    return _output(readable_record(message, lang, tables), format)


def render_merged(
    messages: Sequence[RequestResponseMessage],
    lang: str = "en",
    format: Format = "text",
    tables: CodeTables | None = None,
) -> str:
    """Several replies about one person as one chronological record, each entry with its source."""
    from .merge import merge_records

    return _output(merge_records(messages, lang, tables), format)
