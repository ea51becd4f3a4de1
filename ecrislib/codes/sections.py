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

from ecrislib.errors import UnknownCodeTableError
from ecrislib.facts import TECHNICAL_ID_PATTERNS

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
    fields: tuple[FieldSpec, ...]
    #: Attribute names of :class:`~ecrislib.codes.entry.Attributes` also accepted as look-up keys.
    aliases: tuple[str, ...] = ()
    #: Whether identifiers of this section are recognised by pattern in registry look-ups.
    dispatch: bool = True

    @property
    def id_pattern(self) -> re.Pattern[str]:
        """The form of this section's technical identifiers (the XSD pattern)."""
        return TECHNICAL_ID_PATTERNS[self.name]


def _f(element: str, kind: Field, min_occurs: int = 1, max_occurs: int | None = 1) -> FieldSpec:
    return FieldSpec(element, kind, min_occurs, max_occurs)


_CATEGORY = "Category"

#: The sections in the order of the CRT document.
SECTIONS: Final[tuple[Section, ...]] = (
    Section(
        "CentralAuthorities",
        "CentralAuthority",
        (
            _f("CentralAuthorityTechnicalIdentifier", Field.ID),
            _f("CentralAuthorityMemberStateCode", Field.MEMBER_STATE),
        ),
        aliases=("member_state",),
    ),
    Section(
        "Languages",
        "Language",
        (_f("LanguageISO639-1Code", Field.ID_AND_CODE),),
    ),
    Section(
        "Countries",
        "Country",
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
        (
            _f("CityTechnicalIdentifier", Field.ID),
            _f("CityCountry", Field.COUNTRY),
        ),
    ),
    Section(
        "OffenceCategories",
        "OffenceCategory",
        (
            _f("CategoryIsOpen", Field.OPEN),
            _f("OffenceTechnicalIdentifier", Field.ID),
            _f("OffenceCategoryCode", Field.CODE),
        ),
    ),
    Section(
        "OffenceLevelsOfParticipation",
        "OffenceLevelOfParticipation",
        (
            _f(_CATEGORY, Field.CODE),
            _f("OffenceLevelOfParticipationTechnicalIdentifier", Field.ID),
        ),
    ),
    Section(
        "OffenceLevelsOfCompletion",
        "OffenceLevelOfCompletion",
        (
            _f(_CATEGORY, Field.CODE),
            _f("OffenceLevelOfCompletionTechnicalIdentifier", Field.ID),
        ),
    ),
    Section(
        "SanctionCategories",
        "SanctionCategory",
        (
            _f("CategoryIsOpen", Field.OPEN),
            _f("SanctionTechnicalIdentifier", Field.ID),
            _f("SanctionCategory", Field.CODE),
        ),
    ),
    Section(
        "SanctionTypesOfSuspension",
        "SanctionTypeOfSuspension",
        (
            _f(_CATEGORY, Field.CODE),
            _f("SanctionTypeOfSuspensionTechnicalIdentifier", Field.ID),
        ),
    ),
    Section(
        "SanctionNatures",
        "SanctionNature",
        (
            _f(_CATEGORY, Field.CODE),
            _f("SanctionNatureTechnicalIdentifier", Field.ID),
        ),
    ),
    Section(
        "RequestPurposeCategories",
        "RequestPurposeCategory",
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
        (_f("IdentificationDocumentCategoryTechnicalIdentifier", Field.ID),),
    ),
    Section(
        "DecisionChangeTypes",
        "DecisionChangeType",
        (
            _f(_CATEGORY, Field.CODE),
            _f("DecisionChangeTypeTechnicalIdentifier", Field.ID),
        ),
    ),
    Section(
        "RequestResponses",
        "RequestResponse",
        (
            _f("RequestResponseTypeTechnicalIdentifier", Field.ID),
            _f("RequestResponseTypeCode", Field.CODE),
        ),
    ),
    Section(
        "NotificationResponses",
        "NotificationResponse",
        (
            _f("NotificationResponseTypeTechnicalIdentifier", Field.ID),
            _f("NotificationResponseTypeCode", Field.CODE),
        ),
    ),
    Section(
        "RequestAdditionalInfoResponses",
        "RequestAdditionalInfoResponse",
        (
            _f("RequestAdditionalInfoTypeTechnicalIdentifier", Field.ID),
            _f("RequestAdditionalInfoTypeCode", Field.CODE),
        ),
    ),
    Section(
        "FunctionalErrors",
        "FunctionalError",
        (_f("FunctionalErrorCode", Field.ID_AND_CODE),),
    ),
    Section(
        "Faults",
        "Fault",
        (_f("FaultCode", Field.ID_AND_CODE),),
        dispatch=False,
    ),
    Section(
        "SanctionToSanctionsRelationshipTypes",
        "SanctionToSanctionsRelationshipType",
        (
            _f("SanctionToSanctionsRelationTypeTechnicalIdentifier", Field.ID),
            _f("SanctionToSanctionsRelationTypeCode", Field.CODE),
        ),
    ),
    Section(
        "RequestingAuthorityTypes",
        "RequestingAuthorityType",
        (
            _f(_CATEGORY, Field.CODE),
            _f("RequestingAuthorityTypeTechnicalIdentifier", Field.ID),
        ),
    ),
    Section(
        "SanctionAlternativeTypes",
        "SanctionAlternativeType",
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
    """The section called ``name`` (:class:`~ecrislib.errors.UnknownCodeTableError`, a ``KeyError``,
    for an unknown name)."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise UnknownCodeTableError(f"unknown code table {name!r}; known: {', '.join(SECTION_NAMES)}") from None


def section_for_identifier(identifier: str) -> Section | None:
    """The section whose technical-identifier pattern ``identifier`` has, if exactly one has it."""
    matches = [s for s in SECTIONS if s.dispatch and s.id_pattern.fullmatch(identifier)]
    return matches[0] if len(matches) == 1 else None


def derive_parent(section_name: str, technical_id: str) -> str | None:
    """The identifier of the category above ``technical_id``, read from the code itself.

    The CRT has no parent element: the hierarchy is in the codes. ``0801 00`` belongs to
    ``0800 00``, sanction ``8002`` to ``8000``, request purpose ``001 002`` to ``001 000``.
    The result may name an entry that the table does not hold; callers check.
    """
    if section_name not in _HIERARCHICAL or not TECHNICAL_ID_PATTERNS[section_name].fullmatch(technical_id):
        return None
    # The three forms are ``X-vv-dddddd``: a one-letter prefix and version, then six digits.
    head, digits = technical_id[:5], technical_id[5:]
    if section_name == "OffenceCategories":  # "CCSS SS": category, subcategory, last level
        if digits[4:] != "00":
            return f"{head}{digits[:4]}00"
        if digits[2:4] != "00":
            return f"{head}{digits[:2]}0000"
    elif section_name == "SanctionCategories":  # the Annex B number, zero-padded
        number = int(digits)
        if number % 1000:
            return f"{head}{number // 1000 * 1000:06d}"
    elif digits[3:] != "000":  # request purposes: "ccc sss", category and subcategory
        return f"{head}{digits[:3]}000"
    return None


_HIERARCHICAL: Final = frozenset({"OffenceCategories", "SanctionCategories", "RequestPurposeCategories"})
