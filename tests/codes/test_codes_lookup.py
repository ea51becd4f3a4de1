"""Look-up by identifier and legal code, search, labels and their fallback, hierarchy, validity."""

from __future__ import annotations

import datetime as dt

import pytest

from ecrislib.codes import CodeTables, Entry, Evidence, Provenance, Table, fold


def test_offence_found_by_identifier_code_and_label(tables: CodeTables) -> None:
    offences = tables["OffenceCategories"]
    by_id = tables.get("O-00-080100")
    assert by_id is not None
    assert by_id.code == "0801 00"
    assert by_id.labels["en"] == "Intentional killing"
    assert offences.get("0801 00") is by_id
    assert offences.get("O-00-080100") is by_id
    assert tables.search("intentional killing", lang="en")[0] is by_id


def test_tolerant_forms_of_a_key(tables: CodeTables) -> None:
    offences = tables["OffenceCategories"]
    target = offences["O-00-160400"]
    for key in ("1604 00", "160400", " 1604  00 ", "o-00-160400"):
        assert offences.get(key) is target, key
    assert offences.get("1604") is None  # incomplete codes are refused, not guessed
    assert tables.get("o-00-160400") is target


def test_sanction_by_identifier_and_code(tables: CodeTables) -> None:
    day_fine = tables.get("S-00-008002")
    assert day_fine is not None and day_fine.name == "Day-fine"
    assert tables["SanctionCategories"].get("8002") is day_fine
    assert tables["SanctionCategories"]["8002"] is day_fine
    assert day_fine.provenance.evidence is Evidence.IN_USE


def test_registry_get_dispatches_by_identifier_form(tables: CodeTables) -> None:
    assert tables.get("LC-00-C").table == "OffenceLevelsOfCompletion"  # type: ignore[union-attr]
    assert tables.get("S-00-Z").table == "SanctionTypesOfSuspension"  # type: ignore[union-attr]
    assert tables.get("RRT-00-02").table == "RequestResponses"  # type: ignore[union-attr]
    assert tables.get("CO-00-642-ROU").table == "Countries"  # type: ignore[union-attr]
    assert tables.get("ro").table == "Languages"  # type: ignore[union-attr]
    # Legal codes are ambiguous across tables: the registry only takes identifiers.
    assert tables.get("8002") is None
    assert tables.get("O-00-999999") is None
    assert tables.get("O-00-999999", "missing") == "missing"
    with pytest.raises(LookupError):
        tables.lookup("O-00-999999")
    with pytest.raises(KeyError):
        tables["OffenceCategories"]["9999 99"]


def test_annex_letter_none_is_the_digit_zero(tables: CodeTables) -> None:
    completion = tables["OffenceLevelsOfCompletion"]
    assert completion.get("Ø") is completion.get("0") is tables.get("LC-00-0")
    assert completion["C"].technical_id == "LC-00-C"


def test_country_aliases(tables: CodeTables) -> None:
    countries = tables["Countries"]
    romania = countries["CO-00-642-ROU"]
    assert countries.get("RO") is countries.get("ROU") is countries.get("642") is romania
    assert countries.get("EL") is None  # EL is the EU's code for Greece, not ISO's
    assert countries["GR"].technical_id == "CO-00-300-GRC"


def test_unknown_country_sentinel(tables: CodeTables) -> None:
    unknown = tables.get("CO-00-999-XXX")
    assert unknown is not None
    assert unknown.name == "Unknown country"  # the label of our data file
    assert unknown.provenance.evidence is Evidence.SCHEMA_DEFAULT


def test_country_label_in_greek(tables: CodeTables) -> None:
    label = tables.label("CO-00-642-ROU", "el")
    assert label.text == "Ρουμανία"
    assert label.lang == "el" and not label.is_fallback
    assert label.provenance is not None and label.provenance.evidence is Evidence.ISO


def test_diacritics_insensitive_search(tables: CodeTables) -> None:
    found = tables.search("romania", lang="ro", tables=["Countries"])
    assert [e.technical_id for e in found] == ["CO-00-642-ROU"]
    assert found[0].labels["ro"] == "România"
    assert tables.search("ROMÂNIA", lang="ro", tables=["Countries"]) == found
    assert fold("  Ρουμανία ") == fold("ρουμανια")


def test_search_ranks_exact_then_prefix_then_contained(tables: CodeTables) -> None:
    found = tables.search("intentional killing", tables=["OffenceCategories"])
    # exact, then prefix, then at a word start, then anywhere ("Unintentional killing")
    assert [e.code for e in found] == ["0801 00", "0804 00", "0802 00", "0803 00"]
    assert tables.search("intentional killing", limit=1) == found[:1]
    assert tables.search("   ") == []


