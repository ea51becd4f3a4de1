"""The ``ecrislib`` command line (also ``python -m ecrislib``)."""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from typing import Sequence

from .errors import XmlError

__all__ = ["main"]


def _demo(args: argparse.Namespace) -> int:
    from .demo import run

    if args.http:
        try:
            from . import soap  # noqa: F401  (the import itself checks the extra)
        except ImportError as error:
            print(f"ecrislib demo --http: {error}", file=sys.stderr)
            return 2
    return run(out_dir=args.out, show_xml=args.xml, http=args.http)


def _roundtrip(args: argparse.Namespace) -> int:
    """Read each file, write it back, and say whether the document is the same."""
    from .xml.codec import parse, serialize
    from .xml.compare import same_document
    from .xml.parser import read_limited

    status = 0
    for path in args.files:
        try:
            data = read_limited(path)  # the parser's size limit, checked before reading it all
            message = parse(data)
        except (OSError, XmlError) as error:
            print(f"{path}: cannot read: {error}")
            status = 1
            continue
        same = same_document(data, serialize(message))
        print(f"{path}: {message.ROOT} {message.message_id}: {'same document' if same else 'DIFFERS after a round trip'}")
        status |= 0 if same else 1
    return status


# Modules that add their own subcommands: each has ``register(commands)``, which adds its
# parsers and sets ``handler``; they import their heavy parts only inside the handler.
_COMMAND_MODULES = ("ecrislib.validation.cli", "ecrislib.codes.cli", "ecrislib.rendering.cli", "ecrislib.serve", "ecrislib.archive.cli")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ecrislib", description="ECRIS criminal-record messages: model, XML, validation.")
    commands = parser.add_subparsers(dest="command", required=True)
    for module_name in _COMMAND_MODULES:
        importlib.import_module(module_name).register(commands)

    demo = commands.add_parser("demo", help="run the UK-Romania exchange end to end and print what each side sees")
    demo.add_argument("--out", type=Path, help="also write every exchanged message to this folder as XML")
    demo.add_argument("--xml", action="store_true", help="print the XML of every message")
    demo.add_argument("--http", action="store_true", help="over real SOAP 1.2 on loopback HTTP, one server per country (needs ecrislib[soap])")
    demo.set_defaults(handler=_demo)

    roundtrip = commands.add_parser("roundtrip", help="check that files read and write back as the same document")
    roundtrip.add_argument("files", nargs="+", type=Path)
    roundtrip.set_defaults(handler=_roundtrip)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.handler(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
