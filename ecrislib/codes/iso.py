"""Countries, currencies and languages from ISO data, through pycountry.

Technical identifiers follow the CRT patterns: ``CO-00-<ISO 3166 numeric>-<alpha-3>`` and
``CX-00-<ISO 4217 numeric>-<alpha-3>``; a language's identifier is its ISO 639-1 code.
Names in other languages come from pycountry's gettext catalogues (domains ``iso3166-1``,
``iso4217``, ``iso639-3``), read one language at a time when a label in that language is first
asked for. pycountry's files are read only when a table is built, and pycountry itself is
never imported: its import reads its own version through importlib.metadata (tens of ms).

The entries are read from pycountry's own JSON files rather than through its database objects:
those index every field of every entry (some 8,000 languages for the 180 with a two-letter
code), which made up half the cost of building the bundled tables in a fresh process.
"""

from __future__ import annotations

import gettext
import glob
import importlib.util
import json
import os
import re
import threading
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, Final

from .entry import Attributes, Entry
from .labels import LabelMapping
from .provenance import Evidence, Provenance

__all__ = [
    "COUNTRY_DOMAIN",
    "CURRENCY_DOMAIN",
    "LANGUAGE_DOMAIN",
    "IsoLabels",
    "available_languages",
    "countries",
    "currencies",
    "languages",
]

COUNTRY_DOMAIN: Final = "iso3166-1"
CURRENCY_DOMAIN: Final = "iso4217"
LANGUAGE_DOMAIN: Final = "iso639-3"

# ECRIS speaks ISO 639-1 (two letters); pycountry's other locales (ast, pt_BR...) are left out.
_TWO_LETTERS: Final = re.compile(r"[a-z]{2}")


class _Untranslated(Exception):
    """Raised by the fallback catalogue: the message has no translation."""


class _RaiseOnMiss(gettext.NullTranslations):
    """Fallback that tells a missing translation apart from one equal to the English text."""

    def gettext(self, message: str) -> str:
        raise _Untranslated(message)


_lock = threading.Lock()
_catalogues: dict[tuple[str, str], gettext.GNUTranslations | None] = {}


@lru_cache(maxsize=None)
def _pycountry_dir() -> str:
    """pycountry's package folder, found without importing pycountry: its import reads its own
    version through importlib.metadata, which cost a fresh process's first call ~40 ms. Only its
    data files are used here: ``databases/*.json`` and the ``locales`` catalogues."""
    spec = importlib.util.find_spec("pycountry")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("pycountry is not installed (a core dependency of ecrislib)")
    return str(list(spec.submodule_search_locations)[0])


def _locales_dir() -> str:
    return os.path.join(_pycountry_dir(), "locales")


def _iso_entries(standard: str) -> list[dict[str, Any]]:
    """The entries of one of pycountry's databases (``"3166-1"``, ``"4217"``, ``"639-3"``), as
    pycountry reads them: the list under that key of its ``iso<standard>.json``, in file order."""
    with open(os.path.join(_pycountry_dir(), "databases", f"iso{standard}.json"), encoding="utf-8") as handle:
        entries: list[dict[str, Any]] = json.load(handle)[standard]
    return entries


@lru_cache(maxsize=None)
def available_languages(domain: str) -> tuple[str, ...]:
    """Two-letter languages that pycountry has a catalogue of ``domain`` for (lists files only)."""
    base = _locales_dir()
    found = [
        lang
        for lang in os.listdir(base)
        if _TWO_LETTERS.fullmatch(lang)
        and os.path.isfile(os.path.join(base, lang, "LC_MESSAGES", f"{domain}.mo"))
    ]
    return tuple(sorted(found))


def _catalogue(domain: str, lang: str) -> gettext.GNUTranslations | None:
    """The catalogue of one language, read on first use and cached (thread-safe)."""
    key = (domain, lang)
    with _lock:
        if key in _catalogues:
            return _catalogues[key]
    catalogue: gettext.GNUTranslations | None = None
    if lang in available_languages(domain):
        path = os.path.join(_locales_dir(), lang, "LC_MESSAGES", f"{domain}.mo")
        with open(path, "rb") as handle:
            catalogue = gettext.GNUTranslations(handle)
        catalogue.add_fallback(_RaiseOnMiss())
    with _lock:
        return _catalogues.setdefault(key, catalogue)


def loaded_catalogues() -> tuple[tuple[str, str], ...]:
    """(domain, language) pairs read so far; lets tests check that loading stays lazy."""
    with _lock:
        return tuple(k for k, v in _catalogues.items() if v is not None)


