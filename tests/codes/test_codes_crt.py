"""Common Reference Table documents: read, lay over the bundled tables, write, round-trip."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from ecrislib.codes import (
    SECTION_NAMES,
    Attributes,
    CodeTables,
    Entry,
    Evidence,
    Provenance,
    Table,
    dump_crt,
    load_crt,
)
from ecrislib.codes.sections import SECTIONS, Field, Section, derive_parent
from ecrislib.errors import (
    CodecError,
    MissingElementError,
    ModelError,
    UnknownElementError,
    UnknownRootError,
    ValueFormatError,
    XmlSecurityError,
    XmlSyntaxError,
)

CRT_NS = "http://ec.europa.eu/ECRIS/common-reference-tables-v1.0"


def test_load_reads_entries_in_three_languages(sample_crt: bytes) -> None:
    official = load_crt(sample_crt, name="crt-2024.xml")
    killing = official.get("O-00-080100")
    assert killing is not None
    assert dict(killing.labels) == {
        "en": "Intentional killing (CRT)",
        "de": "Vorsätzliche Tötung",
        "ro": "Omor intenționat",
    }
    assert killing.code == "0801 00" and not killing.open_category
    assert killing.parent == "O-00-080000"  # read from the code: the CRT has no parent element
    assert official["OffenceCategories"]["0800 00"].children == ("O-00-080100",)
    assert killing.valid_from == dt.date(2012, 4, 27)
    assert killing.provenance.evidence is Evidence.OFFICIAL_CRT
    assert killing.provenance.official and killing.provenance.verified
    assert "crt-2024.xml" in killing.provenance.source
    romania = official["Countries"]["CO-00-642-ROU"]
    assert romania.code == "ROU"
    assert romania.attributes.numeric == "642"
    assert romania.attributes.used_for_nationality is True
    assert romania.attributes.remark == {"en": "Member state since 2007"}
    leu = official["Currencies"]["RON"]
    assert leu.attributes.used_in_countries == ("CO-00-642-ROU",)
    completed = official.get("LC-00-C")
    assert completed is not None and completed.valid_from == dt.date(1800, 1, 1)  # empty = default
    assert completed.valid_to == dt.date(2999, 12, 31)
    error = official.get("FE-00001")
    assert error is not None and error.code == "FE-00001"
    assert len(official["Cities"]) == 0  # sections the document lacks are empty


def test_official_table_overrides_and_extends_bundled(tables: CodeTables, sample_crt: bytes) -> None:
    merged = tables.overlay(load_crt(sample_crt, name="crt-2024.xml"))
    # an official label wins over the bundled (recalled) one
    english = merged.label("O-00-080100", "en")
    assert english.text == "Intentional killing (CRT)"
    assert english.provenance is not None and english.provenance.official
    # a language the bundled data lacked is now there, with no fallback
    german = merged.label("O-00-080100", "de")
    assert (german.text, german.is_fallback) == ("Vorsätzliche Tötung", False)
    assert merged.search("vorsatzliche totung", lang="de") == [merged.get("O-00-080100")]
    # the bundled entry is still visible as history
    killing = merged.get("O-00-080100")
    assert killing is not None and killing.base is not None
    assert killing.base.provenance.evidence is Evidence.RECALLED
    # entries the CRT does not mention are untouched
    assert merged.get("O-00-080200") is tables.get("O-00-080200")
    # languages only ISO had are kept, with their own provenance
    greek = merged.label("CO-00-642-ROU", "el")
    assert greek.text == "Ρουμανία"
    assert greek.provenance is not None and greek.provenance.evidence is Evidence.ISO
    romanian = merged.label("CO-00-642-ROU", "ro")
    assert romanian.provenance is not None and romanian.provenance.official
    # attributes the CRT lacks (ISO alpha-2) are kept, so look-up by "RO" still works
    romania = merged["Countries"].get("RO")
    assert romania is merged.get("CO-00-642-ROU")
    assert romania is not None and romania.attributes.used_for_nationality is True
    # entries only the CRT has are added
    assert merged.get("FE-00001") is not None
    assert len(merged["OffenceCategories"]) == len(tables["OffenceCategories"])
    # tables are versioned by validity dates
    assert merged.valid_on(dt.date(2020, 1, 1)).get("FE-00001") is None
    assert merged.valid_on(dt.date(2005, 1, 1)).get("O-00-080100") is None
    # the bundled registry itself is unchanged
    assert tables.label("O-00-080100", "en").text == "Intentional killing"


def test_replace_mode_swaps_whole_tables(tables: CodeTables, sample_crt: bytes) -> None:
    official = load_crt(sample_crt)
    replaced = tables.overlay(official, mode="replace")
    assert replaced["OffenceCategories"] is official["OffenceCategories"]
    assert replaced.get("O-00-080200") is None
    assert replaced["SanctionCategories"] is tables["SanctionCategories"]  # empty in the CRT
    with pytest.raises(ValueError):
        tables.overlay(official, mode="other")  # type: ignore[arg-type]


def test_round_trip_is_unchanged(sample_crt: bytes) -> None:
    first = load_crt(sample_crt, name="sample.xml")
    written = dump_crt(first)
    second = load_crt(written, name="sample.xml")
    assert second == first
    assert dump_crt(second) == written
    assert written.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<crt:CommonReferenceTable")
    root = etree.fromstring(written)
    assert root.nsmap == {"crt": CRT_NS, "c": "http://ec.europa.eu/ECRIS/commons-v1.0"}
    assert [etree.QName(e).localname for e in root] == list(SECTION_NAMES)
    country = root.find(f"{{{CRT_NS}}}Countries/{{{CRT_NS}}}Country")
    assert country is not None
    assert [etree.QName(e).localname for e in country] == [
        "ValidFrom",
        "ValidTo",
        "Name",
        "CountryTechnicalIdentifier",
        "CountryISO3166-2Code",
        "CountryISO3166-2Number",
        "CountryRemark",
        "CountryUsedForNationality",
    ]
    languages = [e.get("languageCode") for e in country.find(f"{{{CRT_NS}}}Name")]  # type: ignore[union-attr]
    assert languages == ["de", "en", "ro"]  # sorted: deterministic output


def test_sources_paths_and_files(sample_crt: bytes, tmp_path: Path) -> None:
    path = tmp_path / "crt.xml"
    path.write_bytes(sample_crt)
    from_path = load_crt(path)
    assert str(path) in from_path.lookup("LC-00-C").provenance.source
    # A str is the document itself, never a file name (as in ecrislib.xml.parser).
    assert load_crt(sample_crt.decode(), name=str(path)) == from_path
    with pytest.raises(XmlSyntaxError):
        load_crt(str(path))
    with path.open("rb") as handle:
        assert load_crt(handle) == from_path
    assert load_crt(io.BytesIO(sample_crt), name=str(path)) == from_path


def test_validation_hook_sees_the_tree(sample_crt: bytes) -> None:
    seen: list[str] = []

    def validate(root: etree._Element) -> None:
        seen.append(etree.QName(root).localname)

    load_crt(sample_crt, validate=validate)
    dump_crt(load_crt(sample_crt), validate=validate)
    assert seen == ["CommonReferenceTable", "CommonReferenceTable"]

    def refuse(root: etree._Element) -> None:
        raise ValueError("invalid")

    with pytest.raises(ValueError, match="invalid"):
        load_crt(sample_crt, validate=refuse)


def test_dump_refuses_incomplete_entries_unless_told(tables: CodeTables) -> None:
    with pytest.raises(ModelError, match="CountryUsedForNationality|Name|Code|CurrencyUsedInCountry"):
        dump_crt(tables)
    partial = dump_crt(tables, incomplete="skip")
    back = load_crt(partial, name="bundled")
    assert tuple(e.technical_id for e in back["OffenceCategories"]) == tables["OffenceCategories"].ids()
    assert back["OffenceCategories"]["0801 00"].labels == {"en": "Intentional killing"}
    assert back.get("LC-00-C").labels["el"] == "Τελεσθείσα πράξη"  # type: ignore[union-attr]
    assert back.get("SSR-00-02") is None  # no name and no code: cannot be written
    # ISO countries are written (nationality flag defaulted to true); only ECRIS's "unknown" (XXX),
    # which is no ISO country and has no flag, is left out
    assert len(back["Countries"]) == len(tables["Countries"]) - 1 and back.get("CO-00-999-XXX") is None


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("<crt:Towns/>", UnknownElementError),
        ("<crt:Faults/><crt:Faults/>", UnknownElementError),
        ("<crt:Faults><crt:Language/></crt:Faults>", UnknownElementError),
        (
            "<crt:Faults><crt:Fault><crt:ValidFrom/><crt:ValidTo/>{name}</crt:Fault></crt:Faults>",
            MissingElementError,
        ),
        (
            "<crt:Faults><crt:Fault><crt:ValidFrom/><crt:ValidTo/>{name}"
            "<crt:FaultCode>X</crt:FaultCode><crt:Extra/></crt:Fault></crt:Faults>",
            UnknownElementError,
        ),
        (
            "<crt:Faults><crt:Fault><crt:ValidFrom>31.12.2010</crt:ValidFrom><crt:ValidTo/>{name}"
            "<crt:FaultCode>X</crt:FaultCode></crt:Fault></crt:Faults>",
            ValueFormatError,
        ),
        (
            "<crt:Faults><crt:Fault><crt:ValidFrom/><crt:ValidTo/><crt:Name>"
            "<c:MultilingualTextLinguisticRepresentation>X</c:MultilingualTextLinguisticRepresentation>"
            "</crt:Name><crt:FaultCode>X</crt:FaultCode></crt:Fault></crt:Faults>",
            ValueFormatError,
        ),
        (
            "<crt:Faults><crt:Fault><crt:ValidFrom>2020-01-01</crt:ValidFrom>"
            "<crt:ValidTo>2019-01-01</crt:ValidTo>{name}"
            "<crt:FaultCode>X</crt:FaultCode></crt:Fault></crt:Faults>",
            ValueFormatError,
        ),
    ],
)
def test_malformed_documents_are_refused(
    body: str,
    error: type[Exception],
    make_crt: Callable[[str], bytes],
    crt_name: Callable[..., str],
) -> None:
    # The reader's own checks, behind the schema (which would refuse these first).
    with pytest.raises(error) as caught:
        load_crt(make_crt(body.replace("{name}", crt_name(en="Fault"))), validate=None)
    assert getattr(caught.value, "path", None)  # every error says where


def test_wrong_root_and_bad_xml_are_refused() -> None:
    with pytest.raises(UnknownRootError):
        load_crt(b"<CommonReferenceTable/>")
    with pytest.raises(XmlSyntaxError):
        load_crt(b"<crt:CommonReferenceTable")


def test_entities_are_neither_expanded_nor_accepted(make_crt: Callable[[str], bytes]) -> None:
    document = (
        b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        + make_crt("").split(b"\n", 1)[1]
    )
    with pytest.raises(XmlSecurityError):
        load_crt(document)


# -- property: any tables we can write, we read back unchanged --------------------------------

_NAME = "property.xml"
_PROVENANCE = Provenance(
    source=f"Common Reference Table {_NAME}",
    evidence=Evidence.OFFICIAL_CRT,
    note="read from a Common Reference Table document",
)
_LANGS = st.sampled_from(["bg", "de", "el", "en", "fr", "ga", "mt", "ro"])
_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn"), blacklist_characters="<>"),
    min_size=1,
    max_size=24,
).filter(lambda s: re.sub(r"[ \t\n\r]+", " ", s).strip(" ") == s)
_LABELS = st.dictionaries(_LANGS, _TEXT, min_size=1, max_size=4)
_DATES = st.tuples(
    st.dates(dt.date(1800, 1, 1), dt.date(2999, 12, 31)),
    st.dates(dt.date(1800, 1, 1), dt.date(2999, 12, 31)),
).map(sorted)
_CODE = st.from_regex(r"[0-9A-Z]{1,5}", fullmatch=True)
_COUNTRY = st.from_regex(r"CO-00-[0-9]{3}-[A-Z]{3}", fullmatch=True)


def _values(section: Section) -> st.SearchStrategy[dict[str, object]]:
    """Keyword arguments of one entry of ``section`` (identifier included)."""
    kinds = {spec.kind for spec in section.fields}
    parts: dict[str, st.SearchStrategy[object]] = {
        "technical_id": st.from_regex(section.id_pattern, fullmatch=True),
        "labels": _LABELS,
        "dates": _DATES,
        "open_category": st.booleans() if Field.OPEN in kinds else st.just(False),
        "code": _CODE if Field.CODE in kinds else st.just(None),
        "purpose": st.from_regex(r"[0-9]{3} [0-9]{3}", fullmatch=True),
        "attributes": st.builds(
            Attributes,
            numeric=st.from_regex(r"[0-9]{3}", fullmatch=True) if Field.NUMERIC in kinds else st.none(),
            used_for_nationality=st.booleans() if Field.NATIONALITY in kinds else st.none(),
            remark=st.one_of(st.none(), _LABELS) if Field.REMARK in kinds else st.none(),
            used_in_countries=st.lists(_COUNTRY, min_size=1, max_size=3).map(tuple)
            if Field.USED_IN in kinds
            else st.just(()),
            replaced_by=st.lists(_COUNTRY.map(lambda c: "CX" + c[2:]), max_size=2).map(tuple)
            if Field.REPLACED_BY in kinds
            else st.just(()),
            member_state=st.from_regex(r"[A-Z]{2}", fullmatch=True)
            if Field.MEMBER_STATE in kinds
            else st.none(),
            country=_COUNTRY if Field.COUNTRY in kinds else st.none(),
            subdivision_type=st.sampled_from(["Region", "County", "Province"])
            if Field.SUBDIVISION_TYPE in kinds
            else st.none(),
        ),
    }
    return st.fixed_dictionaries(parts)


def _entries(section: Section, rows: list[dict[str, object]]) -> Table:
    kinds = {spec.kind for spec in section.fields}
    ids = {str(r["technical_id"]) for r in rows}
    entries = []
    for row in rows:
        tid = str(row["technical_id"])
        code = row["code"]
        if Field.ID_AND_CODE in kinds:
            code = tid
        elif Field.PURPOSE_CATEGORY in kinds:
            code = row["purpose"]
        parent = derive_parent(section.name, tid)
        start, end = row["dates"]  # type: ignore[misc]
        entries.append(
            Entry(
                table=section.name,
                technical_id=tid,
                code=code,  # type: ignore[arg-type]
                labels=row["labels"],  # type: ignore[arg-type]
                valid_from=start,
                valid_to=end,
                open_category=row["open_category"],  # type: ignore[arg-type]
                parent=parent if parent in ids else None,
                attributes=row["attributes"],  # type: ignore[arg-type]
                provenance=_PROVENANCE,
            )
        )
    return Table(section.name, entries)


@st.composite
def code_tables(draw: st.DrawFn) -> CodeTables:
    chosen = draw(st.lists(st.sampled_from(SECTIONS), min_size=1, max_size=4, unique_by=lambda s: s.name))
    tables = []
    for section in chosen:
        rows = draw(
            st.lists(_values(section), min_size=1, max_size=4, unique_by=lambda r: r["technical_id"])
        )
        tables.append(_entries(section, rows))
    return CodeTables(tables)


@given(code_tables())  # examples: the profile's
def test_property_dump_then_load_is_identity(tables: CodeTables) -> None:
    # The generated codes follow the reader's rules, not every section's schema pattern: this
    # property is about the writer and the reader; schema conformance is tested on documents.
    written = dump_crt(tables, validate=None)
    assert load_crt(written, name=_NAME, validate=None) == tables
    assert dump_crt(load_crt(written, name=_NAME, validate=None), validate=None) == written


def test_documents_are_checked_against_our_crt_schema() -> None:
    only_faults = (
        b'<crt:CommonReferenceTable xmlns:crt="http://ec.europa.eu/ECRIS/common-reference-tables-v1.0">'
        b"<crt:Faults/></crt:CommonReferenceTable>"
    )
    # Every section is mandatory in a CRT document...
    with pytest.raises(CodecError) as caught:
        load_crt(only_faults)
    assert caught.value.rule == "crt.schema"
    # ...unless the caller says the document is partial: the missing sections are added empty.
    tables = load_crt(only_faults, partial=True)
    assert all(len(tables[name]) == 0 for name in SECTION_NAMES)
