"""The reader's language: tags checked against CLDR (through Babel), UI texts from gettext catalogues.

Everything locale-dependent in a readable record comes from public, maintained data, never from
the process locale and never from hand-written tables: month names, durations ("16 years",
"16 ani") and language names from CLDR; headings and other UI texts from the gettext catalogues
in ``locales/`` (``<lang>/LC_MESSAGES/ecrislib.po``, extracted with Babel from the ``N_`` and
``gettext`` calls of this package into ``locales/ecrislib.pot``).

The catalogues are read on first use, as ``.po`` text (by :mod:`ecrislib.rendering.po`, a
one-pass reader: Babel's whole ``Catalog`` cost most of a first render), so no compiled ``.mo``
file has to be built or kept in step with its source. Each catalogue says
in its header comment whether it is ``draft`` (written by a developer, not yet checked by a
native-speaking records officer) or ``reviewed``.

>>> reader_language("el-GR")
'el'
>>> format_duration_parts(16, 0, 0, "ro")
'16 ani'
>>> ui_texts("de").gettext("Date of birth")
Localised(text='Geburtsdatum', lang='de')
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import TYPE_CHECKING, Final

import attrs

from ecrislib.errors import UnknownLanguageError

if TYPE_CHECKING:
    from babel import Locale

    from .po import PoCatalogue

__all__ = [
    "Localised",
    "UiTexts",
    "N_",
    "reader_language",
    "cldr_locale",
    "language_name",
    "format_duration_parts",
    "catalogue_languages",
    "catalogue_status",
    "ui_texts",
    "DOMAIN",
]

DOMAIN: Final = "ecrislib"

#: The CLDR locale used for a language where the language alone would pick a non-EU variant
#: (CLDR's ``en`` is US English: "April 17, 1971"; its ``pt`` is Brazilian Portuguese).
_EU_VARIANT: Final[dict[str, str]] = {"en": "en_GB", "pt": "pt_PT"}

_TAG: Final = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")
_REVIEW: Final = re.compile(r"^#\s*Review status: (draft|reviewed)\b", re.MULTILINE)


def N_(message: str) -> str:
    """Marks a UI text for extraction into the catalogues; translated where it is shown."""
    return message


@attrs.frozen
class Localised:
    """A text and the language it is really in (``lang`` goes into HTML ``lang=`` attributes)."""

    text: str
    lang: str


def reader_language(tag: str) -> str:
    """The ISO 639 language of a BCP 47 / POSIX tag (``el-GR``, ``pt_PT``, ``EN`` -> ``el``, ``pt``, ``en``).

    Raises :class:`~ecrislib.errors.UnknownLanguageError` for a tag that is not one, or whose
    language CLDR does not know (``xx``): a typo must not silently give an English page.
    """
    if not isinstance(tag, str):
        raise UnknownLanguageError(str(tag), "not a language tag (expected e.g. 'en', 'ro', 'el-GR')")
    return _reader_language(tag)


@functools.lru_cache(maxsize=256)
def _reader_language(tag: str) -> str:
    """:func:`reader_language` of a ``str``, kept: a record asks it for every text it shows, and
    CLDR's parse costs about 10 us (errors are raised again each time, never kept)."""
    from babel import Locale, UnknownLocaleError

    if not _TAG.fullmatch(tag.strip()):
        raise UnknownLanguageError(str(tag), "not a language tag (expected e.g. 'en', 'ro', 'el-GR')")
    primary = re.split(r"[-_]", tag.strip())[0].lower()
    if primary in ("und", "mul", "zxx", "mis"):
        raise UnknownLanguageError(tag, "names no language")
    try:
        language = Locale.parse(primary).language
    except (UnknownLocaleError, ValueError):
        raise UnknownLanguageError(tag, "not a language known to CLDR") from None
    return str(language)


@functools.lru_cache(maxsize=64)
def cldr_locale(lang: str) -> Locale:
    """The CLDR locale whose data (months, units, language names) a reader of ``lang`` gets."""
    from babel import Locale

    language = reader_language(lang)
    return Locale.parse(_EU_VARIANT.get(language, language))


def language_name(code: str, lang: str) -> str | None:
    """The name of language ``code`` in language ``lang`` (``ro`` in ``el``: ``Ρουμανικά``), if CLDR has it."""
    return _language_name(code, lang)


