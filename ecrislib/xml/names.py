"""The one table of ECRIS v1.0 XML names: which element (namespace, name, order, cardinality)
carries which model field. The reader and the writer are both driven by it, so a new element
is one line here plus one field in the model.

Order and namespaces follow ``ecris-v1-element-trees.txt``: every element is qualified with the
namespace of the schema that declares it (``msg`` for message structure, ``dm`` for the domain
model, ``c`` for base types), and inherited elements come first in extended types.
"""

from __future__ import annotations

import operator

from .. import ids
from ..model import common as cm
from ..model import conviction as cv
from ..model import messages as ms
from ..model import person as pe
from ..model import references as rf
from .binding import (
    BASE64,
    BOOLEAN,
    DATE,
    INTEGER,
    MANY,
    MANY1,
    ONE,
    OPT,
    STRING,
    Attribute,
    Child,
    Choice,
    Codec,
    Complex,
    Leaf,
    MultilingualCodec,
    NameCodec,
    PartialDateCodec,
    Typed,
    constructed,
    enum_leaf,
    identity,
    parse_int,
    parsed,
)
from .namespaces import C, DM, MSG, SVC, qname

# --------------------------------------------------------------------- value codecs

TEXT = STRING
ML = MultilingualCodec()
NAME = NameCodec()
PARTIAL_DATE = PartialDateCodec()
YNU = enum_leaf(cm.YesNoUnknown, "Yes/No/UNKNOWN value (case-exact)")
SEX = Leaf(lambda text: cm.Sex(parse_int(text)), lambda value: str(int(value)), what="sex code (0, 1 or 2)", escape=False)
INFO = enum_leaf(cm.AdditionalInformation, "kind of additional information")
TIMESTAMP = constructed(cm.Timestamp, "xsd:dateTime")
DURATION = constructed(cm.Duration, "xsd:duration")
MESSAGE_ID = parsed(ids.MessageId, "message ID")
CONVICTION_ID = parsed(ids.ConvictionId, "conviction ID")
DECISION_ID = parsed(ids.DecisionId, "decision ID", cached=True)
OFFENCE_ID = parsed(ids.OffenceId, "offence ID", cached=True)
SANCTION_ID = parsed(ids.SanctionId, "sanction ID", cached=True)
ATTACHMENT_ID = parsed(ids.AttachmentId, "binary attachment ID")

# The same values where the element is an xsd:ID (unique in the document) or an xsd:IDREF
# (naming one): the reader checks both once the document is read.
MESSAGE_ID_KEY = identity(MESSAGE_ID, "id")
CONVICTION_ID_KEY, CONVICTION_ID_REF = identity(CONVICTION_ID, "id"), identity(CONVICTION_ID, "idref")
DECISION_ID_KEY, DECISION_ID_REF = identity(DECISION_ID, "id"), identity(DECISION_ID, "idref")
OFFENCE_ID_KEY, OFFENCE_ID_REF = identity(OFFENCE_ID, "id"), identity(OFFENCE_ID, "idref")
SANCTION_ID_KEY, SANCTION_ID_REF = identity(SANCTION_ID, "id"), identity(SANCTION_ID, "idref")
ATTACHMENT_ID_KEY = identity(ATTACHMENT_ID, "id")


def ref(cls: type[rf.Reference]) -> Leaf:
    # A reference is written as its identifier: str() of it, without a Python-level call.
    return constructed(cls, f"{cls.__name__} identifier", cached=True, format=operator.attrgetter("id"))


def dm(local: str, field: str, codec: Codec, card: str = ONE, *, default: str | None = None) -> Child:
    return Child(DM, local, field, codec, card, default=default)


def msg(local: str, field: str, codec: Codec, card: str = ONE, *, default: str | None = None) -> Child:
    return Child(MSG, local, field, codec, card, default=default)


# --------------------------------------------------------------------- domain model (dm)

AMOUNT = Complex(
    cm.Amount,
    [
        Child(C, "PositiveDecimalUnit", "unit", INTEGER),
        Child(C, "PositiveDecimalFraction", "fraction", INTEGER, OPT),
    ],
)

