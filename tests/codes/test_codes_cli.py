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
    captured = capsys.readouterr()
    assert "not a usable" in captured.err  # an error, so on stderr: stdout stays for results
    assert "not a usable" not in captured.out


@pytest.mark.parametrize("command", [["search", "romania", "--table", "Countries"], ["show", "O-00-080100"]])
def test_an_unknown_label_language_is_a_usage_error(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["codes", *command, "--lang", "xx"])
    assert stopped.value.code == 8  # a usage error
    err = capsys.readouterr().err
    assert "--lang" in err and "xx" in err and "ro" in err  # names the option and what is available
    assert main(["codes", *command, "--lang", "RO"]) == 0  # case as in language tags


@pytest.mark.parametrize("code", ["0801 00", "080100", "0801  00", "o-00-080100"])
def test_show_finds_a_legal_code_without_a_table(code: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["codes", "show", code]) == 0
    out = capsys.readouterr().out
    assert out.startswith("O-00-080100  Intentional killing") and "table:        OffenceCategories" in out


def test_show_reports_an_ambiguous_code(capsys: pytest.CaptureFixture[str]) -> None:
    # "0" (Ø) is a legal code in three parameter tables
    assert main(["codes", "show", "0"]) == 1  # no single entry: failure, not a usage error
    captured = capsys.readouterr()
    assert captured.out == "" and "ambiguous" in captured.err
    for table, identifier in (("OffenceLevelsOfCompletion", "LC-00-0"), ("OffenceLevelsOfParticipation", "LP-00-0")):
        assert f"{table}: {identifier}" in captured.err
    assert main(["codes", "show", "0", "--table", "offencelevelsofcompletion"]) == 0
    assert capsys.readouterr().out.startswith("LC-00-0")


def test_table_names_ignore_case(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["codes", "show", "1604 00", "--table", "OFFENCECATEGORIES"]) == 0
    assert capsys.readouterr().out.startswith("O-00-160400")
    assert main(["codes", "search", "romania", "--lang", "ro", "--table", "countries"]) == 0
    assert "CO-00-642-ROU" in capsys.readouterr().out
    assert main(["codes", "search", "x", "--table", "Nope"]) == 8  # a usage error
    assert "unknown code table 'Nope'" in capsys.readouterr().err


def _ids(out: str) -> list[str]:
    return [line.split()[0] for line in out.splitlines() if not line.startswith("...")]


def test_search_ranks_codes_labels_words_and_synonyms(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["codes", "search", "murder"]) == 0  # a synonym: the tables say "intentional killing"
    out = capsys.readouterr().out
    assert _ids(out)[:2] == ["O-00-080100", "O-00-080200"] and "synonym: murder -> intentional killing" in out
    assert main(["codes", "search", "kill"]) == 0  # the start of a word
    assert _ids(capsys.readouterr().out)[:2] == ["O-00-080100", "O-00-080300"]
    assert main(["codes", "search", "killing intentional"]) == 0  # every word, any order
    assert "O-00-080300" not in _ids(capsys.readouterr().out)
    assert main(["codes", "search", "intentional"]) == 0  # words before a match inside "unintentional"
    ids = _ids(capsys.readouterr().out)
    assert ids.index("O-00-080100") < ids.index("O-00-080300")
    assert main(["codes", "search", "0801 00"]) == 0  # the legal code first
    assert _ids(capsys.readouterr().out)[0] == "O-00-080100"
    assert main(["codes", "search", "ROMÂNIA", "--lang", "ro"]) == 0  # accents and case ignored
    assert _ids(capsys.readouterr().out)[0] == "CO-00-642-ROU"


def test_search_limit_says_how_many_more(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["codes", "search", "trafficking"]) == 0
    everything = _ids(capsys.readouterr().out)
    assert len(everything) > 3
    assert main(["codes", "search", "trafficking", "--limit", "3"]) == 0
    out = capsys.readouterr().out
    assert _ids(out) == everything[:3]
    assert out.splitlines()[-1] == f"... {len(everything) - 3} more (of {len(everything)}; use --limit {len(everything)} to see all)"
    with pytest.raises(SystemExit):
        main(["codes", "search", "trafficking", "--limit", "0"])


def test_export_includes_the_iso_tables_and_says_what_it_left_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "crt.xml"
    assert main(["codes", "export", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    document = load_crt(out)
    romania = document["Countries"].get("CO-00-642-ROU")
    assert romania is not None and romania.attributes.used_for_nationality is True
    assert len(document["Countries"]) >= 249
    euro = document["Currencies"].get("CX-00-978-EUR")
    assert euro is not None and "CO-00-250-FRA" in euro.attributes.used_in_countries
    leu = document["Currencies"].get("CX-00-946-RON")
    assert leu is not None and leu.attributes.used_in_countries == ("CO-00-642-ROU",)
    # gold has no country: left out, and said so
    assert document["Currencies"].get("CX-00-959-XAU") is None
    assert "left out, lacking a value the CRT requires" in err and "Currencies" in err


def test_export_incomplete_error_is_a_message_not_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["codes", "export", "--incomplete", "error"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "is required in a Common Reference Table" in captured.err and "Traceback" not in captured.err
