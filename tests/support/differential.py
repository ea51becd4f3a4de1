"""The four properties of the differential test, checked on one mutant.

(a) our XSD accepts it (xmlschema, the strict validator) -> ``parse`` reads it and ``validate``
    reports no schema-level issue (sources ``xml``, ``xsd``, ``ids``);
(b) our XSD rejects it -> ``validate`` flags it at schema level;
(c) whenever ``parse`` reads it, the model serializes to XML our XSD accepts (or the writer
    refuses with a typed error);
(d) libxml2 and xmlschema disagree -> the disagreement is one the specification settles, and
    we record which side it backs. An unexplained disagreement is a failure.

``parse`` and ``validate`` must never raise anything but an ``EcrisError``.
"""

from __future__ import annotations

import copy
from collections import Counter
from typing import Any

from lxml import etree
from tests.support.peer_mutations import PADDED_DATE_PRIMITIVES, Mutant, declaration

import ecrislib
from ecrislib.errors import EcrisError
from ecrislib.validation import xsd

SCHEMA_SOURCES = frozenset({"xml", "xsd", "ids"})
_PLAIN = etree.XMLParser(resolve_entities=False, no_network=True)


def _tree(data: bytes) -> Any | None:
    try:
        return etree.fromstring(data, _PLAIN)
    except etree.XMLSyntaxError:
        return None


def _strict_verdict(schema: Any, tree: Any | None) -> bool | None:
    """xmlschema's verdict; ``None`` when it cannot decide (a year beyond 2**31 overflows it)."""
    if tree is None:
        return False
    try:
        return bool(schema.is_valid(tree))
    except OverflowError:
        return None


def _without_comments(tree: Any | None) -> Any | None:
    if tree is None:
        return None
    bare = copy.deepcopy(tree)
    for node in bare.xpath("//comment() | //processing-instruction()"):
        parent = node.getparent()
        if parent is None:
            continue
        if node.tail:  # lxml's remove() takes the tail along: keep the text in place
            previous = node.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + node.tail
            else:
                parent.text = (parent.text or "") + node.tail
        parent.remove(node)
    return bare


def _padded_date(root: Any, schema: Any) -> bool:
    """Some date, time or duration value carries whitespace around it (XSD 1.0 collapses it;
    libxml2 does not)."""
    for element in root.iter():
        if not isinstance(element.tag, str) or len(element) or not element.text:
            continue
        if element.text == element.text.strip(" \t\n\r"):
            continue
        kind = getattr(declaration(schema, element), "type", None)
        primitive = getattr(kind, "primitive_type", None)
        if getattr(primitive, "name", None) in PADDED_DATE_PRIMITIVES:
            return True
    return False


def _padded_xsi_type(root: Any) -> bool:
    """Some ``xsi:type`` value carries whitespace around it (an xs:QName collapses it)."""
    key = "{http://www.w3.org/2001/XMLSchema-instance}type"
    return any(
        (value := element.get(key)) is not None and value != value.strip(" \t\n\r")
        for element in root.iter()
        if isinstance(element.tag, str)
    )


def _identity_errors(schema: Any, root: Any) -> bool:
    """Every xmlschema error is about xsd:ID / xsd:IDREF (which libxml2 does not check)."""
    errors = list(schema.iter_errors(root))
    return bool(errors) and all(
        any(word in str(error.reason).lower() for word in ("idref", "xs:id", "xsd:id")) for error in errors
    )


class Tally:
    """Counts over a run: mutants by kind and verdict, disagreements by which side is backed."""

    def __init__(self) -> None:
        self.total = 0
        self.valid = 0
        self.invalid = 0
        self.parsed_invalid = 0
        self.kinds: Counter[str] = Counter()
        self.lenient: Counter[str] = Counter()  # invalid, yet read by parse (and written back valid)
        self.disagreements: Counter[str] = Counter()
        self.failures: list[str] = []

    def summary(self) -> str:
        return (
            f"{self.total} mutants: {self.valid} valid, {self.invalid} invalid "
            f"({self.parsed_invalid} of them still read by parse and written back valid); "
            f"libxml2/xmlschema disagreements: {dict(self.disagreements)}; failures: {len(self.failures)}"
        )


