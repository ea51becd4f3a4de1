"""The facts of ECRIS v1.0, written down once: roots, message-ID type codes, WSDL operations,
SOAP actions and the forms of identifiers.

Validation, the model, the codec, the code tables and the transport all need these names. Each
reads them here instead of keeping its own table, so that the tables cannot drift apart. This
module is a leaf: it imports only the standard library, so every layer may use it.

>>> from ecrislib import facts
>>> facts.root("NotificationPushMessage").type_code
'NOT'
>>> facts.root("IsAliveMessage").soap_action
'http://ec.europa.eu/ECRIS/isAlive'
>>> bool(facts.TECHNICAL_ID_PATTERNS["OffenceCategories"].fullmatch("O-00-160400"))
True
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, NamedTuple

__all__ = [
    "MessageType",
    "Root",
    "ROOTS",
    "ROOT_NAMES",
    "ROOT_TYPES",
    "OPERATIONS",
    "SOAP_ACTION_BASE",
    "SOAP_ACTIONS",
    "root",
    "MEMBER_STATE_PATTERN",
    "MESSAGE_ID_PATTERN",
    "CONVICTION_ID_PATTERN",
    "DECISION_ID_PATTERN",
    "OFFENCE_ID_PATTERN",
    "SANCTION_ID_PATTERN",
    "ATTACHMENT_ID_PATTERN",
    "TECHNICAL_ID_PATTERNS",
    "CODE_ELEMENTS",
    "CODE_ATTRIBUTES",
]


class MessageType(str, enum.Enum):
    """The type code inside a message ID (``SS-RR-TTT-n...``)."""

    REQ = "REQ"  # request
    RDL = "RDL"  # request deadline
    RRS = "RRS"  # request response
    NOT = "NOT"  # notification
    NRS = "NRS"  # notification response
    RAI = "RAI"  # request for additional information
    RAR = "RAR"  # response to a request for additional information
    FEM = "FEM"  # functional error
    CAN = "CAN"  # cancellation
    IAL = "IAL"  # is-alive

    def __str__(self) -> str:
        return self.value


#: Every operation's SOAP action is this plus the operation name (``soapActionRequired``).
SOAP_ACTION_BASE: Final = "http://ec.europa.eu/ECRIS/"


class Root(NamedTuple):
    """One of the 15 root elements (namespace ``svc``) and what goes with it.

    ``message_class`` is the name of the model class in :mod:`ecrislib.model` (a name, not an
    import, so that this module stays a leaf).
    """

    name: str
    message_class: str
    type_code: MessageType
    operation: str
    #: Push variants carry the fingerprint file inside the message.
    push: bool

    @property
    def soap_action(self) -> str:
        """The SOAP 1.2 ``action`` of the operation carrying this root."""
        return SOAP_ACTION_BASE + self.operation


def _root(name: str, type_code: MessageType, operation: str) -> Root:
    return Root(name, name, type_code, operation, "Push" in name)


_T = MessageType

#: The 15 roots, in the order of the WSDL's operations.
ROOTS: Final[tuple[Root, ...]] = (
    _root("RequestMessage", _T.REQ, "deliverRequest"),
    _root("RequestPushMessage", _T.REQ, "deliverRequestPush"),
    _root("RequestDeadlineMessage", _T.RDL, "deliverRequestDeadline"),
    _root("RequestResponseMessage", _T.RRS, "deliverRequestResponse"),
    _root("RequestResponsePushMessage", _T.RRS, "deliverRequestResponsePush"),
    _root("NotificationMessage", _T.NOT, "deliverNotification"),
    _root("NotificationPushMessage", _T.NOT, "deliverNotificationPush"),
    _root("NotificationResponseMessage", _T.NRS, "deliverNotificationResponse"),
    _root("NotificationResponsePushMessage", _T.NRS, "deliverNotificationResponsePush"),
    _root("RequestAdditionalInfoMessage", _T.RAI, "deliverRequestAdditionalInfo"),
    _root("RequestAdditionalInfoResponseMessage", _T.RAR, "deliverRequestAdditionalInfoResponse"),
    _root("RequestAdditionalInfoResponsePushMessage", _T.RAR, "deliverRequestAdditionalInfoResponsePush"),
    _root("FunctionalErrorMessage", _T.FEM, "deliverFunctionalError"),
    _root("CancellationMessage", _T.CAN, "deliverCancellation"),
    _root("IsAliveMessage", _T.IAL, "isAlive"),
)

_BY_NAME: Final[Mapping[str, Root]] = MappingProxyType({r.name: r for r in ROOTS})

#: Root local names, in WSDL order.
ROOT_NAMES: Final[tuple[str, ...]] = tuple(_BY_NAME)
#: Root element -> the message-ID type code it must carry.
ROOT_TYPES: Final[Mapping[str, str]] = MappingProxyType({r.name: r.type_code.value for r in ROOTS})
#: Root element -> the WSDL operation that carries it.
OPERATIONS: Final[Mapping[str, str]] = MappingProxyType({r.name: r.operation for r in ROOTS})
#: Root element -> the SOAP action of that operation.
SOAP_ACTIONS: Final[Mapping[str, str]] = MappingProxyType({r.name: r.soap_action for r in ROOTS})


def root(name: str) -> Root:
    """The facts of the root element ``name`` (``KeyError`` when it is not an ECRIS root)."""
    return _BY_NAME[name]


# ------------------------------------------------------------------ identifiers (XSD patterns)

#: A member-state code: two upper-case letters.
MEMBER_STATE_PATTERN: Final = re.compile(r"[A-Z]{2}")
#: ``SS-RR-TTT-nnnnnnnnnnnnnnn``: groups sender, receiver, type code, number.
MESSAGE_ID_PATTERN: Final = re.compile(r"([A-Z]{2})-([A-Z]{2})-([A-Z]{3})-([0-9]{15})")
#: ``SS-C-nnnnnnnnnnnnnnn``: groups convicting state, number.
CONVICTION_ID_PATTERN: Final = re.compile(r"([A-Z]{2})-C-([0-9]{15})")
#: ``D-nnnnn``, ``O-nnnnn``, ``S-nnnnn``: group number (xsd:IDs, unique in a message).
DECISION_ID_PATTERN: Final = re.compile(r"D-([0-9]{5})")
OFFENCE_ID_PATTERN: Final = re.compile(r"O-([0-9]{5})")
SANCTION_ID_PATTERN: Final = re.compile(r"S-([0-9]{5})")
#: ``SS-BA-nnnnnnnnn``: groups country, number (a fingerprint file).
ATTACHMENT_ID_PATTERN: Final = re.compile(r"([A-Z]{2})-BA-([0-9]{9})")

#: CRT section -> the form of its entries' technical identifiers, in CRT document order.
TECHNICAL_ID_PATTERNS: Final[Mapping[str, re.Pattern[str]]] = MappingProxyType(
    {
        name: re.compile(pattern)
        for name, pattern in (
            ("CentralAuthorities", r"CA-[0-9]{2}-[A-Z]{2}"),
            ("Languages", r"[a-z]{2}"),
            ("Countries", r"CO-[0-9]{2}-[0-9]{3}-[A-Z]{3}"),
            ("Currencies", r"CX-[0-9]{2}-[0-9]{3}-[A-Z]{3}"),
            ("CountrySubdivisions", r"CS-[0-9]{2}-[A-Z]{2}-(?:[0-9]{1,3}|[A-Z]{1,3})"),
            ("Cities", r"CI-[0-9]{2}-[A-Z]{3}-T[0-9]{4}"),
            ("OffenceCategories", r"O-[0-9]{2}-[0-9]{6}"),
            ("OffenceLevelsOfParticipation", r"LP-[0-9]{2}-[0A-Z]"),
            ("OffenceLevelsOfCompletion", r"LC-[0-9]{2}-[0A-Z]"),
            ("SanctionCategories", r"S-[0-9]{2}-[0-9]{6}"),
            ("SanctionTypesOfSuspension", r"S-[0-9]{2}-[A-Z]"),
            ("SanctionNatures", r"N-[0-9]{2}-[0A-Z]"),
            ("RequestPurposeCategories", r"P-[0-9]{2}-[0-9]{6}"),
            ("IdentificationDocumentCategories", r"ID-[0-9]{2}-[0-9]{3}"),
            ("DecisionChangeTypes", r"DCH-[0-9]{2}-[A-Z]"),
            ("RequestResponses", r"RRT-[0-9]{2}-[0-9]{2}"),
            ("NotificationResponses", r"NRT-[0-9]{2}-[0-9]{2}"),
            ("RequestAdditionalInfoResponses", r"ART-[0-9]{2}-[0-9]{2}"),
            ("FunctionalErrors", r"FE-[0-9]{5}"),
            # Any NCName: too wide to recognise an identifier by its form alone.
            ("Faults", r"[A-Za-z_][\w.\-]*"),
            ("SanctionToSanctionsRelationshipTypes", r"SSR-[0-9]{2}-[0-9]{2}"),
            ("RequestingAuthorityTypes", r"RAT-[0-9]{2}-[A-Z]"),
            ("SanctionAlternativeTypes", r"SAT-[0-9]{2}-[A-Z]"),
        )
    }
)

#: Local element name -> the CRT section its technical identifier belongs to. The codec's
#: names table (``ecrislib.xml.names``) carries the same elements as typed references; a test
#: keeps the two in step.
CODE_ELEMENTS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "PersonNationalityReference": "Countries",
        "PlaceCountryReference": "Countries",
        "ConvictionConvictingCountryReference": "Countries",
        "PlaceCountrySubdivisionReference": "CountrySubdivisions",
        "PlaceTownReference": "Cities",
        "DecisionChangeTypeReference": "DecisionChangeTypes",
        "FunctionalErrorCode": "FunctionalErrors",
        "IdentificationDocumentCategoryReference": "IdentificationDocumentCategories",
        "MessageDataAccusationOffenceCategoryReference": "OffenceCategories",
        "OffenceCommonCategoryReference": "OffenceCategories",
        "MessageDataNotificationResponseTypeReference": "NotificationResponses",
        "MessageDataRequestAdditionalInfoResponseTypeReference": "RequestAdditionalInfoResponses",
        "MessageDataRequestPurposeCategoryReference": "RequestPurposeCategories",
        "MessageDataRequestResponseTypeReference": "RequestResponses",
        "OffenceLevelOfCompletionReference": "OffenceLevelsOfCompletion",
        "OffenceLevelOfParticipationReference": "OffenceLevelsOfParticipation",
        "RequestingAuthorityTypeReference": "RequestingAuthorityTypes",
        "SanctionAlternativeTypeReference": "SanctionAlternativeTypes",
        "SanctionCommonCategoryReference": "SanctionCategories",
        "SanctionCurrencyOfFineReference": "Currencies",
        "SanctionSuspensionTypeReference": "SanctionTypesOfSuspension",
        "SanctionTypeReference": "SanctionNatures",
    }
)
#: Attribute name -> the CRT section of its value.
CODE_ATTRIBUTES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "relationshipTypeReference": "SanctionToSanctionsRelationshipTypes",
        "languageCode": "Languages",
    }
)