PLACE = Complex(
    pe.Place,
    [
        dm("PlaceCountryReference", "country", ref(rf.CountryRef), default="CO-00-999-XXX"),
        dm("PlaceCountrySubdivisionReference", "subdivision", ref(rf.CountrySubdivisionRef), OPT),
        dm("PlaceTownReference", "town", ref(rf.CityRef), OPT),
        dm("PlaceTownName", "town_name", ML),
    ],
)

PERSON_NAME = Complex(
    pe.PersonName,
    [
        dm("Forename", "forename", NAME),
        dm("Surname", "surname", NAME),
        dm("SecondSurname", "second_surname", NAME, OPT),
        dm("FullName", "full_name", NAME, OPT),
    ],
)

IDENTIFICATION_DOCUMENT = Complex(
    pe.IdentificationDocument,
    [
        dm("IdentificationDocumentCategoryReference", "category", ref(rf.IdentificationDocumentCategoryRef)),
        dm("IdentificationDocumentType", "type", ML),
        dm("IdentificationDocumentNumber", "number", TEXT, default="UNKNOWN"),
        dm("IdentificationDocumentIssuingAuthority", "issuing_authority", ML, OPT),
        dm("IdentificationDocumentIssuingDate", "issuing_date", PARTIAL_DATE, OPT),
        dm("IdentificationDocumentValidUntil", "valid_until", PARTIAL_DATE, OPT),
    ],
)

ADDRESS = Complex(
    pe.Address,
    [
        dm("AddressPlace", "place", PLACE),
        dm("AddressStreet", "street", ML, OPT),
        dm("AddressHouseNumber", "house_number", ML, OPT),
        dm("AddressPostCode", "post_code", ML, OPT),
        dm("AddressFull", "full", ML, OPT),
    ],
)

_PARENTS = [
    dm("PersonFatherForename", "father_forename", NAME, OPT),
    dm("PersonFatherSurname", "father_surname", NAME, OPT),
    dm("PersonFatherSecondSurname", "father_second_surname", NAME, OPT),
    dm("PersonMotherForename", "mother_forename", NAME, OPT),
    dm("PersonMotherSurname", "mother_surname", NAME, OPT),
    dm("PersonMotherSecondSurname", "mother_second_surname", NAME, OPT),
    dm("PersonIdentityNumber", "identity_number", TEXT, OPT),
    dm("PersonIdentificationDocument", "identification_documents", IDENTIFICATION_DOCUMENT, MANY),
    dm("PersonAddress", "addresses", ADDRESS, MANY),
]

ALIAS = Complex(
    pe.Alias,
    [
        dm("PersonName", "name", PERSON_NAME),
        dm("PersonSex", "sex", SEX, OPT),
        dm("PersonBirthDate", "birth_date", PARTIAL_DATE, OPT),
        dm("PersonBirthPlace", "birth_place", PLACE, OPT),
        dm("PersonNationalityReference", "nationalities", ref(rf.CountryRef), MANY),
        *_PARENTS,
        dm("PersonRemarks", "remarks", ML, OPT),
    ],
)

PERSON = Complex(
    pe.Person,
    [
        dm("PersonName", "name", PERSON_NAME),
        dm("PersonSex", "sex", SEX, default="0"),
        dm("PersonBirthDate", "birth_date", PARTIAL_DATE),
        dm("PersonBirthPlace", "birth_place", PLACE),
        dm("PersonNationalityReference", "nationalities", ref(rf.CountryRef), MANY1, default="CO-00-999-XXX"),
        dm("PersonFormerForename", "former_forenames", NAME, MANY),
        dm("PersonFormerSurname", "former_surnames", NAME, MANY),
        dm("PersonFormerSecondSurname", "former_second_surnames", NAME, MANY),
        *_PARENTS,
        dm("PersonAlias", "aliases", ALIAS, MANY),
        dm("PersonRemarks", "remarks", ML, OPT),
    ],
)

DECIDING_AUTHORITY = Complex(
    cv.DecidingAuthority,
    [dm("DecidingAuthorityCode", "code", TEXT, OPT), dm("DecidingAuthorityName", "name", ML)],
)

