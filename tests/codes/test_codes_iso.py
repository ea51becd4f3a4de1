"""ISO-derived tables: identifiers, lazily translated names."""

from __future__ import annotations

from ecrislib.codes import CodeTables, Evidence


def test_identifiers_follow_the_crt_patterns(tables: CodeTables) -> None:
    assert tables["Countries"]["DE"].technical_id == "CO-00-276-DEU"
    assert tables["Currencies"]["EUR"].technical_id == "CX-00-978-EUR"
    assert tables["Currencies"]["PLN"].technical_id == "CX-00-985-PLN"
    assert tables["Languages"]["ro"].technical_id == "ro"
    for name in ("Countries", "Currencies", "Languages"):
        assert all(e.provenance.evidence in (Evidence.ISO, Evidence.SCHEMA_DEFAULT) for e in tables[name])


def test_our_evidence_is_kept_for_iso_rows(tables: CodeTables) -> None:
    euro = tables.get("CX-00-978-EUR")
    assert euro is not None
    assert euro.provenance.evidence is Evidence.ISO
    assert "in-use" in euro.provenance.note


def test_names_in_many_languages(tables: CodeTables) -> None:
    assert tables.label("CO-00-276-DEU", "fr").text == "Allemagne"
    assert tables.label("CX-00-978-EUR", "de").text == "Euro"
    assert tables.label("el", "el").text  # the Greek name of the Greek language
    romania = tables["Countries"]["RO"]
    assert "ro" in romania.labels and "xx" not in romania.labels
    assert romania.labels.get("pt_BR") is None  # ECRIS speaks ISO 639-1 only


def test_iterating_labels_gives_every_language(tables: CodeTables) -> None:
    labels = dict(tables["Countries"]["MT"].labels)
    assert labels["en"] == "Malta"
    assert len(labels) > 50
    assert all(len(lang) == 2 for lang in labels)


def test_iso_entries_are_those_of_pycountrys_database_objects() -> None:
    # The tables read pycountry's JSON files directly (its database objects index every field
    # of 8,000 languages, tens of milliseconds); what they hold must be what its API gives.
    import pycountry

    from ecrislib.codes import iso

    assert [(e.technical_id, e.code, e.labels["en"], e.attributes) for e in iso.countries()] == sorted(
        (f"CO-00-{c.numeric}-{c.alpha_3}", c.alpha_3, c.name, iso.Attributes(alpha_2=c.alpha_2, numeric=c.numeric, used_for_nationality=True))
        for c in pycountry.countries
    )
    assert [(e.technical_id, e.code, e.labels["en"], e.attributes.numeric) for e in iso.currencies()] == sorted(
        (f"CX-00-{c.numeric}-{c.alpha_3}", c.alpha_3, c.name, c.numeric) for c in pycountry.currencies if getattr(c, "numeric", None)
    )
    assert [(e.technical_id, e.labels["en"]) for e in iso.languages()] == sorted(
        (lang.alpha_2, lang.name) for lang in pycountry.languages if getattr(lang, "alpha_2", None)
    )


def test_the_pycountry_version_named_in_provenance_is_the_installed_one() -> None:
    from importlib.metadata import version

    from ecrislib.codes import iso

    assert iso._pycountry_version() == version("pycountry")
    assert f"via pycountry {version('pycountry')}" in iso.languages()[0].provenance.source
