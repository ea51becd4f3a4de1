"""National offence and penalty tables mapped to the common categories."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecrislib.codes import NationalTable, NationalTableError, NationalTables, bundled, example_table
from ecrislib.ids import OffenceId
from ecrislib.model import Offence, Sanction, YesNoUnknown


def test_the_example_table_is_marked_as_an_example_and_maps_to_known_categories() -> None:
    table = example_table()
    assert table.example and "EXAMPLE" in table.source
    assert table.country == "RO" and table.kind == "offence" and len(table) >= 5
    assert NationalTables([table]).check(bundled()) == []


def test_an_offence_from_a_national_code_in_one_call() -> None:
    tables = NationalTables([example_table()])
    offence = tables.offence("EX-RO-228", id="O-00001")
    assert isinstance(offence, Offence)
    assert offence.national_code == "EX-RO-228"
    assert offence.national_title.representations[0].value == "Furtul"
    assert offence.national_title.representations[0].language == "ro"
    assert offence.common_category.id == "O-00-170100"
    assert offence.legal_provisions == "art. 228 Cod penal"
    assert offence.id == OffenceId(1)
    assert offence.is_continuous is YesNoUnknown.UNKNOWN
    assert offence.recidivism is YesNoUnknown.UNKNOWN
    changed = tables.offence("EX-RO-228", id="O-00002", recidivism="Yes", occurrences=2)
    assert changed.recidivism is YesNoUnknown.YES and changed.occurrences == 2


def test_a_sanction_from_a_python_mapping() -> None:
    penalties = NationalTable.from_mapping(
        {"PEN-1": ("Amendă penală", "8002"), "PEN-2": {"title": "Închisoare", "common_category": "S-00-001001", "nature": "N-00-Z"}},
        country="RO", kind="sanction", language="ro",
    )
    tables = NationalTables([example_table(), penalties])
    sanction = tables.sanction("PEN-1", id="S-00001")
    assert isinstance(sanction, Sanction)
    assert sanction.common_category.id == "S-00-008002"
    assert sanction.nature.id == "N-00-Z"
    assert sanction.specific_to_minor is YesNoUnknown.UNKNOWN
    assert [e.code for e in tables.entries_for("8002")] == ["PEN-1"]
    assert tables.check(bundled()) == []


def test_reverse_look_up_by_identifier_or_legal_code() -> None:
    tables = NationalTables([example_table()])
    assert [e.code for e in tables.entries_for("O-00-080100")] == ["EX-RO-188"]
    assert [e.code for e in tables.entries_for("0801 00")] == ["EX-RO-188"]
    assert tables.entries_for("O-00-010100") == []


def test_a_category_missing_from_the_code_tables_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "de.csv"
    path.write_text("# test\nnational_code,title,language,common_category\nX1,Mord,de,0801 00\nX2,Erfunden,de,9999 00\n", "utf-8")
    tables = NationalTables([NationalTable.from_csv(path, country="DE", kind="offence")])
    problems = tables.check(bundled())
    assert len(problems) == 1 and "O-00-999900" in problems[0]
    with pytest.raises(NationalTableError):
        tables.validate(bundled())


def test_bad_rows_are_refused(tmp_path: Path) -> None:
    with pytest.raises(NationalTableError, match="row 1"):
        NationalTable.from_mapping({"A": ("Title", "not a code")}, country="RO", kind="offence", language="ro")
    with pytest.raises(NationalTableError):
        NationalTable.from_rows([{"national_code": "A", "title": "T", "common_category": "0801 00"}], country="RO", kind="offence")


def test_unknown_codes_and_ambiguous_tables() -> None:
    tables = NationalTables([example_table()])
    with pytest.raises(LookupError):
        tables.offence("NOPE", id="O-00001")
    with pytest.raises(LookupError):
        tables.sanction("X", id="S-00001")
    other = NationalTable.from_mapping({"DE-1": ("Mord", "0801 00")}, country="DE", kind="offence", language="de")
    both = tables.with_table(other)
    with pytest.raises(LookupError, match="which country"):
        both.offence("DE-1", id="O-00001", legal_provisions="§ 211 StGB")
    assert both.offence("DE-1", country="DE", id="O-00001", legal_provisions="§ 211 StGB").national_code == "DE-1"
    with pytest.raises(TypeError, match="legal_provisions"):
        both.offence("DE-1", country="DE", id="O-00001")
    assert len(tables) == 1 and len(both) == 2