DECISION = Complex(
    cv.Decision,
    [
        dm("DecisionID", "id", DECISION_ID_KEY),
        dm("DecisionChangeTypeReference", "change_types", ref(rf.DecisionChangeTypeRef), MANY),
        dm("DecisionDate", "date", DATE, OPT, default="1800-01-01"),
        dm("DecisionFinalDate", "final_date", DATE, OPT, default="1800-01-01"),
        dm("DecisionDecidingAuthority", "deciding_authority", DECIDING_AUTHORITY, OPT),
        dm("DecisionDeleteConvictionFromRegister", "delete_from_register", YNU),
        dm("DecisionRemarks", "remarks", ML, OPT),
    ],
)

# Offences and sanctions extend the national-category base type: its elements come first.
_NATIONAL_CATEGORY = [
    dm("NationalCategoryCode", "national_code", TEXT, OPT),
    dm("NationalCategoryTitle", "national_title", ML),
    dm("Remarks", "remarks", ML, OPT),
]

OFFENCE = Complex(
    cv.Offence,
    [
        *_NATIONAL_CATEGORY,
        dm("OffenceID", "id", OFFENCE_ID_KEY),
        dm("OffenceCommonCategoryReference", "common_category", ref(rf.OffenceCategoryRef), default="O-00-270000"),
        dm("OffenceApplicableLegalProvisions", "legal_provisions", TEXT, default="UNKNOWN"),
        dm("OffenceStartDate", "start_date", PARTIAL_DATE, OPT),
        dm("OffenceEndDate", "end_date", PARTIAL_DATE, OPT),
        dm("OffencePlace", "place", PLACE, OPT),
        dm("OffenceNumberOfOccurrences", "occurrences", INTEGER, OPT),
        dm("OffenceIsContinuous", "is_continuous", YNU),
        dm("OffenceLevelOfCompletionReference", "level_of_completion", ref(rf.LevelOfCompletionRef), OPT),
        dm("OffenceLevelOfParticipationReference", "level_of_participation", ref(rf.LevelOfParticipationRef), OPT),
        dm("OffenceResponsibilityExemption", "responsibility_exemption", YNU),
        dm("OffenceRecidivism", "recidivism", YNU),
    ],
)

# Periods: start, duration, end come before the fields each period type adds.
_PERIOD = [
    dm("PeriodStartDate", "start", DATE, OPT),
    dm("PeriodDuration", "duration", DURATION, OPT),
    dm("PeriodEndDate", "end", DATE, OPT),
]

SENTENCED_PERIOD = Complex(cv.SentencedPeriod, [*_PERIOD, dm("DurationExact", "duration_exact", YNU)])
EXECUTION_PERIOD = Complex(cv.Period, _PERIOD)
SUSPENSION = Complex(
    cv.Suspension,
    [
        *_PERIOD,
        dm("SanctionSuspensionTypeReference", "type", ref(rf.SuspensionTypeRef), default="S-00-Z"),
        dm("SanctionDurationSuspendedPart", "suspended_part", DURATION, OPT),
        dm("SanctionProbationDuration", "probation", DURATION, OPT),
        dm("SanctionSuspensionPartiallySuspendedAmount", "partially_suspended_amount", AMOUNT, OPT),
        dm("SanctionSuspensionRemarks", "remarks", ML, OPT),
    ],
)
INTERRUPTION = Complex(cv.Interruption, [*_PERIOD, dm("SanctionInterruptionRemarks", "remarks", ML, OPT)])

SANCTION = Complex(
    cv.Sanction,
    [
        *_NATIONAL_CATEGORY,
        dm("SanctionID", "id", SANCTION_ID_KEY),
        dm("SanctionTypeReference", "nature", ref(rf.SanctionNatureRef), default="N-00-Z"),
        dm("SanctionCommonCategoryReference", "common_category", ref(rf.SanctionCategoryRef), default="S-00-012000"),
        dm("SanctionAlternativeTypeReference", "alternative_type", ref(rf.SanctionAlternativeTypeRef), OPT),
        dm("SanctionMultiplier", "multiplier", INTEGER, default="1"),
        dm("SanctionIsSpecificToMinor", "specific_to_minor", YNU),
        dm("SanctionSentencedPeriod", "sentenced_period", SENTENCED_PERIOD, OPT),
        dm("SanctionExecutionPeriod", "execution_period", EXECUTION_PERIOD, OPT),
        dm("SanctionNumberOfFines", "number_of_fines", INTEGER, OPT),
        dm("SanctionAmountOfIndividualFine", "fine_amount", AMOUNT, OPT),
        dm("SanctionCurrencyOfFineReference", "fine_currency", ref(rf.CurrencyRef), OPT),
        dm("SanctionSuspension", "suspension", SUSPENSION, OPT),
        dm("SanctionInterruption", "interruptions", INTERRUPTION, MANY),
    ],
)

