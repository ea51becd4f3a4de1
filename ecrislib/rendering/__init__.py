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
from typing import TYPE_CHECKING, Literal, Union, cast

from .._gc import collector_paused

if TYPE_CHECKING:
    from ecrislib.codes import CodeTables
    from ecrislib.model import Message, RequestResponseMessage
    from ecrislib.validation import ValidationReport

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


def _message(source: Message | bytes | str) -> tuple[Message, bytes | str | None]:
    """A message from a model object or from ECRIS XML (bytes or text), parsed first."""
    if isinstance(source, (bytes, bytearray, str)):
        from ecrislib.xml.codec import parse

        data = bytes(source) if isinstance(source, bytearray) else source
        return parse(data), data
    return source, None


def _report(message: Message, data: bytes | str | None, check: bool) -> ValidationReport | None:
    if not check:
        return None
    from ecrislib.validation import validate

    return validate(message if data is None else data)


def readable_record(
    message: Message | bytes | str,
    lang: str = "en",
    tables: CodeTables | None = None,
    *,
    check: bool = True,
) -> Record:
    """The format-independent readable record of ``message`` (what text and HTML show).

    ``message`` is a model message or ECRIS XML (bytes or text, parsed first). ``lang`` is a
    language tag (``el-GR`` reads as ``el``; an unknown one raises
    :class:`~ecrislib.errors.UnknownLanguageError`). With ``check`` (the default) the message is
    validated first, and an invalid one gets a visible warning at the top of the record.
    """
    from .l10n import reader_language
    from .record import build_record

    language = reader_language(lang)
    parsed, data = _message(message)
    return build_record(parsed, language, tables, _report(parsed, data, check))


def _page(message: Message | bytes | str, lang: str, tables: CodeTables | None, check: bool) -> str:
    """The HTML page of :func:`readable_record`'s record, written as the record is built."""
    from .html import streamed_html
    from .l10n import reader_language
    from .record import streamed_record

    language = reader_language(lang)
    parsed, data = _message(message)
    return streamed_html(*streamed_record(parsed, language, tables, _report(parsed, data, check)))


def render(
    message: Union[Message, bytes, str, Sequence[RequestResponseMessage]],
    lang: str = "en",
    format: Format = "text",
    tables: CodeTables | None = None,
    *,
    check: bool = True,
) -> str:
    """``message`` as a readable record for a reader of ``lang`` (``"text"`` or ``"html"``).

    ``message`` is a model message, ECRIS XML as bytes or text (parsed first), or a sequence of
    request responses, merged into one chronological record as :func:`render_merged` does.
    ``tables`` are the code tables to read codes with (default: the bundled ones; pass an
    official CRT laid over them for official labels). ``check`` validates the message first and
    puts a visible warning on the record of an invalid one.
    """
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
    if isinstance(message, (list, tuple)):
        return render_merged(message, lang, format, tables)
    with collector_paused():  # the record is a tree of short-lived objects: no cycle to find
        if format == "html":  # the same page as to_html(readable_record(...)), never whole as a record
            return _page(cast("Message | bytes | str", message), lang, tables, check)
        return _output(readable_record(cast("Message | bytes | str", message), lang, tables, check=check), format)


def render_merged(
    messages: Sequence[RequestResponseMessage],
    lang: str = "en",
    format: Format = "text",
    tables: CodeTables | None = None,
) -> str:
    """Several replies about one person as one chronological record, each entry with its source.

    Replies about different people raise :class:`~ecrislib.errors.DifferentPersonsError`.
    """
    from .l10n import reader_language
    from .merge import merge_records

    return _output(merge_records(messages, reader_language(lang), tables), format)
