"""Tests of ecrislib.rendering."""
