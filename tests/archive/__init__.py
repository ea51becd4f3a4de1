"""Tests of ecrislib.archive."""
