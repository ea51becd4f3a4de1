"""Common Reference Table documents a peer may legally send (issue: read every legal input):
blanks around technical identifiers, ISO codes and ``languageCode`` collapse; a technical
identifier names one entry of the document, so a repeated one is refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from ecrislib.codes import load_crt
from ecrislib.errors import CodecError, ValueFormatError

ROMANIA = (
    "<crt:Country>"
    "<crt:ValidFrom> 2007-01-01 </crt:ValidFrom><crt:ValidTo>2999-12-31</crt:ValidTo>"
    '<crt:Name><c:MultilingualTextLinguisticRepresentation languageCode=" ro ">România'
    "</c:MultilingualTextLinguisticRepresentation></crt:Name>"
    "<crt:CountryTechnicalIdentifier>\n      CO-00-642-ROU\n    </crt:CountryTechnicalIdentifier>"
    "<crt:CountryISO3166-2Code> ROU </crt:CountryISO3166-2Code>"
    "<crt:CountryISO3166-2Number>\t642 </crt:CountryISO3166-2Number>"
    "<crt:CountryUsedForNationality> true </crt:CountryUsedForNationality>"
    "</crt:Country>"
)


def test_blanks_around_identifiers_codes_and_language_are_read(make_crt: Callable[[str], bytes]) -> None:
    tables = load_crt(make_crt(f"<crt:Countries>{ROMANIA}</crt:Countries>"))  # schema-checked by default
    romania = tables["Countries"]["CO-00-642-ROU"]
    assert romania.code == "ROU"
    assert romania.attributes.numeric == "642"
    assert dict(romania.labels) == {"ro": "România"}
    assert romania.valid_from == dt.date(2007, 1, 1)  # a padded date is valid too (XSD 1.0 collapse)


@pytest.mark.parametrize("checked", [True, False], ids=["schema", "reader-only"])
def test_a_repeated_technical_identifier_is_refused(make_crt: Callable[[str], bytes], checked: bool) -> None:
    document = make_crt(f"<crt:Countries>{ROMANIA}{ROMANIA}</crt:Countries>")
    if checked:
        with pytest.raises(CodecError) as caught:
            load_crt(document)
        assert caught.value.rule == "crt.schema"
    else:
        with pytest.raises(ValueFormatError) as caught:
            load_crt(document, validate=None)
        assert caught.value.path == "/CommonReferenceTable/Countries/Country[2]"
        assert "CO-00-642-ROU" not in str(caught.value)  # no value quoted unless asked