def check(mutant: Mutant, tally: Tally, source_name: str) -> None:
    tally.total += 1
    tally.kinds[mutant.kind] += 1
    schema = xsd.xmlschema_schema()
    tree = _tree(mutant.data)

    def fail(what: str) -> None:
        tally.failures.append(f"{source_name} [{mutant.kind}]: {what}")

    # Comments and processing instructions are not part of what a schema validates (XSD 1.0,
    # 3.3.4: only element and character children count); xmlschema counts them as children of
    # simple content, so the oracle is xmlschema on the document without them.
    bare = _without_comments(tree)
    fast_ok = tree is not None and bool(xsd.lxml_schema().validate(tree))
    strict = _strict_verdict(schema, bare)
    if strict is None:  # xmlschema cannot hold years beyond 2**31; XSD 1.0 allows them
        tally.disagreements["xmlschema overflows on a huge year: libxml2 decides"] += 1
        tally.total -= 1
        return
    strict_ok = strict
    if tree is not None and bare is not None and _strict_verdict(schema, tree) not in (strict_ok, None):
        tally.disagreements["comment/PI inside simple content: spec backs libxml2"] += 1
    if tree is not None and strict_ok != fast_ok:
        if strict_ok and _padded_date(tree, schema):
            tally.disagreements["padded date/time value: spec backs xmlschema"] += 1
        elif strict_ok and _padded_xsi_type(tree):
            tally.disagreements["padded xsi:type QName: spec backs xmlschema"] += 1
        elif not strict_ok and _identity_errors(schema, tree):
            tally.disagreements["xsd:ID/IDREF: spec backs xmlschema"] += 1
        else:
            fail(f"unexplained disagreement: xmlschema {'accepts' if strict_ok else 'rejects'}, libxml2 the opposite")

    try:
        report = ecrislib.validate(mutant.data)
    except Exception as error:  # noqa: BLE001 - any crash is the failure under test
        fail(f"validate raised {type(error).__name__}: {error}")
        return
    schema_issues = [i for i in report.issues if i.source in SCHEMA_SOURCES and i.severity.value == "error"]

    try:
        model = ecrislib.parse(mutant.data)
    except EcrisError as error:
        model = None
        parse_error: str | None = f"{type(error).__name__}: {error}"
    except Exception as error:  # noqa: BLE001
        fail(f"parse crashed with {type(error).__name__}: {error}")
        return
    else:
        parse_error = None

    if strict_ok:
        tally.valid += 1
        if schema_issues:  # (a)
            fail(f"valid, but validate reports {[str(i) for i in schema_issues][:3]}")
        if model is None:  # (a)
            fail(f"valid, but parse raised {parse_error}")
    else:
        tally.invalid += 1
        if not schema_issues:  # (b)
            errors = [str(e.reason) for e in schema.iter_errors(bare)][:2] if bare is not None else ["not well-formed"]
            fail(f"invalid ({errors}), but validate reports no schema-level error")
        if model is not None:
            tally.parsed_invalid += 1
            tally.lenient[mutant.kind] += 1

    if model is not None:  # (c)
        try:
            written = ecrislib.serialize(model)
        except EcrisError:
            return
        except Exception as error:  # noqa: BLE001
            fail(f"serialize crashed with {type(error).__name__}: {error}")
            return
        if _strict_verdict(schema, etree.fromstring(written, _PLAIN)) is False:
            reason = next(iter(schema.iter_errors(etree.fromstring(written, _PLAIN)))).reason
            fail(f"parsed model serializes to XML our XSD rejects: {reason}")
