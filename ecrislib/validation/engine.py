"""``validate()``: hardened parse, lxml schema validation, our ID check, business and code rules.

The fast path is one parse (the hardened parser), one libxml2 validation with the cached
schema, one Python pass that indexes elements by local name, and rules that read that index.
Everything that can be checked is checked even when the schema already failed, so a broken
message gets a full report.
"""

from __future__ import annotations

import heapq
import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Union, cast

from lxml import etree

from ..errors import XmlError, XmlLimitError, XmlSecurityError
from ..xml import parser, schemas
from ..xml.binding import readable_path
from .._gc import collector_paused
from ..xml.namespaces import SVC
from ..xml.whitespace import validate_collapsed
from .catalogue import RULES
from .findings import Finding
from .ids import ID_ELEMENTS, IDREF_ELEMENTS, check_ids
from .supplement import BASE64_ELEMENTS, check_supplement
from .options import ValidationOptions
from .report import Severity, ValidationIssue, ValidationReport
from .rules import CHECKS, READS
from .rules.base import RULE_NAMES, ROOT_TYPES, Context, local
from .rules.codes import CODE_ELEMENTS
from .schema_errors import schema_findings

if TYPE_CHECKING:
    from typing import TypeAlias

    from ..model.messages import Message

    #: What :func:`validate` reads: XML (bytes, text, a path, a binary file), a parsed lxml
    #: element or tree, or a model message.
    ValidationSource: TypeAlias = Union[parser.XmlSource, etree._Element, "etree._ElementTree[etree._Element]", Message]

__all__ = ["validate", "INDEXED_NAMES"]

_DEFAULT_OPTIONS: Final = ValidationOptions()
_MESSAGE_ROOTS: Final = frozenset(f"{{{SVC}}}{name}" for name in ROOT_TYPES)

#: Every element name the rules, the ID check, the code check and the attachment check look up.
INDEXED_NAMES: Final = frozenset().union(RULE_NAMES, CODE_ELEMENTS, ID_ELEMENTS, IDREF_ELEMENTS, BASE64_ELEMENTS)
_INDEXED_TAGS: Final = tuple(f"{{*}}{name}" for name in sorted(INDEXED_NAMES))


def _check_groups(checks: Mapping[str, Any]) -> tuple[tuple[Any, tuple[str, ...]], ...]:
    """Each distinct check function once, with the rule IDs it may report."""
    groups: dict[Any, tuple[str, ...]] = {}
    for rule_id, check in checks.items():
        groups[check] = (*groups.get(check, ()), rule_id)
    return tuple(groups.items())


_CHECK_GROUPS: Final = _check_groups(CHECKS)


def _is_message(source: object) -> bool:
    return hasattr(source, "metadata") and isinstance(getattr(type(source), "ROOT", None), str)


def _load(source: Any, options: ValidationOptions) -> tuple[Any, str | None]:
    """The root element to validate and a display name for the source."""
    if isinstance(source, (bytes, str)):  # the usual case first: no probing for a name or a model
        return parser.load(source, _plan(options)[2]), None
    if isinstance(source, etree._Element):
        return source, None
    if isinstance(source, etree._ElementTree):
        return source.getroot(), None
    if _is_message(source):
        from ..xml.codec import serialize

        return parser.load(serialize(source), _plan(options)[2]), None
    name = os.fspath(source) if isinstance(source, os.PathLike) else getattr(source, "name", None)
    return parser.load(source, _plan(options)[2]), (str(name) if name is not None else None)


def _xml_issue(error: XmlError, reveal: bool) -> ValidationIssue:
    rule = "XML-SECURITY" if isinstance(error, XmlSecurityError) else "XML-LIMIT" if isinstance(error, XmlLimitError) else "XML-SYNTAX"
    return ValidationIssue(
        rule_id=rule,
        severity=Severity.ERROR,
        message=f"{error.message} [{error.rule}]",
        source="xml",
        path=error.path,
        line=error.line,
        column=error.column,
        value=error.value if reveal else None,
    )


