"""Shared test configuration: hypothesis profiles."""

from __future__ import annotations

import os
from hypothesis import HealthCheck, settings

# The default profile keeps the whole suite well within CI's time; ECRISLIB_HYPOTHESIS=thorough
# runs many more examples locally.
settings.register_profile("default", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("thorough", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("ECRISLIB_HYPOTHESIS", "default"))