def test_label_fallback_chain(tables: CodeTables) -> None:
    # No German label for an offence in the bundled data: English, reported as a fallback.
    label = tables.label("O-00-080100", "de")
    assert (label.text, label.lang, label.requested) == ("Intentional killing", "en", "de")
    assert label.is_fallback and not label.is_code
    assert str(label) == "Intentional killing"
    # Greek exists for the Annex A parameters.
    assert tables.label("LC-00-C", "el").text == "Τελεσθείσα πράξη"
    # No label at all: the raw identifier.
    bare = tables.label("SSR-00-02", "de")
    assert bare.text == "SSR-00-02" and bare.is_code and bare.lang is None
    assert bare.provenance is not None  # the code itself is known (in-use)
    unknown = tables.label("O-00-999999", "fr")
    assert unknown.text == "O-00-999999" and unknown.is_code and unknown.provenance is None
    # A custom chain.
    assert tables.label("LC-00-C", "mt", fallback=("el", "en")).lang == "el"
    assert tables.label("O-00-080100", "mt", fallback=()).is_code


def test_hierarchy(tables: CodeTables) -> None:
    offences = tables["OffenceCategories"]
    category = offences["0800 00"]
    assert category.open_category and category.parent is None
    kids = offences.children("0800 00")
    assert [k.code for k in kids[:3]] == ["0801 00", "0802 00", "0803 00"]
    assert len(kids) == len(category.children) == 18
    assert all(k.parent == "O-00-080000" and not k.open_category for k in kids)
    assert offences.parent("0801 00") is category
    assert offences.parents("O-00-080100") == (category,)
    assert offences.parents("0800 00") == ()
    assert len(offences.roots()) == 27
    sanctions = tables["SanctionCategories"]
    assert sanctions.parent("8002") is sanctions["8000"]
    assert [e.code for e in sanctions.children("10000")] == ["10001", "10002", "10003"]
    assert offences.children("no such code") == ()


def _entry(tid: str, start: dt.date, end: dt.date, label: str) -> Entry:
    return Entry(
        table="DecisionChangeTypes",
        technical_id=tid,
        code=tid[-1],
        labels={"en": label},
        valid_from=start,
        valid_to=end,
        provenance=Provenance(source="test", evidence="official-crt"),
    )


def test_valid_on_filters_and_chooses_versions() -> None:
    old = _entry("DCH-00-P", dt.date(2012, 1, 1), dt.date(2019, 12, 31), "Amnesty (old wording)")
    new = _entry("DCH-00-P", dt.date(2020, 1, 1), dt.date(2999, 12, 31), "Amnesty")
    gone = _entry("DCH-00-Q", dt.date(2012, 1, 1), dt.date(2015, 6, 30), "Withdrawn type")
    table = Table("DecisionChangeTypes", [old, new, gone])
    assert table.get("DCH-00-P") is new  # latest version by default
    assert table.get("DCH-00-P", on=dt.date(2015, 1, 1)) is old
    assert table.get("P", on=dt.date(2021, 1, 1)) is new
    assert table.get("DCH-00-Q", on=dt.date(2016, 1, 1)) is None
    assert table.versions("DCH-00-P") == (old, new)
    assert gone.is_valid_on(dt.date(2015, 6, 30)) and not gone.is_valid_on(dt.date(2015, 7, 1))
    assert list(table.valid_on(dt.date(2016, 1, 1))) == [old]
    assert list(table.valid_on(dt.date(2021, 1, 1))) == [new]
    registry = CodeTables([table])
    assert [e.name for e in registry.valid_on(dt.date(2014, 1, 1))["DecisionChangeTypes"]] == [
        "Amnesty (old wording)",
        "Withdrawn type",
    ]
    assert registry.get("DCH-00-P", on=dt.date(2013, 5, 5)) is old


def test_bundled_entries_valid_over_the_default_period(tables: CodeTables) -> None:
    assert tables.valid_on(dt.date(2024, 1, 1)) == tables
    assert len(list(tables.valid_on(dt.date(1799, 12, 31)).entries())) == 0


def test_entry_rules() -> None:
    from ecrislib.errors import ModelError

    prov = Provenance(source="test", evidence=Evidence.DERIVED)
    with pytest.raises(ModelError):
        Entry(table="Faults", technical_id=" x", provenance=prov)
    with pytest.raises(ModelError):
        Entry(
            table="Faults",
            technical_id="x",
            valid_from=dt.date(2020, 1, 1),
            valid_to=dt.date(2019, 1, 1),
            provenance=prov,
        )
    with pytest.raises(ModelError):
        Table("Faults", [Entry(table="Cities", technical_id="x", provenance=prov)])
    with pytest.raises(KeyError):
        Table("NoSuchTable")
    entry = Entry(table="Faults", technical_id="x", labels={"EN": "X"}, provenance=prov)
    assert entry.labels == {"en": "X"}
    assert hash(entry) == hash(Entry(table="Faults", technical_id="x", labels={"en": "X"}, provenance=prov))
