"""``ecrislib validate PATH...``: bulk validation of files, folders, zip archives and stdin.

Inputs are enumerated lazily and validated in chunks (across processes with ``--jobs``), and
each result is printed and forgotten as soon as it arrives, so memory stays flat over any
number of files. Heavy modules are imported inside the handler only.
"""

from __future__ import annotations

import argparse
import enum
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from .. import exit_status

__all__ = ["ExitFlag", "register", "exit_flags_markdown"]


class ExitFlag(enum.IntFlag):
    """Bits of the exit status of ``ecrislib validate`` (0 = every input valid and clean)."""

    #: at least one input has an error
    ERRORS = 1
    #: at least one input has warnings but no error
    WARNINGS = 2
    #: at least one input could not be read (missing file, bad zip, unreadable XML is an error)
    UNREADABLE = 4
    #: bad command line (the status of every ecrislib command; never added to the bits above)
    USAGE = exit_status.USAGE


_FLAG_TEXT = {
    ExitFlag.ERRORS: "some input has at least one error (invalid message, or unreadable/unsafe XML)",
    ExitFlag.WARNINGS: "some input has warnings and no error",
    ExitFlag.UNREADABLE: "some input could not be opened (missing path, unreadable file or zip archive)",
    ExitFlag.USAGE: "usage error (bad option); nothing was validated",
}


def exit_flags_markdown() -> str:
    """The exit-status table of docs/validation.md, generated from :class:`ExitFlag`."""
    lines = ["| bit | name | meaning |", "|---|---|---|", "| 0 | (none) | every input is valid, with no warning |"]
    for flag in ExitFlag:
        lines.append(f"| {int(flag)} | {flag.name} | {_FLAG_TEXT[flag]} |")
    return "\n".join(lines) + "\n"


# An input item: (display name, kind, locator). kind: "file" (path), "bytes" (a zip member's
# bytes), "too-big" (a zip member over the size limit, not read), "stdin" (the binary stream,
# read in chunks under the parser's size limit).
Item = tuple[str, str, Any]


def _inputs(paths: list[str], stdin: Any, limits: Any) -> Iterator[Item | tuple[str, str, str]]:
    """Every input to validate, lazily; unreadable ones come as ``(name, "unreadable", why)``."""
    import os
    from pathlib import Path

    for raw in paths:
        if raw == "-":
            yield ("<stdin>", "stdin", stdin)
            continue
        path = Path(raw)
        if path.is_dir():
            found = False
            for folder, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    if name.lower().endswith(".xml"):
                        found = True
                        yield (str(Path(folder) / name), "file", str(Path(folder) / name))
                    elif name.lower().endswith(".zip"):
                        found = True
                        yield from _zip_members(str(Path(folder) / name), limits)
            if not found:  # nothing to validate is not "all valid"
                yield (raw, "unreadable", "no *.xml or *.zip file in this folder")
        elif path.is_file() and raw.lower().endswith(".zip"):
            yield from _zip_members(raw, limits)
        elif path.is_file():
            yield (raw, "file", raw)
        else:
            yield (raw, "unreadable", "no such file or directory")


def _zip_members(archive: str, limits: Any) -> Iterator[Any]:
    """The ``.xml`` members of a zip, read in one pass over the archive (opened once: reopening
    it for every member made a zip of N members cost N central-directory reads, quadratic)."""
    from ..archive.readers import archive_kind, read_archive

    if archive_kind(archive) != "zip":
        yield (archive, "unreadable", "not a readable zip archive")
        return
    found = False
    for member in read_archive(archive, limits):
        if not member.name:  # the archive itself could not be read
            yield (archive, "unreadable", member.problem)
            return
        found = True
        if member.data is not None:
            yield (member.source, "bytes", member.data)
        elif member.problem is not None and member.problem.endswith("[xml.size]"):
            yield (member.source, "too-big", None)
        else:
            yield (member.source, "unreadable", member.problem)
    if not found:
        yield (archive, "unreadable", "no *.xml member in this zip archive")


