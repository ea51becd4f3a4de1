"""Localisation: CLDR dates, durations and names in the 24 EU languages; tags; gettext catalogues; lang."""

from __future__ import annotations

import datetime as _dt
import io
import re
import typing
from pathlib import Path
from typing import Any

import attrs
import lxml.html
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import ecrislib
from ecrislib.codes import bundled
from ecrislib.codes.member_states import EU_OFFICIAL_LANGUAGES
from ecrislib.errors import EcrisError, UnknownLanguageError
from ecrislib.model import MESSAGE_CLASSES, Duration
from ecrislib.rendering import readable_record, render
from ecrislib.rendering.dates import format_date, format_partial_date
from ecrislib.rendering.headings import HEADINGS
from ecrislib.rendering.l10n import (
    catalogue_languages,
    catalogue_status,
    format_duration_parts,
    language_name,
    reader_language,
)
from ecrislib.rendering.labels import translate
from ecrislib.testing import factories

from tests.support.render_helpers import VALID, load, squash

LOCALES = Path(ecrislib.__file__).parent / "rendering" / "locales"

# 17 April 1971 in the long form of each official EU language, written by hand (CLDR puts a narrow
# no-break space before the Bulgarian "г.").
LONG_DATES = {
    "bg": "17 април 1971\u202fг.", "cs": "17. dubna 1971", "da": "17. april 1971", "de": "17. April 1971",
    "el": "17 Απριλίου 1971", "en": "17 April 1971", "es": "17 de abril de 1971", "et": "17. aprill 1971",
    "fi": "17. huhtikuuta 1971", "fr": "17 avril 1971", "ga": "17 Aibreán 1971", "hr": "17. travnja 1971.",
    "hu": "1971. április 17.", "it": "17 aprile 1971", "lt": "1971 m. balandžio 17 d.", "lv": "1971. gada 17. aprīlis",
    "mt": "17 ta’ April 1971", "nl": "17 april 1971", "pl": "17 kwietnia 1971", "pt": "17 de abril de 1971",
    "ro": "17 aprilie 1971", "sk": "17. apríla 1971", "sl": "17. april 1971", "sv": "17 april 1971",
}  # fmt: skip

# "16 years", as a sentence is said in each language (plural forms included), written by hand.
SIXTEEN_YEARS = {
    "bg": "16 години", "cs": "16 let", "da": "16 år", "de": "16 Jahre", "el": "16 έτη", "en": "16 years",
    "es": "16 años", "et": "16 aastat", "fi": "16 vuotta", "fr": "16 ans", "hr": "16 godina", "hu": "16 év",
    "it": "16 anni", "lt": "16 metų", "lv": "16 gadu", "nl": "16 jaar", "pl": "16 lat", "pt": "16 anos",
    "ro": "16 ani", "sk": "16 rokov", "sl": "16 let", "sv": "16 år",
}  # fmt: skip
# Irish and Maltese: CLDR's long unit forms for them are thin (abbreviations); said in the report.


def test_the_tables_cover_the_24_official_languages() -> None:
    assert set(LONG_DATES) == set(EU_OFFICIAL_LANGUAGES)
    assert set(SIXTEEN_YEARS) == set(EU_OFFICIAL_LANGUAGES) - {"ga", "mt"}


@pytest.mark.parametrize("lang", EU_OFFICIAL_LANGUAGES)
def test_dates_in_every_official_language(lang: str) -> None:
    assert format_date(_dt.date(1971, 4, 17), lang) == LONG_DATES[lang]


def test_partial_and_unknown_dates() -> None:
    from ecrislib.model import PartialDate

    assert format_partial_date(PartialDate(1971, 4), "en") == "April 1971"
    assert format_partial_date(PartialDate(1971, 4), "ro") == "aprilie 1971"
    assert format_partial_date(PartialDate(1971), "el") == "1971"
    assert format_partial_date(PartialDate(1800), "ro") == "necunoscută (1800)"


@pytest.mark.parametrize("lang", sorted(SIXTEEN_YEARS))
def test_durations_in_words(lang: str) -> None:
    assert format_duration_parts(16, 0, 0, lang) == SIXTEEN_YEARS[lang]


def test_durations_with_several_parts_and_plural_forms() -> None:
    assert format_duration_parts(1, 6, 0, "en") == "1 year and 6 months"
    assert format_duration_parts(7, 0, 0, "ro") == "7 ani"
    assert format_duration_parts(1, 0, 20, "ro") == "1 an și 20 de zile"
    assert format_duration_parts(2, 3, 1, "pl") == "2 lata, 3 miesiące i 1 dzień"


