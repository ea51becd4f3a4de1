"""``ecrislib codes ...``: search and show code-table entries, export and check CRT documents.

ecrislib keeps no store of tables of its own (a program's tables are an explicit object, not a
global): ``codes import`` only checks a Common Reference Table document and says what it would
change; pass the document with ``--crt FILE`` to every command that should use it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..exit_status import FAILURE, OK, USAGE

if TYPE_CHECKING:
    from .entry import Entry
    from .registry import CodeTables

__all__ = ["register", "load_tables"]


def load_tables(crt: Path | None) -> CodeTables:
    """The bundled tables, with the CRT document at ``crt`` laid over them when given."""
    from .bundle import bundled
    from .crt import load_crt

    tables = bundled()
    if crt is not None:
        tables = tables.overlay(load_crt(crt, partial=True))
    return tables


def _crt_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--crt", type=Path, metavar="FILE", help="lay this Common Reference Table document over the bundled tables")


def register(commands: Any) -> None:
    """Add ``codes`` and its subcommands to the ``ecrislib`` parser."""
    codes = commands.add_parser("codes", help="code tables: search, show, export and import (check) CRT documents")
    sub = codes.add_subparsers(dest="codes_command", required=True)

    search = sub.add_parser(
        "search",
        help="find entries by legal code, identifier or words of the label (ranked; case, accents and word endings ignored)",
    )
    search.add_argument("text")
    search.add_argument("--lang", type=_label_language, default="en", help="language of the labels to search (default: en)")
    search.add_argument("--table", action="append", help="only this table (repeatable, case ignored), e.g. OffenceCategories")
    search.add_argument("--limit", type=_positive, default=20, help="show at most this many results (default: 20); the rest are counted")
    _crt_option(search)
    search.set_defaults(handler=_search)

    show = sub.add_parser("show", help="one entry: labels, code, validity, parent, children, provenance")
    show.add_argument("id", help="technical identifier (O-00-080100) or legal code (0801 00, 080100, 8002)")
    show.add_argument("--lang", type=_label_language, default="en", help="language of the label shown first (default: en)")
    show.add_argument("--table", help="look the code up in this table only (case ignored), e.g. OffenceCategories")
    _crt_option(show)
    show.set_defaults(handler=_show)

    export = sub.add_parser("export", help="write the tables as a Common Reference Table document")
    export.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    export.add_argument("--incomplete", choices=("skip", "error"), default="skip",
                        help="entries lacking a value the CRT requires: skip them and say how many (default) or fail")
    _crt_option(export)
    export.set_defaults(handler=_export)

    check = sub.add_parser("import", help="check a Common Reference Table document and show what it would overlay (stores nothing)")
    check.add_argument("file", type=Path)
    check.set_defaults(handler=_import)


def _label_language(text: str) -> str:
    """An EU official language (the languages the tables are labelled in), case ignored."""
    from .member_states import EU_OFFICIAL_LANGUAGES

    lang = text.lower()
    if lang not in EU_OFFICIAL_LANGUAGES:
        raise argparse.ArgumentTypeError(f"{text!r} is not a label language; the tables are labelled in {', '.join(EU_OFFICIAL_LANGUAGES)}")
    return lang


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _line(entry: Entry, lang: str, why: str = "") -> str:
    label = entry.label(lang)
    marker = f" [{label.lang}, fallback from {label.requested}]" if label.is_fallback and not label.is_code else ""
    code = f" {entry.code}" if entry.code else ""
    matched = f"; {why}" if why else ""
    return f"{entry.technical_id}{code}  {label.text}{marker}  ({entry.provenance.evidence.value}{matched})"


def _search(args: argparse.Namespace) -> int:
    tables = load_tables(args.crt)
    try:
        hits = tables.ranked_search(args.text, args.lang, tables=args.table)
    except KeyError as error:
        print(f"ecrislib codes search: {error.args[0]}", file=sys.stderr)
        return USAGE
    if not hits:
        print(f"no entry matches {args.text!r} in language {args.lang}")
        return FAILURE
    for hit in hits[: args.limit]:
        why = f"synonym: {args.text} -> {hit.matched}" if hit.why == "synonym" else ""
        print(_line(hit.entry, args.lang, why))
    more = len(hits) - args.limit
    if more > 0:
        print(f"... {more} more (of {len(hits)}; use --limit {len(hits)} to see all)")
    return OK


def _show(args: argparse.Namespace) -> int:
    from .member_states import EU_OFFICIAL_LANGUAGES

    tables = load_tables(args.crt)
    try:
        if args.table:
            one = tables[args.table].get(args.id)
            found = [] if one is None else [one]
        else:
            found = tables.find_code(args.id)
    except KeyError as error:
        print(f"ecrislib codes show: {error.args[0]}", file=sys.stderr)
        return USAGE
    if not found:
        print(f"{args.id!r} is not a code or identifier in the code tables" + (f" ({tables[args.table].name})" if args.table else ""))
        return FAILURE
    if len(found) > 1:
        print(f"ecrislib codes show: {args.id!r} is ambiguous: it is a code in {len(found)} tables:", file=sys.stderr)
        for candidate in found:
            print(f"  {candidate.table}: {_line(candidate, args.lang)}", file=sys.stderr)
        print("give --table TABLE, or the technical identifier", file=sys.stderr)
        return FAILURE
    entry = found[0]
    label = entry.label(args.lang)
    table = tables[entry.table]
    out = [
        f"{entry.technical_id}  {label.text}" + (f"  [{label.lang or 'code only'}, fallback from {label.requested}]" if label.is_fallback else ""),
        f"  table:        {entry.table}",
        f"  legal code:   {entry.code or '-'}",
        f"  valid:        {entry.valid_from.isoformat()} to {entry.valid_to.isoformat()}",
        f"  open category: {'yes' if entry.open_category else 'no'}",
    ]
    parent = table.parent(entry.technical_id)
    out.append(f"  parent:       {parent.technical_id + ' ' + parent.label(args.lang).text if parent else '-'}")
    children = table.children(entry.technical_id)
    out.append(f"  children:     {len(children) or '-'}")
    out.extend(f"    {child.technical_id} {child.label(args.lang).text}" for child in children)
    out.append("  labels (EU official languages):")
    for lang in EU_OFFICIAL_LANGUAGES:
        text = entry.labels.get(lang)
        if text:
            provenance = entry.label_provenance(lang)
            evidence = f"  ({provenance.evidence.value})" if provenance is not None else ""
            out.append(f"    {lang}: {text}{evidence}")
    provenance = entry.provenance
    out.append(f"  provenance:   {provenance.evidence.value}: {provenance.evidence.description}")
    out.append(f"                verified: {'yes' if provenance.verified else 'NO'}")
    out.append(f"                source: {provenance.source}")
    if provenance.note:
        out.append(f"                note: {provenance.note}")
    if entry.base is not None:
        out.append(f"  replaces:     {entry.base.provenance.evidence.value} entry from {entry.base.provenance.source}")
    print("\n".join(out))
    return OK


def _export(args: argparse.Namespace) -> int:
    from ecrislib.errors import EcrisError

    from .crt import build_crt, dump_crt
    from .sections import SECTION_NAMES

    tables = load_tables(args.crt)
    try:
        data = dump_crt(tables, incomplete=args.incomplete)
    except EcrisError as error:
        print(f"ecrislib codes export: {error}", file=sys.stderr)
        print("(use --incomplete skip to leave such entries out)", file=sys.stderr)
        return FAILURE
    skipped = []
    if args.incomplete == "skip":
        root = build_crt(tables, incomplete="skip")
        for holder, name in zip(root, SECTION_NAMES):
            left_out = len(tables[name]) - len(holder)
            if left_out:
                skipped.append(f"{name} {left_out} of {len(tables[name])}")
    if args.output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        try:
            args.output.write_bytes(data)
        except OSError as error:
            print(f"ecrislib codes: cannot write {args.output}: {error.strerror}", file=sys.stderr)
            return FAILURE
        print(f"wrote {args.output} ({len(data)} bytes)")
    if skipped:
        print(f"left out, lacking a value the CRT requires: {'; '.join(skipped)}", file=sys.stderr)
    return OK


def _import(args: argparse.Namespace) -> int:
    from ecrislib.errors import EcrisError

    from .bundle import bundled
    from .crt import load_crt

    try:
        document = load_crt(args.file, partial=True)
    except (OSError, EcrisError) as error:
        print(f"ecrislib codes import: {args.file}: not a usable Common Reference Table document: {error}", file=sys.stderr)
        return FAILURE
    base = bundled()
    total = new = changed = 0
    lines = []
    for table in document:
        if not table:
            continue
        languages: set[str] = set()
        added = overriding = relabelled = 0
        for entry in table:
            languages.update(entry.labels)
            old = base[table.name].get(entry.technical_id)
            if old is None:
                added += 1
            else:
                overriding += 1
                if any(old.labels.get(lang) != text for lang, text in entry.labels.items()):
                    relabelled += 1
        total += len(table)
        new += added
        changed += relabelled
        lines.append(
            f"  {table.name}: {len(table)} entries ({added} new, {overriding} override bundled ones, "
            f"{relabelled} with new or changed labels); languages: {', '.join(sorted(languages)) or '-'}"
        )
    print(f"{args.file}: valid Common Reference Table document, {total} entries")
    print("\n".join(lines) if lines else "  (no entries)")
    print(
        "Nothing was stored: ecrislib keeps no table store of its own. Use the document with "
        f"'--crt {args.file}' (ecrislib codes/render) or load_crt() + CodeTables.overlay() in code."
    )
    return OK
