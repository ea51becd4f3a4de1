"""The two ways the validation index is built (a C-filtered pass for large trees, a Python walk
for small ones) give the same elements in the same order, on valid and invalid messages alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecrislib.validation import engine
from ecrislib.xml import parser

DATA = Path(__file__).resolve().parents[1] / "data"
MESSAGES = sorted(p for p in DATA.rglob("*.xml") if "syntax" not in p.name and "security" not in p.name)

OTHER_NAMESPACE = b"""<svc:IsAliveMessage xmlns:svc="http://ec.europa.eu/ECRIS/service-v1.0" xmlns:x="urn:x">
<!-- a comment --><?pi x?><x:ConvictionID>1</x:ConvictionID><ConvictionID>2</ConvictionID>
<svc:ConvictionID>3</svc:ConvictionID><x:Unindexed/></svc:IsAliveMessage>"""


def _ids(by_name: dict[str, list[object]]) -> dict[str, list[int]]:
    return {name: [id(element) for element in elements] for name, elements in by_name.items()}


@pytest.mark.parametrize("path", MESSAGES, ids=lambda p: p.name)
def test_walk_and_filtered_pass_agree(path: Path) -> None:
    root = parser.load(path.read_bytes())
    assert _ids(engine._walked_index(root)) == _ids(engine.index(root))


def test_same_name_in_three_namespaces_keeps_document_order() -> None:
    root = parser.load(OTHER_NAMESPACE)
    walked = engine.index(root, elements=5)
    assert [element.text for element in walked["ConvictionID"]] == ["1", "2", "3"]
    assert _ids(walked) == _ids(engine.index(root))
    assert "Unindexed" not in walked
