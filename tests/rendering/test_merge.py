"""Several replies about one person merged into one chronological record."""

from __future__ import annotations

import datetime as _dt
from typing import Any

import attrs
import lxml.html
import pytest

from ecrislib.errors import DifferentPersonsError, EcrisError
from ecrislib.rendering import render, render_merged
from ecrislib.rendering.merge import merge_records
from ecrislib.testing import factories

from tests.support.render_helpers import load, squash


def _replies() -> tuple[Any, Any]:
    romanian = load("request-response-two-convictions.xml")
    conviction = factories.conviction(country="PL", decision_date=_dt.date(2001, 6, 1), final_date=_dt.date(2001, 7, 1))
    polish = attrs.evolve(
        romanian,
        metadata=attrs.evolve(romanian.metadata, message_id="PL-GB-RRS-000000000000042", response_to="GB-PL-REQ-000000000000041"),
        convictions=(conviction,),
    )
    return romanian, polish


def test_convictions_of_all_replies_in_date_order_with_their_source() -> None:
    romanian, polish = _replies()
    record = merge_records([romanian, polish], "en")
    convictions = next(s for s in record.sections if s.kind == "convictions").children
    titles = [c.title for c in convictions]
    assert [t.split()[1][:2] for t in titles] == ["RO", "PL", "RO"]  # 1995, 2001, 2016
    sources = [c.children[0] for c in convictions]
    assert [str(s.values[1]) for s in sources] == [
        "RO-GB-RRS-000000000003127",
        "PL-GB-RRS-000000000000042",
        "RO-GB-RRS-000000000003127",
    ]
    assert str(sources[1].values[0]) == "Poland (PL)"


def test_each_reply_keeps_its_person_and_metadata() -> None:
    romanian, polish = _replies()
    page = lxml.html.document_fromstring(render_merged([romanian, polish], "en", "html"))
    text = squash(page.text_content())
    assert text.count("In reply to") == 2
    assert "GB-PL-REQ-000000000000041" in text and "GB-RO-REQ-000000000007301" in text
    assert [h.text_content() for h in page.xpath("//h2")][:2] == [
        "Source: Romania (RO) (RO-GB-RRS-000000000003127)",
        "Source: Poland (PL) (PL-GB-RRS-000000000000042)",
    ]


def test_a_list_given_to_render_is_merged() -> None:
    romanian, polish = _replies()
    assert render([romanian, polish], lang="el") == render_merged([romanian, polish], "el")


def test_replies_about_different_people_are_refused() -> None:
    romanian, polish = _replies()
    other = load("request-response-denied.xml")  # another name and date of birth
    with pytest.raises(DifferentPersonsError) as caught:
        merge_records([romanian, polish, other], "en")
    assert caught.value.replies == (
        ("RO-GB-RRS-000000000003127", "PL-GB-RRS-000000000000042"),
        (str(other.message_id),),
    )
    assert isinstance(caught.value, EcrisError)
    # the error names message IDs only, never the names or dates that differ
    assert "Testescu" not in str(caught.value) and "1971" not in str(caught.value)
    with pytest.raises(DifferentPersonsError):
        render([romanian, other], lang="en")


def test_names_compare_ignoring_case() -> None:
    romanian, polish = _replies()
    name = polish.person.name
    shouting = attrs.evolve(name, surname=attrs.evolve(name.surname, value=name.surname.value.upper()))
    louder = attrs.evolve(polish, person=attrs.evolve(polish.person, name=shouting))
    assert merge_records([romanian, louder], "en").title.startswith("Convictions: 3 from 2 replies")


def test_only_request_responses_merge() -> None:
    with pytest.raises(TypeError):
        merge_records([load("notification.xml")], "en")
    with pytest.raises(ValueError):
        merge_records([], "en")
