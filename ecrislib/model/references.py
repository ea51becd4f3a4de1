"""Typed references to entries of the Common Reference Table (CRT).

A message carries only a CRT entry's *technical identifier* (``O-00-160400``), never its label.
Each reference kind is its own class so that an offence category can never be put where a
sanction category belongs; each checks the identifier's form (the XSD pattern). Whether the
entry exists is a question for :mod:`ecrislib.codes`, not for the model.

``TABLE`` names the CRT section the identifier points into.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar, Pattern

import attrs

from ..errors import ModelError
from ..facts import TECHNICAL_ID_PATTERNS

__all__ = [
    "Reference",
    "CountryRef",
    "CountrySubdivisionRef",
    "CityRef",
    "CurrencyRef",
    "OffenceCategoryRef",
    "LevelOfCompletionRef",
    "LevelOfParticipationRef",
    "SanctionCategoryRef",
    "SanctionNatureRef",
    "SanctionAlternativeTypeRef",
    "SuspensionTypeRef",
    "SanctionRelationTypeRef",
    "DecisionChangeTypeRef",
    "IdentificationDocumentCategoryRef",
    "RequestPurposeRef",
    "RequestingAuthorityTypeRef",
    "RequestResponseTypeRef",
    "NotificationResponseTypeRef",
    "AdditionalInfoResponseTypeRef",
    "FunctionalErrorCode",
    "UNKNOWN_COUNTRY",
]


def _check_identifier(instance: Any, _attribute: Any, value: Any) -> None:
    cls = type(instance)
    if not (isinstance(value, str) and cls.PATTERN.fullmatch(value)):
        raise ModelError(cls.__name__, f"identifier must match {cls.PATTERN.pattern}")


@attrs.frozen(order=True)
class Reference:
    """Base of every code-table reference: one technical identifier string."""

    PATTERN: ClassVar[Pattern[str]] = re.compile(r".+")
    TABLE: ClassVar[str] = ""

    id: str = attrs.field(validator=_check_identifier)

    def __str__(self) -> str:
        return self.id


@attrs.frozen(order=True)
class CountryRef(Reference):
    """Country, ``CO-00-<ISO numeric>-<ISO alpha-3>``; ``CO-00-999-XXX`` means unknown."""

    TABLE = "Countries"
    PATTERN = TECHNICAL_ID_PATTERNS[TABLE]


@attrs.frozen(order=True)
class CountrySubdivisionRef(Reference):
    """Country subdivision (ISO 3166-2 based), e.g. ``CS-00-PL-MZ``."""

    TABLE = "CountrySubdivisions"
    PATTERN = TECHNICAL_ID_PATTERNS[TABLE]


@attrs.frozen(order=True)
class CityRef(Reference):
    """Main city, e.g. ``CI-00-POL-T0001``."""

    TABLE = "Cities"
    PATTERN = TECHNICAL_ID_PATTERNS[TABLE]


@attrs.frozen(order=True)
class CurrencyRef(Reference):
    """Currency, ``CX-00-<ISO 4217 numeric>-<code>``, e.g. ``CX-00-978-EUR``."""

    TABLE = "Currencies"
    PATTERN = TECHNICAL_ID_PATTERNS[TABLE]


@attrs.frozen(order=True)
class OffenceCategoryRef(Reference):
    """Offence category of Annex A: code ``1604 00`` travels as ``O-00-160400``."""

    TABLE = "OffenceCategories"
    PATTERN = TECHNICAL_ID_PATTERNS[TABLE]


@attrs.frozen(order=True)
class LevelOfCompletionRef(Reference):
    """Annex A parameter: ``LC-00-C`` completed, ``LC-00-A`` attempt, ``LC-00-0`` not given."""

    TABLE = "OffenceLevelsOfCompletion"
    PATTERN = TECHNICAL_ID_PATTERNS[TABLE]


@attrs.frozen(order=True)
class LevelOfParticipationRef(Reference):
    """Annex A parameter: ``LP-00-M`` perpetrator, ``LP-00-H`` aider/abettor, ``LP-00-0``."""

    TABLE = "OffenceLevelsOfParticipation"
    PATTERN = TECHNICAL_ID_PATTERNS[TABLE]


@attrs.frozen(order=True)
class SanctionCategoryRef(Reference):
    """Penalty or measure category of Annex B: ``8002`` travels as ``S-00-008002``."""

    TABLE = "SanctionCategories"
    PATTERN = TECHNICAL_ID_PATTERNS[TABLE]


@attrs.frozen(order=True)
class SanctionNatureRef(Reference):
    """Nature of a sanction (penalty or measure), e.g. ``N-00-P``."""

    TABLE = "SanctionNatures"
    PATTERN = TECHNICAL_ID_PATTERNS[TABLE]


@attrs.frozen(order=True)
class SanctionAlternativeTypeRef(Reference):
    TABLE = "SanctionAlternativeTypes"
    PATTERN = TECHNICAL_ID_PATTERNS[TABLE]


@attrs.frozen(order=True)
class SuspensionTypeRef(Reference):
    """Type of suspension, e.g. ``S-00-A`` (six characters, unlike sanction categories)."""

    TABLE = "SanctionTypesOfSuspension"
    PATTERN = TECHNICAL_ID_PATTERNS[TABLE]


@attrs.frozen(order=True)
class SanctionRelationTypeRef(Reference):
    """How one sanction relates to others, e.g. ``SSR-00-02``."""

    TABLE = "SanctionToSanctionsRelationshipTypes"
    PATTERN = TECHNICAL_ID_PATTERNS[TABLE]


@attrs.frozen(order=True)
class DecisionChangeTypeRef(Reference):
    """Kind of change a later decision makes, e.g. ``DCH-00-O`` pardon."""

    TABLE = "DecisionChangeTypes"
    PATTERN = TECHNICAL_ID_PATTERNS[TABLE]


@attrs.frozen(order=True)
class IdentificationDocumentCategoryRef(Reference):
    """Identity document category, e.g. ``ID-00-003`` passport."""

    TABLE = "IdentificationDocumentCategories"
    PATTERN = TECHNICAL_ID_PATTERNS[TABLE]


@attrs.frozen(order=True)
class RequestPurposeRef(Reference):
    """Purpose of a request: category and sub-category, ``P-00-ccc sss``."""

    TABLE = "RequestPurposeCategories"
    PATTERN = TECHNICAL_ID_PATTERNS[TABLE]


@attrs.frozen(order=True)
class RequestingAuthorityTypeRef(Reference):
    TABLE = "RequestingAuthorityTypes"
    PATTERN = TECHNICAL_ID_PATTERNS[TABLE]


@attrs.frozen(order=True)
class RequestResponseTypeRef(Reference):
    """Outcome of a request, e.g. ``RRT-00-00`` answered, ``RRT-00-01`` denied."""

    TABLE = "RequestResponses"
    PATTERN = TECHNICAL_ID_PATTERNS[TABLE]


@attrs.frozen(order=True)
class NotificationResponseTypeRef(Reference):
    TABLE = "NotificationResponses"
    PATTERN = TECHNICAL_ID_PATTERNS[TABLE]


@attrs.frozen(order=True)
class AdditionalInfoResponseTypeRef(Reference):
    TABLE = "RequestAdditionalInfoResponses"
    PATTERN = TECHNICAL_ID_PATTERNS[TABLE]


@attrs.frozen(order=True)
class FunctionalErrorCode(Reference):
    """A functional error code ``FE-nnnnn``; an xsd:ID, so unique within a message."""

    TABLE = "FunctionalErrors"
    PATTERN = TECHNICAL_ID_PATTERNS[TABLE]


#: The CRT sentinel for an unknown country (birth place or nationality not known).
UNKNOWN_COUNTRY = CountryRef("CO-00-999-XXX")
