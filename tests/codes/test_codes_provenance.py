"""Every bundled entry says where it comes from; the bundled data matches its description."""

from __future__ import annotations

import csv
import re
from importlib import resources
from pathlib import Path

import pytest

from ecrislib.codes import SECTION_NAMES, CodeTables, Evidence, build_bundled, bundled
from ecrislib.codes.sections import derive_parent, section

SHARED = Path("/work/shared/data/reference-tables")
DATA = resources.files("ecrislib.codes").joinpath("data")


def test_every_entry_of_every_table_has_provenance(tables: CodeTables) -> None:
    assert [t.name for t in tables] == list(SECTION_NAMES)
    assert len(SECTION_NAMES) == 23  # the sections of crt:CommonReferenceTable
    count = 0
    for table in tables:
        for entry in table:
            count += 1
            assert entry.table == table.name
            prov = entry.provenance
            assert isinstance(prov.evidence, Evidence), entry
            assert prov.source, entry
            assert prov.evidence.description
            assert not prov.official  # nothing bundled is from an official CRT
            for lang in entry.labels if prov.evidence is not Evidence.ISO else ("en",):
                assert entry.label_provenance(lang) is prov
    assert count > 900


def test_every_identifier_has_its_table_pattern(tables: CodeTables) -> None:
    for table in tables:
        pattern = section(table.name).id_pattern
        for entry in table:
            assert pattern.fullmatch(entry.technical_id), entry
            if table.section.dispatch:
                assert tables.get(entry.technical_id) is entry


def test_unverified_labels_stay_visible(tables: CodeTables) -> None:
    killing = tables.get("O-00-080100")
    assert killing is not None
    assert killing.provenance.evidence is Evidence.RECALLED
    assert not killing.provenance.verified
    assert "offence-categories.csv" in killing.provenance.source
    genocide = tables.get("O-00-010100")
    assert genocide is not None and genocide.provenance.verified
    authority = tables.get("CA-00-RO")
    assert authority is not None and authority.provenance.evidence is Evidence.DERIVED
    assert authority.name == "Central authority of Romania"
    assert not authority.provenance.verified and not authority.provenance.official


def test_category_counts_and_parents_follow_the_codes(tables: CodeTables) -> None:
    for name, categories, subcategories in (
        ("OffenceCategories", 27, 160),
        ("SanctionCategories", 12, 58),
    ):
        table = tables[name]
        assert len(table.roots()) == categories
        assert len(table) == categories + subcategories
        for entry in table:
            assert entry.open_category is (entry.parent is None)
            assert entry.parent == derive_parent(name, entry.technical_id)


def test_offence_identifier_is_the_code_without_its_space(tables: CodeTables) -> None:
    for entry in tables["OffenceCategories"]:
        assert entry.technical_id == "O-00-" + (entry.code or "").replace(" ", "")
    for entry in tables["SanctionCategories"]:
        assert entry.technical_id == f"S-00-{int(entry.code or ''):06d}"


FILES = [
    "README.md",
    "offence-categories.csv",
    "sanction-categories.csv",
    "offence-parameters.csv",
    "other-tables.csv",
]


@pytest.mark.parametrize("name", FILES)
def test_bundled_files_are_unchanged_copies(name: str) -> None:
    shipped = DATA.joinpath(name).read_bytes()
    if not SHARED.exists():
        pytest.skip("the shared reference data folder is not available here")
    assert shipped == (SHARED / name).read_bytes()


def test_notice_starts_with_provenance() -> None:
    text = DATA.joinpath("NOTICE.md").read_text(encoding="utf-8")
    assert re.search(r"^## PROVENANCE$", text, re.M)
    assert text.index("PROVENANCE") < 200


def test_every_data_row_becomes_an_entry(tables: CodeTables) -> None:
    with DATA.joinpath("other-tables.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            entry = tables[row["table"]].get(row["technical_identifier"])
            assert entry is not None, row
            assert entry.labels.get("en", "") == row["label_en"]


def test_bundled_is_built_once_and_shared() -> None:
    assert bundled() is bundled()
    fresh = build_bundled()
    assert fresh is not bundled()
    assert fresh["OffenceCategories"] == bundled()["OffenceCategories"]
