"""Helpers shared by the tests (kits, builders, worker scripts), imported as tests.support.<name>."""