def test_a_sentence_is_shown_in_words_with_its_raw_value() -> None:
    sanction = factories.sanction(1, title="Închisoare", years=16)
    reply = factories.request_response(convictions=[factories.conviction(sanctions=[sanction])])
    assert "16 years (P16Y)" in squash(render(reply, lang="en"))
    assert "16 ani (P16Y)" in squash(render(reply, lang="ro"))
    page = lxml.html.document_fromstring(render(reply, lang="ro", format="html"))
    assert [e.get("lang") for e in page.xpath("//span[contains(@class, 'v-duration')]")] == ["ro"]
    assert Duration("P16Y").years == 16


@pytest.mark.parametrize("lang", EU_OFFICIAL_LANGUAGES)
def test_countries_and_languages_are_named_in_every_official_language(lang: str) -> None:
    country = translate(bundled(), "CO-00-642-ROU", lang)
    assert country.lang == lang and not country.is_fallback
    name = language_name("ro", lang)
    assert name is not None and (lang == "en" or name != "Romanian")


def test_language_names_by_hand() -> None:
    expected = {"en": "Romanian", "ro": "română", "el": "Ρουμανικά", "fr": "roumain", "de": "Rumänisch"}
    assert {lang: language_name("ro", lang) for lang in expected} == expected


@pytest.mark.parametrize(
    ("tag", "language"),
    [("el-GR", "el"), ("el_GR", "el"), ("EN", "en"), ("pt-PT", "pt"), ("ro", "ro"), ("ron", "ro"), ("sr-Latn-RS", "sr")],
)
def test_language_tags_are_normalised(tag: str, language: str) -> None:
    assert reader_language(tag) == language


@pytest.mark.parametrize("tag", ["xx", "zz-ZZ", "", " ", "und", "12", "en-", "english", "el--GR"])
def test_unknown_language_tags_are_refused(tag: str, two_convictions: Any) -> None:
    with pytest.raises(UnknownLanguageError) as caught:
        reader_language(tag)
    assert isinstance(caught.value, EcrisError) and isinstance(caught.value, ValueError)
    assert caught.value.tag == tag
    with pytest.raises(UnknownLanguageError):
        render(two_convictions, lang=tag)


def test_a_regional_tag_gets_the_languages_page(two_convictions: Any) -> None:
    assert render(two_convictions, lang="el-GR", format="html") == render(two_convictions, lang="el", format="html")
    assert "Ημερομηνία γέννησης: 17 Απριλίου 1971" in squash(render(two_convictions, lang="el-GR"))


# -- gettext catalogues ----------------------------------------------------------------------


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{(\w*)\}", text))


def test_the_required_catalogues_exist_with_a_review_status() -> None:
    assert {"en", "ro", "el", "fr", "de"} <= set(catalogue_languages())
    for lang in catalogue_languages():
        assert catalogue_status(lang) in ("draft", "reviewed"), lang
    assert catalogue_status("en") == "reviewed"
    assert catalogue_status("fi") is None


def test_the_template_holds_exactly_the_texts_the_code_marks() -> None:
    package = Path(ecrislib.__file__).parent / "rendering"
    marked = {message for _file, _line, message, *_ in extract_from_dir(str(package)) if isinstance(message, str)}
    with (LOCALES / "ecrislib.pot").open("rb") as handle:
        template = {m.id for m in read_po(handle) if m.id}
    assert marked == template
    assert set(HEADINGS.values()) <= template


@pytest.mark.parametrize("lang", ["en", "ro", "el", "fr", "de"])
def test_our_po_reader_gives_what_babel_reads(lang: str) -> None:
    # The UI texts are read by ecrislib.rendering.po (Babel's Catalog made a first render slow):
    # the usable translations and the review status must be those Babel reads.
    from ecrislib.rendering.po import read_po as our_read_po

    path = LOCALES / lang / "LC_MESSAGES" / "ecrislib.po"
    with path.open("rb") as handle:
        babel = read_po(handle, locale=lang)
    usable = {
        m.id: m.string for m in babel
        if m.id and isinstance(m.id, str) and m.context is None and isinstance(m.string, str) and m.string and not m.fuzzy
    }
    ours = our_read_po(path.read_text(encoding="utf-8"))
    assert dict(ours.messages) == usable
    assert catalogue_status(lang) == re.search(r"^#\s*Review status: (draft|reviewed)\b", babel.header_comment, re.M).group(1)  # type: ignore[union-attr]


