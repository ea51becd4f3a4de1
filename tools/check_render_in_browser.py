"""Open rendered records in headless Chromium and keep what it shows: screenshots and PDFs.

The checks themselves (renders, no console message, every conviction in the printed PDF, the
right ``lang``) are in the test suite: tests/rendering/test_browser.py. This tool writes the
pictures a person looks at, among them the screenshot in docs/rendering.md:

    python tools/check_render_in_browser.py --out docs            # docs/rendering-el.png
    python tools/check_render_in_browser.py --out /tmp/pages --pdf

It uses the same offline browser session as the tests (tests/support/browser_session.py).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "data" / "valid" / "request-response-two-convictions.xml"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder for rendering-<lang>.png (and .pdf)")
    parser.add_argument("--lang", action="append", help="reader's language (repeatable; default: el)")
    parser.add_argument("--pdf", action="store_true", help="also print each page to PDF")
    args = parser.parse_args()

    sys.path[:0] = [str(ROOT)]  # the checkout, for tests.support (run as a script, tools/ comes first)
    from tests.support.browser_session import chromium, print_to_pdf

    from ecrislib.rendering import render
    from ecrislib.xml.codec import parse

    message = parse(SAMPLE.read_bytes())
    args.out.mkdir(parents=True, exist_ok=True)
    with chromium() as driver, tempfile.TemporaryDirectory() as pages:
        driver.set_window_size(1000, 1250)
        for lang in args.lang or ["el"]:
            page = Path(pages) / f"record-{lang}.html"
            page.write_text(render(message, lang=lang, format="html"), encoding="utf-8")
            driver.get(page.resolve().as_uri())
            shot = args.out / f"rendering-{lang}.png"
            shot.write_bytes(driver.get_screenshot_as_png())
            print(f"wrote {shot} ({shot.stat().st_size} bytes)")
            if args.pdf:
                pdf = args.out / f"rendering-{lang}.pdf"
                pdf.write_bytes(print_to_pdf(driver))
                print(f"wrote {pdf} ({pdf.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
