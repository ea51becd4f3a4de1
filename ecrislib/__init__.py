"""ecrislib: ECRIS criminal-record messages for Python.

Typed, immutable models of the 15 ECRIS v1.0 messages; ``parse`` and ``serialize`` for the exact
XML ECRIS peers exchange; identifiers with injectable ID sources and clocks.

>>> import ecrislib
>>> from ecrislib.testing import factories
>>> request = factories.request()
>>> ecrislib.parse(ecrislib.serialize(request)) == request
True

Heavy parts (schema validation, code tables, rendering) load on first use, so that
``import ecrislib`` stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import errors
from ._lazy import lazy_exports
from .errors import (
    CodecError,
    CodeLookupError,
    EcrisError,
    MissingElementError,
    ModelError,
    SchemaResourceRefused,
    UnknownCodeError,
    UnknownCodeTableError,
    UnknownElementError,
    UnknownMemberStateError,
    UnknownRootError,
    ValueFormatError,
    XmlError,
    XmlLimitError,
    XmlSecurityError,
    XmlSyntaxError,
)

if TYPE_CHECKING:  # the same names, loaded lazily at run time (see _LAZY below)
    from . import facts, ids
    from .clock import Clock, FixedClock, SystemClock
    from .ids import (
        AttachmentId,
        ConvictionId,
        DecisionId,
        IdSource,
        MessageId,
        MessageType,
        OffenceId,
        RandomIds,
        SanctionId,
        SequentialIds,
    )
    from .model import *  # noqa: F403
    from .model.numbering import renumber, renumber_convictions
    from .rendering import render
    from .validation import Severity, ValidationIssue, ValidationOptions, ValidationReport, validate
    from .xml.codec import SerializeOptions, parse, parse_element, serialize, to_element
    from .xml.parser import ParserLimits

# Kept in step with ecrislib.model.__all__ (a test checks it); spelled out so that importing
# ecrislib does not build the model.
_MODEL_NAMES = (
    "AdditionalInformation", "Amount", "Duration", "MultilingualText", "Name", "PartialDate", "Sex", "Text",
    "Timestamp", "YesNoUnknown", "ZonedDate", "equivalent", "Conviction", "ConvictionReference", "DecidingAuthority", "Decision",
    "DecisionToOffences", "DecisionToSanctions", "EcrisConvictionReference", "ExternalConviction", "Interruption",
    "NjrConvictionReference", "Offence", "OtherAffectedConviction", "Period", "Relationship", "Sanction",
    "SanctionToOffences", "SanctionToSanctions", "SentencedPeriod", "Suspension", "MESSAGE_CLASSES",
    "CancellationMessage", "ContactPerson", "Fingerprints", "FunctionalError", "FunctionalErrorMessage",
    "IsAliveMessage", "Message", "Metadata", "NotificationMessage", "NotificationPushMessage",
    "NotificationResponseMessage", "NotificationResponsePushMessage", "RequestAdditionalInfoMessage",
    "RequestAdditionalInfoResponseMessage", "RequestAdditionalInfoResponsePushMessage", "RequestDeadlineMessage",
    "RequestingAuthority", "RequestMessage", "RequestPushMessage", "RequestResponseMessage",
    "RequestResponsePushMessage", "Address", "Alias", "IdentificationDocument", "Person", "PersonName", "Place",
    "Reference", "CountryRef", "CountrySubdivisionRef", "CityRef", "CurrencyRef", "OffenceCategoryRef",
    "LevelOfCompletionRef", "LevelOfParticipationRef", "SanctionCategoryRef", "SanctionNatureRef",
    "SanctionAlternativeTypeRef", "SuspensionTypeRef", "SanctionRelationTypeRef", "DecisionChangeTypeRef",
    "IdentificationDocumentCategoryRef", "RequestPurposeRef", "RequestingAuthorityTypeRef",
    "RequestResponseTypeRef", "NotificationResponseTypeRef", "AdditionalInfoResponseTypeRef",
    "FunctionalErrorCode", "UNKNOWN_COUNTRY",
)  # fmt: skip

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "errors",
    "facts",
    "ids",
    "parse",
    "parse_element",
    "serialize",
    "to_element",
    "SerializeOptions",
    "ParserLimits",
    "renumber",
    "renumber_convictions",
    "Clock",
    "FixedClock",
    "SystemClock",
    "AttachmentId",
    "ConvictionId",
    "DecisionId",
    "IdSource",
    "MessageId",
    "MessageType",
    "OffenceId",
    "RandomIds",
    "SanctionId",
    "SequentialIds",
    "validate",
    "ValidationReport",
    "ValidationIssue",
    "ValidationOptions",
    "Severity",
    "render",
    "EcrisError",
    "ModelError",
    "XmlError",
    "XmlSecurityError",
    "XmlLimitError",
    "XmlSyntaxError",
    "CodecError",
    "UnknownRootError",
    "UnknownElementError",
    "MissingElementError",
    "ValueFormatError",
    "SchemaResourceRefused",
    "CodeLookupError",
    "UnknownCodeError",
    "UnknownCodeTableError",
    "UnknownMemberStateError",
    *_MODEL_NAMES,
]

# Public names that live in modules loaded on first use: name -> module. The model alone is
# some sixty attrs classes (about 0.1 s to build), so nothing is loaded before it is needed.
_LAZY: dict[str, str] = {
    "facts": ".facts",
    "ids": ".ids",
    **{name: ".xml.codec" for name in ("parse", "parse_element", "serialize", "to_element", "SerializeOptions")},
    "ParserLimits": ".xml.parser",
    **{name: ".model.numbering" for name in ("renumber", "renumber_convictions")},
    **{name: ".clock" for name in ("Clock", "FixedClock", "SystemClock")},
    **{
        name: ".ids"
        for name in (
            "AttachmentId", "ConvictionId", "DecisionId", "IdSource", "MessageId", "MessageType",
            "OffenceId", "RandomIds", "SanctionId", "SequentialIds",
        )
    },
    **{name: ".model" for name in _MODEL_NAMES},
    **{name: ".validation" for name in ("validate", "ValidationReport", "ValidationIssue", "ValidationOptions", "Severity")},
    "render": ".rendering",
}  # fmt: skip

__getattr__, __dir__ = lazy_exports(globals(), _LAZY)