#: Below this many elements the index is built by a plain Python walk: ``root.iter`` with the
#: indexed tag patterns sets up a matcher for every pattern on each call (about 150k
#: instructions, then 0.5k per element), where the walk costs about 4.1k per element
#: (callgrind, lxml 6.2.0): the two cost the same near 42 elements.
SMALL_TREE: Final = 42


def index(root: Any, elements: int | None = None) -> dict[str, list[Any]]:
    """The elements the rules look up, by local name, in document order.

    A large tree gets one filtered pass over the tree in C, grouped by full tag first (cheap),
    then merged per local name (a few dozen tags); a small one (``elements`` below
    :data:`SMALL_TREE`) a Python walk, which has no set-up cost. Both give the same index."""
    if elements is not None and elements < SMALL_TREE:
        return _walked_index(root)
    by_tag: dict[str, list[Any]] = {}
    for element in root.iter(*_INDEXED_TAGS):
        found = by_tag.get(element.tag)
        if found is None:
            by_tag[element.tag] = [element]
        else:
            found.append(element)
    by_name: dict[str, list[Any]] = {}
    for tag, elements_of_tag in by_tag.items():
        name = tag[tag.rfind("}") + 1 :]
        if name in by_name:
            by_name[name] = sorted(by_name[name] + elements_of_tag, key=_document_order(root))
        else:
            by_name[name] = elements_of_tag
    return by_name


def _walked_index(root: Any) -> dict[str, list[Any]]:
    by_name: dict[str, list[Any]] = {}
    for element in root.iter(etree.Element):  # elements only: no comments or PIs
        tag = element.tag
        name = tag[tag.rfind("}") + 1 :]
        if name in INDEXED_NAMES:
            found = by_name.get(name)
            if found is None:
                by_name[name] = [element]
            else:
                found.append(element)
    return by_name


def _document_order(root: Any) -> Any:
    """Sort key restoring document order when one local name stands in two namespaces."""
    positions = {element: number for number, element in enumerate(root.iter())}
    return positions.__getitem__


def _severity(finding: Finding, options: ValidationOptions) -> Severity:
    if finding.rule_id in options.severities:
        return options.severities[finding.rule_id]
    return finding.severity or RULES[finding.rule_id].severity


def _line(finding: Finding) -> int | None:
    if finding.line is not None:
        return finding.line
    return finding.element.sourceline if finding.element is not None else None


def _issue(finding: Finding, severity: Severity, line: int | None, options: ValidationOptions) -> ValidationIssue:
    path = finding.path
    if path is None and finding.element is not None:
        path = readable_path(finding.element)  # only for issues that are listed
    return ValidationIssue(
        rule_id=finding.rule_id,
        severity=severity,
        message=finding.message,
        source=RULES[finding.rule_id].source,
        path=path,
        line=line,
        column=finding.column,
        value=finding.value if options.reveal_values else None,
    )


def _issues(findings: Sequence[Finding], options: ValidationOptions) -> list[ValidationIssue]:
    """The issues to list: all of them, or the ``max_issues`` most severe (earliest first among
    equals) and one ``REPORT-MORE`` issue counting the others with the worst of their severities.
    Paths are computed for listed issues only, so a report costs O(findings + max_issues)."""
    if not findings:
        return []  # most valid messages
    graded = [(finding, _severity(finding, options), _line(finding)) for finding in findings]
    cap = options.max_issues
    if cap is None or len(graded) <= cap:
        return [_issue(finding, severity, line, options) for finding, severity, line in graded]
    order = range(len(graded))
    kept = set(heapq.nsmallest(cap, order, key=lambda n: (-graded[n][1].rank, graded[n][2] or 0, n)))
    worst = max((graded[n][1] for n in order if n not in kept), key=lambda severity: severity.rank)
    issues = [_issue(*graded[n], options) for n in sorted(kept)]
    more = len(graded) - cap
    issues.append(
        ValidationIssue(
            rule_id="REPORT-MORE",
            severity=worst,
            message=f"{more} more {'issue' if more == 1 else 'issues'} not listed (max_issues is {cap}); the worst of them is {worst.value}",
            source="report",
        )
    )
    return issues


