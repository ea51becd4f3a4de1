"""Tests of ecrislib.codes."""