class IsoLabels(LabelMapping):
    """Labels of an ISO entry: English from pycountry, other languages translated lazily.

    Looking up one language reads that language's catalogue only. Iterating (``len``,
    ``dict(labels)``, comparing) reads every catalogue of the domain once.
    """

    __slots__ = ("_domain", "_english")

    def __init__(self, domain: str, english: str) -> None:
        self._domain = domain
        self._english = english

    def _translate(self, lang: str) -> str | None:
        if lang == "en":
            return self._english
        if not isinstance(lang, str) or not _TWO_LETTERS.fullmatch(lang):
            return None
        catalogue = _catalogue(self._domain, lang)
        if catalogue is None:
            return None
        try:
            text = catalogue.gettext(self._english)
        except _Untranslated:
            return None
        return text or None

    def __getitem__(self, lang: str) -> str:
        text = self._translate(lang)
        if text is None:
            raise KeyError(lang)
        return text

    def __contains__(self, lang: object) -> bool:
        return isinstance(lang, str) and self._translate(lang) is not None

    def __iter__(self) -> Iterator[str]:
        yield "en"
        for lang in available_languages(self._domain):
            if lang != "en" and self._translate(lang) is not None:
                yield lang

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __repr__(self) -> str:
        return f"IsoLabels({self._domain!r}, {self._english!r})"


@lru_cache(maxsize=None)
def _pycountry_version() -> str:
    """The installed pycountry's version, from the ``Version:`` line of the metadata beside it
    (what importlib.metadata reads, without its import: see :func:`_pycountry_dir`)."""
    for info in sorted(glob.glob(os.path.join(glob.escape(os.path.dirname(_pycountry_dir())), "pycountry-*.dist-info"))):
        try:
            with open(os.path.join(info, "METADATA"), encoding="utf-8") as handle:
                for line in handle:
                    if line.startswith("Version:"):
                        return line[len("Version:"):].strip()
                    if not line.strip():
                        break  # the headers end at the first blank line
        except OSError:
            continue
    from importlib.metadata import PackageNotFoundError, version  # another layout: ask it

    try:
        return version("pycountry")
    except PackageNotFoundError:  # pragma: no cover - vendored or unusual installs
        return "unknown version"


def countries() -> list[Entry]:
    """One entry per current ISO 3166-1 country, sorted by technical identifier."""
    provenance = Provenance(
        source=f"ISO 3166-1 via pycountry {_pycountry_version()}",
        evidence=Evidence.ISO,
        note=(
            "technical identifier built from the CRT pattern CO-00-<numeric>-<alpha-3>; "
            "'used for nationality' is not in ISO data: set true for every ISO 3166-1 country "
            "(an official CRT overrides it)"
        ),
    )
    entries = [
        Entry(
            table="Countries",
            technical_id=f"CO-00-{country['numeric']}-{country['alpha_3']}",
            code=country["alpha_3"],
            labels=IsoLabels(COUNTRY_DOMAIN, country["name"]),
            attributes=Attributes(alpha_2=country["alpha_2"], numeric=country["numeric"], used_for_nationality=True),
            provenance=provenance,
        )
        for country in _iso_entries("3166-1")
    ]
    return sorted(entries, key=lambda e: e.technical_id)


def currencies() -> list[Entry]:
    """One entry per ISO 4217 currency, sorted by technical identifier."""
    provenance = Provenance(
        source=f"ISO 4217 via pycountry {_pycountry_version()}",
        evidence=Evidence.ISO,
        note=(
            "technical identifier built from the CRT pattern CX-00-<numeric>-<alpha-3>; "
            "the countries using the currency are those CLDR (through Babel) lists as having it "
            "as legal tender at any time"
        ),
    )
    used_in = _currency_countries()
    entries = [
        Entry(
            table="Currencies",
            technical_id=f"CX-00-{currency['numeric']}-{currency['alpha_3']}",
            code=currency["alpha_3"],
            labels=IsoLabels(CURRENCY_DOMAIN, currency["name"]),
            attributes=Attributes(numeric=currency["numeric"], used_in_countries=used_in.get(currency["alpha_3"], ())),
            provenance=provenance,
        )
        for currency in _iso_entries("4217")
        if currency.get("numeric")
    ]
    return sorted(entries, key=lambda e: e.technical_id)


def _currency_countries() -> dict[str, tuple[str, ...]]:
    """Currency alpha-3 -> technical identifiers of the countries that have had it as legal tender."""
    import datetime as _dt

    from babel.numbers import get_territory_currencies

    used: dict[str, list[str]] = {}
    for country in sorted(_iso_entries("3166-1"), key=lambda c: str(c["numeric"])):
        for code in get_territory_currencies(
            country["alpha_2"], start_date=_dt.date(1800, 1, 1), end_date=_dt.date(2999, 12, 31)
        ):
            used.setdefault(code, []).append(f"CO-00-{country['numeric']}-{country['alpha_3']}")
    return {code: tuple(countries) for code, countries in used.items()}


def languages() -> list[Entry]:
    """One entry per ISO 639 language that has a two-letter (639-1) code, sorted by code."""
    provenance = Provenance(
        source=f"ISO 639 via pycountry {_pycountry_version()}",
        evidence=Evidence.ISO,
        note="the CRT identifies a language by its ISO 639-1 code",
    )
    entries = [
        Entry(
            table="Languages",
            technical_id=language["alpha_2"],
            code=language["alpha_2"],
            labels=IsoLabels(LANGUAGE_DOMAIN, language["name"]),
            provenance=provenance,
        )
        for language in _iso_entries("639-3")
        if language.get("alpha_2")
    ]
    return sorted(entries, key=lambda e: e.technical_id)
