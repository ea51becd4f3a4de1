"""Archive readers: every kind yields the same members, the size limit holds before and while
reading, a broken member is reported and skipped, and a zip is opened once."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.support import archive_kit
from ecrislib.archive.readers import Member, archive_kind, read_archive, read_archives
from ecrislib.xml.parser import ParserLimits


@pytest.fixture(scope="module")
def items(world: dict[str, Any]) -> list[tuple[str, bytes]]:
    return archive_kit.xml_items(world["messages"][:60])


def _good(members: list[Member]) -> dict[str, bytes]:
    return {m.name: m.data for m in members if m.data is not None}


@pytest.mark.parametrize("kind", ["folder", "zip", "tar", "tar.gz", "tar.bz2"])
def test_every_kind_yields_the_same_members(kind: str, items: list[tuple[str, bytes]], tmp_path: Path) -> None:
    if kind == "folder":
        path = archive_kit.write_folder(tmp_path / "folder", items)
    elif kind == "zip":
        path = archive_kit.write_zip(tmp_path / "a.zip", items)
    else:
        mode = {"tar": "w", "tar.gz": "w:gz", "tar.bz2": "w:bz2"}[kind]
        path = archive_kit.write_tar(tmp_path / f"a.{kind}", items, mode)
    assert archive_kind(path) == ("folder" if kind == "folder" else kind.split(".")[0])
    members = list(read_archive(path))
    assert _good(members) == dict(items)
    assert all(m.problem is None for m in members)
    if kind != "folder":  # folders are read in sorted order; archives in their own order
        assert [m.name for m in members] == [name for name, _data in items]


def test_folder_order_is_sorted_and_non_xml_files_are_ignored(items: list[tuple[str, bytes]], tmp_path: Path) -> None:
    path = archive_kit.write_folder(tmp_path / "f", items)
    (path / "notes.txt").write_text("not a message")
    names = [m.name for m in read_archive(path)]
    assert names == sorted(name for name, _ in items)


def test_journal_yields_every_recorded_message(world: dict[str, Any], tmp_path: Path) -> None:
    from ecrislib.transport import Authority
    from ecrislib.transport import VirtualClock
    from ecrislib.transport import Journal
    from ecrislib.transport import MemoryNetwork
    from ecrislib.testing import factories

    clock = VirtualClock(archive_kit.START, seed=3)
    network = MemoryNetwork(clock)
    journal = Journal(tmp_path / "gb.sqlite")
    uk = Authority("GB", network, journal=journal)
    ro = Authority("RO", network)
    person = factories.person()
    ro.register.add_person(person, [factories.conviction()])
    for _ in range(3):
        uk.request(person, "RO")
    clock.run_until_idle()
    journal.close()
    expected = {str(e.message_id) for e in network.events if e.kind in ("sent", "delivered") and "GB" in (e.sender, e.receiver)}
    members = list(read_archive(tmp_path / "gb.sqlite"))
    assert archive_kind(tmp_path / "gb.sqlite") == "journal"
    from ecrislib.xml.codec import parse

    assert {str(parse(m.data).message_id) for m in members if m.data} == expected
    assert all(m.name.startswith("GB/") for m in members)


def test_oversized_members_are_skipped_without_reading_the_rest_of_the_archive(items: list[tuple[str, bytes]], tmp_path: Path) -> None:
    limits = ParserLimits(max_bytes=3000)
    big = b"<a>" + b"x" * 10_000 + b"</a>"  # compresses to a few bytes: the declared size decides
    archive = archive_kit.write_zip(tmp_path / "bomb.zip", [("big.xml", big), *items[:5]])
    members = list(read_archive(archive, limits))
    assert members[0].data is None and "size limit of 3000 bytes" in (members[0].problem or "")
    small = [m for m in members[1:] if len(dict(items)[m.name]) <= 3000]
    assert small and all(m.data == dict(items)[m.name] for m in small)
    tar = archive_kit.write_tar(tmp_path / "big.tar.gz", [("big.xml", big), *items[:2]])
    assert [m.problem is None for m in read_archive(tar, limits)][0] is False


def test_a_zip_member_that_lies_about_its_size_stops_at_the_limit(tmp_path: Path) -> None:
    path = archive_kit.write_zip(tmp_path / "liar.zip", [("a.xml", b"<a>" + b"y" * 5000 + b"</a>")])
    data = bytearray(path.read_bytes())
    # Rewrite the declared uncompressed size (local header and central directory) to 10 bytes.
    for offset in (22, data.rfind(b"PK\x01\x02") + 24):
        data[offset:offset + 4] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    (member,) = list(read_archive(path, ParserLimits(max_bytes=100)))
    assert member.data is None and member.problem  # a bad CRC or the size limit, never 5 KB in memory


def test_a_corrupt_zip_member_is_reported_and_the_next_one_read(items: list[tuple[str, bytes]], tmp_path: Path) -> None:
    path = tmp_path / "corrupt.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr("first.xml", items[0][1])
        zf.writestr("second.xml", items[1][1])
    data = bytearray(path.read_bytes())
    start = data.find(items[0][1][:50])
    data[start + 10] ^= 0xFF  # one flipped byte: the CRC no longer matches
    path.write_bytes(bytes(data))
    first, second = list(read_archive(path))
    assert first.data is None and "unreadable zip member" in (first.problem or "")
    assert second.data == items[1][1]


def test_a_truncated_tar_gz_reports_where_it_stopped(items: list[tuple[str, bytes]], tmp_path: Path) -> None:
    path = archive_kit.write_tar(tmp_path / "cut.tar.gz", items[:20])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    members = list(read_archive(path))
    assert members[-1].data is None and "damaged tar archive" in (members[-1].problem or "")
    assert all(m.data == dict(items)[m.name] for m in members[:-1])


def test_missing_and_foreign_inputs_are_reported_and_the_next_archive_read(items: list[tuple[str, bytes]], tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    good = archive_kit.write_zip(tmp_path / "good.zip", items[:3])
    members = list(read_archives([tmp_path / "missing.zip", tmp_path / "notes.txt", good]))
    assert [m.problem for m in members[:2]] == ["no such file or directory", "not a folder, zip, tar or journal archive"]
    assert _good(members[2:]) == dict(items[:3])


def test_a_file_that_is_not_a_journal_but_looks_like_one(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE other (x)")
    (member,) = list(read_archive(path))
    assert member.data is None and "journal" in (member.problem or "")


def test_a_zip_is_opened_once(items: list[tuple[str, bytes]], tmp_path: Path, monkeypatch: Any) -> None:
    path = archive_kit.write_zip(tmp_path / "once.zip", items)
    opened = []
    real = zipfile.ZipFile

    class Counting(real):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            opened.append(args[0])
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(zipfile, "ZipFile", Counting)
    assert len(list(read_archive(path))) == len(items)
    assert len(opened) == 1
