"""Shared test configuration: hypothesis profiles.

Property tests state each property once; how many examples they try is the profile's business.
The default profile keeps the whole suite within a few minutes on a 2-core machine; with
``ECRISLIB_SLOW=1`` the same properties run with many more examples (the "slow" profile). A
test whose examples are much larger than most (whole generated messages through several
layers) asks for a fraction of the profile's count, ``settings().max_examples // n``, so that it
grows with the profile too.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large]}
settings.register_profile("default", max_examples=25, **_COMMON)
settings.register_profile("slow", max_examples=1000, **_COMMON)
settings.load_profile("slow" if os.environ.get("ECRISLIB_SLOW") == "1" else "default")


# --------------------------------------------------------------------------------------------
# Headless Chromium (Debian's chromium and chromium-driver) for the browser checks
# --------------------------------------------------------------------------------------------

import shutil  # noqa: E402

import pytest  # noqa: E402

CHROMIUM_INSTALL = "apt-get install -y chromium chromium-driver"


@pytest.fixture(scope="session")
def chromium_programs() -> tuple[str, str]:
    """The Chromium and chromedriver programs. ``.ci/run`` installs them and sets
    ``ECRISLIB_REQUIRE_BROWSER=1``, so in CI a missing browser fails the browser checks; on a
    machine without them (the README's test command on a fresh machine) those checks are
    skipped with the install line as the reason, and every other test still runs."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None)
    if browser is None or driver is None:
        message = f"Chromium or chromedriver is not installed: {CHROMIUM_INSTALL}"
        if os.environ.get("ECRISLIB_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return browser, driver
