"""Rendering never drops data: every leaf value of a message appears in the HTML (and text)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import lxml.html
import pytest
from hypothesis import given

from ecrislib.model import MESSAGE_CLASSES
from ecrislib.rendering import render
from ecrislib.testing import strategies
from ecrislib.xml.codec import parse

from tests.support.render_helpers import GOLDEN, leaves, squash


# The "translated by the sender" marker as each reader sees it (Finnish has no UI catalogue: English).
TRANSLATED = {"en": "translated by the sender", "el": "μετάφραση του αποστολέα", "fi": "translated by the sender"}


def missing_from_html(message: Any, lang: str = "en") -> list[tuple[str, Any]]:
    page = lxml.html.document_fromstring(render(message, lang=lang, format="html"))
    text = squash(page.text_content())
    datetimes = set(page.xpath("//time/@datetime"))
    missing = []
    for kind, value in leaves(message):
        if kind == "text" and squash(value) not in text:
            missing.append((kind, value))
        elif kind == "date" and value not in datetimes:
            missing.append((kind, value))
        elif kind == "bytes" and f"{value} byte" not in text:  # "bytes" (en), "byte" (el)
            missing.append((kind, value))
        elif kind == "translated" and TRANSLATED[lang] not in text:
            missing.append((kind, value))
    return missing


def missing_from_text(message: Any, lang: str = "en") -> list[str]:
    output = squash(render(message, lang=lang, format="text"))
    return [value for kind, value in leaves(message) if kind == "text" and squash(value) not in output]


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.name)
def test_every_value_of_a_golden_message_is_in_the_html(path: Path) -> None:
    message = parse(path.read_bytes())
    assert missing_from_html(message) == []
    assert missing_from_html(message, "el") == []


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.name)
def test_every_text_value_of_a_golden_message_is_in_the_text_output(path: Path) -> None:
    message = parse(path.read_bytes())
    assert missing_from_text(message) == []


def test_golden_files_cover_every_message_type() -> None:
    roots = {type(parse(path.read_bytes())) for path in GOLDEN}
    assert roots == set(MESSAGE_CLASSES)


@given(strategies.messages())  # as many examples as the profile (tests/conftest.py) asks
def test_every_value_of_a_generated_message_is_in_the_html(message: Any) -> None:
    assert missing_from_html(message, "fi") == []


def test_text_lines_fit_a_terminal() -> None:
    for path in GOLDEN:
        output = render(parse(path.read_bytes()), lang="en")
        too_long = [line for line in output.splitlines() if len(line) > 80]
        assert too_long == [], path.name
