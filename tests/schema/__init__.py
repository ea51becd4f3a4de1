"""Tests of the XSD set itself (schemas/, shipped as ecrislib._schemas)."""