def _validate_item(item: Any, options: Any, max_bytes: int) -> dict[str, Any]:
    """Validate one input; returns a small JSON-ready dict (the report is not kept)."""
    from pathlib import Path

    from . import validate

    name, kind, locator = item
    if kind == "ready":  # settled in the parent (see _run's ordered), kept in its place
        return locator  # type: ignore[no-any-return]
    try:
        if kind == "file":
            # Read whole (size checked with os.stat first), then parsed from bytes: feeding the
            # parser chunk by chunk costs a fresh parser per file, about 0.1 ms of a 1 ms file.
            from ..errors import XmlError
            from ..xml.parser import read_limited

            try:
                data = read_limited(Path(locator), options.parser_limits())
            except XmlError:  # over the size limit: reported by validate as before
                report = validate(Path(locator), options)
            else:
                report = validate(data, options)
        elif kind == "bytes":  # a zip member, read by the archive reader under the size limit
            report = validate(locator, options)
        elif kind == "too-big":  # a zip member over the size limit, refused without reading
            from ..errors import XmlLimitError

            raise XmlLimitError("zip member is over the size limit", rule="xml.size")
        elif kind == "stdin":
            from ..xml.parser import read_limited

            # Read in chunks under the size limit before parsing: an oversized input is refused
            # holding at most max_bytes, whatever it contains (a tree can take 35x its bytes).
            report = validate(read_limited(locator, options.parser_limits()), options)
        else:
            report = validate(locator, options)
    except OSError as error:
        return {"source": name, "unreadable": True, "reason": error.strerror or type(error).__name__}
    except Exception as error:  # XmlLimitError for zip members, or a bug: keep the batch going
        from ..errors import XmlError

        if isinstance(error, XmlError):
            return {"source": name, "ok": False, "errors": 1, "warnings": 0, "infos": 0,
                    "issues": [{"rule_id": "XML-LIMIT", "severity": "error", "message": error.message}]}
        return {"source": name, "unreadable": True, "reason": f"internal error ({type(error).__name__})"}
    result = report.to_dict()
    result["source"] = name
    return result


def _validate_chunk(chunk: list[Any], options: Any, max_bytes: int) -> list[dict[str, Any]]:
    return [_validate_item(item, options, max_bytes) for item in chunk]


