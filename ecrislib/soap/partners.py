"""The partners directory: where each member state's ECRIS endpoint is, and how to reach it.

A TOML or JSON file (relative paths are relative to the file)::

    [client]                      # what we present to every partner (mutual TLS)
    cert = "gb-client.pem"
    key = "gb-client.key"

    [partners.RO]
    url = "https://ecris.ro.example/ecris/RO"
    ca = "ro-ca.pem"              # pin: the partner's server certificate must come from it
    fingerprint_mode = "none"     # the service the partner exposes: none, push or pull

    [partners.DE]
    url = "http://127.0.0.1:8081/ecris/DE"

A partner may override ``cert`` and ``key``. JSON has the same shape
(``{"client": {...}, "partners": {"RO": {...}}}``). Unknown keys are refused, so a typo does
not silently turn TLS off.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Literal, Mapping

import attrs

from ..errors import EcrisError

__all__ = ["Partner", "Partners", "PartnersFileError"]

_CODE = re.compile(r"[A-Z]{2}")


class PartnersFileError(EcrisError):
    """The partners file cannot be used; the text names the key and the rule."""


@attrs.frozen(kw_only=True)
class Partner:
    """One partner's endpoint: URL, the CA to pin, our client certificate for it."""

    code: str
    url: str
    ca: Path | None = None
    cert: Path | None = None
    key: Path | None = None
    fingerprint_mode: Literal["none", "push", "pull"] = "none"


def _sorted(partners: Mapping[str, Partner]) -> dict[str, Partner]:
    return dict(sorted(partners.items()))


@attrs.frozen
class Partners:
    """Member-state code -> :class:`Partner`."""

    by_code: Mapping[str, Partner] = attrs.field(converter=_sorted)

    def __getitem__(self, code: str) -> Partner:
        return self.by_code[code]

    def __contains__(self, code: object) -> bool:
        return code in self.by_code

    def with_partner(self, partner: Partner) -> Partners:
        """A directory with ``partner`` added (or replaced)."""
        return Partners({**self.by_code, partner.code: partner})

    @classmethod
    def of(cls, urls: Mapping[str, str]) -> Partners:
        """A directory of plain URLs (no TLS settings)."""
        return cls({code: Partner(code=code, url=url) for code, url in urls.items()})

    @classmethod
    def load(cls, path: str | Path) -> Partners:
        """Read a TOML (``.toml``) or JSON file."""
        path = Path(path)
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise PartnersFileError(f"{path.name}: cannot be read ({type(error).__name__})") from None
        if path.suffix.lower() == ".toml":
            try:
                import tomllib
            except ImportError:  # Python 3.10
                import tomli as tomllib  # type: ignore[no-redef, import-not-found, unused-ignore]
            try:
                data = tomllib.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, tomllib.TOMLDecodeError):
                raise PartnersFileError(f"{path.name}: not valid TOML") from None
        else:
            try:
                data = json.loads(raw)
            except (UnicodeDecodeError, ValueError):
                raise PartnersFileError(f"{path.name}: not valid JSON") from None
        return cls.from_mapping(data, base=path.parent)

    @classmethod
    def from_mapping(cls, data: Any, *, base: Path = Path(".")) -> Partners:
        """From the parsed file (``{"client": {...}, "partners": {...}}``)."""
        if not isinstance(data, dict) or set(data) - {"client", "partners"}:
            raise PartnersFileError("the top level may hold only 'client' and 'partners'")
        client = _section(data.get("client", {}), "client", {"cert", "key"})
        partners = data.get("partners", {})
        if not isinstance(partners, dict):
            raise PartnersFileError("'partners' must be a table of member states")
        found = {}
        for code, entry in partners.items():
            if not _CODE.fullmatch(str(code)):
                raise PartnersFileError(f"partners: {code!r} is not a member-state code")
            entry = _section(entry, f"partners.{code}", {"url", "ca", "cert", "key", "fingerprint_mode"})
            url = entry.get("url")
            if not isinstance(url, str) or not re.match(r"https?://", url):
                raise PartnersFileError(f"partners.{code}.url: an http:// or https:// URL is required")
            mode = entry.get("fingerprint_mode", "none")
            if mode not in ("none", "push", "pull"):
                raise PartnersFileError(f"partners.{code}.fingerprint_mode: one of none, push, pull")

            def path_of(key: str) -> Path | None:
                value = entry.get(key, client.get(key) if key in ("cert", "key") else None)
                return None if value is None else base / str(value)

            found[code] = Partner(code=code, url=url, ca=path_of("ca"), cert=path_of("cert"), key=path_of("key"), fingerprint_mode=mode)
        return cls(found)


def _section(value: Any, name: str, allowed: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise PartnersFileError(f"{name}: must be a table")
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise PartnersFileError(f"{name}: unknown key {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})")
    return value
