"""ecrislib's own ECRIS v1.0 XSDs, compiled lazily, for lxml and for xmlschema.

One loader for the codec, the code tables and validation. The schemas are read from package
files only: ``ecrislib._schemas`` in an installed wheel, or the repository's top-level
``schemas/`` folder when ecrislib is imported from a source checkout (the package folder
``ecrislib/`` next to ``schemas/``). Never from the network, the working directory or a
location named inside a document. Importing this module compiles nothing and does not import
``xmlschema``.

Thread safety: an lxml ``XMLSchema`` keeps the errors of its last run on the object itself, so
one object shared by threads mixes their reports. :func:`lxml_schema` therefore gives each
thread its own compiled object (compiling takes about 10 ms, once per thread; the same thread
always gets the same object back). The xmlschema objects are built once per process (about
half a second) behind a lock: their validation methods keep no state on the schema.

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
import threading
import urllib.request
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Final

from lxml import etree

from ..errors import SchemaResourceRefused

if TYPE_CHECKING:  # pragma: no cover - typing only
    import xmlschema
    from lxml.etree._docloader import _InputDocument  # the stubs' name for a resolver's answer

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
    "forget_errors",
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


# In a source checkout the XSDs sit next to the package folder: <checkout>/schemas/ecris-v1.0.
_CHECKOUT_FOLDER: Final = Path(__file__).resolve().parents[2] / "schemas" / SCHEMA_FOLDER


def schema_files() -> Traversable:
    """The folder of ecrislib's XSDs: in the installed package (a wheel, or a zip), else in the
    source checkout ecrislib was imported from."""
    try:
        return files(SCHEMA_PACKAGE) / SCHEMA_FOLDER
    except ModuleNotFoundError:
        # ``import ecrislib`` from a checkout's root finds the checkout's package, which has no
        # ``_schemas`` sub-package (the wheel build maps ``schemas/`` into it).
        if (_CHECKOUT_FOLDER / SERVICE_XSD).is_file():
            return _CHECKOUT_FOLDER
        raise


# ---------------------------------------------------------------------------------------------
# lxml (libxml2)
# ---------------------------------------------------------------------------------------------


class _PackageSchemaResolver(etree.Resolver):
    """Serves our XSDs from package files and refuses every other URL.

    Raising (rather than returning ``None``) matters: ``None`` would let libxml2 fall back to its
    own loader, which reads files and could follow any location.
    """

    def resolve(self, system_url: str | None, public_id: str | None, context: object) -> _InputDocument:
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


# Per thread: {root XSD name: compiled schema}. Thread-local by design, see the module doc.
_per_thread = threading.local()
# Compiling while other threads parse or validate fails now and then (measured with lxml 6.1 /
# libxml2 2.14: about one compile in 100 under load reports a type of an imported XSD as
# unresolved). Our XSDs are known to compile, so such a failure is that race: compiling is
# serialised and retried. It happens once per thread, so neither costs anything afterwards.
_compile_lock = threading.Lock()
_COMPILE_ATTEMPTS: Final = 10


def _compile_lxml_retrying(name: str) -> etree.XMLSchema:
    with _compile_lock:
        for attempt in range(_COMPILE_ATTEMPTS):
            try:
                return _compile_lxml(name)
            except etree.XMLSchemaParseError:
                if attempt == _COMPILE_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover


def _thread_schema(name: str) -> etree.XMLSchema:
    compiled: dict[str, etree.XMLSchema] | None = getattr(_per_thread, "schemas", None)
    if compiled is None:
        compiled = _per_thread.schemas = {}
    schema = compiled.get(name)
    if schema is None:
        schema = compiled[name] = _compile_lxml_retrying(name)
    return schema


def lxml_schema() -> etree.XMLSchema:
    """The message schema (15 ``svc:`` roots) for lxml: this thread's own compiled object.

    Do not hand it to another thread: its ``error_log`` belongs to the thread's last run.
    """
    return _thread_schema(SERVICE_XSD)


def lxml_crt_schema() -> etree.XMLSchema:
    """The Common Reference Table schema (root ``crt:CommonReferenceTable``): this thread's own."""
    return _thread_schema(CRT_XSD)


def forget_errors(schema: etree.XMLSchema) -> None:
    """Drop the errors of the last run from ``schema`` and from lxml's error log of this thread.

    libxml2's messages quote values from the document (personal data): once they have been
    turned into issues, nothing of them may stay behind in a long-lived object.
    """
    schema._clear_error_log()  # type: ignore[attr-defined]  # noqa: SLF001 - lxml's own (documented in its source) reset, not in the stubs
    etree.clear_error_log()


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


_xmlschema_lock = threading.Lock()


@functools.cache
def _xmlschema_cached(name: str) -> xmlschema.XMLSchema10:
    return _compile_xmlschema(name)


def _xmlschema(name: str) -> xmlschema.XMLSchema10:
    with _xmlschema_lock:  # two threads must not both spend half a second compiling
        return _xmlschema_cached(name)


def xmlschema_schema() -> xmlschema.XMLSchema10:
    """The message schema for xmlschema (strict: checks xsd:ID uniqueness and IDREF targets)."""
    return _xmlschema(SERVICE_XSD)


def xmlschema_crt_schema() -> xmlschema.XMLSchema10:
    """The Common Reference Table schema for xmlschema, cached."""
    return _xmlschema(CRT_XSD)
