"""The 23 sections of a Common Reference Table, as data.

Each section (``Countries``, ``OffenceCategories``...) is described once here: its element
names in CRT order, the pattern of its technical identifiers, which fields are look-up aliases
and how its hierarchy is read from the codes. Tables, the registry and the CRT reader/writer are
all driven by this description, so a section is never spelled out twice.
"""

from __future__ import annotations

import enum
import re
from typing import Final

import attrs

__all__ = [
    "Field",
    "Section",
    "SECTIONS",
    "SECTION_NAMES",
    "derive_parent",
    "section",
    "section_for_identifier",
]


class Field(enum.Enum):
    """Kinds of entry fields after ``ValidFrom``, ``ValidTo`` and ``Name``, and where they go."""

    OPEN = "open"  # CategoryIsOpen -> Entry.open_category
    ID = "id"  # the technical identifier -> Entry.technical_id
    ID_AND_CODE = "id+code"  # a single identifying code (Languages, FunctionalErrors, Faults)
    CODE = "code"  # legal code or category letter -> Entry.code
    PURPOSE_CATEGORY = "purpose-category"  # first half of Entry.code ("ccc sss")
    PURPOSE_SUBCATEGORY = "purpose-subcategory"  # second half of Entry.code
    MEMBER_STATE = "member-state"  # Attributes.member_state
    NUMERIC = "numeric"  # Attributes.numeric
    REMARK = "remark"  # Attributes.remark (multilingual, optional)
    NATIONALITY = "nationality"  # Attributes.used_for_nationality
    USED_IN = "used-in"  # Attributes.used_in_countries (1..n)
    REPLACED_BY = "replaced-by"  # Attributes.replaced_by (0..n)
    SUBDIVISION_TYPE = "subdivision-type"  # Attributes.subdivision_type
    COUNTRY = "country"  # Attributes.country


@attrs.frozen
class FieldSpec:
    """One element of an entry: local name, kind, cardinality (``max_occurs=None``: unbounded)."""

    element: str
    kind: Field
    min_occurs: int = 1
    max_occurs: int | None = 1


@attrs.frozen
class Section:
    """One section of the CRT: ``crt:<name>`` holding ``crt:<item>`` entries."""

    name: str
    item: str
    id_pattern: re.Pattern[str]
    fields: tuple[FieldSpec, ...]
    #: Attribute names of :class:`~ecrislib.codes.entry.Attributes` also accepted as look-up keys.
    aliases: tuple[str, ...] = ()
    #: Whether identifiers of this section are recognised by pattern in registry look-ups.
    dispatch: bool = True

    @property
    def has_open_flag(self) -> bool:
        return any(f.kind is Field.OPEN for f in self.fields)


def _f(element: str, kind: Field, min_occurs: int = 1, max_occurs: int | None = 1) -> FieldSpec:
    return FieldSpec(element, kind, min_occurs, max_occurs)


