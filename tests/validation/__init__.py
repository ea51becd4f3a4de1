"""Tests of ecrislib.validation."""
