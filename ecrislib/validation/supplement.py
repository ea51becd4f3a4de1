"""What libxml2's schema check lets through although the schema forbids it.

libxml2 accepts some text that is not base64 in ``xsd:base64Binary`` elements (e.g. ``2024-02-30``);
xmlschema and Xerces refuse it. The fingerprint content is the only such element in ECRIS.
Together with :mod:`ecrislib.validation.ids` this makes ``validate`` catch everything a strict
XSD validator catches.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Final

from .findings import Finding

__all__ = ["BASE64_ELEMENTS", "check_supplement"]

#: Local names of the xsd:base64Binary elements.
BASE64_ELEMENTS: Final = frozenset({"BinaryAttachmentContent"})

_XML_SPACE: Final = re.compile(r"[ \t\n\r]+")


def check_supplement(by_name: Mapping[str, Sequence[Any]]) -> Iterator[Finding]:
    for name in BASE64_ELEMENTS:
        for element in by_name.get(name, ()):
            text = _XML_SPACE.sub("", element.text or "")
            try:
                base64.b64decode(text, validate=True)
            except (binascii.Error, ValueError):
                yield Finding("XSD-TYPE", element, f"{name} is not valid base64 (xsd:base64Binary)", value=element.text)
