"""The ``ecrislib`` command line (also ``python -m ecrislib``).

The conventions of every subcommand live here, once: ``--version``; the exit statuses of
:mod:`ecrislib.exit_status` (a bad command line exits :data:`~ecrislib.exit_status.USAGE`, not
argparse's 2); a user's mistake (a missing file, a folder that cannot be written) is one line on
stderr, never a traceback; and a reader that goes away (``| head``) ends the output quietly.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path
from typing import NoReturn, Sequence

from . import exit_status
from .errors import EcrisError, XmlError

__all__ = ["main", "build_parser"]


class _Parser(argparse.ArgumentParser):
    """argparse with the exit-status table under every ``--help`` and usage errors on
    :data:`~ecrislib.exit_status.USAGE` (subcommand parsers are made of the same class)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("epilog", exit_status.epilog())
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(exit_status.USAGE, f"{self.prog}: error: {message}\n")


def _demo(args: argparse.Namespace) -> int:
    from .demo import run

    if args.http:
        try:
            from . import soap  # noqa: F401  (the import itself checks the extra)
        except ImportError as error:
            print(f"ecrislib demo --http: {error}", file=sys.stderr)
            return exit_status.USAGE
    if args.out is not None:
        try:  # before the story: a folder that cannot be written is said at once
            args.out.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            sys.stderr.write(f"ecrislib demo: cannot write to {args.out}: {error.strerror}\n")
            return exit_status.FAILURE
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
    """The parser of the ``ecrislib`` command and its subcommands."""
    from . import __version__

    parser = _Parser(prog="ecrislib", description="ECRIS criminal-record messages: model, XML, validation.")
    parser.add_argument("--version", action="version", version=f"ecrislib {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
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
    """Run the command line ``argv`` (default: ``sys.argv[1:]``); returns the exit status."""
    args = build_parser().parse_args(argv)
    name = f"ecrislib {args.command}"
    try:
        status = int(args.handler(args))
        sys.stdout.flush()  # a closed pipe shows here at the latest, inside the try
    except BrokenPipeError:
        _silence_stdout()
        return exit_status.PIPE_CLOSED
    except KeyboardInterrupt:
        sys.stderr.write(f"{name}: interrupted\n")
        return exit_status.INTERRUPTED
    except (OSError, EcrisError) as error:  # a mistake no handler named more precisely
        sys.stderr.write(f"{name}: {_describe(error)}\n")
        return exit_status.FAILURE
    return status


def _silence_stdout() -> None:
    """Point stdout at devnull, so that the interpreter's last flush does not fail again on the
    closed pipe (the recipe of the Python docs, "Note on SIGPIPE" in the signal module)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a file (captured in a test): nothing to flush
        pass


def _describe(error: OSError | EcrisError) -> str:
    if isinstance(error, OSError) and error.strerror:
        return f"{error.filename}: {error.strerror}" if error.filename else error.strerror
    return str(error)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
