"""The message index: its documented schema, its values for the golden and invalid corpora, and
no personal data in it, even from malformed messages."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import re
import zipfile
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from lxml import etree

from tests.support import archive_kit
from ecrislib.archive.index import COLUMNS, arrow_schema, index_row, schema_markdown
from ecrislib.archive.readers import Member, read_archive
from ecrislib.archive.run import chunks, index_chunk

DATA = Path(__file__).parents[1] / "data"
_MESSAGE_ID = re.compile(r"[A-Z]{2}-[A-Z]{2}-[A-Z]{3}-[0-9]{15}")


def _row(path: Path) -> dict[str, Any]:
    return index_row(Member("corpus", path.name, path.read_bytes()))


def test_parquet_files_have_the_documented_schema(world: dict[str, Any]) -> None:
    parts = sorted(Path(world["index"]).glob("part-*.parquet"))
    assert len(parts) > 1
    for part in parts:
        assert pq.read_schema(part).remove_metadata().equals(arrow_schema())
    docs = (Path(__file__).parents[2] / "docs" / "archives.md").read_text(encoding="utf-8")
    assert schema_markdown() in docs  # the docs' table is the code's table


def test_golden_messages_give_the_rows_their_content_says() -> None:
    request = _row(DATA / "valid" / "request-minimal.xml")
    assert request["valid"] is True and request["error_rules"] == []
    assert (request["type"], request["root"], request["response_to"]) == ("REQ", "RequestMessage", None)
    assert request["message_id"].startswith(f"{request['sender']}-{request['receiver']}-REQ-")
    assert request["purpose_category"] and request["purpose_category"].startswith("P-")
    assert request["timestamp"].tzinfo is not None
    fem = _row(DATA / "valid" / "functional-error.xml")
    assert fem["type"] == "FEM" and fem["fe_codes"] and all(c.startswith("FE-") for c in fem["fe_codes"])
    update = _row(DATA / "valid" / "notification-update-ecris-reference.xml")
    assert update["is_update"] is True and update["convictions"] == 1
    assert _row(DATA / "valid" / "notification.xml")["is_update"] is False
    deadline = _row(DATA / "valid" / "request-deadline.xml")
    assert isinstance(deadline["deadline"], dt.date) and deadline["response_to"]
    rai = _row(DATA / "valid" / "request-additional-info.xml")
    assert rai["information_requested"]


def _manifest() -> list[dict[str, str]]:
    with open(DATA / "invalid" / "MANIFEST.csv", encoding="utf-8") as file:
        return list(csv.DictReader(file))


@pytest.mark.parametrize("entry", _manifest(), ids=lambda e: e["file"])
def test_invalid_corpus_rows_name_the_broken_rule(entry: dict[str, str]) -> None:
    from ecrislib.validation import RULES

    row = _row(DATA / "invalid" / entry["file"])
    severity = RULES[entry["rule_id"]].severity.value
    if severity == "error":
        assert row["valid"] is False and entry["rule_id"] in row["error_rules"]
    elif severity == "warning":
        assert row["valid"] is True and entry["rule_id"] in row["warning_rules"]
    else:  # infos are not kept in the index
        assert entry["rule_id"] not in row["error_rules"] + row["warning_rules"]


def _cells(folder: Path) -> list[str]:
    """Every value of every index file as text (but counts and sizes, which are numbers that may
    equal a birth year by chance), plus the files' key-value metadata."""
    out = []
    for part in sorted(folder.glob("part-*.parquet")):
        table = pq.read_table(part)
        for name, column in table.to_pydict().items():
            if name not in ("size", "convictions"):
                out.extend(str(value) for value in column)
        for key, value in (pq.read_metadata(part).metadata or {}).items():
            out.append(key.decode("utf-8", "replace") + value.decode("utf-8", "replace"))
    return out


def _planted(name: str, counter: Any) -> bytes:
    """A golden message whose every leaf text and attribute carries a canary marker."""
    tree = etree.parse(str(DATA / "valid" / name))
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if len(element) == 0 and element.text and element.text.strip():
            element.text = f"QZCANARY{next(counter)}"
        for attribute in list(element.attrib):
            element.set(attribute, f"QZCANARY{next(counter)}")
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def test_no_canary_reaches_the_index(world: dict[str, Any], tmp_path: Path) -> None:
    # The simulated exchanges carry canary names, birth dates, identity numbers and free text
    # (archive_kit); malformed messages carry a canary in every single value.
    counter = itertools.count()
    planted = [(f"planted/{p.name}", _planted(p.name, counter)) for p in sorted((DATA / "valid").glob("*.xml"))]
    archive = archive_kit.write_zip(tmp_path / "canary.zip", archive_kit.xml_items(world["messages"]) + planted)
    index = tmp_path / "index"
    index.mkdir()
    for number, chunk in chunks(read_archive(archive), 400):
        index_chunk(number, chunk, str(index))
    cells = _cells(index)
    assert len(cells) > 10_000
    for canary in archive_kit.CANARIES:
        assert not any(canary in cell for cell in cells), canary
    assert not any("QZCANARY" in cell for cell in cells)
    # The birth year of every simulated person is in no value (but a message ID, or a member
    # name made of one, may end in ...1913 by chance).
    assert not any("1913" in _MESSAGE_ID.sub("", cell) for cell in cells)
    # ... and they really were in the archive's messages.
    with zipfile.ZipFile(archive) as zf:
        everything = b"".join(zf.read(name) for name in zf.namelist())
    for canary in (archive_kit.CANARY_FORENAME, archive_kit.CANARY_SURNAME, archive_kit.CANARY_IDENTITY, archive_kit.CANARY_TEXT):
        assert canary.encode() in everything, canary
    assert b"<c:DateYear>1913</c:DateYear>" in everything or b"1913" in everything


def test_every_column_is_documented_once() -> None:
    names = [name for name, _kind, _doc in COLUMNS]
    assert len(names) == len(set(names)) == len(arrow_schema().names)
