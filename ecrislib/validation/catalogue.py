"""The rule catalogue: every rule ID ecrislib's validator can report, as data.

Rule ID families:

* ``XML-*``: the input is not a readable, safe XML document (from the hardened parser);
* ``XSD-*``: the ECRIS v1.0 schema rejects the document, one ID per kind of schema error;
* ``ID-*``: document-wide xsd:ID / xsd:IDREF identity, which libxml2 does not check;
* ``ECRIS-R-0nn``: business rules beyond the schema (``00x`` correlation, ``01x`` dates,
  ``02x`` identifiers and countries, ``03x`` obligatory data of a notification);
* ``ECRIS-C-0nn``: code-table membership;
* ``REPORT-MORE``: the report lists ``ValidationOptions.max_issues`` issues and counts the rest.

XML, XSD and ID rules state what the standard requires and cannot be switched off; business and
code rules can (``ValidationOptions(disabled=...)``), and their severity can be overridden.

``python -m ecrislib.validation.catalogue --markdown`` prints the table used in
``docs/validation.md`` (a test checks that the docs hold exactly the current table).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

import attrs

from .report import Severity, Source

__all__ = ["Rule", "RULES", "FE_CODES", "rule", "markdown_table", "fe_markdown_table"]


#: ecrislib's default functional-error codes. The official FE code list of the Common Reference
#: Table is not public, so these are ecrislib's own assumption: map them to your CRT's codes
#: with ``to_functional_error(..., fe_codes={...})``.
FE_CODES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "FE-00001": "the message does not conform to the ECRIS v1.0 schema",
        "FE-00002": "the message does not correlate with the message it answers",
        "FE-00003": "dates in the message are not coherent",
        "FE-00004": "an identifier does not match the data it identifies",
        "FE-00005": "obligatory data of a notification is missing",
        "FE-00006": "a code is not in the Common Reference Table",
    }
)


@attrs.frozen
class Rule:
    """One rule: stable ID, default severity, family, what it checks, default FE code."""

    id: str
    severity: Severity
    family: str
    source: Source
    description: str
    fe_code: str
    switchable: bool


def _r(id: str, severity: str, family: str, source: Source, fe: str, description: str) -> Rule:
    switchable = source in ("rule", "codes")
    return Rule(id, Severity(severity), family, source, description, fe, switchable)


_RULE_LIST: Final = (
    # -- XML: from the hardened parser ---------------------------------------------------------
    _r("XML-SYNTAX", "error", "xml", "xml", "FE-00001", "Not well-formed XML, an encoding ecrislib does not read, or empty input."),
    _r("XML-SECURITY", "error", "xml", "xml", "FE-00001", "A DOCTYPE, entity or external reference (refused on principle)."),
    _r("XML-LIMIT", "error", "xml", "xml", "FE-00001", "Input larger or deeper than the parser limits."),
    # -- XSD: libxml2 schema errors, reworded ----------------------------------------------------
    _r("XSD-ROOT", "error", "xsd", "xsd", "FE-00001", "The root is not one of the 15 ECRIS roots in the service namespace."),
    _r("XSD-UNEXPECTED", "error", "xsd", "xsd", "FE-00001", "An element not allowed here: wrong order, wrong namespace, unknown or repeated too often."),
    _r("XSD-MISSING", "error", "xsd", "xsd", "FE-00001", "A mandatory child element is missing."),
    _r("XSD-PATTERN", "error", "xsd", "xsd", "FE-00001", "A value does not match its pattern (IDs, codes, dates, the `<`/`>` ban)."),
    _r("XSD-LENGTH", "error", "xsd", "xsd", "FE-00001", "A value is too long, too short or blank."),
    _r("XSD-ENUM", "error", "xsd", "xsd", "FE-00001", "A value is not one of the allowed values (Yes/No/UNKNOWN, sex, ...)."),
    _r("XSD-TYPE", "error", "xsd", "xsd", "FE-00001", "A value is not of its built-in type (date, gYear, integer, boolean, ...)."),
    _r("XSD-RANGE", "error", "xsd", "xsd", "FE-00001", "A number is outside its allowed range."),
    _r("XSD-TEXT", "error", "xsd", "xsd", "FE-00001", "Text where only child elements are allowed."),
    _r("XSD-ATTRIBUTE", "error", "xsd", "xsd", "FE-00001", "An attribute is missing, not allowed, or has an invalid value."),
    _r("XSD-XSI-TYPE", "error", "xsd", "xsd", "FE-00001", "A missing, abstract or unknown `xsi:type` (e.g. on ConvictionRelationship)."),
    _r("XSD-OTHER", "error", "xsd", "xsd", "FE-00001", "Any other schema error."),
    # -- the report itself -----------------------------------------------------------------------
    _r("REPORT-MORE", "error", "report", "report", "FE-00001", "More issues were found than `max_issues` lists; this last issue counts them and has the severity of the worst. Its FE code is the generic FE-00001: the spec names none for this, and the issues counted are not listed one by one."),
    # -- IDs ----------------------------------------------------------------------------------
    _r("ID-DUPLICATE", "error", "ids", "ids", "FE-00001", "An xsd:ID value (message, conviction, D-/O-/S- IDs, attachment, FE code) appears twice."),
    _r("ID-DANGLING", "error", "ids", "ids", "FE-00001", "An xsd:IDREF (relationship, updated or source conviction) names no ID in the message."),
    # -- business rules: correlation -----------------------------------------------------------
    _r("ECRIS-R-001", "error", "correlation", "rule", "FE-00002", "The MessageID type code is the one of the root (an RDL root with an RRS ID is schema-valid but wrong)."),
    _r("ECRIS-R-002", "error", "correlation", "rule", "FE-00002", "The ResponseTo type is one this message type may answer (RDL/RRS: REQ; NRS: NOT; RAI: REQ or NOT; RAR: RAI; CAN: REQ, RRS, NOT, NRS; FEM: any)."),
    _r("ECRIS-R-003", "error", "correlation", "rule", "FE-00002", "Sender and receiver mirror those of the answered message (a CAN keeps the direction of the cancelled one)."),
    _r("ECRIS-R-004", "error", "correlation", "rule", "FE-00002", "ResponseTo names the answered message given in the options."),
    # -- business rules: dates -----------------------------------------------------------------
    _r("ECRIS-R-010", "warning", "dates", "rule", "FE-00003", "The timestamp carries a UTC offset."),
    _r("ECRIS-R-011", "error", "dates", "rule", "FE-00003", "A decision's final date is not before its decision date (conviction and decisions)."),
    _r("ECRIS-R-012", "error", "dates", "rule", "FE-00003", "An offence does not end before it starts (partial dates compared where comparable)."),
    _r("ECRIS-R-013", "error", "dates", "rule", "FE-00003", "A period (sentenced, execution, interruption, probation) does not end before it starts."),
    _r("ECRIS-R-014", "error", "dates", "rule", "FE-00003", "No birth date after the message's timestamp date."),
    _r("ECRIS-R-015", "error", "dates", "rule", "FE-00003", "A request deadline is not before the timestamp's date."),
    _r("ECRIS-R-016", "error", "dates", "rule", "FE-00003", "A partial date with day, month and year known is a real calendar date (no 30 February, 31 April, 29 February in a common year)."),
    # -- business rules: identifiers and countries ----------------------------------------------
    _r("ECRIS-R-020", "error", "identifiers", "rule", "FE-00004", "The ConvictionID's member state is the convicting country."),
    # -- business rules: notification obligatory data (FD 2009/315 Art. 11) ---------------------
    _r("ECRIS-R-030", "info", "notification", "rule", "FE-00005", "Art. 11 person data declared unknown by a sentinel (birth year 1800, country CO-00-999-XXX, sex 0)."),
    _r("ECRIS-R-031", "warning", "notification", "rule", "FE-00005", "Art. 11 conviction data given as a schema default (file number UNKNOWN, date 1800-01-01)."),
    _r("ECRIS-R-032", "warning", "notification", "rule", "FE-00005", "A notified conviction names no offence."),
    _r("ECRIS-R-033", "warning", "notification", "rule", "FE-00005", "An offence of a notification has no date, or only the unknown year 1800."),
    _r("ECRIS-R-034", "info", "notification", "rule", "FE-00005", "A notified conviction has no sanction (content of the conviction)."),
    # -- code tables ----------------------------------------------------------------------------
    _r("ECRIS-C-001", "warning", "codes", "codes", "FE-00006", "A code is not in its loaded table (error when the table is an official CRT)."),
    _r("ECRIS-C-002", "warning", "codes", "codes", "FE-00006", "A code is not valid on the message's date (error when the table is an official CRT)."),
    _r("ECRIS-C-003", "info", "codes", "codes", "FE-00006", "A code could not be verified: the loaded table is empty or a partial sample."),
)

#: Every rule by ID, in catalogue order.
RULES: Final[Mapping[str, Rule]] = MappingProxyType({r.id: r for r in _RULE_LIST})


def rule(rule_id: str) -> Rule:
    """The rule called ``rule_id`` (``KeyError`` names the unknown ID)."""
    try:
        return RULES[rule_id]
    except KeyError:
        raise KeyError(f"unknown validation rule {rule_id!r}") from None


def markdown_table() -> str:
    """The rule catalogue as a Markdown table (generated into docs/validation.md)."""
    lines = [
        "| rule | severity | family | switchable | FE code | checks |",
        "|---|---|---|---|---|---|",
    ]
    for r in _RULE_LIST:
        lines.append(
            f"| `{r.id}` | {r.severity.value} | {r.family} | {'yes' if r.switchable else 'no'} | {r.fe_code} | {r.description} |"
        )
    return "\n".join(lines) + "\n"


def fe_markdown_table() -> str:
    """The default FE codes as a Markdown table."""
    lines = ["| FE code | meaning | rules |", "|---|---|---|"]
    for code, meaning in FE_CODES.items():
        ids = ", ".join(f"`{r.id}`" for r in _RULE_LIST if r.fe_code == code)
        lines.append(f"| {code} | {meaning} | {ids} |")
    return "\n".join(lines) + "\n"


def _main(argv: list[str]) -> int:
    if argv == ["--markdown"]:
        sys.stdout.write(markdown_table())
        return 0
    if argv == ["--fe-codes"]:
        sys.stdout.write(fe_markdown_table())
        return 0
    sys.stderr.write("usage: python -m ecrislib.validation.catalogue --markdown | --fe-codes\n")
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(_main(sys.argv[1:]))
