"""Time zones on the parts of a partial date (xs:gYear, xs:gMonth, xs:gDay, XSD 1.0 3.2.11-13):
a peer may send one on each part; it is kept and written back exactly."""

from __future__ import annotations

import pytest

from ecrislib.errors import ModelError
from ecrislib.model.common import PartialDate
from ecrislib.xml.binding import Context, PartialDateCodec

from lxml import etree

C = "http://ec.europa.eu/ECRIS/commons-v1.0"


def _date(year: str, month: str | None = None, day: str | None = None) -> str:
    inner = f"<c:DateYear>{year}</c:DateYear>"
    if month is not None:
        inner += f"<c:DateMonthDay><c:DateMonth>{month}</c:DateMonth>"
        inner += f"<c:DateDay>{day}</c:DateDay>" if day is not None else ""
        inner += "</c:DateMonthDay>"
    return f'<c:D xmlns:c="{C}">{inner}</c:D>'


def _round_trip(xml: str) -> tuple[PartialDate, str]:
    value = PartialDateCodec().read(etree.fromstring(xml), Context())
    out: list[str] = []
    PartialDateCodec().emit(out, "c:D", value)
    return value, "".join(out).replace("<c:D>", f'<c:D xmlns:c="{C}">')


@pytest.mark.parametrize(
    "parts, zones",
    [
        (("1995Z",), ("Z", None, None)),
        (("1995+02:00", "--03-05:30"), ("+02:00", "-05:30", None)),
        (("1995", "--03", "---07+14:00"), (None, None, "+14:00")),
        (("-0044-14:00", "--03Z", "---15Z"), ("-14:00", "Z", "Z")),
    ],
)
def test_zone_of_each_part_is_kept_and_written_back(parts: tuple[str, ...], zones: tuple[str | None, ...]) -> None:
    xml = _date(*parts)
    value, written = _round_trip(xml)
    assert (value.year_zone, value.month_zone, value.day_zone) == zones
    assert written == xml
    str(value)  # rendering ignores the zones, but must not fail


@pytest.mark.parametrize("year", ["1995+14:01", "1995+15:00", "1995z", "1995 Z", "1995+2:00"])
def test_zone_beyond_xsd_is_refused(year: str) -> None:
    with pytest.raises(Exception) as caught:
        _round_trip(_date(year))
    assert caught.type.__name__ == "ValueFormatError"


def test_model_refuses_a_bad_zone() -> None:
    with pytest.raises(ModelError):
        PartialDate(1995, month_zone="+15:00")