def test_po_reader_skips_fuzzy_context_plural_and_obsolete_entries() -> None:
    from ecrislib.rendering.po import read_po as our_read_po

    text = (
        '# Review status: draft\nmsgid ""\nmsgstr ""\n"Language: ro\\n"\n\n'
        '#, fuzzy\nmsgid "Guessed"\nmsgstr "Ghicit"\n\n'
        'msgctxt "menu"\nmsgid "File"\nmsgstr "Fișier"\n\n'
        'msgid "day"\nmsgid_plural "days"\nmsgstr[0] "zi"\nmsgstr[1] "zile"\n\n'
        '#~ msgid "Old"\n#~ msgstr "Vechi"\n\n'
        'msgid "Empty"\nmsgstr ""\n\n'
        '#, python-brace-format\nmsgid ""\n"Say \\"{name}\\"\\t"\n"twice"\nmsgstr ""\n"Spune \\"{name}\\"\\t"\n"de două ori"\n'
    )
    with_babel = {m.id: m.string for m in read_po(io.BytesIO(text.encode()), locale="ro") if m.id and not m.fuzzy and m.context is None and isinstance(m.string, str) and m.string}
    ours = our_read_po(text)
    assert dict(ours.messages) == with_babel == {'Say "{name}"\ttwice': 'Spune "{name}"\tde două ori'}
    assert ours.header_comment == "# Review status: draft"


@pytest.mark.parametrize("lang", ["en", "ro", "el", "fr", "de"])
def test_each_catalogue_matches_the_template_and_keeps_placeholders(lang: str) -> None:
    with (LOCALES / "ecrislib.pot").open("rb") as handle:
        template = {m.id for m in read_po(handle) if m.id}
    with (LOCALES / lang / "LC_MESSAGES" / "ecrislib.po").open("rb") as handle:
        catalogue = read_po(handle)
    messages = {m.id: m.string for m in catalogue if m.id}
    assert set(messages) == template
    for msgid, msgstr in messages.items():
        if msgstr:
            assert _placeholders(msgstr) == _placeholders(str(msgid)), (lang, msgid)
    if lang == "en":
        assert all(messages[m] == m for m in template)  # complete
    else:
        translated = sum(bool(s) for s in messages.values())
        assert translated >= len(template) - 1, lang  # only the provenance note (English data) is left


def _model_classes() -> set[type]:
    seen: set[type] = set()

    def walk(cls: type) -> None:
        if cls in seen:
            return
        seen.add(cls)
        hints = typing.get_type_hints(cls)
        for field in attrs.fields(cls):
            stack = [hints[field.name]]
            while stack:
                hint = stack.pop()
                stack.extend(typing.get_args(hint))
                if isinstance(hint, type) and attrs.has(hint):
                    walk(hint)

    for message_class in MESSAGE_CLASSES:
        walk(message_class)
    return seen


def test_every_model_field_and_shown_class_has_an_english_heading() -> None:
    from ecrislib.rendering.record import _Builder

    builder = _Builder(bundled(), "en", {})
    missing = set()
    for cls in _model_classes():
        missing.update(f.name for f in attrs.fields(cls) if f.name not in HEADINGS)
        shown_as_section = cls in MESSAGE_CLASSES or any(
            name in cls.__name__ for name in ("Conviction", "Decision", "Offence", "Sanction", "Person", "Place")
        )
        if shown_as_section and cls.__name__ not in HEADINGS and builder.is_object(_sample(cls)):
            missing.add(cls.__name__)
    assert missing == set()


def _sample(cls: type) -> Any:
    """An object that only needs its type for ``is_object``."""
    return object.__new__(cls)


# -- lang attributes -------------------------------------------------------------------------


def _lang_of(element: Any) -> str | None:
    while element is not None:
        if element.get("lang"):
            return str(element.get("lang"))
        element = element.getparent()
    return None


def test_a_greek_page_is_greek_where_it_says_so(two_convictions: Any) -> None:
    page = lxml.html.document_fromstring(render(two_convictions, lang="el", format="html"))
    assert page.get("lang") == "el"
    # every heading and label the page says in Greek holds Greek letters and no Latin word
    for element in page.xpath("//h2 | //h3 | //dt"):
        if _lang_of(element) == "el":
            words = re.sub(r"[A-Z]{1,4}-[A-Z0-9-]+|ECRIS|NJR|MD5|MIME|push", "", element.text_content())
            assert not re.search(r"[A-Za-z]", words), element.text_content()
    # an English fallback label on the Greek page says it is English
    fallback = page.xpath("//span[contains(@class, 'v-code')][starts-with(., 'Aggravated cases')]")
    assert fallback and all(_lang_of(e) == "en" for e in fallback)
    # a Romanian court name is Romanian; a date is Greek
    romanian = page.xpath("//span[contains(@class, 'v-text')][. = 'Omor calificat']")
    assert romanian and _lang_of(romanian[0]) == "ro"
    assert {_lang_of(t) for t in page.xpath("//time")} == {"el"}