EXTERNAL_CONVICTION = Complex(
    cv.ExternalConviction,
    [
        msg("ConvictingAuthority", "convicting_authority", DECIDING_AUTHORITY),
        msg("ConvictionFileNumber", "file_number", TEXT),
        msg("ConvictionDecisionFinalDate", "decision_final_date", DATE),
    ],
)


def _conviction_reference(ecris: Codec) -> Choice:
    """ECRIS ID, NJR reference or court data; the same choice whether the ECRIS ID is a link
    inside the message (updated conviction) or a plain ID outside it (affected convictions)."""

    def ecris_id(value: object) -> object:
        return value.id if isinstance(value, cv.EcrisConvictionReference) else None

    def njr_reference(value: object) -> object:
        return value.reference if isinstance(value, cv.NjrConvictionReference) else None

    def external(value: object) -> object:
        return value if isinstance(value, cv.ExternalConviction) else None

    return Choice(
        [
            (msg("ECRISConvictionReference", "id", ecris), cv.EcrisConvictionReference, ecris_id),
            (msg("NJRConvictionReference", "reference", TEXT), cv.NjrConvictionReference, njr_reference),
            (msg("ExternalConviction", "external", EXTERNAL_CONVICTION), lambda value: value, external),
        ]
    )


#: A conviction outside the message (plain ID) and one inside it (IDREF to its ConvictionID).
CONVICTION_REFERENCE = _conviction_reference(CONVICTION_ID)
CONVICTION_LINK = _conviction_reference(CONVICTION_ID_REF)

OTHER_AFFECTED_CONVICTION = Complex(
    cv.OtherAffectedConviction,
    [
        msg("SourceConviction", "source", CONVICTION_ID_REF),
        msg("DestinationConviction", "destinations", CONVICTION_REFERENCE, MANY1),
    ],
)

#: ``xsi:type`` (namespace, type name) of each relationship kind.
RELATIONSHIP = Typed(
    {
        (DM, "DecisionToOffencesRelationshipType"): Complex(
            cv.DecisionToOffences,
            [dm("Decision", "decision", DECISION_ID_REF), dm("Offence", "offences", OFFENCE_ID_REF, MANY1)],
        ),
        (DM, "DecisionToSanctionsRelationshipType"): Complex(
            cv.DecisionToSanctions,
            [dm("Decision", "decision", DECISION_ID_REF), dm("Sanction", "sanctions", SANCTION_ID_REF, MANY1)],
        ),
        (DM, "SanctionToOffencesRelationshipType"): Complex(
            cv.SanctionToOffences,
            [dm("Sanction", "sanction", SANCTION_ID_REF), dm("Offence", "offences", OFFENCE_ID_REF, MANY1)],
        ),
        (DM, "SanctionToSanctionsRelationshipType"): Complex(
            cv.SanctionToSanctions,
            [dm("SourceSanction", "source", SANCTION_ID_REF), dm("DestinationSanction", "destinations", SANCTION_ID_REF, MANY1)],
            [Attribute("relationshipTypeReference", "relation_type", rf.SanctionRelationTypeRef, required=True)],
        ),
        (MSG, "ConvictionToConvictionsRelationshipType"): OTHER_AFFECTED_CONVICTION,
    }
)

