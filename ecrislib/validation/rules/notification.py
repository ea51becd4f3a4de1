"""Obligatory data of a notification (Framework Decision 2009/315/JHA, Art. 11(1)(a)).

The schema already requires most Art. 11 elements, so "present" here means "not one of the
spec's unknown sentinels", plus the items the schema leaves optional:

* person (``ECRIS-R-030``, info): birth date year 1800 without month, birth country
  ``CO-00-999-XXX``, birth town ``UNKNOWN``, every nationality ``CO-00-999-XXX``, sex ``0``.
  Art. 11 allows "not known in an individual case", so an explicit unknown is reported as an
  info only;
* conviction (``ECRIS-R-031``, warning): file number ``UNKNOWN`` and decision or final date
  ``1800-01-01``, including empty elements, which take those schema defaults. The convicting
  state holds these facts about its own judgment, so a default there is probably a gap;
* offences (``ECRIS-R-032``/``-033``, warning): at least one offence, each with a start date
  that is not the unknown year 1800;
* sanctions (``ECRIS-R-034``, info): the content of the conviction; a conviction with no
  sanction exists (e.g. an exemption from penalty), hence info.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final

from ... import facts
from ..findings import Finding
from .base import Check, Context, child, parse_partial_date, text_of

__all__ = ["CHECKS", "NOTIFICATION_ROOTS", "READS"]

NOTIFICATION_ROOTS: Final = frozenset(r.name for r in facts.ROOTS if r.type_code is facts.MessageType.NOT)
UNKNOWN_COUNTRY: Final = "CO-00-999-XXX"
UNKNOWN_TEXT: Final = "UNKNOWN"
UNKNOWN_DATE: Final = "1800-01-01"


def _unknown_year(element: Any) -> bool:
    date = parse_partial_date(element)
    return date is not None and date.year == 1800 and date.month is None


def _convictions(ctx: Context) -> Iterator[Any]:
    if ctx.root_name in NOTIFICATION_ROOTS:
        yield from (c for c in ctx.all("MessageDataConviction") if c.getparent() is not None)


def person_unknowns(ctx: Context) -> Iterator[Finding]:
    if ctx.root_name not in NOTIFICATION_ROOTS:
        return
    person = ctx.first("MessageDataPerson")
    if person is None:
        return
    birth = child(person, "PersonBirthDate")
    if birth is not None and _unknown_year(birth):
        yield Finding("ECRIS-R-030", birth, "the birth date is declared unknown (year 1800 without month)")
    place = child(person, "PersonBirthPlace")
    if place is not None:
        country = child(place, "PlaceCountryReference")
        if country is not None and text_of(country) == UNKNOWN_COUNTRY:
            yield Finding("ECRIS-R-030", country, "the country of birth is declared unknown")
        town = child(place, "PlaceTownName")
        if town is not None and text_of(town) == UNKNOWN_TEXT:
            yield Finding("ECRIS-R-030", town, "the town of birth is declared unknown")
    nationalities = [n for n in person if isinstance(n.tag, str) and n.tag.endswith("}PersonNationalityReference")]
    if nationalities and all(text_of(n) == UNKNOWN_COUNTRY for n in nationalities):
        yield Finding("ECRIS-R-030", nationalities[0], "the nationality is declared unknown")
    sex = child(person, "PersonSex")
    if sex is not None and text_of(sex) == "0":
        yield Finding("ECRIS-R-030", sex, "the sex is declared not known (ISO 5218 code 0)")


def conviction_defaults(ctx: Context) -> Iterator[Finding]:
    for conviction in _convictions(ctx):
        file_number = child(conviction, "ConvictionFileNumber")
        if file_number is not None and text_of(file_number) in (None, UNKNOWN_TEXT):
            yield Finding("ECRIS-R-031", file_number, "the conviction's file number is the default UNKNOWN")
        for name in ("ConvictionDecisionDate", "ConvictionDecisionFinalDate"):
            element = child(conviction, name)
            if element is not None and text_of(element) in (None, UNKNOWN_DATE):
                yield Finding("ECRIS-R-031", element, f"{name} is the unknown default 1800-01-01")


def offences_present(ctx: Context) -> Iterator[Finding]:
    for conviction in _convictions(ctx):
        if child(conviction, "ConvictionOffence") is None:
            yield Finding("ECRIS-R-032", conviction, "the notified conviction names no offence")


def offence_dates(ctx: Context) -> Iterator[Finding]:
    for conviction in _convictions(ctx):
        for offence in conviction:
            if not (isinstance(offence.tag, str) and offence.tag.endswith("}ConvictionOffence")):
                continue
            start = child(offence, "OffenceStartDate")
            if start is None:
                yield Finding("ECRIS-R-033", offence, "the offence has no start date (date of the offence)")
            elif _unknown_year(start):
                yield Finding("ECRIS-R-033", start, "the offence date is declared unknown (year 1800 without month)")


def sanctions_present(ctx: Context) -> Iterator[Finding]:
    for conviction in _convictions(ctx):
        if child(conviction, "ConvictionSanction") is None:
            yield Finding("ECRIS-R-034", conviction, "the notified conviction has no sanction")


CHECKS: Final[Mapping[str, Check]] = {
    "ECRIS-R-030": person_unknowns,
    "ECRIS-R-031": conviction_defaults,
    "ECRIS-R-032": offences_present,
    "ECRIS-R-033": offence_dates,
    "ECRIS-R-034": sanctions_present,
}

#: The indexed elements each check reads; with none of them in the message it finds nothing.
READS: Final[Mapping[Check, frozenset[str]]] = {
    person_unknowns: frozenset({"MessageDataPerson"}),
    conviction_defaults: frozenset({"MessageDataConviction"}),
    offences_present: frozenset({"MessageDataConviction"}),
    offence_dates: frozenset({"MessageDataConviction"}),
    sanctions_present: frozenset({"MessageDataConviction"}),
}