def _p(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


_CATEGORY = "Category"

#: The sections in the order of the CRT document.
SECTIONS: Final[tuple[Section, ...]] = (
    Section(
        "CentralAuthorities",
        "CentralAuthority",
        _p(r"CA-[0-9]{2}-[A-Z]{2}"),
        (
            _f("CentralAuthorityTechnicalIdentifier", Field.ID),
            _f("CentralAuthorityMemberStateCode", Field.MEMBER_STATE),
        ),
        aliases=("member_state",),
    ),
    Section(
        "Languages",
        "Language",
        _p(r"[a-z]{2}"),
        (_f("LanguageISO639-1Code", Field.ID_AND_CODE),),
    ),
    Section(
        "Countries",
        "Country",
        _p(r"CO-[0-9]{2}-[0-9]{3}-[A-Z]{3}"),
        (
            _f("CountryTechnicalIdentifier", Field.ID),
            _f("CountryISO3166-2Code", Field.CODE),
            _f("CountryISO3166-2Number", Field.NUMERIC),
            _f("CountryRemark", Field.REMARK, 0, 1),
            _f("CountryUsedForNationality", Field.NATIONALITY),
        ),
        aliases=("alpha_2", "numeric"),
    ),
    Section(
        "Currencies",
        "Currency",
        _p(r"CX-[0-9]{2}-[0-9]{3}-[A-Z]{3}"),
        (
            _f("CurrencyTechnicalIdentifier", Field.ID),
            _f("CurrencyISO4217Code", Field.CODE),
            _f("CurrencyISO4217Number", Field.NUMERIC),
            _f("CurrencyUsedInCountry", Field.USED_IN, 1, None),
            _f("CurrencyReplacedBy", Field.REPLACED_BY, 0, None),
        ),
        aliases=("numeric",),
    ),
    Section(
        "CountrySubdivisions",
        "CountrySubdivision",
        _p(r"CS-[0-9]{2}-[A-Z]{2}-(?:[0-9]{1,3}|[A-Z]{1,3})"),
        (
            _f("CountrySubdivisionTechnicalIdentifier", Field.ID),
            _f("CountrySubdivisionCode", Field.CODE),
            _f("CountrySubdivisionType", Field.SUBDIVISION_TYPE),
            _f("CountrySubdivisionMemberState", Field.MEMBER_STATE),
            _f("CountrySubdivisionToCountry", Field.COUNTRY),
        ),
    ),
    Section(
        "Cities",
        "City",
        _p(r"CI-[0-9]{2}-[A-Z]{3}-T[0-9]{4}"),
        (
            _f("CityTechnicalIdentifier", Field.ID),
            _f("CityCountry", Field.COUNTRY),
        ),
    ),
    Section(
        "OffenceCategories",
        "OffenceCategory",
        _p(r"O-[0-9]{2}-[0-9]{6}"),
        (
            _f("CategoryIsOpen", Field.OPEN),
            _f("OffenceTechnicalIdentifier", Field.ID),
            _f("OffenceCategoryCode", Field.CODE),
        ),
    ),
    Section(
        "OffenceLevelsOfParticipation",
        "OffenceLevelOfParticipation",
        _p(r"LP-[0-9]{2}-[0A-Z]"),
        (
            _f(_CATEGORY, Field.CODE),
            _f("OffenceLevelOfParticipationTechnicalIdentifier", Field.ID),
        ),
    ),
    Section(
        "OffenceLevelsOfCompletion",
        "OffenceLevelOfCompletion",
        _p(r"LC-[0-9]{2}-[0A-Z]"),
        (
            _f(_CATEGORY, Field.CODE),
            _f("OffenceLevelOfCompletionTechnicalIdentifier", Field.ID),
        ),
    ),
    Section(
        "SanctionCategories",
        "SanctionCategory",
        _p(r"S-[0-9]{2}-[0-9]{6}"),
        (
            _f("CategoryIsOpen", Field.OPEN),
            _f("SanctionTechnicalIdentifier", Field.ID),
            _f("SanctionCategory", Field.CODE),
        ),
    ),
    Section(
        "SanctionTypesOfSuspension",
        "SanctionTypeOfSuspension",
        _p(r"S-[0-9]{2}-[A-Z]"),
        (
            _f(_CATEGORY, Field.CODE),
            _f("SanctionTypeOfSuspensionTechnicalIdentifier", Field.ID),
        ),
    ),
    Section(
        "SanctionNatures",
        "SanctionNature",
        _p(r"N-[0-9]{2}-[0A-Z]"),
        (
            _f(_CATEGORY, Field.CODE),
            _f("SanctionNatureTechnicalIdentifier", Field.ID),
        ),
    ),
    Section(
        "RequestPurposeCategories",
        "RequestPurposeCategory",
        _p(r"P-[0-9]{2}-[0-9]{6}"),
        (
            _f("CategoryIsOpen", Field.OPEN),
            _f("RequestPurposeTechnicalIdentifier", Field.ID),
            _f("RequestPurposeCategoryCode", Field.PURPOSE_CATEGORY),
            _f("RequestPurposeSubcategoryCode", Field.PURPOSE_SUBCATEGORY),
        ),
    ),
    Section(
        "IdentificationDocumentCategories",
        "IdentificationDocumentCategory",
        _p(r"ID-[0-9]{2}-[0-9]{3}"),
        (_f("IdentificationDocumentCategoryTechnicalIdentifier", Field.ID),),
    ),
    Section(
        "DecisionChangeTypes",
        "DecisionChangeType",
        _p(r"DCH-[0-9]{2}-[A-Z]"),
        (
            _f(_CATEGORY, Field.CODE),
            _f("DecisionChangeTypeTechnicalIdentifier", Field.ID),
        ),
    ),
    Section(
        "RequestResponses",
        "RequestResponse",
        _p(r"RRT-[0-9]{2}-[0-9]{2}"),
        (
            _f("RequestResponseTypeTechnicalIdentifier", Field.ID),
            _f("RequestResponseTypeCode", Field.CODE),
        ),
    ),
    Section(
        "NotificationResponses",
        "NotificationResponse",
        _p(r"NRT-[0-9]{2}-[0-9]{2}"),
        (
            _f("NotificationResponseTypeTechnicalIdentifier", Field.ID),
            _f("NotificationResponseTypeCode", Field.CODE),
        ),
    ),
    Section(
        "RequestAdditionalInfoResponses",
        "RequestAdditionalInfoResponse",
        _p(r"ART-[0-9]{2}-[0-9]{2}"),
        (
            _f("RequestAdditionalInfoTypeTechnicalIdentifier", Field.ID),
            _f("RequestAdditionalInfoTypeCode", Field.CODE),
        ),
    ),
    Section(
        "FunctionalErrors",
        "FunctionalError",
        _p(r"FE-[0-9]{5}"),
        (_f("FunctionalErrorCode", Field.ID_AND_CODE),),
    ),
    Section(
        "Faults",
        "Fault",
        # Any NCName: too wide to recognise an identifier by its form alone.
        _p(r"[A-Za-z_][\w.\-]*"),
        (_f("FaultCode", Field.ID_AND_CODE),),
        dispatch=False,
    ),
    Section(
        "SanctionToSanctionsRelationshipTypes",
        "SanctionToSanctionsRelationshipType",
        _p(r"SSR-[0-9]{2}-[0-9]{2}"),
        (
            _f("SanctionToSanctionsRelationTypeTechnicalIdentifier", Field.ID),
            _f("SanctionToSanctionsRelationTypeCode", Field.CODE),
        ),
    ),
    Section(
        "RequestingAuthorityTypes",
        "RequestingAuthorityType",
        _p(r"RAT-[0-9]{2}-[A-Z]"),
        (
            _f(_CATEGORY, Field.CODE),
            _f("RequestingAuthorityTypeTechnicalIdentifier", Field.ID),
        ),
    ),
    Section(
        "SanctionAlternativeTypes",
        "SanctionAlternativeType",
        _p(r"SAT-[0-9]{2}-[A-Z]"),
        (
            _f(_CATEGORY, Field.CODE),
            _f("SanctionAlternativeTypeTechnicalIdentifier", Field.ID),
        ),
    ),
)

#: Section names in CRT order.
SECTION_NAMES: Final[tuple[str, ...]] = tuple(s.name for s in SECTIONS)

_BY_NAME: Final[dict[str, Section]] = {s.name: s for s in SECTIONS}


def section(name: str) -> Section:
    """The section called ``name`` (``KeyError`` for an unknown name)."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown code table {name!r}; known: {', '.join(SECTION_NAMES)}") from None


def section_for_identifier(identifier: str) -> Section | None:
    """The section whose technical-identifier pattern ``identifier`` has, if exactly one has it."""
    matches = [s for s in SECTIONS if s.dispatch and s.id_pattern.fullmatch(identifier)]
    return matches[0] if len(matches) == 1 else None


_OFFENCE_ID = re.compile(r"O-([0-9]{2})-([0-9]{2})([0-9]{2})([0-9]{2})")
_SANCTION_ID = re.compile(r"S-([0-9]{2})-([0-9]{6})")
_PURPOSE_ID = re.compile(r"P-([0-9]{2})-([0-9]{3})([0-9]{3})")


def derive_parent(section_name: str, technical_id: str) -> str | None:
    """The identifier of the category above ``technical_id``, read from the code itself.

    The CRT has no parent element: the hierarchy is in the codes. ``0801 00`` belongs to
    ``0800 00``, sanction ``8002`` to ``8000``, request purpose ``001 002`` to ``001 000``.
    The result may name an entry that the table does not hold; callers check.
    """
    if section_name == "OffenceCategories":
        m = _OFFENCE_ID.fullmatch(technical_id)
        if m:
            version, cat, sub, last = m.groups()
            if last != "00":
                return f"O-{version}-{cat}{sub}00"
            if sub != "00":
                return f"O-{version}-{cat}0000"
    elif section_name == "SanctionCategories":
        m = _SANCTION_ID.fullmatch(technical_id)
        if m:
            number = int(m.group(2))
            if number % 1000:
                return f"S-{m.group(1)}-{number // 1000 * 1000:06d}"
    elif section_name == "RequestPurposeCategories":
        m = _PURPOSE_ID.fullmatch(technical_id)
        if m and m.group(3) != "000":
            return f"P-{m.group(1)}-{m.group(2)}000"
    return None
