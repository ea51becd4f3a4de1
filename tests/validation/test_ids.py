"""Our ID/IDREF element lists agree with the schema as xmlschema reads it."""

from __future__ import annotations

from tests.support.validation_kit import NS, golden, xml

from ecrislib.validation import validate, xsd
from ecrislib.validation.ids import ID_ELEMENTS, IDREF_ELEMENTS


def _xsd_id_names() -> tuple[set[str], set[str]]:
    schema = xsd.xmlschema_schema()
    id_type = schema.maps.types["{http://www.w3.org/2001/XMLSchema}ID"]
    idref_type = schema.maps.types["{http://www.w3.org/2001/XMLSchema}IDREF"]
    ids: set[str] = set()
    idrefs: set[str] = set()

    def derives(simple, base) -> bool:  # type: ignore[no-untyped-def]
        while simple is not None:
            if simple is base:
                return True
            simple = getattr(simple, "base_type", None)
        return False

    for component in schema.maps.iter_components():
        if type(component).__name__ != "Xsd11Element" and type(component).__name__ != "XsdElement":
            continue
        kind = component.type
        if kind is None:
            continue
        simple = kind if kind.is_simple() else (kind.content if kind.has_simple_content() else None)
        if simple is None:
            continue
        if derives(simple, id_type):
            ids.add(component.local_name)
        elif derives(simple, idref_type):
            idrefs.add(component.local_name)
    return ids, idrefs


def test_lists_match_the_schema() -> None:
    ids, idrefs = _xsd_id_names()
    assert ids == set(ID_ELEMENTS)
    assert idrefs == set(IDREF_ELEMENTS)


def test_our_verdict_matches_xmlschema_on_dangling_references() -> None:
    schema = xsd.xmlschema_schema()
    tree = golden("notification-update-ecris-reference.xml")
    paths = "//dm:ConvictionRelationship/* | //msg:SourceConviction | //msg:MessageDataUpdatedConvictionReference/msg:ECRISConvictionReference"
    elements = tree.xpath(paths, namespaces=NS)
    assert len(elements) > 5
    for element in elements:
        original = element.text
        element.text = original[: original.rfind("-") + 1] + "9" * (len(original) - original.rfind("-") - 1)
        assert "ID-DANGLING" in validate(xml(tree)).rule_ids
        assert not schema.is_valid(tree)
        element.text = original
    assert validate(xml(tree)).ok and schema.is_valid(tree)


def test_a_repeated_id_is_reported_alike_under_every_hash_seed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Two ID elements of different kinds with one value: the repeat and the element it names
    as first use are the same in every process (the ID kinds are checked in a fixed order,
    not in a set's, whose order changes with PYTHONHASHSEED)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    data = (Path(__file__).resolve().parents[1] / "data" / "valid" / "request-response-denied.xml").read_bytes()
    repeated = data.replace(b"PL-RO-REQ-000000000052177</msg:MessageMetaDataResponseTo>", b"RO-PL-RRS-000000000003180</msg:MessageMetaDataResponseTo>")
    assert repeated != data
    path = tmp_path / "repeated.xml"
    path.write_bytes(repeated)
    script = "import sys, ecrislib; r = ecrislib.validate(open(sys.argv[1], 'rb').read()); print([(i.rule_id, i.path, i.message) for i in r.issues if i.rule_id == 'ID-DUPLICATE'])"
    outputs = set()
    for seed in ("0", "1", "2", "3", "4", "5"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, env=env, check=True)
        outputs.add(done.stdout)
    assert len(outputs) == 1, outputs
    assert "ID-DUPLICATE" in outputs.pop()
