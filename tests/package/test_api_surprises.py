"""Behaviour a user relies on without reading the docs: truth of a report, what ``repr()`` may
show (never personal or case data: a repr lands in logs and tracebacks), and the pytest
plugin's fixtures explaining themselves in ``pytest --fixtures``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ecrislib.testing import factories
from ecrislib.validation import ValidationOptions, validate

DATA = Path(__file__).resolve().parents[1] / "data"


def test_a_report_is_true_exactly_when_the_message_is_ok() -> None:
    clean = validate(DATA / "valid" / "cancellation.xml")
    invalid = validate(DATA / "invalid" / "xsd-enum-urgency.xml")
    assert len(clean) == 0 and len(invalid) > 0  # the case that used to read backwards
    assert bool(clean) is True and bool(invalid) is False
    assert [name for name, report in (("clean", clean), ("invalid", invalid)) if not report] == ["invalid"]


def test_a_report_with_only_warnings_is_true() -> None:
    options = ValidationOptions(severities={"ECRIS-R-011": "warning"})
    softened = validate(DATA / "invalid" / "rule-011-final-before-decision.xml", options)
    assert softened.warnings and softened.ok
    assert bool(softened) is True


_CASE_DATA = ("Court of Thessaloniki", "1/1995", "Omor", "Art. 174 Cod penal", "1995")


def test_repr_of_a_notification_shows_no_case_data() -> None:
    notification = factories.notification()
    conviction = notification.conviction
    # the fixture does carry these values (so the test can fail)
    assert conviction.deciding_authority.name.representations[0].value == "Court of Thessaloniki"
    assert conviction.file_number == "1/1995"
    for obj in (notification, conviction, conviction.offences[0], conviction.sanctions[0],
                conviction.decisions[0], conviction.deciding_authority, conviction.offences[0].national_title):
        text = repr(obj)
        for value in _CASE_DATA:
            assert value not in text, (type(obj).__name__, value)


def test_repr_still_says_which_message_and_which_conviction() -> None:
    notification = factories.notification()
    assert repr(notification) == (
        "NotificationMessage(message_id='GR-RO-NOT-000000000000001', response_to=None, <content hidden>)"
    )
    assert repr(notification.conviction) == "Conviction(id='GR-C-000000000000001', <case data hidden>)"
    response = factories.request_response()
    assert f"response_to='{response.metadata.response_to}'" in repr(response)


def test_repr_of_every_message_hides_its_content() -> None:
    request = factories.request(purpose="Employment with children at Zamfira school")
    assert "Zamfira" not in repr(request)
    assert repr(request).startswith("RequestMessage(message_id=")


def test_plugin_fixtures_have_docstrings(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "pytest", "--fixtures", "-q", "-p", "no:cacheprovider"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    lines = result.stdout.splitlines()
    names = ["ecris_seed", "ecris_clock", "ecris_network", "ecris_authority", "ecris_factories"]
    for name in names:
        index = next(i for i, line in enumerate(lines) if line.startswith(f"{name} "))
        doc = lines[index + 1].strip()
        assert doc and doc != "no docstring available", name
