"""Fixtures for the code-table tests: the bundled tables and a small CRT document."""

from __future__ import annotations

from lxml import etree

from ecrislib.codes.crt import add_missing_sections

from collections.abc import Callable

import pytest

from ecrislib.codes import CodeTables, bundled

CRT_NS = "http://ec.europa.eu/ECRIS/common-reference-tables-v1.0"
C_NS = "http://ec.europa.eu/ECRIS/commons-v1.0"


def texts(**labels: str) -> str:
    """One c:MultilingualTextLinguisticRepresentation per language."""
    return "".join(
        f'<c:MultilingualTextLinguisticRepresentation languageCode="{lang}">{text}'
        "</c:MultilingualTextLinguisticRepresentation>"
        for lang, text in labels.items()
    )


def name(**labels: str) -> str:
    """A crt:Name with one representation per language."""
    return f"<crt:Name>{texts(**labels)}</crt:Name>"


def crt_document(body: str) -> bytes:
    """A CRT document holding ``body`` (section elements), with every other section empty."""
    root = etree.fromstring(
        f'<crt:CommonReferenceTable xmlns:crt="{CRT_NS}" xmlns:c="{C_NS}">{body}</crt:CommonReferenceTable>'
    )
    return etree.tostring(add_missing_sections(root), xml_declaration=True, encoding="UTF-8")


# A small "official" table in three languages (en, de, ro), written by hand after the
# element tree of the CRT schema. The English offence label differs from the bundled one on
# purpose, so that the override is visible.
SAMPLE_CRT = crt_document(
    "<crt:Countries><crt:Country>"
    "<crt:ValidFrom>2007-01-01</crt:ValidFrom><crt:ValidTo>2999-12-31</crt:ValidTo>"
    + name(en="Romania", de="Rumänien", ro="România")
    + "<crt:CountryTechnicalIdentifier>CO-00-642-ROU</crt:CountryTechnicalIdentifier>"
    "<crt:CountryISO3166-2Code>ROU</crt:CountryISO3166-2Code>"
    "<crt:CountryISO3166-2Number>642</crt:CountryISO3166-2Number>"
    "<crt:CountryRemark>" + texts(en="Member state since 2007") + "</crt:CountryRemark>"
    "<crt:CountryUsedForNationality>true</crt:CountryUsedForNationality>"
    "</crt:Country></crt:Countries>"
    "<crt:Currencies><crt:Currency>"
    "<crt:ValidFrom>2005-07-01</crt:ValidFrom><crt:ValidTo>2999-12-31</crt:ValidTo>"
    + name(en="Romanian leu", de="Rumänischer Leu", ro="Leu românesc")
    + "<crt:CurrencyTechnicalIdentifier>CX-00-946-RON</crt:CurrencyTechnicalIdentifier>"
    "<crt:CurrencyISO4217Code>RON</crt:CurrencyISO4217Code>"
    "<crt:CurrencyISO4217Number>946</crt:CurrencyISO4217Number>"
    "<crt:CurrencyUsedInCountry>CO-00-642-ROU</crt:CurrencyUsedInCountry>"
    "</crt:Currency></crt:Currencies>"
    "<crt:OffenceCategories>"
    "<crt:OffenceCategory>"
    "<crt:ValidFrom>2012-04-27</crt:ValidFrom><crt:ValidTo>2999-12-31</crt:ValidTo>"
    + name(en="Crimes against the person", de="Straftaten gegen die Person", ro="Infracțiuni contra persoanei")
    + "<crt:CategoryIsOpen>true</crt:CategoryIsOpen>"
    "<crt:OffenceTechnicalIdentifier>O-00-080000</crt:OffenceTechnicalIdentifier>"
    "<crt:OffenceCategoryCode>0800 00</crt:OffenceCategoryCode>"
    "</crt:OffenceCategory>"
    "<crt:OffenceCategory>"
    "<crt:ValidFrom>2012-04-27</crt:ValidFrom><crt:ValidTo>2999-12-31</crt:ValidTo>"
    + name(en="Intentional killing (CRT)", de="Vorsätzliche Tötung", ro="Omor intenționat")
    + "<crt:CategoryIsOpen>false</crt:CategoryIsOpen>"
    "<crt:OffenceTechnicalIdentifier>O-00-080100</crt:OffenceTechnicalIdentifier>"
    "<crt:OffenceCategoryCode>0801 00</crt:OffenceCategoryCode>"
    "</crt:OffenceCategory>"
    "</crt:OffenceCategories>"
    "<crt:OffenceLevelsOfCompletion><crt:OffenceLevelOfCompletion>"
    "<crt:ValidFrom/><crt:ValidTo/>"
    + name(en="Completed act", de="Vollendete Tat", ro="Faptă consumată")
    + "<crt:Category>C</crt:Category>"
    "<crt:OffenceLevelOfCompletionTechnicalIdentifier>LC-00-C</crt:OffenceLevelOfCompletionTechnicalIdentifier>"
    "</crt:OffenceLevelOfCompletion></crt:OffenceLevelsOfCompletion>"
    "<crt:FunctionalErrors><crt:FunctionalError>"
    "<crt:ValidFrom>2012-04-27</crt:ValidFrom><crt:ValidTo>2019-12-31</crt:ValidTo>"
    + name(en="Message not processed", de="Nachricht nicht verarbeitet", ro="Mesaj neprocesat")
    + "<crt:FunctionalErrorCode>FE-00001</crt:FunctionalErrorCode>"
    "</crt:FunctionalError></crt:FunctionalErrors>"
)


@pytest.fixture(scope="session")
def tables() -> CodeTables:
    return bundled()


@pytest.fixture()
def sample_crt() -> bytes:
    """The bytes of the hand-written three-language CRT document."""
    return SAMPLE_CRT


@pytest.fixture()
def make_crt() -> Callable[[str], bytes]:
    """Build a CRT document from section elements (for error cases)."""
    return crt_document


@pytest.fixture()
def crt_name() -> Callable[..., str]:
    """Build a crt:Name element from language=text pairs."""
    return name