#: Trees with more elements than this have their schema errors counted first, in one streaming
#: pass. lxml records a node path for every error by walking the node's previous siblings,
#: which is quadratic when thousands of errors sit among thousands of siblings (64,000 such
#: errors in a 12 MB message: over two minutes in lxml alone; streaming: half a second).
LARGE_TREE: Final = 20_000
_ELEMENT_COUNT: Final = etree.XPath("count(//*)", regexp=False)


class _NoTree:
    """A parser target that builds nothing: the streaming validation only reads the document."""

    def close(self) -> None:
        return None


def unlocated_above(max_issues: int) -> int:
    """How many schema errors a large tree may have and still get them located."""
    return max(2 * max_issues, 2000)


def _schema_errors(root: Any, options: ValidationOptions, elements: int) -> tuple[Any, Any] | None:
    """``(tree, errors)``: libxml2's schema errors (a copy of the log) and the tree they refer
    to, or ``None`` when valid.

    A large tree (over :data:`LARGE_TREE` elements) is first validated as a stream, which builds no
    second tree: the same checks, without node, path or line. None found, it is valid; more
    than :func:`unlocated_above` allows, they are the report's (which then names elements but
    does not locate them). Every other tree is validated as a tree; when libxml2 refuses it and
    it has padded date or ``xsi:type`` values, which the specification collapses, the verdict
    on a collapsed copy stands (:mod:`ecrislib.xml.whitespace`).
    """
    schema = schemas.lxml_schema()
    cap = options.max_issues
    if cap is not None and elements > LARGE_TREE:
        # A target with no callbacks: libxml2 validates the parse and builds nothing (a second
        # tree of a 1,000-conviction reply was 11 MB, and a tree validation after it half the time).
        target = cast(Any, _NoTree())  # types-lxml's target protocol lists every callback; lxml calls those it finds
        streaming = etree.XMLParser(schema=schema, resolve_entities=False, no_network=True, load_dtd=False, target=target)
        whole = True
        try:
            etree.fromstring(etree.tostring(root, with_tail=False), streaming)
        except etree.XMLSyntaxError:
            # A schema error fails the parse too (its entries are in the log). But a tree given
            # as an lxml element may also hold what libxml2's parser refuses (an element name
            # over its 50,000-character cap): then the stream stopped early, and only the tree
            # validation below can judge it.
            whole = False
        streamed = [entry for entry in streaming.error_log if entry.domain == etree.ErrorDomains.SCHEMASV]
        if not streamed and whole:
            return None  # the whole document streamed through and broke no schema rule
        if len(streamed) > unlocated_above(cap):
            return root, streamed
    try:
        if schema.validate(root):
            return None
        checked, error_log = validate_collapsed(root, schema) or (root, schema.error_log)
        return (checked, error_log) if error_log else None
    finally:
        schemas.forget_errors(schema)