def test_a_language_without_catalogue_gets_an_english_page_with_its_own_dates(two_convictions: Any) -> None:
    page = lxml.html.document_fromstring(render(two_convictions, lang="fi", format="html"))
    assert page.get("lang") == "en"  # the headings are English, so the page says so
    assert {_lang_of(t) for t in page.xpath("//time")} == {"fi"}
    assert page.xpath("//dt[. = 'Date of birth']") and not page.xpath("//dt[@lang]")
    record = readable_record(two_convictions, "fi")
    assert (record.lang, record.reader) == ("en", "fi")


# -- warnings and bytes ----------------------------------------------------------------------

INVALID = VALID.parent / "invalid" / "rule-011-final-before-decision.xml"


def test_an_invalid_message_renders_under_a_visible_warning() -> None:
    data = INVALID.read_bytes()
    text = render(data, lang="en")
    assert "!!! WARNING !!!" in text
    assert "ECRIS-R-011 /NotificationMessage/MessageData/MessageDataConviction/ConvictionDecisionFinalDate" in squash(
        text.replace("\n!!! ", "")
    )
    page = lxml.html.document_fromstring(render(data, lang="ro", format="html"))
    box = page.xpath("//section[@class='warning'][@role='alert']")
    assert box and box[0].xpath("h2")[0].text_content() == "Avertisment"
    assert page.xpath("//body/*")[1] is box[0]  # first thing after the title
    assert "nu este ECRIS valid" in box[0].text_content()
    assert "!!!" not in render(data, lang="en", check=False)


def test_a_valid_message_has_no_warning(two_convictions: Any) -> None:
    assert "WARNING" not in render(two_convictions, lang="en")
    assert not lxml.html.document_fromstring(render(two_convictions, format="html")).xpath("//section[@class='warning']")


def test_render_takes_the_xml_itself(two_convictions: Any) -> None:
    data = (VALID / "request-response-two-convictions.xml").read_bytes()
    assert render(data, lang="ro") == render(two_convictions, lang="ro")
    assert render(data.decode("utf-8"), lang="ro", format="html") == render(two_convictions, lang="ro", format="html")
    with pytest.raises(EcrisError):
        render(b"<not-ecris/>")


def test_personal_data_stays_out_of_the_warning() -> None:
    message = load("notification.xml")
    text = render(INVALID.read_bytes(), lang="en")
    warning = "\n".join(line for line in text.splitlines() if line.startswith("!!!"))
    assert message.person.name.surname.value not in warning


def test_text_in_no_stated_language_is_not_claimed_for_the_page(two_convictions: Any) -> None:
    # legal provisions are plain text in the message: the page must not say they are Greek
    page = lxml.html.document_fromstring(render(two_convictions, lang="el", format="html"))
    provisions = page.xpath("//dt[. = 'Νομικές διατάξεις']/following-sibling::dd[1]//span[contains(@class, 'v-plain')]")
    assert provisions and all(e.get("lang") == "" for e in provisions)
    # numbers and identifiers are in no language and inherit the page's without harm
    ids = page.xpath("//span[contains(@class, 'v-id')]")
    assert ids and all(e.get("lang") is None for e in ids)


@pytest.mark.parametrize("lang", sorted(EU_OFFICIAL_LANGUAGES))
def test_duration_words_are_babels_for_small_and_large_amounts(lang: str) -> None:
    # Small amounts' words are kept once made; large ones are made each time: both must be
    # exactly what Babel's format_unit and format_list give (CLDR plural forms differ at 1, 2,
    # 5, 11, 21, 100, 101... depending on the language).
    from babel.lists import format_list
    from babel.units import format_unit

    from ecrislib.rendering.l10n import cldr_locale, format_duration_parts

    locale = cldr_locale(lang)
    for years, months, days in [(0, 0, 0), (1, 0, 0), (2, 3, 0), (5, 11, 21), (16, 0, 1), (99, 0, 100), (101, 102, 1000), (0, 0, 365)]:
        expected = [str(format_unit(amount, unit, length="long", locale=locale)) for amount, unit in ((years, "duration-year"), (months, "duration-month"), (days, "duration-day")) if amount]
        expected = expected or [str(format_unit(0, "duration-day", length="long", locale=locale))]
        for _ in range(2):  # made, then kept
            assert format_duration_parts(years, months, days, lang) == format_list(expected, style="standard", locale=locale)
