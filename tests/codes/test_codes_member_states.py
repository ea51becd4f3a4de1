"""ECRIS member-state codes and their countries."""

from __future__ import annotations

import pytest

from ecrislib.codes import (
    EU_MEMBER_STATES,
    EU_OFFICIAL_LANGUAGES,
    MEMBER_STATES,
    CodeTables,
    country_member_state,
    is_member_state,
    member_state_country,
)
from ecrislib.codes.member_states import central_authority_id


def test_member_state_codes() -> None:
    assert len(MEMBER_STATES) == 28 and len(EU_MEMBER_STATES) == 27
    assert "GB" in MEMBER_STATES and "GB" not in EU_MEMBER_STATES
    assert is_member_state("GR") and not is_member_state("EL")
    assert not is_member_state("ZZ") and is_member_state("ZZ", allow_unknown=True)
    assert len(EU_OFFICIAL_LANGUAGES) == 24


def test_member_state_country() -> None:
    assert member_state_country("RO") == "CO-00-642-ROU"
    assert member_state_country("GR") == "CO-00-300-GRC"
    assert member_state_country("GB") == "CO-00-826-GBR"
    assert member_state_country("ZZ") == "CO-00-999-XXX"
    with pytest.raises(LookupError, match="GR"):
        member_state_country("EL")
    assert country_member_state("CO-00-300-GRC") == "GR"
    assert country_member_state("CO-00-756-CHE") is None
    assert central_authority_id("RO") == "CA-00-RO"


def test_mapping_agrees_with_iso_data(tables: CodeTables) -> None:
    import pycountry

    for code, country_id in MEMBER_STATES.items():
        country = pycountry.countries.get(alpha_2=code)
        assert country is not None, code
        assert country_id == f"CO-00-{country.numeric}-{country.alpha_3}"
        assert tables["Countries"].get(code) is tables.get(country_id)
        assert tables.get(f"CA-00-{code}") is tables["CentralAuthorities"].get(code)
