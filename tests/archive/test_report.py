"""The HTML report: self-contained, deterministic, and rendered by headless Chromium with no
console message (the page has no script, so any console line is an error)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from ecrislib.archive.report import render_html
from ecrislib.archive.stats import compute_statistics, load_index



@pytest.fixture(scope="module")
def page(world: dict[str, Any]) -> str:
    return render_html(compute_statistics(load_index(str(world["index"]))))


def test_the_report_is_self_contained_and_deterministic(world: dict[str, Any], page: str) -> None:
    tree = lxml_html.fromstring(page)
    references = [value for element in tree.iter() for name, value in element.attrib.items() if name in ("src", "href")]
    assert len(references) == 2 and all(value.startswith("data:image/png;base64,") for value in references)
    assert not tree.xpath("//script | //link | //iframe")
    assert page == render_html(compute_statistics(load_index(str(world["index"]))))
    headings = [h.text_content() for h in tree.iter("h2")]
    assert any("Response times" in h or "response time" in h for h in headings)
    assert "ECRIS-R-014" in page  # the error rule table is there


def _console(url: str, tmp_path: Path, screenshot: Path | None = None) -> list[str]:
    command = [shutil.which("chromium") or "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
               f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1100,1600"]
    command += [f"--screenshot={screenshot}"] if screenshot else ["--dump-dom"]
    done = subprocess.run([*command, url], capture_output=True, text=True, timeout=120, check=False)
    return [line for line in done.stderr.splitlines() if ":CONSOLE" in line]


def test_chromium_renders_the_report_without_console_errors(page: str, tmp_path: Path, chromium_programs: tuple[str, str]) -> None:
    control = tmp_path / "control.html"
    control.write_text("<!DOCTYPE html><p>x</p><script>console.error('broken'); undefinedFunction();</script>")
    assert len(_console(control.as_uri(), tmp_path)) >= 2  # the check sees errors when there are some
    report = tmp_path / "report.html"
    report.write_text(page, encoding="utf-8")
    shot = tmp_path / "report.png"
    assert _console(report.as_uri(), tmp_path, shot) == []
    import matplotlib.image

    pixels = matplotlib.image.imread(shot)
    assert pixels.shape[0] > 1000 and len({tuple(p) for p in pixels[::7, ::7].reshape(-1, pixels.shape[2])}) > 50  # not blank