CONVICTION = Complex(
    cv.Conviction,
    [
        dm("ConvictionID", "id", CONVICTION_ID_KEY),
        dm("ConvictionConvictingCountryReference", "convicting_country", ref(rf.CountryRef)),
        dm("ConvictionFileNumber", "file_number", TEXT, default="UNKNOWN"),
        dm("ConvictionDecisionDate", "decision_date", DATE, default="1800-01-01"),
        dm("ConvictionDecisionFinalDate", "decision_final_date", DATE, default="1800-01-01"),
        dm("ConvictionDecidingAuthority", "deciding_authority", DECIDING_AUTHORITY),
        dm("ConvictionNonCriminalRuling", "non_criminal_ruling", YNU),
        dm("ConvictionRetentionPeriodEndDate", "retention_period_end_date", DATE, OPT),
        dm("ConvictionIsTransmittable", "is_transmittable", YNU),
        dm("ConvictionRemarks", "remarks", ML, OPT),
        dm("ConvictionDecision", "decisions", DECISION, MANY1),
        dm("ConvictionOffence", "offences", OFFENCE, MANY),
        dm("ConvictionSanction", "sanctions", SANCTION, MANY),
        dm("ConvictionRelationship", "relationships", RELATIONSHIP, MANY),
    ],
)

# --------------------------------------------------------------------- message structure (msg)

CONTACT_PERSON = Complex(
    ms.ContactPerson,
    [
        dm("Forename", "forename", NAME, OPT),
        dm("Surname", "surname", NAME, OPT),
        dm("SecondSurname", "second_surname", NAME, OPT),
        msg("ContactPersonPhoneNumber", "phone", TEXT, OPT),
        msg("ContactPersonFaxNumber", "fax", TEXT, OPT),
        msg("ContactPersonEmail", "email", TEXT),
    ],
)

REQUESTING_AUTHORITY = Complex(
    ms.RequestingAuthority,
    [
        msg("RequestingAuthorityTypeReference", "type", ref(rf.RequestingAuthorityTypeRef)),
        msg("RequestingAuthorityCode", "code", TEXT, OPT),
        msg("RequestingAuthorityName", "name", ML),
    ],
)

_ATTACHMENT = [
    msg("BinaryAttachmentID", "id", ATTACHMENT_ID_KEY),
    msg("BinaryAttachmentMimeType", "mime_type", TEXT, default="application/nist"),
    msg("BinaryAttachmentFileName", "file_name", TEXT, default="UNKNOWN"),
    msg("BinaryAttachmentTitle", "title", ML, OPT),
    msg("BinaryAttachmentFileSize", "file_size", INTEGER, OPT),
    msg("BinaryAttachmentComment", "comment", ML, OPT),
    msg("BinaryAttachmentMD5Hash", "md5", TEXT, OPT),
]
FINGERPRINTS = Complex(ms.Fingerprints, _ATTACHMENT)
FINGERPRINTS_PUSH = Complex(ms.Fingerprints, [*_ATTACHMENT, msg("BinaryAttachmentContent", "content", BASE64)])

FUNCTIONAL_ERROR = Complex(
    ms.FunctionalError,
    [
        msg("FunctionalErrorCode", "code", identity(ref(rf.FunctionalErrorCode), "id")),
        msg("FunctionalErrorAdditionalInformation", "additional_information", ML, OPT),
    ],
)

METADATA = Complex(
    ms.Metadata,
    [
        msg("MessageMetaDataMessageID", "message_id", MESSAGE_ID_KEY),
        msg("MessageMetaDataTimestamp", "timestamp", TIMESTAMP),
        msg("MessageMetaDataResponseTo", "response_to", MESSAGE_ID_KEY, OPT),
    ],
)

# MessageData children, in the order of the abstract business data type; each message keeps a
# sub-sequence of these.
CONTACT = msg("MessageDataContactPerson", "contact_person", CONTACT_PERSON, OPT)
REMARKS = msg("MessageDataRemarks", "remarks", ML, OPT)
FINGERPRINTS_PLAIN = msg("MessageDataFingerprints", "fingerprints", FINGERPRINTS, OPT)
FINGERPRINTS_INLINE = msg("MessageDataFingerprintsPush", "fingerprints", FINGERPRINTS_PUSH, OPT)

