"""Code-table membership: every code in a message is in its loaded table, valid on the date.

How a miss is reported depends on what the loaded table can prove:

* the table is empty (no public values: request purposes ``P-``, requesting-authority types
  ``RAT-``, ``ART-``, FE codes, subdivisions, cities in the bundled data), or holds only a
  *sample* of values seen in use or schema defaults (e.g. sanction natures): ``ECRIS-C-003``,
  info, "could not be verified";
* the table claims to be a full list (ISO countries, currencies and languages, Annex A/B
  categories, levels of completion and participation): ``ECRIS-C-001`` / ``ECRIS-C-002``, a
  warning, or an error when the table was read from an official CRT document
  (``ValidationOptions.code_strictness`` changes this).

The message date is the date part of its timestamp.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, Final

from lxml import etree

from ... import facts
from ..findings import Finding
from ..report import Severity
from .base import Check, Context, local

if TYPE_CHECKING:  # pragma: no cover
    from ...codes.registry import CodeTables

__all__ = ["CHECKS", "CODE_ELEMENTS", "CODE_ATTRIBUTES", "table_status"]

#: Local element name -> the CRT table its technical identifier belongs to.
CODE_ELEMENTS: Final[Mapping[str, str]] = facts.CODE_ELEMENTS
#: Attribute name -> table.
CODE_ATTRIBUTES: Final[Mapping[str, str]] = facts.CODE_ATTRIBUTES

# Evidence levels that make a table a claimed full list rather than a sample.
_LISTING_EVIDENCE: Final = frozenset({"official-crt", "iso", "adopted", "proposal", "recalled"})

# Coded attributes stand on hundreds of elements (every name and text has a languageCode):
# their distinct values are checked once, and elements are looked up only for a bad value.
# ``//*/@`` rather than ``//@``: the same attributes, but libxml2 walks the elements only, not
# every node (whitespace text included): about 30% fewer instructions (callgrind, issue 14).
_LANGUAGE_CODES: Final = etree.XPath("//*/@languageCode", regexp=False, smart_strings=False)
_ANY_LANGUAGE_CODE: Final = etree.XPath("boolean(//*/@languageCode)", regexp=False)
#: The indexed elements that carry a code (in their text or an attribute).
_CODED_NAMES: Final = frozenset({*CODE_ELEMENTS, "ConvictionRelationship"})
_ELEMENTS_WITH: Final = {
    attribute: etree.XPath(f"//*[normalize-space(@{attribute}) = $code]", regexp=False, smart_strings=False)
    for attribute in CODE_ATTRIBUTES
}

EMPTY, SAMPLE, LISTED, OFFICIAL = "empty", "sample", "listed", "official"

# Messages repeat the same few hundred codes, so a look-up is made once per tables object,
# not per message. The status and the look-ups are kept on the tables object itself (its
# ``memo``), never in a module global: they are pure functions of the immutable tables.
_MEMO_KEY: Final = "ecrislib.validation.codes"
_LOOKUPS_KEPT: Final = 20_000


def _cached(tables: CodeTables) -> tuple[dict[str, str], dict[Any, Any]]:
    """(status per table, look-ups) of ``tables``, built on first use.

    Thread safety: ``setdefault`` is atomic, so every thread gets the same pair; the look-up
    dict only ever maps a key to the one value the tables give for it, so concurrent writes
    agree, and a ``clear()`` when full at worst makes another thread compute a value again.
    """
    found = tables.memo.get(_MEMO_KEY)
    if found is None:
        found = tables.memo.setdefault(_MEMO_KEY, (_status_of(tables), {}))
    return found  # type: ignore[return-value]


def _versions(tables: CodeTables, lookups: dict[Any, Any], table_name: str, code: str) -> Any:
    key = (table_name, code)
    versions = lookups.get(key)
    if versions is None:
        versions = tables[table_name].versions(code)
        if len(lookups) >= _LOOKUPS_KEPT:
            lookups.clear()
        lookups[key] = versions
    return versions


def table_status(tables: CodeTables) -> dict[str, str]:
    """Per table: ``empty``, ``sample``, ``listed`` or ``official`` (computed once per tables)."""
    return dict(_cached(tables)[0])


def _status_of(tables: CodeTables) -> dict[str, str]:
    status: dict[str, str] = {}
    for table in tables:
        evidences = {str(entry.provenance.evidence) for entry in table}
        if not evidences:
            status[table.name] = EMPTY
        elif "official-crt" in evidences:
            status[table.name] = OFFICIAL
        elif evidences & _LISTING_EVIDENCE:
            status[table.name] = LISTED
        else:
            status[table.name] = SAMPLE
    return status


def _references(ctx: Context, good: Any) -> Iterator[tuple[Any, str, str, str]]:
    """(element, attribute-or-"", table, code) for every code in the document that
    ``good(table, code)`` does not accept; each distinct code is checked once."""
    by_name = ctx.by_name
    for name, table in CODE_ELEMENTS.items():
        elements = by_name.get(name)
        if not elements:
            continue
        texts = [(element.text or "").strip() for element in elements]
        for code in dict.fromkeys(texts):  # distinct codes in document order (a set's order
            # depends on the hash seed, and so would the report)
            if code and not good(table, code):
                for element, text in zip(elements, texts):
                    if text == code:
                        yield element, "", table, code
    # languageCode stands on almost every text: one pass in C for the values, each distinct
    # value checked once, elements looked up only for a bad one.
    table = CODE_ATTRIBUTES["languageCode"]
    for code in dict.fromkeys(value.strip() for value in _LANGUAGE_CODES(ctx.root)):
        if code and not good(table, code):
            for element in _ELEMENTS_WITH["languageCode"](ctx.root, code=code):
                yield element, "languageCode", table, code
    # relationshipTypeReference stands only on relationships, which the index holds.
    table = CODE_ATTRIBUTES["relationshipTypeReference"]
    for element in by_name.get("ConvictionRelationship", ()):
        code = (element.get("relationshipTypeReference") or "").strip()
        if code and not good(table, code):
            yield element, "relationshipTypeReference", table, code


def _severity(ctx: Context, status: str) -> Severity | None:
    strictness = ctx.options.code_strictness
    if strictness != "auto":
        return Severity(strictness)
    return Severity.ERROR if status == OFFICIAL else None


def _verdict(tables: CodeTables, lookups: dict[Any, Any], table_name: str, code: str, day: Any) -> str:
    """``ok``, ``unknown`` or ``invalid-on-date`` for one code on one day, cached."""
    key = (table_name, code, day)
    verdict = lookups.get(key)
    if verdict is None:
        versions = _versions(tables, lookups, table_name, code)
        if not (versions and versions[0].technical_id == code):
            verdict = "unknown"
        elif day is not None and not any(v.is_valid_on(day) for v in versions):
            verdict = "invalid-on-date"
        else:
            verdict = "ok"
        lookups[key] = verdict
    return verdict


def check_codes(ctx: Context) -> Iterator[Finding]:
    """All three code rules in one pass (the engine drops those switched off)."""
    if _CODED_NAMES.isdisjoint(ctx.by_name) and not _ANY_LANGUAGE_CODE(ctx.root):
        return  # no code in the message (an is-alive): no tables to load, no date to read
    tables = ctx.options.tables()
    status, lookups = _cached(tables)
    day = ctx.message_date
    unverifiable_reported: set[str] = set()
    def good(table_name: str, code: str) -> bool:
        return _verdict(tables, lookups, table_name, code, day) == "ok"

    for element, attribute, table_name, code in _references(ctx, good):
        verdict = _verdict(tables, lookups, table_name, code, day)
        if verdict == "ok":
            continue
        what = f"{local(element)}" + (f" (attribute {attribute})" if attribute else "")
        state = status.get(table_name, EMPTY)
        if verdict == "unknown":
            if state in (EMPTY, SAMPLE):
                if table_name not in unverifiable_reported:
                    unverifiable_reported.add(table_name)
                    reason = "is empty" if state == EMPTY else "holds only a sample of values"
                    yield Finding("ECRIS-C-003", element,
                                  f"{what}: code not verified, the loaded {table_name} table {reason}", value=code)
            else:
                yield Finding("ECRIS-C-001", element, f"{what}: code is not in the loaded {table_name} table",
                              value=code, severity=_severity(ctx, state))
        else:
            yield Finding("ECRIS-C-002", element,
                          f"{what}: code is in the {table_name} table but not valid on the message's date",
                          value=code, severity=_severity(ctx, state))


CHECKS: Final[Mapping[str, Check]] = {
    "ECRIS-C-001": check_codes,
    "ECRIS-C-002": check_codes,
    "ECRIS-C-003": check_codes,
}
