"""Mutual TLS: which member state a client certificate stands for, and the TLS contexts.

A server asks every client for a certificate issued by the configured CA (``client_ca``);
the handshake fails for a certificate from another CA. A request without a certificate gets
a 403 Fault from :class:`~.server.SoapService` (``require_peer``). The certificate's subject
is mapped to a member state by a :class:`CertificateMap`: by default the subject's common
name must be the member-state code itself (``CN=RO``); ``names`` maps other common names
(``{"ecris.just.ro": "RO"}``). A message whose sender is not that member state is refused.

The client side (:func:`client_context`) pins the partner's CA (no system roots) and presents
our own certificate.
"""

from __future__ import annotations

import re
import ssl
from pathlib import Path
from typing import Any, Final, Mapping

import attrs

__all__ = ["CertificateMap", "ServerTls", "client_context", "subject_name"]

_MEMBER_STATE: Final = re.compile(r"[A-Z]{2}")
_RDN_KEYS: Final = {"commonName": "CN", "organizationName": "O", "organizationalUnitName": "OU", "countryName": "C", "localityName": "L", "stateOrProvinceName": "ST"}


def subject_name(peercert: Mapping[str, Any]) -> str:
    """The RFC 4514 subject name of a certificate as :meth:`ssl.SSLSocket.getpeercert` gives it
    (what the ASGI TLS extension calls ``client_cert_name``)."""
    parts = []
    for rdn in reversed(peercert.get("subject", ())):
        for key, value in rdn:
            escaped = re.sub(r'([,+"\\<>;=])', r"\\\1", str(value))
            parts.append(f"{_RDN_KEYS.get(key, key)}={escaped}")
    return ",".join(parts)


def _common_name(name: str) -> str | None:
    for part in re.split(r"(?<!\\),", name):
        key, _, value = part.partition("=")
        if key.strip().upper() == "CN":
            return re.sub(r"\\(.)", r"\1", value.strip())
    return None


@attrs.frozen
class CertificateMap:
    """From a verified client certificate's subject name to a member-state code."""

    names: Mapping[str, str] = attrs.field(factory=dict, converter=dict)

    def member_state(self, subject: str) -> str | None:
        """The member state of the certificate, or None when it stands for none we know."""
        common = _common_name(subject)
        if common is None:
            return None
        if common in self.names:
            return self.names[common]
        return common if _MEMBER_STATE.fullmatch(common) else None


@attrs.frozen(kw_only=True)
class ServerTls:
    """The server's certificate and key, and the CA its clients' certificates must come from."""

    cert: Path = attrs.field(converter=Path)
    key: Path = attrs.field(converter=Path)
    client_ca: Path | None = attrs.field(default=None, converter=attrs.converters.optional(Path))

    def context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(self.cert, self.key)
        if self.client_ca is not None:
            # optional at the TLS level so that a missing certificate gets an HTTP 403 Fault;
            # a certificate from another CA still fails the handshake
            context.verify_mode = ssl.CERT_OPTIONAL
            context.load_verify_locations(cafile=str(self.client_ca))
        return context


def client_context(ca: Path | str | None, cert: Path | str | None = None, key: Path | str | None = None) -> ssl.SSLContext:
    """A client TLS context trusting only ``ca`` (the partner's CA; the system's roots when None)
    and presenting ``cert``/``key`` when given."""
    context = ssl.create_default_context(cafile=str(ca) if ca is not None else None)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if cert is not None:
        context.load_cert_chain(str(cert), str(key) if key is not None else None)
    return context
