"""The exit statuses of the ``ecrislib`` command, for every subcommand, in one table.

Scripts branch on them, so each status means one thing across commands: ``validate`` (and
``archive``) add up their bit flags (1, 2, 4); a bad command line is :data:`USAGE` everywhere (argparse's own 2
would read as validate's WARNINGS bit); 130 and 141 follow the shell's 128 + signal number.
``ecrislib --help`` shows :func:`epilog`; the command-line guide shows :func:`markdown`.
"""

from __future__ import annotations

from typing import Final, NamedTuple

__all__ = ["OK", "FAILURE", "USAGE", "INTERRUPTED", "PIPE_CLOSED", "ExitStatus", "TABLE", "epilog", "markdown"]

#: Done: what was asked was done (``validate``: every input valid, with no warning).
OK: Final = 0
#: The command ran but could not do what was asked (see :data:`TABLE` for each command).
FAILURE: Final = 1
#: A bad command line: unknown option, bad or missing value. Nothing was done.
USAGE: Final = 8
#: Stopped by Ctrl-C (SIGINT, 128 + 2).
INTERRUPTED: Final = 130
#: Standard output was closed early, e.g. piped into ``head`` (SIGPIPE, 128 + 13).
PIPE_CLOSED: Final = 141


class ExitStatus(NamedTuple):
    """One row of the table: a status, the commands that use it, and what it means."""

    status: str
    commands: str
    meaning: str


TABLE: Final = (
    ExitStatus(str(OK), "all", "done; for validate and archive: every input is valid, with no warning"),
    ExitStatus("1", "validate, archive", "bit ERRORS: some input has at least one error (invalid, unreadable or unsafe XML)"),
    ExitStatus("2", "validate, archive", "bit WARNINGS: some input has warnings and no error"),
    ExitStatus("4", "validate, archive, stats",
               "bit UNREADABLE: some input could not be opened (missing path, bad zip, folder without XML; "
               "stats: the index)"),
    ExitStatus("3, 5, 6, 7", "validate, archive", "the sum of the bits above (5: errors and unreadable inputs)"),
    ExitStatus(str(FAILURE), "render, roundtrip, codes, demo, serve, stats",
               "failed: an input could not be read or used, an output could not be written, nothing matched "
               "or a code is ambiguous (codes), a document differs after a round trip (roundtrip), the port "
               "is taken (serve)"),
    ExitStatus(str(USAGE), "all",
               "usage error: unknown option, bad or missing value, or an extra the command needs is not "
               "installed; nothing was done"),
    ExitStatus(str(INTERRUPTED), "all", "interrupted (Ctrl-C)"),
    ExitStatus(str(PIPE_CLOSED), "all", "standard output closed early (e.g. piped into head); output stops quietly"),
)


def epilog(width: int = 100) -> str:
    """The table as plain text for ``--help``, its meanings wrapped to ``width`` columns."""
    import textwrap

    status = max(len(row.status) for row in TABLE)
    commands = max(len(row.commands) for row in TABLE)
    indent = " " * (2 + status + 2 + commands + 2)
    lines = ["exit status:"]
    for row in TABLE:
        first = f"  {row.status:<{status}}  {row.commands:<{commands}}  "
        lines += textwrap.wrap(row.meaning, width, initial_indent=first, subsequent_indent=indent)
    return "\n".join(lines)


def markdown() -> str:
    """The table in Markdown, as the command-line guide shows it."""
    lines = ["| status | commands | meaning |", "|---|---|---|"]
    lines += [f"| {row.status} | {row.commands} | {row.meaning} |" for row in TABLE]
    return "\n".join(lines) + "\n"
