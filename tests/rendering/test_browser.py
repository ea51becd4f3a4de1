"""The HTML record in a real browser (headless Chromium): it renders, logs nothing, prints every
conviction to PDF, and says the right language.

Needs Debian's ``chromium`` and ``chromium-driver``: ``.ci/run`` installs them and requires them
(see the ``chromium_programs`` fixture in tests/conftest.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ecrislib.rendering import readable_record, render

from tests.support.browser_session import chromium, pdf_text, print_to_pdf
from tests.support.render_helpers import load

@pytest.fixture(scope="module")
def driver(chromium_programs: tuple[str, str]) -> Iterator[Any]:
    with chromium() as session:
        yield session


def _open(driver: Any, tmp_path: Path, page: str) -> None:
    path = tmp_path / "record.html"
    path.write_text(page, encoding="utf-8")
    driver.get_log("browser")  # empty the log
    driver.get(path.resolve().as_uri())


@pytest.mark.parametrize(("lang", "page_lang"), [("el", "el"), ("ro", "ro"), ("fi", "en")])
def test_the_record_renders_logs_nothing_and_prints_every_conviction(
    driver: Any, tmp_path: Path, lang: str, page_lang: str
) -> None:
    reply = load("request-response-two-convictions.xml")
    record = readable_record(reply, lang)
    _open(driver, tmp_path, render(reply, lang=lang, format="html"))

    # it renders: the title, the record's sections laid out, nothing wider than the window
    assert driver.title == record.title
    assert driver.execute_script("return document.querySelector('h1').innerText") == record.title
    assert driver.execute_script("return document.querySelectorAll('section.convictions > section').length") == 2
    assert driver.execute_script("return document.body.getBoundingClientRect().height") > 1000
    assert driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")

    # the right language: the page's, and English where a label fell back to English
    assert driver.execute_script("return document.documentElement.lang") == page_lang
    fallback = "return [...document.querySelectorAll('.v-code')].filter(e => e.innerText.startsWith('Aggravated cases')).map(e => e.closest('[lang]').lang)"
    assert set(driver.execute_script(fallback)) == {"en"}
    dates = driver.execute_script("return [...document.querySelectorAll('time')].map(e => e.closest('[lang]').lang)")
    assert set(dates) == {lang}

    # no console message or error while loading the page
    assert driver.get_log("browser") == []

    # printed: every conviction is in the PDF, with its heading
    pages, text = pdf_text(print_to_pdf(driver))
    flat = " ".join(text.split())
    assert pages >= 2
    convictions = next(s for s in record.sections if s.kind == "convictions").children
    for conviction in convictions:
        assert conviction.title in flat
    assert "RO-GB-RRS-000000000003127" in flat


def test_the_console_check_would_see_an_error(driver: Any, tmp_path: Path) -> None:
    # the log the test above reads is live: a console error on the same kind of page shows up
    _open(driver, tmp_path, render(load("request-response-two-convictions.xml"), lang="en", format="html"))
    driver.execute_script("console.error('probe from the test')")
    logged = driver.get_log("browser")
    assert [entry["level"] for entry in logged] == ["SEVERE"] and "probe from the test" in logged[0]["message"]


def test_an_invalid_message_shows_its_warning_in_the_browser(driver: Any, tmp_path: Path) -> None:
    data = (Path(__file__).resolve().parents[1] / "data" / "invalid" / "rule-011-final-before-decision.xml").read_bytes()
    _open(driver, tmp_path, render(data, lang="en", format="html"))
    box = driver.execute_script(
        "const b = document.querySelector('[role=alert]'); const r = b.getBoundingClientRect();"
        "return [b.innerText, r.top, getComputedStyle(b).borderTopColor]"
    )
    assert box[0].startswith("Warning") and "ECRIS-R-011" in box[0]
    assert box[1] < 200  # at the top of the page, above the record
    assert box[2] == "rgb(164, 0, 0)"
    assert driver.get_log("browser") == []
