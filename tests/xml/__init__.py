"""Tests of ecrislib.xml."""
