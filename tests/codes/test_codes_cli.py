"""``ecrislib codes ...`` through ecrislib.cli.main."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecrislib.cli import main
from ecrislib.codes import load_crt

CRT = "http://ec.europa.eu/ECRIS/common-reference-tables-v1.0"
C = "http://ec.europa.eu/ECRIS/commons-v1.0"
DOCUMENT = (
    f'<crt:CommonReferenceTable xmlns:crt="{CRT}" xmlns:c="{C}"><crt:OffenceCategories><crt:OffenceCategory>'
    "<crt:ValidFrom>2012-04-27</crt:ValidFrom><crt:ValidTo>2999-12-31</crt:ValidTo><crt:Name>"
    f'<c:MultilingualTextLinguisticRepresentation languageCode="en">Intentional killing</c:MultilingualTextLinguisticRepresentation>'
    f'<c:MultilingualTextLinguisticRepresentation languageCode="de">Vorsätzliche Tötung</c:MultilingualTextLinguisticRepresentation>'
    f'<c:MultilingualTextLinguisticRepresentation languageCode="fr">Homicide volontaire</c:MultilingualTextLinguisticRepresentation>'
    "</crt:Name><crt:CategoryIsOpen>false</crt:CategoryIsOpen>"
    "<crt:OffenceTechnicalIdentifier>O-00-080100</crt:OffenceTechnicalIdentifier>"
    "<crt:OffenceCategoryCode>0801 00</crt:OffenceCategoryCode>"
    "</crt:OffenceCategory></crt:OffenceCategories></crt:CommonReferenceTable>"
)


def test_search(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["codes", "search", "intentional killing"]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("O-00-080100 0801 00  Intentional killing")
    assert main(["codes", "search", "romania", "--lang", "ro", "--table", "Countries"]) == 0
    assert "CO-00-642-ROU" in capsys.readouterr().out
    assert main(["codes", "search", "zzzzzz"]) == 1


def test_show(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["codes", "show", "O-00-080100", "--lang", "el"]) == 0
    out = capsys.readouterr().out
    assert "[en, fallback from el]" in out and "0801 00" in out and "O-00-080000" in out
    assert "recalled" in out and "verified: NO" in out and "1800-01-01 to 2999-12-31" in out
    assert main(["codes", "show", "0800 00", "--table", "OffenceCategories"]) == 0
    assert "O-00-080100 Intentional killing" in capsys.readouterr().out  # children
    assert main(["codes", "show", "O-00-999999"]) == 1


def test_export_then_import_checks_and_stores_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "crt.xml"
    assert main(["codes", "export", "-o", str(out)]) == 0
    assert load_crt(out)["OffenceCategories"].get("O-00-080100") is not None
    capsys.readouterr()
    assert main(["codes", "import", str(out)]) == 0
    assert "valid Common Reference Table document" in capsys.readouterr().out


def test_import_summarises_an_official_document_and_crt_option_uses_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "official.xml"
    path.write_text(DOCUMENT, "utf-8")
    assert main(["codes", "import", str(path)]) == 0
    out = capsys.readouterr().out
    assert "OffenceCategories: 1 entries (0 new, 1 override bundled ones, 1 with new or changed labels); languages: de, en, fr" in out
    assert "Nothing was stored" in out
    assert main(["codes", "show", "O-00-080100", "--lang", "de", "--crt", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Vorsätzliche Tötung" in out and "official-crt" in out and "replaces:" in out


def test_import_of_a_broken_document_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.xml"
    path.write_text("<not-a-crt/>", "utf-8")
    assert main(["codes", "import", str(path)]) == 1
    assert "not a usable" in capsys.readouterr().out
