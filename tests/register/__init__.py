"""Tests of ecrislib.register."""
