"""One hand-written, valid instance per message root, accepted by both lxml and xmlschema."""

from __future__ import annotations

import pytest
from lxml import etree
from tests.support.xsd_testkit import MESSAGE_FILES, SVC, assert_valid, load

from ecrislib.validation import xsd


@pytest.mark.parametrize(("root", "filename"), sorted(MESSAGE_FILES.items()))
def test_instance_is_valid(root: str, filename: str) -> None:
    tree = load(filename)
    assert tree.getroot().tag == f"{{{SVC}}}{root}"
    assert_valid(tree)


def test_every_root_has_an_instance() -> None:
    """The service schema declares exactly the 15 roots, and each has a test instance."""
    declared = {
        etree.QName(name).localname
        for name in xsd.xmlschema_schema().maps.elements
        if etree.QName(name).namespace == SVC
    }
    assert declared == set(MESSAGE_FILES)
    assert len(MESSAGE_FILES) == 15
