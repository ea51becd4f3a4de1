"""The typed errors of ecrislib.

Every error names *where* (an element path such as ``/RequestMessage/MessageData/Person``) and
*which rule* was broken, and never carries a value from the message in its text: criminal-record
messages hold personal data, and error texts end up in logs. A caller who needs the offending
value for debugging can read ``error.value``, which is only filled when asked for
(see :class:`ecrislib.xml.parser.ParserLimits` and the ``reveal_values`` options).
"""

from __future__ import annotations

__all__ = [
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
    "EcrisValidationError",
    "SchemaResourceRefused",
    "CodeLookupError",
    "UnknownCodeError",
    "UnknownCodeTableError",
    "UnknownMemberStateError",
    "UnknownLanguageError",
    "RenderError",
    "DifferentPersonsError",
    "RegisterError",
    "MissingExtraError",
]


class EcrisError(Exception):
    """Base class of every error ecrislib raises on purpose."""


class ModelError(EcrisError, ValueError):
    """A model value breaks a rule of the ECRIS format (pattern, length, cardinality...).

    ``field`` names the model field, ``rule`` says which rule; the text never contains the value.
    """

    def __init__(self, field: str, rule: str) -> None:
        self.field = field
        self.rule = rule
        super().__init__(f"{field}: {rule}")


class XmlError(EcrisError):
    """A problem with XML input, located as precisely as possible.

    Attributes:
        rule: a short stable identifier of the broken rule (e.g. ``"xml.entity"``,
            ``"codec.unknown-element"``).
        path: readable element path (``/NotificationMessage/MessageData/Person``), or ``None``
            when the document could not be read far enough to know.
        line, column: position in the input when known.
        value: the offending value, only when the caller asked for values to be revealed.
    """

    default_rule = "xml"

    def __init__(
        self,
        message: str,
        *,
        rule: str | None = None,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        value: str | None = None,
    ) -> None:
        self.message = message
        self.rule = rule or self.default_rule
        self.path = path
        self.line = line
        self.column = column
        self.value = value
        super().__init__(self._text())

    def _text(self) -> str:
        where = []
        if self.path:
            where.append(self.path)
        if self.line is not None:
            where.append(f"line {self.line}" + (f", column {self.column}" if self.column else ""))
        location = f" at {'; '.join(where)}" if where else ""
        return f"[{self.rule}] {self.message}{location}"


class XmlSecurityError(XmlError):
    """The input uses a construct we refuse on principle: DTD, entity, external reference."""

    default_rule = "xml.forbidden"


class XmlLimitError(XmlError):
    """The input is larger or deeper than the configured limits allow."""

    default_rule = "xml.limit"


class XmlSyntaxError(XmlError):
    """The input is not well-formed XML (or not valid UTF-8)."""

    default_rule = "xml.syntax"


class CodecError(XmlError):
    """Well-formed XML that does not fit the ECRIS content model the codec reads."""

    default_rule = "codec"


class UnknownRootError(CodecError):
    """The root element is not one of the 15 ECRIS message roots (or in the wrong namespace)."""

    default_rule = "codec.unknown-root"


class UnknownElementError(CodecError):
    """An element the content model does not allow at this place (unknown, misplaced, or in
    the wrong namespace). It is never silently dropped."""

    default_rule = "codec.unexpected-element"


class MissingElementError(CodecError):
    """A mandatory element is absent."""

    default_rule = "codec.missing-element"


class ValueFormatError(CodecError):
    """An element or attribute value does not have the form its type requires."""

    default_rule = "codec.value"


class EcrisValidationError(EcrisError):
    """A validated message has errors (raised by ``ValidationReport.raise_for_errors()``).

    ``report`` is the full :class:`ecrislib.validation.ValidationReport`; the text names only
    rule IDs, counts and element paths, never a value from the message.
    """

    def __init__(self, message: str, report: object) -> None:
        self.report = report
        super().__init__(message)


class SchemaResourceRefused(EcrisError, PermissionError):
    """The schema loader was asked for a file that is not one of ecrislib's own schemas (an
    ``xsd:import`` or ``include`` pointing elsewhere); it reads nothing else, on principle."""


class CodeLookupError(EcrisError, LookupError):
    """A code, code table or member state that the loaded code tables do not know.

    Also a ``LookupError`` (what these look-ups raised before), so existing handlers still work.
    """

    def __str__(self) -> str:  # plain text, also for the KeyError subclasses (which quote it)
        return str(self.args[0]) if self.args else ""


class UnknownCodeError(CodeLookupError, KeyError):
    """A code that is not in its table (``table[code]``, ``lookup``). Also a ``KeyError``."""


class UnknownCodeTableError(CodeLookupError, KeyError):
    """A code table that is not there: not a CRT section, or no national table of that kind
    for that country. Also a ``KeyError``."""


class UnknownMemberStateError(CodeLookupError):
    """A code that is not one of the ECRIS member-state codes (``"GR"``, not ``"EL"``)."""


class UnknownLanguageError(EcrisError, ValueError):
    """A language tag names no language that CLDR (through Babel) knows, or is not a tag at all.

    ``tag`` is the tag as the caller gave it (a caller's argument, never message content).
    """

    rule = "lang.unknown"

    def __init__(self, tag: str, reason: str) -> None:
        self.tag = tag
        super().__init__(f"language {tag!r}: {reason}")


class RenderError(EcrisError):
    """A readable record cannot be built as asked (``rule`` names why)."""

    rule = "render"


class DifferentPersonsError(RenderError, ValueError):
    """Replies to be merged into one record concern different people (name or date of birth differ).

    ``replies`` are the message IDs, grouped by the person they give; the text names only IDs.
    """

    rule = "render.different-persons"

    def __init__(self, replies: tuple[tuple[str, ...], ...]) -> None:
        self.replies = replies
        groups = "; ".join(", ".join(group) for group in replies)
        super().__init__(
            f"the replies concern {len(replies)} different people (name or date of birth differ): {groups}; "
            "render them separately"
        )


class RegisterError(EcrisError):
    """A national register refused an operation (unknown entry, a store written by a newer
    ecrislib, a conviction ID held by another person). The text names no personal data."""


class MissingExtraError(EcrisError, ImportError):
    """A feature needs an optional extra that is not installed; the text names the extra.

    ``extra`` is the name to install (``pip install 'ecrislib[extra]'``), ``module`` the import
    that failed.
    """

    def __init__(self, extra: str, module: str, feature: str) -> None:
        self.extra = extra
        self.module = module
        super().__init__(f"{feature} needs the '{extra}' extra ({module} {'are' if ', ' in module else 'is'} missing): pip install 'ecrislib[{extra}]'")
