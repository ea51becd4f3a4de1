"""Check the rendered HTML in a real headless browser (Chromium): renders, no console errors, prints.

Not part of the test suite: it needs a browser installed (minutes in CI, absent on many
machines). Run by hand after changing ecrislib/rendering/html.py:

    python tools/check_render_in_browser.py [--out DIR] [--browser chromium]

For each sample language it renders a golden reply to HTML, loads it with --dump-dom (the DOM
must come back with the record in it), takes a screenshot and prints to PDF, and fails if an
output is missing or empty, or if the browser logged a console message or a JavaScript error.
Everything runs offline (file:// URLs, networking features disabled).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = {
    "request-response-two-convictions.xml": ("en", "el", "ro", "fi"),
    "request-push.xml": ("de",),
}
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-extensions", "--enable-logging=stderr", "--v=0",
]  # fmt: skip
# Messages of the browser itself that say nothing about our page (no D-Bus in a container...).
NOISE = ("dbus", "Fontconfig", "sandbox", "GPU", "gpu", "viz", "ALSA", "crashpad", "Skia", "angle")


def run(browser: str, profile: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([browser, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, text=True, timeout=120)


def problems_in_log(stderr: str) -> list[str]:
    found = []
    for line in stderr.splitlines():
        if "CONSOLE" in line or "Uncaught" in line or "Refused to" in line:
            found.append(line)
        elif ":ERROR:" in line and not any(word in line for word in NOISE):
            found.append(line)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(tempfile.mkdtemp(prefix="ecrislib-render-")))
    parser.add_argument("--browser", default=shutil.which("chromium") or shutil.which("chromium-browser") or "chromium")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from ecrislib.rendering import render
    from ecrislib.xml.codec import parse

    version = subprocess.run([args.browser, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"browser: {version}; output: {args.out}")
    args.out.mkdir(parents=True, exist_ok=True)
    failures = 0
    for sample, languages in SAMPLES.items():
        message = parse((ROOT / "tests" / "data" / "valid" / sample).read_bytes())
        for lang in languages:
            stem = f"{Path(sample).stem}.{lang}"
            page = args.out / f"{stem}.html"
            page.write_text(render(message, lang=lang, format="html"), encoding="utf-8")
            url = page.resolve().as_uri()
            with tempfile.TemporaryDirectory() as profile:
                dom = run(args.browser, profile, "--dump-dom", url)
            with tempfile.TemporaryDirectory() as profile:
                shot = run(args.browser, profile, f"--screenshot={args.out / (stem + '.png')}", "--window-size=1200,1600", url)
            with tempfile.TemporaryDirectory() as profile:
                pdf = run(args.browser, profile, f"--print-to-pdf={args.out / (stem + '.pdf')}", "--no-pdf-header-footer", url)
            issues = []
            if str(message.message_id) not in dom.stdout:
                issues.append("the DOM does not contain the record")
            for result in (dom, shot, pdf):
                issues.extend(problems_in_log(result.stderr))
            for suffix in (".png", ".pdf"):
                output = args.out / (stem + suffix)
                if not output.exists() or output.stat().st_size == 0:
                    issues.append(f"{output.name} missing or empty")
            pdf_head = (args.out / (stem + ".pdf")).read_bytes()[:5] if (args.out / (stem + ".pdf")).exists() else b""
            if pdf_head != b"%PDF-":
                issues.append("the PDF is not a PDF")
            status = "ok" if not issues else "FAILED"
            sizes = ", ".join(
                f"{suffix[1:]} {(args.out / (stem + suffix)).stat().st_size} bytes"
                for suffix in (".html", ".png", ".pdf")
                if (args.out / (stem + suffix)).exists()
            )
            print(f"{stem}: {status} ({sizes})")
            for issue in issues:
                print(f"    {issue}")
            failures += bool(issues)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
