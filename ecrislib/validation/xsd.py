"""ecrislib's own ECRIS v1.0 XSDs, compiled once and lazily, for lxml and for xmlschema.

The schemas are read from package files only (``ecrislib._schemas``): never from the network,
the working directory or a location named inside a document. Importing this module compiles
nothing and does not import ``xmlschema``; the first call to each accessor does the work and
caches the result for the life of the process (compiling takes about 10 ms with lxml and about
half a second with xmlschema; a cached schema is reused for every message).

Which validator for what:

* :func:`lxml_schema` (libxml2) is the fast one, for every message. libxml2 does **not** check
  that xsd:ID values are unique nor that xsd:IDREF values point somewhere, so a separate
  identifier check is needed next to it.
* :func:`xmlschema_schema` is the strict one (it checks ID/IDREF like a Xerces-class
  validator), for conformance tests and detailed explanations.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import sys
import tempfile
import urllib.request
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Final

from lxml import etree

if TYPE_CHECKING:  # pragma: no cover - typing only
    import xmlschema

    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable

__all__ = [
    "SCHEMA_FILE_NAMES",
    "SERVICE_XSD",
    "CRT_XSD",
    "SchemaResourceRefused",
    "schema_files",
    "lxml_schema",
    "lxml_crt_schema",
    "xmlschema_schema",
    "xmlschema_crt_schema",
]

SCHEMA_PACKAGE: Final = "ecrislib._schemas"
SCHEMA_FOLDER: Final = "ecris-v1.0"

#: Root schema of the 15 message roots (service namespace); it imports the four others.
SERVICE_XSD: Final = "service-v1.0.xsd"
#: Root schema of the Common Reference Table document.
CRT_XSD: Final = "common-reference-tables-v1.0.xsd"

#: The only documents a schema may load: an import of anything else is refused.
SCHEMA_FILE_NAMES: Final = frozenset(
    {
        "commons-v1.0.xsd",
        "common-reference-tables-v1.0.xsd",
        "domain-model-v1.0.xsd",
        "messages-v1.0.xsd",
        "service-v1.0.xsd",
    }
)

# Synthetic base URL given to libxml2: relative schemaLocations resolve against it, and only our
# resolver knows the scheme, so nothing can reach the file system or the network by accident.
_LXML_BASE_URL: Final = f"ecrislib-schemas:/{SCHEMA_FOLDER}/"


class SchemaResourceRefused(PermissionError):
    """A schema tried to load a document that is not one of ecrislib's own XSDs."""


def schema_files() -> Traversable:
    """The folder of ecrislib's XSDs inside the installed package (works from a wheel or a zip)."""
    return files(SCHEMA_PACKAGE) / SCHEMA_FOLDER


# ---------------------------------------------------------------------------------------------
# lxml (libxml2)
# ---------------------------------------------------------------------------------------------


class _PackageSchemaResolver(etree.Resolver):
    """Serves our XSDs from package files and refuses every other URL.

    Raising (rather than returning ``None``) matters: ``None`` would let libxml2 fall back to its
    own loader, which reads files and could follow any location.
    """

    def resolve(self, system_url: str | None, public_id: str | None, context: object) -> object:
        name = _package_schema_name(system_url)
        if name is None:
            raise SchemaResourceRefused(f"not an ecrislib schema file: {system_url!r}")
        data = (schema_files() / name).read_bytes()
        return self.resolve_string(data, context, base_url=_LXML_BASE_URL + name)


def _package_schema_name(url: str | None) -> str | None:
    """The schema file name that ``url`` stands for, or ``None`` when it is not one of ours."""
    if url is None or not url.startswith(_LXML_BASE_URL):
        return None
    name = url[len(_LXML_BASE_URL) :]
    return name if name in SCHEMA_FILE_NAMES else None


def _xsd_parser() -> etree.XMLParser:
    """A parser for schema documents: no network, no DTD, no entity expansion, our resolver only."""
    parser = etree.XMLParser(
        no_network=True,
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
    )
    parser.resolvers.add(_PackageSchemaResolver())
    return parser


def _compile_lxml(name: str) -> etree.XMLSchema:
    """Compile one of our root XSDs; imports come back through the resolver."""
    data = (schema_files() / name).read_bytes()
    root = etree.fromstring(data, _xsd_parser(), base_url=_LXML_BASE_URL + name)
    return etree.XMLSchema(root.getroottree())


@functools.cache
def lxml_schema() -> etree.XMLSchema:
    """The message schema (15 ``svc:`` roots) for lxml, compiled on first use and then reused."""
    return _compile_lxml(SERVICE_XSD)


@functools.cache
def lxml_crt_schema() -> etree.XMLSchema:
    """The Common Reference Table schema (root ``crt:CommonReferenceTable``) for lxml, cached."""
    return _compile_lxml(CRT_XSD)


# ---------------------------------------------------------------------------------------------
# xmlschema
# ---------------------------------------------------------------------------------------------


@functools.cache
def _local_schema_dir() -> Path:
    """A real directory holding our XSDs: the package folder itself, or a private copy of it.

    xmlschema resolves relative imports against a file system path, so a package installed in a
    zip file has its five XSDs copied to a temporary folder (removed at exit).
    """
    folder = schema_files()
    if isinstance(folder, Path) and folder.is_dir():
        return folder
    copy = Path(tempfile.mkdtemp(prefix="ecrislib-xsd-"))
    atexit.register(shutil.rmtree, copy, ignore_errors=True)
    for name in SCHEMA_FILE_NAMES:
        (copy / name).write_bytes((folder / name).read_bytes())
    return copy


def _file_only_opener() -> urllib.request.OpenerDirector:
    """An opener that knows ``file:`` URLs only, so xmlschema cannot open a network URL at all."""
    opener = urllib.request.OpenerDirector()
    opener.add_handler(urllib.request.FileHandler())
    return opener


def _compile_xmlschema(name: str) -> xmlschema.XMLSchema10:
    """Compile one of our root XSDs with xmlschema, sandboxed to the schema folder."""
    import xmlschema  # deferred: importing it costs ~150 ms, and most callers never need it

    folder = _local_schema_dir()
    return xmlschema.XMLSchema10(
        str(folder / name),
        base_url=str(folder),
        allow="sandbox",  # only files under our schema folder
        defuse="always",  # parse our XSDs with the defused parser too
        opener=_file_only_opener(),
        use_fallback=False,  # no well-known-namespace fallback locations
    )


@functools.cache
def xmlschema_schema() -> xmlschema.XMLSchema10:
    """The message schema for xmlschema (strict: checks xsd:ID uniqueness and IDREF targets)."""
    return _compile_xmlschema(SERVICE_XSD)


@functools.cache
def xmlschema_crt_schema() -> xmlschema.XMLSchema10:
    """The Common Reference Table schema for xmlschema, cached."""
    return _compile_xmlschema(CRT_XSD)
