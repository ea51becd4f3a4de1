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

    PATTERN = re.compile(r"CO-[0-9]{2}-[0-9]{3}-[A-Z]{3}")
    TABLE = "Countries"


@attrs.frozen(order=True)
class CountrySubdivisionRef(Reference):
    """Country subdivision (ISO 3166-2 based), e.g. ``CS-00-PL-MZ``."""

    PATTERN = re.compile(r"CS-[0-9]{2}-[A-Z]{2}-(?:[0-9]{1,3}|[A-Z]{1,3})")
    TABLE = "CountrySubdivisions"


@attrs.frozen(order=True)
class CityRef(Reference):
    """Main city, e.g. ``CI-00-POL-T0001``."""

    PATTERN = re.compile(r"CI-[0-9]{2}-[A-Z]{3}-T[0-9]{4}")
    TABLE = "Cities"


@attrs.frozen(order=True)
class CurrencyRef(Reference):
    """Currency, ``CX-00-<ISO 4217 numeric>-<code>``, e.g. ``CX-00-978-EUR``."""

    PATTERN = re.compile(r"CX-[0-9]{2}-[0-9]{3}-[A-Z]{3}")
    TABLE = "Currencies"


@attrs.frozen(order=True)
class OffenceCategoryRef(Reference):
    """Offence category of Annex A: code ``1604 00`` travels as ``O-00-160400``."""

    PATTERN = re.compile(r"O-[0-9]{2}-[0-9]{6}")
    TABLE = "OffenceCategories"


@attrs.frozen(order=True)
class LevelOfCompletionRef(Reference):
    """Annex A parameter: ``LC-00-C`` completed, ``LC-00-A`` attempt, ``LC-00-0`` not given."""

    PATTERN = re.compile(r"LC-[0-9]{2}-[0A-Z]")
    TABLE = "OffenceLevelsOfCompletion"


@attrs.frozen(order=True)
class LevelOfParticipationRef(Reference):
    """Annex A parameter: ``LP-00-M`` perpetrator, ``LP-00-H`` aider/abettor, ``LP-00-0``."""

    PATTERN = re.compile(r"LP-[0-9]{2}-[0A-Z]")
    TABLE = "OffenceLevelsOfParticipation"


@attrs.frozen(order=True)
class SanctionCategoryRef(Reference):
    """Penalty or measure category of Annex B: ``8002`` travels as ``S-00-008002``."""

    PATTERN = re.compile(r"S-[0-9]{2}-[0-9]{6}")
    TABLE = "SanctionCategories"


@attrs.frozen(order=True)
class SanctionNatureRef(Reference):
    """Nature of a sanction (penalty or measure), e.g. ``N-00-P``."""

    PATTERN = re.compile(r"N-[0-9]{2}-[0A-Z]")
    TABLE = "SanctionNatures"


@attrs.frozen(order=True)
class SanctionAlternativeTypeRef(Reference):
    PATTERN = re.compile(r"SAT-[0-9]{2}-[A-Z]")
    TABLE = "SanctionAlternativeTypes"


@attrs.frozen(order=True)
class SuspensionTypeRef(Reference):
    """Type of suspension, e.g. ``S-00-A`` (six characters, unlike sanction categories)."""

    PATTERN = re.compile(r"S-[0-9]{2}-[A-Z]")
    TABLE = "SanctionTypesOfSuspension"


@attrs.frozen(order=True)
class SanctionRelationTypeRef(Reference):
    """How one sanction relates to others, e.g. ``SSR-00-02``."""

    PATTERN = re.compile(r"SSR-[0-9]{2}-[0-9]{2}")
    TABLE = "SanctionToSanctionsRelationshipTypes"


@attrs.frozen(order=True)
class DecisionChangeTypeRef(Reference):
    """Kind of change a later decision makes, e.g. ``DCH-00-O`` pardon."""

    PATTERN = re.compile(r"DCH-[0-9]{2}-[A-Z]")
    TABLE = "DecisionChangeTypes"


@attrs.frozen(order=True)
class IdentificationDocumentCategoryRef(Reference):
    """Identity document category, e.g. ``ID-00-003`` passport."""

    PATTERN = re.compile(r"ID-[0-9]{2}-[0-9]{3}")
    TABLE = "IdentificationDocumentCategories"


@attrs.frozen(order=True)
class RequestPurposeRef(Reference):
    """Purpose of a request: category and sub-category, ``P-00-ccc sss``."""

    PATTERN = re.compile(r"P-[0-9]{2}-[0-9]{6}")
    TABLE = "RequestPurposeCategories"


@attrs.frozen(order=True)
class RequestingAuthorityTypeRef(Reference):
    PATTERN = re.compile(r"RAT-[0-9]{2}-[A-Z]")
    TABLE = "RequestingAuthorityTypes"


@attrs.frozen(order=True)
class RequestResponseTypeRef(Reference):
    """Outcome of a request, e.g. ``RRT-00-00`` answered, ``RRT-00-01`` denied."""

    PATTERN = re.compile(r"RRT-[0-9]{2}-[0-9]{2}")
    TABLE = "RequestResponses"


@attrs.frozen(order=True)
class NotificationResponseTypeRef(Reference):
    PATTERN = re.compile(r"NRT-[0-9]{2}-[0-9]{2}")
    TABLE = "NotificationResponses"


@attrs.frozen(order=True)
class AdditionalInfoResponseTypeRef(Reference):
    PATTERN = re.compile(r"ART-[0-9]{2}-[0-9]{2}")
    TABLE = "RequestAdditionalInfoResponses"


@attrs.frozen(order=True)
class FunctionalErrorCode(Reference):
    """A functional error code ``FE-nnnnn``; an xsd:ID, so unique within a message."""

    PATTERN = re.compile(r"FE-[0-9]{5}")
    TABLE = "FunctionalErrors"


#: The CRT sentinel for an unknown country (birth place or nationality not known).
UNKNOWN_COUNTRY = CountryRef("CO-00-999-XXX")
