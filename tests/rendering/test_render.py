"""Rendering in the reader's language: labels, fallbacks, free text, dates, HTML properties."""

from __future__ import annotations

import logging
import re
from typing import Any

import lxml.html
import pytest

import ecrislib
from ecrislib.codes import bundled, dump_crt, load_crt
from ecrislib.rendering import readable_record, render
from ecrislib.rendering.labels import translate

from tests.support.render_helpers import load, squash

CRT = "http://ec.europa.eu/ECRIS/common-reference-tables-v1.0"
C = "http://ec.europa.eu/ECRIS/commons-v1.0"


def test_english_reader_sees_english_labels_without_fallback(two_convictions: Any) -> None:
    text = squash(render(two_convictions, lang="en"))
    assert "Aggravated cases of intentional killing (O-00-080200)" in text
    assert "Completed act (LC-00-C)" in text
    assert "Perpetrator (LP-00-M)" in text
    assert "Romania (CO-00-642-ROU)" in text
    assert "fallback" not in text.replace("'fallback'", "")
    assert "17 April 1971" in text


def test_greek_reader_sees_greek_where_it_exists_and_the_fallback_elsewhere(two_convictions: Any) -> None:
    text = squash(render(two_convictions, lang="el"))
    # offence parameters and countries have Greek labels
    assert "Τελεσθείσα πράξη (LC-00-C)" in text
    assert "Αυτουργός (LP-00-M)" in text
    assert "Ρουμανία (CO-00-642-ROU)" in text
    # offence categories exist only in English: visible fallback (said in Greek), code kept
    assert "Κοινή κατηγορία: Aggravated cases of intentional killing [en, αντί για el] (O-00-080200)" in text
    # no label at all: the raw code, said so
    assert "SSR-00-02 [μόνο κωδικός: καμία ονομασία στα el ή en]" in text
    assert "Ημερομηνία γέννησης: 17 Απριλίου 1971" in text


def test_free_text_is_shown_as_sent_with_language_and_translation_flag(two_convictions: Any) -> None:
    text = squash(render(two_convictions, lang="el"))
    assert "Omor calificat [Ρουμανικά (ro)]" in text
    assert "Aggravated murder [Αγγλικά (en), μετάφραση του αποστολέα]" in text
    english = squash(render(two_convictions, lang="en"))
    assert "Omor calificat [Romanian (ro)] Aggravated murder [English (en), translated by the sender]" in english


def test_unknown_codes_and_unverified_labels_are_marked(two_convictions: Any) -> None:
    record = readable_record(two_convictions, "en")
    text = squash(render(two_convictions, lang="en"))
    assert "CS-00-RO-CJ [code only: not in the loaded tables]" in text
    assert any("unverified (recalled" in note.text and "O-00-080200" in note.text for note in record.notes)
    assert re.search(r"\(O-00-080200\) †\d", text)


def test_dates_come_from_cldr_in_languages_without_a_ui_catalogue(two_convictions: Any) -> None:
    # Finnish and Hungarian have no UI catalogue (English headings) but CLDR dates
    assert "Date of birth: 17. huhtikuuta 1971" in squash(render(two_convictions, lang="fi"))
    assert "Date of birth: 1971. április 17." in squash(render(two_convictions, lang="hu"))


def test_fallback_chain_of_a_single_code() -> None:
    tables = bundled()
    assert str(translate(tables, "O-00-080100", "el")) == "Intentional killing [en, fallback from el] (O-00-080100)"
    assert str(translate(tables, "LC-00-C", "el")) == "Τελεσθείσα πράξη (LC-00-C)"
    assert str(translate(tables, "O-00-999999", "el")) == "O-00-999999 [code only: not in the loaded tables]"


def _crt(body: str) -> bytes:
    return f'<crt:CommonReferenceTable xmlns:crt="{CRT}" xmlns:c="{C}">{body}</crt:CommonReferenceTable>'.encode()


def _name(**labels: str) -> str:
    reps = "".join(
        f'<c:MultilingualTextLinguisticRepresentation languageCode="{lang}">{text}</c:MultilingualTextLinguisticRepresentation>'
        for lang, text in labels.items()
    )
    return f"<crt:Name>{reps}</crt:Name>"


