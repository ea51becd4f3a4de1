"""Our WSDL (``ecris-service-v1.0.wsdl``, shipped with the XSDs) as an endpoint serves it.

``GET <endpoint>?wsdl`` answers the WSDL with the endpoint's real address in ``soap12:address``
and its schema import pointing at ``<endpoint>?xsd=service-v1.0.xsd``; ``?xsd=NAME`` answers
each of our XSDs with its own imports pointed the same way, so a client generator (zeep, CXF's
wsdl2java, .NET's dotnet-svcutil) can load the whole contract from the endpoint. Only our
own files are served: any other name is unknown.
"""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import quote

from ..validation.xsd import SCHEMA_FILE_NAMES, schema_files

__all__ = ["WSDL_FILE", "PLACEHOLDER_ADDRESS", "wsdl_text", "wsdl_for", "xsd_for"]

#: The WSDL's file name next to our XSDs.
WSDL_FILE: Final = "ecris-service-v1.0.wsdl"
#: The example address the WSDL carries until a server puts in its own.
PLACEHOLDER_ADDRESS: Final = "http://public.host.at.stesta/ecris"

_LOCATION = re.compile(rb'schemaLocation="([A-Za-z0-9.-]+\.xsd)"')


def wsdl_text() -> bytes:
    """The WSDL as shipped (placeholder address, relative schema location)."""
    return (schema_files() / WSDL_FILE).read_bytes()


def _point_imports(data: bytes, address: str) -> bytes:
    return _LOCATION.sub(lambda m: b'schemaLocation="' + f"{address}?xsd={m.group(1).decode()}".encode() + b'"', data)


def _xml_attribute(value: str) -> str:
    return quote(value, safe=":/?=%@!$'()*+,;~#[]-._")


def wsdl_for(address: str) -> bytes:
    """The WSDL as ``address`` serves it."""
    safe = _xml_attribute(address)
    data = wsdl_text().replace(f'location="{PLACEHOLDER_ADDRESS}"'.encode(), f'location="{safe}"'.encode())
    return _point_imports(data, safe)


def xsd_for(name: str, address: str) -> bytes | None:
    """Our XSD ``name`` as ``address`` serves it, or None when ``name`` is not one of ours."""
    if name not in SCHEMA_FILE_NAMES:
        return None
    return _point_imports((schema_files() / name).read_bytes(), _xml_attribute(address))
