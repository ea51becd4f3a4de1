"""``validate()``: hardened parse, lxml schema validation, our ID check, business and code rules.

The fast path is one parse (the hardened parser), one libxml2 validation with the cached
schema, one Python pass that indexes elements by local name, and rules that read that index.
Everything that can be checked is checked even when the schema already failed, so a broken
message gets a full report.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from lxml import etree

from ..errors import XmlError, XmlLimitError, XmlSecurityError
from ..xml import parser
from ..xml.binding import readable_path
from ..xml.namespaces import SVC
from . import xsd
from .catalogue import RULES
from .findings import Finding
from .ids import ID_ELEMENTS, IDREF_ELEMENTS, check_ids
from .supplement import BASE64_ELEMENTS, check_supplement
from .options import ValidationOptions
from .report import Severity, ValidationIssue, ValidationReport
from .rules import CHECKS
from .rules.base import INDEXED_NAMES, ROOT_TYPES, Context, local
from .rules.codes import CODE_ELEMENTS
from .schema_errors import schema_findings
from ..xml.whitespace import validate_collapsed

__all__ = ["validate"]

_DEFAULT_OPTIONS = ValidationOptions()
_MESSAGE_ROOTS = frozenset(f"{{{SVC}}}{name}" for name in ROOT_TYPES)

# Each distinct check function once, with the rule IDs it may report.
_CHECK_GROUPS: list[tuple[Any, tuple[str, ...]]] = []
for _rule_id, _check in CHECKS.items():
    for _index, (_known, _ids) in enumerate(_CHECK_GROUPS):
        if _known is _check:
            _CHECK_GROUPS[_index] = (_known, (*_ids, _rule_id))
            break
    else:
        _CHECK_GROUPS.append((_check, (_rule_id,)))


def _is_message(source: object) -> bool:
    return hasattr(source, "metadata") and isinstance(getattr(type(source), "ROOT", None), str)


def _load(source: Any, options: ValidationOptions) -> tuple[Any, str | None]:
    """The root element to validate and a display name for the source."""
    if isinstance(source, etree._Element):
        return source, None
    if isinstance(source, etree._ElementTree):
        return source.getroot(), None
    if _is_message(source):
        from ..xml.codec import serialize

        return parser.load(serialize(source), options.parser_limits()), None
    name = os.fspath(source) if isinstance(source, os.PathLike) else getattr(source, "name", None)
    return parser.load(source, options.parser_limits()), (str(name) if name is not None else None)


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


INDEXED_NAMES.update(CODE_ELEMENTS, ID_ELEMENTS, IDREF_ELEMENTS, BASE64_ELEMENTS)
_INDEXED_TAGS = tuple(f"{{*}}{name}" for name in sorted(INDEXED_NAMES))


def index(root: Any) -> dict[str, list[Any]]:
    """The elements the rules look up, by local name: one filtered pass over the tree in C,
    grouped by full tag first (cheap), then merged per local name (a few dozen tags)."""
    by_tag: dict[str, list[Any]] = {}
    for element in root.iter(*_INDEXED_TAGS):
        found = by_tag.get(element.tag)
        if found is None:
            by_tag[element.tag] = [element]
        else:
            found.append(element)
    by_name: dict[str, list[Any]] = {}
    for tag, elements in by_tag.items():
        name = tag[tag.rfind("}") + 1 :]
        if name in by_name:
            by_name[name] = sorted(by_name[name] + elements, key=_document_order(root))
        else:
            by_name[name] = elements
    return by_name


def _document_order(root: Any) -> Any:
    """Sort key restoring document order when one local name stands in two namespaces."""
    positions = {element: number for number, element in enumerate(root.iter())}
    return positions.__getitem__


def _issue(finding: Finding, options: ValidationOptions) -> ValidationIssue:
    rule = RULES[finding.rule_id]
    if finding.rule_id in options.severities:
        severity = options.severities[finding.rule_id]
    else:
        severity = finding.severity or rule.severity
    element = finding.element
    path = finding.path
    line = finding.line
    if element is not None:
        if path is None:
            path = readable_path(element)
        if line is None:
            line = element.sourceline
    return ValidationIssue(
        rule_id=finding.rule_id,
        severity=severity,
        message=finding.message,
        source=rule.source,
        path=path,
        line=line,
        column=finding.column,
        value=finding.value if options.reveal_values else None,
    )


def _findings(root: Any, options: ValidationOptions) -> Iterable[Finding]:
    schema = xsd.lxml_schema()
    root_named = False
    if not schema.validate(root):
        checked, log = validate_collapsed(root, schema) or (root, schema.error_log)
        for finding in schema_findings(checked, log, reveal_values=options.reveal_values):
            root_named = root_named or finding.rule_id == "XSD-ROOT"
            yield finding
    if not root_named and root.tag not in _MESSAGE_ROOTS:
        # Our XSDs declare some global elements besides the 15 roots (dm:Forename, the CRT root):
        # libxml2 accepts a document made of one of them, but it is not a message.
        yield Finding("XSD-ROOT", root, f"{local(root) if isinstance(root.tag, str) else 'the root'} is not an ECRIS message root (the 15 roots are in the service namespace)")
    by_name = index(root)
    yield from check_ids(by_name)
    yield from check_supplement(by_name)
    ctx = Context(root, by_name, options)
    checks, switched_off = _plan(options)
    for check in checks:
        for finding in check(ctx):
            if finding.rule_id not in switched_off:
                yield finding


# Which checks run, and which of their rules are off, per options object (options are
# immutable, and most programs use one or two of them).
_PLANS: dict[int, tuple[ValidationOptions, tuple[Any, ...], frozenset[str]]] = {}


def _plan(options: ValidationOptions) -> tuple[tuple[Any, ...], frozenset[str]]:
    found = _PLANS.get(id(options))
    if found is not None and found[0] is options:
        return found[1], found[2]
    checks = tuple(check for check, rule_ids in _CHECK_GROUPS if any(options.runs(r) for r in rule_ids))
    switched_off = frozenset(r for _check, rule_ids in _CHECK_GROUPS for r in rule_ids if not options.runs(r))
    if len(_PLANS) > 32:
        _PLANS.clear()
    _PLANS[id(options)] = (options, checks, switched_off)
    return checks, switched_off


def validate(source: Any, options: ValidationOptions | None = None) -> ValidationReport:
    """Validate one ECRIS message and report every issue found.

    ``source`` is bytes, XML text (``str``), a path (``pathlib.Path``), a binary file, an lxml
    element or tree, or a model message (serialised first). Unreadable or unsafe XML gives a
    report with one ``XML-*`` error; ``OSError`` from opening a file propagates.
    """
    options = _DEFAULT_OPTIONS if options is None else options
    try:
        root, name = _load(source, options)
    except XmlError as error:
        name = os.fspath(source) if isinstance(source, os.PathLike) else None
        return ValidationReport(
            issues=(_xml_issue(error, options.reveal_values),),
            source_name=str(name) if name is not None else None,
            reveal_values=options.reveal_values,
        )
    issues = [_issue(finding, options) for finding in _findings(root, options)]
    message_id = None
    for element in root.iter("{*}MessageMetaDataMessageID"):
        message_id = (element.text or "").strip() or None
        break
    return ValidationReport(
        issues=issues,
        root=local(root) if isinstance(root.tag, str) else None,
        message_id=message_id,
        source_name=name,
        reveal_values=options.reveal_values,
    )
