"""The person a message is about: identity, places, documents, addresses, aliases.

``repr()`` of these classes hides personal values, so that a person never lands in a log line
by accident; the values are there as attributes for code that needs them.
"""

from __future__ import annotations

import attrs

from ._fields import many, ml, nm, of, one, opt, remarks, text
from .common import MultilingualText, Name, PartialDate, Sex
from .references import (
    CityRef,
    CountryRef,
    CountrySubdivisionRef,
    IdentificationDocumentCategoryRef,
)

__all__ = ["PersonName", "Place", "IdentificationDocument", "Address", "Alias", "Person"]


def _hidden_repr(self: object) -> str:
    return f"{type(self).__name__}(<personal data hidden>)"


@attrs.frozen(repr=False)
class PersonName:
    """Forename(s) in one string, surname, optional second surname and full name."""

    forename: Name = one(nm())
    surname: Name = one(nm())
    second_surname: Name | None = opt(nm())
    full_name: Name | None = opt(nm(600))

    __repr__ = _hidden_repr


@attrs.frozen(kw_only=True)
class Place:
    """A country, optionally a subdivision and a town code, and always a town name."""

    country: CountryRef = one(of(CountryRef))
    subdivision: CountrySubdivisionRef | None = opt(of(CountrySubdivisionRef))
    town: CityRef | None = opt(of(CityRef))
    town_name: MultilingualText = one(ml(200))


@attrs.frozen(kw_only=True)
class IdentificationDocument:
    category: IdentificationDocumentCategoryRef = one(of(IdentificationDocumentCategoryRef))
    type: MultilingualText = one(ml(50))
    number: str = one(text(50), repr=False)
    issuing_authority: MultilingualText | None = opt(ml(400))
    issuing_date: PartialDate | None = opt(of(PartialDate))
    valid_until: PartialDate | None = opt(of(PartialDate))


@attrs.frozen(kw_only=True, repr=False)
class Address:
    place: Place = one(of(Place))
    street: MultilingualText | None = opt(ml(400))
    house_number: MultilingualText | None = opt(ml(50))
    post_code: MultilingualText | None = opt(ml(50))
    full: MultilingualText | None = opt(ml(4000, collapsed=False))

    __repr__ = _hidden_repr


@attrs.frozen(kw_only=True, repr=False)
class Alias:
    """Another identity the person is known under: a name, and whatever else is known."""

    name: PersonName = one(of(PersonName))
    sex: Sex | None = opt(of(Sex), converter=attrs.converters.optional(Sex))
    birth_date: PartialDate | None = opt(of(PartialDate))
    birth_place: Place | None = opt(of(Place))
    nationalities: tuple[CountryRef, ...] = many(of(CountryRef))
    father_forename: Name | None = opt(nm())
    father_surname: Name | None = opt(nm())
    father_second_surname: Name | None = opt(nm())
    mother_forename: Name | None = opt(nm())
    mother_surname: Name | None = opt(nm())
    mother_second_surname: Name | None = opt(nm())
    identity_number: str | None = opt(text(50))
    identification_documents: tuple[IdentificationDocument, ...] = many(of(IdentificationDocument))
    addresses: tuple[Address, ...] = many(of(Address))
    remarks: MultilingualText | None = remarks()

    __repr__ = _hidden_repr


@attrs.frozen(kw_only=True, repr=False)
class Person:
    """The identity of the person concerned (``dm:PersonType``).

    Name, sex, birth date, birth place and at least one nationality are mandatory; use the
    ECRIS "unknown" sentinels (:meth:`PartialDate.unknown`, ``UNKNOWN_COUNTRY``, ``Sex.UNKNOWN``)
    when a value is not known.
    """

    name: PersonName = one(of(PersonName))
    sex: Sex = one(of(Sex), converter=Sex)
    birth_date: PartialDate = one(of(PartialDate))
    birth_place: Place = one(of(Place))
    nationalities: tuple[CountryRef, ...] = many(of(CountryRef), minimum=1)
    former_forenames: tuple[Name, ...] = many(nm())
    former_surnames: tuple[Name, ...] = many(nm())
    former_second_surnames: tuple[Name, ...] = many(nm())
    father_forename: Name | None = opt(nm())
    father_surname: Name | None = opt(nm())
    father_second_surname: Name | None = opt(nm())
    mother_forename: Name | None = opt(nm())
    mother_surname: Name | None = opt(nm())
    mother_second_surname: Name | None = opt(nm())
    identity_number: str | None = opt(text(50))
    identification_documents: tuple[IdentificationDocument, ...] = many(of(IdentificationDocument))
    addresses: tuple[Address, ...] = many(of(Address))
    aliases: tuple[Alias, ...] = many(of(Alias))
    remarks: MultilingualText | None = remarks()

    __repr__ = _hidden_repr
