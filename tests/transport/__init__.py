"""Tests of ecrislib.transport."""