@functools.lru_cache(maxsize=1024)
def _language_name(code: str, lang: str) -> str | None:
    """:func:`language_name`, kept: every free text and name of a record states its language
    (a language code, never personal data), and CLDR's look-up goes through several layers."""
    try:
        key = reader_language(code)
    except UnknownLanguageError:
        return None
    name = cldr_locale(lang).languages.get(key)
    return None if name is None else str(name)


def format_duration_parts(years: int, months: int, days: int, lang: str) -> str:
    """``16 years``, ``1 an, 6 luni și 2 zile``: the parts of a duration in words, CLDR plural rules."""
    from babel.lists import format_list

    parts = [_unit_words(amount, unit, lang) for amount, unit in ((years, "duration-year"), (months, "duration-month"), (days, "duration-day")) if amount]
    if not parts:
        parts = [_unit_words(0, "duration-day", lang)]
    return str(format_list(parts, style="standard", locale=cldr_locale(lang)))


def _unit_words(amount: int, unit: str, lang: str) -> str:
    """``16 years`` in ``lang`` (CLDR's unit pattern for the amount's plural form)."""
    if 0 <= amount < _KEPT_AMOUNTS:
        return _kept_unit_words(amount, unit, lang)
    from babel.units import format_unit

    return str(format_unit(amount, unit, length="long", locale=cldr_locale(lang)))


#: Amounts whose words are kept once made: a record's durations are a few small numbers of
#: years, months and days, and Babel's plural rule and unit look-up cost ~12 us a part.
_KEPT_AMOUNTS: Final = 100


@functools.lru_cache(maxsize=4096)
def _kept_unit_words(amount: int, unit: str, lang: str) -> str:
    """:func:`_unit_words` of a small amount, kept (a bare count of years, months or days is no
    personal data; at most 100 amounts x 3 units per language)."""
    from babel.units import format_unit

    return str(format_unit(amount, unit, length="long", locale=cldr_locale(lang)))


def _locales() -> resources.abc.Traversable:
    return resources.files("ecrislib.rendering").joinpath("locales")


def catalogue_languages() -> tuple[str, ...]:
    """The languages that have a UI catalogue, sorted."""
    found = []
    for child in _locales().iterdir():
        if child.is_dir() and child.joinpath("LC_MESSAGES", f"{DOMAIN}.po").is_file():
            found.append(child.name)
    return tuple(sorted(found))


@functools.lru_cache(maxsize=32)
def _catalogue(lang: str) -> PoCatalogue | None:
    from .po import read_po

    if lang not in catalogue_languages():
        return None
    return read_po(_locales().joinpath(lang, "LC_MESSAGES", f"{DOMAIN}.po").read_text(encoding="utf-8"))


def catalogue_status(lang: str) -> str | None:
    """``"draft"`` or ``"reviewed"`` as the catalogue of ``lang`` declares it; None without one."""
    catalogue = _catalogue(reader_language(lang))
    if catalogue is None:
        return None
    found = _REVIEW.search(catalogue.header_comment)
    return found.group(1) if found else None


@attrs.frozen
class UiTexts:
    """The UI texts for one reader: their catalogue's translation, else English (and says which)."""

    lang: str

    @property
    def page_lang(self) -> str:
        """The language of the page chrome: the reader's when a catalogue exists, else English."""
        return self.lang if _catalogue(self.lang) is not None else "en"

    def gettext(self, message: str) -> Localised:
        found = _translations(self.lang).get(message)
        return Localised(message, "en") if found is None else found


@functools.lru_cache(maxsize=32)
def _translations(lang: str) -> dict[str, Localised]:
    """Every UI text a reader of ``lang`` gets from a catalogue, looked up once: the reader's
    catalogue where it has a usable translation (a non-empty singular, not fuzzy), else the
    English one. Texts in neither are shown as written (in English)."""
    found: dict[str, Localised] = {}
    for source in dict.fromkeys(("en", lang)):  # English first, then the reader's over it
        catalogue = _catalogue(source)
        for msgid, text in catalogue.messages.items() if catalogue is not None else ():
            found[msgid] = Localised(text, source)
    return found


def ui_texts(lang: str) -> UiTexts:
    """The UI texts for a reader of ``lang`` (a tag; normalised by :func:`reader_language`)."""
    return UiTexts(reader_language(lang))
