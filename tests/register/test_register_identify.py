"""Identification by each search key, written from what a bureau compares (business rules
7.2 and 7.7): name parts case, diacritics and script insensitive; partial birth dates; birth
place and nationality telling namesakes apart; identity numbers. Scores are worked out by hand
from the weights documented in ecrislib.register.identify (name 30, former name or alias 25,
identity number 40, full birth date 15 and partial 7, birth place 10, nationality 5)."""

from __future__ import annotations

import pytest

from ecrislib.model import common as cm
from ecrislib.model import person as pe
from ecrislib.register import Choice, SearchKey, best_hit, fold_name, identify
from ecrislib.testing import factories

K = SearchKey
ROU = "CO-00-642-ROU"


def _person(forename="Ion", surname="Popescu", birth=cm.PartialDate(1970, 5, 14), town="Brașov", nationality=ROU, **fields):
    return factories.person(forename=forename, surname=surname, birth_date=birth, birth_place=factories.place(ROU, town), nationalities=(nationality,), **fields)


@pytest.mark.parametrize(
    "a, b",
    [("ION POPESCU", "Ion Popescu"), ("Ştefănescu", "Stefanescu"), ("Șerban", "SERBAN"), ("Παπαδόπουλος", "Papadopoulos"), ("Γεώργιος", "georgios"), ("Иванов", "Ivanov"), ("Щерев", "Shterev"), ("Müller", "MULLER"), ("Łukasz", "Lukasz"), ("Strauß", "Strauss")],
)
def test_names_fold_to_one_form(a, b):
    assert fold_name(a) == fold_name(b)


def test_full_match_by_name_and_birth_date_with_place_and_nationality():
    (hit,) = identify(_person(forename="ION", surname="POPESCU"), [(1, _person())])
    assert hit.produced_by is K.NAME
    assert hit.keys == (K.NAME, K.BIRTH_DATE, K.BIRTH_PLACE, K.NATIONALITY)
    assert hit.score == 30 + 15 + 10 + 5


def test_transliterated_name_matches():
    entry = _person(forename="Γεώργιος", surname="Παπαδόπουλος", town="Θεσσαλονίκη", nationality="CO-00-300-GRC")
    (hit,) = identify(_person(forename="Georgios", surname="Papadopoulos", town="Thessaloniki", nationality="CO-00-300-GRC"), [(7, entry)])
    assert (hit.entry, hit.produced_by) == (7, K.NAME)
    assert K.BIRTH_PLACE in hit.keys


def test_partial_birth_date_agrees_as_far_as_known():
    entry = _person()
    (by_year,) = identify(_person(birth=cm.PartialDate(1970)), [(1, entry)])
    (by_month,) = identify(_person(birth=cm.PartialDate(1970, 5)), [(1, entry)])
    assert by_year.keys == by_month.keys == (K.NAME, K.BIRTH_DATE, K.BIRTH_PLACE, K.NATIONALITY)
    assert by_year.score == by_month.score == 30 + 7 + 10 + 5
    assert identify(_person(birth=cm.PartialDate(1970, 6)), [(1, entry)]) == ()
    assert identify(_person(birth=cm.PartialDate(1971)), [(1, entry)]) == ()


def test_an_unknown_birth_date_is_not_enough_with_a_name():
    assert identify(_person(birth=cm.PartialDate.unknown()), [(1, _person())]) == ()


def test_identity_number_alone_makes_a_hit():
    entry = _person(identity_number="1700514080011")
    (hit,) = identify(_person(forename="John", surname="Smith", birth=cm.PartialDate(1980), town="Cluj", identity_number="1700514 080011"), [(3, entry)])
    assert hit.produced_by is K.IDENTITY_NUMBER
    assert hit.keys == (K.IDENTITY_NUMBER, K.NATIONALITY)
    assert hit.score == 40 + 5


def test_different_identity_numbers_rule_out_a_namesake():
    entry = _person(identity_number="1700514080011")
    assert identify(_person(identity_number="1700514080022"), [(1, entry)]) == ()


def test_former_surname_and_alias():
    married = _person(surname="Ionescu", sex=cm.Sex.FEMALE, forename="Maria", former_surnames=(cm.Name("Popa"),))
    (former,) = identify(_person(forename="Maria", surname="Popa"), [(1, married)])
    assert former.produced_by is K.FORMER_NAME and former.score == 25 + 15 + 10 + 5
    alias = pe.Alias(name=pe.PersonName(cm.Name("Nelu"), cm.Name("Lupu")))
    known = _person(aliases=(alias,))
    (by_alias,) = identify(_person(forename="Nelu", surname="Lupu"), [(2, known)])
    assert by_alias.produced_by is K.ALIAS


def test_namesakes_told_apart_by_birth_place():
    here = _person(town="Brașov")
    there = _person(town="Iași")
    hits = identify(_person(town="Brasov"), [(1, there), (2, here)])
    assert [h.entry for h in hits] == [2, 1]
    assert hits[0].score == 60 and hits[1].score == 50
    assert K.BIRTH_PLACE not in hits[1].keys
    assert best_hit(hits) == (Choice.ONE, hits[0])


def test_namesakes_nothing_tells_apart_are_several():
    hits = identify(_person(), [(1, _person()), (2, _person())])
    assert [h.score for h in hits] == [60, 60]
    assert best_hit(hits) == (Choice.SEVERAL, None)


def test_namesakes_with_other_birth_dates_are_not_hits():
    hits = identify(_person(), [(1, _person(birth=cm.PartialDate(1971, 5, 14))), (2, _person())])
    assert [h.entry for h in hits] == [2]


def test_nobody():
    assert best_hit(identify(_person(), [(1, _person(forename="Vasile"))])) == (Choice.NONE, None)
