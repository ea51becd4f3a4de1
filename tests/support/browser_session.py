"""A headless Chromium driven through chromedriver (Selenium), offline, for the browser tests.

Debian's ``chromium`` and ``chromium-driver`` packages (``.ci/run`` installs them when missing).
Every networking feature the browser has by itself is switched off, and each session gets a
fresh profile directory, so a run reads nothing from an earlier one.
Also used by tools/check_render_in_browser.py.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from typing import Any

FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--window-size=1200,1600",
)  # fmt: skip

INSTALL = "apt-get install -y chromium chromium-driver"


def executables() -> tuple[str | None, str | None]:
    """The Chromium and chromedriver programs, when installed."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None)
    return browser, driver


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """A WebDriver session on a headless Chromium with browser logging on; quit at the end."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser, driver_path = executables()
    if browser is None or driver_path is None:
        raise RuntimeError(f"Chromium or chromedriver is not installed: {INSTALL}")
    with tempfile.TemporaryDirectory(prefix="ecrislib-chromium-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = browser
        for flag in FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={profile}")
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
        try:
            yield driver
        finally:
            driver.quit()


def print_to_pdf(driver: Any) -> bytes:
    """The page printed to PDF on A4, as the browser's print dialogue would (print CSS applies)."""
    import base64

    from selenium.webdriver.common.print_page_options import PrintOptions

    options = PrintOptions()
    options.page_width = 21.0
    options.page_height = 29.7
    options.background = True
    return base64.b64decode(driver.print_page(options))


def pdf_text(data: bytes) -> tuple[int, str]:
    """The number of pages and the text of a PDF."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() or "" for page in reader.pages)
