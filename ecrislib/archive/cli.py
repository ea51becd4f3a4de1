"""``ecrislib archive validate|index`` and ``ecrislib stats``: archives from the command line.

Exit statuses are the bit flags of ``ecrislib validate``
(:class:`ecrislib.validation.cli.ExitFlag`): 1 some message invalid, 2 warnings only, 4 some
member or archive unreadable (reported and skipped), 8 usage error, a missing extra included.
Progress goes to stderr (terminals only); results to stdout. Heavy imports happen inside the
handlers.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

__all__ = ["register"]


def _flags() -> Any:
    from ..validation.cli import ExitFlag

    return ExitFlag


def _options(args: argparse.Namespace) -> Any:
    from ..validation import ValidationOptions

    return ValidationOptions(disabled=frozenset(args.disable or ()), check_codes=not args.no_codes)


def _members(args: argparse.Namespace, progress: Any) -> Any:
    from .readers import read_archives

    total = 0

    def grow(count: int) -> None:
        nonlocal total
        total += count
        progress.set_total(total)

    return read_archives(args.archives, on_total=grow)


def _print_result(result: dict[str, Any], out: TextIO, quiet: bool) -> None:
    """One line per member, naming the rules broken (``--format json`` has every detail)."""
    if result.get("unreadable"):
        out.write(f"{result['source']}: SKIPPED ({result['reason']})\n")
    elif not (quiet and result["ok"] and not result["warnings"]):
        rules = sorted({issue["rule_id"] for issue in result["issues"] if issue["severity"] != "info"})
        state = "INVALID" if not result["ok"] else "warnings" if result["warnings"] else "valid"
        out.write(f"{result['source']}: {state}{' ' + ' '.join(rules) if rules else ''}\n")


def _validate(args: argparse.Namespace) -> int:
    from ..progress import Progress
    from .run import chunks, cluster, map_chunks, validate_chunk

    flag = _flags()
    status = flag(0)
    counts = {"members": 0, "valid": 0, "warnings": 0, "errors": 0, "unreadable": 0}
    out = sys.stdout
    with Progress(unit="message", description="validating") as progress, cluster(args.scheduler) as (client, workers):
        numbered = chunks(_members(args, progress), args.chunk_size)
        for results in map_chunks(validate_chunk, numbered, _options(args), client=client, workers=workers):
            for result in results:
                counts["members"] += 1
                outcome = "unreadable" if result.get("unreadable") else "errors" if not result["ok"] else "warnings" if result["warnings"] else "valid"
                counts[outcome] += 1
                status |= {"unreadable": flag.UNREADABLE, "errors": flag.ERRORS, "warnings": flag.WARNINGS}.get(outcome, flag(0))
                if args.format == "json":
                    out.write(json.dumps(result, ensure_ascii=False, sort_keys=True) + "\n")
                else:
                    _print_result(result, out, args.quiet)
            progress.update(len(results))
    if args.format == "json":
        out.write(json.dumps({"summary": counts, "exit_status": int(status)}) + "\n")
    else:
        out.write(f"{counts['members']} members: {counts['valid']} valid, {counts['warnings']} with warnings only, "
                  f"{counts['errors']} with errors, {counts['unreadable']} skipped\n")
    return int(status)


def _index(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..progress import Progress
    from .run import chunks, cluster, index_chunk, map_chunks, prepare_output

    flag = _flags()
    try:
        folder = prepare_output(args.out)
    except (FileExistsError, OSError) as error:
        sys.stderr.write(f"ecrislib archive index: {error}\n")
        return int(flag.USAGE)
    status = flag(0)
    rows = valid = skipped = parts = 0
    with Progress(unit="message", description="indexing") as progress, cluster(args.scheduler) as (client, workers):
        numbered = chunks(_members(args, progress), args.chunk_size)
        target = str(Path(folder).resolve())
        for summary in map_chunks(index_chunk, numbered, target, _options(args), client=client, workers=workers):
            rows += summary.rows
            valid += summary.valid
            parts += 1 if summary.rows else 0
            for source, why in summary.problems:
                skipped += 1
                sys.stdout.write(f"{source}: SKIPPED ({why})\n")
            progress.update(summary.rows + len(summary.problems))
    if skipped:
        status |= flag.UNREADABLE
    if valid < rows:
        status |= flag.ERRORS
    sys.stdout.write(f"{rows} messages indexed in {parts} partitions in {folder}: {valid} valid, {rows - valid} invalid, {skipped} skipped\n")
    return int(status)


def _stats(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .run import cluster
    from .stats import compute_statistics, load_index

    from ..progress import Progress

    flag = _flags()
    with Progress(unit="partition", description="reading the index") as progress, cluster(args.scheduler) as (client, _workers):
        try:
            index = load_index(args.index, dask=client is not None, progress=progress)
        except (FileNotFoundError, OSError) as error:
            sys.stderr.write(f"ecrislib stats: {error}\n")
            return int(flag.UNREADABLE)
        stats = compute_statistics(index)
    if args.html:
        from .report import render_html

        Path(args.html).write_text(render_html(stats), encoding="utf-8")
    text = stats.to_json() if args.format == "json" else stats.to_csv()
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    elif not args.html or args.format_given:
        sys.stdout.write(text)
    return 0


def _guarded(handler: Any) -> Any:
    """Run a handler; a missing extra or a bad --scheduler is one line on stderr and status 8."""

    def run(args: argparse.Namespace) -> int:
        from ..errors import MissingExtraError

        try:
            return int(handler(args))
        except (MissingExtraError, ValueError) as error:
            sys.stderr.write(f"ecrislib: {error}\n")
            return int(_flags().USAGE)

    return run


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("archives", nargs="+", metavar="ARCHIVE", help="folder, zip, tar(.gz/.bz2/.xz) or transport journal (SQLite)")
    parser.add_argument("--scheduler", metavar="ADDR", help="run on Dask: tcp://host:8786, or local:N for N local worker processes")
    parser.add_argument("--chunk-size", type=_positive, default=2000, help="members per task and per index partition (default 2000)")
    parser.add_argument("--disable", action="append", metavar="RULE", help="switch a business or code rule off (repeatable)")
    parser.add_argument("--no-codes", action="store_true", help="do not check codes against the code tables")


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


class _FormatGiven(argparse.Action):
    def __call__(self, parser: Any, namespace: argparse.Namespace, values: Any, option: Any = None) -> None:
        namespace.format = values
        namespace.format_given = True


def register(commands: Any) -> None:
    """Add ``archive`` (``validate``, ``index``) and ``stats`` to ``ecrislib``'s sub-parsers."""
    archive = commands.add_parser("archive", help="validate or index whole message archives (folders, zip, tar, journals)")
    actions = archive.add_subparsers(dest="archive_command", required=True)
    validate = actions.add_parser("validate", help="validate every message of the archives",
                                  description="Validate every message of the archives; exit status as in ecrislib validate.")
    _common(validate)
    validate.add_argument("--format", choices=("text", "json"), default="text", help="text, or JSON lines then a summary")
    validate.add_argument("--quiet", "-q", action="store_true", help="print only members with errors or warnings")
    validate.set_defaults(handler=_guarded(_validate))
    index = actions.add_parser("index", help="write the message index (no personal data) as Parquet",
                               description="Write the message index of the archives as partitioned Parquet in DIR.")
    _common(index)
    index.add_argument("-o", "--out", required=True, metavar="DIR", help="folder for part-*.parquet (empty or new)")
    index.set_defaults(handler=_guarded(_index))

    stats = commands.add_parser("stats", help="statistics from a message index: CSV, JSON, HTML report",
                                description="The Commission's figures from an index written by ecrislib archive index.")
    stats.add_argument("index", metavar="INDEX", help="folder written by ecrislib archive index")
    stats.add_argument("--format", choices=("csv", "json"), default="csv", action=_FormatGiven, help="csv (default) or json")
    stats.add_argument("--html", metavar="FILE", help="also write a self-contained HTML report with plots")
    stats.add_argument("--output", "-o", metavar="FILE", help="write the CSV or JSON to FILE instead of stdout")
    stats.add_argument("--scheduler", metavar="ADDR", help="aggregate with dask.dataframe on this scheduler (tcp://... or local:N)")
    stats.set_defaults(handler=_guarded(_stats), format_given=False)
    # usage errors exit 8 (USAGE) through the parser class of ecrislib.cli, like every command
