"""A partial date no calendar has (30 February, rule ECRIS-R-016) is a business-rule error, not
a crash: the record renders, with the validation warning on top, and shows the date as the
sender wrote it, since it cannot be named in any language."""

from __future__ import annotations

from pathlib import Path

import pytest

import ecrislib
from ecrislib.cli import main

IMPOSSIBLE = Path(__file__).resolve().parents[1] / "data" / "invalid" / "rule-016-impossible-calendar-date.xml"


@pytest.mark.parametrize("format", ["text", "html"])
@pytest.mark.parametrize("check", [True, False])
def test_an_impossible_date_renders_as_written(format: str, check: bool) -> None:
    output = ecrislib.render(IMPOSSIBLE.read_bytes(), lang="fr", format=format, check=check)  # type: ignore[arg-type]
    assert "1985-02-30" in output
    assert ("ECRIS-R-016" in output) is check


def test_the_cli_renders_it_with_the_warning(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(IMPOSSIBLE)]) == 0
    captured = capsys.readouterr()
    assert "ECRIS-R-016" in captured.out and "1985-02-30" in captured.out
    assert "Traceback" not in captured.err


@pytest.mark.parametrize(
    ("date", "written"),
    [((1985, 2, 30), "1985-02-30"), ((2023, 2, 29), "2023-02-29"), ((1990, 4, 31), "1990-04-31"),
     ((12000, 1, None), "12000-01"), ((12000, 2, 29), "12000-02-29"), ((-5, 3, 1), "-0005-03-01")],
)  # fmt: skip
def test_dates_no_calendar_can_name_are_shown_as_written(date: tuple[int, int, int | None], written: str) -> None:
    """Impossible days, and years outside 1-9999 (legal in XSD, beyond Python's and CLDR's dates)."""
    from ecrislib.model.common import PartialDate
    from ecrislib.rendering.dates import format_partial_date

    assert format_partial_date(PartialDate(*date), "de") == written


def test_possible_dates_are_still_named() -> None:
    from ecrislib.model.common import PartialDate
    from ecrislib.rendering.dates import format_partial_date

    assert format_partial_date(PartialDate(2024, 2, 29), "en") == "29 February 2024"
    assert format_partial_date(PartialDate(9999, 12, None), "en") == "December 9999"
