"""The ECRIS v1.0 namespaces and the fixed prefixes ecrislib writes.

Every element is qualified with the namespace of the schema that declares it (not of its parent):
roots in ``svc``, message structure in ``msg``, the domain model in ``dm``, base types in ``c``.
"""

from __future__ import annotations

from typing import Final

SVC: Final = "http://ec.europa.eu/ECRIS/service-v1.0"
MSG: Final = "http://ec.europa.eu/ECRIS/messages-v1.0"
DM: Final = "http://ec.europa.eu/ECRIS/domain-model-v1.0"
C: Final = "http://ec.europa.eu/ECRIS/commons-v1.0"
CRT: Final = "http://ec.europa.eu/ECRIS/common-reference-tables-v1.0"
XSI: Final = "http://www.w3.org/2001/XMLSchema-instance"

#: Prefixes written on every message root, always the same, in this order.
MESSAGE_NSMAP: Final[dict[str, str]] = {"svc": SVC, "msg": MSG, "dm": DM, "c": C, "xsi": XSI}

#: Prefixes written on a Common Reference Table document.
CRT_NSMAP: Final[dict[str, str]] = {"crt": CRT, "c": C}

#: All ECRIS namespaces of version 1.0, for version detection.
ECRIS_V1_NAMESPACES: Final = frozenset({SVC, MSG, DM, C, CRT})


def qname(namespace: str, local: str) -> str:
    """Clark notation ``{namespace}local`` as lxml uses it."""
    return f"{{{namespace}}}{local}"
