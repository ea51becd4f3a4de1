"""``ecrislib render FILE... --lang L [--format html] [-o OUT]``: a readable record.

Several files are merged into one chronological record (they must be request responses).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..exit_status import FAILURE, OK, USAGE

__all__ = ["register"]


def register(commands: Any) -> None:
    """Add ``render`` to the ``ecrislib`` parser."""
    render = commands.add_parser("render", help="a readable record of messages, in the reader's language (text or HTML)")
    render.add_argument("files", nargs="+", type=Path, metavar="FILE", help="ECRIS message(s); several replies are merged")
    render.add_argument("--lang", default="en", help="the reader's language: a language tag such as ro, el or el-GR (default: en)")
    render.add_argument("--format", choices=("text", "html"), default="text")
    render.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    render.add_argument("--crt", type=Path, metavar="FILE", help="lay this Common Reference Table document over the bundled tables")
    render.set_defaults(handler=_render)


def _render(args: argparse.Namespace) -> int:
    from ecrislib.codes.cli import load_tables
    from ecrislib.errors import DifferentPersonsError, EcrisError, UnknownLanguageError
    from ecrislib.model import RequestResponseMessage
    from ecrislib.rendering import render
    from ecrislib.rendering.l10n import reader_language
    from ecrislib.xml.codec import parse
    from ecrislib.xml.parser import read_limited

    try:
        lang = reader_language(args.lang)
    except UnknownLanguageError as error:
        print(f"ecrislib render: --lang: {error}", file=sys.stderr)
        return USAGE
    messages = []
    for path in args.files:
        try:
            data = read_limited(path)  # the parser's size limit, checked before reading it all
            messages.append(parse(data))
        except (OSError, EcrisError) as error:
            # the error names the file and the problem, never the message content
            print(f"{path}: cannot read: {error}", file=sys.stderr)
            return FAILURE
    if len(messages) > 1 and not all(isinstance(m, RequestResponseMessage) for m in messages):
        print("ecrislib render: several files can only be merged when all are request responses (RRS)", file=sys.stderr)
        return FAILURE
    try:
        tables = load_tables(args.crt)
    except (OSError, EcrisError) as error:
        why = error.strerror if isinstance(error, OSError) else error
        print(f"{args.crt}: cannot use as code tables: {why}", file=sys.stderr)
        return FAILURE
    target: Any = messages if len(messages) > 1 else data  # one file: validated as it was sent
    try:
        output = render(target, lang=lang, format=args.format, tables=tables)
    except DifferentPersonsError as error:
        print(f"ecrislib render: cannot merge: {error}", file=sys.stderr)
        return FAILURE
    if args.output is None:
        sys.stdout.write(output)
    else:
        try:
            args.output.write_text(output, encoding="utf-8")
        except OSError as error:
            print(f"ecrislib render: cannot write {args.output}: {error.strerror}", file=sys.stderr)
            return FAILURE
        print(f"wrote {args.output}")
    return OK
