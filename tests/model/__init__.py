"""Tests of ecrislib.model."""
