"""The message index: one flat row per archived message, with no personal data.

A row holds what the Commission's statistics and an audit need (IDs, type, states, time, codes,
counts, validity) and nothing that identifies a person: no name, birth date, identity number or
free text. This is enforced by construction, not by care: every value comes from an element
whose content is a code, an ID, a date or an enumeration, and is kept only if it has exactly
the form of that code (:data:`_FORMS`); anything else, even in that element of a malformed
message, becomes null. The member name is the one value taken from outside the message.

The columns are :data:`COLUMNS` (name, Arrow type, meaning), documented in docs/archives.md;
rows are plain dicts (:func:`index_row`) so that computing them needs no extra, and Parquet
writing (:func:`write_part`) needs the ``archive`` extra (pyarrow).
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Final

from ..extras import require
from .readers import Member

__all__ = ["COLUMNS", "arrow_schema", "index_row", "index_rows", "write_part", "part_name", "schema_markdown"]

#: The index's columns: name, Arrow type (as pyarrow spells it), meaning. The one place for them.
COLUMNS: Final[tuple[tuple[str, str, str], ...]] = (
    ("archive", "string", "the archive the message came from, as named on the command line"),
    ("member", "string", "the member inside the archive (relative path, zip/tar name, OWNER/SEQ in a journal)"),
    ("message_id", "string", "MessageMetaDataMessageID, e.g. GB-RO-REQ-000000000000001"),
    ("type", "string", "type code from the message ID: REQ, RDL, RRS, NOT, NRS, RAI, RAR, FEM, CAN, IAL"),
    ("root", "string", "root element, e.g. RequestMessage (one of the 15)"),
    ("sender", "string", "sending member state (from the message ID)"),
    ("receiver", "string", "receiving member state (from the message ID)"),
    ("timestamp", "timestamp[ms, tz=UTC]", "MessageMetaDataTimestamp in UTC (no offset is read as UTC)"),
    ("response_to", "string", "MessageMetaDataResponseTo: the message this one answers or cancels"),
    ("purpose_category", "string", "request purpose category code (P-..-......), requests only"),
    ("urgency", "string", "Yes, No or UNKNOWN, requests only"),
    ("response_type", "string", "response type code: RRT-.. (RRS), NRT-.. (NRS), ART-.. (RAR)"),
    ("convictions", "int32", "number of convictions carried (RRS: 0..n, NOT: 1)"),
    ("offence_categories", "list<string>", "common offence categories (O-..-......) of the convictions, sorted, distinct"),
    ("accusation_categories", "list<string>", "offence categories of a request's accusation, sorted, distinct"),
    ("information_requested", "list<string>", "what a RAI asks for (BirthPlace, IdentityNumber...: element names, not values)"),
    ("deadline", "date32", "the deadline an RDL announces"),
    ("is_update", "bool", "a notification that updates an earlier conviction (UpdatedConvictionReference)"),
    ("is_deletion", "bool", "a notification with a decision to delete the conviction from the register"),
    ("fe_codes", "list<string>", "functional error codes of a FEM (FE-.....)"),
    ("valid", "bool", "no validation error (warnings allowed)"),
    ("error_rules", "list<string>", "rule IDs of the validation errors, sorted, distinct"),
    ("warning_rules", "list<string>", "rule IDs of the validation warnings, sorted, distinct"),
    ("size", "int64", "size of the message in bytes"),
)

_MESSAGE_ID = re.compile(r"([A-Z]{2})-([A-Z]{2})-(REQ|RDL|RRS|NOT|NRS|RAI|RAR|FEM|CAN|IAL)-[0-9]{15}")
#: The form a value must have to enter the index, by element local name.
_FORMS: Final = {
    "MessageDataRequestPurposeCategoryReference": re.compile(r"P-[0-9]{2}-[0-9]{6}"),
    "MessageDataUrgency": re.compile(r"Yes|No|UNKNOWN"),
    "MessageDataRequestResponseTypeReference": re.compile(r"RRT-[0-9]{2}-[0-9]{2}"),
    "MessageDataNotificationResponseTypeReference": re.compile(r"NRT-[0-9]{2}-[0-9]{2}"),
    "MessageDataRequestAdditionalInfoResponseTypeReference": re.compile(r"ART-[0-9]{2}-[0-9]{2}"),
    "OffenceCommonCategoryReference": re.compile(r"O-[0-9]{2}-[0-9]{6}"),
    "MessageDataAccusationOffenceCategoryReference": re.compile(r"O-[0-9]{2}-[0-9]{6}"),
    "MessageDataAdditionalInformationRequested": re.compile(
        r"Forename|Surname|SecondSurname|Sex|BirthDate|BirthPlace|Nationality|FormerName|MotherName|FatherName"
        r"|IdentityNumber|IdentificationDocument|Address|Alias|Fingerprints|MoreInformationOnRequestPurpose"
    ),
    "FunctionalErrorCode": re.compile(r"FE-[0-9]{5}"),
    "MessageDataDeadline": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
    "DecisionDeleteConvictionFromRegister": re.compile(r"Yes|No|UNKNOWN"),
    "MessageMetaDataMessageID": _MESSAGE_ID,
    "MessageMetaDataResponseTo": _MESSAGE_ID,
}
_RESPONSE_TYPES: Final = (
    "MessageDataRequestResponseTypeReference",
    "MessageDataNotificationResponseTypeReference",
    "MessageDataRequestAdditionalInfoResponseTypeReference",
)
_LISTS: Final = {
    "OffenceCommonCategoryReference": "offence_categories",
    "MessageDataAccusationOffenceCategoryReference": "accusation_categories",
    "MessageDataAdditionalInformationRequested": "information_requested",
    "FunctionalErrorCode": "fe_codes",
}
_WANTED: Final = tuple(f"{{*}}{name}" for name in (*_FORMS, "MessageMetaDataTimestamp", "MessageDataConviction", "MessageDataUpdatedConvictionReference"))


def _roots() -> frozenset[str]:
    from ..model.messages import MESSAGE_CLASSES

    return frozenset(cls.ROOT for cls in MESSAGE_CLASSES)


def _timestamp(text: str) -> _dt.datetime | None:
    from ..errors import ModelError
    from ..model.common import Timestamp

    try:
        value = Timestamp(text).to_datetime()
    except (ModelError, ValueError, OverflowError):
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=_dt.timezone.utc)
    return value.astimezone(_dt.timezone.utc)


def _date(text: str) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        return None


def _empty_row(member: Member) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(name for name, _type, _doc in COLUMNS)
    row.update(archive=member.archive, member=member.name, convictions=0, is_update=False, is_deletion=False,
               size=len(member.data or b""))
    for column in (*_LISTS.values(), "error_rules", "warning_rules"):
        row[column] = []
    return row


def index_row(member: Member, options: Any = None) -> dict[str, Any]:
    """The index row of one readable member: parsed once through the hardened parser,
    validated (``options``: :class:`~ecrislib.validation.ValidationOptions`), then read for
    codes. Unreadable or unsafe XML gives a row with ``valid`` false and its ``XML-*`` rule."""
    from ..errors import XmlError
    from ..validation import ValidationOptions, validate
    from ..xml import parser

    if member.data is None:
        raise ValueError("a member without data has no index row (it was reported and skipped)")
    options = ValidationOptions() if options is None else options
    row = _empty_row(member)
    try:
        root = parser.load(member.data, options.parser_limits())
    except XmlError:
        root = None
    report = validate(member.data if root is None else root, options)
    row["valid"] = report.ok
    row["error_rules"] = sorted({issue.rule_id for issue in report.errors})
    row["warning_rules"] = sorted({issue.rule_id for issue in report.warnings})
    if root is not None:
        _read_codes(root, row)
    return row


def _read_codes(root: Any, row: dict[str, Any]) -> None:
    name = root.tag.rpartition("}")[2] if isinstance(root.tag, str) else ""
    row["root"] = name if name in _roots() else None
    lists: dict[str, set[str]] = {column: set() for column in _LISTS.values()}
    response_type: str | None = None
    for element in root.iter(*_WANTED):
        local = element.tag.rpartition("}")[2]
        if local == "MessageDataConviction":
            row["convictions"] += 1
            continue
        if local == "MessageDataUpdatedConvictionReference":
            row["is_update"] = True
            continue
        text = (element.text or "").strip()
        if local == "MessageMetaDataTimestamp":
            row["timestamp"] = row["timestamp"] or _timestamp(text)
            continue
        form = _FORMS[local]
        if not form.fullmatch(text):
            continue  # not the form of this code: never copied, whatever it holds
        if local in _LISTS:
            lists[_LISTS[local]].add(text)
        elif local == "MessageMetaDataMessageID" and row["message_id"] is None:
            match = form.fullmatch(text)
            assert match is not None
            row.update(message_id=text, sender=match.group(1), receiver=match.group(2), type=match.group(3))
        elif local == "MessageMetaDataResponseTo" and row["response_to"] is None:
            row["response_to"] = text
        elif local == "MessageDataRequestPurposeCategoryReference":
            row["purpose_category"] = text
        elif local == "MessageDataUrgency":
            row["urgency"] = text
        elif local in _RESPONSE_TYPES:
            response_type = response_type or text
        elif local == "MessageDataDeadline":
            row["deadline"] = _date(text)
        elif local == "DecisionDeleteConvictionFromRegister" and text == "Yes" and row["root"] in ("NotificationMessage", "NotificationPushMessage"):
            row["is_deletion"] = True
    row["response_type"] = response_type
    for column, values in lists.items():
        row[column] = sorted(values)


def index_rows(members: Iterable[Member], options: Any = None) -> Iterator[dict[str, Any]]:
    """Index rows of the readable members (broken ones are skipped: the caller reports them)."""
    for member in members:
        if member.data is not None:
            yield index_row(member, options)


def arrow_schema() -> Any:
    """:data:`COLUMNS` as a ``pyarrow.Schema`` (needs the ``archive`` extra)."""
    pa = require("archive", "pyarrow", "the message index")
    types = {
        "string": pa.string(), "int32": pa.int32(), "int64": pa.int64(), "bool": pa.bool_(), "date32": pa.date32(),
        "timestamp[ms, tz=UTC]": pa.timestamp("ms", tz="UTC"), "list<string>": pa.list_(pa.string()),
    }  # fmt: skip
    return pa.schema([pa.field(name, types[kind]) for name, kind, _doc in COLUMNS])


def part_name(number: int) -> str:
    """File name of index partition ``number``: ``part-00000.parquet``..."""
    return f"part-{number:05d}.parquet"


def write_part(rows: list[dict[str, Any]], folder: str | os.PathLike[str], number: int) -> Path:
    """Write one partition of the index, atomically (a temporary file renamed into place), so a
    crash never leaves a half-written part that a reader would take for a whole one."""
    pa = require("archive", "pyarrow", "the message index")
    pq = require("archive", "pyarrow.parquet", "the message index")
    table = pa.Table.from_pylist(rows, schema=arrow_schema())
    target = Path(folder) / part_name(number)
    temporary = target.with_name(f".{target.name}.tmp")
    pq.write_table(table, temporary, compression="zstd")
    os.replace(temporary, target)
    return target


def schema_markdown() -> str:
    """The schema table of docs/archives.md, generated from :data:`COLUMNS`."""
    lines = ["| column | type | meaning |", "|---|---|---|"]
    lines += [f"| `{name}` | {kind} | {doc} |" for name, kind, doc in COLUMNS]
    return "\n".join(lines) + "\n"