THREE_LANGUAGES = _crt(
    "<crt:OffenceCategories><crt:OffenceCategory>"
    "<crt:ValidFrom>2012-04-27</crt:ValidFrom><crt:ValidTo>2999-12-31</crt:ValidTo>"
    + _name(en="Murder (official)", el="Ανθρωποκτονία από πρόθεση", ro="Omor (oficial)")
    + "<crt:CategoryIsOpen>false</crt:CategoryIsOpen>"
    "<crt:OffenceTechnicalIdentifier>O-00-080200</crt:OffenceTechnicalIdentifier>"
    "<crt:OffenceCategoryCode>0802 00</crt:OffenceCategoryCode>"
    "</crt:OffenceCategory></crt:OffenceCategories>"
)


def test_an_official_crt_in_three_languages_changes_what_render_prints(two_convictions: Any) -> None:
    official = load_crt(THREE_LANGUAGES, name="test-crt.xml", partial=True)
    assert load_crt(dump_crt(official), name="test-crt.xml") == official  # round trip
    tables = bundled().overlay(official)
    before = squash(render(two_convictions, lang="el"))
    after = squash(render(two_convictions, lang="el", tables=tables))
    assert "Aggravated cases of intentional killing [en, αντί για el] (O-00-080200)" in before
    assert "Ανθρωποκτονία από πρόθεση (O-00-080200)" in after
    assert "Omor (oficial) (O-00-080200)" in squash(render(two_convictions, lang="ro", tables=tables))
    assert "Murder (official) (O-00-080200)" in squash(render(two_convictions, lang="de", tables=tables)).replace(
        "Murder (official) [en, ersatzweise für de] (O-00-080200)", "Murder (official) (O-00-080200)"
    )
    # the official label is verified: no provenance note points at it any more
    notes = readable_record(two_convictions, "el", tables).notes
    assert not any("O-00-080200" in note.text for note in notes)


def test_html_is_one_self_contained_printable_page(two_convictions: Any) -> None:
    page = render(two_convictions, lang="el", format="html")
    assert page.startswith("<!DOCTYPE html>")
    document = lxml.html.document_fromstring(page)
    assert document.get("lang") == "el"
    assert document.xpath("//script") == []
    assert not document.xpath("//link | //img | //iframe | //object | //embed")
    external = [v for v in document.xpath("//@href | //@src") if not v.startswith("#")]
    assert external == []
    style = "".join(document.xpath("//style/text()"))
    assert "@media print" in style and "url(" not in style and "@import" not in style
    # person first, then convictions in date order, then notes
    headings = [h.text_content() for h in document.xpath("//h2")]
    assert headings[:3] == ["Μήνυμα", "Πρόσωπο", "Καταδίκες"] and headings[-1] == "Σημειώσεις"
    convictions = [h.text_content() for h in document.xpath("//section[@class='convictions']/section/h3")]
    assert convictions == ["Καταδίκη RO-C-000000000019950", "Καταδίκη RO-C-000000000020161"]


def test_html_escapes_what_the_message_says(two_convictions: Any) -> None:
    import attrs

    from ecrislib.model import MultilingualText

    hostile = attrs.evolve(two_convictions, remarks=MultilingualText.of('x"; alert(1) & <b>bold</b>'.replace("<", "").replace(">", ""), "en"))
    page = render(hostile, format="html")
    assert 'x&quot;; alert(1) &amp; bbold/b' in page or 'x"; alert(1) &amp; bbold/b' in page
    assert lxml.html.document_fromstring(page).xpath("//script") == []


def test_every_message_type_renders_in_both_formats() -> None:
    from tests.support.render_helpers import GOLDEN
    from ecrislib.xml.codec import parse

    for path in GOLDEN:
        message = parse(path.read_bytes())
        assert message.message_id.__str__() in render(message)
        assert message.message_id.__str__() in render(message, format="html")


def test_fingerprint_content_is_summarised_not_shown() -> None:
    message = load("request-push.xml")
    size = len(message.fingerprints.content)
    text = render(message)
    assert f"{size} bytes (content not shown)" in text
    assert "FICTIONAL-TEST-RECORD" not in text


def test_render_is_reachable_as_ecrislib_render_even_after_importing_the_module(two_convictions: Any) -> None:
    import ecrislib.rendering.cli  # importing a submodule must not shadow the function

    assert ecrislib.render(two_convictions, lang="en") == render(two_convictions, lang="en")


def test_bad_format_is_refused(two_convictions: Any) -> None:
    with pytest.raises(ValueError):
        render(two_convictions, format="pdf")  # type: ignore[arg-type]


def test_nothing_personal_goes_to_the_logs(two_convictions: Any, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        render(two_convictions, lang="en", format="html")
        render(two_convictions, lang="el")
    logged = " ".join(record.getMessage() for record in caplog.records)
    for personal in ("Testescu", "Ion Vasile", "1710417120011", "Cluj-Napoca"):
        assert personal not in logged