_REQUEST = [
    CONTACT,
    msg("MessageDataPerson", "person", PERSON),
    REMARKS,
    msg("MessageDataRequestPurposeCategoryReference", "purpose_category", ref(rf.RequestPurposeRef)),
    msg("MessageDataRequestPurpose", "purpose", ML),
    msg("MessageDataAccusationOffenceCategoryReference", "accusation_categories", ref(rf.OffenceCategoryRef), MANY),
    msg("MessageDataAccusation", "accusation", ML, OPT),
    msg("MessageDataRequestingAuthority", "requesting_authority", REQUESTING_AUTHORITY),
    msg("MessageDataCaseReferenceNumber", "case_reference_number", TEXT, OPT),
    msg("MessageDataConcernedPersonConsent", "consent", YNU),
    msg("MessageDataUrgency", "urgency", YNU),
]
_REQUEST_RESPONSE = [
    CONTACT,
    msg("MessageDataPerson", "person", PERSON),
    REMARKS,
    msg("MessageDataConviction", "convictions", CONVICTION, MANY),
    msg("MessageDataOtherMemberState", "other_member_states", TEXT, MANY),
    msg("MessageDataRequestResponseTypeReference", "response_type", ref(rf.RequestResponseTypeRef)),
]
_NOTIFICATION = [
    CONTACT,
    msg("MessageDataPerson", "person", PERSON),
    REMARKS,
    msg("MessageDataConviction", "conviction", CONVICTION),
    msg("MessageDataUpdatedConvictionReference", "updated_conviction_reference", CONVICTION_LINK, OPT),
    msg("MessageDataOtherAffectedConviction", "other_affected_conviction", OTHER_AFFECTED_CONVICTION, OPT),
]
_NOTIFICATION_RESPONSE = [
    CONTACT,
    msg("MessageDataPerson", "person", PERSON, OPT),
    REMARKS,
    msg("MessageDataNotificationResponseTypeReference", "response_type", ref(rf.NotificationResponseTypeRef)),
]
_ADDITIONAL_INFO_RESPONSE = [
    CONTACT,
    msg("MessageDataPerson", "person", PERSON, OPT),
    REMARKS,
    msg("MessageDataRequestPurpose", "request_purpose", ML, OPT),
    msg("MessageDataRequestAdditionalInfoResponseTypeReference", "response_type", ref(rf.AdditionalInfoResponseTypeRef)),
]

#: MessageData content of each root message class, in document order.
MESSAGE_DATA: dict[type[ms.Message], list[Child]] = {
    ms.RequestMessage: [*_REQUEST, FINGERPRINTS_PLAIN],
    ms.RequestPushMessage: [*_REQUEST, FINGERPRINTS_INLINE],
    ms.RequestDeadlineMessage: [CONTACT, REMARKS, msg("MessageDataDeadline", "deadline", DATE)],
    ms.RequestResponseMessage: _REQUEST_RESPONSE,
    ms.RequestResponsePushMessage: [*_REQUEST_RESPONSE, FINGERPRINTS_INLINE],
    ms.NotificationMessage: [*_NOTIFICATION, FINGERPRINTS_PLAIN],
    ms.NotificationPushMessage: [*_NOTIFICATION, FINGERPRINTS_INLINE],
    ms.NotificationResponseMessage: _NOTIFICATION_RESPONSE,
    ms.NotificationResponsePushMessage: [*_NOTIFICATION_RESPONSE, FINGERPRINTS_INLINE],
    ms.RequestAdditionalInfoMessage: [
        CONTACT,
        REMARKS,
        msg("MessageDataAdditionalInformationRequested", "information_requested", INFO, MANY1),
        msg("MessageDataBinaryIDRequested", "binary_id_requested", ATTACHMENT_ID_KEY, OPT),
    ],
    ms.RequestAdditionalInfoResponseMessage: [*_ADDITIONAL_INFO_RESPONSE, FINGERPRINTS_PLAIN],
    ms.RequestAdditionalInfoResponsePushMessage: [*_ADDITIONAL_INFO_RESPONSE, FINGERPRINTS_INLINE],
    ms.FunctionalErrorMessage: [CONTACT, REMARKS, msg("MessageDataFunctionalError", "errors", FUNCTIONAL_ERROR, MANY1)],
    ms.CancellationMessage: [CONTACT, REMARKS],
    ms.IsAliveMessage: [msg("IsAlive", "is_alive", BOOLEAN)],
}

#: Root element (Clark name) of each message class, and back.
ROOT_TAG: dict[type[ms.Message], str] = {cls: qname(SVC, cls.ROOT) for cls in ms.MESSAGE_CLASSES}
CLASS_OF_ROOT: dict[str, type[ms.Message]] = {tag: cls for cls, tag in ROOT_TAG.items()}
