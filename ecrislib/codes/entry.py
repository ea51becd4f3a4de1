"""One entry of a code table, with where it comes from.

ECRIS messages carry a table entry's *technical identifier* (``O-00-080100``); people and legal
texts use its *legal code* (``0801 00``). An entry keeps both, its names per language, its
validity period and its provenance, because most of the reference data we ship is unverified
and a user must be able to see that.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

from ecrislib.errors import ModelError

from .labels import Label, LabelMapping, Labels, LayeredLabels, to_labels
from .provenance import Evidence, Provenance

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "DEFAULT_VALID_FROM",
    "DEFAULT_VALID_TO",
    "Attributes",
    "Entry",
    # Re-exported: they live in .provenance, below entries and labels.
    "Evidence",
    "Provenance",
]

#: The CRT schema's default ``ValidFrom``: "since always".
DEFAULT_VALID_FROM: Final = _dt.date(1800, 1, 1)
#: The CRT schema's default ``ValidTo``: "until further notice".
DEFAULT_VALID_TO: Final = _dt.date(2999, 12, 31)


def _tuple_of_str(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _optional_labels(value: Mapping[str, str] | None) -> LabelMapping | None:
    return None if value is None else to_labels(value)


@attrs.frozen(kw_only=True, repr=False)
class Attributes:
    """The few extra facts some tables have, typed; ``None`` / empty means "not stated".

    - Countries: ``alpha_2`` (ISO, not in the CRT; used for look-up), ``numeric``,
      ``used_for_nationality``, ``remark`` (multilingual).
    - Currencies: ``numeric``, ``used_in_countries`` and ``replaced_by`` (technical identifiers).
    - CentralAuthorities: ``member_state`` (ECRIS code, ``GR`` for Greece).
    - CountrySubdivisions: ``subdivision_type``, ``member_state``, ``country``.
    - Cities: ``country``.
    """

    alpha_2: str | None = None
    numeric: str | None = None
    used_for_nationality: bool | None = None
    remark: LabelMapping | None = attrs.field(default=None, converter=_optional_labels, hash=False)
    used_in_countries: tuple[str, ...] = attrs.field(default=(), converter=_tuple_of_str)
    replaced_by: tuple[str, ...] = attrs.field(default=(), converter=_tuple_of_str)
    member_state: str | None = None
    country: str | None = None
    subdivision_type: str | None = None

    def __repr__(self) -> str:
        stated = [
            f"{f.name}={getattr(self, f.name)!r}"
            for f in attrs.fields(Attributes)
            if getattr(self, f.name) not in (None, ())
        ]
        return f"Attributes({', '.join(stated)})"

    def merged_over(self, base: Attributes) -> Attributes:
        """These attributes, with every unstated one taken from ``base`` (overlay of tables)."""
        changes: dict[str, Any] = {}  # field name -> value, of that field's own type
        for field in attrs.fields(Attributes):
            mine = getattr(self, field.name)
            if mine is None or mine == ():
                theirs = getattr(base, field.name)
                if theirs is not None and theirs != ():
                    changes[field.name] = theirs
        return attrs.evolve(self, **changes) if changes else self


def _check_dates(instance: Entry, attribute: attrs.Attribute[_dt.date], value: _dt.date) -> None:
    if value < instance.valid_from:
        raise ModelError("Entry.valid_to", "must not be before valid_from")


def _check_identifier(instance: Entry, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value or value != value.strip():
        raise ModelError("Entry.technical_id", "must be a non-empty string without surrounding blanks")


@attrs.frozen(kw_only=True, repr=False)
class Entry:
    """One row of a code table (one version of it, when the table has several over time).

    ``children`` is filled by the :class:`~ecrislib.codes.table.Table` that holds the entry
    (any value given here is replaced), so it is always consistent with the table's ``parent``
    links. ``base`` is the entry this one replaced when an official table was laid over the
    bundled one: it is history, kept so that :meth:`label_provenance` can say where a label
    that only the bundled data had comes from; it does not take part in equality.
    """

    table: str
    technical_id: str = attrs.field(validator=_check_identifier)
    code: str | None = None
    labels: LabelMapping = attrs.field(factory=Labels, converter=to_labels, hash=False)
    valid_from: _dt.date = DEFAULT_VALID_FROM
    valid_to: _dt.date = attrs.field(default=DEFAULT_VALID_TO, validator=_check_dates)
    open_category: bool = False
    parent: str | None = None
    children: tuple[str, ...] = attrs.field(default=(), converter=_tuple_of_str)
    attributes: Attributes = Attributes()
    provenance: Provenance
    base: Entry | None = attrs.field(default=None, eq=False, repr=False)

    def __repr__(self) -> str:
        code = f" {self.code!r}" if self.code is not None else ""
        english = self.labels.get("en")
        label = f" {english!r}" if english else ""
        return f"<Entry {self.technical_id}{code}{label} [{self.provenance.evidence}]>"

    def is_valid_on(self, day: _dt.date) -> bool:
        """True when ``day`` lies in the validity period (both ends included)."""
        return self.valid_from <= day <= self.valid_to

    @property
    def name(self) -> str:
        """The English label, or the technical identifier when there is none."""
        return self.label("en", fallback=()).text

    def label(self, lang: str = "en", fallback: Sequence[str] | str = ("en",)) -> Label:
        """The label in ``lang``, else in the first ``fallback`` language that has one, else the
        technical identifier; the result says which language was used."""
        requested = lang.lower()
        chain = (fallback,) if isinstance(fallback, str) else tuple(fallback)
        for candidate in (requested, *(c.lower() for c in chain)):
            text = self.labels.get(candidate)
            if text:
                return Label(
                    text=text,
                    lang=candidate,
                    requested=requested,
                    technical_id=self.technical_id,
                    provenance=self.label_provenance(candidate),
                )
        return Label(
            text=self.technical_id,
            lang=None,
            requested=requested,
            technical_id=self.technical_id,
            provenance=self.provenance,
        )

    def label_provenance(self, lang: str) -> Provenance | None:
        """Provenance of the label in ``lang`` (``None`` when there is no such label).

        After an overlay, a label the official table did not have comes from the bundled entry.
        """
        if lang not in self.labels:
            return None
        labels = self.labels
        if self.base is not None and isinstance(labels, LayeredLabels) and lang not in labels.top:
            return self.base.label_provenance(lang)
        return self.provenance

    def merged_over(self, base: Entry) -> Entry:
        """This entry laid over ``base`` (same identifier): our values win, labels and attributes
        we lack are kept from ``base``, and ``base`` is remembered for provenance."""
        return attrs.evolve(
            self,
            code=self.code if self.code is not None else base.code,
            labels=LayeredLabels(self.labels, base.labels),
            parent=self.parent if self.parent is not None else base.parent,
            attributes=self.attributes.merged_over(base.attributes),
            base=base,
        )
