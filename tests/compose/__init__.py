"""Tests of ecrislib.compose."""
