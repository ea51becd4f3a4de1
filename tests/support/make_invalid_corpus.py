"""Rebuild ``tests/data/invalid/`` from the golden files: one defect per file.

Run ``python tests/support/make_invalid_corpus.py``; it rewrites the XML files and
``MANIFEST.csv`` (file, rule_id, base golden file, defect). Each defect is a small textual edit
of a golden file, so the files stay readable and diffable; the manifest is the tag that
``test_negative_corpus.py`` checks.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
VALID = DATA / "valid"
INVALID = DATA / "invalid"


def sub(text: str, old: str, new: str, count: int = 1) -> str:
    assert old in text, old
    return text.replace(old, new, count)


def resub(text: str, pattern: str, new: str) -> str:
    result, n = re.subn(pattern, new, text, count=1, flags=re.S)
    assert n == 1, pattern
    return result


# (file, rule, base, defect, edit)
CASES = [
    ("xml-syntax-truncated.xml", "XML-SYNTAX", "request-minimal.xml", "document cut in the middle",
     lambda t: t[: len(t) // 2]),
    ("xml-security-doctype.xml", "XML-SECURITY", "request-minimal.xml", "a DOCTYPE with an entity",
     lambda t: sub(t, "?>\n", '?>\n<!DOCTYPE x [<!ENTITY e "x">]>\n')),
    ("xsd-root-msg-namespace.xml", "XSD-ROOT", "is-alive.xml", "root element in the msg namespace",
     lambda t: t.replace("svc:IsAliveMessage", "msg:IsAliveMessage")),
    ("xsd-unexpected-offence-id-first.xml", "XSD-UNEXPECTED", "notification-update-njr-reference.xml",
     "OffenceID moved before NationalCategoryTitle",
     lambda t: resub(t, r"(<dm:ConvictionOffence>)(\s*)(.*?)(<dm:OffenceID>[^<]*</dm:OffenceID>\s*)", r"\1\2\4\3")),
    ("xsd-unexpected-response-to-on-not.xml", "XSD-UNEXPECTED", "notification.xml", "a ResponseTo on a NOT",
     lambda t: sub(t, "</msg:MessageMetaDataTimestamp>", "</msg:MessageMetaDataTimestamp>\n    <msg:MessageMetaDataResponseTo>PL-GR-REQ-000000000000001</msg:MessageMetaDataResponseTo>")),
    ("xsd-missing-urgency.xml", "XSD-MISSING", "request-minimal.xml", "MessageDataUrgency removed",
     lambda t: resub(t, r"\s*<msg:MessageDataUrgency>[^<]*</msg:MessageDataUrgency>", "")),
    ("xsd-pattern-message-id.xml", "XSD-PATTERN", "request-minimal.xml", "message ID with 14 digits",
     lambda t: resub(t, r"(<msg:MessageMetaDataMessageID>[A-Z-]*)0", r"\1")),
    ("xsd-pattern-angle-bracket.xml", "XSD-PATTERN", "request-minimal.xml", "a forename with an escaped <",
     lambda t: resub(t, r"(<dm:Forename[^>]*>)", r"\1&lt;")),
    ("xsd-length-blank-surname.xml", "XSD-LENGTH", "request-minimal.xml", "a blank surname",
     lambda t: resub(t, r"(<dm:Surname[^>]*>)[^<]*", r"\1   ")),
    ("xsd-enum-urgency.xml", "XSD-ENUM", "request-minimal.xml", "Urgency written yes",
     lambda t: resub(t, r"<msg:MessageDataUrgency>[^<]*", "<msg:MessageDataUrgency>yes")),
    ("xsd-type-decision-date.xml", "XSD-TYPE", "notification.xml", "decision date 30 February",
     lambda t: resub(t, r"<dm:ConvictionDecisionDate>[^<]*", "<dm:ConvictionDecisionDate>2025-02-30")),
    ("xsd-type-month-without-dashes.xml", "XSD-TYPE", "request.xml", "DateMonth written 05",
     lambda t: resub(t, r"<c:DateMonth>--", "<c:DateMonth>")),
    ("xsd-text-plain-multilingual.xml", "XSD-TEXT", "request-minimal.xml", "plain text in RequestPurpose",
     lambda t: resub(t, r"(<msg:MessageDataRequestPurpose>)\s*<c:MultilingualTextLinguisticRepresentation[^>]*>([^<]*)</c:MultilingualTextLinguisticRepresentation>\s*", r"\1\2")),
    ("xsd-attribute-unknown.xml", "XSD-ATTRIBUTE", "request-minimal.xml", "an unknown attribute on Forename",
     lambda t: sub(t, "<dm:Forename", '<dm:Forename colour="blue"')),
    ("xsd-xsi-type-missing.xml", "XSD-XSI-TYPE", "notification.xml", "ConvictionRelationship without xsi:type",
     lambda t: resub(t, r'(<dm:ConvictionRelationship) xsi:type="[^"]*"', r"\1")),
    ("id-duplicate-fe-code.xml", "ID-DUPLICATE", "functional-error.xml", "the same FE code twice",
     lambda t: sub(t, "FE-00007", "FE-00001")),
    ("id-dangling-updated-reference.xml", "ID-DANGLING", "notification-update-ecris-reference.xml",
     "UpdatedConvictionReference to a conviction not in the message",
     lambda t: resub(t, r"(<msg:MessageDataUpdatedConvictionReference>\s*<msg:ECRISConvictionReference>[A-Z]{2}-C-)[0-9]{15}", r"\g<1>000000000099999")),
    ("id-dangling-relationship-offence.xml", "ID-DANGLING", "notification.xml", "a relationship naming offence O-00099",
     lambda t: resub(t, r"(SanctionToOffencesRelationshipType\">.*?<dm:Offence>)[^<]*", r"\1O-00099")),
    ("rule-001-id-type-of-root.xml", "ECRIS-R-001", "request-deadline.xml", "an RDL root with an RRS message ID",
     lambda t: sub(t, "-RDL-", "-RRS-")),
    ("rule-002-response-to-type.xml", "ECRIS-R-002", "notification-response.xml", "an NRS answering a REQ",
     lambda t: sub(t, "GR-PL-NOT-000000000008101</msg:MessageMetaDataResponseTo>", "GR-PL-REQ-000000000008101</msg:MessageMetaDataResponseTo>")),
    ("rule-003-parties-mirror.xml", "ECRIS-R-003", "request-response-no-conviction.xml", "ResponseTo sent by a third state",
     lambda t: sub(t, "<msg:MessageMetaDataResponseTo>GR-DE-", "<msg:MessageMetaDataResponseTo>AT-DE-")),
    ("rule-010-timestamp-offset.xml", "ECRIS-R-010", "request-minimal.xml", "timestamp without offset",
     lambda t: resub(t, r"(<msg:MessageMetaDataTimestamp>[^<+Z]*?)(?:Z|[+-][0-9]{2}:[0-9]{2})<", r"\1<")),
    ("rule-011-final-before-decision.xml", "ECRIS-R-011", "notification.xml", "final date before decision date",
     lambda t: resub(t, r"<dm:ConvictionDecisionFinalDate>[^<]*", "<dm:ConvictionDecisionFinalDate>2001-01-01")),
    ("rule-012-offence-end-before-start.xml", "ECRIS-R-012", "notification.xml", "offence ends years before it starts",
     lambda t: resub(t, r"(<dm:OffenceEndDate>\s*<c:DateYear>)[0-9]{4}", r"\g<1>1901")),
    ("rule-013-period-end-before-start.xml", "ECRIS-R-013", "notification.xml", "period ends before it starts",
     lambda t: resub(t, r"<dm:PeriodEndDate>[^<]*", "<dm:PeriodEndDate>1999-01-01")),
    ("rule-014-birth-in-future.xml", "ECRIS-R-014", "request-minimal.xml", "birth year after the timestamp",
     lambda t: resub(t, r"(<dm:PersonBirthDate>\s*<c:DateYear>)[0-9]{4}", r"\g<1>2999")),
    ("rule-015-deadline-before-timestamp.xml", "ECRIS-R-015", "request-deadline.xml", "deadline before the timestamp",
     lambda t: resub(t, r"<msg:MessageDataDeadline>[^<]*", "<msg:MessageDataDeadline>2019-01-01")),
    ("rule-016-impossible-calendar-date.xml", "ECRIS-R-016", "notification-update-njr-reference.xml", "birth date 30 February 1985",
     lambda t: resub(t, r"<c:DateMonth>--01</c:DateMonth>(\s*<c:DateDay>---30)", r"<c:DateMonth>--02</c:DateMonth>\g<1>")),
    ("rule-020-conviction-country.xml", "ECRIS-R-020", "notification.xml", "ConvictionID of another member state",
     lambda t: resub(t, r"<dm:ConvictionID>GR-", "<dm:ConvictionID>PL-")),
    ("rule-030-sex-unknown.xml", "ECRIS-R-030", "notification.xml", "sex 0 (not known)",
     lambda t: resub(t, r"<dm:PersonSex>[0-9]", "<dm:PersonSex>0")),
    ("rule-031-file-number-unknown.xml", "ECRIS-R-031", "notification.xml", "file number UNKNOWN",
     lambda t: resub(t, r"<dm:ConvictionFileNumber>[^<]*", "<dm:ConvictionFileNumber>UNKNOWN")),
    ("rule-032-no-offence.xml", "ECRIS-R-032", "notification-update-njr-reference.xml", "offences and their links removed",
     lambda t: re.sub(r"\s*<dm:ConvictionRelationship xsi:type=\"dm:(?:DecisionToOffences|SanctionToOffences)RelationshipType\">.*?</dm:ConvictionRelationship>", "",
                      resub(t, r"\s*<dm:ConvictionOffence>.*</dm:ConvictionOffence>", ""), flags=re.S)),
    ("rule-033-offence-without-date.xml", "ECRIS-R-033", "notification.xml", "OffenceStartDate removed",
     lambda t: resub(t, r"\s*<dm:OffenceStartDate>.*?</dm:OffenceStartDate>", "")),
    ("rule-034-no-sanction.xml", "ECRIS-R-034", "notification-update-njr-reference.xml", "sanctions and their links removed",
     lambda t: re.sub(r"\s*<dm:ConvictionRelationship xsi:type=\"dm:(?:DecisionToSanctions|SanctionToOffences|SanctionToSanctions)RelationshipType\"[^>]*>.*?</dm:ConvictionRelationship>", "",
                      resub(t, r"\s*<dm:ConvictionSanction>.*</dm:ConvictionSanction>", ""), flags=re.S)),
    ("codes-001-unknown-offence.xml", "ECRIS-C-001", "notification.xml", "offence category O-00-999999",
     lambda t: resub(t, r"<dm:OffenceCommonCategoryReference>[^<]*", "<dm:OffenceCommonCategoryReference>O-00-999999")),
    ("codes-003-unverifiable-purpose.xml", "ECRIS-C-003", "request-minimal.xml", "request purpose (empty bundled table)",
     lambda t: t),
]


def main() -> None:
    INVALID.mkdir(exist_ok=True)
    for old in INVALID.glob("*.xml"):
        old.unlink()
    with open(INVALID / "MANIFEST.csv", "w", newline="", encoding="utf-8") as manifest:
        writer = csv.writer(manifest, lineterminator="\n")
        writer.writerow(["file", "rule_id", "base", "defect"])
        for name, rule, base, defect, edit in CASES:
            text = (VALID / base).read_text(encoding="utf-8")
            (INVALID / name).write_text(edit(text), encoding="utf-8")
            writer.writerow([name, rule, base, defect])


if __name__ == "__main__":
    main()
