"""ECRIS over the real wire: SOAP 1.2 client and server, mutual TLS, the simulated network on HTTP.

Needs the ``soap`` extra (httpx, Starlette, uvicorn): ``pip install 'ecrislib[soap]'``. The
core library never imports this package. One module per concept: :mod:`.envelope` (SOAP 1.2
envelopes and faults), :mod:`.wsdl` (our WSDL as an endpoint serves it), :mod:`.server` (the
pure server core), :mod:`.asgi` and :mod:`.wsgi` (adapters), :mod:`.client`
(:class:`SoapTransport`), :mod:`.partners` (the partners directory), :mod:`.tls` (mutual TLS),
:mod:`.driver` (one thread runs the simulation), :mod:`.http_server` (uvicorn in a thread),
:mod:`.network` (simulated authorities served over HTTP; the ``ecrislib serve`` command is
:mod:`ecrislib.serve`).
See ``docs/soap.md``.
"""

from __future__ import annotations

import importlib.util

from ..errors import MissingExtraError

#: The distributions the ``soap`` extra installs, by import name.
REQUIRED = ("httpx", "starlette", "uvicorn")


def _require() -> None:
    missing = [name for name in REQUIRED if importlib.util.find_spec(name) is None]
    if missing:
        raise MissingExtraError("soap", ", ".join(missing), "ecrislib.soap")


_require()

from .client import SoapTransport, Timeouts  # noqa: E402
from .driver import ClockDriver  # noqa: E402
from .envelope import SoapFault, SoapFaultError  # noqa: E402
from .partners import Partner, Partners, PartnersFileError  # noqa: E402
from .server import Response, ServerLimits, SoapService  # noqa: E402
from .tls import CertificateMap, ServerTls  # noqa: E402

__all__ = [
    "MissingExtraError",
    "SoapTransport",
    "Timeouts",
    "ClockDriver",
    "SoapFault",
    "SoapFaultError",
    "Partner",
    "Partners",
    "PartnersFileError",
    "Response",
    "ServerLimits",
    "SoapService",
    "CertificateMap",
    "ServerTls",
]
