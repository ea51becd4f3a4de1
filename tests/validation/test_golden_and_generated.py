"""Valid input yields no error and no warning: every golden file and generated messages."""

from __future__ import annotations

import pytest
from tests.support.validation_kit import ALLOWED_INFOS, VALID
from hypothesis import given

import ecrislib
from ecrislib.testing.strategies import messages
from ecrislib.validation import Severity, ValidationOptions, validate

GOLDEN = sorted(VALID.glob("*.xml"))


@pytest.mark.parametrize("path", GOLDEN, ids=[p.name for p in GOLDEN])
def test_golden_file_passes(path) -> None:  # type: ignore[no-untyped-def]
    report = validate(path)
    assert report.ok and report.clean, str(report)
    assert {i.rule_id for i in report.infos} <= ALLOWED_INFOS, str(report)
    assert report.root is not None and report.message_id


@pytest.mark.parametrize("path", GOLDEN[:3], ids=[p.name for p in GOLDEN[:3]])
def test_every_source_kind_gives_the_same_report(path) -> None:  # type: ignore[no-untyped-def]
    from lxml import etree

    data = path.read_bytes()
    reports = [
        validate(path),
        validate(data),
        validate(data.decode("utf-8")),
        validate(open(path, "rb")),
        validate(etree.fromstring(data)),
        validate(ecrislib.parse(data)),
    ]
    assert len({r.rule_ids for r in reports}) == 1


def test_top_level_names() -> None:
    assert ecrislib.validate is validate
    assert ecrislib.Severity is Severity
    assert ecrislib.ValidationOptions is ValidationOptions


GENERATED_INFOS = ALLOWED_INFOS | {"ECRIS-R-030", "ECRIS-R-034"}  # explicit unknowns, no sanction


@given(messages())  # examples: the profile's
def test_generated_message_passes(message) -> None:  # type: ignore[no-untyped-def]
    report = validate(message)
    assert report.clean, str(report)
    assert {i.rule_id for i in report.infos} <= GENERATED_INFOS, str(report)
