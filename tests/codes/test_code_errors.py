"""Every deliberate error of the code tables is an ``EcrisError``, and still the built-in error
callers caught before (``KeyError``, ``LookupError``, ``ValueError``)."""

from __future__ import annotations

import pytest

from ecrislib.codes import NationalTable, NationalTableError, NationalTables, bundled, example_table
from ecrislib.codes.member_states import central_authority_id, member_state_country, member_state_name
from ecrislib.codes.sections import section
from ecrislib.errors import (
    CodeLookupError,
    EcrisError,
    SchemaResourceRefused,
    UnknownCodeError,
    UnknownCodeTableError,
    UnknownMemberStateError,
)


def test_a_code_not_in_its_table() -> None:
    tables = bundled()
    for look_up in (
        lambda: tables["OffenceCategories"]["9999 99"],
        lambda: tables["OffenceCategories"].lookup("9999 99"),
        lambda: tables.lookup("O-00-999999"),
    ):
        with pytest.raises(UnknownCodeError) as caught:
            look_up()
        assert isinstance(caught.value, EcrisError)
        assert isinstance(caught.value, KeyError) and isinstance(caught.value, LookupError)
    # The text is the sentence, not KeyError's quoted repr of it.
    assert str(caught.value) == "'O-00-999999' is not a technical identifier of any code table"


def test_a_code_table_that_is_not_there() -> None:
    for look_up in (lambda: bundled()["OffenceCategory"], lambda: section("OffenceCategory")):
        with pytest.raises(UnknownCodeTableError) as caught:
            look_up()
        assert isinstance(caught.value, EcrisError) and isinstance(caught.value, KeyError)
        assert str(caught.value).startswith("unknown code table 'OffenceCategory'; known: CentralAuthorities,")


@pytest.mark.parametrize("look_up", [member_state_country, member_state_name, central_authority_id])
def test_a_code_that_is_not_a_member_state(look_up: object) -> None:
    with pytest.raises(UnknownMemberStateError) as caught:
        look_up("EL")  # type: ignore[operator]
    assert isinstance(caught.value, CodeLookupError) and isinstance(caught.value, LookupError)
    assert isinstance(caught.value, EcrisError)


def test_greece_is_gr_and_the_error_says_so() -> None:
    with pytest.raises(UnknownMemberStateError, match=r"writes Greece as 'GR'"):
        member_state_country("EL")


def test_national_tables_look_ups() -> None:
    tables = NationalTables([example_table()])
    with pytest.raises(UnknownCodeError, match="not in the national offence table of RO"):
        tables.offence("NOPE", id="O-00001")
    with pytest.raises(UnknownCodeTableError, match="no national sanction table"):
        tables.sanction("X", id="S-00001")
    other = NationalTable.from_mapping({"DE-1": ("Mord", "0801 00")}, country="DE", kind="offence", language="de")
    with pytest.raises(CodeLookupError, match="which country") as caught:
        tables.with_table(other).offence("DE-1", id="O-00001", legal_provisions="§ 211 StGB")
    assert isinstance(caught.value, EcrisError) and isinstance(caught.value, LookupError)


def test_national_table_errors_are_ecris_errors() -> None:
    with pytest.raises(NationalTableError) as caught:
        NationalTable.from_mapping({"A": ("Title", "not a code")}, country="RO", kind="offence", language="ro")
    assert isinstance(caught.value, EcrisError) and isinstance(caught.value, ValueError)
    with pytest.raises(NationalTableError, match="two offence tables for RO"):
        NationalTables([example_table(), example_table()])


def test_schema_resource_refused_is_an_ecris_error_and_a_permission_error() -> None:
    assert issubclass(SchemaResourceRefused, EcrisError) and issubclass(SchemaResourceRefused, PermissionError)
