"""ECRIS member-state codes and the countries they stand for.

ECRIS writes member states as two upper-case letters, which are the ISO 3166 alpha-2 codes:
Greece is ``GR`` (not the EU's ``EL``) and the United Kingdom ``GB``, which took part in ECRIS
while it was a member. The ECRIS reference implementation also knows ``ZZ`` for "unknown".
This module holds small literal data (no pycountry), so it is cheap to import.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from ecrislib.errors import UnknownMemberStateError

__all__ = [
    "EU_MEMBER_STATES",
    "EU_OFFICIAL_LANGUAGES",
    "FORMER_MEMBER_STATES",
    "MEMBER_STATES",
    "UNKNOWN_COUNTRY",
    "UNKNOWN_MEMBER_STATE",
    "central_authority_id",
    "country_member_state",
    "is_member_state",
    "member_state_country",
    "member_state_name",
]

#: The country technical identifier for "unknown country" (the CRT / XSD default).
UNKNOWN_COUNTRY: Final = "CO-00-999-XXX"
#: The member-state code the ECRIS reference implementation uses for "unknown".
UNKNOWN_MEMBER_STATE: Final = "ZZ"

# code -> (country technical identifier, English short name); ISO 3166-1 numeric and alpha-3.
_DATA: Final[dict[str, tuple[str, str]]] = {
    "AT": ("CO-00-040-AUT", "Austria"),
    "BE": ("CO-00-056-BEL", "Belgium"),
    "BG": ("CO-00-100-BGR", "Bulgaria"),
    "CY": ("CO-00-196-CYP", "Cyprus"),
    "CZ": ("CO-00-203-CZE", "Czechia"),
    "DE": ("CO-00-276-DEU", "Germany"),
    "DK": ("CO-00-208-DNK", "Denmark"),
    "EE": ("CO-00-233-EST", "Estonia"),
    "ES": ("CO-00-724-ESP", "Spain"),
    "FI": ("CO-00-246-FIN", "Finland"),
    "FR": ("CO-00-250-FRA", "France"),
    "GB": ("CO-00-826-GBR", "the United Kingdom"),
    "GR": ("CO-00-300-GRC", "Greece"),
    "HR": ("CO-00-191-HRV", "Croatia"),
    "HU": ("CO-00-348-HUN", "Hungary"),
    "IE": ("CO-00-372-IRL", "Ireland"),
    "IT": ("CO-00-380-ITA", "Italy"),
    "LT": ("CO-00-440-LTU", "Lithuania"),
    "LU": ("CO-00-442-LUX", "Luxembourg"),
    "LV": ("CO-00-428-LVA", "Latvia"),
    "MT": ("CO-00-470-MLT", "Malta"),
    "NL": ("CO-00-528-NLD", "the Netherlands"),
    "PL": ("CO-00-616-POL", "Poland"),
    "PT": ("CO-00-620-PRT", "Portugal"),
    "RO": ("CO-00-642-ROU", "Romania"),
    "SE": ("CO-00-752-SWE", "Sweden"),
    "SI": ("CO-00-705-SVN", "Slovenia"),
    "SK": ("CO-00-703-SVK", "Slovakia"),
}

#: ECRIS member-state code -> country technical identifier (27 EU states and GB).
MEMBER_STATES: Final[Mapping[str, str]] = MappingProxyType({k: v[0] for k, v in _DATA.items()})
#: States that left the EU but have an ECRIS member-state code.
FORMER_MEMBER_STATES: Final = frozenset({"GB"})
#: The 27 current EU member states.
EU_MEMBER_STATES: Final = frozenset(MEMBER_STATES) - FORMER_MEMBER_STATES
#: The 24 official EU languages (ISO 639-1), the languages of the CRT's names.
EU_OFFICIAL_LANGUAGES: Final[tuple[str, ...]] = (
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr",
    "hu", "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv",
)  # fmt: skip

_BY_COUNTRY: Final[dict[str, str]] = {v: k for k, v in MEMBER_STATES.items()}


def is_member_state(code: str, *, allow_unknown: bool = False) -> bool:
    """True for an ECRIS member-state code (``"EL"`` is not one: Greece is ``"GR"``)."""
    return code in MEMBER_STATES or (allow_unknown and code == UNKNOWN_MEMBER_STATE)


def member_state_country(code: str) -> str:
    """The country technical identifier of a member-state code (``"GR"`` -> ``CO-00-300-GRC``).

    ``"ZZ"`` gives the unknown country ``CO-00-999-XXX``; anything else raises
    :class:`~ecrislib.errors.UnknownMemberStateError` (a ``LookupError``).
    """
    if code == UNKNOWN_MEMBER_STATE:
        return UNKNOWN_COUNTRY
    try:
        return MEMBER_STATES[code]
    except KeyError:
        hint = " (ECRIS writes Greece as 'GR')" if code == "EL" else ""
        raise UnknownMemberStateError(f"{code!r} is not an ECRIS member-state code{hint}") from None


def country_member_state(country_id: str) -> str | None:
    """The member-state code of a country technical identifier, or ``None`` for other countries."""
    return _BY_COUNTRY.get(country_id)


def member_state_name(code: str) -> str:
    """A short English name used in derived labels (``"the Netherlands"``)."""
    try:
        return _DATA[code][1]
    except KeyError:
        raise UnknownMemberStateError(f"{code!r} is not an ECRIS member-state code") from None


def central_authority_id(code: str, version: str = "00") -> str:
    """The technical identifier ``CA-<version>-<code>`` of a member state's central authority."""
    if code not in MEMBER_STATES:
        raise UnknownMemberStateError(f"{code!r} is not an ECRIS member-state code")
    return f"CA-{version}-{code}"
