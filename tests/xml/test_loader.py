"""The schema loader: lazy, cached, package files only, never the network."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from tests.support.xsd_testkit import DATA

from ecrislib.xml import schemas as xsd


def _run(code: str) -> str:
    """Run ``code`` in a fresh interpreter (empty caches, clean ``sys.modules``); return stdout."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_import_neither_imports_xmlschema_nor_compiles() -> None:
    out = _run(
        """
        import json, sys
        import ecrislib.xml.schemas as xsd
        print(json.dumps({
            "xmlschema": "xmlschema" in sys.modules,
            "compiled": [
                len(getattr(xsd._per_thread, "schemas", {})),
                xsd._xmlschema_cached.cache_info().currsize,
            ],
        }))
        """
    )
    assert json.loads(out) == {"xmlschema": False, "compiled": [0, 0]}


def test_loading_makes_no_network_access_and_reads_only_package_schemas() -> None:
    """Compile all four schemas and validate with each, watching Python's audit events.

    Every socket or non-``file:`` URL event is recorded, and so is every ``.xsd`` file opened:
    ours must come from the package folder, the only others allowed are xmlschema's own bundled
    meta-schemas. (libxml2 opens nothing itself: our resolver hands it the package bytes, and
    the next tests show that it refuses everything else.)
    """
    out = _run(
        f"""
        import json, sys
        events, opened = [], []

        def hook(event, args):
            if event == "urllib.Request":  # also raised for file: URLs, which are fine
                if not str(args[0]).startswith("file:"):
                    events.append(f"{{event}} {{args[0]}}")
            elif event.startswith(("socket.", "http.", "ftplib.", "smtplib.")):
                events.append(event)
            elif event == "open" and isinstance(args[0], str) and args[0].endswith(".xsd"):
                opened.append(args[0])

        sys.addaudithook(hook)

        from pathlib import Path
        from lxml import etree
        import ecrislib.xml.schemas as xsd

        message = etree.parse({str(DATA / "request.xml")!r})
        table = etree.parse({str(DATA / "common_reference_table.xml")!r})
        ok = [
            xsd.lxml_schema().validate(message),
            xsd.lxml_crt_schema().validate(table),
            xsd.xmlschema_schema().is_valid(message),
            xsd.xmlschema_crt_schema().is_valid(table),
        ]
        import xmlschema
        ours = Path(str(xsd.schema_files())).resolve()
        theirs = (Path(xmlschema.__file__).parent / "schemas").resolve()
        foreign = [p for p in opened
                   if not Path(p).resolve().is_relative_to(ours)
                   and not Path(p).resolve().is_relative_to(theirs)]
        print(json.dumps({{"ok": ok, "events": events, "foreign": foreign,
                          "ours": sorted({{Path(p).name for p in opened
                                           if Path(p).resolve().is_relative_to(ours)}})}}))
        """
    )
    report = json.loads(out)
    assert report["ok"] == [True, True, True, True]
    assert report["events"] == []
    assert report["foreign"] == []
    assert set(report["ours"]) == set(xsd.SCHEMA_FILE_NAMES)


def _schema_importing(location: str) -> bytes:
    return f"""<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"
        targetNamespace="urn:test:a" xmlns:c="http://ec.europa.eu/ECRIS/commons-v1.0">
      <xsd:import namespace="http://ec.europa.eu/ECRIS/commons-v1.0" schemaLocation="{location}"/>
      <xsd:element name="a" type="c:StringType"/>
    </xsd:schema>""".encode()


def _compile_with_our_parser(data: bytes) -> etree.XMLSchema:
    root = etree.fromstring(data, xsd._xsd_parser(), base_url=xsd._LXML_BASE_URL + "test.xsd")
    return etree.XMLSchema(root.getroottree())


def test_lxml_refuses_a_network_location() -> None:
    """An import of an http URL fails, and libxml2 does not even connect."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        server.settimeout(0.3)
        port = server.getsockname()[1]
        with pytest.raises(etree.XMLSchemaParseError):
            _compile_with_our_parser(_schema_importing(f"http://127.0.0.1:{port}/commons.xsd"))
        with pytest.raises(OSError):  # socket.timeout: nobody connected
            server.accept()


def test_lxml_refuses_a_file_outside_the_package_resources() -> None:
    """Even our own XSD is refused when named by file path: there is no fallback loader."""
    path = DATA.parents[2] / "schemas" / "ecris-v1.0" / "commons-v1.0.xsd"
    with pytest.raises(etree.XMLSchemaParseError):
        _compile_with_our_parser(_schema_importing(path.as_uri()))
    with pytest.raises(etree.XMLSchemaParseError):
        _compile_with_our_parser(_schema_importing(str(path)))


def test_lxml_accepts_our_relative_location() -> None:
    schema = _compile_with_our_parser(_schema_importing("commons-v1.0.xsd"))
    assert isinstance(schema, etree.XMLSchema)


@pytest.mark.parametrize(
    "url",
    [
        None,
        "http://ec.europa.eu/ECRIS/commons-v1.0.xsd",
        "file:///etc/passwd",
        "ecrislib-schemas:/ecris-v1.0/../../etc/passwd",
        "ecrislib-schemas:/ecris-v1.0/unknown.xsd",
        "ecrislib-schemas:/other/commons-v1.0.xsd",
    ],
)
def test_resolver_refuses_everything_but_our_files(url: str | None) -> None:
    assert xsd._package_schema_name(url) is None
    with pytest.raises(xsd.SchemaResourceRefused):
        xsd._PackageSchemaResolver().resolve(url, None, None)


def test_schema_files_holds_the_five_xsds() -> None:
    folder = xsd.schema_files()
    names = {entry.name for entry in folder.iterdir() if entry.name.endswith(".xsd")}
    assert names == set(xsd.SCHEMA_FILE_NAMES)


def test_schemas_are_compiled_once() -> None:
    assert xsd.lxml_schema() is xsd.lxml_schema()
    assert xsd.lxml_crt_schema() is xsd.lxml_crt_schema()
    assert xsd.xmlschema_schema() is xsd.xmlschema_schema()
    assert xsd.xmlschema_crt_schema() is xsd.xmlschema_crt_schema()
    assert xsd.xmlschema_schema().validity == "valid"
    assert xsd.xmlschema_crt_schema().validity == "valid"


def test_schemas_load_from_a_zipped_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the package lives in a zip file, lxml reads the XSDs through importlib.resources and
    xmlschema gets a private copy on disk; both still compile and validate."""
    archive = tmp_path / "ecrislib_schemas.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for name in xsd.SCHEMA_FILE_NAMES:
            zipped.writestr(f"ecris-v1.0/{name}", (xsd.schema_files() / name).read_bytes())
    folder = zipfile.Path(archive, "ecris-v1.0/")
    monkeypatch.setattr(xsd, "schema_files", lambda: folder)
    xsd._local_schema_dir.cache_clear()
    try:
        message = etree.parse(str(DATA / "request.xml"))
        assert xsd._compile_lxml(xsd.SERVICE_XSD).validate(message)
        copy_dir = xsd._local_schema_dir()
        assert copy_dir != DATA.parents[2] / "schemas" / "ecris-v1.0"
        assert xsd._compile_xmlschema(xsd.SERVICE_XSD).is_valid(message)
    finally:
        xsd._local_schema_dir.cache_clear()
