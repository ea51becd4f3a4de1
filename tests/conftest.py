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