def _chunks(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _text(result: dict[str, Any], quiet: bool) -> str:
    """The text lines of one result ('' when ``quiet`` leaves it out)."""
    name = result["source"]
    if result.get("unreadable"):
        return f"{name}: UNREADABLE ({result['reason']})\n"
    if quiet and result["ok"] and not result["warnings"]:
        return ""
    state = "valid" if result["ok"] else "INVALID"
    lines = [f"{name}: {state} ({result['errors']} errors, {result['warnings']} warnings, {result['infos']} infos)\n"]
    for issue in result["issues"]:
        if quiet and issue["severity"] == "info":
            continue
        where = issue.get("path") or "(document)"
        if issue.get("line"):
            where += f" line {issue['line']}"
        lines.append(f"  {issue['severity'].upper()} {issue['rule_id']} {where}: {issue['message']}\n")
    return "".join(lines)


def _warm(options: Any) -> None:
    """Load what every validation needs: the engine with the model and rules it imports (some
    sixty attrs classes, about 0.1 s), the compiled schema and the code tables. Done in the
    parent before the pool forks, so that workers inherit them instead of each paying for them
    on its first chunk."""
    from ..xml import schemas
    from . import engine  # noqa: F401 - imported for its side effect: the model is built

    schemas.lxml_schema()
    if options.check_codes:
        options.tables()


def _feed(items: Iterator[Any], jobs: int, chunk_size: int, options: Any, max_bytes: int, handle: Any) -> None:
    """Validate every item, in this process or in ``jobs`` worker processes, and hand each
    result to ``handle`` in the order of the items (whatever order the workers finish in), so
    the output is the same for any ``--jobs``."""
    if jobs == 1:
        for item in items:
            handle(_validate_item(item, options, max_bytes))
    else:
        import collections
        import concurrent.futures as cf
        import itertools

        _warm(options)
        import gc

        # This process owns its collector: what was built so far (schema, tables, model) is
        # moved out of the collector's sight, so forked workers never touch those pages for a
        # collection (copy-on-write would copy them into every worker).
        gc.freeze()
        # Under fork the initializer finds everything loaded already; under spawn or forkserver
        # (macOS, Python 3.14) it loads once per worker, before the first chunk.
        with cf.ProcessPoolExecutor(max_workers=jobs, initializer=_warm, initargs=(options,)) as pool:
            chunks = _chunks(items, chunk_size)
            # A bounded number of chunks in flight, oldest first: memory stays flat whatever
            # the input, and results are handed on in input order while later chunks run.
            pending: collections.deque[cf.Future[list[dict[str, Any]]]] = collections.deque(
                pool.submit(_validate_chunk, chunk, options, max_bytes) for chunk in itertools.islice(chunks, jobs * 2)
            )
            while pending:
                for result in pending.popleft().result():
                    handle(result)
                nxt = next(chunks, None)
                if nxt is not None:
                    pending.append(pool.submit(_validate_chunk, nxt, options, max_bytes))


def _run(args: argparse.Namespace) -> int:
    import json

    from ..progress import Progress
    from ..xml.parser import ParserLimits
    from .options import ValidationOptions
    from .report import Severity

    out: TextIO = sys.stdout
    try:
        options = ValidationOptions(
            disabled=frozenset(args.disable or ()),
            severities={rule: Severity(level) for rule, level in args.severity or ()},
            reveal_values=args.reveal_values,
            check_codes=not args.no_codes,
            limits=None if args.max_bytes is None else ParserLimits(max_bytes=args.max_bytes),
            max_issues=args.max_issues,
        )
    except ValueError as error:
        sys.stderr.write(f"ecrislib validate: {error}\n")
        return int(ExitFlag.USAGE)
    max_bytes = options.parser_limits().max_bytes
    status = ExitFlag(0)
    counts = {"files": 0, "valid": 0, "errors": 0, "warnings": 0, "unreadable": 0}
    # total, rate and ETA on stderr when it is a terminal; counting the inputs first (a walk of
    # the folders and zip directories, no parsing) is done only then
    progress = Progress(unit="input", description="validating", stream=sys.stderr)
    if progress.drawing:
        progress.set_total(sum(1 for _ in _inputs(args.paths, sys.stdin.buffer, options.parser_limits())))
    items = _inputs(args.paths, sys.stdin.buffer, options.parser_limits())

    def ordered(stream: Iterator[Any]) -> Iterator[Any]:
        """The inputs, with what needs no worker settled here as a ``ready`` result that keeps
        its place in the output: an unreadable input, and stdin (a stream cannot go to a
        worker process, so it is read and validated here)."""
        for item in stream:
            if item[1] == "unreadable":
                yield (item[0], "ready", {"source": item[0], "unreadable": True, "reason": item[2]})
            elif item[1] == "stdin":
                yield (item[0], "ready", _validate_item(item, options, max_bytes))
            else:
                yield item

    def handle(result: dict[str, Any]) -> None:
        nonlocal status
        counts["files"] += 1
        if result.get("unreadable"):
            counts["unreadable"] += 1
            status |= ExitFlag.UNREADABLE
        elif not result["ok"]:
            counts["errors"] += 1
            status |= ExitFlag.ERRORS
        elif result["warnings"]:
            counts["warnings"] += 1
            status |= ExitFlag.WARNINGS
        else:
            counts["valid"] += 1
        text = json.dumps(result, ensure_ascii=False) + "\n" if args.format == "json" else _text(result, args.quiet)
        if text:
            progress.write(text, out)
        progress.update()

    try:
        _feed(ordered(items), args.jobs, args.chunk_size, options, max_bytes, handle)
    finally:  # the bar goes away also when the run stops early (a closed pipe, Ctrl-C)
        progress.close()
    summary = (
        f"{counts['files']} inputs: {counts['valid']} valid, {counts['warnings']} with warnings only, "
        f"{counts['errors']} with errors, {counts['unreadable']} unreadable"
    )
    if args.format == "json":
        out.write(json.dumps({"summary": counts, "exit_status": int(status)}) + "\n")
    else:
        out.write(summary + "\n")
    out.flush()
    return int(status)


def register(commands: Any) -> None:
    """Add the ``validate`` subcommand to ``ecrislib``'s argparse sub-parsers."""
    parser = commands.add_parser(
        "validate",
        help="validate ECRIS messages (files, folders, zip archives, - for stdin)",
        description="Validate ECRIS v1.0 messages: schema, identifiers, business rules and code tables. "
        "The exit status is a sum of bit flags: 1 errors, 2 warnings only, 4 unreadable input; 8 is a usage error.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="file, folder (*.xml, *.zip inside, recursive), zip archive, or -")
    parser.add_argument("--jobs", "-j", type=_at_least_one, default=1, help="worker processes (default 1)")
    parser.add_argument("--chunk-size", type=_at_least_one, default=64, help="files per task sent to a worker (default 64)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="text, or JSON lines (one per input, then a summary)")
    parser.add_argument("--quiet", "-q", action="store_true", help="text format: print only inputs with errors or warnings")
    parser.add_argument("--disable", action="append", metavar="RULE", help="switch a business or code rule off (repeatable)")
    parser.add_argument("--severity", action="append", type=_rule_level, metavar="RULE=LEVEL",
                        help="override a rule's severity (error, warning, info), e.g. ECRIS-R-010=warning (repeatable)")
    parser.add_argument("--no-codes", action="store_true", help="do not check codes against the code tables")
    parser.add_argument("--reveal-values", action="store_true", help="include offending values (personal data!) in the output")
    parser.add_argument("--max-bytes", type=_at_least_one, metavar="N",
                        help="largest input accepted, in bytes (default: the parser's, 16 MiB); larger ones are an XML-LIMIT error")
    parser.add_argument("--max-issues", type=_issue_cap, default=100, metavar="N",
                        help="list at most N issues per input, the most severe first, then count the rest (default 100; 'all' for no cap)")
    parser.set_defaults(handler=_run)


def _issue_cap(text: str) -> int | None:
    return None if text == "all" else _at_least_one(text)


def _at_least_one(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return value


def _rule_level(text: str) -> tuple[str, str]:
    """``RULE=LEVEL`` of ``--severity``: a usage error, naming what is expected, when malformed."""
    rule, equals, level = text.partition("=")
    if not equals or not rule or level not in ("error", "warning", "info"):
        raise argparse.ArgumentTypeError(f"{text}: expected RULE=LEVEL, LEVEL one of error, warning, info")
    return rule, level
