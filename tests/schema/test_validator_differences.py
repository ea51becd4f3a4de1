"""Where libxml2 (lxml) and xmlschema disagree on our schemas, beyond ID/IDREF identity.

Found by mutating every leaf of every test document with awkward values and comparing both
verdicts. None of these can be fixed in the XSDs; ecrislib's writer never produces such values,
and its readers must not rely on either validator alone for them. If one of these tests fails
after a library upgrade, the libraries now agree: update this file and the validation docs.
"""

from __future__ import annotations

import pytest
from lxml import etree
from tests.support.xsd_testkit import find, load, lxml_errors, xmlschema_errors

PERSON = "/svc:RequestMessage/msg:MessageData/msg:MessageDataPerson"
CONVICTION = "/svc:NotificationMessage/msg:MessageData/msg:MessageDataConviction"


DEFAULTED = [
    f"{CONVICTION}/dm:ConvictionFileNumber",  # default "UNKNOWN"
    f"{CONVICTION}/dm:ConvictionDecisionDate",  # default 1800-01-01
    f"{CONVICTION}/dm:ConvictionSanction[1]/dm:SanctionMultiplier",  # default 1
]
DEFAULTED_IDS = ["file-number", "decision-date", "multiplier"]


@pytest.mark.parametrize("path", DEFAULTED, ids=DEFAULTED_IDS)
def test_empty_element_with_a_default_is_valid(path: str) -> None:
    """Not a disagreement, but a surprise: XSD 1.0 (3.3.4) gives an empty element its declared
    default, so ``<dm:ConvictionFileNumber/>`` is valid for both and means "UNKNOWN"."""
    tree = load("notification.xml")
    find(tree, path).text = None
    reparsed = etree.ElementTree(etree.fromstring(etree.tostring(tree)))
    assert lxml_errors(reparsed) == []
    assert xmlschema_errors(reparsed) == []


@pytest.mark.parametrize("path", DEFAULTED, ids=DEFAULTED_IDS)
def test_in_memory_empty_text_on_an_element_with_a_default(path: str) -> None:
    """An lxml tree built with ``element.text = ""`` holds an empty text node: libxml2 then
    validates "" (and rejects it), xmlschema applies the default. Serialised and parsed again,
    the node is gone and both accept. A writer that validates its tree before serialising must
    not leave empty strings."""
    tree = load("notification.xml")
    find(tree, path).text = ""
    assert lxml_errors(tree)
    assert xmlschema_errors(tree) == []


@pytest.mark.parametrize("space", ["\u00a0", "\u3000"], ids=["nbsp", "ideographic-space"])
def test_name_made_of_a_non_xml_space(space: str) -> None:
    """Only #x20, #x9, #xA and #xD are XML whitespace, so libxml2 sees one character here.

    xmlschema's whiteSpace="collapse" uses Python's ``str.strip()``, which also removes other
    Unicode spaces, so the collapsed value is empty and rejected.
    """
    tree = load("request.xml")
    find(tree, f"{PERSON}/dm:PersonName/dm:Forename").text = space
    assert lxml_errors(tree) == []
    assert xmlschema_errors(tree)


def test_element_only_content_with_a_non_xml_space() -> None:
    """The same Python whitespace notion lets xmlschema ignore an NBSP between elements."""
    tree = load("common_reference_table.xml")
    find(tree, "/crt:CommonReferenceTable/crt:Faults").text = "\u00a0"
    assert lxml_errors(tree, crt=True)
    assert xmlschema_errors(tree, crt=True) == []


def test_base64_with_a_hyphen() -> None:
    """libxml2 lets some non-base64 text through xsd:base64Binary; xmlschema does not."""
    tree = load("request_push.xml")
    content = "//msg:MessageDataFingerprintsPush/msg:BinaryAttachmentContent"
    find(tree, content).text = "2024-02-30"
    assert lxml_errors(tree) == []
    assert xmlschema_errors(tree)
