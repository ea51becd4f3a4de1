"""The test suite: one folder per ecrislib subpackage, helpers in tests.support (docs/architecture.md)."""