def _findings(root: Any, options: ValidationOptions, elements: int) -> tuple[list[Finding], Mapping[str, list[Any]]]:
    """Every finding, in the order the checks make them, and the index they read (``elements``:
    how many elements the tree has)."""
    findings: list[Finding] = []
    located = _schema_errors(root, options, elements)  # a copy of libxml2's log, dropped with this call
    if located is not None:
        checked, error_log = located
        findings.extend(schema_findings(checked, error_log, reveal_values=options.reveal_values))
    if root.tag not in _MESSAGE_ROOTS and not any(finding.rule_id == "XSD-ROOT" for finding in findings):
        # Our XSDs declare some global elements besides the 15 roots (dm:Forename, the CRT root):
        # libxml2 accepts a document made of one of them, but it is not a message.
        findings.append(Finding("XSD-ROOT", root, f"{local(root) if isinstance(root.tag, str) else 'the root'} is not an ECRIS message root (the 15 roots are in the service namespace)"))
    by_name = index(root, elements)
    findings.extend(check_ids(by_name))
    present = by_name.keys()
    if not present.isdisjoint(BASE64_ELEMENTS):
        findings.extend(check_supplement(by_name))
    ctx = Context(root, by_name, options, INDEXED_NAMES)
    checks, switched_off, _limits = _plan(options)
    for check, reads in checks:
        if reads is not None and present.isdisjoint(reads):
            continue  # none of the elements it reads is in the message: it cannot find anything
        if switched_off:
            findings.extend(finding for finding in check(ctx) if finding.rule_id not in switched_off)
        else:
            findings.extend(check(ctx))
    return findings, by_name


#: What :func:`_plan` computes from the options: the checks to run, each with the elements it
#: reads (``None``: always run), the rules that are off, and the parser limits.
_Plan = tuple[tuple[tuple[Any, "frozenset[str] | None"], ...], frozenset[str], parser.ParserLimits]


def _plan(options: ValidationOptions) -> _Plan:
    """Which checks run, which of their rules are off, and the parser limits: planned once per
    options object and kept on it, so that a call does no set-up that does not depend on the
    message (building the limits alone was ~5 us a call, issue 14). Options are immutable, so
    threads that plan at once compute the same value."""
    plan: _Plan | None = options._plan  # noqa: SLF001
    if plan is None:
        checks = tuple((check, READS.get(check)) for check, rule_ids in _CHECK_GROUPS if any(options.runs(r) for r in rule_ids))
        switched_off = frozenset(r for _check, rule_ids in _CHECK_GROUPS for r in rule_ids if not options.runs(r))
        plan = (checks, switched_off, options.parser_limits())
        object.__setattr__(options, "_plan", plan)  # a cache, not a change of the options
    return plan


def validate(source: ValidationSource, options: ValidationOptions | None = None) -> ValidationReport:
    """Validate one ECRIS message and report every issue found.

    ``source`` is bytes, XML text (``str``), a path (``pathlib.Path``), a binary file, an lxml
    element or tree, or a model message (serialised first). Unreadable or unsafe XML gives a
    report with one ``XML-*`` error; ``OSError`` from opening a file propagates.

    Thread-safe: every call keeps its state to itself (see ``docs/validation.md``).
    """
    options = _DEFAULT_OPTIONS if options is None else options
    try:
        return _validate(source, options)
    finally:
        # libxml2's raw messages quote the document: none may stay in this thread's global log.
        etree.clear_error_log()


def _validate(source: Any, options: ValidationOptions) -> ValidationReport:
    try:
        root, name = _load(source, options)
    except XmlError as error:
        name = os.fspath(source) if isinstance(source, os.PathLike) else None
        return ValidationReport(
            issues=(_xml_issue(error, options.reveal_values),),
            source_name=str(name) if name is not None else None,
            reveal_values=options.reveal_values,
        )
    elements = int(_ELEMENT_COUNT(root))
    if elements < SMALL_TREE:
        # Too few objects for the collector to run: pausing it would cost more than it saves.
        findings, by_name = _findings(root, options, elements)
        issues = _issues(findings, options)
    else:
        with collector_paused():
            findings, by_name = _findings(root, options, elements)
            issues = _issues(findings, options)
    message_ids = by_name.get("MessageMetaDataMessageID")  # the index holds them in document order
    message_id = ((message_ids[0].text or "").strip() or None) if message_ids else None
    return ValidationReport(
        issues=issues,
        root=local(root) if isinstance(root.tag, str) else None,
        message_id=message_id,
        source_name=name,
        reveal_values=options.reveal_values,
    )
