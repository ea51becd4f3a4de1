"""Re-export of :mod:`ecrislib.xml.schemas` under its former name (kept for callers and docs
that import ``ecrislib.validation.xsd``); the loader itself lives in one place only."""

from __future__ import annotations

from ..xml.schemas import (
    CRT_XSD,
    SCHEMA_FILE_NAMES,
    SERVICE_XSD,
    SchemaResourceRefused,
    forget_errors,
    lxml_crt_schema,
    lxml_schema,
    schema_files,
    xmlschema_crt_schema,
    xmlschema_schema,
)

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
